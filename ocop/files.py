"""Two small file helpers every stage needs: how a path is shown to an editor, and atomic writes."""
from __future__ import annotations

import os
from pathlib import Path


def shown_path(path: Path, project_dir: Path) -> str:
    """A path as messages show it: relative to the project (content/products/x.md) when it is inside."""
    try:  # absolute, but links not followed: a linked file is shown where the editor sees it
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(project_dir)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write the whole file or nothing: a reader (a parallel worker, git, an editor) never sees half of it.

    The temporary file is hidden (a leading dot) and named by the process, beside the target.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)
