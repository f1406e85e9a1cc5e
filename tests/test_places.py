"""Places: offline gazetteer lookups and the place attached to an event."""
from helpers import analyse

from dyad.places import Gazetteer


def test_gazetteer_resolves_cities_provinces_and_spelling_variants():
    g = Gazetteer.default()
    doha = g.lookup("Doha")
    assert doha is not None and doha.country == "QAT" and doha.lat and 25 < doha.lat < 26
    a, b = g.lookup("Mazar Sharif"), g.lookup("Mazar-i-Sharif")
    assert a is not None and b is not None and a.country == b.country == "AFG"
    assert abs(a.lat - b.lat) < 0.2 and abs(a.lon - b.lon) < 0.2
    helmand = g.lookup("Helmand")
    assert helmand is not None and helmand.country == "AFG"
    assert g.lookup("Nowhereland Xyzzy") is None


def test_event_places_in_a_city_in_a_described_city_and_in_a_country(nlp, registry):
    _, _, evs = analyse(nlp, registry, "Pakistan's foreign minister met Taliban envoys in Doha on Monday.")
    [e] = [e for e in evs if e.root == "04"]
    assert e.place is not None and e.place.name == "Doha"
    text = "On August 8, 1998, the Taliban attacked the Iranian consulate in the Afghan city of Mazar-i-Sharif."
    _, _, evs = analyse(nlp, registry, text, published="2021-02-01")
    attack = [e for e in evs if e.root in ("18", "19")]
    assert attack and attack[0].place is not None and "Mazar" in attack[0].place.name
    assert attack[0].date.value == "1998-08-08"
    _, _, evs = analyse(nlp, registry, "Iranian and Taliban forces clashed in Afghanistan's Nimroz province.")
    clash = [e for e in evs if e.root == "19"]
    assert clash and clash[0].place is not None and "Nimroz" in clash[0].place.name
