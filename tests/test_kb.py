import textwrap

import pytest

from dyad import kb as kb_mod
from dyad.kb import KBError


def write(folder, name, text):
    (folder / name).write_text(textwrap.dedent(text))


COUNTRIES = """\
- id: iran
  name: Iran
  iso3: IRN
  aliases: [Islamic Republic of Iran]
  demonyms: [Iranian]
  capital: Tehran
- id: afghanistan
  name: Afghanistan
  iso3: AFG
  demonyms: [Afghan]
  capital: Kabul
"""


def test_shipped_kb_loads_and_covers_the_region(kb):
    for needed in ("iran", "afghanistan", "united_states", "pakistan", "taliban", "hamas", "hezbollah",
                   "al_qaeda", "islamic_revolutionary_guard_corps", "mohammad_javad_zarif", "abdul_ghani_baradar"):
        assert needed in kb.actors, needed
    assert sum(a.kind == "country" for a in kb.actors.values()) >= 195
    assert len(kb.actors) >= 700


def test_capitals_and_demonyms_stand_for_countries(kb):
    assert kb.lookup("Tehran") == "iran"
    assert kb.lookup("Iranian") == "iran"
    assert kb.lookup("Islamabad") == "pakistan"


def test_kabul_is_a_dated_metonym(kb):
    assert kb.lookup("Kabul", "2019-06-01") == "afghanistan_government"
    assert kb.lookup("Kabul", "2023-05-01") == "taliban"


def test_acronyms_match_only_as_written(kb):
    assert kb.lookup("US") == "united_states"
    assert kb.lookup("us") is None


def test_unknown_field_is_an_error_with_file_and_line(tmp_path):
    write(tmp_path, "countries.yaml", COUNTRIES + "  colour: green\n")
    with pytest.raises(KBError, match=r"countries.yaml:7: unknown field\(s\) colour"):
        kb_mod.load(tmp_path)


def test_duplicate_alias_is_an_error(tmp_path):
    write(tmp_path, "countries.yaml", COUNTRIES)
    write(tmp_path, "organizations.yaml", """\
        - id: iran_gov
          name: Government of Iran
          type: government
          country: IRN
          aliases: [Islamic Republic of Iran]
        """)
    with pytest.raises(KBError, match=r"organizations.yaml:1: alias 'Islamic Republic of Iran' of 'iran_gov'"):
        kb_mod.load(tmp_path)


def test_bad_date_is_an_error(tmp_path):
    write(tmp_path, "countries.yaml", COUNTRIES)
    write(tmp_path, "persons.yaml", """\
        - id: someone
          name: Some One
          roles:
            - {org: iran, title: Minister, start: 2013-13-45}
        """)
    with pytest.raises(KBError, match=r"persons.yaml:4: bad date"):
        kb_mod.load(tmp_path)


def test_role_ending_before_start_and_unknown_org(tmp_path):
    write(tmp_path, "countries.yaml", COUNTRIES)
    write(tmp_path, "persons.yaml", """\
        - id: someone
          name: Some One
          roles:
            - {org: iran, title: Minister, start: 2015, end: 2013}
        """)
    with pytest.raises(KBError, match="ends"):
        kb_mod.load(tmp_path)
    write(tmp_path, "persons.yaml", """\
        - id: someone
          name: Some One
          roles:
            - {org: narnia, title: Minister}
        """)
    with pytest.raises(KBError, match="'narnia' is not an id"):
        kb_mod.load(tmp_path)


def test_duplicate_id_and_bad_type(tmp_path):
    write(tmp_path, "countries.yaml", COUNTRIES + COUNTRIES.split("- id: afghanistan")[0])
    with pytest.raises(KBError, match="duplicate id 'iran'"):
        kb_mod.load(tmp_path)
    write(tmp_path, "countries.yaml", COUNTRIES)
    write(tmp_path, "organizations.yaml", "- {id: x, name: X, type: club}\n")
    with pytest.raises(KBError, match="unknown organisation type 'club'"):
        kb_mod.load(tmp_path)


def test_a_typographic_apostrophe_is_a_possessive_like_a_straight_one(nlp, registry):
    from helpers import analyse

    from dyad.kb import norm_key

    assert norm_key("Iran\u2019s Foreign Ministry") == norm_key("Iran's Foreign Ministry") == "iran foreign ministry"
    da, _, _ = analyse(nlp, registry, "The Taliban\u2019s Foreign Ministry said on Sunday that Russia accepted its envoy.",
                       published="2025-06-02")
    assert "taliban_ministry_of_foreign_affairs" in {m.actor_id for m in da.mentions}
