"""Stage 7 — index: Pagefind over the staged site (its CLI, not one page at a time)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def pagefind_command() -> list[str]:
    return [sys.executable, "-m", "pagefind"]


def index_site(site_dir: Path) -> None:
    result = subprocess.run(pagefind_command() + ["--site", str(site_dir), "--silent"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
