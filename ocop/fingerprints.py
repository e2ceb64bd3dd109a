"""What each output file reads, as one digest: the basis of incremental builds.

A page's fingerprint covers everything its template can show:
  * the engine (this package's source and the versions of the libraries that make HTML),
    the site settings, the build date, and the small catalog-wide tables that templates
    read directly (provinces, plans, plain pages, groups, the menu);
  * its template and every template that one extends, includes or imports;
  * its route (address, title, flags) and its context: each product in it by a digest of
    the product (with its decisions) and of its pictures, everything else by value;
  * an open data file (written from the whole catalog): what its dataset's rows read
    (opendata.READS_*): every product without its description (DATA_BLIND_FIELDS); or the
    decisions with each product's slug, name and recognitions; or plan progress; or which
    province recognised each product.
Two builds that give a page the same fingerprint write the same bytes, so the write stage
leaves that file alone. A missing dependency would show as a stale page: tests/
test_incremental.py compares incremental builds with full builds of random edits.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from .model import Catalog, Product
from .opendata import READS_PLAN_PROGRESS, READS_PRODUCT_PROVINCES, READS_PRODUCTS, READS_RECOGNITIONS
from .reuse import Reuse
from .routes import Route

ENGINE_DIR = Path(__file__).resolve().parent
# a product's fields the open data files never read (opendata.py): a description edited leaves them alone
DATA_BLIND_FIELDS = ("body", "body_line")
_DATA_FIELDS = tuple(f.name for f in dataclasses.fields(Product) if f.name not in DATA_BLIND_FIELDS)
# the libraries whose version changes the bytes of a page
PAGE_LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3")


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """This package's source and the page libraries' versions: a code change re-renders everything."""
    sources = [f.read_bytes() for f in sorted(ENGINE_DIR.glob("*.py"))]
    versions = [f"{name}={importlib.metadata.version(name)}" for name in PAGE_LIBRARIES]
    return _digest(*sources, *versions)


# {% extends "x" %}, {% include 'x' %}, {% import "x" as y %}, {% from "x" import y %}; a name given by an
# expression ({% include name %}) is found by the second pattern and makes the template depend on all
_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+(["'])(.+?)\1""")
_ANY_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+([^\s"'%]+)""")


def template_digests(templates_dir: Path) -> dict[str, str]:
    """{template name: digest of it and of every template it extends, includes or imports}.

    A template that names another by an expression depends on all of them.
    """
    names = sorted(path.relative_to(templates_dir).as_posix() for path in templates_dir.rglob("*") if path.is_file())
    sources = {name: (templates_dir / name).read_text(encoding="utf-8") for name in names}
    direct: dict[str, set[str]] = {}
    for name, source in sources.items():
        if _ANY_REFERENCE.search(source):
            direct[name] = set(names)
        else:
            direct[name] = {match.group(2) for match in _REFERENCE.finditer(source) if match.group(2) in sources}
    digests = {}
    for name in names:
        closure, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in closure:
                closure.add(current)
                todo.extend(direct.get(current, ()))
        digests[name] = _digest(*(f"{n}\n{sources[n]}" for n in sorted(closure)))
    return digests


def _frozen(value) -> bool:
    """A frozen dataclass instance (its fields cannot be assigned)."""
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen


def _product_digests(product: Product, pictures: str) -> tuple[str, str, str]:
    """(everything a page can show of the product, what the product data files read of it, what the
    decision data files read of it)."""
    data = _digest("Product", repr(tuple(getattr(product, name) for name in _DATA_FIELDS)))
    recognitions = _digest("Recognitions", repr((product.slug, product.name, product.history)))
    return _digest(data, product.body, str(product.body_line), pictures), data, recognitions


def _same_pictures(last: dict, now: dict) -> bool:
    """Whether every product of the last build that is still in the catalog has the very same pictures."""
    return all(now.get(slug, media) is media for slug, media in last.items())


class Fingerprinter:
    """Digests of routes, with each product's digest computed once per build."""

    def __init__(self, catalog: Catalog, media: dict, templates_dir: Path, reuse: Reuse | None = None):
        self.media = media
        # a product's digests from the last build in this process (serve), while it is the very same object
        # with the same pictures: its repr is most of a fingerprint's cost
        self.reuse = reuse or Reuse(keep=False)
        self.made: dict[int, tuple[str, str, str]] = {}  # id(product) -> its digests, in this build
        self.templates = template_digests(templates_dir)
        # id(object) -> (object, digest), for the products and the tuples and objects that hold them:
        # listings, province pages and plan progress share them. The object is kept with its digest,
        # so its id cannot be reused by another object while the fingerprints are made.
        self.seen: dict[int, tuple[object, str]] = {}
        self.seen_data: dict[int, tuple[object, str]] = {}  # the same, of what the data files read
        # a product's digest covers its pictures, which are not part of it: a token that is the very same object
        # while every product of the last build has the very same pictures, an input of whatever is recognised by
        # identity below. A product new in this build does not change it: nothing recognised by identity shows it
        # (a product added at 20,000 products fingerprinted all 22,000 routes again, ~0.7 s)
        self.pictures = self.reuse.again(("pictures",), (media,), object,
                                         lambda last, token: token if _same_pictures(last[0], media) else None)
        menu = [p for p in catalog.pages if p.menu is not None]
        self.common = _digest(engine_digest(), repr(catalog.site), catalog.build_date.isoformat(),
                              repr(tuple(catalog.provinces.values())), repr(catalog.plans), repr(catalog.pages),
                              repr(catalog.groups), repr(menu))

    def product(self, product: Product) -> str:
        """A digest of everything a page can show of the product: its fields and its pictures."""
        return self._product_digests(product)[0]

    def product_data(self, product: Product) -> str:
        """A digest of what the open data files read of the product (all but DATA_BLIND_FIELDS)."""
        return self._product_digests(product)[1]

    def product_recognitions(self, product: Product) -> str:
        """A digest of what the decision data files read of the product: its slug, name and recognitions."""
        return self._product_digests(product)[2]

    def _product_digests(self, product: Product) -> tuple[str, str, str]:
        known = self.made.get(id(product))
        if known is None:
            media = self.media.get(product.slug)
            known = self.reuse.get(("product", product.slug), (product, media),
                                   lambda: _product_digests(product, repr(media)))
            self.made[id(product)] = known  # the product lives in the catalog until the end of the build
        return known

    def value(self, value, data: bool = False) -> str:
        """A digest of a context value; products by their own digest (a listing holds 48 of them).
        data: of what the open data files read (products by product_data)."""
        if isinstance(value, Product):
            return self.product_data(value) if data else self.product(value)
        if isinstance(value, (str, int, float, bool)) or value is None:
            return repr(value)
        seen = self.seen_data if data else self.seen
        known = seen.get(id(value))
        if known is not None:
            return known[1]
        if type(value) is tuple and len(value) > 1 or _frozen(value):
            # a tuple or a frozen dataclass is made once and never changed: while it is the very same object
            # as last build (a listing page's products, a province's dashboard), so is its digest
            digest = self.reuse.get(("object", id(value), data), (value,) if data else (value, self.pictures),
                                    lambda: self._made(value, data))
        else:
            digest = self._made(value, data)
        seen[id(value)] = (value, digest)
        return digest

    def _made(self, value, data: bool) -> str:
        if isinstance(value, (list, tuple)):
            digest = _digest(type(value).__name__, *(self.value(v, data) for v in value))
        elif isinstance(value, dict):
            digest = _digest("dict", *(f"{k!r}={self.value(v, data)}" for k, v in value.items()))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest = _digest(type(value).__name__,
                             *(self.value(getattr(value, f.name), data) for f in dataclasses.fields(value)))
        else:
            digest = repr(value)
        return digest

    def route(self, route: Route, data_digests: dict[str, str]) -> str:
        if route.body is None:
            # the very same Route as last build (a product's: routes.build_routes) is made once and never changed,
            # like a tuple (value): under the same engine, settings, template and pictures, so is its fingerprint
            template = self.templates.get(route.template, "")
            return self.reuse.get(("route", route.output, self.common, template), (route, self.pictures),
                                  lambda: self._route(route, data_digests))
        return self._route(route, data_digests)

    def _route(self, route: Route, data_digests: dict[str, str]) -> str:
        body = route.body
        if callable(body):
            body = data_digests[route.context["reads"]]  # a data file written from the whole catalog
        return _digest(self.common, self.templates.get(route.template, ""), route.kind, route.url, route.title,
                       str(route.searchable), str(route.in_sitemap), self.value(route.context),
                       body if isinstance(body, str) else "")


def route_fingerprints(catalog: Catalog, routes: list[Route], media: dict, templates_dir: Path,
                       progress: dict, reuse: Reuse | None = None) -> dict[str, str]:
    """{output file: fingerprint} of every route. reuse: what the last build in this process made (serve)."""
    prints = Fingerprinter(catalog, media, templates_dir, reuse)
    data_digests = data_file_digests(prints, catalog, progress)
    result = {route.output: prints.route(route, data_digests) for route in routes}
    prints.reuse.next_build()
    return result


def data_file_digests(prints: Fingerprinter, catalog: Catalog, progress: dict,
                      only: Collection[str] | None = None) -> dict[str, str]:
    """{what a dataset reads (opendata.READS_*): its digest}; each last build's while what it is made from is
    the very same objects (serve). only: these READS_* alone."""
    products = tuple(catalog.products.values())
    makers = {
        READS_PRODUCTS: lambda: prints.reuse.get(("data", READS_PRODUCTS), products,
                                                 lambda: _digest(*map(prints.product_data, products))),
        READS_RECOGNITIONS: lambda: prints.reuse.get(
            ("data", READS_RECOGNITIONS), (*products, *catalog.decisions),
            lambda: _digest(*map(prints.product_recognitions, products), repr(catalog.decisions))),
        READS_PLAN_PROGRESS: lambda: prints.reuse.get(("data", READS_PLAN_PROGRESS, tuple(progress)),
                                                      tuple(progress.values()),
                                                      lambda: prints.value(progress, data=True)),
        READS_PRODUCT_PROVINCES: lambda: prints.reuse.get(("data", READS_PRODUCT_PROVINCES), products,
                                                          lambda: _digest(repr([p.province for p in products]))),
    }
    return {reads: make() for reads, make in makers.items() if only is None or reads in only}
