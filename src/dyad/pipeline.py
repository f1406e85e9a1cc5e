"""The pipeline: sources → ingest → annotate (spaCy) → actors → events → store → fuse.

Documents stream through ``nlp.pipe`` in batches (``Settings.batch_size``). With one process
(the default) spaCy runs in a forked *parser process* (``ParserProcess``, started and warmed up
before the store opens) one or two batches ahead and sends each parsed batch back as a
``DocBin``, while this process reads, extracts and stores: the parser never waits for the
extraction (``Settings.parse_ahead``, ``DYAD_PARSE_AHEAD=0`` to parse
in-process; a single batch is always parsed in-process). With ``Settings.n_process`` > 1
(``DYAD_N_PROCESS``, ``dyad ingest --workers N``) batches go to worker processes that run spaCy
*and* the extraction, while the main process reads, dedups and stores.

Documents, with everything extracted from them, are stored in transactions of
``Settings.commit_size`` documents (``DYAD_COMMIT_SIZE``; whole batches; from a quarter of that
when the parser process runs ahead and is still parsing the next batch) with bulk inserts, so
an interrupted run loses nothing already committed (a document is never half-stored) and a
re-run picks up where it stopped (documents are keyed by content hash and id). Memory stays
flat with corpus size: documents are read lazily, at most a few batches (and one commit) are in
flight, and nothing accumulates per document except the run's summary.

Every document's extraction depends only on the knowledge base plus the actors learned from
text that were in the store when the run started (a ``RunRegistry``, frozen for the run and
seen by each document through its own copy-on-write view). Actors, aliases and roles a
document learns are merged in the store when it is written. So the result of a run does not
depend on how documents are batched or which process handles them: the Dask engine
(``engine_dask``) produces the same events with the same ids.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import sys
import threading
import time
from collections import ChainMap, Counter, deque
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from copy import copy
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from . import actors as actors_mod
from . import events as events_mod
from . import fuse, kb as kb_mod, nlp as nlp_mod
from .config import Settings
from .ingest import read_sources
from .model import Actor, Document, EventMention, Role, Skip
from .places import Gazetteer
from .store import Store
from .store.fusion import FusionStore


@dataclass
class Summary:
    added: int = 0
    skipped: list[Skip] = field(default_factory=list)
    actors: int = 0
    events: int = 0
    new_events: int = 0
    seconds: float = 0.0
    stage_seconds: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"documents added: {self.added}", f"documents skipped: {len(self.skipped)}"]
        reasons = Counter(s.reason.split(" (")[0] for s in self.skipped)
        for reason, n in reasons.most_common():
            out.append(f"  {n} × {reason}")
        for s in self.skipped[:20]:
            out.append(f"    {s.where}: {s.reason}")
        if len(self.skipped) > 20:
            out.append(f"    ... and {len(self.skipped) - 20} more")
        out.append(f"events from this run: {self.new_events}")
        out.append(f"store now holds {self.actors} actors and {self.events} events")
        out.append(f"time: {self.seconds:.1f}s")
        if self.stage_seconds:
            names = {"ingest": "ingest/clean", "spacy": "spaCy", "fuse": "fusion"}
            out.append("stages: " + ", ".join(f"{names.get(k, k)} {v:.2f}s" for k, v in self.stage_seconds.items()
                                              if v >= 0.005))
        return out


@dataclass
class Processed:
    doc: Document
    mentions: list
    events: list[EventMention]
    roles: list[tuple[str, Role]]
    actors: list[Actor]
    aliases: set[tuple[str, str]]


# -- the run's registry ---------------------------------------------------------------------

def _copy_actor(a: Actor) -> Actor:
    c = copy(a)
    c.aliases = set(a.aliases)
    c.roles = list(a.roles)
    return c


class _DocLearned(MutableMapping):
    """One document's view of the learned actors: reads fall through to the run's frozen ones,
    copying an actor on first access so the document's changes (aliases, roles, country) stay
    in its copy. Iteration yields the frozen originals for actors the document has not touched:
    treat those as read-only."""

    def __init__(self, base: dict[str, Actor]):
        self.base = base
        self.own: dict[str, Actor] = {}

    def __getitem__(self, key: str) -> Actor:
        a = self.own.get(key)
        if a is None:
            b = self.base[key]          # KeyError when unknown
            a = self.own[key] = _copy_actor(b)
        return a

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return key in self.own or key in self.base

    def __setitem__(self, key: str, value: Actor) -> None:
        self.own[key] = value

    def __delitem__(self, key: str) -> None:
        raise TypeError("learned actors cannot be removed during a run")

    def __iter__(self):
        yield from self.own
        yield from (k for k in self.base if k not in self.own)

    def __len__(self) -> int:
        return len(self.own) + sum(1 for k in self.base if k not in self.own)

    def values(self):  # read-only originals for untouched actors; no copies
        return [*self.own.values(), *(a for k, a in self.base.items() if k not in self.own)]


class DocRegistry(actors_mod.Registry):
    """The Registry one document's extraction sees (``RunRegistry.for_document``)."""

    def __init__(self, run: "RunRegistry"):
        super().__init__(run.kb, _DocLearned(run.learned), ChainMap({}, run.learned_index))
        self._run = run

    def lookup(self, text: str, date: str | None) -> str | None:
        hit = self._run.kb_lookup(text, date)
        if hit:
            return hit
        return self.learned_index.get(self._run.key(text)) if self.learned_index else None

    def key_ends(self) -> kb_mod.KeyEnds:
        own = self.learned_index.maps[0]
        return self._run.key_ends() | kb_mod.KeyEnds.of(own) if own else self._run.key_ends()


class RunRegistry:
    """The knowledge base plus the learned actors in the store when the run started; frozen for
    the run. Caches the knowledge base's answers (pure functions of the text and date): the
    actor matcher asks about every capitalised n-gram, mostly the same ones."""

    CACHE = 200_000   # entries per cache, cleared when full (memory stays bounded)

    def __init__(self, kb: kb_mod.KB, learned: Iterable[Actor] = ()):
        self.kb = kb
        self.learned: dict[str, Actor] = {}
        self.learned_index: dict[str, str] = {}
        for a in learned:
            self.learned[a.id] = a
            for al in sorted(a.aliases | {a.name}):
                self.learned_index.setdefault(kb_mod.norm_key(al), a.id)
        self._kb_cache: dict[tuple[str, str | None], str | None] = {}
        self._keys: dict[str, str] = {}
        self._ends = kb.key_ends() | kb_mod.KeyEnds.of(self.learned_index) if self.learned_index else kb.key_ends()

    @classmethod
    def from_store(cls, store: Store, kb: kb_mod.KB | None = None) -> "RunRegistry":
        return cls(kb or kb_mod.default(), store.learned_actors())

    def kb_lookup(self, text: str, date: str | None) -> str | None:
        k = (text, date)
        try:
            return self._kb_cache[k]
        except KeyError:
            pass
        if len(self._kb_cache) >= self.CACHE:
            self._kb_cache.clear()
        hit = self._kb_cache[k] = self.kb.lookup(text, date)
        return hit

    def key(self, text: str) -> str:
        k = self._keys.get(text)
        if k is None:
            if len(self._keys) >= self.CACHE:
                self._keys.clear()
            k = self._keys[text] = kb_mod.norm_key(text)
        return k

    def key_ends(self) -> kb_mod.KeyEnds:
        return self._ends

    def for_document(self) -> DocRegistry:
        return DocRegistry(self)


# -- processing -----------------------------------------------------------------------------

class Processor:
    """Turns Documents into Processed results (no store access: usable on workers)."""

    def __init__(self, settings: Settings, registry: RunRegistry | None = None):
        self.settings = settings
        self.nlp = nlp_mod.load(settings.spacy_model)
        self.kb = kb_mod.default()
        self.run_registry = registry or RunRegistry(self.kb)
        self.gazetteer = Gazetteer.default()
        self.timings: Counter = Counter()

    def process_parsed(self, doc: Document, sdoc) -> Processed:
        reg = self.run_registry.for_document()
        t0 = time.perf_counter()
        da, roles = actors_mod.extract(sdoc, doc.id, doc.published, reg)
        t1 = time.perf_counter()
        evs = events_mod.extract(sdoc, da, doc.id, doc.published)
        for e in evs:
            e.source_code = self._code(reg, e.source, e.date.value)
            e.target_code = self._code(reg, e.target, e.date.value)
            if e.place is not None:
                self.gazetteer.resolve(e.place)
        t2 = time.perf_counter()
        self.timings["actors"] += t1 - t0
        self.timings["events"] += t2 - t1
        mentions = da.to_records(doc.id)
        used = {m.actor_id for m in mentions} | {e.source for e in evs} | {e.target for e in evs if e.target}
        actors = [a for a in (reg.get(i) for i in sorted(used) if i) if a is not None]
        aliases = {(m.actor_id, m.text) for m in mentions} | {(a.id, a.name) for a in actors}
        return Processed(doc, mentions, evs, roles, actors, aliases)

    def _code(self, reg: actors_mod.Registry, actor_id: str | None, date: str | None) -> str | None:
        if not actor_id:
            return None
        a = reg.get(actor_id)
        return a.code(date, self.kb) if a else None

    def process(self, docs: Iterable[Document]) -> Iterator[Processed]:
        """Parse with ``nlp.pipe`` in batches and extract, one document at a time, in order.
        Time spent pulling documents from `docs` (reading, cleaning) is not counted as spaCy's:
        the caller counts it as ``ingest``."""
        stream = ((d.text, d) for d in docs)
        t = time.perf_counter()
        ingest_before = self.timings["ingest"]
        for sdoc, doc in self.nlp.pipe(stream, as_tuples=True, batch_size=self.settings.batch_size):
            now = time.perf_counter()
            self.timings["spacy"] += (now - t) - (self.timings["ingest"] - ingest_before)
            yield self.process_parsed(doc, sdoc)
            t = time.perf_counter()
            ingest_before = self.timings["ingest"]

    def process_batch(self, docs: list[Document]) -> tuple[list[Processed], Counter]:
        """A batch processed on a worker: the results and the time each stage took there."""
        self.timings = Counter()
        out = list(self.process(docs))
        return out, self.timings


_WORKER: Processor | None = None   # set in the parent before forking the worker processes


def _work(docs: list[Document]) -> tuple[list[Processed], Counter]:
    assert _WORKER is not None
    return _WORKER.process_batch(docs)


def parse_to_docbin(nlp, texts: list[str]) -> tuple[bytes, float]:
    """Parse texts into ``DocBin`` bytes and the seconds it took. A DocBin keeps every
    annotation the extraction reads (tags, lemmas, morphology, dependencies, sentence starts,
    entities); not the tensors, which it does not read."""
    from spacy.tokens import DocBin

    t = time.perf_counter()
    out = DocBin(store_user_data=False)
    for sdoc in nlp.pipe(texts, batch_size=max(1, len(texts))):
        out.add(sdoc)
    return out.to_bytes(), time.perf_counter() - t


_PARSER_NLP = None   # the spaCy pipeline of the parser process, set before forking it


def _parse(texts: list[str]) -> tuple[bytes, float]:
    assert _PARSER_NLP is not None
    return parse_to_docbin(_PARSER_NLP, texts)


class ParserProcess:
    """A forked process that parses batches of texts into DocBins. ``ingest`` starts it before
    opening the store and has it parse one sentence, so that its first touches of the model
    (pages it copies, buffers it allocates) happen while the store opens, not on the first
    batch."""

    WARM_UP = "The foreign minister met the visiting delegation in the capital on Monday, officials said."

    def __init__(self, nlp) -> None:
        global _PARSER_NLP
        _PARSER_NLP = nlp
        # Objects the parser process inherits are left out of its garbage collections, which
        # would otherwise touch (and so copy) the pages of the forked model.
        gc.freeze()
        try:
            self.pool = mp.get_context("fork").Pool(1)
        finally:
            gc.unfreeze()
        self.pool.apply_async(_parse, ([self.WARM_UP],))
        self._last = None   # the batch submitted last
        self._guessed: dict[tuple[str, ...], object] = {}   # texts -> job started before asked for
        self._closing: threading.Thread | None = None

    @staticmethod
    def wanted(settings: Settings) -> bool:
        return settings.parse_ahead and settings.n_process <= 1 and "fork" in mp.get_all_start_methods()

    def guess(self, texts: list[str]) -> None:
        """Start parsing texts that will most likely be submitted: ``ingest`` sends the first
        batch of a new store before the store opens. A later ``submit`` of the same texts
        takes this job; a guess never submitted only cost the parser process its time."""
        self._guessed[tuple(texts)] = self.pool.apply_async(_parse, (texts,))

    def submit(self, texts: list[str]):
        job = self._guessed.pop(tuple(texts), None)
        self._last = job if job is not None else self.pool.apply_async(_parse, (texts,))
        return self._last

    def busy(self) -> bool:
        """Still parsing a batch (it parses in order): what this process does meanwhile costs
        no time."""
        return self._last is not None and not self._last.ready()

    def close_soon(self) -> None:
        """Stop the parser process in the background (its exit, the freeing of its copy of the
        model, takes 10-20 ms that fusion need not wait for); ``close`` waits for it."""
        if self.pool is not None and self._closing is None:
            self._closing = threading.Thread(target=self._stop, args=(self.pool,), daemon=True)
            self._closing.start()

    @staticmethod
    def _stop(pool) -> None:
        pool.terminate()
        pool.join()

    def close(self) -> None:
        self.close_soon()
        if self._closing is not None:
            self._closing.join()
            self._closing = None
        self.pool = None
        self._guessed.clear()


def _chunks(items: Iterable, n: int) -> Iterator[list]:
    chunk: list = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_stream(proc: Processor, docs: Iterable[Document], n_process: int = 1,
                   parser: ParserProcess | None = None) -> Iterator[list[Processed]]:
    """Processed results in input order, one list per batch of ``batch_size`` documents, with
    the documents read lazily. With one process, spaCy runs in the parser process when there
    is more than one batch (``_parse_ahead``; `parser` if given, else one started here). With
    `n_process` > 1, batches run on forked worker processes (spaCy and extraction both), at
    most 2 × n_process batches in flight; stage timings are added up over the workers."""
    batch = max(1, proc.settings.batch_size)
    if n_process <= 1:
        chunks = _chunks(docs, batch)
        first = next(chunks, None)
        if first is None:
            return
        ahead = parser is not None or ParserProcess.wanted(proc.settings)
        second = next(chunks, None) if ahead else None
        if second is None:   # one batch, or parsing in-process (or no fork() on this system)
            yield from _chunks(proc.process(chain(first, (d for c in chunks for d in c))), batch)
            return
        own = parser is None
        parser = parser or ParserProcess(proc.nlp)
        try:
            yield from _parse_ahead(proc, parser, [first, second], chunks)
        finally:
            if own:
                parser.close()
        return
    global _WORKER
    _WORKER = proc
    ctx = mp.get_context("fork")
    pending: deque = deque()
    with ctx.Pool(n_process) as pool:
        for chunk in _chunks(docs, batch):
            pending.append(pool.apply_async(_work, (chunk,)))
            while len(pending) >= 2 * n_process:
                out, timings = pending.popleft().get()
                proc.timings.update(timings)
                yield out
        while pending:
            out, timings = pending.popleft().get()
            proc.timings.update(timings)
            yield out
    _WORKER = None


def _parse_ahead(proc: Processor, parser: ParserProcess, head: list[list[Document]],
                 rest: Iterator[list[Document]]) -> Iterator[list[Processed]]:
    """The parser process parses up to two batches ahead of the extraction here."""
    from spacy.tokens import DocBin

    pending: deque = deque()

    def submit(chunk: list[Document]) -> None:
        pending.append((chunk, parser.submit([d.text for d in chunk])))

    for chunk in head:
        submit(chunk)
    while pending:
        chunk, job = pending.popleft()
        t = time.perf_counter()
        data, parse_s = job.get()
        waited = time.perf_counter() - t
        nxt = next(rest, None)   # reading the next batch overlaps with parsing
        if nxt is not None:
            submit(nxt)
        t = time.perf_counter()
        sdocs = list(DocBin().from_bytes(data).get_docs(proc.nlp.vocab))
        # spaCy's time is the parser process's; waiting for it is not counted twice
        proc.timings["spacy"] += parse_s + time.perf_counter() - t
        proc.timings["waiting for spaCy"] += waited
        yield [proc.process_parsed(d, s) for d, s in zip(chunk, sdocs)]


# -- storing --------------------------------------------------------------------------------

def store_batch(store: Store, batch: list[Processed], sources: FusionStore | None = None) -> None:
    """Write processed documents (in order) in one transaction; learned actors merge into the
    stored ones (first value wins, see ``Store.upsert_actors``), aliases and roles add up.
    With `sources`, each document's outlet and syndication signature are written too."""
    if not batch:
        return
    actors = [a for p in batch for a in p.actors]
    aliases = {x for p in batch for x in p.aliases}
    with store.transaction():
        store.add_document([p.doc for p in batch], [m for p in batch for m in p.mentions],
                           [e for p in batch for e in p.events], [r for p in batch for r in p.roles],
                           actors=actors, aliases=aliases)
        if sources is not None:
            fuse.add_sources(sources, [(p.doc.id, p.doc.url, p.doc.outlet, p.doc.text) for p in batch])


class Dedup:
    """Which documents to process: not already stored (same content hash, or same id with
    other content), and not a repeat of one earlier in this run. Documents of this run are
    remembered only until stored (`done`), so memory stays bounded by what is in flight.
    ``prefetch`` asks the store about a chunk of documents at once; ``check`` uses its answers
    (until the next prefetch) instead of one query per document."""

    def __init__(self, store: Store):
        self.store = store
        self.hashes: dict[str, str] = {}    # in flight: content hash -> id
        self.ids: dict[str, int] = {}       # in flight: id -> count
        self._stored: tuple[dict[str, str], set[str]] | None = None

    def prefetch(self, docs: list[Document]) -> None:
        """Look up these documents in the store; valid while the store does not change (the
        documents are checked before any of them is stored)."""
        self._stored = self.store.stored([d.content_hash for d in docs], [d.id for d in docs])

    def _stored_hash(self, doc: Document) -> str | None:
        if self._stored is not None:
            return self._stored[0].get(doc.content_hash)
        return self.store.has_hash(doc.content_hash)

    def _stored_id(self, doc: Document) -> bool:
        if self._stored is not None:
            return doc.id in self._stored[1]
        return self.store.has_doc(doc.id)

    def check(self, doc: Document) -> Skip | None:
        dup = self._stored_hash(doc) or ("an earlier input" if doc.content_hash in self.hashes else None)
        if dup:
            return Skip(doc.source_path or doc.id, f"already stored (same content as {dup})")
        if doc.id in self.ids or self._stored_id(doc):
            return Skip(doc.source_path or doc.id, f"id {doc.id!r} already stored with different content")
        self.hashes[doc.content_hash] = doc.id
        self.ids[doc.id] = self.ids.get(doc.id, 0) + 1
        return None

    def done(self, docs: Iterable[Document]) -> None:
        for d in docs:
            self.hashes.pop(d.content_hash, None)
            n = self.ids.get(d.id, 0) - 1
            if n <= 0:
                self.ids.pop(d.id, None)
            else:
                self.ids[d.id] = n


def fresh_documents(items: Iterable[Document | Skip], store: Store, summary: Summary, timings: Counter,
                    dedup: Dedup, chunk: int = 16) -> Iterator[Document]:
    """The documents of `items` (``read_sources``: read and cleaned lazily) not stored yet,
    `chunk` items at a time (one store query each); record skips; time it all as ``ingest``."""
    it = iter(items)
    while True:
        t = time.perf_counter()
        items = list(islice(it, max(1, chunk)))
        dedup.prefetch([x for x in items if isinstance(x, Document)])
        fresh = []
        for item in items:
            if isinstance(item, Skip):
                summary.skipped.append(item)
                store.add_skip(item.where, item.reason)
                continue
            why = dedup.check(item)
            if why:
                summary.skipped.append(why)
            else:
                fresh.append(item)
        timings["ingest"] += time.perf_counter() - t
        if not items:
            return
        yield from fresh


def _new_store(db: str) -> bool:
    return db == ":memory:" or not Path(db).exists()


def _guess_first_batch(parser: ParserProcess, items: Iterator[Document | Skip],
                       batch: int) -> list[Document | Skip]:
    """Read the inputs up to the first batch's documents and one more, and have the parser
    process start on that batch before the store opens (~50 ms earlier). Only for a new
    store, where a document can be skipped only as a repeat within the run: the batch is then
    the one ``process_stream`` submits first, unless it repeats itself (no guess then) or is
    the only one (parsed in-process)."""
    head: list[Document | Skip] = []
    docs: list[Document] = []
    for item in items:
        head.append(item)
        if isinstance(item, Document):
            docs.append(item)
            if len(docs) > batch:
                break
    first = docs[:batch]
    if len(docs) > batch and len({d.content_hash for d in first}) == len({d.id for d in first}) == batch:
        parser.guess([d.text for d in first])
    return head


def ingest(paths: list[str], db: str, settings: Settings | None = None, progress: bool = True,
           on_skip: Callable[[Skip], None] | None = None) -> Summary:
    settings = settings or Settings.from_env()
    summary = Summary()
    start = time.perf_counter()
    # The parser process starts (and warms up) while the store opens and the first documents
    # are read; it stays unused when they make a single batch.
    parser = ParserProcess(nlp_mod.load(settings.spacy_model)) if ParserProcess.wanted(settings) else None
    items = iter(read_sources(paths))
    head: list[Document | Skip] = []
    store = None
    try:
        t = time.perf_counter()
        if parser is not None and _new_store(db):
            head = _guess_first_batch(parser, items, max(1, settings.batch_size))
        read_head = time.perf_counter() - t
        store = Store(db)
        proc = Processor(settings, RunRegistry.from_store(store))
        dedup = Dedup(store)
        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = tqdm(desc="ingest", unit="doc")
        proc.timings["ingest"] += read_head
        docs = fresh_documents(chain(head, items), store, summary, proc.timings, dedup, settings.batch_size)
        pending: list[Processed] = []

        sources = FusionStore(store)   # outlets and signatures are written with the documents

        def commit() -> None:
            t = time.perf_counter()
            store_batch(store, pending, sources)
            dedup.done(p.doc for p in pending)
            proc.timings["store"] += time.perf_counter() - t
            summary.added += len(pending)
            summary.new_events += sum(len(p.events) for p in pending)
            if bar:
                bar.update(len(pending))
            pending.clear()

        # While the parser process is still parsing, storing costs no time: a
        # quarter of a commit is worth writing then (each commit has a fixed cost of its own).
        early = max(1, settings.commit_size // 4)
        for batch in process_stream(proc, docs, settings.n_process, parser):
            pending += batch
            if len(pending) >= settings.commit_size or (
                    len(pending) >= early and parser is not None and parser.busy()):
                commit()
        if pending:
            commit()
        if parser is not None:
            parser.close_soon()   # while fusion runs: its memory is not needed any more
        if bar:
            bar.close()
        t = time.perf_counter()
        if summary.added:
            fuse.run(store)
        proc.timings["fuse"] += time.perf_counter() - t
        counts = store.counts()
        summary.actors, summary.events = counts["actors"], counts["events"]
        summary.stage_seconds = proc.timings
    finally:
        if store is not None:
            store.close()
        if parser is not None:
            parser.close()
    if on_skip:
        for s in summary.skipped:
            on_skip(s)
    summary.seconds = time.perf_counter() - start
    return summary
