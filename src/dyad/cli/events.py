"""Event and conflict subcommands: fused events as a table, and where the sources disagree."""
from __future__ import annotations

from .core import _db, _db_arg


def _open(args):
    from ..store import Store
    from ..store.fusion import FusionStore

    store = Store(_db(args), read_only=True)
    if not FusionStore.present(store):
        store.close()
        raise ValueError("this store has no fused events yet (run `dyad ingest` first)")
    return store, FusionStore.read(store)


def _actor(c, name: str) -> str:
    from ..store.curation import Curator

    aid = Curator(c).find_actor(name)
    if aid is None:
        raise ValueError(f"no actor named {name!r} (see `dyad actors --search {name}`)")
    return aid


def cmd_events(args) -> int:
    from ..ontology import code_info

    store, fs = _open(args)
    with store:
        actors = [_actor(store, a) for a in args.actor or []]
        dyad = (_actor(store, args.dyad[0]), _actor(store, args.dyad[1])) if args.dyad else None
        rows = fs.event_table(actors, dyad, args.since, args.until, args.root, args.limit)
    print(f"{'date':<10}  {'code':<5} {'source':<28} {'target':<28} {'ment':>4} {'src':>3} {'cred':>4}  event")
    for r in rows:
        print(f"{r['date'] or '?':<10}  {r['code']:<5} {(r['source_name'] or r['source'] or '')[:28]:<28} "
              f"{(r['target_name'] or r['target'] or '-')[:28]:<28} {r['mentions']:>4} {r['sources']:>3} "
              f"{r['credibility']:>4}  {code_info(r['code']).name}")
    print(f"({len(rows)} events; credibility on the Admiralty scale: 1 confirmed … 6 cannot be judged)")
    return 0


def cmd_conflicts(args) -> int:
    store, fs = _open(args)
    with store:
        rows = fs.conflicts()
    if args.kind:
        rows = [r for r in rows if r["kind"] == args.kind]
    for r in rows:
        print(f"[{r['kind']}] {r['about']}" + (f"  (event {r['cluster']})" if r["cluster"] else ""))
        for cl in r["claims"]:
            print(f"    {cl['doc']:<14} {cl['value']!s:<24} “{cl['evidence'][:160]}”")
        print()
    print(f"{len(rows)} conflicts")
    return 0


def register(sub) -> None:
    sp = sub.add_parser("events", help="fused events as a table (dates, codes, sources, credibility)",
                        description="One row per real-world event (mentions fused across articles), with "
                                    "the number of mentions and of independent sources, and its credibility.")
    sp.add_argument("--actor", action="append", help="events with this actor as source or target (repeatable)")
    sp.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="events between A and B, either direction")
    sp.add_argument("--since", help="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    sp.add_argument("--until", help="up to this date (inclusive)")
    sp.add_argument("--root", help="CAMEO root, e.g. 04 (consult) or 19 (fight)")
    sp.add_argument("--limit", type=int, default=100)
    _db_arg(sp)
    sp.set_defaults(func=cmd_events)

    sp = sub.add_parser("conflicts", help="where the sources disagree, side by side",
                        description="Each disagreement (date, place, number, office) with every side's "
                                    "document, value and evidence sentence.")
    sp.add_argument("--kind", choices=["date", "place", "number", "actor", "office"])
    _db_arg(sp)
    sp.set_defaults(func=cmd_conflicts)
