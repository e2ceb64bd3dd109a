"""OCOP catalog & plans: a static site generator.

The build is a pipeline of plain stages, each its own module, data flowing one way; a
module imports only the stages before it. `ocop/build.py` runs them in this order:

    1 load       files -> raw records that remember file:line,       load.py
                 and the URL ledger (what has been published)
    2 validate   raw records -> every content error at once          validate.py (schema.py)
    3 model      raw records -> frozen dataclasses + derived facts   model.py
    4 page data  what pages show: dashboards, plan progress, feeds,  stats.py (charts.py), progress.py,
                 open data, redirects, sitemap dates                  feeds.py, opendata.py, redirects.py, sitemap.py
    5 routes     catalog + page data -> one table of every URL       routes.py; the ledger check: ledger.py
    6 images     photos, drawings (placeholders, share cards, QR),   images.py (photos.py, share_cards.py, qr.py)
                 placed into staging
    7 render     routes -> HTML/XML via Jinja, on every core         render.py (markdown_render.py, jsonld.py)
    8 write      staging folder, then swap into site/                write.py
    9 index      Pagefind over the staged site                       search_index.py

Under all of them: urls.py (the URL scheme, both ways), dates.py, slugs.py, files.py,
errors.py, config.py and parallel.py (images and render use every core: the build
process and its forked children share one queue of work). Above them: the command line
(`build.py`), `serve.py` (a saved description makes its own page alone, a saved producer, locality,
sources or places to buy the pages that show the product: body_edits.py, between write and build), and the tools that write records: `scaffold.py` (`new`) and
`importer.py` (`import`, reading annexes with annex.py), both through `records.py` (facts
checked with the validator's own checks, text from templates/records/).
"""
