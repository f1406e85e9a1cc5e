"""The pipeline: sources → ingest → annotate (spaCy) → actors → events → store → fuse.

Documents stream through ``nlp.pipe`` in batches; each document and everything extracted
from it is stored in one transaction, so an interrupted run loses nothing already stored and
a re-run picks up where it stopped (documents are keyed by content hash).
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from . import actors as actors_mod
from . import events as events_mod
from . import fuse, kb as kb_mod, nlp as nlp_mod
from .config import Settings
from .ingest import read_sources
from .model import Actor, Document, EventMention, Role, Skip
from .places import Gazetteer
from .store import Store


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
        return out


@dataclass
class Processed:
    doc: Document
    mentions: list
    events: list[EventMention]
    roles: list[tuple[str, Role]]
    actors: list[Actor]
    aliases: set[tuple[str, str]]


class Processor:
    """Turns Documents into Processed results (no store access: usable on workers)."""

    def __init__(self, settings: Settings, registry: actors_mod.Registry | None = None):
        self.settings = settings
        self.nlp = nlp_mod.load(settings.spacy_model)
        self.kb = kb_mod.default()
        self.registry = registry or actors_mod.Registry(self.kb)
        self.gazetteer = Gazetteer.default()
        self.timings: Counter = Counter()

    def process_parsed(self, doc: Document, sdoc) -> Processed:
        t0 = time.perf_counter()
        da, roles = actors_mod.extract(sdoc, doc.id, doc.published, self.registry)
        t1 = time.perf_counter()
        evs = events_mod.extract(sdoc, da, doc.id, doc.published)
        for e in evs:
            e.source_code = self._code(e.source, e.date.value)
            e.target_code = self._code(e.target, e.date.value)
            if e.place is not None:
                self.gazetteer.resolve(e.place)
        t2 = time.perf_counter()
        self.timings["actors"] += t1 - t0
        self.timings["events"] += t2 - t1
        mentions = da.to_records(doc.id)
        used = {m.actor_id for m in mentions} | {e.source for e in evs} | {e.target for e in evs if e.target}
        actors = [a for a in (self.registry.get(i) for i in sorted(used)) if a is not None]
        aliases = {(m.actor_id, m.text) for m in mentions} | {(a.id, a.name) for a in actors}
        return Processed(doc, mentions, evs, roles, actors, aliases)

    def _code(self, actor_id: str | None, date: str | None) -> str | None:
        if not actor_id:
            return None
        a = self.registry.get(actor_id)
        return a.code(date, self.kb) if a else None

    def process(self, docs: Iterable[Document]) -> Iterator[Processed]:
        batch = self.settings.batch_size
        stream = ((d.text, d) for d in docs)
        t = time.perf_counter()
        for sdoc, doc in self.nlp.pipe(stream, as_tuples=True, batch_size=batch):
            self.timings["spacy"] += time.perf_counter() - t
            yield self.process_parsed(doc, sdoc)
            t = time.perf_counter()


def ingest(paths: list[str], db: str, settings: Settings | None = None, progress: bool = True,
           on_skip: Callable[[Skip], None] | None = None) -> Summary:
    settings = settings or Settings.from_env()
    summary = Summary()
    start = time.perf_counter()
    store = Store(db)
    try:
        registry = actors_mod.Registry(kb_mod.default())
        for a in store.learned_actors():
            registry.learned[a.id] = a
            for al in a.aliases | {a.name}:
                registry.learned_index.setdefault(kb_mod.norm_key(al), a.id)
        proc = Processor(settings, registry)
        seen_hashes: set[str] = set()

        def fresh() -> Iterator[Document]:
            for item in read_sources(paths):
                if isinstance(item, Skip):
                    summary.skipped.append(item)
                    store.add_skip(item.where, item.reason)
                    continue
                dup = store.has_hash(item.content_hash)
                if dup or item.content_hash in seen_hashes:
                    summary.skipped.append(Skip(item.source_path or item.id,
                                                f"already stored (same content as {dup or 'an earlier input'})"))
                    continue
                if store.has_doc(item.id):
                    summary.skipped.append(Skip(item.source_path or item.id,
                                                f"id {item.id!r} already stored with different content"))
                    continue
                seen_hashes.add(item.content_hash)
                yield item

        bar = None
        if progress and sys.stderr.isatty():
            from tqdm import tqdm
            bar = tqdm(desc="ingest", unit="doc")
        for p in proc.process(fresh()):
            t = time.perf_counter()
            store.upsert_actors(p.actors)
            store.add_aliases(p.aliases)
            store.add_document(p.doc, p.mentions, p.events, p.roles)
            proc.timings["store"] += time.perf_counter() - t
            summary.added += 1
            summary.new_events += len(p.events)
            if bar:
                bar.update(1)
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
        store.close()
    summary.seconds = time.perf_counter() - start
    return summary
