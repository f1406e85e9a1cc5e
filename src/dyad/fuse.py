"""Fusion: event mentions from several articles (or one) that report one real-world event
become one cluster, with its mentions, independent sources and credibility; where the
reports disagree, a conflict records each side.

- Sources: each document's outlet (data/outlets.yaml, else its metadata) and syndication
  group (near-duplicate texts are one source, see syndication.py).
- Blocking: mentions are grouped by CAMEO root and the *principal* of each actor (a person
  stands for the organisation or country of the office held on the event's date, a
  government body for its country), so "Baradar met Zarif" and "the Taliban visited Iran"
  meet, and the work stays linear in the number of mentions.
- Within a block, mentions join a cluster when their dates agree (one a prefix of the other),
  or when different reports give dates close enough to be one event told differently (one
  month apart, or days apart with nearly the same wording): then the dates become a conflict.
- Cluster ids come from the block and the cluster's first mention, so a re-run on the same
  corpus gives the same ids and new articles extend clusters instead of renaming them.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from . import conflicts as conflicts_mod
from . import outlets as outlets_mod
from . import syndication, variants
from .actors import Registry
from .kb import default as default_kb
from .model import stable_id
from .store import Store
from .store.curation import Curator
from .store.fusion import FusionStore

RECIPROCAL = {"03", "04", "05", "06", "19"}
# Acts a pair of actors does once, not weekly: two dates for one of them within two weeks are
# one act told two ways (signing an agreement, recognition, an assassination, a withdrawal).
ONE_OFF_CODES = {"057", "054", "186", "192", "0874", "203"}
DISCRETE_ROOTS = {"04", "05", "06", "07", "08", "15", "16", "17", "18", "19", "20"}
GOVERNMENTAL = {"government_body", "military", "security", "intelligence"}
STOP = set("""the a an and or of to in on at for with by from that this these those was were is are be been has have
had it its their his her they he she as said says after before about over under into than then there which who
whom whose while when where also not but during since until would could should will may might""".split())


def registry(store: Store) -> Registry:
    reg = Registry(default_kb())
    for a in store.learned_actors():
        reg.learned[a.id] = a
    return reg


def principal(reg: Registry, actor_id: str | None, date: str | None, depth: int = 0) -> str | None:
    """The organisation or country an actor stands for in fusion blocking."""
    if not actor_id or depth > 4:
        return actor_id
    a = reg.get(actor_id)
    kb = reg.kb
    if a is not None and a.kind == "country":
        # A country is blocked with whoever governs it then, when that is not simply its
        # government: "Afghan forces" in 2023 are the Taliban's.
        capital = next((c for c, cid in kb.capitals.items() if cid == actor_id), None)
        ruler = kb.lookup(capital, date) if capital else None
        r = reg.get(ruler) if ruler else None
        if r is not None and r.kind == "organization" and r.org_type not in GOVERNMENTAL | {"government"}:
            return ruler
        return actor_id
    if a is None:
        return actor_id
    if a.kind == "person":
        ordered = sorted(a.roles, key=lambda r: r.start or "", reverse=True)
        role = next((r for r in ordered if r.org and r.active_on(date)), None) or next(
            (r for r in ordered if r.org), None)
        if role is not None:
            return principal(reg, role.org, date, depth + 1)
        return kb.iso3.get(a.country or "") or actor_id
    if a.org_type in GOVERNMENTAL and a.country and a.country in kb.iso3:
        return kb.iso3[a.country]
    if a.parent and a.parent in kb.actors and kb.actors[a.parent].kind != "country":
        return principal(reg, a.parent, date, depth + 1)
    return actor_id


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", (text or "").lower())
    return {w for w in words if len(w) > 3 and w not in STOP and w not in _MONTHS}


_MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september", "october",
           "november", "december"}


def similarity(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / max(1, len(wa | wb))


def _months_apart(a: str, b: str) -> int:
    ya, ma = int(a[:4]), int(a[5:7])
    yb, mb = int(b[:4]), int(b[5:7])
    return abs((ya * 12 + ma) - (yb * 12 + mb))


def dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _fresh(m: dict) -> bool:
    """A report of something that happened just before its article was published."""
    d, pub = m["date"] or "", m.get("published") or ""
    if len(d) == 10 and len(pub) == 10:
        from datetime import date

        return 0 <= (date.fromisoformat(pub) - date.fromisoformat(d)).days <= 4
    return len(d) >= 7 and len(pub) >= 7 and d[:7] == pub[:7]


def near(m: dict, other: dict) -> bool:
    """Two dated reports that disagree on the date but plausibly describe one discrete event
    (a visit, an agreement, an attack; not statements, which recur). Two fresh reports of
    their own days are two events ("met on the 9th" in a paper of the 10th, "met again on the
    16th" in one of the 17th); a report looking back that disagrees with another is one event
    told two ways, as are two dates for one act in the same article."""
    a, b = m["date"], other["date"]
    if not a or not b or len(a) < 7 or len(b) < 7 or m["root"] not in DISCRETE_ROOTS:
        return False
    if m["doc_id"] != other["doc_id"] and _fresh(m) and _fresh(other):
        return False
    if min(len(a), len(b)) == 7 and m["doc_id"] != other["doc_id"]:
        return _months_apart(a, b) <= 1
    if len(a) == 10 and len(b) == 10:
        from datetime import date

        days = abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
        looking_back = not (_fresh(m) and _fresh(other))
        once = m["code"] in ONE_OFF_CODES and other["code"] in ONE_OFF_CODES
        return days <= 14 and (similarity(m["evidence"], other["evidence"]) >= 0.3 or once) or (
            looking_back and days <= 3)
    return False


def _places_clash(m: dict, c: list[dict]) -> bool:
    if not m.get("place_country"):
        return False
    return any(x.get("place_country") and x["place_country"] != m["place_country"] for x in c)


# A date the sentence itself states ("on May 3", "last week") pins an event down; one borrowed
# from a neighbouring sentence ('inherited') or guessed from the publication date
# ('publication') is a weaker clue, and so is a bare year.
STRONG_BASES = {"explicit", "relative", None}
HABITUAL = re.compile(r"\b(repeatedly|regularly|frequently|often|routinely|time and again|many times|"
                      r"on (?:several|many|various|numerous|multiple|different) occasions)\b", re.I)
ITERATIVE = r"(?:earlier|previous|past|prior|several|many|numerous|repeated|regular|frequent|multiple|various|other)"


def generic(m: dict) -> bool:
    """A mention of a kind of event that recurred, not of one event: "has also hosted earlier
    meetings", "held several rounds of talks", "has repeatedly warned". It is kept, but fused
    with nothing: it has no one date or place to agree on."""
    return _generic(m.get("evidence") or "", (m.get("trigger") or "").strip())


@lru_cache(maxsize=4096)   # asked for every pair of mention and cluster; cleared by each run
def _generic(ev: str, trig: str) -> bool:
    if not trig:
        return False
    at = [x.start() for x in re.finditer(rf"\b{re.escape(trig)}\b", ev)]
    for i in at:
        if HABITUAL.search(ev[max(0, i - 40):i + len(trig) + 30]):
            return True
        if trig.lower().endswith("s") and re.search(rf"\b{ITERATIVE}\s+(?:[\w-]+\s+){{0,2}}$", ev[max(0, i - 50):i], re.I):
            return True
    return False


def strong(m: dict) -> bool:
    return bool(m["date"]) and m.get("date_basis") in STRONG_BASES


def speakers_differ(a: dict, b: dict) -> bool:
    """Two different named persons doing a one-sided act (a statement, a threat, an accusation)
    did two things, even for one government: Zarif's remark is not Shamkhani's. Meetings
    differ: a delegation meets several officials in one visit."""
    if a["root"] in RECIPROCAL:
        return False
    pa, pb = a.get("src_person"), b.get("src_person")
    return bool(pa and pb and pa != pb)


def counterparts_differ(a: dict, b: dict) -> bool:
    """On one side, two different named parties that are not one inside the other: a meeting
    with Zarif is not the meeting with the Quds Force commander, even in one visit. A report
    naming only the country ("visited Iran") fits either."""
    pa, pb = a.get("parties") or {}, b.get("parties") or {}
    for side in pa.keys() & pb.keys():
        x, y = pa[side], pb[side]
        if x != y and x not in b["related"].get(y, ()) and y not in a["related"].get(x, ()):
            return True
    return False


def parties(reg: Registry, row: dict, principals: tuple[str | None, str | None]) -> None:
    """The named party on each side that is more specific than the side itself (a person, a
    ministry, a unit), and what each belongs to, for counterparts_differ."""
    row["parties"], row["related"] = {}, {}
    for actor_id, side in zip((row["source"], row["target"]), principals):
        a = reg.get(actor_id) if actor_id else None
        if a is None or not side or actor_id == side or a.kind == "country":
            continue
        row["parties"][side] = actor_id
        row["related"][actor_id] = {g for g in (a.parent, *(r.org for r in a.roles)) if g}


def support(e: dict, c: list[dict]) -> bool:
    """Something besides a loose date ties a mention to a cluster: the same article, nearly the
    same wording, the same named place, or (for a one-sided act) the same named person acting."""
    place = (e.get("place") or "").lower()
    person = e.get("src_person") if e["root"] not in RECIPROCAL else None
    return any(x["doc_id"] == e["doc_id"] or similarity(e["evidence"], x["evidence"]) >= 0.3
               or (place and (x.get("place") or "").lower() == place)
               or (person and x.get("src_person") == person) for x in c)


def can_join(e: dict, c: list[dict], allow_near: bool = False) -> bool:
    if generic(e) or generic(c[0]) or _places_clash(e, c) or any(
            speakers_differ(e, x) or counterparts_differ(e, x) for x in c):
        return False
    dated = [x for x in c if x["date"]]
    if not e["date"]:
        return bool(dated) and support(e, c)
    if not all(dates_agree(e["date"], x["date"]) for x in dated):
        # Dates one month or a few days apart may be one act told two ways (see near()); a
        # date the sentence does not state must still agree with one the cluster states.
        if not allow_near:
            return False
        near_ok = [x for x in dated if strong(x) and near(e, x)]
        if not near_ok or not all(dates_agree(e["date"], x["date"]) or (strong(x) and near(e, x)) for x in dated):
            return False
        if not strong(e) and not any(strong(x) and dates_agree(e["date"], x["date"]) for x in dated):
            return False
    if strong(e) and len(e["date"]) >= 7:
        return True
    # A bare year, or a date the sentence does not state, fits many events: it joins one only
    # with support, or, for a discrete act (a visit, an attack), one whose date is stated.
    return support(e, c) or (e["root"] in DISCRETE_ROOTS and len(e["date"]) >= 7 and any(
        strong(x) and len(x["date"]) >= 7 and dates_agree(e["date"], x["date"]) for x in dated))


def _latest(c: list[dict]) -> str:
    return max((x["date"] for x in c if x["date"]), default="")


def cluster_block(evs: list[dict]) -> list[list[dict]]:
    clusters: list[list[dict]] = []
    singles = [[e] for e in sorted(evs, key=lambda e: e["id"]) if generic(e)]
    evs = [e for e in evs if not generic(e)]
    order = sorted((e for e in evs if e["date"]), key=lambda e: (not strong(e), -len(e["date"]), e["id"]))
    for e in order:
        cands = [c for c in clusters if can_join(e, c)] or [c for c in clusters if can_join(e, c, allow_near=True)]
        own = [c for c in cands if any(x["doc_id"] == e["doc_id"] for x in c)]
        weak = not strong(e) or len(e["date"]) < 7
        if own:
            home = own[0]
        elif cands and (not weak or len(cands) == 1):
            home = cands[0]  # a weak date that fits several events picks none of them
        else:
            home = None
        if home is None:
            clusters.append([e])
        else:
            home.append(e)
    # An undated mention joins an event its own article dates (the latest, when several), or
    # one another article reports in the two months before its publication in nearly the
    # same words or at the same place; else it stays an event of its own.
    for e in sorted((e for e in evs if not e["date"]), key=lambda e: e["id"]):
        cands = [c for c in clusters if can_join(e, c)]
        own = [c for c in cands if any(x["doc_id"] == e["doc_id"] for x in c)]
        pub = e.get("published") or ""
        if own:
            best = max(own, key=lambda c: (_latest(c) <= pub if pub else True, _latest(c)))
        else:
            ok = [c for c in cands if len(_latest(c)) >= 7 and len(pub) >= 7 and _latest(c)[:7] <= pub[:7]
                  and _months_apart(_latest(c)[:7], pub[:7]) <= 2]
            best = max(ok, key=_latest) if ok else None
        if best is None:
            clusters.append([e])
        else:
            best.append(e)
    return clusters + singles


def _side(root: str, side: int) -> int:
    """Which side of a dyad a party is on; either, for acts done together (meetings, clashes)."""
    return -1 if root in RECIPROCAL else side


def credibility(sources: int, reliabilities: list[str], disputed: bool) -> tuple[int, str]:
    """Admiralty information-credibility grade (1 confirmed … 6 cannot be judged) and why."""
    good = sum(1 for r in reliabilities if r in ("A", "B", "C"))
    if sources >= 3:
        grade, why = 1, f"confirmed by {sources} independent sources"
    elif sources == 2:
        grade, why = 2, "reported by 2 independent sources"
    elif good:
        grade, why = 3, "one source, of usually reliable standing"
    else:
        grade, why = 6, "one source whose reliability cannot be judged"
    if disputed:
        grade = min(6, grade + 1) if grade < 6 else grade
        why += "; sources disagree on details (see conflicts)"
    return grade, why


def _summary(cid: str, members: list[dict]) -> dict:
    codes = Counter(m["code"] for m in members)
    code = sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    dates = Counter(m["date"] for m in members if m["date"])
    date = sorted(dates.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0] if dates else None
    srcs = Counter(m["source"] for m in members)
    source = sorted(srcs.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    tgts = Counter(m["target"] if m["target"] != source else m["source"]
                   for m in members if m["target"] and not (m["target"] == source and m["source"] == source))
    tgts.pop(source, None)
    placed = [m for m in members if m["place"]]
    reports = sorted(m["published"] for m in members if m["published"])
    return {
        "id": cid, "root": code[:2], "code": code,
        "source": source,
        "target": sorted(tgts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if tgts else None,
        "date": date, "date_precision": {4: "year", 7: "month", 10: "day"}.get(len(date)) if date else None,
        "place": placed[0]["place"] if placed else None, "lat": placed[0]["lat"] if placed else None,
        "lon": placed[0]["lon"] if placed else None,
        "mentions": len(members), "documents": len({m["doc_id"] for m in members}),
        "sources": len({m["grp"] for m in members}),
        "outlets": sorted({m["outlet_name"] for m in members if m["outlet_name"]}),
        "first_report": reports[0] if reports else None, "last_report": reports[-1] if reports else None,
        "goldstein": round(sum(m["goldstein"] for m in members) / len(members), 2),
        "quad_class": Counter(m["quad_class"] for m in members).most_common(1)[0][0],
    }


def add_sources(fs: FusionStore, docs: list[tuple[str, str | None, str | None, str]]) -> None:
    """Record the outlet and MinHash signature of documents given as (id, url, outlet, text):
    the ingest does this as it stores them (while the parser works), fusion for any stored
    without them."""
    table = outlets_mod.default()
    rows, seen = [], {}
    for doc_id, url, outlet, text in docs:
        o = table.match(url, outlet)
        if o is not None:
            seen[o.id] = o
        rows.append((doc_id, o.id if o else None, syndication.signature(text)))
    fs.add_sources(rows, list(seen.values()))


def update_sources(fs: FusionStore) -> None:
    """Outlet and syndication group of every document (signatures only for documents stored
    without them, e.g. by the Dask engine's loader)."""
    new = fs.docs_without_source()
    if new:
        add_sources(fs, [(d["id"], d["url"], d["outlet"], d["text"]) for d in new])
    fs.set_groups(syndication.groups(fs.signatures()))


def run(store: Store) -> int:
    """Fuse every event of the store into clusters and conflicts, in one transaction."""
    with store.transaction():
        return _run(store)


def _run(store: Store) -> int:
    _generic.cache_clear()
    variants.propose(store)            # one person spelled two ways: an automatic, undoable merge
    Curator(store).apply_decisions()   # clusters follow the analysts' merge/split decisions
    fs = FusionStore(store)
    update_sources(fs)
    reg = registry(store)
    rows = fs.event_rows()
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        a = reg.get(r["source"]) if r["source"] else None
        r["src_person"] = r["source"] if a is not None and a.kind == "person" else None
        s, t = principal(reg, r["source"], r["date"]), principal(reg, r["target"], r["date"])
        parties(reg, r, (s, t))
        pair = tuple(sorted([s or "", t or ""])) if r["root"] in RECIPROCAL else (s, t)
        blocks[(r["root"], pair)].append(r)
    assignments: dict[str, str] = {}
    clusters: list[dict] = []
    members_of: dict[str, list[dict]] = {}
    one_sided = {k: v for k, v in blocks.items() if "" in k[1] or None in k[1]}
    by_root_party: dict[tuple, list[str]] = defaultdict(list)
    for key, evs in sorted(blocks.items(), key=lambda kv: str(kv[0])):
        if key in one_sided:
            continue
        for c in cluster_block(evs):
            first = min(x["id"] for x in c)
            cid = "c" + stable_id(key[0], *key[1], first, n=12)
            members_of[cid] = c
            for side, party in enumerate(key[1]):
                by_root_party[(key[0], _side(key[0], side), party)].append(cid)
            for x in c:
                assignments[x["id"]] = cid
    # A report that names only one side ("the agreement signed by Baradar on February 20")
    # joins an event of the same kind that side took part in, on the same side (the one who
    # accused is not the accused), when the dates agree or are near; else it is an event of
    # its own.
    for key, evs in sorted(one_sided.items(), key=lambda kv: str(kv[0])):
        side, party = next((i, p) for i, p in enumerate(key[1]) if p) if any(key[1]) else (0, None)
        rest = []
        for e in sorted(evs, key=lambda e: e["id"]):
            cands = [cid for cid in by_root_party.get((key[0], _side(key[0], side), party), [])
                     if e["date"] and len(e["date"]) >= 7 and (
                         can_join(e, members_of[cid]) or can_join(e, members_of[cid], allow_near=True))]
            if len(cands) == 1:
                members_of[cands[0]].append(e)
                assignments[e["id"]] = cands[0]
            else:
                rest.append(e)
        for c in cluster_block(rest):
            first = min(x["id"] for x in c)
            cid = "c" + stable_id(key[0], *key[1], first, n=12)
            members_of[cid] = c
            for x in c:
                assignments[x["id"]] = cid
    store.set_clusters(assignments)
    deadly = {m["doc_id"] for ms in members_of.values() if ms[0]["root"] in ("18", "19", "20")
              and len({x["doc_id"] for x in ms}) > 1 for m in ms}
    # Articles that report a killing, or give counts of the dead, are read whole for counts.
    published = {r["doc_id"]: r["published"] for r in rows}
    casualty_docs = {r["doc_id"] for r in rows if r["root"] in ("18", "19", "20")
                     or conflicts_mod.CASUALTY.search(r["evidence"] or "")}
    # ... and those whose wording another kind of conflict looks for (appointments, ...).
    cued = {r["id"] for r in fs.rows("SELECT id FROM documents WHERE regexp_matches(text, ?)",
                                     [conflicts_mod.TEXT_CUES])}
    texts = fs.texts(deadly | casualty_docs | cued)
    found = conflicts_mod.detect(members_of, fs.text_roles(), reg, rows, texts,
                                 {d: (texts[d], published.get(d)) for d in sorted(casualty_docs) if d in texts})
    disputed = {c["cluster"] for c in found if c.get("cluster")}
    for cid, members in members_of.items():
        summary = _summary(cid, members)
        grade, why = credibility(summary["sources"], [m["reliability"] or "F" for m in members], cid in disputed)
        summary["credibility"], summary["credibility_reason"] = grade, why
        clusters.append(summary)
    fs.replace_clusters(clusters, found)
    return len(clusters)
