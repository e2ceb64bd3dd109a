"""Stage 4 — page data: the Content-Security-Policy of the site, and the host file that sends it.

No page runs inline script or carries a `style=` attribute, so the policy allows scripts and
styles from the site's own files only. Only the search page runs JavaScript that needs more:
Pagefind compiles its WebAssembly ('wasm-unsafe-eval') and starts a worker from its own
folder (`worker-src 'self'`, covered by `default-src 'self'`).

Each page carries its policy as `<meta http-equiv="Content-Security-Policy">` (templates/base.html),
so it holds on any host. The <meta> also names `file:`: a page opened from the disk is its own
opaque origin, which `'self'` may not match (browsers differ), and its stylesheet and scripts
are files next to it; a page served over HTTP can never load a `file:` URL, so this allows
nothing there. Hosts that read a headers file also send the policy as a header
(`/_headers`, Netlify and Cloudflare Pages; the nginx block in docs/publishing.md): one policy
for every path, the search page's, plus what a <meta> cannot say (`frame-ancestors`). A
browser enforces both the header and the page's <meta>, so each page still gets the
stricter of the two.
"""
from __future__ import annotations

from . import urls

_BASE = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
)


_LOCAL = ("default-src", "script-src", "style-src", "img-src", "form-action")  # what a page opened from the disk uses


def _policy(extra: dict[str, str], local: bool) -> str:
    parts = []
    for name, value in _BASE:
        if local and name in _LOCAL:
            value = f"{value} file:"
        if name in extra:
            value = f"{value} {extra[name]}"
        parts.append(f"{name} {value}")
    parts += [f"{name} {value}" for name, value in extra.items() if name not in dict(_BASE)]
    return "; ".join(parts)


PAGE_POLICY = _policy({}, local=True)  # every page but search: no JavaScript beyond the site's own files
SEARCH_POLICY = _policy({"script-src": "'wasm-unsafe-eval'"}, local=True)  # Pagefind's WebAssembly
HOST_POLICY = _policy({"script-src": "'wasm-unsafe-eval'", "frame-ancestors": "'self'"}, local=False)

# Sent with every response by hosts that read `_headers` (and by the documented nginx block).
HOST_HEADERS = (
    ("Content-Security-Policy", HOST_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


def page_policy(url: str) -> str:
    """The policy a page carries in its <meta>."""
    return SEARCH_POLICY if url == urls.SEARCH else PAGE_POLICY


def netlify_headers() -> str:
    """The `_headers` file of Netlify and Cloudflare Pages: the same headers for every path."""
    lines = ["# Response headers for Netlify and Cloudflare Pages, written by the build (ocop/headers.py).",
             "# nginx: the same headers are in the server block of docs/publishing.md.",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in HOST_HEADERS]
    return "\n".join(lines) + "\n"
