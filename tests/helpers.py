"""Small helpers shared by the extraction tests: parse a text and run actors + events."""
from dyad import actors as actors_mod
from dyad import events as events_mod


def analyse(nlp, registry, text, published="2023-06-15", doc_id="t"):
    sdoc = nlp(text)
    da, roles = actors_mod.extract(sdoc, doc_id, published, registry)
    evs = events_mod.extract(sdoc, da, doc_id, published)
    return da, roles, evs


def triples(evs):
    return {(e.source, e.root, e.target) for e in evs}


def coded(evs):
    """(source, full CAMEO code, target) of each event."""
    return {(e.source, e.code, e.target) for e in evs}
