"""`dyad bench`: how fast the pipeline runs on a corpus, stage by stage, against spaCy alone.

The pipeline is timed end to end (reading and cleaning, spaCy, actors, events, store, fusion)
into a fresh temporary store; spaCy alone runs over the same texts (the documents the pipeline
stores) with the same pipeline components, batch size and number of processes. Each is run
`repeat` times after one untimed warm-up run of each; the median run counts. Peak memory is
the largest resident set size sampled during the runs (the process plus its worker processes).
"""
from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import tempfile
import threading
import time
from pathlib import Path

from . import kb as kb_mod, nlp as nlp_mod
from .config import Settings
from .ingest import read_sources
from .model import Document

STAGES = [("ingest", "ingest/clean"), ("spacy", "spaCy"), ("actors", "actors"), ("events", "events"),
          ("store", "store"), ("fuse", "fusion")]


# -- memory -------------------------------------------------------------------------------------

def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def rss_tree_mib(pid: int | None = None) -> float:
    """Resident memory of a process and its descendants, MiB (Linux /proc; 0 elsewhere)."""
    pid = pid or os.getpid()
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kib(p)
        todo += _children(p)
    return total / 1024


class PeakRss:
    """Samples the RSS of this process tree every `interval` seconds while in a `with` block."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak = 0.0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_tree_mib())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self.peak = rss_tree_mib()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_tree_mib())


def max_rss_mib() -> float:
    """Peak RSS of this process over its life (getrusage), MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- machine ------------------------------------------------------------------------------------

def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    import spacy

    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": mem,
            "python": platform.python_version(), "spacy": spacy.__version__, "platform": platform.platform()}


# -- the benchmark ------------------------------------------------------------------------------

def corpus_documents(paths: list[str]) -> list[Document]:
    """The documents the pipeline would store from `paths` into an empty store, in order."""
    out, hashes, ids = [], set(), set()
    for d in read_sources(paths):
        if isinstance(d, Document) and d.content_hash not in hashes and d.id not in ids:
            hashes.add(d.content_hash)
            ids.add(d.id)
            out.append(d)
    return out


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished child processes."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _spacy_alone(nlp, texts: list[str], settings: Settings) -> tuple[float, float]:
    c, t = cpu_seconds(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=max(1, settings.n_process)):
        pass
    return time.perf_counter() - t, cpu_seconds() - c


def _counts(nlp, texts: list[str], settings: Settings) -> tuple[int, int]:
    from spacy.attrs import IS_PUNCT, IS_SPACE

    sents = words = 0
    for d in nlp.pipe(texts, batch_size=settings.batch_size):
        sents += sum(1 for _ in d.sents)
        arr = d.to_array([IS_PUNCT, IS_SPACE])
        words += int(((arr[:, 0] == 0) & (arr[:, 1] == 0)).sum()) if len(d) else 0
    return sents, words


def _pipeline(paths: list[str], settings: Settings, workdir: str, n: int) -> tuple[float, dict, int]:
    from .pipeline import ingest

    db = os.path.join(workdir, f"bench-{n}.duckdb")
    for f in (db, db + ".wal"):
        if os.path.exists(f):
            os.remove(f)
    c, t = cpu_seconds(), time.perf_counter()
    s = ingest(paths, db, settings, progress=False)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    for f in (db, db + ".wal"):
        if os.path.exists(f):
            os.remove(f)
    return wall, cpu, dict(s.stage_seconds), s.new_events


def run(paths: list[str], repeat: int = 3, settings: Settings | None = None) -> dict:
    settings = settings or Settings.from_env()
    repeat = max(1, repeat)
    t0 = time.perf_counter()
    nlp = nlp_mod.load(settings.spacy_model)
    kb_mod.default()
    from .places import Gazetteer

    Gazetteer.default()
    startup = time.perf_counter() - t0

    docs = corpus_documents(paths)
    if not docs:
        raise ValueError(f"no documents to benchmark in {', '.join(map(str, paths))}")
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    sentences, words = _counts(nlp, texts, settings)   # also the spaCy warm-up

    e2e, stages, spacy_runs, e2e_cpu, spacy_cpu = [], [], [], [], []
    e2e_peak = spacy_peak = 0.0
    events = 0
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as work:
        _pipeline(paths, settings, work, -1)           # warm-up (imports, caches, first writes)
        for i in range(repeat):
            with PeakRss() as m:
                wall, cpu, st, events = _pipeline(paths, settings, work, i)
            e2e.append(wall)
            e2e_cpu.append(cpu)
            stages.append(st)
            e2e_peak = max(e2e_peak, m.peak)
            with PeakRss() as m:
                wall, cpu = _spacy_alone(nlp, texts, settings)
            spacy_runs.append(wall)
            spacy_cpu.append(cpu)
            spacy_peak = max(spacy_peak, m.peak)

    med = statistics.median(e2e)
    smed = statistics.median(spacy_runs)
    # The stage split of the run whose wall time is the median (or the nearest to it).
    k = min(range(repeat), key=lambda i: abs(e2e[i] - med))
    stage_s = {name: round(stages[k].get(key, 0.0), 4) for key, name in STAGES}
    ahead = "waiting for spaCy" in stages[k]
    if ahead:
        # spaCy ran in the parser process alongside the rest: the main process's own time is
        # the other stages plus its waiting for parsed batches.
        stage_s["waiting for spaCy"] = round(stages[k]["waiting for spaCy"], 4)
        here = sum(v for key, v in stages[k].items() if key != "spacy")
    else:
        here = sum(stages[k].get(key, 0.0) for key, _ in STAGES)
    stage_s["other"] = round(max(0.0, e2e[k] - here), 4)

    def rates(sec: float) -> dict:
        return {"seconds": round(sec, 4), "documents_per_s": round(len(docs) / sec, 2),
                "sentences_per_s": round(sentences / sec, 1), "words_per_s": round(words / sec, 1)}

    return {
        "command": "dyad bench " + " ".join(map(str, paths)) + f" --repeat {repeat}",
        "corpus": {"paths": [str(p) for p in paths], "documents": len(docs), "sentences": sentences,
                   "words": words, "characters": chars, "events": events},
        "settings": {"spacy_model": settings.spacy_model, "components": list(nlp.pipe_names),
                     "batch_size": settings.batch_size, "n_process": settings.n_process, "repeat": repeat},
        "machine": machine(),
        "startup_seconds": round(startup, 3),
        "end_to_end": {**rates(med), "runs": [round(x, 4) for x in e2e],
                       "cpu_seconds": round(statistics.median(e2e_cpu), 4), "peak_rss_mib": round(e2e_peak, 1)},
        "spacy_alone": {**rates(smed), "runs": [round(x, 4) for x in spacy_runs],
                        "cpu_seconds": round(statistics.median(spacy_cpu), 4), "peak_rss_mib": round(spacy_peak, 1)},
        "stages_seconds": stage_s,
        "stages_note": ("seconds in each stage in the median end-to-end run"
                        + ("; summed over worker processes (CPU time, not wall time)"
                           if settings.n_process > 1 else "")
                        + ("; spaCy ran in the parser process while this one did the rest, so the"
                           " stages add up to more than the run: 'waiting for spaCy' is this"
                           " process idle, waiting for a parsed batch" if ahead else "")),
        "ratio_end_to_end_vs_spacy": round(smed / med, 3),
        "ratio_best_runs": round(min(spacy_runs) / min(e2e), 3),
        "ratio_cpu": round(statistics.median(spacy_cpu) / max(1e-9, statistics.median(e2e_cpu)), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "peak_rss_mib": round(max_rss_mib(), 1),
    }


def render(r: dict) -> str:
    c, e, s = r["corpus"], r["end_to_end"], r["spacy_alone"]
    out = [f"corpus: {c['documents']} documents, {c['sentences']} sentences, {c['words']} words "
           f"({c['characters']} characters); {c['events']} event mentions",
           f"settings: {r['settings']['spacy_model']} [{', '.join(r['settings']['components'])}], "
           f"batch size {r['settings']['batch_size']}, {r['settings']['n_process']} process(es), "
           f"median of {r['settings']['repeat']} run(s)",
           f"machine: {r['machine']['cpus']} CPUs ({r['machine']['cpu_model']}), "
           f"{r['machine']['memory_gib']} GiB, Python {r['machine']['python']}, spaCy {r['machine']['spacy']}",
           f"startup (model, knowledge base, gazetteer): {r['startup_seconds']:.2f} s", "",
           f"{'':14} {'seconds':>8} {'docs/s':>8} {'sents/s':>9} {'words/s':>10} {'CPU s':>7} {'peak RSS MiB':>13}"]
    for label, x in (("end-to-end", e), ("spaCy alone", s)):
        out.append(f"{label:14} {x['seconds']:8.3f} {x['documents_per_s']:8.2f} {x['sentences_per_s']:9.1f} "
                   f"{x['words_per_s']:10.1f} {x['cpu_seconds']:7.2f} {x['peak_rss_mib']:13.1f}")
    out.append(f"ratio end-to-end / spaCy alone (throughput): {r['ratio_end_to_end_vs_spacy']:.3f} "
               f"(medians; best runs: {r['ratio_best_runs']:.3f}; CPU time: {r['ratio_cpu']:.3f})")
    if r.get("load_average"):
        out.append(f"load average during the benchmark: {' '.join(map(str, r['load_average']))} "
                   f"(other processes on the machine slow both sides)")
    out += ["", f"stages ({r['stages_note']}):"]
    for name, sec in r["stages_seconds"].items():
        out.append(f"  {name:17} {sec:8.3f} s  {100 * sec / e['seconds']:5.1f}% of the run")
    out.append(f"peak RSS of this process: {r['peak_rss_mib']:.1f} MiB")
    return "\n".join(out)


def main(paths: list[str], repeat: int = 3, as_json: bool = False, settings: Settings | None = None) -> str:
    for p in paths:
        if not Path(p).exists():
            raise FileNotFoundError(f"no such file or directory: {p}")
    r = run(paths, repeat, settings)
    return json.dumps(r, indent=2) if as_json else render(r)
