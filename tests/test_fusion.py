"""Fusion, sources, conflicts and credibility on fixture articles written for these tests."""
from pathlib import Path

import pytest

from dyad import outlets as outlets_mod
from dyad import syndication
from dyad.fuse import credibility
from dyad.pipeline import ingest
from dyad.store import Store
from dyad.store.fusion import FusionStore

FIX = Path(__file__).parent / "fixtures" / "fusion"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("fusion") / "f.duckdb"
    ingest([str(FIX)], str(path), progress=False)
    return path


def cluster_of(s, doc, source, target, root):
    rows = s.rows("SELECT cluster FROM events WHERE doc_id = ? AND root = ? AND "
                  "((source = ? AND target = ?) OR (source = ? AND target = ?))",
                  [doc, root, source, target, target, source])
    assert rows, (doc, source, target, root)
    return rows[0]["cluster"]


def test_same_event_in_three_articles_is_one_cluster(db):
    with Store(db, read_only=True) as s:
        ids = {cluster_of(s, d, "amir_khan_muttaqi", "hossein_amir_abdollahian", "04") for d in ("a1", "a2", "a3")}
        assert len(ids) == 1
        c = FusionStore.read(s).clusters()[ids.pop()]
    assert c["documents"] >= 4 and c["mentions"] >= 4
    assert c["date"] == "2022-01-09" and c["first_report"] == "2022-01-10"


def test_same_dyad_a_week_apart_is_two_events(db):
    with Store(db, read_only=True) as s:
        first = cluster_of(s, "a1", "amir_khan_muttaqi", "hossein_amir_abdollahian", "04")
        again = cluster_of(s, "a5", "amir_khan_muttaqi", "hossein_amir_abdollahian", "04")
    assert first != again


def test_syndicated_copy_is_not_an_independent_source(db):
    with Store(db, read_only=True) as s:
        groups = {r["doc_id"]: r["syndication_group"] for r in s.rows("SELECT * FROM doc_sources")}
        c = FusionStore.read(s).clusters()[cluster_of(s, "a1", "amir_khan_muttaqi", "hossein_amir_abdollahian", "04")]
    assert groups["a4"] == groups["a1"] == "a1"
    assert groups["a2"] != groups["a1"]
    assert c["sources"] == c["documents"] - 1


def test_minhash_groups_near_duplicates_only():
    base = " ".join(f"word{i}" for i in range(200))
    sigs = {"x": syndication.signature(base), "y": syndication.signature(base + " footer line"),
            "z": syndication.signature(" ".join(f"other{i}" for i in range(200)))}
    g = syndication.groups(sigs)
    assert g["x"] == g["y"] == "x" and g["z"] == "z"


def conflicts(db, kind):
    with Store(db, read_only=True) as s:
        return [c for c in FusionStore.read(s).conflicts() if c["kind"] == kind]


def test_date_conflict_has_both_sides_with_evidence(db):
    [c] = conflicts(db, "date")
    values = {(cl["doc"], cl["value"]) for cl in c["claims"]}
    assert ("a6", "2022-01-08") in values and ("a1", "2022-01-09") in values
    assert all(cl["evidence"] for cl in c["claims"])


def test_place_conflict(db):
    [c] = conflicts(db, "place")
    assert {cl["value"] for cl in c["claims"]} == {"Tehran", "Mashhad"}


def test_number_conflict_on_casualties(db):
    [c] = conflicts(db, "number")
    assert {(cl["doc"], cl["value"]) for cl in c["claims"]} == {("b1", "two"), ("b2", "three")}
    assert "border guards" in c["about"]


def test_office_conflict_inside_one_article(db):
    [c] = conflicts(db, "office")
    assert {cl["value"] for cl in c["claims"]} == {"Amir Khan Muttaqi", "Sirajuddin Haqqani"}
    assert {cl["doc"] for cl in c["claims"]} == {"c1"}


def test_outlets_are_matched_by_domain_and_unknown_ones_kept(db):
    with Store(db, read_only=True) as s:
        o = {r["doc_id"]: r["outlet_id"] for r in s.rows("SELECT * FROM doc_sources")}
        known = {r["id"]: r["known"] for r in s.rows("SELECT * FROM outlets")}
    assert o["a1"] == "reuters" and known["reuters"]
    assert o["a6"] == "example_review" and not known["example_review"]
    table = outlets_mod.default()
    assert table.match("https://www.aljazeera.com/x", None).id == "aljazeera"
    assert table.match(None, "Tehran Times").type == "state media"


def test_credibility_grades():
    assert credibility(3, ["B", "B", "F"], False)[0] == 1
    assert credibility(2, ["F", "F"], False)[0] == 2
    assert credibility(1, ["B"], False) == (3, "one source, of usually reliable standing")
    assert credibility(1, ["F"], False)[0] == 6
    grade, why = credibility(3, ["B"] * 3, True)
    assert grade == 2 and "disagree" in why


def test_cluster_ids_are_stable_across_reruns(db, tmp_path):
    other = tmp_path / "again.duckdb"
    ingest([str(FIX)], str(other), progress=False)
    with Store(db, read_only=True) as a, Store(other, read_only=True) as b:
        q = "SELECT id, cluster FROM events ORDER BY id"
        assert a.rows(q) == b.rows(q)


def test_reports_blaming_opposite_sides_for_a_clash(tmp_path):
    (tmp_path / "x.md").write_text("---\npublished: 2023-05-28\noutlet: One\n---\n\n"
                                   "Taliban forces attacked Iranian border guards on May 27, 2023, Iranian officials said.\n")
    (tmp_path / "y.md").write_text("---\npublished: 2023-05-29\noutlet: Two\n---\n\n"
                                   "Iranian border guards opened fire on Taliban forces on May 27, 2023, a Taliban "
                                   "spokesman said.\n")
    db = tmp_path / "c.duckdb"
    ingest([str(tmp_path)], str(db), progress=False)
    with Store(db, read_only=True) as s:
        found = [c for c in FusionStore.read(s).conflicts() if c["kind"] == "actor"]
    assert len(found) == 1
    assert {(cl["doc"], cl["value"]) for cl in found[0]["claims"]} == {("x", "Taliban"), ("y", "Iran")}


def test_a_named_weekday_clashes_with_a_day_that_is_not_that_weekday():
    from dyad.conflicts import dates_clash
    # 18 May 2023 was a Thursday
    assert dates_clash(("2023-05", "on Wednesday"), ("2023-05-18", "May 18"))
    assert not dates_clash(("2023-05", "on Thursday"), ("2023-05-18", "May 18"))
    assert not dates_clash(("2023-05", ""), ("2023-05-18", "May 18"))
