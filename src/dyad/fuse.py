"""Fusion: event mentions from several articles that report one real-world event become one
cluster. Blocking keys (actor pair, CAMEO root) keep the work linear in the number of events;
within a block, mentions with compatible dates join the same cluster. Cluster ids are
derived from their earliest mention, so re-running on the same corpus gives the same ids."""
from __future__ import annotations

from collections import defaultdict

from .model import stable_id
from .store import Store
from .store.curation import Curator


def compatible(a: str | None, b: str | None) -> bool:
    """Dates that can describe the same event: equal at the coarser precision, or unknown."""
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def run(store: Store) -> int:
    Curator(store).apply_decisions()   # clusters follow the analysts' merge/split decisions
    rows = store.rows("SELECT id, doc_id, source, target, root, date FROM events ORDER BY id")
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        pair = tuple(sorted([r["source"] or "", r["target"] or ""])) if r["root"] == "04" else (r["source"], r["target"])
        blocks[(pair, r["root"])].append(r)
    assignments: dict[str, str] = {}
    for key, evs in blocks.items():
        clusters: list[list[dict]] = []
        # Dated mentions first, most precise first, so vague ones join the best match.
        for e in sorted(evs, key=lambda e: (-(len(e["date"] or "")), e["id"])):
            home = next((c for c in clusters if all(compatible(e["date"], x["date"]) for x in c)), None)
            if home is None:
                clusters.append([e])
            else:
                home.append(e)
        for c in clusters:
            first = min(x["id"] for x in c)
            cid = "c" + stable_id(*key, first, n=12)
            for x in c:
                assignments[x["id"]] = cid
    store.set_clusters(assignments)
    return len(set(assignments.values()))
