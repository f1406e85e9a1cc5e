"""Fusion rules on invented articles (tests/fixtures/fusion_rules): who did a one-sided act,
mentions of a recurring kind of event, weak dates, and counts of the dead inside one article."""
from pathlib import Path

import pytest

from dyad.conflicts import casualty_counts
from dyad.fuse import can_join, generic
from dyad.kb import default as default_kb
from dyad.pipeline import ingest
from dyad.store import Store
from dyad.store.fusion import FusionStore

FIX = Path(__file__).parent / "fixtures" / "fusion_rules"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "r.duckdb"
    ingest([str(FIX)], str(path), progress=False)
    return path


def clusters(s, doc, root):
    return {r["cluster"] for r in s.rows("SELECT cluster FROM events WHERE doc_id = ? AND root = ?", [doc, root])}


def test_two_officials_of_one_government_criticising_are_two_events(db):
    with Store(db, read_only=True) as s:
        assert clusters(s, "r1", "11") and clusters(s, "r2", "11")
        assert not clusters(s, "r1", "11") & clusters(s, "r2", "11")


def test_same_meeting_in_two_articles_is_one_event_but_earlier_meetings_are_not(db):
    with Store(db, read_only=True) as s:
        met = s.rows("SELECT doc_id, cluster, trigger FROM events WHERE root = '04' "
                     "AND doc_id IN ('r1', 'r2', 'r3', 'r4', 'r5') ORDER BY doc_id")
    dated = {r["cluster"] for r in met if r["trigger"] == "met"}
    habitual = {r["cluster"] for r in met if r["trigger"] == "meetings"}
    assert len(dated) == 1 and {r["doc_id"] for r in met if r["trigger"] == "met"} == {"r3", "r4"}
    assert habitual and not habitual & dated


def test_casualty_counts_of_one_side_inside_one_article_conflict(db):
    with Store(db, read_only=True) as s:
        found = [c for c in FusionStore.read(s).conflicts() if c["kind"] == "number"]
    assert len(found) == 1
    assert {(cl["doc"], cl["value"]) for cl in found[0]["claims"]} == {("r5", "40"), ("r5", "12")}
    assert "Pakistan" in found[0]["about"] and "killed" in found[0]["about"]


def test_casualty_counts_know_status_and_side():
    kb = default_kb()
    got = casualty_counts("Islamabad said 7 of its soldiers were killed and 4 others wounded, "
                          "while 30 Afghan fighters died.", kb)
    assert ("soldier", "killed", "PAK", 7, "7") in got
    assert ("soldier", "wounded", "PAK", 4, "4") in got
    assert ("fighter", "killed", "AFG", 30, "30") in got
    assert casualty_counts("The army said it had taken 12 border posts.", kb) == []


def m(**kw):
    base = {"id": "x", "doc_id": "d1", "source": "a", "target": "b", "code": "111", "root": "11",
            "date": None, "date_basis": None, "evidence": "", "trigger": "", "place": None,
            "place_country": None, "published": "2023-06-20", "src_person": None}
    base.update(kw)
    return base


def test_habitual_wording_marks_a_generic_mention():
    assert generic(m(evidence="Tehran has repeatedly warned the group.", trigger="warned"))
    assert generic(m(evidence="The two sides have held several earlier meetings.", trigger="meetings"))
    assert not generic(m(evidence="The two sides held talks on Monday.", trigger="talks"))


def test_a_borrowed_date_does_not_tie_a_statement_to_another_articles():
    stated = m(id="s", doc_id="d1", date="2023-06-01", date_basis="explicit",
               evidence="The minister denounced the dam project on June 1.")
    borrowed = m(id="b", doc_id="d2", date="2023-06", date_basis="inherited",
                 evidence="Officials also called the border closure unlawful.")
    assert not can_join(borrowed, [stated])
    same_words = m(id="w", doc_id="d2", date="2023-06", date_basis="publication",
                   evidence="The minister denounced the dam project again.")
    assert can_join(same_words, [stated])
    # a discrete act (a visit) with a publication-month date joins one whose day is stated
    visit = m(id="v", root="04", code="042", date="2023-06-11", date_basis="explicit", evidence="arrived")
    later = m(id="l", doc_id="d3", root="04", code="042", date="2023-06", date_basis="publication",
              evidence="the delegation's trip")
    assert can_join(later, [visit])


def test_a_bare_year_does_not_pick_one_of_several_events():
    june = [m(id="j", doc_id="d1", root="04", date="2023-06-11", date_basis="explicit", evidence="met in June")]
    year = m(id="y", doc_id="d2", root="04", date="2023", date_basis="explicit", evidence="also talked")
    assert not can_join(year, june)


def test_meetings_with_different_officials_on_one_visit_are_different_events(db):
    with Store(db, read_only=True) as s:
        met = s.rows("SELECT doc_id, target, cluster FROM events WHERE doc_id IN ('r6', 'r7') AND root = '04'")
    with_minister = {r["cluster"] for r in met if r["target"] == "hossein_amir_abdollahian"}
    with_commander = {r["cluster"] for r in met if r["target"] == "hossein_salami"}
    assert {r["doc_id"] for r in met if r["target"] == "hossein_amir_abdollahian"} == {"r6", "r7"}
    assert len(with_minister) == 1 and len(with_commander) == 1
    assert not with_minister & with_commander
