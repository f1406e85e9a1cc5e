"""Import a PETRARCH/Phoenix-format CAMEO actor dictionary into dyad's knowledge-base format.

The dictionaries analysts already maintain look like::

    # comment
    BARACK_OBAMA_
    +PRESIDENT_OBAMA_
    [USAELI 040101-080315]
    [USAGOV 090120-170120]
    HAMID_KARZAI_ [AFGGOV]

An entry is a NAME_ line (optionally with a code on the same line), `+SYNONYM_` lines, and
`[CODE yymmdd-yymmdd]` lines (also `[CODE >yymmdd]` from a date, `[CODE <yymmdd]` until one).
A code's first three letters are a country (ISO3), the rest the sector. Entries become
persons (with dated roles in their country) or, when their name says so, organisations.
Names and aliases the shipped knowledge base already has are left out and reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .kb import KB, norm_key
from .model import slug

CODE_RE = re.compile(r"\[\s*([A-Z]{3})([A-Z]{0,6})\s*([<>]?\d{6}(?:\s*-\s*\d{6})?)?\s*\]")
ORG_WORDS = re.compile(r"\b(MINISTRY|PARTY|ARMY|FORCES?|COUNCIL|COMMITTEE|AGENCY|FRONT|MOVEMENT|BRIGADES?|"
                       r"ORGANI[SZ]ATION|UNION|ASSOCIATION|COMMISSION|GOVERNMENT|POLICE|NEWS|BANK|CORPS)\b")
SECTOR_TYPE = {"GOV": "government_body", "MIL": "military", "COP": "security", "SPY": "intelligence",
               "REB": "armed_group", "INS": "armed_group", "OPP": "party", "PTY": "party", "IGO": "igo",
               "MED": "media", "NGO": "ngo", "REL": "religious", "BUS": "business", "JUD": "government_body",
               "LEG": "government_body"}
SECTOR_TITLE = {"GOV": "government official", "ELI": "political figure", "MIL": "military officer",
                "COP": "police official", "SPY": "intelligence official", "JUD": "judicial official",
                "LEG": "legislator", "REB": "rebel leader", "INS": "insurgent leader", "OPP": "opposition figure",
                "PTY": "party official", "IGO": "international official", "MED": "journalist",
                "NGO": "NGO official", "REL": "religious figure", "BUS": "business figure"}
KNOWN_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PTY", "REB", "INS", "OPP", "IGO", "NGO", "MED",
                 "REL", "BUS", "CVL", "REF", "UAF", "ELI", "LAB", "EDU", "HLH", "CRM", "SEP", "MOD", "RAD"}


@dataclass
class Entry:
    name: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)


@dataclass
class ImportResult:
    persons: list[dict] = field(default_factory=list)
    organizations: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _name(raw: str) -> str:
    words = raw.strip().strip("+").strip("_").replace("_", " ").split()
    return " ".join(w if len(w) <= 3 and w.isupper() and w in ("US", "UN", "EU") else w.capitalize()
                    for w in words)


def _date(yymmdd: str) -> str:
    yy, mm, dd = int(yymmdd[:2]), yymmdd[2:4], yymmdd[4:6]
    year = 2000 + yy if yy < 50 else 1900 + yy
    return f"{year:04d}-{mm}-{dd}"


def _span(raw: str | None) -> tuple[str | None, str | None]:
    if not raw:
        return None, None
    raw = raw.replace(" ", "")
    if raw.startswith(">"):
        return _date(raw[1:]), None
    if raw.startswith("<"):
        return None, _date(raw[1:])
    a, _, b = raw.partition("-")
    return _date(a), (_date(b) if b else None)


def parse(text: str, where: str = "<dictionary>") -> list[Entry]:
    entries: list[Entry] = []
    cur: Entry | None = None
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        s = line.strip()
        if s.startswith("+"):
            if cur is None:
                raise ValueError(f"{where}:{n}: synonym before any entry")
            cur.synonyms.append(_name(s.split("[")[0]))
            continue
        if s.startswith("["):
            if cur is None:
                raise ValueError(f"{where}:{n}: code before any entry")
            m = CODE_RE.fullmatch(s)
            if not m:
                raise ValueError(f"{where}:{n}: cannot read code line {s!r}")
            cur.codes.append((m.group(1), m.group(2) or "", *_span(m.group(3))))
            continue
        head = s.split("[", 1)[0]
        if not re.match(r"^[A-Z0-9][A-Z0-9_'.-]*$", head.strip()):
            raise ValueError(f"{where}:{n}: not a dictionary entry: {s!r}")
        cur = Entry(_name(head), n)
        entries.append(cur)
        for m in CODE_RE.finditer(s):
            cur.codes.append((m.group(1), m.group(2) or "", *_span(m.group(3))))
    return entries


def convert(entries: list[Entry], kb: KB) -> ImportResult:
    res = ImportResult()
    used: set[str] = set()
    for e in entries:
        key = norm_key(e.name)
        if key in kb.alias_index or slug(e.name) in kb.actors:
            res.skipped.append(f"line {e.line}: {e.name} is already in the knowledge base "
                               f"({kb.alias_index.get(key, slug(e.name))})")
            continue
        if not e.codes:
            res.skipped.append(f"line {e.line}: {e.name} has no code")
            continue
        aliases = []
        for syn in e.synonyms:
            k = norm_key(syn)
            if k in kb.alias_index:
                res.skipped.append(f"line {e.line}: alias {syn!r} of {e.name} already belongs to "
                                   f"{kb.alias_index[k]}")
            elif k and k != key and k not in used:
                aliases.append(syn)
                used.add(k)
        used.add(key)
        country_iso = e.codes[0][0]
        country_id = kb.iso3.get(country_iso)
        sector = next((c[1][:3] for c in e.codes if c[1][:3] in KNOWN_SECTORS), None)
        is_org = bool(ORG_WORDS.search(e.name.upper())) and not any(c[2] or c[3] for c in e.codes)
        if len(e.codes) == 1 and not e.codes[0][1] and not is_org:
            res.skipped.append(f"line {e.line}: {e.name} has only a country code ({country_iso})")
            continue
        if is_org:
            res.organizations.append({
                "id": slug(e.name), "name": e.name, "type": SECTOR_TYPE.get(sector or "", "government_body"),
                "country": country_iso if country_id else None, "sector": sector, "aliases": aliases,
                "parent": country_id})
            continue
        roles = []
        for iso, sec, start, end in e.codes:
            org = kb.iso3.get(iso)
            sec3 = sec[:3] if sec[:3] in KNOWN_SECTORS else None
            if org is None:
                res.skipped.append(f"line {e.line}: unknown country code {iso} for {e.name}")
                continue
            roles.append({"org": org, "title": SECTOR_TITLE.get(sec3 or "", "official"), "sector": sec3,
                          "start": start, "end": end})
        res.persons.append({"id": slug(e.name), "name": e.name,
                            "country": country_iso if country_id else None, "aliases": aliases, "roles": roles})
    return res


def write(res: ImportResult, folder: Path, stem: str = "imported") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, rows in (("persons", res.persons), ("organizations", res.organizations)):
        if rows:
            path = folder / f"{kind}_{stem}.yaml"
            path.write_text(yaml.safe_dump(rows, sort_keys=False, allow_unicode=True), encoding="utf-8")
            out.append(path)
    return out
