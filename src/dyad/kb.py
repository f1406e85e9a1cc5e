"""The knowledge base: countries, organisations and persons read from YAML data files.

Files live in ``data/kb/``: ``countries*.yaml``, ``organizations*.yaml`` and ``persons*.yaml``
(several files per kind are allowed and merged). Everything is validated at load; an error
names the file and line. See docs/knowledge-base.md for the format.
"""
from __future__ import annotations

import csv
import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .config import DATA
from .model import Actor, Role

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ORG_TYPES = {"government", "government_body", "military", "security", "intelligence", "armed_group",
             "party", "igo", "media", "ngo", "religious", "business"}
SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PTY", "REB", "INS", "OPP", "IGO", "NGO", "MED",
           "REL", "BUS", "CVL", "REF", "UAF", "ELI", "LAB", "EDU", "HLH", "CRM", "SEP", "MOD", "RAD"}
FIELDS = {
    "country": ({"id", "name", "iso3"}, {"iso2", "aliases", "demonyms", "capital", "capital_aliases"}),
    "organization": ({"id", "name", "type"}, {"country", "sector", "aliases", "parent", "metonyms",
                                              "start", "end"}),
    "person": ({"id", "name"}, {"country", "aliases", "roles"}),
}
ROLE_FIELDS = {"org", "title", "sector", "start", "end"}


class KBError(ValueError):
    """A knowledge-base file is invalid; the message names the file and line."""


_POSSESSIVE = re.compile(r"['\u2018\u2019`]s\b")
_APOSTROPHE = re.compile(r"['\u2018\u2019`]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def norm_key(text: str) -> str:
    """Key for alias comparison: ASCII, lower case, no possessive, punctuation as spaces."""
    s = str(text).lower()
    # possessives before the ASCII folding, which would drop a typographic apostrophe ("Iran’s")
    if _APOSTROPHE.search(s):
        s = _APOSTROPHE.sub("", _POSSESSIVE.sub("", s))
    if not s.isascii():   # (ASCII text is its own NFKD form)
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return " ".join(_NOT_ALNUM.sub(" ", s).split())


@dataclass(frozen=True)
class KeyEnds:
    """A set of normalised keys (``norm_key``) with their first and last words, for ruling out
    n-grams without normalising them: a text whose key is in the set has its key's first word
    among ``first_words`` (and any prefix of it among ``first_prefixes``), its last word among
    ``last_words``, and the words before its last among ``leads``."""
    keys: frozenset[str]
    first_words: frozenset[str]
    first_prefixes: frozenset[str]
    last_words: frozenset[str]
    leads: frozenset[str]          # the first words of keys with more words ("supreme national")

    @classmethod
    def of(cls, keys) -> "KeyEnds":
        keys = frozenset(keys)
        first, last, leads = set(), set(), set()
        for k in keys:
            words = k.split(" ")
            first.add(words[0])
            last.add(words[-1])
            leads.update(" ".join(words[:m]) for m in range(1, len(words)))
        prefixes = {w[:n] for w in first for n in range(1, len(w) + 1)}
        return cls(keys, frozenset(first), frozenset(prefixes), frozenset(last), frozenset(leads))

    def __or__(self, other: "KeyEnds") -> "KeyEnds":
        return KeyEnds(self.keys | other.keys, self.first_words | other.first_words,
                       self.first_prefixes | other.first_prefixes, self.last_words | other.last_words,
                       self.leads | other.leads)


@dataclass
class Title:
    word: str
    kind: str           # honorific | title
    sector: str | None


@lru_cache(maxsize=1)
def offices() -> list[tuple[str, str]]:
    """(phrase, office) pairs, longest phrase first."""
    rows = []
    with (DATA / "lexicon" / "offices.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                phrase, office = line.rstrip("\n").split("\t")[:2]
                if phrase != "phrase":
                    rows.append((norm_key(phrase), office))
    return sorted(rows, key=lambda r: -len(r[0]))


def office_of(title: str) -> str | None:
    """The office a title names ("Acting Minister of Foreign Affairs" -> foreign_minister)."""
    key = f" {norm_key(title)} "
    for phrase, office in offices():
        if f" {phrase} " in key:
            before = key[:key.index(f" {phrase} ")].split()
            near = [w for w in before[-2:] if w != "the"]
            if near and near[-1] in ("to", "of", "for") and len(before) > 1:
                return None  # "Adviser to the Supreme Leader" serves the office, does not hold it
            if before and before[-1] in ("deputy", "vice", "assistant", "former", "first", "under"):
                if not phrase.startswith(("deputy", "vice", "first")):
                    return None  # a deputy foreign minister is not the foreign minister
            return office
    return None


@lru_cache(maxsize=1)
def titles() -> dict[str, Title]:
    out: dict[str, Title] = {}
    with (DATA / "lexicon" / "titles.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in fh if r.strip() and not r.startswith("#")]
    for r in csv.DictReader(rows, delimiter="\t"):
        out[r["word"].lower()] = Title(r["word"].lower(), r["kind"], None if r["sector"] == "-" else r["sector"])
    return out


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of each mapping as '__line__'."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings (validated by _date with their line), not datetime objects.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _date(value, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    s = str(value)
    if isinstance(value, int) and 1000 <= value <= 2999:
        return s
    ok = DATE_RE.match(s)
    if ok and len(s) >= 7:
        try:
            _dt.date(int(s[:4]), int(s[5:7]), int(s[8:10]) if len(s) == 10 else 1)
        except ValueError:
            ok = None
    if not ok:
        raise KBError(f"{where}: bad date {s!r} (want YYYY, YYYY-MM or YYYY-MM-DD)")
    return s


def _before(end: str, start: str) -> bool:
    """True when `end` is strictly before `start` at their common precision."""
    n = min(len(end), len(start))
    return end[:n] < start[:n]


@dataclass
class Metonym:
    actor_id: str
    start: str | None
    end: str | None

    def active_on(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        return (self.start is None or self.start[: len(date)] <= date) and (self.end is None or date < self.end)


@dataclass
class KB:
    actors: dict[str, Actor] = field(default_factory=dict)
    alias_index: dict[str, str] = field(default_factory=dict)        # norm alias -> actor id
    case_sensitive: dict[str, set[str]] = field(default_factory=dict)  # norm -> exact forms required
    case_free: set[str] = field(default_factory=set)
    org_cores: dict[str, str] = field(default_factory=dict)   # org name without its country -> org id
    holders: dict[tuple[str, str], list[tuple[str, str | None, str | None]]] = field(default_factory=dict)

    def office_holders(self, org: str, office: str, date: str | None) -> list[str]:
        """Persons holding `office` of `org` (an organisation or country id) on `date`."""
        out = []
        for pid, start, end in self.holders.get((org, office), []):
            if not date and end is not None:
                continue  # no date: only a holder still in office (as Role.active_on)
            if (start is None or not date or start[: len(date)] <= date) and (
                    end is None or not date or date <= end or end.startswith(date[: len(end)])):
                if start is None and end is None and date:
                    continue  # undated roles say nothing about who held the office then
                out.append(pid)
        return out
    metonyms: dict[str, list[Metonym]] = field(default_factory=dict)  # norm place -> dated actors
    demonyms: dict[str, str] = field(default_factory=dict)            # norm demonym -> country id
    capitals: dict[str, str] = field(default_factory=dict)            # norm capital -> country id
    iso3: dict[str, str] = field(default_factory=dict)                # ISO3 -> country id
    max_alias_words: int = 1
    _ends: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def key_ends(self) -> KeyEnds:
        """``KeyEnds`` of every key ``lookup`` can answer (aliases and metonyms); computed once,
        again only if the indexes have changed size since."""
        size = (len(self.alias_index), len(self.metonyms))
        if self._ends is None or self._ends[0] != size:
            self._ends = (size, KeyEnds.of([*self.alias_index, *self.metonyms]))
        return self._ends[1]

    def lookup(self, text: str, date: str | None = None) -> str | None:
        """Actor id for a surface form on a date (dated metonyms first), or None."""
        key = norm_key(text)
        if key in self.metonyms:
            for m in self.metonyms[key]:
                if m.active_on(date):
                    return m.actor_id
        actor = self.alias_index.get(key)
        if actor and key in self.case_sensitive:
            stripped = text.strip()
            if stripped not in self.case_sensitive[key]:
                return None
        return actor

    def country_of(self, actor_id: str | None) -> str | None:
        a = self.actors.get(actor_id or "")
        return a.country if a else None


def _add_alias(kb: KB, alias: str, actor_id: str, where: str, seen: dict[str, str]) -> None:
    key = norm_key(alias)
    if not key:
        return
    if key in seen and kb.alias_index.get(key) != actor_id:
        raise KBError(f"{where}: alias {alias!r} of {actor_id!r} is already an alias of "
                      f"{kb.alias_index[key]!r} ({seen[key]})")
    seen[key] = where
    kb.alias_index[key] = actor_id
    stripped = alias.strip()
    letters = re.sub(r"[^A-Za-z]", "", stripped)
    if letters.isupper() and len(letters) <= 5:  # acronyms: "US", "IS", "AP" must match as written
        if key not in kb.case_free:
            kb.case_sensitive.setdefault(key, set()).add(stripped)
    else:  # the same key also written as a word ("Tolo" beside "TOLO"): any case will do
        kb.case_free.add(key)
        kb.case_sensitive.pop(key, None)
    kb.max_alias_words = max(kb.max_alias_words, len(key.split()))


def _check_fields(row: dict, kind: str, where: str) -> None:
    required, optional = FIELDS[kind]
    keys = set(row) - {"__line__"}
    unknown = keys - required - optional
    if unknown:
        raise KBError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    missing = required - keys
    if missing:
        raise KBError(f"{where}: missing field(s) {', '.join(sorted(missing))}")
    if not re.match(r"^[a-z0-9_]+$", str(row["id"])):
        raise KBError(f"{where}: id {row['id']!r} is not a lower-case ASCII slug")


def _load_file(path: Path) -> list[dict]:
    try:
        rows = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or []
    except yaml.YAMLError as e:
        raise KBError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(rows, list):
        raise KBError(f"{path}:1: expected a list of entries")
    return rows


def _files(folders: list[Path], pattern: str) -> list[Path]:
    return [p for f in folders for p in sorted(f.glob(pattern))]


def extra_folders() -> list[Path]:
    """User knowledge-base folders from DYAD_KB_PATH (separated by the OS path separator)."""
    raw = os.environ.get("DYAD_KB_PATH", "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def load(*folders: Path | str) -> KB:
    """Read and validate every KB file in the folders (default: the shipped data/kb)."""
    dirs = [Path(f) for f in folders] or [DATA / "kb"]
    for d in dirs:
        if not d.is_dir():
            raise KBError(f"{d}: knowledge-base folder not found")
    kb = KB()
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    pending: list[tuple[str, str, str]] = []   # (ref id, where, what) checked after loading all

    def new_id(i: str, where: str) -> None:
        if i in ids:
            raise KBError(f"{where}: duplicate id {i!r} (first at {ids[i]})")
        ids[i] = where

    for path in _files(dirs, "countries*.yaml"):
        for row in _load_file(path):
            where = f"{path}:{row.get('__line__', '?')}"
            _check_fields(row, "country", where)
            new_id(row["id"], where)
            a = Actor(id=row["id"], name=row["name"], kind="country", country=str(row["iso3"]).upper(),
                      sector=None, origin="kb")
            kb.actors[a.id] = a
            kb.iso3[a.country] = a.id
            for alias in [row["name"], *(row.get("aliases") or [])]:
                _add_alias(kb, str(alias), a.id, where, seen)
            for dem in row.get("demonyms") or []:
                _add_alias(kb, str(dem), a.id, where, seen)
                kb.demonyms[norm_key(dem)] = a.id
            for cap in [row.get("capital"), *(row.get("capital_aliases") or [])]:
                if cap and norm_key(cap) != norm_key(row["name"]):
                    _add_alias(kb, str(cap), a.id, where, seen)
                    kb.capitals[norm_key(cap)] = a.id
            a.aliases = {str(x) for x in [row["name"], *(row.get("aliases") or [])]}
    for path in _files(dirs, "organizations*.yaml"):
        for row in _load_file(path):
            where = f"{path}:{row.get('__line__', '?')}"
            _check_fields(row, "organization", where)
            new_id(row["id"], where)
            if row["type"] not in ORG_TYPES:
                raise KBError(f"{where}: unknown organisation type {row['type']!r}")
            sector = row.get("sector")
            if sector and sector not in SECTORS:
                raise KBError(f"{where}: unknown sector {sector!r}")
            start, end = _date(row.get("start"), where), _date(row.get("end"), where)
            if start and end and _before(end, start):
                raise KBError(f"{where}: end {end} before start {start}")
            a = Actor(id=row["id"], name=row["name"], kind="organization",
                      country=(str(row["country"]).upper() if row.get("country") else None),
                      sector=sector, org_type=row["type"], parent=row.get("parent"), origin="kb",
                      aliases={str(x) for x in [row["name"], *(row.get("aliases") or [])]})
            kb.actors[a.id] = a
            if a.parent:
                pending.append((a.parent, where, "parent"))
            for alias in [row["name"], *(row.get("aliases") or [])]:
                _add_alias(kb, str(alias), a.id, where, seen)
            for m in row.get("metonyms") or []:
                if not isinstance(m, dict) or "name" not in m:
                    raise KBError(f"{where}: a metonym needs a name")
                ms, me = _date(m.get("start"), where), _date(m.get("end"), where)
                kb.metonyms.setdefault(norm_key(m["name"]), []).append(Metonym(a.id, ms, me))
    for path in _files(dirs, "persons*.yaml"):
        for row in _load_file(path):
            where = f"{path}:{row.get('__line__', '?')}"
            _check_fields(row, "person", where)
            new_id(row["id"], where)
            roles = []
            for r in row.get("roles") or []:
                rwhere = f"{path}:{r.get('__line__', row.get('__line__'))}" if isinstance(r, dict) else where
                if not isinstance(r, dict):
                    raise KBError(f"{where}: a role must be a mapping")
                unknown = set(r) - ROLE_FIELDS - {"__line__"}
                if unknown:
                    raise KBError(f"{rwhere}: unknown role field(s) {', '.join(sorted(unknown))}")
                start, end = _date(r.get("start"), rwhere), _date(r.get("end"), rwhere)
                if start and end and _before(end, start):
                    raise KBError(f"{rwhere}: role ends ({end}) before it starts ({start})")
                if r.get("sector") and r["sector"] not in SECTORS:
                    raise KBError(f"{rwhere}: unknown sector {r['sector']!r}")
                if r.get("org"):
                    pending.append((r["org"], rwhere, "role org"))
                roles.append(Role(org=r.get("org"), title=str(r.get("title") or ""), sector=r.get("sector"),
                                  start=start, end=end))
            a = Actor(id=row["id"], name=row["name"], kind="person",
                      country=(str(row["country"]).upper() if row.get("country") else None), origin="kb",
                      roles=roles, aliases={str(x) for x in [row["name"], *(row.get("aliases") or [])]})
            kb.actors[a.id] = a
            for alias in [row["name"], *(row.get("aliases") or [])]:
                _add_alias(kb, str(alias), a.id, where, seen)
    for ref, where, what in pending:
        if ref not in kb.actors:
            raise KBError(f"{where}: {what} {ref!r} is not an id in the knowledge base")
    # Organisation names without their country ("Supreme National Security Council" for
    # "Supreme National Security Council of Iran"), kept only where unambiguous.
    country_words: dict[str, set[str]] = {}
    for a in kb.actors.values():
        if a.kind == "country":
            words = {norm_key(x) for x in a.aliases | {a.name}}
            words |= {k for k, v in kb.demonyms.items() if v == a.id}
            country_words[a.country or ""] = words
    cores: dict[str, set[str]] = {}
    for a in kb.actors.values():
        if a.kind != "organization" or not a.country:
            continue
        for name in a.aliases | {a.name}:
            key = norm_key(name)
            for w in sorted(country_words.get(a.country, ()), key=len, reverse=True):
                core = re.sub(rf"^(the )?{re.escape(w)} |( of)?( the)? {re.escape(w)}$", "", key).strip()
                if core != key and len(core.split()) >= 2:
                    cores.setdefault(core, set()).add(a.id)
                    break
    kb.org_cores = {k: next(iter(v)) for k, v in cores.items() if len(v) == 1 and k not in kb.alias_index}
    # Who held which office of which organisation (and of its country, for government bodies).
    for a in kb.actors.values():
        for r in a.roles:
            office = office_of(r.title)
            if not office or not r.org:
                continue
            kb.holders.setdefault((r.org, office), []).append((a.id, r.start, r.end))
            org = kb.actors.get(r.org)
            if org is not None and org.kind == "organization" and org.org_type in ("government_body", "government"):
                country = kb.iso3.get(org.country or "")
                if country:
                    kb.holders.setdefault((country, office), []).append((a.id, r.start, r.end))
    # Organisations without a country inherit their parent's.
    for a in kb.actors.values():
        if a.kind == "organization" and not a.country and a.parent in kb.actors:
            a.country = kb.actors[a.parent].country
    return kb


@lru_cache(maxsize=1)
def default() -> KB:
    """The shipped knowledge base plus the folders in DYAD_KB_PATH."""
    return load(DATA / "kb", *extra_folders())
