"""Stage 6 — write: build into a staging folder, then swap it into site/ in one step.

A failing build never touches the published folder: staging is thrown away instead.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staged(site_dir: Path) -> Iterator[Path]:
    """A fresh staging folder for the build; swapped into site_dir when the block succeeds, else thrown away."""
    staging = new_staging(site_dir)
    try:
        yield staging
    except BaseException:
        discard(staging)
        raise
    swap_into_place(staging, site_dir)


def new_staging(site_dir: Path) -> Path:
    staging = site_dir.parent / f".{site_dir.name}-staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def copy_assets(assets_dir: Path, staging: Path) -> None:
    if assets_dir.is_dir():
        shutil.copytree(assets_dir, staging / "assets", dirs_exist_ok=True)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames (no moment without a complete site)."""
    old = site_dir.parent / f".{site_dir.name}-old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
