import pytest

from dyad import dates


def one(text, pub):
    found = [m for m in dates.find(text, pub) if m.date.value]
    assert found, f"no date in {text!r}"
    return found[0].date


@pytest.mark.parametrize("text,pub,value,precision", [
    ("They met on January 27, 2021.", None, "2021-01-27", "day"),
    ("They met on 15 August 2021.", None, "2021-08-15", "day"),
    ("It was signed 2020-02-29.", None, "2020-02-29", "day"),
    ("In November 2019 they met.", None, "2019-11", "month"),
    ("They met in 2018.", None, "2018", "year"),
    # month-day without year: same year in a November article, previous year in a February one
    ("on September 13 the envoy arrived", "2023-11-20", "2023-09-13", "day"),
    ("on September 13 the envoy arrived", "2024-02-05", "2023-09-13", "day"),
    ("The talks resumed in late May.", "2023-07-01", "2023-05", "month"),
    ("In early January the sides met.", "2021-02-10", "2021-01", "month"),
    ("at the end of January 2021", None, "2021-01", "month"),
    ("The minister visited this month.", "2019-11-26", "2019-11", "month"),
    ("The minister visited last month.", "2020-01-10", "2019-12", "month"),
    ("The minister visited last year.", "2020-01-10", "2019", "year"),
    ("Two years ago the group took power.", "2023-09-01", "2021", "year"),
    ("They spoke on Monday.", "2023-05-24", "2023-05-22", "day"),
    ("They spoke yesterday.", "2023-05-24", "2023-05-23", "day"),
    ("The strike came over the weekend.", "2022-08-02", "2022-07", "month"),   # Sunday July 31
    ("The strike came over the weekend.", "2022-08-09", "2022-08", "month"),
    ("Ties soured last fall.", "2021-02-01", "2020", "year"),
])
def test_forms(text, pub, value, precision):
    d = one(text, pub)
    assert (d.value, d.precision) == (value, precision)


def test_relative_without_publication_date_is_unknown():
    found = dates.find("They met last month.", None)
    assert found and found[0].date.value is None


def test_may_the_verb_is_not_a_month():
    assert not [m for m in dates.find("Iran may send a delegation.", "2020-01-01") if m.date.value]


def test_decade_has_no_single_year():
    found = dates.find("Ties were hostile in the 1990s.", "2020-01-01")
    assert found and found[0].kind == "decade" and found[0].date.value is None


def test_years_inside_numbers_are_not_dates():
    assert not [m for m in dates.find("Some 2,019 people and $2020 were counted.", None) if m.date.value]


def test_latest_mentioned_ignores_future_and_places_yearless_dates():
    text = ("The envoy visited in March 2022. He returned on June 3. "
            "Troops are scheduled to leave by December 31, 2022.")
    d = dates.latest_mentioned(text)
    assert d.value == "2022-06-03"


def test_recent_against_a_year_only_publication_gives_the_year():
    from dyad.dates import find
    [m] = find("Recently the two sides met.", "2023")
    assert m.date.value == "2023" and m.date.precision == "year"


def test_a_weekday_before_a_date_names_that_date():
    found = [(m.text, m.date.value) for m in dates.find("They landed on Thursday, Oct. 14, 2021.", "2022-04-19")]
    assert found == [("Oct. 14, 2021", "2021-10-14")]
    # a weekday standing on its own is still resolved against the publication date
    found = [m.date.value for m in dates.find("They landed on Thursday and left on Oct. 14.", "2022-04-19")]
    assert found == ["2022-04-14", "2021-10-14"]

def test_patterns_skipped_by_their_requirements_would_have_found_nothing(monkeypatch):
    """`find` runs a pattern only on text holding what it needs (dates.NEEDS); running every
    pattern on every text must give the same matches."""
    import re

    from dyad.config import DATA

    assert set(dates.NEEDS) == {kind for kind, _ in dates.PATTERNS}
    texts = [line for f in sorted((DATA / "sample").glob("*.md")) for line in re.split(r"(?<=[.!?])\s+",
                                                                                   f.read_text())]
    texts += ["They met last night.", "TONIGHT the envoy flies", "in recent weeks", "Monday", "on MONDAY",
              "two days ago", "A Few Months Ago", "in late May", "the 1990s", "last autumn of 2019",
              "earlier this week", "the same year", "Sept. 9", "recently", "in the past few days",
              "yesterday's talks", "this morning", "since March", "no date here at all", "12 killed",
              "SEPT. 9, 2021", "9 sept 2021", "2021-08-15", "mid-March 2020", "3rd of May", "May 3rd",
              "june 2019", "in 2019", "since 1979,", "on the 5th", "Dec. 12", "in the 2010s"]
    for pub in ("2023-11-20", None):
        fast = [dates.find(t, pub) for t in texts]
        monkeypatch.setattr(dates, "NEEDS", {k: () for k in dates.NEEDS})
        slow = [dates.find(t, pub) for t in texts]
        monkeypatch.undo()
        assert fast == slow
    assert sum(len(f) for f in fast) > 30
