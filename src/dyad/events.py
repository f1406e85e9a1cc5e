"""Events: CAMEO-coded who-did-what-to-whom from the dependency parse.

For every sentence, verbs and event nouns found in the lexicon (data/lexicon/*.tsv) trigger a
candidate event. Its source and target come from the parse (subject and object, `by`-agent
and passive subject, the lexicon's preposition, possessors and modifiers of event nouns,
subjects inherited through coordination, purpose clauses and relative clauses) and are mapped
to actors through their mentions. Negated, modal (future, hypothetical), conditional and
merely intended events are dropped. Each kept event gets the date and place attached to it,
resolved against the publication date, and the sentence that says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import dates as dates_mod
from . import ontology
from .actors import DocActors, GROUP_PRONOUNS, PERSON_PRONOUNS
from .model import DateValue, EventMention, Place, stable_id
from .places import Gazetteer

MODALS = {"will", "would", "could", "might", "may", "should", "shall", "can", "must", "'ll", "wo", "ca"}
IRREALIS_HEADS = {"plan", "want", "hope", "seek", "intend", "expect", "aim", "try", "attempt", "wish",
                  "propose", "prepare", "refuse", "fail", "decline", "threaten", "agree", "promise",
                  "pledge", "vow", "offer", "ask", "urge", "call", "demand", "need", "have", "be", "set",
                  "schedule", "likely", "unlikely", "ready", "willing", "able", "due", "going", "consider",
                  "suggest", "would", "encourage", "invite", "allow", "permit", "order", "tell"}
REALISING_HEADS = {"begin", "start", "continue", "resume", "manage", "travel", "go", "come", "arrive",
                   "fly", "visit", "meet", "gather", "head", "return", "use", "help"}
UNREAL_MODIFIERS = {"possible", "proposed", "planned", "upcoming", "future", "potential", "expected",
                    "next", "prospective", "hypothetical", "would-be", "likely", "imminent", "forthcoming"}
DEPICTING_VERBS = {"recreate", "depict", "portray", "dramatize", "dramatise", "reenact", "re-enact", "simulate",
                   "imagine", "fictionalize", "fictionalise"}
UNDOING_VERBS = {"cancel", "postpone", "suspend", "scrap", "delay", "defer", "abandon", "shelve", "call",
                 "halt", "freeze", "stall", "block", "boycott", "skip"}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
LIGHT_VERBS = {"hold", "pay", "make", "have", "conduct", "launch", "carry", "stage", "host", "mount", "do",
               "take", "give", "lead", "head", "sign", "reach", "hold", "join", "attend", "begin", "start",
               "resume", "continue", "open", "wage", "commit", "perpetrate", "express", "voice", "issue",
               "level", "lodge", "file", "deliver", "extend", "offer", "provide"}
REPORTING = {"say", "tell", "state", "report", "claim", "add", "announce", "note", "write", "explain",
             "insist", "reveal", "confirm", "declare", "emphasize", "emphasise", "stress", "argue"}
SUBJECT_OF_NOUNS = {"withdrawal", "departure", "arrival", "visit", "trip", "return", "pullout", "retreat"}
# Nouns for a party that a definite article points back to ("the delegation" met ...).
BACK_NOUNS = {"delegation", "team", "mission", "envoy", "emissary"}
ORG_NOUNS = {"group", "organization", "organisation", "movement", "militia"}
GOVERNING_NOUNS = {"government", "regime", "administration", "authorities", "leadership", "rulers"}
GROUP_NOUNS = {"group", "organization", "organisation", "movement", "regime", "government", "militia",
               "administration"}
MEDIA_NOUNS = {"media", "outlet", "television", "tv", "newspaper", "paper", "agency", "channel", "press", "radio",
               "broadcaster", "website", "daily", "tabloid", "journalist", "reporter", "correspondent"}
STATEMENT_NOUNS = {"statement", "message", "letter", "communique", "declaration", "resolution", "tweet", "post",
                   "video", "speech", "note", "editorial", "op-ed", "report"}
PUBLIC_STATEMENT = {"announce", "declare", "tweet", "post", "state", "reveal", "confirm"}
HAPPEN_VERBS = {"take", "occur", "happen", "begin", "start", "end", "resume", "continue", "break", "erupt",
                "conclude", "last", "follow", "come", "open", "close", "collapse", "fail", "kill", "leave"}
TOPIC_VERBS = {"oppose", "criticize", "criticise", "condemn", "welcome", "discuss", "report", "reveal", "confirm",
               "deny", "support", "praise", "reject", "describe", "call", "mark", "include", "review", "examine",
               "question", "protest", "want", "seek", "expect", "plan", "propose", "need", "consider"}
# "The meeting marks X's second visit", "it was the first such trip": a verb that says what an
# event already told is, so its object is that event again, not a new one.
RESTATE_VERBS = {"mark", "be", "represent", "constitute", "become"}
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}   # "X and Y met/clashed": X with Y
# Foreigners who "fought in Syria" or "served in Afghanistan" took part in a war there, not
# necessarily against that country: the place names no target for them.
SERVE_IN_WAR = {"fight", "battle", "serve"}
MOTION = {"travel", "visit", "trip", "go", "fly", "come", "arrive", "head", "return", "journey"}
PLACE_PREPS = {"in", "at", "near", "inside", "on"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class Trigger:
    token: Token
    code: str
    noun: bool
    preps: tuple[str, ...]
    by_object: bool = False     # a verb rule that matched on its object ("sign an agreement")
    kind: str = "verb"          # verb | noun | adjective | speech


def _choose_verb_rule(tok: Token) -> Trigger | None:
    rules = ontology.verbs().get(tok.lemma_.lower())
    if not rules:
        return None
    kids = list(tok.children)
    particles = {c.lower_ for c in kids if c.dep_ == "prt"}
    # Prepositions that introduce a date or time ("called X on November 17") say when, not whom.
    preps = {c.lower_ for c in kids if c.dep_ in ("prep", "agent", "dative")
             and not any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in c.children)}
    dobj = next((c for c in kids if c.dep_ in ("dobj", "obj")), None)
    if dobj is None and tok.dep_ == "acl" and tok.tag_ == "VBN":
        dobj = tok.head  # "the agreement signed by X": the noun is what was signed
    elif dobj is not None and dobj.lower_ in ("that", "which") and tok.dep_ == "relcl":
        dobj = tok.head  # "the agreement that X signed"
    best, best_score = None, -1
    for r in rules:
        score = 0
        if r.objects:
            if dobj is None or dobj.lemma_.lower() not in r.objects:
                continue
            score += 8
        if r.particle:
            if r.particle.lower() not in particles:
                continue
            score += 4
        if r.prep:
            if r.prep_required and not preps & set(r.prep):
                continue
            score += 2 if preps & set(r.prep) else 0
        else:
            score += 1
        if score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    return Trigger(tok, best.code, False, best.prep, by_object=bool(best.objects))


def _choose_noun_rule(tok: Token) -> Trigger | None:
    rules = ontology.nouns().get(tok.lemma_.lower())
    if not rules:
        return None
    left = {c.lower_ for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "nmod")}
    best, best_score = None, -1
    for r in rules:
        score = 0
        if r.modifier:
            if r.modifier.lower() not in left:
                continue
            score += 4
        if score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    return Trigger(tok, best.code, True, best.prep)


INNER_CLAUSES = {"relcl", "acl", "advcl", "csubj", "xcomp", "parataxis"}
FRAME_PREPS = {"in", "at", "during", "on", "after"}


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds this token (the token itself for a verb)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in NEGATORS and c.dep_ in ("det", "advmod", "neg") for c in tok.children):
        return True
    return False


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


def _conditional(tok: Token) -> bool:
    t = tok
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def _irrealis(tok: Token) -> bool:
    """True when the event is negated, modal, conditional, planned or only intended."""
    verb = tok if not tok.pos_ in ("NOUN", "PROPN") else _clause_verb(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in UNREAL_MODIFIERS for c in tok.children if c.dep_ in ("amod", "compound")):
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
               for c in verb.children):
            return True  # "No date has been set for a visit", "no agreement on talks"
        if any(c.lower_ in ("no",) for c in tok.children if c.dep_ == "det"):
            return True
        governor = tok.head.lemma_.lower()
        if tok.dep_ in ("dobj", "obj") and governor in DEPICTING_VERBS:
            return True  # "a film recreating the massacre": a depiction, not a report
        if tok.dep_ in ("dobj", "obj", "nsubjpass") and governor in UNDOING_VERBS and (
                governor != "call" or any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.head.children)):
            return True  # "cancelled the talks", "the visit was postponed": no talks, no visit
        if tok.head.lemma_ in ("plan", "proposal", "call", "demand", "request", "invitation", "offer",
                               "hope", "prospect", "possibility", "readiness", "willingness"):
            return True
    if _negated(tok) or _negated(verb):
        return True
    if _modal(verb):
        return True
    h = verb
    while h.dep_ == "xcomp" and h.head.i != h.i:  # "will continue fighting", "did not stop attacking"
        h = h.head
        if _modal(h) or _negated(h):
            return True
    if _conditional(verb):
        return True
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.i != verb.i and _modal(verb.head) \
            and verb.head.lemma_ not in REPORTING:
        return True  # "the pact would see the US agree to ..."
    # Chains of infinitives: "plans to visit", "agreed to meet", "expected to travel".
    t = verb
    for _ in range(4):
        if t.dep_ in ("xcomp", "ccomp", "advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            head = t.head
            if head.lemma_.lower() in REALISING_HEADS and not _irrealis_verb(head):
                return False
            # Otherwise "to V" says what was intended ("fought to expel", "went there to get"):
            # the intention is not the event.
            return True
        if t.dep_ == "conj" and t.head.i != t.i:
            if _negated(t.head) or _modal(t.head):
                return True
        break
    return False


def _irrealis_verb(verb: Token) -> bool:
    return _negated(verb) or _modal(verb)


class Extractor:
    def __init__(self, doc: Doc, da: DocActors, doc_id: str, published: str | None):
        self.doc, self.da, self.doc_id, self.published = doc, da, doc_id, published
        self.paragraph_dates: dict[int, DateValue] = {}
        self._sent_dates: dict[int, list[dates_mod.DateMatch]] = {}
        self._sent_list: list[Span] | None = None

    @property
    def text(self) -> str:
        """The document's text, read once (``Doc.text`` joins every token's text when asked)."""
        return self.da.text

    def sent_text(self, sent: Span) -> str:
        """``sent.text`` without building its tokens."""
        return self.text[sent.start_char:sent.end_char]

    # -- actors of an argument -------------------------------------------------------------
    def actor_of(self, tok: Token | None, depth: int = 0) -> str | None:
        if tok is None or depth > 3:
            return None
        m = self.da.at(tok)
        if m:
            return m.actor_id
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in PERSON_PRONOUNS:
                return self.da.antecedent(tok, person=True)
            if low in ("they", "them"):  # a group, or several people ("Baradar and his team")
                return self.da.antecedent(tok, person=None)
            if low == "it" and tok.dep_ == "nsubj":
                return self._speaker_itself(tok)
            return None
        if low in GOVERNING_NOUNS:
            # "Afghanistan's government", "the Iranian regime", "the government in Iran": whoever
            # governs that country then
            owners = [c for c in tok.children if c.dep_ in ("poss", "amod", "compound")]
            owners += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
                       for p in c.children if p.dep_ == "pobj"]
            for c in owners:
                if (m := self.da.at(c)) is not None:
                    a = self.da.registry.get(m.actor_id)
                    if a is not None and a.kind == "country":
                        return self.governing(a.id)
        if low in ORG_NOUNS and any(c.lower_ in ("the", "this", "that") for c in tok.children):
            if (group := self._national_group(tok, depth)) is not None:
                return group
        # Modifiers and names attached to the head noun: "a Taliban delegation", "Iranian
        # officials", "the regime's foreign minister Javad Zarif", "a delegation of the Taliban".
        order = ("appos", "compound", "poss", "amod", "nmod", "nummod")
        kids = sorted((c for c in tok.children if c.dep_ in order), key=lambda c: (order.index(c.dep_), -c.i))
        for c in kids:
            a = self.actor_of(c, depth + 1)
            if a:
                return a
        for c in tok.children if tok.lemma_.lower() not in ontology.nouns() else ():
            # "a delegation of the Taliban" stands for the Taliban; "the exchange of prisoners"
            # (an event noun) does not stand for whoever it was done to
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        a = self.actor_of(p, depth + 1)
                        if a:
                            return a
        if tok.lemma_.lower() in BACK_NOUNS and any(c.lower_ in ("the", "this", "that") for c in tok.children):
            return self._same_noun_before(tok, depth)
        if low in GROUP_NOUNS and any(c.lower_ == "the" for c in tok.children):
            # "the group", "the movement" mean an organisation, not a country
            return self.da.antecedent(tok, person=False, organization=low in ORG_NOUNS,
                                      exclude=self._official if low in ORG_NOUNS else None)
        return None

    def _official(self, actor_id: str) -> bool:
        """A government or one of its bodies: not what "the group" or "the movement" means."""
        a = self.da.registry.get(actor_id)
        return a is not None and (a.sector == "GOV" or a.org_type in ("government", "government_body"))

    def _national_group(self, tok: Token, depth: int) -> str | None:
        """"the Afghan group" is the group of that country the text spoke of, not the country."""
        reg = self.da.registry
        for c in tok.children:
            if c.dep_ not in ("amod", "compound", "nmod"):
                continue
            a = reg.get(self.actor_of(c, depth + 1) or "")
            if a is not None and a.kind == "country" and a.country:
                def elsewhere(aid: str, iso: str = a.country) -> bool:
                    x = reg.get(aid)
                    return x is None or x.country != iso
                return self.da.antecedent(tok, person=False, organization=True, exclude=elsewhere)
        return None

    def _same_noun_before(self, tok: Token, depth: int) -> str | None:
        """"the delegation" means the last delegation the text named an owner for ("a Taliban
        delegation ... At the time, the delegation also met ..."), within a few sentences."""
        lemma = tok.lemma_.lower()
        for t in reversed(self.doc[max(0, tok.i - 150):tok.i]):
            if t.lemma_.lower() == lemma and t.pos_ == "NOUN":
                a = self.actor_of(t, depth + 1)
                if a:
                    return a
        return None

    def _speaker_itself(self, tok: Token) -> str | None:
        """"Afghanistan said it killed ...": 'it' in what a country or group says is that speaker."""
        clause = tok.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in ontology.speech_verbs():
            return None
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.i == tok.i:
            return None
        a = self.actor_of(speaker)
        actor = self.da.registry.get(a) if a else None
        return a if actor is not None and actor.kind != "person" else None

    def governing(self, country_id: str) -> str:
        kb = self.da.registry.kb
        capital = next((c for c, cid in kb.capitals.items() if cid == country_id), None)
        ruler = kb.lookup(capital, self.published) if capital else None
        return ruler if ruler and ruler != country_id and kb.actors.get(ruler) is not None and \
            kb.actors[ruler].kind == "organization" else country_id

    def actors_of(self, tok: Token | None) -> list[str]:
        if tok is None:
            return []
        out = []
        event_noun = tok.lemma_.lower() in ontology.nouns() and self.actor_of(tok) is None
        for t in [tok] if event_noun else [tok, *tok.conjuncts]:  # "the exchange of X and (...)"
            a = self.actor_of(t)
            if a and a not in out:
                out.append(a)
            if a and self.da.at(t) is None:
                # "representatives of the Afghan government and the Taliban"
                for of in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for p in (c for c in of.children if c.dep_ == "pobj"):
                        for c in p.conjuncts:
                            b = self.actor_of(c)
                            if b and b not in out:
                                out.append(b)
            # "the Taliban and Iranian officials": coordinated modifiers of one head
            for mod in t.children:
                if mod.dep_ in ("nmod", "compound", "amod") and mod.conjuncts:
                    for c in mod.conjuncts:
                        b = self.actor_of(c)
                        if b and b not in out:
                            out.append(b)
        if len(out) > 1:  # "Bagheri Kani and Taliban minister Muttaqi": Muttaqi, not also the Taliban
            persons = [a for a in out if (x := self.da.registry.get(a)) is not None and x.kind == "person"]
            out = [a for a in out if a in persons or not any(self.same_side(p, a) for p in persons)]
        return out

    # -- arguments of triggers ----------------------------------------------------------------
    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        """(subject token, passive?) of a verb, inherited through conj/xcomp/advcl/relcl."""
        t = verb
        for _ in range(5):
            kids = list(t.children)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) or (
                t.dep_ == "acl" and t.tag_ == "VBN")  # "the agreement signed by X"
            if passive:
                agent = next((c for c in kids if c.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    return pobj, True
                return None, True
            subjs = [c for c in kids if c.dep_ in ("nsubj", "csubj")]
            # two subjects is a misparse ("CAIRO — Qatar's minister held talks"): the nearer
            subj = max(subjs, key=lambda c: c.i if c.i < t.i else -1) if subjs else None
            if subj is not None:
                if subj.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                    return t.head, False
                return subj, False
            if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.lemma_.lower() in STATEMENT_NOUNS \
                    and t.head.dep_ in ("dobj", "obj") and t.head.head.pos_ == "VERB":
                t = t.head.head  # "released a statement supporting X": who released it
                continue
            if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return (t.head, False) if t.dep_ == "relcl" else (None, False)
            if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
                h = t.head
                if t.dep_ == "conj" and h.dep_ == "ccomp" and h.head.lemma_ in REPORTING:
                    hs = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if hs is not None and not self.actors_of(hs):
                        # "said an investigation is underway and blamed the US": the speaker
                        # blamed, not the investigation (a misattached conjunct)
                        t = h.head
                        continue
                t = h
                continue
            break
        return None, False

    def _prep_objects(self, tok: Token, preps: tuple[str, ...]) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and (not preps or c.lower_ in preps):
                for p in c.children:
                    if p.dep_ == "pobj" and p.lower_ != "behalf":  # "on behalf of X" is X's side
                        out.append(p)
        return out

    def verb_args(self, trig: Trigger) -> tuple[list[str], list[str], Token | None]:
        tok = trig.token
        subj, passive = self._subject(tok)
        kids = list(tok.children)
        dobj = next((c for c in kids if c.dep_ in ("dobj", "obj")), None)
        target_tok = None
        if passive:
            target_tok = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if target_tok is not None and target_tok.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                target_tok = tok.head
            if target_tok is None and tok.dep_ == "acl":
                target_tok = tok.head
        sources = self.actors_of(subj)
        if passive and not sources and trig.code[:2] in ("17", "08"):
            # "he was captured in Pakistan": the authorities of the place did it
            where = self.place_actor(trig, None)
            sources = [where] if where else []
        targets: list[str] = []
        between = self._between(tok)
        if between and (not sources or sources[0] in between):
            # "signed between X and Y", "talks were held between X and Y"
            return [between[0]], [between[1]], None
        if target_tok is not None:
            targets = self.actors_of(target_tok)
        if not targets:
            # "the deal signed by X with Y": the passive subject is the thing, the partner a prep
            needs_object = trig.by_object
            if trig.preps and dobj is not None and self.da.at(dobj) is None:
                # a thing handed, sent or given ("handed over the documents of X's embassy to Y"):
                # the partner is after the rule's preposition, not the thing's owner
                targets = [a for p in self._prep_objects(tok, trig.preps) for a in self.actors_of(p)][:1]
            if dobj is not None and not needs_object and not targets:
                targets = self.actors_of(dobj)
            generic = ("with", "to", "against", "on", "for")
            for preps in (trig.preps, generic) if trig.preps else (generic,):
                if targets:
                    break
                for p in self._prep_objects(tok, preps):
                    targets = self.actors_of(p)
                    if targets:
                        break
                if not targets and needs_object and dobj is not None:
                    for obj in [dobj, *dobj.conjuncts]:  # "safe haven and support for Y"
                        targets = [a for p in self._prep_objects(obj, preps) for a in self.actors_of(p)]
                        if targets:
                            break
            if not targets and needs_object and dobj is not None and dobj.i != tok.head.i:
                targets = self.actors_of(dobj)  # "welcomed the Taliban's presence"
        if not targets and sources:
            targets = self._behalf_partners(tok, sources[0])
        if not targets and sources and dobj is not None and trig.code[:2] in ("05", "11", "12"):
            targets = self._sharers(dobj, sources[0])
        obj = target_tok or dobj
        if sources and targets and self.same_side(sources[0], targets[0]):
            if obj is not None and obj.pos_ == "PRON" and obj.lower_ in ("them", "him", "her", "they", "he", "she"):
                # "he met X and asked them to ...": them is not he
                alt = self.da.antecedent(obj, person=True if obj.lower_ in PERSON_PRONOUNS else None,
                                         exclude=lambda a: self.same_side(a, sources[0]))
                targets = [alt] if alt else []
            elif trig.code[:2] == "01":
                targets = []  # "he announced Iran's readiness": what is said, not to whom
            elif subj is not None and subj.pos_ == "PRON":
                # "they met Kabulov, the Russian envoy": not the Russians meeting their own envoy
                alt = self.da.antecedent(subj, person=True if subj.lower_ in PERSON_PRONOUNS else None,
                                         exclude=lambda a: self.same_side(a, targets[0]))
                sources = [alt] if alt else []
        return sources, targets, target_tok or dobj

    def _sharers(self, obj: Token, source: str) -> list[str]:
        """"praised the common interests shared by the Iranian regime and the group": the other
        party to what is shared (an 'acl' of the object with 'by'/'between'/'with')."""
        for acl in (c for c in obj.children if c.dep_ == "acl" and c.lemma_.lower() in ("share", "hold", "have")):
            for prep in (c for c in acl.children if c.dep_ in ("agent", "prep")
                         and c.lower_ in ("by", "between", "with")):
                found = [a for p in prep.children if p.dep_ == "pobj" for a in self.actors_of(p)]
                others = [a for a in found if not self.same_side(source, a)]
                if others:
                    return others[:1]
        return []

    def _behalf_partners(self, tok: Token, source: str) -> list[str]:
        """"signed by X on behalf of the Taliban and the Trump administration": the parties named
        after 'on behalf of' that are not the source's own side are the other side."""
        for t in tok.subtree:
            if t.lower_ != "behalf" or t.head.lower_ != "on":
                continue
            named = [a for of in t.children if of.dep_ == "prep" and of.lower_ == "of"
                     for p in of.children if p.dep_ == "pobj" for a in self.actors_of(p)]
            named += [a for c in t.conjuncts for a in self.actors_of(c)]  # parsed as "behalf and Y"
            others = [a for a in named if not self.same_side(source, a)]
            if others and len(named) > len(others):
                return others[:1]
        return []

    def implicit_target(self, tok: Token, sources: list[str]) -> str | None:
        """The other side of an act aimed at something reported before ("rejected the offer",
        "welcomed the move", "supported the action", "Iran's demand"): the possessor when it is
        the agent of that noun, else the subject of the nearest preceding sentence that is not
        on the source's side (data/lexicon/reference_nouns.tsv)."""
        if not sources:
            return None
        refs = ontology.reference_nouns()
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        objs += self._prep_objects(tok, ("to", "against", "over", "about", "on", "at"))
        src = sources[0]
        for o in objs:  # "opposition to negotiations between Iran and the Taliban"
            if o.lemma_.lower() in ontology.nouns() or o.lemma_.lower() in refs:
                named = self._between(o) or [a for c in o.children if c.dep_ == "poss" for a in self.actors_of(c)]
                other = next((a for a in named if not self.same_side(src, a)), None)
                if other:
                    return other
        obj = next((o for o in objs if o.lemma_.lower() in refs), None)
        if obj is None:
            return None
        for t in tok.sent:  # "Following Iran's attack on Israel, X released a statement supporting the action"
            if t.i >= tok.i:
                break
            if t.lemma_.lower() in ontology.nouns() and t.pos_ == "NOUN":
                doers = [a for c in t.children if c.dep_ == "poss" for a in self.actors_of(c)]
                other = next((a for a in doers if not self.same_side(src, a)), None)
                if other:
                    return other
        for c in obj.children:
            if c.dep_ == "poss" and refs[obj.lemma_.lower()] == "agent":
                a = self.actor_of(c)
                return a if a and not self.same_side(src, a) else None
        if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "such")
                   or c.dep_ == "poss" for c in obj.children):
            return None
        for c in tok.children:  # "protested the move, saying Iran was using them as fodder"
            if c.dep_ in ("advcl", "xcomp") and c.i > tok.i:
                for t in c.subtree:
                    a = self.actor_of(t) if self.da.at(t) else None
                    if a and not self.same_side(src, a) and not self.is_media(a):
                        return a
        for v in reversed(tok.doc[tok.sent.start:tok.i]):  # "Iran accused X, but X denied the accusation"
            if v.pos_ == "VERB" and v.lemma_ not in REPORTING:
                subj, passive = self._subject(v)
                for a in (self.actors_of(subj) if subj is not None and not passive and subj.i < v.i else []):
                    if not self.same_side(src, a) and not self.is_media(a):
                        return a
        sents = self._sents()
        here = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), None)
        if here is None:
            return None
        for prev in sents[max(0, here - 2):here][::-1]:
            verbs = [prev.root, *prev.root.conjuncts]
            verbs += [c for v in verbs if v.lemma_ in REPORTING for c in v.children if c.dep_ == "ccomp"]
            for v in verbs:  # "... criticised Y, officials said": the reported act's subject
                subj, passive = self._subject(v)
                for a in (self.actors_of(subj) if not passive else []):
                    if not self.same_side(src, a) and not self.is_media(a):
                        return a
        return None

    def _sents(self) -> list[Span]:
        if self._sent_list is None:
            self._sent_list = list(self.doc.sents)
        return self._sent_list

    def intent(self, trig: Trigger) -> tuple[list[str], str, list[str], Token] | None:
        """An act offered, proposed, promised or declared ready ("Iran proposed to mediate", "the
        group is ready to send fighters", "its willingness to cooperate with Y") is an expressed
        intent: (holders, intent code, targets, the word that expresses it) from
        data/lexicon/intent*.tsv, or None."""
        code = ontology.intent_code(trig.code)
        verb = trig.token
        if trig.noun:  # "proposed to hold talks with Y"
            if verb.dep_ not in ("dobj", "obj") or verb.head.lemma_ not in LIGHT_VERBS:
                return None
            verb = verb.head
        if code is None or _negated(verb) or _modal(verb):
            return None
        if verb.dep_ not in ("xcomp", "acl", "ccomp", "advcl") or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None
        head = verb.head
        pos = ontology.intent_heads().get(head.lemma_.lower(), set())
        if not pos or _negated(head) or _conditional(head) or (head.pos_ == "VERB" and _irrealis(head)):
            return None
        if head.pos_ == "NOUN" and "noun" in pos:
            holders = [a for c in head.children if c.dep_ == "poss" for a in self.actors_of(c)]
            if not holders and head.dep_ in ("dobj", "obj") and head.head.pos_ == "VERB":
                subj, passive = self._subject(head.head)   # "X signalled its willingness to ..."
                holders = [] if passive else self.actors_of(subj)
        elif head.pos_ == "ADJ" and "adj" in pos:
            anchor = head.head if head.dep_ in ("acomp", "amod") else head
            subj = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            holders = self.actors_of(subj) if subj is not None else self.actors_of(self._subject(anchor)[0])
        elif head.pos_ in ("VERB", "AUX") and "verb" in pos:
            if _modal(head):
                return None
            subj, passive = self._subject(head)
            holders = [] if passive else self.actors_of(subj)
        else:
            return None
        if not holders:
            return None
        targets = self.noun_args(trig)[1] if trig.noun else self.verb_args(trig)[1]
        targets = [t for t in targets if t not in holders]
        if not targets and not trig.noun:  # "readiness to facilitate talks between X and Y"
            targets = [a for o in trig.token.children if o.dep_ in ("dobj", "obj")
                       for a in self._between(o) if a not in holders][:1]
        if not targets:
            targets = [t for t in self._conj_targets(head) if t not in holders]
        if not targets:
            told = next((c for c in head.head.children if c.dep_ in ("dobj", "dative", "iobj")), None) \
                if head.head.lemma_.lower() in ontology.speech_verbs() else None
            targets = [a for a in self.actors_of(told) if a not in holders]  # "told Y they are ready to ..."
        return holders, code, targets, (head if head.pos_ != "ADJ" else _clause_verb(head.head))

    def _purpose_enemy(self, verb: Token) -> list[str]:
        """"fought to expel the U.S. from Afghanistan": the object of a hostile purpose clause."""
        for c in verb.children:
            if c.dep_ not in ("xcomp", "advcl") or not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                continue
            rule = _choose_verb_rule(c)
            if rule is None or ontology.code_info(rule.code).quad_class < 3:
                continue
            dobj = next((d for d in c.children if d.dep_ in ("dobj", "obj")), None)
            found = self.actors_of(dobj)
            if found:
                return found[:1]
        return []

    def _conj_targets(self, verb: Token) -> list[str]:
        """The object shared by coordinated verbs: "met with its leaders and proposed to mediate"."""
        for other in [verb.head] if verb.dep_ == "conj" else [c for c in verb.children if c.dep_ == "conj"]:
            if other.pos_ != "VERB":
                continue
            dobj = next((c for c in other.children if c.dep_ in ("dobj", "obj")), None)
            found = self.actors_of(dobj) or [a for p in self._prep_objects(other, ("with", "to", "against"))
                                             for a in self.actors_of(p)]
            if found:
                return found
        return []

    def threat(self, trig: Trigger) -> tuple[str, str | None] | None:
        """A future or intended use of force announced by its own side is a threat (138):
        "Iran will continue fighting every mercenary", "we will fight every group", said by an
        Iranian official. Returns (speaker, target) or None."""
        if trig.code[:2] not in ("15", "17", "18", "19", "20") or _negated(trig.token):
            return None
        t = trig.token
        speaker_verb = None
        for _ in range(6):
            if t.lemma_.lower() in ontology.speech_verbs() and t.i != trig.token.i:
                speaker_verb = t
                break
            if t.head.i == t.i:
                break
            t = t.head
        speaker = None
        if speaker_verb is not None:
            subj, passive = self._subject(speaker_verb)
            speaker = (self.actors_of(subj) or [None])[0] if not passive else None
        quoted = _in_quotes(trig.token, self.text)
        if speaker is None and quoted:
            # "…," he said / Mojahed said — the speaker named in the same or next sentence
            for tok in trig.token.sent:
                if tok.lemma_.lower() in ontology.speech_verbs() and tok.i != trig.token.i:
                    subj, passive = self._subject(tok)
                    speaker = (self.actors_of(subj) or [None])[0] if not passive else None
                    if speaker:
                        break
        if speaker is None:
            return None
        subj, passive = self._subject(trig.token)
        actors = self.actors_of(subj) if not passive else []
        first_person = subj is not None and subj.lower_ in ("we", "i")
        if not (first_person or any(self.same_side(speaker, a) for a in actors)):
            return None
        _, targets, _ = self.verb_args(trig)
        return speaker, (targets[0] if targets else None)

    def noun_is_event(self, tok: Token) -> bool:
        """An event noun reports an event when it is done by someone ("held talks", "X's
        visit", "talks between X and Y", "the attack by X"), happens ("talks took place"),
        or frames the clause ("during his visit"); not when it is only talked about
        ("reported the talks", "opposition to negotiations", "discussions have gone on")."""
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in ("to", "of", "about", "on", "over", "against", "into") and \
                head.head.pos_ in ("NOUN", "PROPN"):
            return False  # "opposition to negotiations", "the future of the agreement"
        if tok.dep_ in ("dobj", "obj", "attr") and head.lemma_ in RESTATE_VERBS and self._points_back(head):
            return False  # "The meeting marks Baradar's second visit": the meeting told before
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "between")) for c in tok.children):
            return True
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return head.lemma_ in HAPPEN_VERBS
        if tok.dep_ in ("dobj", "obj"):
            # "stated its opposition", "announced its support": saying it is the act
            return head.lemma_ not in TOPIC_VERBS
        if tok.dep_ == "pobj":
            if head.lower_ == "behind" and head.head.lemma_ == "be":
                return True  # "X was behind the attacks"
            return head.lower_ in ("during", "after", "at", "in", "for", "on", "with", "before", "following",
                                   "amid", "since", "despite")
        return tok.dep_ in ("ROOT", "conj", "appos", "attr")

    def _points_back(self, verb: Token) -> bool:
        """The verb's subject points back to an event the article has told: "the meeting",
        "this visit", "it" (not "a meeting", not "Iran")."""
        subj, _ = self._subject(verb)
        if subj is None:
            return False
        if subj.lower_ in ("it", "this", "that"):
            return True
        dets = {c.lower_ for c in subj.children if c.dep_ == "det"}
        own = any(c.dep_ in ("poss", "prep") for c in subj.children)
        return bool(dets & {"the", "this", "that"}) and not own and _choose_noun_rule(subj) is not None

    def _between(self, tok: Token) -> list[str]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                return self.parties(c)
        return []

    def parties(self, prep: Token) -> list[str]:
        """The two (or more) sides of "between X and Y", also when the parse folds them into
        one phrase ("between Taliban and Iranian forces")."""
        parties: list[str] = []
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            for a in self.actors_of(p):
                if a not in parties:
                    parties.append(a)
            if len(parties) < 2:
                for t in p.subtree:
                    m = self.da.at(t)
                    if m and m.actor_id not in parties:
                        parties.append(m.actor_id)
        return parties if len(parties) >= 2 else []

    def noun_args(self, trig: Trigger) -> tuple[list[str], list[str]]:
        tok = trig.token
        sources: list[str] = []
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i):
                a = self.actor_of(c)
                if a and a not in sources:
                    sources.append(a)
            if c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    sources += [a for a in self.actors_of(p) if a not in sources]
        targets: list[str] = []
        for p in self._prep_objects(tok, trig.preps or ("with", "to", "against", "on")):
            targets += [a for a in self.actors_of(p) if a not in targets]
        holders = [tok]
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "VERB":
            holders.append(tok.head)  # "clashes broke out between X and Y"
        for h in holders:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    parties = self.parties(c)
                    if parties:
                        return [parties[0]], [parties[1]]
        if not sources and tok.lemma_.lower() in SUBJECT_OF_NOUNS:
            for c in tok.children:  # "the withdrawal of US troops", "the visit of the delegation"
                if c.dep_ == "prep" and c.lower_ == "of":
                    sources = [a for p in c.children if p.dep_ == "pobj" for a in self.actors_of(p)]
        if not sources and tok.dep_ == "pobj" and tok.head.lower_ == "behind" and tok.head.head.lemma_ == "be":
            subj, passive = self._subject(tok.head.head)   # "X was behind the attacks on Y"
            sources = [] if passive else self.actors_of(subj)
        if not sources:
            head = tok.head
            if tok.dep_ in ("dobj", "obj", "attr") and head.pos_ in ("VERB", "AUX"):
                subj, passive = self._subject(head)
                if not passive:
                    sources = self.actors_of(subj)
            elif tok.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and head.lower_ in ("for", "in", "to"):
                subj, passive = self._subject(head.head)
                if not passive and head.head.lemma_ in ("arrive", "travel", "go", "come", "fly", "gather", "be",
                                                         "head", "return", "stay"):
                    sources = self.actors_of(subj)
        if sources and not targets and ontology.code_info(trig.code).quad_class in (1, 3):
            # "Muttaqi responded to Iran's demand", "Pakistan rejected India's offer": a demand
            # or offer is addressed to whoever answers it
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ in ("dobj", "obj") else None
            if verb is not None and verb.pos_ == "VERB":
                subj, passive = self._subject(verb)
                answer = [] if passive else [a for a in self.actors_of(subj) if not self.same_side(sources[0], a)]
                targets = answer[:1]
        return sources, targets

    # -- dates and places ---------------------------------------------------------------
    def sentence_dates(self, sent: Span) -> list[dates_mod.DateMatch]:
        if sent.start not in self._sent_dates:
            found = dates_mod.find(self.sent_text(sent), self.published)
            self._sent_dates[sent.start] = found
        return self._sent_dates[sent.start]

    def _date_span(self, sent: Span, d: dates_mod.DateMatch) -> Span | None:
        """The tokens of a date found in the sentence's text."""
        return self.doc.char_span(sent.start_char + d.start, sent.start_char + d.end, alignment_mode="expand")

    def _modifies_noun(self, sent: Span, d: dates_mod.DateMatch, trigger: Token | None = None) -> bool:
        """A date that names a thing rather than when the event happened: "the 1973 treaty"."""
        span = self._date_span(sent, d)
        if span is None:
            return False
        root = span.root
        head = root.head
        if trigger is not None and head.i == trigger.i:
            return False  # "the 2001 invasion": the year of the event noun is its date
        return root.dep_ in ("compound", "nummod", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN") \
            and head.ent_type_ != "DATE" and not head.i in range(span.start, span.end)

    def date_for(self, trig: Trigger, sent: Span) -> DateValue:
        found = [d for d in self.sentence_dates(sent) if d.date.value and not self._modifies_noun(sent, d, trig.token)]
        anchor = _clause_verb(trig.token) if trig.noun else trig.token
        # "the first talks since the group seized control": an act in a clause of time before
        # or after another does not take a neighbouring sentence's date, and one in a 'since'
        # clause not even its own sentence's, unless the clause states one
        marks = {c.lower_ for c in anchor.children if c.dep_ == "mark"}
        other_time = bool(marks & {"since", "after", "before", "until"})
        # "re-examining the agreement signed by the Trump administration": a participle that
        # describes a thing names an act of its own time; the sentence's date is the clause's
        described = not trig.noun and anchor.dep_ == "acl" and anchor.tag_ == "VBN" and \
            anchor.head.pos_ in ("NOUN", "PROPN")
        if found:
            sub = {t.idx - sent.start_char for t in anchor.subtree}
            found = [d for d in found if d.start not in sub or not self._in_inner_clause(sent, d, anchor, trig.token)]
        if found:
            inside = [d for d in found if d.start in sub]
            if ("since" in marks or described) and not inside:
                return DateValue(None, None, "unknown")
            pool = inside or found
            tpos = trig.token.idx - sent.start_char
            best = min(pool, key=lambda d: abs(d.start - tpos))
            if _ongoing_frame(trig.token) and best.start not in {t.idx - sent.start_char for t in trig.token.subtree}:
                # "Keyhan wrote on February 1, in the midst of Iran's hosting the delegation":
                # the date says the act was under way then, not when it happened
                return DateValue(best.date.value, best.date.precision, "inherited", best.text)
            return DateValue(best.date.value, best.date.precision, best.date.basis, best.text)
        para = None if other_time or described else self._paragraph_date(sent)
        if para is not None:
            return DateValue(para.value, para.precision, "inherited", para.text)
        return DateValue(None, None, "unknown")

    def _in_inner_clause(self, sent: Span, d: dates_mod.DateMatch, anchor: Token, trigger: Token) -> bool:
        """The date belongs to a clause inside the anchor's, with a verb of its own: "the
        agreement it signed last February", "becoming the first since the group seized Kabul
        four years ago", "under which forces are due to leave by May". Not a clause within the
        event noun's phrase ("an agreement signed on February 29", "talks between X and Y,
        which opened in September"), nor one describing the frame the act happened in ("in a
        statement issued on Sunday, X said"), nor what a speaker said ("said that ... today")."""
        span = self._date_span(sent, d)
        if span is None:
            return False
        t = span.root
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.left_edge.i <= t.i <= trigger.right_edge.i:
            return False
        while t.i != anchor.i and t.head.i != t.i:
            if t.dep_ in INNER_CLAUSES:   # not a coordinated verb: "travelled and met X on May 3"
                noun = t.head
                framing = t.dep_ in ("acl", "relcl") and noun.dep_ == "pobj" and \
                    noun.head.lower_ in FRAME_PREPS and noun.head.head.i == anchor.i
                if not framing:
                    return True
            t = t.head
        return False

    def _paragraph_date(self, sent: Span) -> DateValue | None:
        """The date of the nearest of the three sentences before, in the same paragraph ("He met
        X on May 3. He also told him ..."); further back, a date more likely belongs to
        something else."""
        text = self.text
        cur = sent
        for _ in range(3):
            if cur.start == 0:
                return None
            prev = self.doc[cur.start - 1].sent
            if "\n\n" in text[prev.start_char:sent.start_char].strip():
                return None
            ds = [d for d in self.sentence_dates(prev) if d.date.value and not self._modifies_noun(prev, d)]
            if ds:
                best = ds[-1].date
                return DateValue(best.value, best.precision, "inherited", ds[-1].text)
            cur = prev
        return None

    def place_for(self, trig: Trigger) -> Place | None:
        """Where the event happened: a place attached to the trigger (or, for an event noun,
        to its verb) by in/at/near/on, the destination of a visit, or a visited place; the
        search goes down the clause but not into other clauses."""
        anchors = [trig.token]
        if trig.noun:
            anchors.append(_clause_verb(trig.token))
        for a in anchors:
            # The trigger's own prepositions, then those of its object ("met X in Tehran"
            # often hangs "in Tehran" on X); no deeper, where places belong to other things.
            holders = [a] + [c for c in a.children if c.dep_ in ("dobj", "obj")]
            for node in holders:
                for c in node.children:
                    if c.dep_ == "prep" and (c.lower_ in PLACE_PREPS or (c.lower_ == "to" and a.lemma_ in MOTION)):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                place = _place_named(p)
                                if place is not None:
                                    return place
            if a.lemma_ == "visit" and not trig.noun:
                d = next((c for c in a.children if c.dep_ == "dobj" and c.ent_type_ in PLACE_LABELS), None)
                if d is not None:
                    ent = next((e for e in d.doc.ents if e.start <= d.i < e.end), None)
                    if ent is not None:
                        return Place(ent.text)
        return None

    def place_actor(self, trig: Trigger, date: str | None) -> str | None:
        """The country (or governing actor) a place of the event stands for: a visit "to
        Tehran", talks "in Pakistan"."""
        place = self.place_for(trig)
        if place is None:
            return None
        aid = self.da.registry.kb.lookup(place.name, date or self.published)
        a = self.da.registry.get(aid) if aid else None
        return aid if a is not None and a.kind in ("country", "organization") else None

    def place_country(self, trig: Trigger) -> str | None:
        """The country (as a country, never its rulers) the place of the event lies in."""
        place = self.place_for(trig)
        if place is not None and not place.country:
            place = Gazetteer.default().lookup(place.name)
        if place is None or not place.country:
            return None
        return self.da.registry.kb.iso3.get(place.country)

    def attribution(self, tok: Token) -> str | None:
        t = tok
        for _ in range(6):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "according":
                    pobj = [p for p in c.subtree if p.dep_ == "pobj"]
                    if pobj:
                        return "according to " + _phrase(pobj[-1])
            if t.head.i == t.i:
                break
            if t.dep_ == "ccomp" and t.head.lemma_ in REPORTING:
                subj, _ = self._subject(t.head)
                if subj is not None:
                    return _phrase(subj)
            t = t.head
        return None

    # -- main ------------------------------------------------------------------------------
    def triggers(self, sent: Span) -> list[Trigger]:
        out = []
        adjs = ontology.adjectives()
        for tok in sent:
            trig = None
            if tok.pos_ == "VERB":
                if tok.lemma_.lower() in ontology.speech_verbs() and any(c.dep_ == "ccomp" for c in tok.children):
                    continue  # "charging that ...", "warned that ...": a statement, coded by its tone
                trig = _choose_verb_rule(tok)
            elif tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_:
                trig = _choose_noun_rule(tok)
            if trig is None and tok.lower_ in adjs and tok.pos_ in ("ADJ", "VERB") and tok.dep_ in (
                    "acomp", "ROOT", "xcomp", "conj", "ccomp", "advcl", "amod") or trig is None and tok.lemma_ in adjs \
                    and tok.pos_ == "ADJ":
                rule = adjs.get(tok.lower_) or adjs[tok.lemma_]
                trig = Trigger(tok, rule.code, False, rule.prep, kind="adjective")
            if trig:
                out.append(trig)
        return out

    def is_heading(self, sent: Span) -> bool:
        """A headline or section heading: a short line of its own with no closing punctuation."""
        sent_text = self.sent_text(sent)
        text = sent_text.strip()
        if not text or text[-1] in ".!?\"'”’:;)":
            return False
        doc_text = self.text
        start = sent.start_char + len(sent_text) - len(sent_text.lstrip())
        end = start + len(text)
        own_line = doc_text[:start].rstrip(" \t").endswith("\n") or not doc_text[:start].strip()
        own_line = own_line and (doc_text[end:].lstrip(" \t").startswith("\n") or not doc_text[end:].strip())
        return own_line and len(text.split()) <= 20

    def adjective_args(self, trig: Trigger) -> tuple[list[str], list[str]]:
        tok = trig.token
        anchor = tok.head if tok.dep_ in ("acomp", "amod") and tok.head.pos_ in ("AUX", "VERB") else tok
        subj = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ == "amod":
            subj = tok.head
        if subj is None:
            subj, _ = self._subject(anchor)
        targets = [a for p in self._prep_objects(tok, trig.preps) for a in self.actors_of(p)]
        if not targets:  # "ready to work with Y", "willing to cooperate with Y"
            for x in tok.children:
                if x.dep_ in ("xcomp", "advcl") and x.pos_ == "VERB":
                    dobj = next((c for c in x.children if c.dep_ in ("dobj", "obj")), None)
                    targets = self.actors_of(dobj) or [
                        a for p in self._prep_objects(x, ("with", "to", "against", "on")) for a in self.actors_of(p)]
                    if targets:
                        break
        if not targets:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in trig.preps:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            targets += [a for t in p.subtree for a in [self.actor_of(t)] if a]
                            break
        return self.actors_of(subj), targets[:1]

    def speech_event(self, tok: Token) -> tuple[str, str | None, str] | None:
        """(speaker, addressee or subject of what is said, code) for a verb of saying."""
        code = ontology.speech_verbs().get(tok.lemma_.lower())
        if code is None or _irrealis(tok):
            return None
        subj, passive = self._subject(tok)
        if passive or subj is None:
            return None
        speaker = self.actors_of(subj)
        if not speaker or self.is_media(speaker[0]) or subj.lemma_.lower() in MEDIA_NOUNS:
            return None  # an outlet reporting ("Iranian media said") is attribution, not an actor's statement
        kids = list(tok.children)
        # what is said before the circumstances of saying it ("Referring to X, Y said ...")
        order = ("ccomp", "parataxis", "dobj", "xcomp", "oprd", "advcl")
        content = sorted((c for c in kids if c.dep_ in order), key=lambda c: order.index(c.dep_))
        told = next((c for c in kids if c.dep_ in ("dobj", "dative", "iobj") and self.actor_of(c)), None)
        content_toks: list[Token] = [t for c in content for t in c.subtree]
        if not content_toks:  # quoted speech parsed apart from the verb: the rest of the sentence
            sent = tok.sent
            skip = {t.i for t in subj.subtree} | {tok.i}
            # the quoted words first ("Referring to X, Y said, 'Z ...'"), then the rest
            rest = [t for t in sent if t.i not in skip]
            quoted = {t.i for t in rest if _in_quotes(t, self.text)}
            content_toks = [t for t in rest if t.i in quoted] + [t for t in rest if t.i not in quoted]
        target = self.actor_of(told) if told is not None else None
        if target is None:
            for t in content_toks:
                a = self.actor_of(t) if self.da.at(t) else None
                if a and not self.same_side(speaker[0], a) and not self.is_media(a):
                    target = a
                    break
        return speaker[0], target, _tone(content_toks) or code

    def is_media(self, actor_id: str) -> bool:
        a = self.da.registry.get(actor_id)
        return a is not None and (a.org_type == "media" or a.sector == "MED")

    def same_side(self, a_id: str, b_id: str) -> bool:
        """True when b is a, a's country, a's organisation or parent (or the other way round)."""
        if a_id == b_id:
            return True
        reg = self.da.registry
        for x, y in ((a_id, b_id), (b_id, a_id)):
            a = reg.get(x)
            if a is None:
                continue
            if y in {a.parent, *(r.org for r in a.roles)}:
                return True
            b = reg.get(y)
            if b is not None and b.kind == "country" and a.country and a.country == b.country:
                return True
        a, b = reg.get(a_id), reg.get(b_id)
        if a is not None and b is not None and a.kind == b.kind == "person":
            # two office holders of one organisation ("Mujahid wrote that Muttaqi ...")
            orgs = lambda p: {r.org for r in p.roles if r.org and r.active_on(self.published)}
            return bool(orgs(a) & orgs(b))
        return False

    def fallback_date(self, tok: Token) -> DateValue | None:
        """No date in the sentence or paragraph: a past-tense report in a dated article is taken
        to be recent, at the publication month (basis 'publication')."""
        if not self.published:
            return None
        verb = _clause_verb(tok)
        if verb.dep_ not in ("ROOT", "conj", "ccomp") or any(
                c.dep_ == "mark" and c.lower_ in ("before", "after", "since", "when", "while", "until", "as", "once")
                for c in verb.children):
            return None  # background clauses ("before the group took control") keep no date
        tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if "VBD" in tags or "VBN" in tags and any(c.lemma_ == "have" for c in verb.children):
            return DateValue(self.published[:7], "month" if len(self.published) >= 7 else "year",
                             "publication", "")
        return None

    def _emit(self, events, seen, sent, tok, code, sources, targets, trig=None):
        info = ontology.code_info(code)
        if info.root == "01" and targets:
            # "told Ariana News that ...": a statement given to the press is not aimed at it
            targets = [t for t in targets if not self.is_media(t)]
        if trig is None:
            trig = Trigger(tok, code, False, ())
        date = self.date_for(trig, sent)
        if date.value is None:
            date = self.fallback_date(tok) or date
        place = self.place_for(trig)
        attribution = self.attribution(tok)
        pairs = [(s, t) for s in sources for t in (targets or [None]) if s != t]
        reciprocal = info.root in RECIPROCAL_ROOTS or any(
            c.lower_ in ("other", "another") and c.head.i in (tok.i,) for c in tok.subtree)
        if not targets and len(sources) >= 2 and reciprocal:
            pairs = [(sources[0], sources[1])]
            if info.root not in RECIPROCAL_ROOTS:  # "criticized each other": each did it
                pairs.append((sources[1], sources[0]))
        for s, t in pairs[:4]:
            if t is None and ontology.needs_target(code):
                continue  # "X rejected ..." with nobody found on the other side: no dyadic event
            key = (sent.start, s, t, info.root)
            if key in seen:
                continue
            seen.add(key)
            conf = 0.5 + (0.2 if t else 0) + (0.15 if date.basis == "explicit" else 0.05 if date.value else 0)
            if trig.kind == "speech":
                conf -= 0.1
            sent_text = self.sent_text(sent)
            lead = len(sent_text) - len(sent_text.lstrip())
            events.append(EventMention(
                id=f"{self.doc_id}-{stable_id(self.doc_id, tok.idx, code, s, t, n=10)}",
                doc_id=self.doc_id, source=s, target=t, code=code, root=info.root,
                goldstein=info.goldstein, quad_class=info.quad_class, plover=info.plover,
                date=date, place=place, evidence=sent_text.strip(), sent_start=sent.start_char + lead,
                sent_end=sent.start_char + lead + len(sent_text.strip()), trigger=tok.text,
                trigger_start=tok.idx, confidence=round(min(conf, 0.95), 2), attribution=attribution))

    def run(self) -> list[EventMention]:
        events: list[EventMention] = []
        seen: set[tuple] = set()
        for sent in self.doc.sents:
            if self.is_heading(sent):
                continue
            trigs = self.triggers(sent)
            first_of_sentence = len(events)
            # A noun event governed by a light verb is one event ("held talks", "paid a visit");
            # a verb rule keyed to its object ("provided weapons") replaces the object's noun event.
            verb_of_noun = {t.token.head.i for t in trigs if t.noun and t.token.dep_ in ("dobj", "obj")}
            object_rules = {t.token.i for t in trigs if t.by_object}
            sources_here: set[str] = set()
            emitted: list[tuple[int, str]] = []   # (trigger token, source) of this sentence
            for trig in trigs:
                tok = trig.token
                if not trig.noun and tok.i in verb_of_noun and tok.lemma_ in LIGHT_VERBS and not trig.by_object:
                    continue
                if trig.noun and tok.dep_ in ("dobj", "obj") and tok.head.i in object_rules:
                    continue
                if _irrealis(tok) and not (trig.kind == "adjective" and trig.code.startswith("03")):
                    threat = self.threat(trig)
                    if threat is not None:
                        speaker, target = threat
                        sources_here.add(speaker)
                        emitted.append((tok.i, speaker))
                        self._emit(events, seen, sent, tok, "138", [speaker], [target] if target else [], trig)
                        continue
                    intent = self.intent(trig)
                    if intent is not None:
                        holders, code, targets, head = intent
                        sources_here.update(holders)
                        emitted += [(tok.i, h) for h in holders]
                        self._emit(events, seen, sent, head, code, holders, targets,
                                   Trigger(head, code, False, trig.preps))
                    continue
                if trig.kind == "adjective":
                    sources, targets = self.adjective_args(trig)
                elif trig.noun:
                    if not self.noun_is_event(tok):
                        continue
                    sources, targets = self.noun_args(trig)
                else:
                    sources, targets, _ = self.verb_args(trig)
                if not sources:
                    continue
                if not targets:
                    implicit = self.implicit_target(tok, sources)
                    targets = [implicit] if implicit else []
                if not targets and ontology.code_info(trig.code).quad_class == 4 and not trig.noun:
                    targets = self._purpose_enemy(tok)   # "fought to expel the U.S."
                if not targets and ontology.code_info(trig.code).quad_class == 4:
                    # "seized power in Kabul", "the Taliban fought in Helmand": force used in
                    # a country is used against that country when no one else is named
                    land = self.place_country(trig)   # a domestic armed group too: TAL -> AFG
                    if land and land not in sources and not (
                            tok.lemma_.lower() in SERVE_IN_WAR and not any(self.same_side(s, land) for s in sources)):
                        targets = [land]
                if not targets and trig.code[:2] == "04":
                    # Consultations need a partner: the place of the talks stands for it
                    # ("talks in Pakistan", "travelled to Tehran"), else no event.
                    where = self.place_actor(trig, None)
                    if len(sources) >= 2 and not self.same_side(sources[0], sources[1]):
                        pass  # "X and Y resumed their talks in Qatar": with each other
                    elif where and not any(self.same_side(src, where) for src in sources):
                        targets = [where]
                    elif len(sources) < 2:
                        continue
                sources_here.update(sources)
                emitted += [(tok.i, src) for src in sources]
                self._emit(events, seen, sent, tok, trig.code, sources, targets, trig)
            for tok in sent:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in ontology.speech_verbs():
                    continue
                said = self.speech_event(tok)
                if said is None:
                    continue
                speaker, target, code = said
                if target is None:
                    target = self.implicit_target(tok, [speaker])
                if code == "010" and target is None and tok.lemma_.lower() not in PUBLIC_STATEMENT:
                    continue  # "X said ..." with no tone and no one it concerns is no event
                if speaker in sources_here:
                    continue  # the speaker's act in this sentence is already coded
                inside = {t.i for t in tok.subtree}
                if any(i in inside and self.same_side(speaker, src) for i, src in emitted):
                    continue  # "X said Iran was ready to ...": the content is the speaker's side's act
                if code == "010" and any(i in inside and i != tok.i for i, _ in emitted):
                    continue  # "Y met Z, a spokesman said": the report is the source of the event, not one
                sources_here.add(speaker)
                self._emit(events, seen, sent, tok, code, [speaker], [target] if target else [],
                           Trigger(tok, code, False, (), kind="speech"))
            events[first_of_sentence:] = self._one_act_per_side(events[first_of_sentence:])
        return events

    def _one_act_per_side(self, here: list[EventMention]) -> list[EventMention]:
        """One sentence, one source, one kind of act, and targets of one side ("met Baradar and
        Muttaqi", "went to Pakistan to meet its foreign minister") is one event: the first. A
        plain statement (010) gives way to the same speaker's more specific verbal act."""
        kept: list[EventMention] = []
        for e in here:
            if e.target is None and self._acted_on_in_sentence(e, here):
                continue  # "X and Y agreed a draft accord": the accord between them says it
            if e.code == "010" and any(o.code != "010" and o.quad_class in (1, 3) and o.source
                                       and self.same_side(o.source, e.source) for o in here):
                continue  # "released a statement supporting X": the statement is how it was said
            if e.target and any(k.source == e.source and k.root == e.root and k.target
                                and (self.same_side(k.target, e.target) or self._groups(k.target) & self._groups(e.target))
                                for k in kept):
                continue
            kept.append(e)
        return kept

    @staticmethod
    def _acted_on_in_sentence(e: EventMention, here: list[EventMention]) -> bool:
        """An act with no other side whose doer, in the same sentence, acts on someone (or, with
        a co-subject of the same verb, is acted on by that co-subject)."""
        if any(o.target and o.source == e.source for o in here):
            return True
        partners = {o.source for o in here if o is not e and o.target is None and o.trigger_start == e.trigger_start}
        return any(o.target == e.source and o.source in partners for o in here)

    def _groups(self, actor_id: str) -> set[str]:
        """The organisations an actor belongs to (its parent and the organisations of its roles)."""
        a = self.da.registry.get(actor_id)
        if a is None:
            return set()
        return {g for g in (a.parent, *(r.org for r in a.roles)) if g}


PLACE_NOUNS = {"city", "town", "village", "province", "district", "capital", "region", "area", "port",
               "border", "crossing", "county", "state", "governorate", "valley", "outskirts", "suburb"}


def _place_named(p: Token) -> Place | None:
    """The named place a prepositional object stands for: "Tehran", "the Afghan city of
    Mazar-i-Sharif", "Afghanistan's Nimroz province"."""
    def ent_at(t: Token):
        return next((e for e in t.doc.ents if e.start <= t.i < e.end and e.label_ in PLACE_LABELS), None)

    def proper_name(t: Token) -> Place | None:
        """A proper name the tagger missed but the gazetteer knows ("Mazar-i-Sharif")."""
        if t.pos_ != "PROPN" or t.ent_type_ not in ("", *PLACE_LABELS):
            return None  # "On August 8" is a date, "Ghani" a person
        toks = [x for x in t.doc[t.left_edge.i:t.i + 1] if x.dep_ in ("compound", "punct") or x.i == t.i]
        while toks and toks[0].dep_ == "punct":
            toks = toks[1:]
        name = t.doc[toks[0].i:t.i + 1].text if toks else t.text
        return Place(name) if Gazetteer.default().lookup(name) is not None else None

    if p.ent_type_ in PLACE_LABELS and (ent := ent_at(p)) is not None:
        return Place(ent.text)
    if p.lemma_.lower() not in PLACE_NOUNS:
        return proper_name(p)
    for c in p.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for q in c.children:
                if q.dep_ != "pobj":
                    continue
                if q.ent_type_ in PLACE_LABELS and (ent := ent_at(q)) is not None and ent.end == q.i + 1:
                    return Place(ent.text)
                if (named := proper_name(q)) is not None:
                    return named
    for c in sorted((c for c in p.children if c.dep_ == "compound" and c.i < p.i), key=lambda c: -c.i):
        if c.ent_type_ in PLACE_LABELS and (ent := ent_at(c)) is not None:
            return Place(ent.text)
        if (named := proper_name(c)) is not None:
            return named
    return None


def _phrase(head: Token) -> str:
    """The words of a phrase as written ("the deputy commander of Iran's police"), without
    the commas that set it off."""
    span = head.doc[head.left_edge.i:head.right_edge.i + 1]
    return span.text.strip(" ,;:–—-")


def _ongoing_frame(tok: Token) -> bool:
    """The act is the frame of the clause ("during the visit", "amid clashes", "in the midst
    of Iran's hosting the delegation"): under way at the clause's time, not done then."""
    head = tok.head
    if tok.dep_ not in ("pobj", "pcomp") or head.i == tok.i:
        return False
    if head.lower_ in ("during", "amid", "amidst", "throughout"):
        return True
    return head.lower_ == "of" and head.head.lower_ in ("midst", "middle", "course") and head.head.head.lower_ == "in"


def _in_quotes(tok: Token, text: str) -> bool:
    """Whether the token is inside quotation marks within its sentence (`text`: the
    document's text, which spaCy would otherwise rebuild from every token on each call)."""
    before = text[tok.sent.start_char:tok.idx]
    opens = before.count("\u201c") + before.count('"') % 2
    closes = before.count("\u201d")
    return opens > closes


def _tone(tokens: list[Token]) -> str | None:
    """The CAMEO code the tone words of a statement point to, or None."""
    lemmas = [t.lemma_.lower() for t in tokens]
    lowers = [t.lower_ for t in tokens]
    cues = ontology.negative_cues()
    for i, t in enumerate(tokens):
        if lowers[i] in cues or lemmas[i] in cues:
            window = lowers[max(0, i - 3):i]
            if any(w in NEGATORS or w in ("cannot", "can't", "cant") for w in window):
                return "111"
    lemma_text = f" {' '.join(lemmas)} "
    plain = " " + " ".join(lowers).replace(" - ", "-") + " "
    for phrase, code in ontology.tone():
        p = f" {' '.join(phrase)} "
        if p in lemma_text or p in plain:
            return code
    return None


def extract(doc: Doc, da: DocActors, doc_id: str, published: str | None) -> list[EventMention]:
    return Extractor(doc, da, doc_id, published).run()
