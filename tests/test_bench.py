"""`dyad bench`, the run registry and the bulk store writes behind the pipeline's speed."""
import json
import shutil
import sys
from pathlib import Path

import pytest

from dyad import actors as actors_mod
from dyad.cli import main
from dyad.config import DATA, Settings
from dyad.export import export_jsonl
from dyad.model import Actor
from dyad.pipeline import RunRegistry, ingest
from dyad.store import Store

SAMPLE = sorted((DATA / "sample").glob("*.md"))


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("bench-corpus")
    for f in SAMPLE[:3]:
        shutil.copy(f, d / f.name)
    return d


def _export(db, out):
    with Store(db, read_only=True) as s:
        export_jsonl(s, out)
    return {f.name: f.read_text() for f in Path(out).glob("*.jsonl")}


def test_bench_prints_every_field(small_corpus, capsys):
    assert main(["bench", str(small_corpus), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    for word in ("corpus: 3 documents", "sentences", "words", "docs/s", "sents/s", "words/s", "peak RSS",
                 "end-to-end", "spaCy alone", "ratio end-to-end / spaCy alone", "ingest/clean", "spaCy",
                 "actors", "events", "store", "fusion", "machine:", "batch size"):
        assert word in out, word


def test_bench_json_has_every_field(small_corpus, capsys):
    assert main(["bench", str(small_corpus), "--repeat", "2", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["corpus"]["documents"] == 3 and r["corpus"]["sentences"] > 10 and r["corpus"]["words"] > 300
    for k in ("end_to_end", "spacy_alone"):
        x = r[k]
        assert len(x["runs"]) == 2
        for f in ("seconds", "documents_per_s", "sentences_per_s", "words_per_s", "cpu_seconds", "peak_rss_mib"):
            assert x[f] > 0, (k, f)
    assert set(r["stages_seconds"]) == {"ingest/clean", "spaCy", "actors", "events", "store", "fusion", "other"}
    assert r["stages_seconds"]["spaCy"] > 0 and r["stages_seconds"]["actors"] > 0
    assert r["ratio_end_to_end_vs_spacy"] > 0 and r["ratio_best_runs"] > 0 and r["ratio_cpu"] > 0
    assert r["settings"]["batch_size"] == Settings().batch_size and "parser" in r["settings"]["components"]
    assert r["machine"]["cpus"] >= 1 and r["machine"]["cpu_model"]
    assert r["peak_rss_mib"] > 0


@pytest.mark.parametrize("ahead", [False, True])
def test_documents_are_read_as_they_are_needed(ahead):
    """A stream of 500 documents: the first processed batch comes after a few batches were
    read, not the whole stream, parsed in-process or in the parser process."""
    from dyad.model import Document
    from dyad.pipeline import Processor, process_stream

    pulled = []

    def stream():
        for i in range(500):
            pulled.append(i)
            yield Document(id=f"d{i}", text=f"Iran criticised Pakistan on Monday. Report {i}.", published="2024-01-10")

    proc = Processor(Settings(batch_size=2, parse_ahead=ahead))
    batches = process_stream(proc, stream(), 1)
    first = next(batches)
    assert [p.doc.id for p in first] == ["d0", "d1"] and first[0].events
    assert len(pulled) <= 8
    batches.close()


def test_bench_says_when_spacy_ran_beside_the_rest(small_corpus, capsys):
    """Three batches of one document: the parser process runs ahead, and the stage table says
    so instead of adding its time to this process's."""
    assert main(["bench", str(small_corpus), "--repeat", "1", "--batch-size", "1", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    st = r["stages_seconds"]
    assert set(st) == {"ingest/clean", "spaCy", "actors", "events", "store", "fusion", "waiting for spaCy", "other"}
    assert st["spaCy"] > 0 and "parser process" in r["stages_note"]
    own = sum(v for k, v in st.items() if k not in ("spaCy", "other"))
    assert own <= r["end_to_end"]["runs"][0] + 1e-3


def test_bench_rejects_a_missing_path(tmp_path, capsys):
    assert main(["bench", str(tmp_path / "nope")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_document_registry_answers_like_the_plain_registry(nlp, kb):
    """The run registry's cached lookups must agree with actors.Registry.lookup."""
    learned = Actor(id="hafiz_zia_ahmad", name="Hafiz Zia Ahmad", kind="person", origin="text",
                    aliases={"Zia Ahmad"})
    run = RunRegistry(kb, [learned])
    plain = actors_mod.Registry(kb)
    plain.learned[learned.id] = learned
    for al in sorted(learned.aliases | {learned.name}):
        plain.learned_index.setdefault(actors_mod.norm_key(al), learned.id)
    text = " ".join(f.read_text() for f in SAMPLE[:4]) + " Zia Ahmad said. the Taliban and Kabul."
    doc = nlp(text)
    reg = run.for_document()
    n = 0
    for date in ("2019-05-01", "2023-06-15", None):
        for i in range(len(doc)):
            for j in range(i + 1, min(len(doc), i + 4) + 1):
                t = doc[i:j].text
                assert reg.lookup(t, date) == plain.lookup(t, date), (t, date)
                n += 1
    assert n > 1000


def test_documents_see_the_frozen_registry_not_each_other(kb):
    base = Actor(id="x_person", name="X Person", kind="person", origin="text")
    run = RunRegistry(kb, [base])
    r1 = run.for_document()
    a = r1.get("x_person")
    a.aliases.add("Person")
    a.country = "IRN"
    r1.learn(Actor(id="new_one", name="New One", kind="person", origin="text"), "New One")
    r2 = run.for_document()
    assert r2.get("x_person").country is None and "Person" not in r2.get("x_person").aliases
    assert r2.get("new_one") is None and r2.lookup("New One", None) is None
    assert base.country is None and not base.aliases
    assert {x.id for x in r1.learned.values()} == {"x_person", "new_one"}


def test_learned_actors_merge_first_value_wins(tmp_path):
    with Store(tmp_path / "m.duckdb") as s:
        s.upsert_actors([Actor(id="a", name="A One", kind="person", origin="text"),
                         Actor(id="a", name="A Two", kind="person", country="IRN", origin="text"),
                         Actor(id="a", name="A Three", kind="person", country="AFG", sector="GOV", origin="text"),
                         Actor(id="k", name="Kay", kind="country", country="KAY", origin="kb")])
        s.upsert_actors([Actor(id="a", name="A Four", kind="person", country="PAK", org_type="x", origin="text"),
                         Actor(id="k", name="Kay New", kind="country", country="KAY", origin="kb")])
        rows = {r["id"]: r for r in s.rows("SELECT * FROM actors")}
    assert (rows["a"]["name"], rows["a"]["country"], rows["a"]["sector"], rows["a"]["org_type"]) == \
        ("A One", "IRN", "GOV", "x")
    assert rows["k"]["name"] == "Kay New"


def test_results_do_not_depend_on_batching_or_workers(tmp_path, small_corpus):
    a = ingest([str(small_corpus)], str(tmp_path / "a.duckdb"), Settings(batch_size=16), progress=False)
    b = ingest([str(small_corpus)], str(tmp_path / "b.duckdb"), Settings(batch_size=1, n_process=2),
               progress=False)
    assert a.added == b.added == 3 and a.new_events == b.new_events > 0
    assert _export(tmp_path / "a.duckdb", tmp_path / "a") == _export(tmp_path / "b.duckdb", tmp_path / "b")


def test_the_parser_process_gives_what_parsing_here_gives(tmp_path, small_corpus):
    """Three batches of one document: parsed in the forked parser process (sent back as
    DocBins) or in this process, the stored rows are the same."""
    from dyad import pipeline

    here = Settings(batch_size=1, parse_ahead=False)
    ahead = Settings(batch_size=1, parse_ahead=True)
    used = []
    real = pipeline._parse_ahead

    def spy(*args, **kwargs):
        used.append(True)
        yield from real(*args, **kwargs)

    pipeline._parse_ahead = spy
    try:
        ingest([str(small_corpus)], str(tmp_path / "here.duckdb"), here, progress=False)
        assert not used
        s = ingest([str(small_corpus)], str(tmp_path / "ahead.duckdb"), ahead, progress=False)
        assert used and s.stage_seconds["spacy"] > 0
    finally:
        pipeline._parse_ahead = real
    a, b = _tables(tmp_path / "here.duckdb"), _tables(tmp_path / "ahead.duckdb")
    assert a == b and len(a["events"]) > 0 and len(a["mentions"]) > 0


def _watch_parser(monkeypatch):
    """Record the order of guesses, submits (and whether each took a guess) and store opens."""
    from dyad import pipeline

    log = []
    guess, submit, store_init = pipeline.ParserProcess.guess, pipeline.ParserProcess.submit, Store.__init__

    def spy_guess(self, texts):
        log.append(("guess", len(texts)))
        return guess(self, texts)

    def spy_submit(self, texts):
        log.append(("submit", tuple(texts) in self._guessed))
        return submit(self, texts)

    def spy_open(self, *args, **kwargs):
        log.append(("open", None))
        return store_init(self, *args, **kwargs)

    monkeypatch.setattr(pipeline.ParserProcess, "guess", spy_guess)
    monkeypatch.setattr(pipeline.ParserProcess, "submit", spy_submit)
    monkeypatch.setattr(Store, "__init__", spy_open)
    return log


def test_a_new_store_has_its_first_batch_parsed_while_it_opens(tmp_path, small_corpus, monkeypatch):
    import multiprocessing

    log = _watch_parser(monkeypatch)
    s = ingest([str(small_corpus)], str(tmp_path / "new.duckdb"), Settings(batch_size=1), progress=False)
    assert s.added == 3
    assert log[:2] == [("guess", 1), ("open", None)]
    assert [x for x in log if x[0] == "submit"] == [("submit", True), ("submit", False), ("submit", False)]
    assert not multiprocessing.active_children()   # the parser process is gone
    # An existing store may already hold the first documents: nothing is guessed.
    log.clear()
    extra = tmp_path / "more"
    extra.mkdir()
    for f in SAMPLE[3:6]:
        shutil.copy(f, extra / f.name)
    s = ingest([str(extra)], str(tmp_path / "new.duckdb"), Settings(batch_size=1), progress=False)
    assert s.added == 3 and not [x for x in log if x[0] == "guess"]
    assert [x for x in log if x[0] == "submit"] == [("submit", False)] * 3


def test_a_first_batch_that_repeats_a_document_is_not_guessed(tmp_path, small_corpus, monkeypatch):
    twice = tmp_path / "twice"
    twice.mkdir()
    shutil.copy(SAMPLE[0], twice / "a.md")
    shutil.copy(SAMPLE[0], twice / "b.md")   # the same text again: skipped as a repeat
    shutil.copy(SAMPLE[1], twice / "c.md")
    shutil.copy(SAMPLE[2], twice / "d.md")
    log = _watch_parser(monkeypatch)
    s = ingest([str(twice)], str(tmp_path / "t.duckdb"), Settings(batch_size=2), progress=False)
    assert s.added == 3 and len(s.skipped) == 1 and "already stored" in s.skipped[0].reason
    assert not [x for x in log if x[0] == "guess"]
    monkeypatch.undo()
    ingest([str(twice)], str(tmp_path / "here.duckdb"), Settings(batch_size=2, parse_ahead=False), progress=False)
    assert _tables(tmp_path / "t.duckdb") == _tables(tmp_path / "here.duckdb")


def test_bulk_writes_without_pyarrow(tmp_path, small_corpus, monkeypatch):
    ingest([str(small_corpus)], str(tmp_path / "a.duckdb"), Settings(), progress=False)
    monkeypatch.setitem(sys.modules, "pyarrow", None)   # import pyarrow now fails
    ingest([str(small_corpus)], str(tmp_path / "b.duckdb"), Settings(), progress=False)
    with Store(tmp_path / "a.duckdb", read_only=True) as s:
        a = s.counts()
    with Store(tmp_path / "b.duckdb", read_only=True) as s:
        b = s.counts()
    assert a == b and a["events"] > 0
    monkeypatch.undo()
    assert _export(tmp_path / "a.duckdb", tmp_path / "a") == _export(tmp_path / "b.duckdb", tmp_path / "b")


@pytest.mark.parametrize("arrow", [True, False])
def test_bulk_insert_helper(tmp_path, monkeypatch, arrow):
    from dyad.store import _insert

    if not arrow:
        monkeypatch.setitem(sys.modules, "pyarrow", None)
    with Store(tmp_path / "i.duckdb") as s:
        s.con.execute("CREATE TABLE t (k VARCHAR PRIMARY KEY, v DOUBLE, n INTEGER)")
        rows = [[f"k{i}", i / 2, None if i % 3 else i] for i in range(600)]
        _insert(s.con, "t", ("k", "v", "n"), rows)
        _insert(s.con, "t", ("k", "v", "n"), [["k1", 9.0, 9]], or_ignore=True)
        _insert(s.con, "t", ("k", "v", "n"), [["k2", 7.0, 7]], or_replace=True)
        got = {r["k"]: (r["v"], r["n"]) for r in s.rows("SELECT * FROM t")}
    assert len(got) == 600 and got["k1"] == (0.5, None) and got["k2"] == (7.0, 7) and got["k3"] == (1.5, 3)


def _tables(db) -> dict[str, list]:
    """Every row of every table the pipeline writes (load times left out), in a fixed order."""
    skip = {"ingested_at", "skipped_at", "decided_at"}
    with Store(db, read_only=True) as s:
        names = [r[0] for r in s.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        out = {}
        for t in names:
            cols = [r[0] for r in s.con.execute(f"DESCRIBE {t}").fetchall() if r[0] not in skip]
            out[t] = s.con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
    return out


def test_batched_commits_store_the_rows_of_one_document_at_a_time(tmp_path, small_corpus):
    """Bulk inserts of many documents per transaction (and one store query per chunk of inputs)
    write exactly the rows that storing one document per transaction writes."""
    one = Settings(batch_size=1, commit_size=1)
    many = Settings(batch_size=2, commit_size=64, parse_ahead=False)   # all in one transaction
    ingest([str(small_corpus)], str(tmp_path / "one.duckdb"), one, progress=False)
    ingest([str(small_corpus)], str(tmp_path / "many.duckdb"), many, progress=False)
    a, b = _tables(tmp_path / "one.duckdb"), _tables(tmp_path / "many.duckdb")
    assert a == b and len(a["events"]) > 0 and len(a["clusters"]) > 0


def test_sources_written_with_the_documents_are_those_fusion_would_find(tmp_path, small_corpus, monkeypatch):
    """Outlets and syndication signatures are written as documents are stored; a store loaded
    without them (as the Dask engine's loader does) gets the same rows from fusion."""
    from dyad import pipeline

    ingest([str(small_corpus)], str(tmp_path / "a.duckdb"), Settings(), progress=False)
    real, stored = pipeline.store_batch, []

    def without_sources(store, batch, sources=None):
        stored.append(sources)
        real(store, batch)

    monkeypatch.setattr(pipeline, "store_batch", without_sources)
    ingest([str(small_corpus)], str(tmp_path / "b.duckdb"), Settings(), progress=False)
    monkeypatch.undo()
    a, b = _tables(tmp_path / "a.duckdb"), _tables(tmp_path / "b.duckdb")
    assert stored and all(s is not None for s in stored)
    assert len(a["doc_sources"]) == 3 and all(r[-1] for r in a["doc_sources"])
    assert a == b


def test_reingesting_the_same_articles_changes_nothing(tmp_path, small_corpus):
    db = str(tmp_path / "r.duckdb")
    first = ingest([str(small_corpus)], db, Settings(), progress=False)
    before = _tables(db)
    again = ingest([str(small_corpus), str(small_corpus)], db, Settings(batch_size=2), progress=False)
    assert first.added == 3 and again.added == 0 and again.new_events == 0
    assert len(again.skipped) == 6 and all("already stored" in s.reason for s in again.skipped)
    assert _tables(db) == before


@pytest.mark.parametrize("ahead", [False, True])
def test_an_interrupted_run_keeps_what_it_committed(tmp_path, small_corpus, monkeypatch, ahead):
    """A failure in the third document, with commits of two documents (or of each batch, when
    the parser process runs ahead): the first two are stored whole, nothing of the third is;
    a re-run stores the rest and ends where a clean run does."""
    from dyad import pipeline

    db = str(tmp_path / "i.duckdb")
    real = pipeline.Processor.process_parsed
    seen = []

    def failing(self, doc, sdoc):
        seen.append(doc.id)
        if len(seen) == 3:
            raise RuntimeError("interrupted")
        return real(self, doc, sdoc)

    monkeypatch.setattr(pipeline.Processor, "process_parsed", failing)
    with pytest.raises(RuntimeError):
        ingest([str(small_corpus)], db, Settings(batch_size=1, commit_size=2, parse_ahead=ahead), progress=False)
    monkeypatch.undo()
    with Store(db, read_only=True) as s:
        stored = {r[0] for r in s.con.execute("SELECT id FROM documents").fetchall()}
        orphans = s.con.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)"
                                ).fetchone()[0]
    assert stored == set(seen[:2]) and orphans == 0
    rest = ingest([str(small_corpus)], db, Settings(), progress=False)
    assert rest.added == 1
    ingest([str(small_corpus)], str(tmp_path / "clean.duckdb"), Settings(), progress=False)
    assert _export(db, tmp_path / "a") == _export(tmp_path / "clean.duckdb", tmp_path / "b")
