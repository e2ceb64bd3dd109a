"""Stage 5 — render: routes -> HTML/XML files, in parallel across cores.

Templates use StrictUndefined (a typo in a template fails the build instead of printing
nothing) and autoescape (editor text can never inject markup). Links between pages are
relative, so the site works from any folder of any host and from the file system.
"""
from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import headers, jsonld, parallel, stats, urls
from .markdown_render import MarkdownCache
from .model import Catalog
from .progress import target_amount
from .routes import Route
from .schema import GROUPS_148, REGIONS
from .slugs import fold


def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page at from_url to to_url, both site paths: '/tinh/a/' -> '/san-pham/b/' = '../../san-pham/b/'.

    Called for every link of every page, so it walks the path segments itself
    (posixpath.relpath was ~18 % of render time).
    """
    if "://" in to_url or to_url.startswith(("mailto:", "tel:", "#")):
        return to_url
    from_parts = from_url.split("/")[1:-1]  # the page's folder: '/tinh/a/' -> ['tinh', 'a']; '/404.html' -> []
    to_parts = [part for part in to_url.split("/") if part]
    common = 0
    limit = min(len(from_parts), len(to_parts))
    while common < limit and from_parts[common] == to_parts[common]:
        common += 1
    rest = "/".join(to_parts[common:])
    if rest and to_url.endswith("/"):
        rest += "/"
    return "../" * (len(from_parts) - common) + rest or "./"


PARALLEL_MIN_ROUTES = 200  # below this, starting processes costs more than it saves
# An incremental build renders a few pages while its process holds the whole catalog (in serve, the last build's
# too), and a forked child copies every page of that memory it touches: at 20,000 products a group move's 269
# pages peaked at 535 MB PSS in serve rendered on two cores, 476 MB in its build process alone, for 2.65 s against
# 2.74 s from save to reload (bench/README.md, 2026-12-04 evening)
INCREMENTAL_PARALLEL_MIN_ROUTES = 1000

_SITE_LINK = re.compile(r'(href|src)="(/[^"/][^"]*|/)"')


def number_vi(value) -> str:
    """18243 -> '18.243' (Vietnamese thousands separator)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def file_size_vi(size: int) -> str:
    """1234567 -> '1,2 MB'; 35000 -> '35 KB' (decimal units, as file managers on phones show them)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} KB"


@dataclass(frozen=True)
class RenderSettings:
    templates_dir: Path
    out_dir: Path
    cache_dir: Path | None  # the build's cache folder: Markdown HTML and compiled templates are kept there


def make_environment(templates_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the templates. Compiling them was ~0.4 s of every build: within one
    process (serve's build process, a test run) an environment is made once per state of the templates
    folder, and with a cache folder the compiled templates are also kept on disk for the next process."""
    stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                  for path in sorted(templates_dir.rglob("*")) if path.is_file())
    env = _environment(str(templates_dir), stamp)
    if cache_dir is not None and env.bytecode_cache is None:
        (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir / "jinja"))
    return env


class _Environment(jinja2.Environment):
    """Jinja's environment, with each template's globals one plain dict rather than a ChainMap over the
    environment's: every `{% import %}` compares the importing page's globals with the imported template's
    (Template._get_default_module), and through a ChainMap that was ~5 % of a product page's render. Every
    global is set before the first template is loaded (_environment), so a copy misses none."""

    def make_globals(self, d: dict | None) -> dict:
        return {**self.globals, **(d or {})}


@functools.lru_cache(maxsize=4)
def _environment(templates_dir: str, stamp: tuple) -> jinja2.Environment:
    """stamp: (file, mtime, size) of every template: a changed template makes a new environment."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        auto_reload=False,  # one build, one set of templates: no stat() per include
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vi_number"] = number_vi
    env.filters["file_size"] = file_size_vi
    env.filters["fold"] = fold
    env.globals.update(
        product_url=urls.product_url, province_url=urls.province_url, plan_url=urls.plan_url,
        group_url=urls.group_url, stars_url=urls.stars_url, page_url=urls.page_url,
        target_amount=target_amount, groups_148=GROUPS_148, regions=REGIONS,
        citation=jsonld.citation, json_ld=jsonld.json_ld,  # press metadata of product and plan pages
        csp=headers.page_policy, favicon=urls.FAVICON, data_url=urls.DATA, decision_fragment=urls.decision_fragment,
        search_weight=stats.search_weight, search_meta_weight=stats.search_meta_weight,  # docs/search.md
        urls=urls,  # the URL scheme (ocop/urls.py): templates spell no address themselves
    )
    return env


class PageRenderer:
    """Renders routes one by one; one per process."""

    def __init__(self, catalog: Catalog, media: dict, settings: RenderSettings):
        self.catalog = catalog
        self.media = media  # product slug -> images.ProductMedia
        self.settings = settings
        self.env = make_environment(settings.templates_dir, settings.cache_dir)
        self.markdown = MarkdownCache(settings.cache_dir / "markdown" if settings.cache_dir else None)
        self.menu = [p for p in catalog.pages if p.menu is not None]

    def markdown_html(self, text: str, page_url: str) -> Markup:
        html = self.markdown.render(text)
        html = _SITE_LINK.sub(lambda m: f'{m.group(1)}="{relative_url(page_url, m.group(2))}"', html)
        return Markup(html)

    def render(self, route: Route) -> str:
        page_url = route.url
        absolute = route.kind == "notfound"  # served at any depth by hosts: use root paths

        def url(target: str) -> str:
            return target if absolute else relative_url(page_url, target)

        def canonical(target: str | None = None) -> str:
            return self.catalog.site.base_url + (target or page_url)

        if callable(route.body):  # a data file that writes itself
            out = io.StringIO(newline="")
            route.body(out)
            return out.getvalue()
        if route.body is not None:  # pre-rendered text (_redirects): written as it is
            return route.body
        template = self.env.get_template(route.template)
        return template.render(
            site=self.catalog.site, catalog=self.catalog, build_date=self.catalog.build_date, route=route,
            url=url, canonical=canonical, menu=self.menu, media=self.media,
            markdown=lambda text: self.markdown_html(text, page_url),
            **route.context,
        )

    def write(self, route: Route) -> None:
        target = self.settings.out_dir / route.output
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(route.body):  # streamed into the file: never the whole text in memory
            with target.open("w", encoding="utf-8", newline="") as out:
                route.body(out)
            return
        target.write_text(self.render(route), encoding="utf-8")


def render_all(catalog: Catalog, all_routes: list[Route], media: dict, settings: RenderSettings, workers: int,
               incremental: bool = False) -> int:
    """Write every route under settings.out_dir; return the number of files written.

    Few routes render in this process (fewer than PARALLEL_MIN_ROUTES, or INCREMENTAL_PARALLEL_MIN_ROUTES for an
    incremental build); more on every core (ocop/parallel.py), the forked workers inheriting the catalog and
    compiled templates without pickling them.
    """
    renderer = PageRenderer(catalog, media, settings)
    parallel.map_in_processes(renderer.write, all_routes, workers,
                              min_items=INCREMENTAL_PARALLEL_MIN_ROUTES if incremental else PARALLEL_MIN_ROUTES)
    return len(all_routes)
