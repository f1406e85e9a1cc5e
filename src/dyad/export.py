"""Exports of the store. `jsonl`: the gold format of shared/gold/FORMAT.md (docs, actors,
events, conflicts), single values where the gold has lists, plus dyad's own fields."""
from __future__ import annotations

import json
from pathlib import Path

from .kb import norm_key
from .store import Store

FORMATS = ("jsonl",)


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _actor_code(row: dict) -> str:
    """CAMEO-style code now: the KB's dated roles for known persons, else country + sector."""
    from .kb import default as default_kb

    kb = default_kb()
    known = kb.actors.get(row["id"])
    if known is not None:
        return known.code(None, kb)
    sector = row["sector"] or next((r["sector"] for r in reversed(row.get("roles") or []) if r["sector"]), None)
    return f"{row['country'] or '---'}{sector or ''}"


def actor_rows(store: Store) -> list[dict]:
    out = []
    for a in store.actors_used():
        aliases, seen = [], set()
        forms = [a["name"], *sorted(a.get("surface") or [])]
        # One word of a longer name of the same actor ("Ghani" beside "Ashraf Ghani") says
        # nothing the longer name does not, and would make the export ambiguous.
        longer = {w for f in forms if len(norm_key(f).split()) > 1 for w in norm_key(f).split()}
        for al in forms:
            k = norm_key(al)
            if k and k not in seen and not (al != a["name"] and " " not in k and k in longer):
                seen.add(k)
                aliases.append(al.strip())
        out.append({
            "id": a["id"], "name": a["name"], "kind": a["kind"], "country": a["country"],
            "aliases": aliases,
            "affiliations": [{"actor": r["org"], "role": r["title"], "start": r["start_date"], "end": r["end_date"],
                              "doc": r["doc_id"], "evidence": r["evidence"]} for r in a["roles"]],
            "code": _actor_code(a),
            "sector": a["sector"], "type": a["org_type"], "parent": a["parent"], "origin": a["origin"],
        })
    return out


def event_rows(store: Store) -> list[dict]:
    from .store.fusion import FusionStore

    clusters = FusionStore.read(store).clusters() if FusionStore.present(store) else {}
    out = []
    for e in store.events():
        cl = clusters.get(e["cluster"] or "", {})
        out.append({
            "id": e["id"], "doc": e["doc_id"], "event_key": e["cluster"], "cluster": e["cluster"],
            "source": e["source"], "target": e["target"], "cameo": e["code"], "date": e["date"],
            "location": e["place"], "evidence": e["evidence"],
            "date_precision": e["date_precision"], "date_basis": e["date_basis"], "date_text": e["date_text"],
            "goldstein": e["goldstein"], "quad_class": e["quad_class"], "plover": e["plover"],
            "source_code": e["source_code"], "target_code": e["target_code"], "confidence": e["confidence"],
            "coordinates": ({"lat": e["lat"], "lon": e["lon"], "country": e["place_country"]}
                            if e["lat"] is not None else None),
            "evidence_start": e["sent_start"], "evidence_end": e["sent_end"], "trigger": e["trigger"],
            "attribution": e["attribution"],
            "mentions": cl.get("mentions"), "sources": cl.get("sources"),
            "credibility": cl.get("credibility"), "credibility_reason": cl.get("credibility_reason"),
        })
    return out


def doc_rows(store: Store) -> list[dict]:
    return [{"doc": d["id"], "outlet": d["outlet"], "published": d["published"],
             "published_basis": d["published_basis"], "title": d["title"], "url": d["url"]}
            for d in store.documents()]


def conflict_rows(store: Store) -> list[dict]:
    from .store.fusion import FusionStore

    if not FusionStore.present(store):
        return []
    out = []
    clusters = FusionStore.read(store).clusters()
    for c in FusionStore.read(store).conflicts():
        out.append({"id": c["id"], "about": c["about"], "kind": c["kind"], "event_key": c["cluster"],
                    "claims": c["claims"],
                    "credibility": clusters.get(c["cluster"], {}).get("credibility") if c["cluster"] else None})
    return out


def export_jsonl(store: Store, out_dir: str | Path) -> dict[str, int]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {"docs.jsonl": doc_rows(store), "actors.jsonl": actor_rows(store),
              "events.jsonl": event_rows(store), "conflicts.jsonl": conflict_rows(store)}
    for name, rows in tables.items():
        _write(out / name, rows)
    return {k: len(v) for k, v in tables.items()}
