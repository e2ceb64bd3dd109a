"""Product photos: one photo file -> WebP + JPEG derivatives at a few widths, safely.

Each photo beside a product's `index.md` becomes derivatives at a few widths (never wider
than the original), auto-oriented by EXIF, converted to sRGB with its embedded ICC
profile, with every byte of metadata dropped (EXIF, GPS, XMP, ICC). A derivative is named
after the source's hash, its width and format (`3f2a9c0d1e4b5a67-640.webp`), so the name
changes exactly when the photo does. A bad or hostile file never raises: it becomes an
editor's message (PhotoResult.error).
"""
from __future__ import annotations

import hashlib
import io
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .files import write_atomic

# ---------------------------------------------------------------- settings

PHOTO_VERSION = "photo-2"  # part of every photo's cache key: change it when the processing changes
WIDTHS = (320, 640, 1024, 1600)  # derivative widths; the largest is also the cap
MAX_PIXELS = 100_000_000  # larger photos are refused (a 40-megapixel photo is fine)
MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are refused before any decoding
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # what Pillow may try; anything else is "not a photo"
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 80, "method": 2}  # method 2: half the time of 4 for ~5 % more bytes (docs/images.md)
BACKGROUND = (255, 255, 255)  # transparent parts of a photo are shown on white


# ---------------------------------------------------------------- photos: one file

@dataclass(frozen=True)
class PhotoJob:
    source: Path
    shown: str  # path for messages: content/products/<province>/<slug>/<file>
    key: str  # content hash (with PHOTO_VERSION)
    cache: Path  # folder of derivatives and manifests


@dataclass(frozen=True)
class PhotoResult:
    key: str
    shown: str
    manifest: dict | None  # {"width", "height", "files": [[name, width, height, fmt], ...]}
    error: str | None
    opened: int


def photo_key(data: bytes) -> str:
    return hashlib.sha256(PHOTO_VERSION.encode() + b"\0" + data).hexdigest()[:16]


def derivative_widths(width: int) -> list[int]:
    """The widths to make for a photo `width` px wide: never upscaled, the largest capped."""
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert with the embedded ICC profile to sRGB; without one (or a broken one) assume sRGB."""
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            return ImageCms.profileToProfile(im, source, _srgb(), outputMode=out_mode,
                                             renderingIntent=ImageCms.Intent.PERCEPTUAL)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # unusable profile: fall through to a plain conversion
    return im


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Any Pillow mode -> RGB, RGBA, CMYK or L, keeping tones (16-bit scaled, palettes expanded)."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale: scale 0..65535 to 0..255 (a plain convert would clip to white)
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode == "F":
        return im.convert("L")
    if im.mode in ("P", "PA", "LA", "La", "RGBa", "1"):
        if im.mode == "1":
            return im.convert("L")
        return im.convert("RGBA")
    if im.mode in ("RGB", "RGBA", "CMYK", "L"):
        if im.mode == "RGB" and "transparency" in im.info:
            return im.convert("RGBA")
        if im.mode == "L" and "transparency" in im.info:
            return im.convert("RGBA")
        return im
    return im.convert("RGB")  # YCbCr, LAB, HSV, ...


def _flatten(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA":
        background = Image.new("RGB", im.size, BACKGROUND)
        background.paste(im, mask=im.getchannel("A"))
        return background
    return im.convert("RGB")


def _open_photo(path: Path) -> Image.Image:
    """Image.open with our limits; the caller counts the call."""
    with warnings.catch_warnings():
        # we check the pixel count ourselves (MAX_PIXELS), with a message an editor can act on
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(path, formats=ALLOWED_FORMATS)


def process_photo(job: PhotoJob) -> PhotoResult:
    """Make the derivatives of one photo in job.cache; never raises for a bad file."""
    opened = 0
    try:
        size = job.source.stat().st_size
        if size > MAX_FILE_BYTES:
            return PhotoResult(job.key, job.shown, None, (
                f"tệp ảnh nặng {size / 1024 / 1024:.0f} MB, quá mức {MAX_FILE_BYTES // 1024 // 1024} MB trang web "
                "nhận; xuất lại ảnh dạng JPEG, rộng nhiều nhất 4000 điểm ảnh (px)"), 0)
        opened = 1
        with _open_photo(job.source) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                return PhotoResult(job.key, job.shown, None, _too_many_pixels(width, height), opened)
            if im.format == "JPEG":
                # decode at 1/2, 1/4 or 1/8 scale when that still covers the largest derivative's
                # width (the stored height when EXIF turns the photo by 90°): a 40-megapixel JPEG
                # then costs a fraction of the memory and time
                turned = im.getexif().get(0x0112) in (5, 6, 7, 8)
                im.draft(None, (1, WIDTHS[-1]) if turned else (WIDTHS[-1], 1))
            im.load()
            decoded = im.size
            icc = im.info.get("icc_profile")
            oriented = ImageOps.exif_transpose(im)
            if oriented.size != im.size and (oriented.size[1], oriented.size[0]) == im.size:
                width, height = height, width  # rotated by EXIF: the original's shape turned
            picture = _flatten(_to_srgb(_normalise_mode(oriented), icc))
        picture.info = {}  # drop EXIF, GPS, XMP, ICC, comments: nothing of the source is written
        files = []
        scaled = picture
        for target in reversed(derivative_widths(width)):  # largest first, each from the one before
            h = max(1, round(height * target / width))
            if scaled.size != (target, h):
                scaled = scaled.resize((target, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            scaled.info = {}
            for fmt, ext, options in (("WEBP", "webp", WEBP_OPTIONS), ("JPEG", "jpg", JPEG_OPTIONS)):
                name = f"{job.key}-{target}.{ext}"
                write_atomic(job.cache / name, _encode(scaled, fmt, options))
                files.append([name, target, h, ext])
        files.sort(key=lambda f: (f[1], f[3]))  # narrowest first
        manifest = {"width": width, "height": height, "decoded": list(decoded), "files": files}
        write_atomic(job.cache / f"{job.key}.json", json.dumps(manifest).encode())
        return PhotoResult(job.key, job.shown, manifest, None, opened)
    except Image.DecompressionBombError as exc:
        return PhotoResult(job.key, job.shown, None, f"{_bomb_text(exc)}", opened)
    except UnidentifiedImageError:
        return PhotoResult(job.key, job.shown, None, (
            "không phải là ảnh trang web đọc được (cần JPEG, PNG, WebP hoặc GIF; không nhận HEIC, RAW, PDF); "
            "xuất lại ảnh dạng JPEG rồi thay tệp này"), opened)
    except (OSError, SyntaxError, ValueError, MemoryError, Image.DecompressionBombWarning) as exc:
        text = str(exc)
        if "truncated" in text or "broken" in text or "premature" in text.lower():
            reason = "bị hỏng hoặc chưa chép hết (tệp dừng quá sớm)"
        else:
            reason = f"không đọc được (mã lỗi: {type(exc).__name__})"
        return PhotoResult(job.key, job.shown, None,
                           f"ảnh {reason}; chép hoặc xuất lại ảnh rồi thay tệp này", opened)


def _too_many_pixels(width: int, height: int) -> str:
    return (f"ảnh có {width}×{height} điểm ảnh ({width * height / 1e6:.0f} triệu điểm ảnh), quá mức "
            f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh trang web nhận (có thể là tệp cố ý gây quá tải); "
            "thu nhỏ ảnh, rộng nhiều nhất 4000 điểm ảnh (px)")


def _bomb_text(exc: Exception) -> str:
    return ("ảnh có quá nhiều điểm ảnh để mở an toàn (có thể là tệp cố ý gây quá tải); "
            "thu nhỏ ảnh, rộng nhiều nhất 4000 điểm ảnh (px)")


def _encode(im: Image.Image, fmt: str, options: dict) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()
