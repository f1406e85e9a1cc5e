"""Scale-out on Dask (``dyad ingest --engine dask [--scheduler ADDRESS]``; needs the `scale`
extra: ``pip install -e ".[scale]"``).

1. The client lists the inputs and cuts them into partitions (files; JSONL feeds by ranges of
   lines), in the same order as the local reader.
2. Workers read and clean their partitions and return each document's id and content hash; the
   client decides, in input order, which documents are new (the same rules as the local run:
   not stored yet, not a repeat of an earlier input) and records the skips.
3. Workers re-read their partitions, run spaCy and the extraction on the new documents with the
   run's frozen registry (the knowledge base plus the learned actors that were in the store when
   the run started, broadcast once), and write each partition as Parquet shards (pyarrow): one
   file per table (documents, mentions, events, roles, actors, aliases).
4. The client loads the shards into the store in partition order, with the same bulk writes
   and actor merge as the local run, then runs fusion.

Because every document's extraction depends only on its text and the frozen registry, and the
store merges learned actors in input order, the result is the same as the local engine's: the
same events with the same ids, actors, aliases, roles and clusters.

Without ``scheduler`` a LocalCluster of `workers` processes (one thread each: a spaCy pipeline
is not shared between threads) is started for the run. With a remote scheduler, the shard
folder (``shard_dir``, ``$DYAD_SHARD_DIR``, default beside the database) must be storage that
the workers and the client share.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from . import fuse
from .config import Settings
from .ingest import readers
from .model import Actor, ActorMention, DateValue, Document, EventMention, Place, Role, Skip
from .pipeline import Processor, Processed, RunRegistry, Summary, store_batch
from .store import Store

TABLES = ("documents", "mentions", "events", "roles", "actors", "aliases")


# -- partitions -------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Unit:
    """One input to read: a file, or lines [first_line, first_line + n_lines) of a JSONL file
    starting at byte `offset`."""
    path: str
    first_line: int = 0
    offset: int = 0
    n_lines: int = 0

    @property
    def size(self) -> int:
        return self.n_lines or 1


def list_units(paths: list[str], lines_per_unit: int = 64) -> list[Unit | Skip]:
    """The inputs in the local reader's order (``readers.read_sources``), JSONL feeds cut into
    runs of lines."""
    out: list[Unit | Skip] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith("."))
        elif p.is_file():
            files = [p]
        else:
            out.append(Skip(str(p), "no such file or directory"))
            continue
        for f in files:
            if f.suffix.lower() in readers.JSONL_SUFFIXES:
                out += _jsonl_units(f, lines_per_unit)
            else:
                out.append(Unit(str(f)))
    return out


def _jsonl_units(path: Path, per: int) -> list[Unit]:
    units, offset, first, n = [], 0, 1, 0
    pos = 0
    with path.open("rb") as fh:
        for raw in fh:
            n += 1
            pos += len(raw)
            if n == per:
                units.append(Unit(str(path), first, offset, n))
                offset, first, n = pos, first + n, 0
    if n:
        units.append(Unit(str(path), first, offset, n))
    return units


def partitions(units: list[Unit], size: int) -> list[list[Unit]]:
    parts: list[list[Unit]] = [[]]
    filled = 0
    for u in units:
        if filled and filled + u.size > size:
            parts.append([])
            filled = 0
        parts[-1].append(u)
        filled += u.size
    return [p for p in parts if p]


def _read_unit(u: Unit):
    """Documents and skips of one unit, exactly as ``readers.read_sources`` gives them."""
    path = Path(u.path)
    if not u.n_lines:
        yield from readers.read_path(path)
        return
    # A run of lines of a JSONL feed: the same rules and messages as readers._read_jsonl.
    with path.open("rb") as fh:
        fh.seek(u.offset)
        for n in range(u.first_line, u.first_line + u.n_lines):
            raw = fh.readline()
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                yield Skip(where, f"malformed JSONL line ({e.__class__.__name__})")
                continue
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                yield Skip(where, "JSONL line has no 'text' string")
                continue
            doc_id = str(row.get("id") or f"{path.stem}-{n}")
            yield readers.make_document(doc_id, row["text"], row, where)


def read_partition(part: list[Unit]):
    for u in part:
        yield from _read_unit(u)


# -- worker tasks ------------------------------------------------------------------------------

def scan_partition(part: list[Unit]) -> tuple[list[Skip | tuple[str, str, str]], float]:
    """Phase 1 on a worker: (id, content hash, where) of each document, or its Skip."""
    t = time.perf_counter()
    out: list = []
    for item in read_partition(part):
        out.append(item if isinstance(item, Skip) else (item.id, item.content_hash, item.source_path or item.id))
    return out, time.perf_counter() - t


_REGISTRIES: dict[str, RunRegistry] = {}


def process_partition(part: list[Unit], keep: list[int], learned: list[Actor], run_id: str,
                      settings: Settings, shard: str) -> tuple[str, int, int, Counter]:
    """Phase 2 on a worker: parse and extract the kept documents of a partition (positions in
    its reading order) and write them as Parquet shards in folder `shard`."""
    timings: Counter = Counter()
    t = time.perf_counter()
    wanted = set(keep)
    docs = [d for i, d in enumerate(x for x in read_partition(part)) if i in wanted]
    timings["ingest"] += time.perf_counter() - t
    reg = _REGISTRIES.get(run_id)
    if reg is None:
        _REGISTRIES.clear()   # one run at a time per worker
        reg = _REGISTRIES[run_id] = RunRegistry(_kb(), learned)
    local = dataclasses.replace(settings, n_process=1)
    proc = Processor(local, reg)
    results = list(proc.process(docs))
    timings.update(proc.timings)
    t = time.perf_counter()
    write_shard(results, shard)
    timings["shards"] += time.perf_counter() - t
    return shard, len(results), sum(len(p.events) for p in results), timings


def warm_up(model: str) -> None:
    """Load the spaCy pipeline, the knowledge base and the gazetteer on a worker."""
    from . import nlp as nlp_mod
    from .places import Gazetteer

    nlp_mod.load(model)
    _kb()
    Gazetteer.default()


def _kb():
    from . import kb as kb_mod

    return kb_mod.default()


# -- shards ------------------------------------------------------------------------------------

def _actor_row(a: Actor) -> dict:
    return {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name not in ("aliases", "roles")}


def write_shard(results: list[Processed], folder: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for i, p in enumerate(results):
        rows["documents"].append({"_doc": i, **dataclasses.asdict(p.doc)})
        rows["mentions"] += [{"_doc": i, **dataclasses.asdict(m)} for m in p.mentions]
        rows["events"] += [{"_doc": i, **dataclasses.asdict(e)} for e in p.events]
        rows["roles"] += [{"_doc": i, "actor_id": aid, **dataclasses.asdict(r)} for aid, r in p.roles]
        rows["actors"] += [{"_doc": i, **_actor_row(a)} for a in p.actors]
        rows["aliases"] += [{"_doc": i, "actor_id": aid, "alias": al} for aid, al in sorted(p.aliases)]
    os.makedirs(folder, exist_ok=True)
    for t in TABLES:
        table = pa.Table.from_pylist(rows[t]) if rows[t] else pa.table({"_doc": pa.array([], pa.int64())})
        pq.write_table(table, os.path.join(folder, f"{t}.parquet"))


def read_shard(folder: str) -> list[Processed]:
    """The processed documents of a shard, in their order."""
    import pyarrow.parquet as pq

    data = {t: pq.read_table(os.path.join(folder, f"{t}.parquet")).to_pylist() for t in TABLES}
    out: list[Processed] = []
    for r in data["documents"]:
        r.pop("_doc")
        out.append(Processed(Document(**r), [], [], [], [], set()))
    for r in data["mentions"]:
        out[r.pop("_doc")].mentions.append(ActorMention(**r))
    for r in data["events"]:
        i = r.pop("_doc")
        r["date"] = DateValue(**r["date"])
        r["place"] = Place(**r["place"]) if r.get("place") else None
        out[i].events.append(EventMention(**r))
    for r in data["roles"]:
        i, aid = r.pop("_doc"), r.pop("actor_id")
        out[i].roles.append((aid, Role(**r)))
    for r in data["actors"]:
        out[r.pop("_doc")].actors.append(Actor(**r))
    for r in data["aliases"]:
        out[r["_doc"]].aliases.add((r["actor_id"], r["alias"]))
    return out


# -- the run -----------------------------------------------------------------------------------

def _client(scheduler: str | None, workers: int):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("the Dask engine needs dask[distributed] and pyarrow: "
                           "pip install -e '.[scale]'") from e
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def ingest(paths: list[str], db: str, settings: Settings | None = None, scheduler: str | None = None,
           workers: int | None = None, progress: bool = True, partition_size: int | None = None,
           shard_dir: str | None = None, client=None) -> Summary:
    """The local pipeline's ``ingest``, with parsing and extraction on a Dask cluster."""
    settings = settings or Settings.from_env()
    n_workers = workers or max(1, settings.n_process)
    summary = Summary()
    start = time.perf_counter()
    own_client = client is None
    cluster = None
    timings: Counter = Counter()
    if own_client:
        t = time.perf_counter()
        client, cluster = _client(scheduler, n_workers)
        timings["cluster start"] += time.perf_counter() - t
    t = time.perf_counter()
    client.run(warm_up, settings.spacy_model)   # every worker loads the model and data once, in parallel
    timings["worker warm-up"] += time.perf_counter() - t
    run_id = uuid.uuid4().hex[:12]
    base = shard_dir or os.environ.get("DYAD_SHARD_DIR") or (str(Path(db).resolve().parent))
    shards = tempfile.mkdtemp(prefix=f"dyad-shards-{run_id}-", dir=base)
    store = Store(db)
    try:
        t = time.perf_counter()
        units = list_units(paths)
        for s in (u for u in units if isinstance(u, Skip)):
            summary.skipped.append(s)
            store.add_skip(s.where, s.reason)
        units = [u for u in units if isinstance(u, Unit)]
        total = sum(u.size for u in units)
        ncores = sum(client.nthreads().values()) or n_workers
        size = partition_size or max(1, min(256, -(-total // (4 * ncores))))
        parts = partitions(units, size)
        timings["ingest"] += time.perf_counter() - t

        t_run = time.perf_counter()
        # Phase 1: read and clean on the workers; decide in input order what is new.
        scans = client.gather(client.map(scan_partition, parts, pure=False))
        keep: list[list[int]] = []
        seen_hashes: dict[str, str] = {}
        seen_ids: set[str] = set()
        for (items, secs) in scans:
            timings["ingest"] += secs
            kept = []
            for i, item in enumerate(items):
                if isinstance(item, Skip):
                    summary.skipped.append(item)
                    store.add_skip(item.where, item.reason)
                    continue
                doc_id, h, where = item
                dup = store.has_hash(h) or ("an earlier input" if h in seen_hashes else None)
                if dup:
                    summary.skipped.append(Skip(where, f"already stored (same content as {dup})"))
                    continue
                if doc_id in seen_ids or store.has_doc(doc_id):
                    summary.skipped.append(Skip(where, f"id {doc_id!r} already stored with different content"))
                    continue
                seen_hashes[h] = doc_id
                seen_ids.add(doc_id)
                kept.append(i)
            keep.append(kept)

        # Phase 2: parse and extract on the workers with the run's frozen registry.
        learned = client.scatter([store.learned_actors()], broadcast=True, hash=False)[0]
        futures = [client.submit(process_partition, part, kept, learned, run_id, settings,
                                 os.path.join(shards, f"part-{n:06d}"), pure=False)
                   for n, (part, kept) in enumerate(zip(parts, keep)) if kept]
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = tqdm(desc="ingest (dask)", unit="doc", total=sum(len(k) for k in keep))

        # Load the shards in input order.
        for fut in futures:
            folder, n_docs, n_events, worker_timings = fut.result()
            fut.release()
            timings.update(worker_timings)
            t = time.perf_counter()
            store_batch(store, read_shard(folder))
            shutil.rmtree(folder, ignore_errors=True)
            timings["store"] += time.perf_counter() - t
            summary.added += n_docs
            summary.new_events += n_events
            if bar:
                bar.update(n_docs)
        if bar:
            bar.close()
        # Wall time of the distributed part (both phases and loading the shards), for speed-ups.
        timings["wall: workers + load"] += time.perf_counter() - t_run
        t = time.perf_counter()
        if summary.added:
            fuse.run(store)
        timings["fuse"] += time.perf_counter() - t
        counts = store.counts()
        summary.actors, summary.events = counts["actors"], counts["events"]
        summary.stage_seconds = timings
    finally:
        store.close()
        shutil.rmtree(shards, ignore_errors=True)
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    summary.seconds = time.perf_counter() - start
    return summary
