"""Typed build settings: where things are, the build date, how many processes."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


# products per search index shard (search_shards.py): a full-text shard ~3–5 s and ~0.3 GB to index on the
# 2-core machine; a names shard, made of small records, ~3–6 s
SEARCH_SHARD_PAGES = 2200
SEARCH_NAMES_SHARD_PAGES = 7000


def default_workers() -> int:
    """Processes for the images and render stages: one per core, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass(frozen=True)
class Config:
    content_dir: Path
    site_dir: Path
    build_date: dt.date
    templates_dir: Path = PROJECT_DIR / "templates"
    assets_dir: Path = PROJECT_DIR / "assets"
    cache_dir: Path | None = PROJECT_DIR / ".cache"
    workers: int = default_workers()
    search_index: bool = True  # run Pagefind over the built site
    search_shard_pages: int = SEARCH_SHARD_PAGES  # products per full-text search index shard
    search_names_shard_pages: int = SEARCH_NAMES_SHARD_PAGES  # products per names index shard
    release: bool = False  # a deploy: refuse the placeholder base_url and addresses missing from the ledger

    @property
    def project_dir(self) -> Path:
        return self.content_dir.parent

    @property
    def records_cache(self) -> Path | None:
        """Parsed records of this content folder (load.RecordCache), one file per content folder."""
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(str(self.content_dir.resolve()).encode()).hexdigest()[:16]
        return self.cache_dir / "records" / f"{key}.marshal"

    @staticmethod
    def for_project(project_dir: Path = PROJECT_DIR, build_date: dt.date | None = None, **overrides) -> "Config":
        return Config(content_dir=project_dir / "content", site_dir=project_dir / "site",
                      build_date=build_date or dt.date.today(), **overrides)
