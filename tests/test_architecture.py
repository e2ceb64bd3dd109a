"""The shape of the engine, as README.md and ocop/__init__.py promise it, read from the code's own imports.

* The modules of `ocop/` import each other without a loop, and never from inside a function
  (a function-local import is how a loop gets hidden).
* Every stage imports only what comes before it in the pipeline: a table below lists the
  layers, lowest first; a module may import modules of its own layer or lower ones.
* One module spells the URL scheme: no other module writes a site path literal such as
  "/san-pham/" or "/tinh/".
"""
from __future__ import annotations

import ast
import re

from conftest import PROJECT_DIR

ENGINE = PROJECT_DIR / "ocop"

# The pipeline, lowest layer first (README.md "The build is a pipeline of plain stages").
LAYERS = [
    {"errors", "dates", "slugs", "files", "schema", "config", "parallel", "legacy_vietnamese", "urls", "headers", "reuse",
     "search_vocabulary"},
    {"load"},
    {"validate"},
    {"model"},
    {"charts", "stats", "progress", "feeds", "opendata", "redirects", "sitemap", "search_shards"},
    {"routes", "ledger", "release"},
    {"photos", "qr", "share_cards", "images"},
    {"markdown_render", "jsonld", "fingerprints", "render"},
    {"write", "search_index"},
    {"body_edits"},
    {"build"},
    {"annex", "records", "importer", "scaffold", "serve"},  # tools around the build
]
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}
SITE_PATHS = re.compile(r"^/(san-pham|tinh|ke-hoach|nhom|sao|tim-kiem|du-lieu|assets|pagefind)(/|$)")


def modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(ENGINE.glob("*.py"))
            if path.stem != "__init__"}


def engine_imports(tree: ast.Module) -> list[tuple[str, int, bool]]:
    """(module imported from ocop, line, inside a function) for every import of an engine module."""
    found = []
    functions = {id(node) for top in ast.walk(tree) if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for node in ast.walk(top) if node is not top}
    for node in ast.walk(tree):
        inside = id(node) in functions
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.append((node.module.split(".")[0], node.lineno, inside))
            else:
                found += [(alias.name, node.lineno, inside) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ocop"):
            found.append(((node.module or "").split(".")[1] if "." in (node.module or "") else "", node.lineno, inside))
    return found


def test_every_engine_module_has_its_place_in_the_pipeline():
    assert set(modules()) == set(LAYER_OF), "add the new module to LAYERS (and to README.md's stages)"


def test_no_import_loops_and_no_imports_inside_functions():
    graph = {name: {target for target, _, _ in engine_imports(tree)} for name, tree in modules().items()}
    hidden = [(name, line) for name, tree in modules().items() for _, line, inside in engine_imports(tree) if inside]
    assert hidden == [], "an engine import inside a function"
    visiting, done = set(), set()

    def visit(name: str, path: list[str]) -> None:
        assert name not in visiting, "import loop: " + " -> ".join(path + [name])
        if name in done:
            return
        visiting.add(name)
        for target in graph.get(name, ()):
            visit(target, path + [name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])


def test_each_module_imports_only_its_own_layer_or_lower_ones():
    upward = [(name, target) for name, tree in modules().items() for target, _, _ in engine_imports(tree)
              if target in LAYER_OF and LAYER_OF[target] > LAYER_OF[name]]
    assert upward == []


def test_only_urls_py_spells_site_paths():
    spelled = []
    for name, tree in modules().items():
        if name == "urls":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SITE_PATHS.match(node.value):
                spelled.append((name, node.lineno, node.value))
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) \
                    and isinstance(node.values[0].value, str) and SITE_PATHS.match(node.values[0].value):
                spelled.append((name, node.lineno, node.values[0].value))
    assert spelled == [], "spell site paths in ocop/urls.py and use them from there"


def test_templates_spell_no_site_address_either():
    """Templates link through `urls` (the module, a template global) and the *_url helpers."""
    literal = re.compile(r"""(?:url|canonical)\(\s*['"]/|['"]/(?:san-pham|tinh|ke-hoach|nhom|sao|tim-kiem|du-lieu|assets|pagefind)/""")
    found = [(path.relative_to(PROJECT_DIR).as_posix(), number, line.strip())
             for path in sorted((PROJECT_DIR / "templates").rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if literal.search(line)]
    assert found == []
