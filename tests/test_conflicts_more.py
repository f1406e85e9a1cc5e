"""More kinds of disagreement, on invented articles (tests/fixtures/conflicts_more): totals
of the dead against the counts of each side, wounded counts that name no side, ..."""
from pathlib import Path

import pytest

from dyad.conflicts import appointments, casualty_counts, casualty_totals
from dyad.kb import default as default_kb
from dyad.pipeline import ingest
from dyad.store import Store
from dyad.store.fusion import FusionStore

FIX = Path(__file__).parent / "fixtures" / "conflicts_more"


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    path = tmp_path_factory.mktemp("more") / "m.duckdb"
    ingest([str(FIX)], str(path), progress=False)
    with Store(path, read_only=True) as s:
        return FusionStore.read(s).conflicts()


def claims(c):
    return {(cl["doc"], cl["value"]) for cl in c["claims"]}


def of_docs(found, *docs):
    return [c for c in found if {cl["doc"] for cl in c["claims"]} <= set(docs)]


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def test_a_total_of_the_dead_against_the_sum_of_each_sides_dead(found):
    [c] = [c for c in of_docs(found, "m1", "m2") if c["kind"] == "number"]
    values = {d: v for d, v in claims(c)}
    assert values["m1"] == "four" and values["m2"].startswith("5 (")
    assert "killed" in c["about"] and all(cl["evidence"] for cl in c["claims"])


def test_a_total_that_adds_up_and_a_count_on_each_side_are_no_conflict(found):
    assert of_docs(found, "m3", "m4") == []


def test_wounded_of_no_named_side_join_the_one_side_counted(found):
    inside = {c["about"]: claims(c) for c in of_docs(found, "m5")}
    wounded = next(v for k, v in inside.items() if "wounded" in k)
    assert wounded == {("m5", "11"), ("m5", "14")}
    assert any("killed" in k and v == {("m5", "6"), ("m5", "9")} for k, v in inside.items())


def test_totals_add_only_plain_counts_joined_in_one_phrase(kb):
    assert casualty_totals("Two Iranian border guards and one Taliban fighter were killed.", kb) == [
        ("killed", 3, "3 (Two Iranian border guards + one Taliban fighter)")]
    assert casualty_totals("Officials said 23 of its troops and more than 200 fighters were killed.", kb) == []
    assert casualty_totals("Islamabad said 7 of its soldiers were killed, while 30 Afghan fighters died.", kb) == []


def test_bare_wounded_after_a_count_are_of_that_count_and_its_goes_back(kb):
    got = casualty_counts("It said 12 of its own troops were killed and 20 wounded.", kb, "ARM")
    assert got == [("soldier", "killed", "ARM", 12, "12"), ("soldier", "wounded", "ARM", 20, "20")]
    assert casualty_counts("One person was killed on each side.", kb) == []


def test_two_persons_appointed_to_one_post_inside_one_article(found):
    [c] = [c for c in of_docs(found, "m6") if c["kind"] == "office"]
    assert {cl["value"] for cl in c["claims"]} == {"Tun Lwin Aung", "Zaw Min Htet"}
    assert "Oslo" in c["about"] and all(cl["evidence"] for cl in c["claims"])


def test_appointments_to_other_posts_or_in_succession_are_no_conflict(found):
    assert of_docs(found, "m7") == []
    got = appointments("Kari Dahl has been appointed foreign minister, the ministry said.")
    assert got == [("Kari Dahl", "foreign_minister", None)]


def test_two_visits_months_apart_both_called_the_second(found):
    [c] = [c for c in found if c["about"].startswith("which visit")]
    assert {cl["doc"] for cl in c["claims"]} == {"v1", "v2"}
    assert all(cl["value"].startswith("second visit (2023-0") for cl in c["claims"])


def test_a_visit_counted_from_some_point_is_no_conflict(found):
    assert not [c for c in found if "v3" in {cl["doc"] for cl in c["claims"]}]


def test_one_strike_put_in_two_parts_of_a_city(found):
    [c] = [c for c in found if c["kind"] == "place"]
    assert claims(c) == {("p1", "Hodan"), ("p2", "Wadajir")}
    assert "Mogadishu" in c["about"]


def test_a_strike_on_another_day_in_another_district_is_no_conflict(found):
    assert not [c for c in found if "p3" in {cl["doc"] for cl in c["claims"]}]


def test_only_one_country_against_the_first_of_several(found):
    [c] = [c for c in found if c["about"].startswith("whether")]
    assert {cl["doc"] for cl in c["claims"]} == {"s1", "s2"}
    assert {cl["value"] for cl in c["claims"]} == {"only Ethiopia", "Ethiopia first of several"}


def test_only_one_country_in_another_story_a_year_before_is_no_conflict(found):
    assert not [c for c in found if "s3" in {cl["doc"] for cl in c["claims"]}]
