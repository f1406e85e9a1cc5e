"""Conflicts: where reports (of several articles, or of one) disagree about a fact.

Kinds:
- ``date``: the mentions of one fused event give dates that cannot all be true ("November
  2019" / "December 2019"; "February 20" / "February 29"; "early January" / "January 27");
- ``place``: they put it in places far apart;
- ``number``: they give different counts (killed, wounded, troops, people deported...), in one
  event or in statements about the same people and place ("2,000 Afghans fought in Syria" /
  "50,000 Afghans were deployed to Syria");
- ``actor``: reports of one clash blame opposite sides for starting it;
- ``office``: two different persons are given the same office of the same organisation at
  the same time ("Taliban Foreign Minister Amir Khan Muttaqi" / "Foreign Minister Mullah
  Abdul Ghani").
Each conflict keeps every side: document, value and the sentence that says so.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

from rapidfuzz import fuzz

from .kb import office_of
from .model import stable_id

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozens": None, "hundreds": None,
                "thousands": None}
COUNT_NOUNS = ("people|persons?|civilians?|soldiers?|troops|border guards?|guards?|fighters?|militants?|"
               "policemen|policeman|police officers?|officers?|members?|refugees?|migrants?|children|child|"
               "women|woman|men|man|diplomats?|prisoners?|hostages?|deportees?|casualties|dead|killed|"
               "wounded|injured")
CASUALTY = re.compile(r"\b(killed|dead|died|wounded|injured|casualties|lost their lives)\b", re.I)
NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(k for k in WORD_NUMBERS if WORD_NUMBERS[k]) + r")"
COUNT_RE = re.compile(rf"\b{NUMBER}\s+(?:[A-Za-z-]+\s+){{0,2}}?({COUNT_NOUNS}|[A-Z][a-z]+(?:is|ns|es|s))\b",
                      re.I)
PLACE_RE = re.compile(r"\b(?:in|to|into|from|inside)\s+((?:the\s+)?[A-Z][a-zA-Z-]+(?:\s+[A-Z][a-zA-Z-]+)?)")


def _value(n: str) -> float | None:
    n = n.lower().replace(",", "")
    if n in WORD_NUMBERS:
        return WORD_NUMBERS[n]
    try:
        return float(n)
    except ValueError:
        return None


def _range(value: str, text: str | None) -> tuple[str, str]:
    """The span of days a date value (with its wording) allows, as ISO strings."""
    if len(value) == 10:
        return value, value
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    t = (text or "").lower()
    if re.search(r"\bearly\b|\bbeginning of\b|\bstart of\b", t):
        return f"{value}-01", f"{value}-10"
    if re.search(r"\bmid\b|\bmiddle of\b", t):
        return f"{value}-11", f"{value}-20"
    if re.search(r"\blate\b|\bend of\b", t):
        return f"{value}-21", f"{value}-31"
    return f"{value}-01", f"{value}-31"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_named(text: str | None) -> int | None:
    t = (text or "").lower()
    return next((i for i, d in enumerate(WEEKDAYS) if re.search(rf"\b{d}\b", t)), None)


def dates_clash(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Two dates of one event disagree: their spans do not overlap, or one names a weekday
    ("on Wednesday", in an article dated to the month only) that the other's day is not."""
    (va, ta), (vb, tb) = a, b
    ra, rb = _range(va, ta), _range(vb, tb)
    if ra[1] < rb[0] or rb[1] < ra[0]:
        return True
    for (v1, t1), (v2, _) in (((va, ta), (vb, tb)), ((vb, tb), (va, ta))):
        wd = _weekday_named(t1)
        if wd is not None and len(v1) < 10 and len(v2) == 10:
            try:
                if dt.date.fromisoformat(v2).weekday() != wd:
                    return True
            except ValueError:
                pass
    return False


def _claims(items: list[tuple[str, str, str]]) -> list[dict]:
    seen, out = set(), []
    for doc, value, evidence in items:
        if (doc, value) not in seen:
            seen.add((doc, value))
            out.append({"doc": doc, "value": value, "evidence": evidence})
    return out


def _describe(reg, m: dict) -> str:
    def name(a):
        act = reg.get(a) if a else None
        return act.name if act else (a or "?")
    from .ontology import code_info

    what = code_info(m["code"]).name.lower()
    return f"{name(m['source'])} → {name(m['target'])}: {what}" if m["target"] else f"{name(m['source'])}: {what}"


def _shown(value: str, text: str | None) -> str:
    """A month-precise date that names its weekday shows it: '2023-05 (Wednesday)'."""
    wd = _weekday_named(text)
    return f"{value} ({WEEKDAYS[wd].capitalize()})" if wd is not None and len(value) < 10 else value


def date_conflicts(cid: str, members: list[dict], reg) -> list[dict]:
    dated = [(m["doc_id"], m["date"], m["date_text"], m["evidence"]) for m in members if m["date"]]
    involved = []
    for i, (d1, v1, t1, e1) in enumerate(dated):
        for d2, v2, t2, e2 in dated[i + 1:]:
            if v1 != v2 and dates_clash((v1, t1), (v2, t2)):
                involved += [(d1, _shown(v1, t1), e1), (d2, _shown(v2, t2), e2)]
    if not involved:
        return []
    return [{"id": "k" + stable_id("date", cid, n=12), "kind": "date", "cluster": cid,
             "about": f"date of {_describe(reg, members[0])}", "claims": _claims(involved)}]


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def place_conflicts(cid: str, members: list[dict], reg) -> list[dict]:
    placed = [m for m in members if m["place"] and m["lat"] is not None]

    def is_country(m: dict) -> bool:  # "Iran", not its capital "Tehran"
        from .kb import norm_key

        aid = reg.kb.lookup(m["place"])
        return aid is not None and reg.kb.actors[aid].kind == "country" and norm_key(m["place"]) not in reg.kb.capitals

    involved = []
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            if is_country(a) or is_country(b):
                if a["place_country"] != b["place_country"]:  # "in Iran" agrees with "in Mashhad"
                    involved += [(a["doc_id"], a["place"], a["evidence"]), (b["doc_id"], b["place"], b["evidence"])]
                continue
            if a["place"] != b["place"] and _km(a, b) > 100:
                involved += [(a["doc_id"], a["place"], a["evidence"]), (b["doc_id"], b["place"], b["evidence"])]
    if not involved:
        return []
    return [{"id": "k" + stable_id("place", cid, n=12), "kind": "place", "cluster": cid,
             "about": f"place of {_describe(reg, members[0])}", "claims": _claims(involved)}]


def counts(text: str) -> list[tuple[str, float, str, str | None]]:
    """(noun, number, number as written, place) for each count the sentence states."""
    out = []
    place = PLACE_RE.search(text)
    where = re.sub(r"^the\s+", "", place.group(1)) if place else None
    for m in COUNT_RE.finditer(text):
        v = _value(m.group(1))
        noun = m.group(2).lower()
        if v is None or (re.fullmatch(r"(19|20)\d\d", m.group(1)) and m.group(2)[0].isupper()):
            continue  # "2021 Afghans" is a year, not a count
        out.append((_singular(noun), v, m.group(1), where))
    return out


def _singular(noun: str) -> str:
    noun = {"people": "person", "persons": "person", "men": "man", "women": "woman", "children": "child",
            "policemen": "policeman", "casualties": "casualty"}.get(noun, noun)
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


KILLED = re.compile(r"\b(killed|dead|died|lost their lives|neutrali[sz]ed|slain)\b", re.I)
WOUNDED = re.compile(r"\b(wounded|injured|hurt)\b", re.I)
MILITARY = {"soldier", "troop", "serviceman", "servicemen"}


CAS_COUNT_RE = re.compile(
    rf"\b{NUMBER}\s+(of\s+(?:its|their)\s+(?:own\s+)?|(?:[A-Za-z-]+\s+){{0,2}}?)({COUNT_NOUNS}|others|[A-Za-z]+s)\b",
    re.I)


PER_SIDE = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:on each side|on both sides|per side|each|apiece)\b", re.I)
STATUS_WORDS = ("wounded", "injured", "dead", "killed", "casualty")


def casualty_counts(sent: str, kb=None, owner: str | None = None) -> list[tuple[str, str, str | None, float, str]]:
    """(victims, 'killed' or 'wounded', whose, number, number as written) for each casualty
    count a sentence states: "killed 58 Pakistani soldiers" is ('soldier', 'killed', 'PAK', 58);
    in "Pakistan's military said 23 of its troops were killed", "its" is Pakistan's (or, when
    the sentence names no country before it, ``owner``'s: the side "its" was last found to
    be); in "... soldiers were killed and 30 others wounded" or "... troops were killed and 29
    wounded", the others are soldiers too. A count "on each side" is of no one side."""
    return [c[:5] for c in _casualty_spans(sent, kb, owner)]


def _casualty_spans(sent: str, kb=None, owner: str | None = None) -> list[tuple]:
    """casualty_counts with, for each count, where its number starts and ends in the sentence."""
    out: list[tuple] = []
    for m in CAS_COUNT_RE.finditer(sent):
        v, word = _value(m.group(1)), m.group(3)
        if v is None or re.fullmatch(r"(19|20)\d\d", m.group(1)):
            continue
        if not re.fullmatch(COUNT_NOUNS + "|others", word, re.I) and not word[0].isupper():
            continue  # "25 army posts": not people; "Afghans", "Palestinians" are
        if PER_SIDE.match(sent[m.end():]):
            continue  # "one person was killed on each side": not a count of one side, nor a total
        noun = _singular(word.lower())
        side = None
        if noun == "other":
            if not out:
                continue
            noun, side = out[-1][0], out[-1][2]
        elif noun in STATUS_WORDS and out and _continues(sent[out[-1][6]:m.start()]):
            noun, side = out[-1][0], out[-1][2]  # "23 troops were killed and 29 wounded"
            status = "killed" if word.lower() in ("dead", "killed") else "wounded"
            out.append((noun, status, side, v, m.group(1), m.start(), m.end()))
            continue
        if noun in STATUS_WORDS:
            status = "killed" if noun in ("dead", "killed") else "wounded" if noun != "casualty" else "casualty"
            noun = "person"
        else:
            after = re.split(r"[;:]|,\s+(?:while|but|as)\b", sent[m.end():m.end() + 120])[0]
            before = sent[max(0, m.start() - 40):m.start()]
            k, w = KILLED.search(after), WOUNDED.search(after)
            if k or w:
                status = "killed" if k and (not w or k.start() < w.start()) else "wounded"
            elif KILLED.search(before) or WOUNDED.search(before):
                status = "killed" if KILLED.search(before) else "wounded"
            else:
                continue  # a count that is not of casualties
        if noun in MILITARY:
            noun = "soldier"
        if kb is not None and side is None:
            for w in re.findall(r"[A-Z][a-zA-Z-]+", m.group(2) or ""):
                a = kb.lookup(w)
                if a and kb.actors[a].kind == "country":
                    side = kb.actors[a].country
            if side is None and (m.group(2) or "").lower().startswith("of"):
                side = _owner(sent[:m.start()], kb) or owner
        out.append((noun, status, side, v, m.group(1), m.start(), m.end()))
    return out


QUALIFIED = re.compile(r"\b(?:more than|over|at least|up to|about|around|nearly|almost|some|roughly|"
                       r"approximately|fewer than|less than|under)\s*(?:\.\.\.)?\s*$", re.I)


def casualty_totals(sent: str, kb=None) -> list[tuple[str, float, str]]:
    """('killed' or 'wounded', total, total as shown) when a sentence lists the dead (or
    wounded) of several kinds or sides in one phrase: "Two border guards and one fighter have
    been killed" is ('killed', 3, '3 (Two border guards + one fighter)'). Counts qualified
    ("more than 200") do not add up to a total."""
    spans = _casualty_spans(sent, kb)
    out = []
    for status in ("killed", "wounded"):
        run = [c for c in spans if c[1] == status]
        if len(run) < 2 or any(c[0] == "person" for c in run) or len({(c[0], c[2]) for c in run}) < len(run):
            continue
        joined = all(re.fullmatch(r"\s*(?:,\s*)?(?:and\s+)?", sent[a[6]:b[5]]) for a, b in zip(run, run[1:]))
        if not joined or any(QUALIFIED.search(sent[:c[5]]) for c in run):
            continue
        total = sum(c[3] for c in run)
        parts = " + ".join(sent[c[5]:c[6]] for c in run)
        out.append((status, total, f"{total:g} ({parts})"))
    return out


def _continues(between: str) -> bool:
    """The words between two counts join them in one clause: "were killed and"."""
    return bool(re.fullmatch(r"[^.;:,]{0,40}\band\s+", between))


def _owner(before: str, kb) -> str | None:
    """The country a possessive "its" most likely points back to: the last country named
    before it in the sentence ("Pakistan's military said ... its troops")."""
    found = None
    for w in re.findall(r"[A-Z][a-zA-Z-]+", before):
        a = kb.lookup(w)
        if a and kb.actors[a].kind == "country":
            found = kb.actors[a].country
    return found


def _its_owner(sent: str, kb) -> str | None:
    """The country a sentence's "of its troops" belongs to, when the sentence names it."""
    m = re.search(r"\bof (?:its|their)\b", sent)
    return _owner(sent[:m.start()], kb) if m else None


def _countries_named(sent: str, kb) -> set[str]:
    found = set()
    for w in re.findall(r"[A-Z][a-zA-Z-]+", sent):
        a = kb.lookup(w)
        if a and kb.actors[a].kind == "country":
            found.add(kb.actors[a].country)
    return found


def _only_side(by_key: dict, noun: str, status: str, sent: str, kb) -> str | None:
    """The side a count that names none ("58 soldiers have been killed and 30 others
    wounded") is of: the one side the article gives such counts for, if the sentence names
    that side's country too."""
    sides = {side for (n, s, side) in by_key if n == noun and s == status}
    if len(sides) != 1:
        return None
    side = next(iter(sides))
    return side if side in _countries_named(sent, kb) else None


def _country_name(kb, iso3: str) -> str:
    return next((a.name for a in kb.actors.values() if a.kind == "country" and a.country == iso3), iso3)


def _sentences(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"(?<=[.!?])\s+|\n+", text or "") if x.strip()]


def casualty_conflicts(cid: str, members: list[dict], texts: dict[str, str], reg) -> list[dict]:
    """Reports of one deadly event that count the dead or wounded differently: every
    sentence of the reporting articles that gives a casualty count is compared, the dead with
    the dead and the wounded with the wounded, and not when they are of different sides."""
    docs = sorted({m["doc_id"] for m in members})
    if len(docs) < 2:
        return []
    kb = reg.kb if reg is not None else None
    by_key: dict[tuple, list[tuple[str, float, str, str, str | None]]] = defaultdict(list)
    for doc in docs:
        for sent in _sentences(texts.get(doc, "")):
            if not CASUALTY.search(sent):
                continue
            for noun, status, side, v, written in casualty_counts(sent, kb):
                by_key[(noun, status)].append((doc, v, written, sent, side))
            for status, total, shown in casualty_totals(sent, kb):  # all the dead, of every side
                by_key[("person", status)].append((doc, total, shown, sent, None))
    out = []
    for (noun, status), items in sorted(by_key.items()):
        sides = {x[4] for x in items if x[4]}
        if len(sides) > 1:
            continue  # counts of both sides' losses, not two counts of one
        per_doc = {doc for doc, *_ in items}
        if len(per_doc) < 2 or len({v for _, v, _, _, _ in items}) < 2:
            continue
        out.append({"id": "k" + stable_id("casualties", cid, noun, n=12), "kind": "number", "cluster": cid,
                    "about": f"{_describe(reg, members[0])}: number of {noun}s {status}",
                    "claims": _claims([(doc, written, sent) for doc, _, written, sent, _ in items])})
    return out


def document_casualty_conflicts(doc: str, text: str, published: str | None, kb) -> list[dict]:
    """One article that gives two counts of the same side's dead (or wounded), as when it
    reports each side's claims ("Kabul says it killed 58 of their soldiers" / "Islamabad says
    23 of its soldiers died"). Counts are compared only when the side is named and the
    sentences' own dates, if any, agree."""
    from . import dates as dates_mod

    by_key: dict[tuple, list[tuple[float, str, str, set[str]]]] = defaultdict(list)
    unsided: list[tuple[tuple, tuple]] = []
    owner = None
    for sent in _sentences(text):
        owner = _its_owner(sent, kb) or owner
        if not CASUALTY.search(sent):
            continue
        found = {d.date.value for d in dates_mod.find(sent, published) if d.date.value}
        for noun, status, side, v, written in casualty_counts(sent, kb, owner):
            if side:
                by_key[(noun, status, side)].append((v, written, sent, found))
            else:
                unsided.append(((noun, status), (v, written, sent, found)))
    for (noun, status), item in unsided:
        side = _only_side(by_key, noun, status, item[2], kb)
        if side:
            by_key[(noun, status, side)].append(item)

    def same_time(a: set[str], b: set[str]) -> bool:
        return not a or not b or any(x.startswith(y) or y.startswith(x) for x in a for y in b)

    out = []
    for (noun, status, side), items in sorted(by_key.items()):
        groups: list[list[tuple]] = []  # counts of one day's fighting, not of different days'
        for it in items:
            g = next((g for g in groups if all(same_time(it[3], x[3]) for x in g)), None)
            if g is None:
                groups.append([it])
            else:
                g.append(it)
        for n, g in enumerate(groups):
            if len({v for v, *_ in g}) < 2:
                continue
            out.append({"id": "k" + stable_id("doc-casualties", doc, noun, status, side, str(n), n=12),
                        "kind": "number", "cluster": None,
                        "about": f"number of {_country_name(kb, side)} {noun}s {status} (inside {doc})",
                        "claims": _claims([(doc, written, sent) for _, written, sent, _ in g])})
    return out


def number_conflicts(cid: str | None, sentences: list[tuple[str, str]], about_prefix: str) -> list[dict]:
    """Different counts of the same people (and place) among (doc, sentence) pairs."""
    by_key: dict[tuple, list[tuple[str, float, str, str]]] = defaultdict(list)
    for doc, sent in sentences:
        for noun, v, written, where in counts(sent):
            by_key[(noun, where if cid is None else None)].append((doc, v, written, sent))
    out = []
    for (noun, where), items in sorted(by_key.items(), key=lambda kv: str(kv[0])):
        if cid is None and not where:
            continue  # across a document, a count must say of what and where to be comparable
        values = {v for _, v, _, _ in items}
        if len(values) < 2:
            continue
        claims = _claims([(doc, written, sent) for doc, _, written, sent in items])
        label = f"{about_prefix}number of {noun}" + (f" ({where})" if where else "")
        out.append({"id": "k" + stable_id("number", cid or "", noun, where or "", n=12), "kind": "number",
                    "cluster": cid, "about": label, "claims": claims})
    return out


def office_conflicts(roles: list[dict], reg) -> list[dict]:
    """Two persons given the same office of the same organisation in one article, or in
    articles published the same month."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for r in roles:
        office = office_of(r["title"] or "")
        if not office or office in ("spokesperson", "envoy", "ambassador", "commander", "charge_d_affaires"):
            continue  # offices held by several people at once
        org = r["org"] or _affiliation(reg, r["actor_id"], r["published"])
        if not org or len(r["published"] or "") < 7:
            continue  # without the article's month, two holders may simply be successive
        by_key[(org, office, (r["published"] or "")[:7])].append(r)
    out = []
    for (org, office, month), rs in sorted(by_key.items()):
        persons = {r["actor_id"] for r in rs}
        names = sorted({r["name"] for r in rs})
        if len(persons) < 2 or (len(names) == 2 and fuzz.ratio(names[0].lower(), names[1].lower()) >= 85):
            continue  # two spellings of one name are not two office holders
        org_name = reg.get(org).name if reg.get(org) else org
        claims = _claims([(r["doc_id"], r["name"], _clip(r["evidence"], r["name"])) for r in rs])
        out.append({"id": "k" + stable_id("office", org, office, month, n=12), "kind": "office", "cluster": None,
                    "about": f"who is {org_name}'s {office.replace('_', ' ')}", "claims": claims})
    return out


TEXT_CUES = (r"\b(appointed|named|nominated|designated)\b|"  # documents read whole for these kinds
             r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+([a-z]+\s+)?(visit|trip)|"
             r"\b(neighbou?rhood|district|area|suburb|quarter)\b|\bonly [A-Z]|\bthe first (country|nation|state|government) to")
NAME = r"([A-Z][a-z]+(?:[ -](?:al-|bin |ibn )?[A-Z][a-z]+){1,3})"
APPOINT = r"(?:appointed|named|nominated|designated)"
PRE_OFFICE = r"(?:(?:the|its|their|his|her|a|an|new|acting|interim|[A-Za-z]+[’']s?)\s+)*"
OFFICE_WORDS = r"([A-Za-zé’' -]{3,40}?)(?=\s+(?:in|to|at|of|for|on|by|after|since)\b|\s*[,.;–—]|$)"
APPOINTED = [  # "X appointed NAME as the group's OFFICE", "NAME ... had been appointed (as) OFFICE"
    re.compile(rf"\b{APPOINT}\s+{NAME}\s*(?:,[^,]{{0,80}},\s*)?as\s+{PRE_OFFICE}{OFFICE_WORDS}"),
    re.compile(rf"{NAME}\s*(?:[–—][^–—]{{0,80}}[–—]\s*|,[^,]{{0,80}},\s*)?(?:had |has |have )?(?:been|was|is)\s+"
               rf"{APPOINT}\s+(?:as\s+)?{PRE_OFFICE}{OFFICE_WORDS}"),
]
POST = re.compile(r"^\s+(?:in|to|at)\s+([A-Z][a-z]+)")
SUCCESSION = re.compile(r"\b(replac\w*|succeed\w*|successor|predecessor|resign\w*|dismiss\w*|sacked|until|"
                        r"formerly|previously|no longer)\b", re.I)


def appointments(sent: str) -> list[tuple[str, str, str | None]]:
    """(person, office, post) for each appointment a sentence reports: "the group appointed
    Karim Said as its chargé d'affaires in Rome" is ('Karim Said', 'charge_d_affaires', 'Rome')."""
    out = []
    for rx in APPOINTED:
        for m in rx.finditer(sent):
            office = office_of(m.group(2))
            if office and not _former(sent, m.group(2)):
                post = POST.match(sent[m.end():])
                out.append((m.group(1), office, post.group(1) if post else None))
    return out


def _former(sent: str, words: str) -> bool:
    """The sentence also speaks of a former or outgoing holder of the office."""
    return bool(re.search(rf"\b(?:former|previous|outgoing|ex-|then)\s*(?:[\w’'-]+\s+){{0,2}}{re.escape(words)}",
                          sent, re.I))


def _same_person(a: str, b: str) -> bool:
    """Two spellings, orders or shortenings of one name ("Hassan Qomi" / "Hasan Qomi",
    "Qomi" / "Hassan Kazemi Qomi")."""
    a, b = a.lower(), b.lower()
    ta, tb = set(a.split()), set(b.split())
    return fuzz.ratio(a, b) >= 85 or fuzz.token_sort_ratio(a, b) >= 95 or ta <= tb or tb <= ta


def appointment_conflicts(doc: str, text: str) -> list[dict]:
    """One article that says two different persons were appointed to the same office (at the
    same post, if it names one). Sentences about a succession ("replaces", "former", "until")
    or that give different years are left out: the two may have held it one after the other."""
    found: list[tuple[str, str, str | None, str]] = []
    for sent in _sentences(text):
        if SUCCESSION.search(sent):
            continue
        found += [(person, office, post, sent) for person, office, post in appointments(sent)]
    out = []
    for office in sorted({f[1] for f in found}):
        same = [f for f in found if f[1] == office]
        pairs = [(a, b) for i, a in enumerate(same) for b in same[i + 1:]
                 if not _same_person(a[0], b[0]) and (not a[2] or not b[2] or a[2] == b[2])
                 and not (_years(a[3]) and _years(b[3]) and _years(a[3]) != _years(b[3]))]
        if not pairs:
            continue
        post = next((f[2] for f in same if f[2]), None)
        what = office.replace("_", " ").replace("charge d affaires", "chargé d'affaires")
        out.append({"id": "k" + stable_id("appointed", doc, office, n=12), "kind": "office", "cluster": None,
                    "about": f"who was appointed {what}" + (f" in {post}" if post else "") + f" (inside {doc})",
                    "claims": _claims([(doc, f[0], f[3]) for pair in pairs for f in pair])})
    return out


def _years(sent: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d\d\b", sent))


def _clip(sentence: str, name: str) -> str:
    return sentence or name


def _affiliation(reg, actor_id: str, date: str | None) -> str | None:
    a = reg.get(actor_id)
    if a is None:
        return None
    ordered = sorted(a.roles, key=lambda r: r.start or "", reverse=True)
    role = next((r for r in ordered if r.org and r.active_on(date)), None)
    return role.org if role else None


INITIATION = re.compile(r"\b(attack(ed|s)?|fired|opened fire|open fire|initiat(ed|es)|start(ed|s)|launch(ed|es)|"
                        r"provok(ed|es)|shell(ed|s)|ambush(ed|es)|assault|began shooting|shot first)\b", re.I)


def initiator_conflicts(cid: str, members: list[dict], reg) -> list[dict]:
    """Reports of one clash that blame opposite sides for starting it ("the Taliban forces
    initiated the assault" / "Iranian border guards had opened fire")."""
    from .fuse import principal

    claims = []
    for m in members:
        if not m["target"] or not INITIATION.search(m["evidence"] or ""):
            continue
        side = principal(reg, m["source"], m["date"])
        claims.append((side, m))
    sides = {s for s, _ in claims}
    if len(sides) < 2:
        return []
    items = []
    for side, m in claims:
        a = reg.get(side)
        items.append((m["doc_id"], a.name if a else side, m["evidence"]))
    return [{"id": "k" + stable_id("initiator", cid, n=12), "kind": "actor", "cluster": cid,
             "about": f"who started it: {_describe(reg, members[0])}", "claims": _claims(items)}]


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}
VISIT_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\s+(?:(?:foreign|official|overseas|state|known|"
                           r"ever|such|working)\s+)?(?:visit|trip)\b", re.I)
# "the first visit in eight years", "his second trip as president", "the third visit this
# year": an ordinal counted from some point, not in the whole series of visits.
SCOPED = re.compile(r"\b(since|this year|this month|of the year|in (?:\w+ )?(?:years|decades|months)|"
                    r"for (?:\w+ )?(?:years|decades|months)|as (?:its |the )?[a-z]*\s*(?:president|minister|leader|"
                    r"king|head|chief|envoy|secretary)|by an?\b)", re.I)


def visit_ordinals(doc: str, text: str, visits: list[dict], reg) -> list[tuple]:
    """(visitor, host, ordinal, date, date wording, sentence) for each sentence of an
    article that numbers one of its visits ("the Taliban's second visit to Tehran"). The
    visit is the article's one visit (CAMEO 042/043) whose host or place the sentence names."""
    from .fuse import principal

    out = []
    for sent in _sentences(text):
        m = VISIT_ORDINAL.search(sent)
        if not m or SCOPED.search(sent):
            continue
        hits = {}
        for v in visits:
            visitor, host = (v["source"], v["target"]) if v["code"] != "043" else (v["target"], v["source"])
            host_act = reg.get(host) if host else None
            names = {v["place"]} | ({host_act.name} if host_act else set())
            if visitor and host and any(n and re.search(rf"\b{re.escape(n)}\b", sent) for n in names):
                key = (principal(reg, visitor, v["date"]), principal(reg, host, v["date"]))
                hits.setdefault(key, v)
        if len(hits) != 1:
            continue  # no visit of the article, or several, answer to the sentence
        (visitor, host), v = next(iter(hits.items()))
        if v["date"]:
            out.append((visitor, host, ORDINALS[m.group(1).lower()], v["date"], v["date_text"], sent, doc))
    return out


def visit_ordinal_conflicts(members_of: dict[str, list[dict]], texts: dict[str, str], reg) -> list[dict]:
    """Articles that give one visitor's visits to one host ordinals that cannot all be true:
    two visits months apart both called "the second", or one visit called "second" and
    "third"."""
    visits_of: dict[str, list[dict]] = defaultdict(list)
    for members in members_of.values():
        for m in members:
            if m["code"] in ("042", "043"):
                visits_of[m["doc_id"]].append(m)
    claims = []
    for doc in sorted(visits_of):
        if doc in texts:
            claims += visit_ordinals(doc, texts[doc], visits_of[doc], reg)
    out = []
    for visitor, host in sorted({(c[0], c[1]) for c in claims}, key=str):
        series = [c for c in claims if (c[0], c[1]) == (visitor, host)]
        bad = [(a, b) for i, a in enumerate(series) for b in series[i + 1:] if a[6] != b[6] and (
            (a[2] == b[2] and dates_clash((a[3], a[4]), (b[3], b[4])))
            or (a[2] != b[2] and a[3] == b[3] and len(a[3]) == 10))]
        if not bad:
            continue
        name = lambda x: reg.get(x).name if reg.get(x) else x  # noqa: E731
        items = [(c[6], f"{_ordinal_word(c[2])} visit ({c[3]})", c[5]) for pair in bad for c in pair]
        out.append({"id": "k" + stable_id("visit-ordinal", visitor or "", host or "", n=12), "kind": "number",
                    "cluster": None, "about": f"which visit of {name(visitor)} to {name(host)} this is",
                    "claims": _claims(items)})
    return out


def _ordinal_word(n: int) -> str:
    return next(k for k, v in ORDINALS.items() if v == n)


LOCALITY_NOUN = r"(?:neighbou?rhood|district|area|suburb|quarter)"
PROPER = r"([A-Z][\w-]+(?: [A-Z][\w-]+){0,3})"
LOCALITY = [  # "in an upscale Kabul neighbourhood called Wazir Akbar Khan" / "in the Karte Se area of Kabul"
    (re.compile(rf"\bin (?:an?|the) (?:[a-z]+ )?([A-Z][\w-]+) {LOCALITY_NOUN}(?: called| named| known as)? {PROPER}"), 1, 2),
    (re.compile(rf"\bin the {PROPER} {LOCALITY_NOUN} of ([A-Z][\w-]+)"), 2, 1),
]
ATTACK_NOUN = re.compile(r"\b(strike|airstrike|air strike|attack|bombing|raid|blast|explosion|shooting|clash)\b", re.I)


def localities(text: str) -> list[tuple[str, str, str, str]]:
    """(city, part of the city, what happened there, sentence) for each sentence that puts
    an attack in a named part of a city."""
    out = []
    for sent in _sentences(text):
        what = ATTACK_NOUN.search(sent)
        if not what:
            continue
        for rx, city, part in LOCALITY:
            for m in rx.finditer(sent):
                out.append((m.group(city), m.group(part), what.group(1).lower(), sent))
    return out


def locality_conflicts(members_of: dict[str, list[dict]], texts: dict[str, str], reg) -> list[dict]:
    """Two articles reporting one attack (same kind, same sides once persons and agencies are
    seen as whom they stand for, in the same city, on dates that agree or one undated) that put
    it in different named parts of that city."""
    from .fuse import principal

    by_doc: dict[str, list[tuple]] = defaultdict(list)
    for members in members_of.values():
        for m in members:
            if m["root"] in ("18", "19", "20") and m["place"] and m["doc_id"] in texts:
                by_doc[m["doc_id"]].append((m["root"], principal(reg, m["source"], m["date"]),
                                            principal(reg, m["target"], m["date"]), m["place"], m["date"],
                                            m["date_text"]))
    claims = {d: localities(texts[d]) for d in sorted(by_doc)}
    out = []
    docs = sorted(d for d in claims if claims[d])
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            for ca in claims[a]:
                for cb in claims[b]:
                    if ca[0] != cb[0] or ca[2] != cb[2] or _same_place_name(ca[1], cb[1]):
                        continue
                    if not any(ea[:4] == eb[:4] and ea[3] == ca[0] and not (
                            ea[4] and eb[4] and dates_clash((ea[4], ea[5]), (eb[4], eb[5])))
                            for ea in by_doc[a] for eb in by_doc[b]):
                        continue
                    out.append({"id": "k" + stable_id("locality", a, b, ca[0], n=12), "kind": "place",
                                "cluster": None, "about": f"where in {ca[0]} the {ca[2]} took place",
                                "claims": _claims([(a, ca[1], ca[3]), (b, cb[1], cb[3])])})
    return out


def _same_place_name(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return fuzz.ratio(a, b) >= 80 or a in b or b in a


ACTS = {"accept": "accept", "receive": "accept", "recognise": "recognise", "recognize": "recognise",
        "appoint": "send", "send": "send", "open": "open", "reopen": "open"}
_ACT = r"(accept|receiv|recogni[sz]|appoint|sen[dt]|reopen|open)\w*"
_THING = r"(?:an? |the |its )?(?:[\w-]+ )?(ambassador|envoy|embassy|government|delegation|mission)s?\b"
ONLY_ONE = re.compile(rf"\bonly ([A-Z][a-z]+) (?:had|has|have) (?:so far |yet |ever )?(?:formally |officially )?"
                      rf"{_ACT} {_THING}")
FIRST_OF_MANY = re.compile(rf"\b([A-Z][a-z]+) was the first (?:country|nation|state|government) to "
                           rf"(?:formally |officially )?{_ACT} {_THING}[^.]*?\b(?:several|many|other|a number of|"
                           rf"more|further) (?:other )?(?:nations|countries|states|governments)")


def _act(stem: str) -> str:
    stem = stem.lower().replace("sent", "send").replace("receiv", "receive")
    return next((v for k, v in ACTS.items() if k.startswith(stem[:5])), stem)


def sole_or_first(text: str) -> list[tuple[tuple, bool, str]]:
    """((who, act, thing), alone, sentence): "only China had accepted an ambassador" says
    China alone did; "China was the first country to receive an ambassador, several other
    nations following" says others did too."""
    out = []
    for sent in _sentences(text):
        for rx, alone in ((ONLY_ONE, True), (FIRST_OF_MANY, False)):
            for m in rx.finditer(sent):
                out.append(((m.group(1), _act(m.group(2)), m.group(3).lower()), alone, sent))
    return out


def _same_story(members_of: dict[str, list[dict]], reg) -> set[tuple[str, str]]:
    """Pairs of documents that report one event: they share a fused event, or events between
    the same two parties (as whom they stand for) on dates that agree, both dated."""
    from .fuse import principal

    shared: set[tuple[str, str]] = set()
    dyads: dict[frozenset, list[tuple[str, str, str | None]]] = defaultdict(list)
    for members in members_of.values():
        docs = sorted({m["doc_id"] for m in members})
        shared |= {(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]}
        for m in members:
            pair = frozenset((principal(reg, m["source"], m["date"]), principal(reg, m["target"], m["date"])))
            if m["date"] and len(pair) == 2 and None not in pair:
                dyads[pair].append((m["doc_id"], m["date"], m["date_text"]))
    for items in dyads.values():
        for i, (da, va, ta) in enumerate(items):
            for db, vb, tb in items[i + 1:]:
                if da != db and not dates_clash((va, ta), (vb, tb)):
                    shared.add(tuple(sorted((da, db))))
    return shared


def sole_conflicts(members_of: dict[str, list[dict]], texts: dict[str, str], reg) -> list[dict]:
    """Two reports of one event of which one says a country alone did something and the
    other that it was only the first of several."""
    shared = _same_story(members_of, reg)
    said = {d: sole_or_first(t) for d, t in sorted(texts.items())}
    out = []
    for a, b in sorted(shared):
        for ka, alone_a, sa in said.get(a, []):
            for kb_, alone_b, sb in said.get(b, []):
                if ka == kb_ and alone_a != alone_b:
                    who, act, thing = ka
                    out.append({"id": "k" + stable_id("sole", a, b, *ka, n=12), "kind": "actor", "cluster": None,
                                "about": f"whether {who} alone did it ({act} {thing})",
                                "claims": _claims([(a, f"only {who}" if alone_a else f"{who} first of several", sa),
                                                   (b, f"only {who}" if alone_b else f"{who} first of several", sb)])})
    return out


def detect(members_of: dict[str, list[dict]], roles: list[dict], reg, rows: list[dict],
           texts: dict[str, str] | None = None, docs: dict[str, tuple[str, str | None]] | None = None) -> list[dict]:
    """All conflicts: per fused event (``members_of``), offices (``roles``), counts inside each
    document's event sentences (``rows``), and casualty counts inside deadly articles
    (``docs``: id -> (text, published), those that report a killing or a clash)."""
    found: list[dict] = []
    for cid, members in sorted(members_of.items()):
        if len(members) < 2:
            continue
        deadly = members[0]["root"] in ("18", "19", "20")
        if deadly:
            found += initiator_conflicts(cid, members, reg)
        found += date_conflicts(cid, members, reg)
        found += place_conflicts(cid, members, reg)
        if deadly and texts and len({m["doc_id"] for m in members}) > 1:
            found += casualty_conflicts(cid, members, texts, reg)  # counts anywhere in the reports
        else:
            found += number_conflicts(cid, sorted({(m["doc_id"], m["evidence"]) for m in members}),
                                      f"{_describe(reg, members[0])}: ")
    found += office_conflicts(roles, reg)
    by_doc: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_doc[r["doc_id"]].add(r["evidence"])
    for doc, sents in sorted(by_doc.items()):
        found += number_conflicts(None, sorted((doc, s) for s in sents), "")
    for doc, (text, published) in sorted((docs or {}).items()):
        found += document_casualty_conflicts(doc, text, published, reg.kb)
    for doc, text in sorted((texts or {}).items()):
        found += appointment_conflicts(doc, text)
    found += visit_ordinal_conflicts(members_of, texts or {}, reg)
    found += locality_conflicts(members_of, texts or {}, reg)
    found += sole_conflicts(members_of, texts or {}, reg)
    unique = {}
    for c in found:
        unique.setdefault(c["id"], c)
    return list(unique.values())
