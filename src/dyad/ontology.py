"""The CAMEO 1.1b3 event ontology (codes, names, Goldstein scores, quad classes, PLOVER)
and the event lexicon (verbs and nouns that trigger each code), both read from data files."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import DATA

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


class OntologyError(ValueError):
    pass


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str
    description: str

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class VerbRule:
    lemma: str
    particle: str | None
    prep: tuple[str, ...]
    objects: tuple[str, ...]
    code: str
    line: int
    prep_required: bool = False   # "!to": the rule only holds with that preposition


@dataclass(frozen=True)
class NounRule:
    lemma: str
    modifier: str | None
    prep: tuple[str, ...]
    code: str
    line: int


def _rows(path: Path, ncols: int) -> list[tuple[int, list[str]]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if n == 1 or cols[0] == "lemma":
                continue  # header
            if len(cols) < ncols - 1:
                raise OntologyError(f"{path}:{n}: expected {ncols} TAB-separated columns, got {len(cols)}")
            out.append((n, [c.strip() for c in cols]))
    return out


@lru_cache(maxsize=1)
def cameo() -> dict[str, Code]:
    path = DATA / "cameo.tsv"
    codes: dict[str, Code] = {}
    with path.open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            try:
                c = Code(row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]),
                         row["plover"], row.get("description") or "")
            except (KeyError, TypeError, ValueError) as e:
                raise OntologyError(f"{path}:{n}: bad row ({e})") from e
            codes[c.code] = c
    return codes


def code_info(code: str) -> Code:
    table = cameo()
    c = table.get(code) or table.get(code[:3]) or table.get(code[:2])
    if c is None:
        raise OntologyError(f"unknown CAMEO code {code!r}")
    return c


def _opt(v: str) -> str | None:
    return None if v in ("-", "") else v


@lru_cache(maxsize=1)
def verbs() -> dict[str, list[VerbRule]]:
    path = DATA / "lexicon" / "verbs.tsv"
    table = cameo()
    out: dict[str, list[VerbRule]] = {}
    for n, cols in _rows(path, 6):
        lemma, particle, prep, obj, code = cols[:5]
        if not re.match(r"^\d{2,4}$", code) or code not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {code!r}")
        required = prep.startswith("!")
        rule = VerbRule(lemma.lower(), _opt(particle), tuple(p for p in (_opt(prep.lstrip("!")) or "").split("|") if p),
                        tuple(o for o in (_opt(obj) or "").split("|") if o), code, n, required)
        out.setdefault(rule.lemma, []).append(rule)
    return out


@lru_cache(maxsize=1)
def nouns() -> dict[str, list[NounRule]]:
    path = DATA / "lexicon" / "nouns.tsv"
    table = cameo()
    out: dict[str, list[NounRule]] = {}
    for n, cols in _rows(path, 5):
        lemma, modifier, prep, code = cols[:4]
        if not re.match(r"^\d{2,4}$", code) or code not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {code!r}")
        rule = NounRule(lemma.lower(), _opt(modifier), tuple(p for p in (_opt(prep) or "").split("|") if p),
                        code, n)
        out.setdefault(rule.lemma, []).append(rule)
    return out


@dataclass(frozen=True)
class AdjRule:
    lemma: str
    prep: tuple[str, ...]
    code: str
    line: int


@lru_cache(maxsize=1)
def adjectives() -> dict[str, AdjRule]:
    path = DATA / "lexicon" / "adjectives.tsv"
    table = cameo()
    out: dict[str, AdjRule] = {}
    for n, cols in _rows(path, 4):
        lemma, prep, code = cols[:3]
        if code not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {code!r}")
        out[lemma.lower()] = AdjRule(lemma.lower(), tuple(p for p in (_opt(prep) or "").split("|") if p), code, n)
    return out


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, str]:
    """Verbs of saying -> the code of a statement with no tone word."""
    path = DATA / "lexicon" / "speech.tsv"
    table = cameo()
    out = {}
    for n, cols in _rows(path, 3):
        if cols[1] not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {cols[1]!r}")
        out[cols[0].lower()] = cols[1]
    return out


@lru_cache(maxsize=1)
def tone() -> list[tuple[tuple[str, ...], str]]:
    """(lemma sequence, code) in priority order."""
    path = DATA / "lexicon" / "tone.tsv"
    table = cameo()
    out = []
    for n, cols in _rows(path, 3):
        if cols[0] == "phrase":
            continue
        if cols[1] not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {cols[1]!r}")
        out.append((tuple(cols[0].lower().split()), cols[1]))
    return out


@lru_cache(maxsize=1)
def negative_cues() -> frozenset[str]:
    path = DATA / "lexicon" / "negative_cues.tsv"
    words = [ln.strip().lower() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return frozenset(w for w in words if w != "word")


@lru_cache(maxsize=1)
def reference_nouns() -> dict[str, str]:
    """Nouns that refer back to an earlier act -> what their possessor is ('agent'|'patient')."""
    path = DATA / "lexicon" / "reference_nouns.tsv"
    out = {}
    for n, cols in _rows(path, 2):
        if cols[1] not in ("agent", "patient"):
            raise OntologyError(f"{path}:{n}: possessor must be 'agent' or 'patient', got {cols[1]!r}")
        out[cols[0].lower()] = cols[1]
    return out


@lru_cache(maxsize=1)
def one_sided() -> frozenset[str]:
    """CAMEO roots or codes that are recorded without a target (data/lexicon/one_sided.tsv)."""
    path = DATA / "lexicon" / "one_sided.tsv"
    table = cameo()
    out = set()
    for n, cols in _rows(path, 2):
        if cols[0] == "code":
            continue
        if cols[0] not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {cols[0]!r}")
        out.add(cols[0])
    return frozenset(out)


def needs_target(code: str) -> bool:
    """Whether an act of this code is only an event with someone on the other side."""
    sided = one_sided()
    return not any(code.startswith(c) for c in sided)


@lru_cache(maxsize=1)
def intents() -> dict[str, str]:
    """Code prefix of an intended act -> the intent code (data/lexicon/intent.tsv)."""
    path = DATA / "lexicon" / "intent.tsv"
    table = cameo()
    out = {}
    for n, cols in _rows(path, 3):
        if cols[0] == "code":
            continue
        if cols[1] not in table:
            raise OntologyError(f"{path}:{n}: unknown CAMEO code {cols[1]!r}")
        out[cols[0]] = cols[1]
    return out


def intent_code(code: str) -> str | None:
    """The intent code for an intended act of this code (longest prefix), or None."""
    table = intents()
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


@lru_cache(maxsize=1)
def intent_heads() -> dict[str, set[str]]:
    """Words expressing intent -> parts of speech ('verb', 'adj', 'noun')."""
    path = DATA / "lexicon" / "intent_heads.tsv"
    out: dict[str, set[str]] = {}
    for n, cols in _rows(path, 2):
        if cols[0] == "word":
            continue
        if cols[1] not in ("verb", "adj", "noun"):
            raise OntologyError(f"{path}:{n}: part of speech must be verb, adj or noun, got {cols[1]!r}")
        out.setdefault(cols[0].lower(), set()).add(cols[1])
    return out
