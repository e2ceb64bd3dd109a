"""`python build.py serve`: serve the built site on 127.0.0.1."""
from __future__ import annotations

import functools
import http.server

from .config import Config


def serve(config: Config, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(config.site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {config.site_dir} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
