"""Front-end libraries from npm (``npm ci --prefix web``), served under /vendor/ from
``web/node_modules``; never copied into the repository. Only the files listed here are served."""
from __future__ import annotations

import os
from pathlib import Path

INSTALL = "npm ci --prefix web"

# URL under /vendor/ -> path inside node_modules
FILES: dict[str, str] = {
    "d3/d3.min.js": "d3/dist/d3.min.js",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
}


def candidates() -> list[Path]:
    """Where to look: $DYAD_WEB_MODULES alone when set, else the repository's web/node_modules
    (src layout, editable install) and ./web/node_modules."""
    if os.environ.get("DYAD_WEB_MODULES"):
        return [Path(os.environ["DYAD_WEB_MODULES"])]
    return [Path(__file__).resolve().parents[3] / "web" / "node_modules", Path.cwd() / "web" / "node_modules"]


def find_node_modules() -> Path | None:
    """The first node_modules folder holding every vendored file, else the first that exists."""
    existing = [p for p in candidates() if p.is_dir()]
    for p in existing:
        if all((p / rel).is_file() for rel in FILES.values()):
            return p
    return existing[0] if existing else None


def missing(node_modules: Path | None) -> list[str]:
    """The npm packages whose files are absent."""
    return sorted({rel.split("/")[0] for rel in FILES.values()
                   if node_modules is None or not (node_modules / rel).is_file()})
