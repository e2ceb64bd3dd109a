"""OCOP catalog & plans: a static site generator.

The build is a pipeline of plain stages, each its own module, data flowing one way:

    load      files -> raw records that remember file:line        (load.py)
    validate  raw records -> every content error at once          (validate.py, schema.py)
    model     raw records -> frozen dataclasses + derived facts   (model.py, progress.py)
    routes    catalog -> one table of every URL                   (routes.py)
    images    photos, share cards, QR codes, cached by hash       (images.py, share_cards.py, qr.py)
    render    routes -> HTML via Jinja                            (render.py)
    write     staging folder, then swap into site/                (write.py)
    index     Pagefind over the staged site                       (search_index.py)

`ocop.build.build()` runs them in that order. Images and render use every core through
`parallel.py` (the build process and its forked children share one queue of work).
"""
