"""Outlets: who published an article, what kind of source it is, and how reliable.

Read from ``data/outlets.yaml`` (editable; extra files in DYAD_OUTLETS_PATH folders named
``outlets*.yaml`` are merged). A document is matched by its URL's host, then by its
``outlet`` metadata against names and aliases; an outlet nobody listed is kept as it was
given in the metadata, typed ``unknown`` with reliability F (cannot be judged).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

from .config import DATA
from .kb import norm_key
from .model import slug

TYPES = {"wire", "state media", "newspaper", "broadcaster", "think tank", "advocacy", "opposition",
         "government", "blog", "aggregator", "unknown"}
GRADES = set("ABCDEF")
FIELDS = {"id", "name", "domains", "country", "type", "stance", "reliability", "aliases"}


class OutletError(ValueError):
    pass


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    type: str = "unknown"
    country: str | None = None
    reliability: str = "F"
    stance: str | None = None
    domains: tuple[str, ...] = ()
    known: bool = True


@dataclass
class Outlets:
    by_id: dict[str, Outlet] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def match(self, url: str | None, outlet: str | None) -> Outlet | None:
        """The outlet of a document from its URL and metadata; None when neither is given."""
        if url:
            host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
            host = re.sub(r"^www\d?\.", "", host)
            parts = host.split(".")
            for i in range(len(parts) - 1):
                oid = self.by_domain.get(".".join(parts[i:]))
                if oid:
                    return self.by_id[oid]
        if outlet:
            oid = self.by_name.get(norm_key(outlet))
            if oid:
                return self.by_id[oid]
            return Outlet(id=slug(outlet), name=outlet.strip(), known=False)
        if url:
            host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
            host = re.sub(r"^www\d?\.", "", host)
            if host:
                return Outlet(id=slug(host), name=host, domains=(host,), known=False)
        return None


def load(*paths: Path) -> Outlets:
    files = list(paths) or [DATA / "outlets.yaml", *_extra()]
    out = Outlets()
    for path in files:
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as e:
            raise OutletError(f"{path}: not valid YAML: {e}") from e
        for n, row in enumerate(rows, 1):
            where = f"{path}: entry {n} ({row.get('id', '?') if isinstance(row, dict) else '?'})"
            if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
                raise OutletError(f"{where}: needs an id and a name")
            unknown = set(row) - FIELDS
            if unknown:
                raise OutletError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
            if row.get("type", "unknown") not in TYPES:
                raise OutletError(f"{where}: unknown type {row.get('type')!r}")
            grade = str(row.get("reliability") or "F").upper()
            if grade not in GRADES:
                raise OutletError(f"{where}: reliability must be a grade A–F")
            if row["id"] in out.by_id:
                raise OutletError(f"{where}: duplicate id")
            o = Outlet(id=row["id"], name=row["name"], type=row.get("type", "unknown"),
                       country=row.get("country"), reliability=grade, stance=row.get("stance"),
                       domains=tuple(d.lower() for d in row.get("domains") or []))
            out.by_id[o.id] = o
            for d in o.domains:
                if d in out.by_domain and out.by_domain[d] != o.id:
                    raise OutletError(f"{where}: domain {d} already belongs to {out.by_domain[d]}")
                out.by_domain[d] = o.id
            for name in [o.name, *(row.get("aliases") or [])]:
                out.by_name.setdefault(norm_key(str(name)), o.id)
    return out


def _extra() -> list[Path]:
    raw = os.environ.get("DYAD_OUTLETS_PATH", "")
    return [p for d in raw.split(os.pathsep) if d.strip() for p in sorted(Path(d).glob("outlets*.yaml"))]


@lru_cache(maxsize=1)
def default() -> Outlets:
    return load()
