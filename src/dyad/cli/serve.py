"""The `serve` subcommand: the HTTP API and web UI on a store."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(db: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve `db` until interrupted. Binds the loopback interface unless told otherwise."""
    import uvicorn

    from ..api import create_app
    from ..api import vendor

    if not Path(db).is_file():
        raise FileNotFoundError(f"no database at {db} (run `dyad ingest` or `dyad demo` first)")
    app = create_app(db)
    missing = vendor.missing(app.state.node_modules)
    if missing:
        print(f"note: front-end libraries missing ({', '.join(missing)}): run `{vendor.INSTALL}` in the "
              "repository for charts, timeline, network and map")
    shown = f"[{host}]" if ":" in host else host
    print(f"dyad UI on {db}: http://{shown}:{port}/  (API under /api/, spec at /openapi.json; Ctrl-C stops)",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def cmd_serve(args) -> int:
    return serve(args.db or Settings.from_env().db, args.host, args.port)


def register(sub) -> None:
    """Add this module's subcommands to the `dyad` parser."""
    sp = sub.add_parser("serve", help="serve the web UI and the JSON API on a store",
                        description="Serve the analyst web UI and the JSON API (under /api/, OpenAPI spec at "
                                    "/openapi.json) on a store. Binds 127.0.0.1 unless --host says otherwise.")
    sp.add_argument("--db", default=None, help="DuckDB file (default: $DYAD_DB or ./dyad.duckdb)")
    sp.add_argument("--host", default=DEFAULT_HOST, help=f"interface to bind (default {DEFAULT_HOST})")
    sp.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})")
    sp.set_defaults(func=cmd_serve)


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < n < 65536:
        raise argparse.ArgumentTypeError(f"port out of range 1-65535: {n}")
    return n
