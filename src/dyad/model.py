"""The dataclasses passed between stages: ingest → annotate → actors → events → fuse → store.

Every fact carries its provenance: the document, the sentence's character span and, for
mentions, the character span of the words themselves.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field


def slug(text: str) -> str:
    """Lower-case ASCII slug: 'Abdul Ghani Baradar' -> 'abdul_ghani_baradar'."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['\u2019`]", "", s)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "x"


def stable_id(*parts: object, n: int = 16) -> str:
    """Deterministic short id from its parts (same input, same id, on every machine)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:n]


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None          # YYYY-MM-DD, YYYY-MM or YYYY
    published_basis: str | None = None    # "stated" or "inferred: why"
    source_path: str | None = None
    content_hash: str = ""

    @property
    def published_precision(self) -> str | None:
        if not self.published:
            return None
        return {4: "year", 7: "month", 10: "day"}.get(len(self.published))


@dataclass
class Skip:
    """An input that was not ingested, and why."""
    where: str
    reason: str


@dataclass
class Role:
    org: str | None                 # actor id of the organisation or country
    title: str
    sector: str | None = None
    start: str | None = None
    end: str | None = None
    doc_id: str | None = None       # where the text taught it (None: knowledge base)
    evidence: str | None = None

    def active_on(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        return (self.start is None or self.start[: len(date)] <= date) and (
            self.end is None or date <= self.end or self.end.startswith(date))


@dataclass
class Actor:
    id: str
    name: str
    kind: str                       # person | organization | country
    country: str | None = None      # ISO3
    sector: str | None = None       # CAMEO sector (GOV, MIL, INS, ...)
    org_type: str | None = None
    parent: str | None = None
    origin: str = "kb"              # kb | text
    aliases: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)

    def code(self, date: str | None = None, kb=None) -> str:
        """CAMEO-style actor code: country plus sector, from the role held on `date`."""
        country, sector = self.country, self.sector
        if self.kind == "person" and self.roles:
            ordered = sorted(self.roles, key=lambda r: r.start or "", reverse=True)
            # The role held on the date, else the latest one begun before it.
            role = next((r for r in ordered if r.active_on(date)), None) or next(
                (r for r in ordered if r.start and (not date or r.start[: len(date)] <= date)), None)
            if role is not None:
                sector = role.sector or sector
                if kb is not None and role.org in kb.actors and kb.actors[role.org].country:
                    country = kb.actors[role.org].country
        return f"{country or '---'}{sector or ''}"


@dataclass
class ActorMention:
    doc_id: str
    actor_id: str
    text: str
    start: int                      # character offsets in the document text
    end: int
    sent_start: int
    how: str = "kb"                 # kb | ner | chain | pronoun | title | metonym


@dataclass
class DateValue:
    value: str | None               # YYYY-MM-DD, YYYY-MM, YYYY or None
    precision: str | None           # day | month | year | None
    basis: str                      # explicit | relative | inherited | publication | unknown
    text: str = ""


@dataclass
class Place:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None      # ISO3
    geonameid: int | None = None


@dataclass
class EventMention:
    id: str
    doc_id: str
    source: str | None              # actor id
    target: str | None
    code: str                       # CAMEO code
    root: str
    goldstein: float
    quad_class: int
    plover: str
    date: DateValue
    place: Place | None
    evidence: str                   # the sentence
    sent_start: int
    sent_end: int
    trigger: str
    trigger_start: int
    confidence: float
    source_code: str | None = None
    target_code: str | None = None
    attribution: str | None = None  # "according to X", or the reporting speaker
    cluster: str | None = None
