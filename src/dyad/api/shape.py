"""Shaping store rows into API responses (names from the CAMEO ontology, grouped series)."""
from __future__ import annotations

from typing import Any

from ..ontology import QUAD_NAMES, OntologyError, cameo, code_info


def code_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return code_info(code).name
    except OntologyError:
        return None


def event(row: dict[str, Any]) -> dict[str, Any]:
    """An event mention or cluster row, with the names of its code, root and quad class."""
    row["code_name"] = code_name(row.get("code"))
    row["root_name"] = code_name(row.get("root"))
    row["quad_name"] = QUAD_NAMES.get(row.get("quad_class") or 0)
    return row


def events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [event(r) for r in rows]


def roots() -> list[dict[str, Any]]:
    return [{"root": c.code, "name": c.name, "quad_class": c.quad_class, "goldstein": c.goldstein}
            for c in cameo().values() if len(c.code) == 2]


def quads() -> list[dict[str, Any]]:
    return [{"quad_class": q, "name": n, "kind": "cooperation" if q <= 2 else "conflict"}
            for q, n in QUAD_NAMES.items()]


def group_buckets(rows: list[dict[str, Any]], group: str) -> list[dict[str, Any]]:
    """Timeline rows (one per group and bucket) → one entry per group with its buckets."""
    groups: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (r["a"], r["b"])
        if key not in groups:
            if group == "dyad":
                label, gid = f"{r['a_name']} – {r['b_name']}", f"{r['a']},{r['b']}"
            elif group == "actor":
                label, gid = r["a_name"], r["a"]
            else:
                label, gid = "all events", "all"
            groups[key] = {"key": gid, "label": label, "a": r["a"], "b": r["b"],
                           "events": r["group_events"], "buckets": []}
        groups[key]["buckets"].append({k: r[k] for k in ("bucket", "events", "mentions", "q1", "q2", "q3", "q4")})
    return list(groups.values())
