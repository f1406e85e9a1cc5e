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

from . import conflicts as conflicts_mod
from . import outlets as outlets_mod
from . import syndication
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


def cluster_block(evs: list[dict]) -> list[list[dict]]:
    clusters: list[list[dict]] = []
    dated = sorted((e for e in evs if e["date"]), key=lambda e: (-len(e["date"]), e["id"]))
    for e in dated:
        home = next((c for c in clusters if not _places_clash(e, c)
                     and all(dates_agree(e["date"], x["date"]) for x in c if x["date"])), None)
        if home is None:
            home = next((c for c in clusters if not _places_clash(e, c)
                         and all(dates_agree(e["date"], x["date"]) or near(e, x) for x in c if x["date"])
                         and any(near(e, x) for x in c if x["date"])), None)
        if home is None:
            clusters.append([e])
        else:
            home.append(e)
    # An undated mention joins the block's latest event dated within two months before its
    # article's publication (news mostly reports the recent); else it stays its own event.
    for e in sorted((e for e in evs if not e["date"]), key=lambda e: e["id"]):
        best, best_date = None, ""
        for c in clusters:
            d = max((x["date"] for x in c if x["date"]), default="")
            pub = e.get("published") or ""
            if len(d) >= 7 and len(pub) >= 7 and d[:7] <= pub[:7] and _months_apart(d[:7], pub[:7]) <= 2 and d > best_date:
                best, best_date = c, d
        if best is None:
            clusters.append([e])
        else:
            best.append(e)
    return clusters


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


def update_sources(fs: FusionStore) -> None:
    """Outlet and syndication group of every document (signatures only for new ones)."""
    table = outlets_mod.default()
    new = fs.docs_without_source()
    if new:
        rows, seen = [], {}
        for d in new:
            o = table.match(d["url"], d["outlet"])
            if o is not None:
                seen[o.id] = o
            rows.append((d["id"], o.id if o else None, syndication.signature(d["text"])))
        fs.add_sources(rows, list(seen.values()))
    fs.set_groups(syndication.groups(fs.signatures()))


def run(store: Store) -> int:
    Curator(store).apply_decisions()   # clusters follow the analysts' merge/split decisions
    fs = FusionStore(store)
    update_sources(fs)
    reg = registry(store)
    rows = fs.event_rows()
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        s, t = principal(reg, r["source"], r["date"]), principal(reg, r["target"], r["date"])
        pair = tuple(sorted([s or "", t or ""])) if r["root"] in RECIPROCAL else (s, t)
        blocks[(r["root"], pair)].append(r)
    assignments: dict[str, str] = {}
    clusters: list[dict] = []
    members_of: dict[str, list[dict]] = {}
    one_sided = {k: v for k, v in blocks.items() if "" in k[1] or None in k[1]}
    by_root_party: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, evs in sorted(blocks.items(), key=lambda kv: str(kv[0])):
        if key in one_sided:
            continue
        for c in cluster_block(evs):
            first = min(x["id"] for x in c)
            cid = "c" + stable_id(key[0], *key[1], first, n=12)
            members_of[cid] = c
            for party in key[1]:
                by_root_party[(key[0], party)].append(cid)
            for x in c:
                assignments[x["id"]] = cid
    # A report that names only one side ("the agreement signed by Baradar on February 20")
    # joins an event of the same kind that side took part in, when the dates agree or are
    # near; else it is an event of its own.
    for key, evs in sorted(one_sided.items(), key=lambda kv: str(kv[0])):
        party = next((p for p in key[1] if p), None)
        rest = []
        for e in sorted(evs, key=lambda e: e["id"]):
            cands = [cid for cid in by_root_party.get((key[0], party), []) if e["date"] and any(
                x["date"] and (dates_agree(e["date"], x["date"]) and len(e["date"]) >= 7 or near(e, x))
                for x in members_of[cid])]
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
    found = conflicts_mod.detect(members_of, fs.text_roles(), reg, rows, fs.texts(deadly))
    disputed = {c["cluster"] for c in found if c.get("cluster")}
    for cid, members in members_of.items():
        summary = _summary(cid, members)
        grade, why = credibility(summary["sources"], [m["reliability"] or "F" for m in members], cid in disputed)
        summary["credibility"], summary["credibility_reason"] = grade, why
        clusters.append(summary)
    fs.replace_clusters(clusters, found)
    return len(clusters)
