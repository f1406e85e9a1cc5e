"""Merge/split decisions kept with the data, undoable, surviving re-runs; CAMEO dictionary import."""
from pathlib import Path

import pytest

from dyad import kb as kb_mod
from dyad.kb_import import convert, parse, write
from dyad.pipeline import ingest
from dyad.store import Store
from dyad.store.curation import Curator

ARTICLE = """---
title: Envoy talks
published: 2023-04-02
outlet: test wire
---

Farid Khoshnavaz, a senior adviser to the Taliban, met Iran's ambassador in Kabul on Saturday.
Khoshnavaz praised Iran for its help with refugees, officials said.
"""
SECOND = """---
title: More talks
published: 2023-04-09
outlet: test wire
---

The adviser Farid Khoshnavaz visited Tehran on Sunday and met Iranian officials.
"""


@pytest.fixture()
def db(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(ARTICLE)
    path = tmp_path / "c.duckdb"
    ingest([str(tmp_path / "in")], str(path), progress=False)
    return path


def events_of(path, actor):
    with Store(path, read_only=True) as s:
        return s.rows("SELECT id FROM events WHERE source = ? OR target = ? ORDER BY id", [actor, actor])


def test_merge_is_applied_remembered_across_reruns_and_undoable(db, tmp_path):
    before = events_of(db, "farid_khoshnavaz")
    assert before
    with Store(db) as s:
        did = Curator(s).add_decision("merge", "taliban", "farid_khoshnavaz", note="test")
    assert events_of(db, "farid_khoshnavaz") == []
    # A later ingest of another article about the same person follows the decision.
    (tmp_path / "in" / "b.md").write_text(SECOND)
    ingest([str(tmp_path / "in")], str(db), progress=False)
    assert events_of(db, "farid_khoshnavaz") == []
    with Store(db) as s:
        c = Curator(s)
        assert [d["id"] for d in c.decisions(include_undone=False)] == [did]
        c.undo_decision(did)
    after = events_of(db, "farid_khoshnavaz")
    assert set(r["id"] for r in before) <= set(r["id"] for r in after)


def test_split_gives_an_alias_its_own_actor(db):
    with Store(db) as s:
        c = Curator(s)
        did = c.add_decision("split", "farid_khoshnavaz", alias="Khoshnavaz")
        mentions = s.rows("SELECT actor_id, text FROM mentions WHERE text LIKE '%Khoshnavaz%' ORDER BY start_char")
    assert ("khoshnavaz", "Khoshnavaz") in {(m["actor_id"], m["text"]) for m in mentions}
    assert ("farid_khoshnavaz", "Farid Khoshnavaz") in {(m["actor_id"], m["text"]) for m in mentions}
    assert events_of(db, "khoshnavaz")  # the praise sentence names him only by surname
    with Store(db) as s:
        Curator(s).undo_decision(did)
    assert events_of(db, "khoshnavaz") == []


def test_bad_decisions_are_refused(db):
    with Store(db) as s:
        c = Curator(s)
        with pytest.raises(ValueError, match="no actor"):
            c.add_decision("merge", "iran", "nobody_at_all")
        with pytest.raises(ValueError, match="itself"):
            c.add_decision("merge", "iran", "iran")
        with pytest.raises(ValueError, match="no mention written"):
            c.add_decision("split", "iran", alias="Persia Major")


def test_profile_lists_roles_events_and_partners(db):
    with Store(db, read_only=True) as s:
        p = Curator(s).actor_profile("farid_khoshnavaz")
    assert p["kind"] == "person" and p["events"] >= 1
    assert any("adviser" in r["title"].lower() and r["org"] == "taliban" for r in p["roles"])
    assert any(q["id"] == "iran" and q["cooperation"] >= 1 for q in p["partners"])


FIX = Path(__file__).parent / "fixtures" / "dictionaries" / "sample_actors.txt"


def test_petrarch_dictionary_import(tmp_path, kb):
    entries = parse(FIX.read_text(), str(FIX))
    assert [e.name for e in entries][:2] == ["Farhad Noorzai", "Karim Dastgheib"]
    assert entries[0].codes == [("AFG", "GOV", "2015-03-01", "2019-06-30"), ("AFG", "OPP", "2019-07-01", None)]
    res = convert(entries, kb)
    persons = {p["id"]: p for p in res.persons}
    assert persons["farhad_noorzai"]["roles"][0] == {"org": "afghanistan", "title": "government official",
                                                     "sector": "GOV", "start": "2015-03-01", "end": "2019-06-30"}
    assert "Minister Noorzai" in persons["farhad_noorzai"]["aliases"]
    assert persons["totally_new_person"]["roles"][0]["end"] == "2020-12-31"
    assert "Zarif" not in persons["totally_new_person"]["aliases"]   # already Zarif's alias in the KB
    assert any("Mohammad Javad Zarif is already" in s for s in res.skipped)
    assert [o["id"] for o in res.organizations] == ["northern_water_commission"]
    written = write(res, tmp_path / "extra", stem="sample")
    assert len(written) == 2
    merged = kb_mod.load(kb_mod.DATA / "kb", tmp_path / "extra")
    assert merged.lookup("Minister Noorzai") == "farhad_noorzai"
    assert merged.actors["farhad_noorzai"].code("2016-01-01", merged) == "AFGGOV"
    assert merged.actors["farhad_noorzai"].code("2020-01-01", merged) == "AFGOPP"


def test_malformed_dictionary_line_is_an_error_with_line_number():
    with pytest.raises(ValueError, match=r"dict.txt:2: cannot read code line"):
        parse("SOMEONE_\n[USAGOV 99x]\n", "dict.txt")


VARIANT_A = """---
title: Envoy one
published: 2024-05-02
outlet: test wire
---

Russian Ambassador Pavel Stravinov met the Taliban foreign minister in Kabul on Thursday.
"""
VARIANT_B = """---
title: Envoy two
published: 2024-05-09
outlet: test wire
---

Ambassador Pavel Stravinsov of Russia visited Herat on Tuesday and met the Taliban governor.
"""


def test_one_person_spelled_two_ways_is_merged_automatically_and_undoably(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(VARIANT_A)
    (tmp_path / "in" / "b.md").write_text(VARIANT_B)
    db = tmp_path / "v.duckdb"
    ingest([str(tmp_path / "in")], str(db), progress=False)
    with Store(db) as s:
        c = Curator(s)
        [d] = [d for d in c.decisions() if d["decided_by"] == "auto"]
        assert {d["actor"], d["other"]} == {"pavel_stravinov", "pavel_stravinsov"} and "Stravinsov" in d["note"]
        used = {r["actor_id"] for r in s.rows("SELECT actor_id FROM mentions WHERE text LIKE '%Strav%'")}
        assert used == {d["actor"]}
        c.undo_decision(d["id"])
    # Undone, it stays undone: the next fusion does not propose it again.
    ingest([str(tmp_path / "in")], str(db), progress=False)
    from dyad import fuse

    with Store(db) as s:
        fuse.run(s)
        assert [x["undone"] for x in Curator(s).decisions() if x["decided_by"] == "auto"] == [True]
        used = {r["actor_id"] for r in s.rows("SELECT actor_id FROM mentions WHERE text LIKE '%Strav%'")}
    assert used == {"pavel_stravinov", "pavel_stravinsov"}


def test_spelling_variants_need_one_letter_in_one_word():
    from dyad.variants import pairs

    def p(i, name, country=None, n=1):
        return {"id": i, "name": name, "country": country, "mentions": n}

    got = pairs([p("a", "Ahmad Karimi"), p("b", "Ahmad Kazemi"),            # two letters apart
                 p("c", "Omar Rahimi", "AFG"), p("d", "Omar Rahimy", "IRN"),  # two countries
                 p("e", "Ali Rezaei", n=1), p("f", "Ali Rezai", n=3),         # one letter: merged
                 p("g", "Nasir Ali"), p("h", "Nasir Alu"),                    # short word
                 p("i", "Mohsen Taheri Karimi"), p("j", "Mohsen Tahiri Karimi")])
    assert [(k, g) for k, g, _ in got] == [("f", "e"), ("i", "j")]
