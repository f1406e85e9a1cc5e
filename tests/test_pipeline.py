"""End to end: ingest → store → export → eval, on fixtures and the bundled sample corpus."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.config import DATA
from dyad.evaluate import evaluate
from dyad.export import export_jsonl
from dyad.pipeline import ingest
from dyad.store import Store

FIX = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "sample.duckdb"
    summary = ingest([str(DATA / "sample")], str(db), progress=False)
    assert summary.added >= 12
    return db


def test_sample_corpus_is_well_formed():
    files = sorted((DATA / "sample").glob("*.md"))
    assert 12 <= len(files) <= 20
    for f in files:
        text = f.read_text()
        assert text.startswith("---\n") and "outlet: dyad sample" in text and "published:" in text
        body = text.split("---\n", 2)[2]
        assert 150 <= len(body.split()) <= 400, f.name


def test_every_event_is_sourced_and_coded(sample_db):
    with Store(sample_db, read_only=True) as s:
        events = s.events()
        docs = {d["id"]: d for d in s.rows("SELECT id, text FROM documents")}
    assert len(events) > 50
    for e in events:
        text = docs[e["doc_id"]]["text"]
        assert text[e["sent_start"]:e["sent_end"]] == e["evidence"]
        assert e["code"][:2] == e["root"] and e["quad_class"] in (1, 2, 3, 4)
        assert e["source"] and e["plover"]
        assert e["date"] is None or e["date_precision"] in ("day", "month", "year")


def test_reingest_changes_nothing(sample_db):
    with Store(sample_db, read_only=True) as s:
        before = s.counts()
    summary = ingest([str(DATA / "sample"), str(FIX / "empty.txt")], str(sample_db), progress=False)
    summary = ingest([str(DATA / "sample"), str(FIX / "empty.txt")], str(sample_db), progress=False)
    assert summary.added == 0
    with Store(sample_db, read_only=True) as s:
        after = s.counts()
    after["skipped"] -= 1  # the empty file is recorded once, however often it is seen
    assert before == after


def test_bad_input_does_not_lose_stored_data(tmp_path):
    db = tmp_path / "x.duckdb"
    ingest([str(FIX / "feed.jsonl")], str(db), progress=False)
    with Store(db, read_only=True) as s:
        before = s.counts()["documents"]
    summary = ingest([str(FIX)], str(db), progress=False)
    reasons = " ".join(s.reason for s in summary.skipped)
    assert "binary" in reasons and "malformed JSONL" in reasons and "already stored" in reasons
    with Store(db, read_only=True) as s:
        assert s.counts()["documents"] == before + 2  # page.html and furniture.txt


def test_export_has_the_gold_format(sample_db, tmp_path):
    with Store(sample_db, read_only=True) as s:
        counts = export_jsonl(s, tmp_path)
    assert counts["events.jsonl"] > 0
    actors = [json.loads(l) for l in (tmp_path / "actors.jsonl").read_text().splitlines()]
    ids = {a["id"] for a in actors}
    for line in (tmp_path / "events.jsonl").read_text().splitlines():
        e = json.loads(line)
        assert e["source"] in ids and (e["target"] is None or e["target"] in ids)
        assert isinstance(e["cameo"], str) and e["evidence"]
    docs = [json.loads(l) for l in (tmp_path / "docs.jsonl").read_text().splitlines()]
    assert all(d["published"] and d["published_basis"] == "stated" for d in docs)
    assert (tmp_path / "conflicts.jsonl").exists()


def test_eval_scores_an_export_against_itself_perfectly(sample_db, tmp_path):
    with Store(sample_db, read_only=True) as s:
        export_jsonl(s, tmp_path / "pred")
    gold = tmp_path / "gold"
    gold.mkdir()
    events = [json.loads(l) for l in (tmp_path / "pred" / "events.jsonl").read_text().splitlines()]
    actors = [json.loads(l) for l in (tmp_path / "pred" / "actors.jsonl").read_text().splitlines()]
    (gold / "events.jsonl").write_text("\n".join(json.dumps({**e, "source": [e["source"]],
        "target": [e["target"]] if e["target"] else [], "cameo": [e["cameo"]]}) for e in events))
    (gold / "actors.jsonl").write_text("\n".join(json.dumps(a) for a in actors))
    rep = evaluate(gold, tmp_path / "pred")
    assert rep.levels["events_typed"].f1 == 1.0 and rep.levels["events_dated"].f1 == 1.0
    assert rep.actors["recall"] == 1.0
    # Drop half the predictions: recall falls, precision stays.
    (tmp_path / "pred" / "events.jsonl").write_text("\n".join(json.dumps(e) for e in events[::2]))
    rep = evaluate(gold, tmp_path / "pred")
    assert rep.levels["events_typed"].precision == 1.0 and rep.levels["events_typed"].recall < 0.6


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "dyad", *args], capture_output=True, text=True)


def test_cli_help_for_every_command():
    for cmd in ("ingest", "export", "eval", "demo", "summary"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "usage: dyad" in r.stdout, cmd


def test_cli_errors_are_one_line_and_nonzero(tmp_path):
    r = run_cli("export", str(tmp_path / "out"), "--db", str(tmp_path / "missing.duckdb"))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "no database" in r.stderr


def test_cli_ingest_export_summary(tmp_path):
    db = str(tmp_path / "c.duckdb")
    r = run_cli("ingest", str(FIX / "feed.jsonl"), "--db", db)
    assert r.returncode == 0 and "documents added: 2" in r.stdout and "feed.jsonl:2" in r.stdout
    r = run_cli("export", str(tmp_path / "out"), "--db", db)
    assert r.returncode == 0 and (tmp_path / "out" / "events.jsonl").exists()
    r = run_cli("summary", "--db", db)
    assert r.returncode == 0 and "documents" in r.stdout
