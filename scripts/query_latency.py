#!/usr/bin/env python3
"""p50/p95 latency of the queries an API would run on a store (build a big one first with
scripts/make_big_store.py):

    python scripts/query_latency.py --db /tmp/big.duckdb [--runs 200] [--json]

Queries (src/dyad/store/scale.py): events of an actor in a 6-month period (first page of 100),
the monthly series of a dyad, and the network (heaviest 200 edges) of a 3-month period.
Parameters are drawn at random (fixed seed) from the store's busiest actors and dyads and its
date range; each query runs `--runs` times after 5 warm-up runs, in one read-only connection.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dyad.store import Store  # noqa: E402
from dyad.store.scale import ScaleQueries  # noqa: E402


class BigStore(ScaleQueries, Store):
    pass


def _month(y: int, m: int) -> str:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: DuckDB's)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = random.Random(7)
    with BigStore(args.db, read_only=True) as st:
        if args.threads:
            st.con.execute(f"SET threads = {args.threads}")
        n_events = st.con.execute("SELECT count(*) FROM events").fetchone()[0]
        actors = [r["actor"] for r in st.top_actors(200)]
        dyads = [(r["a"], r["b"]) for r in st.top_dyads(200)]
        lo, hi = st.date_range()
        y0, y1 = int(lo[:4]), int(hi[:4])

        def period(months: int) -> tuple[str, str]:
            y, m = rng.randint(y0, y1), rng.randint(1, 12)
            return _month(y, m), _month(y, m + months)

        queries = {
            "events_by_actor (6 months, first 100)": lambda: st.events_by_actor(rng.choice(actors), *period(6)),
            "dyad_monthly (both directions)": lambda: st.dyad_monthly(*rng.choice(dyads)),
            "network (3 months, top 200 edges)": lambda: st.network(*period(3)),
        }
        out = {"db": args.db, "events": n_events, "runs": args.runs, "queries": {}}
        for name, q in queries.items():
            for _ in range(5):
                q()
            times, rows = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                rows += len(q())
                times.append((time.perf_counter() - t) * 1000)
            out["queries"][name] = {"p50_ms": round(percentile(times, 0.5), 2),
                                    "p95_ms": round(percentile(times, 0.95), 2),
                                    "max_ms": round(max(times), 2), "mean_rows": round(rows / args.runs, 1)}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{args.db}: {n_events:,} events, {args.runs} runs per query")
        print(f"{'query':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>7}")
        for name, r in out["queries"].items():
            print(f"{name:40} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['max_ms']:8.2f} {r['mean_rows']:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
