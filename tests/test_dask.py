"""The Dask engine gives the local engine's results; incremental ingest processes only new
documents."""
import json
import shutil
from pathlib import Path

import pytest

from dyad import pipeline
from dyad.config import DATA, Settings
from dyad.export import export_jsonl
from dyad.pipeline import ingest
from dyad.store import Store

distributed = pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

SAMPLE = sorted((DATA / "sample").glob("*.md"))
FEED = Path(__file__).parent / "fixtures" / "articles" / "feed.jsonl"
EVENT_KEYS = ("id", "doc", "code", "source", "target", "date")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _events(db, out):
    with Store(db, read_only=True) as s:
        export_jsonl(s, out)
        raw = s.rows("SELECT id, doc_id, source, target, source_code, target_code, code, date, cluster, "
                     "evidence FROM events ORDER BY id")
        tables = {t: s.rows(f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL") if t == "documents"
                  else s.rows(f"SELECT * FROM {t} ORDER BY ALL")
                  for t in ("documents", "actors", "actor_aliases", "actor_roles", "mentions")}
    exported = [json.loads(l) for l in (Path(out) / "events.jsonl").read_text().splitlines()]
    return exported, raw, tables


def _doc_field(e):
    return e.get("doc") or e.get("doc_id")


def test_dask_engine_equals_local_run(tmp_path, client):
    from dyad.engine_dask import ingest as dask_ingest

    paths = [str(DATA / "sample"), str(FEED)]
    local = ingest(paths, str(tmp_path / "local.duckdb"), Settings(), progress=False)
    dist = dask_ingest(paths, str(tmp_path / "dask.duckdb"), Settings(), client=client, progress=False,
                       partition_size=3)
    assert dist.added == local.added >= len(SAMPLE) and dist.new_events == local.new_events > 50
    assert sorted((s.where, s.reason) for s in dist.skipped) == sorted((s.where, s.reason) for s in local.skipped)
    le, lraw, ltab = _events(tmp_path / "local.duckdb", tmp_path / "le")
    de, draw, dtab = _events(tmp_path / "dask.duckdb", tmp_path / "de")
    assert lraw == draw                      # ids, codes, sources, targets, dates, clusters
    assert [(e["id"], _doc_field(e), e.get("code"), e.get("source"), e.get("target"), e.get("date"))
            for e in le] == \
           [(e["id"], _doc_field(e), e.get("code"), e.get("source"), e.get("target"), e.get("date"))
            for e in de]
    assert le == de
    assert ltab == dtab                      # documents, actors, aliases, roles, mentions


def test_incremental_ingest_processes_only_new_documents(tmp_path, client, monkeypatch):
    from dyad.engine_dask import ingest as dask_ingest

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for f in SAMPLE[:8]:
        shutil.copy(f, first / f.name)
    for f in SAMPLE[8:]:
        shutil.copy(f, second / f.name)

    seen: list[str] = []
    real = pipeline.Processor.process_parsed

    def spy(self, doc, sdoc):
        seen.append(doc.id)
        return real(self, doc, sdoc)

    monkeypatch.setattr(pipeline.Processor, "process_parsed", spy)
    for name, run in (("local", ingest),
                      ("dask", lambda p, db, s, progress: dask_ingest(p, db, s, client=client, progress=progress))):
        db = str(tmp_path / f"{name}.duckdb")
        seen.clear()
        s1 = run([str(first)], db, Settings(), progress=False)
        assert s1.added == 8 and sorted(seen) == sorted(f.stem for f in SAMPLE[:8])
        with Store(db, read_only=True) as st:
            before = {e["id"]: e for e in st.events()}
        seen.clear()
        s2 = run([str(first), str(second)], db, Settings(), progress=False)
        assert s2.added == len(SAMPLE) - 8, name
        assert sorted(seen) == sorted(f.stem for f in SAMPLE[8:]), name   # only the new documents
        assert sum("already stored" in s.reason for s in s2.skipped) == 8
        with Store(db, read_only=True) as st:
            after = {e["id"]: e for e in st.events()}
            assert st.counts()["documents"] == len(SAMPLE)
        assert set(before) < set(after)
        for k, e in before.items():     # old events kept; only their clusters may change
            assert {f: v for f, v in e.items() if f != "cluster"} == \
                   {f: v for f, v in after[k].items() if f != "cluster"}
        assert all(e["cluster"] for e in after.values())


def test_ingest_cli_checks_engine_options(tmp_path, capsys):
    from dyad.cli import main

    assert main(["ingest", str(SAMPLE[0]), "--db", str(tmp_path / "x.duckdb"), "--scheduler",
                 "tcp://127.0.0.1:1"]) == 1
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert main(["ingest", str(SAMPLE[0]), "--db", str(tmp_path / "x.duckdb"), "--workers", "1", "-q"]) == 0


def test_jsonl_partitions_read_like_the_local_reader(tmp_path):
    from dyad.engine_dask import Unit, list_units, partitions, read_partition
    from dyad.ingest import read_sources

    feed = tmp_path / "feed.jsonl"
    lines = FEED.read_text().splitlines()
    feed.write_text("\n".join(lines * 3) + "\n\n{bad json\n")
    units = [u for u in list_units([str(feed), str(DATA / "sample")], lines_per_unit=2) if isinstance(u, Unit)]
    got = [x for part in partitions(units, 3) for x in read_partition(part)]
    want = list(read_sources([str(feed), str(DATA / "sample")]))
    assert [(type(x).__name__, getattr(x, "id", None), getattr(x, "content_hash", None),
             getattr(x, "where", None), getattr(x, "reason", None))
            for x in got] == \
           [(type(x).__name__, getattr(x, "id", None), getattr(x, "content_hash", None),
             getattr(x, "where", None), getattr(x, "reason", None))
            for x in want]
    assert len(partitions(units, 3)) > 3
