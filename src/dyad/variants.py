"""Spelling variants: a person learned from two articles under two spellings ("Dmitry Zhirnov",
"Dmitry Zhirinov") is one person. Before each fusion, every pair of persons learned from text
whose names differ in one word, and in that word by one letter (both spellings of five letters
or more, the same first letter; not two different countries), gets an automatic merge decision
(``decided_by = 'auto'``) in the store's curation table: applied like an analyst's, listed with
them, undoable, and never proposed again once undone.

Pairs are found by blocking on the name without one of its words, so the work stays linear in
the number of learned persons.
"""
from __future__ import annotations

from collections import defaultdict

from .kb import norm_key
from .store.curation import Curator

MIN_LETTERS = 5


def _one_letter_apart(a: str, b: str) -> bool:
    if a == b or a[0] != b[0] or min(len(a), len(b)) < MIN_LETTERS or abs(len(a) - len(b)) > 1:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) == 1


def pairs(persons: list[dict]) -> list[tuple[str, str, str]]:
    """(kept id, merged id, why) for the spelling variants among `persons` (dicts with id, name,
    country, mentions); the one named more often is kept (the smaller id on a tie)."""
    blocks: dict[tuple[int, tuple[str, ...]], list[tuple[str, dict]]] = defaultdict(list)
    for p in sorted(persons, key=lambda p: p["id"]):
        words = norm_key(p["name"] or "").split()
        if len(words) < 2:
            continue
        for k, w in enumerate(words):
            blocks[(k, tuple(words[:k] + words[k + 1:]))].append((w, p))
    # Two names that differ in one word share exactly one block (the one without that word).
    out, gone = [], set()
    for key in sorted(blocks):
        members = blocks[key]
        for i, (wa, a) in enumerate(members):
            for wb, b in members[i + 1:]:
                if not _one_letter_apart(wa, wb):
                    continue
                if a["country"] and b["country"] and a["country"] != b["country"]:
                    continue
                keep, other = sorted((a, b), key=lambda p: (-p["mentions"], p["id"]))
                if keep["id"] in gone or other["id"] in gone:
                    continue
                gone.add(other["id"])
                out.append((keep["id"], other["id"], f"spelling variants: {keep['name']} / {other['name']}"))
    return out


def propose(store) -> int:
    """Record an automatic merge for each new pair of spelling variants; how many were recorded."""
    cur = Curator(store)
    cur.ensure_curation()
    persons = store.rows("""
        SELECT a.id, a.name, a.country, count(m.actor_id) AS mentions
        FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
        WHERE a.origin = 'text' AND a.kind = 'person' GROUP BY ALL""")
    merges = [d for d in cur.decisions() if d["kind"] == "merge"]
    decided = {frozenset((d["actor"], d["other"])) for d in merges}
    merged_away = {d["other"] for d in merges if not d["undone"]}
    persons = [p for p in persons if p["id"] not in merged_away]
    n = 0
    for keep, other, why in pairs(persons):
        if frozenset((keep, other)) in decided:
            continue
        cur.record("merge", keep, other, by="auto", note=why)
        n += 1
    return n
