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
NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
LIGHT_VERBS = {"hold", "pay", "make", "have", "conduct", "launch", "carry", "stage", "host", "mount", "do",
               "take", "give", "lead", "head", "sign", "reach", "hold", "join", "attend", "begin", "start",
               "resume", "continue", "open", "wage", "commit", "perpetrate", "express", "voice", "issue",
               "level", "lodge", "file", "deliver", "extend", "offer", "provide"}
REPORTING = {"say", "tell", "state", "report", "claim", "add", "announce", "note", "write", "explain",
             "insist", "reveal", "confirm", "declare", "emphasize", "emphasise", "stress", "argue"}
GROUP_NOUNS = {"group", "organization", "organisation", "movement", "regime", "government", "militia",
               "administration"}
PLACE_PREPS = {"in", "at", "near", "inside", "on"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class Trigger:
    token: Token
    code: str
    noun: bool
    preps: tuple[str, ...]


def _choose_verb_rule(tok: Token) -> Trigger | None:
    rules = ontology.verbs().get(tok.lemma_.lower())
    if not rules:
        return None
    kids = list(tok.children)
    particles = {c.lower_ for c in kids if c.dep_ == "prt"}
    preps = {c.lower_ for c in kids if c.dep_ in ("prep", "agent", "dative")}
    dobj = next((c for c in kids if c.dep_ in ("dobj", "obj")), None)
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
            if preps & set(r.prep):
                score += 2
            elif dobj is None:
                score += 0
        if score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    return Trigger(tok, best.code, False, best.prep)


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
        if any(c.lower_ in ("no",) for c in tok.children if c.dep_ == "det"):
            return True
        if tok.head.lemma_ in ("plan", "proposal", "call", "demand", "request", "invitation", "offer",
                               "hope", "prospect", "possibility", "readiness", "willingness"):
            return True
    if _negated(tok) or _negated(verb):
        return True
    if _modal(verb):
        return True
    if _conditional(verb):
        return True
    # Chains of infinitives: "plans to visit", "agreed to meet", "expected to travel".
    t = verb
    for _ in range(4):
        if t.dep_ in ("xcomp", "ccomp", "advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            head = t.head
            if head.lemma_.lower() in REALISING_HEADS and not _irrealis_verb(head):
                return False
            if head.lemma_.lower() in IRREALIS_HEADS or head.pos_ in ("ADJ", "NOUN") or _irrealis_verb(head):
                return True
            t = head
            continue
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
            if low in ("they", "them"):
                return self.da.antecedent(tok, person=False)
            return None
        # Modifiers and names attached to the head noun: "a Taliban delegation", "Iranian
        # officials", "the regime's foreign minister Javad Zarif", "a delegation of the Taliban".
        order = ("appos", "compound", "poss", "amod", "nmod", "nummod")
        kids = sorted((c for c in tok.children if c.dep_ in order), key=lambda c: (order.index(c.dep_), -c.i))
        for c in kids:
            a = self.actor_of(c, depth + 1)
            if a:
                return a
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        a = self.actor_of(p, depth + 1)
                        if a:
                            return a
        if low in GROUP_NOUNS and any(c.lower_ == "the" for c in tok.children):
            return self.da.antecedent(tok, person=False)
        return None

    def actors_of(self, tok: Token | None) -> list[str]:
        if tok is None:
            return []
        out = []
        for t in [tok, *tok.conjuncts]:
            a = self.actor_of(t)
            if a and a not in out:
                out.append(a)
        return out

    # -- arguments of triggers ----------------------------------------------------------------
    def _subject(self, verb: Token) -> tuple[Token | None, bool]:
        """(subject token, passive?) of a verb, inherited through conj/xcomp/advcl/relcl."""
        t = verb
        for _ in range(5):
            kids = list(t.children)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
            if passive:
                agent = next((c for c in kids if c.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    return pobj, True
                return None, True
            subj = next((c for c in kids if c.dep_ in ("nsubj", "csubj")), None)
            if subj is not None:
                if subj.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                    return t.head, False
                return subj, False
            if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return (t.head, False) if t.dep_ == "relcl" else (None, False)
            if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
                t = t.head
                continue
            break
        return None, False

    def _prep_objects(self, tok: Token, preps: tuple[str, ...]) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and (not preps or c.lower_ in preps):
                for p in c.children:
                    if p.dep_ == "pobj":
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
        targets: list[str] = []
        if target_tok is not None:
            targets = self.actors_of(target_tok)
        else:
            rule_objs = ontology.verbs()[tok.lemma_.lower()]
            needs_object = any(r.objects for r in rule_objs if r.code == trig.code)
            if dobj is not None and not needs_object:
                targets = self.actors_of(dobj)
            if not targets:
                for p in self._prep_objects(tok, trig.preps or ("with", "to", "against", "on")):
                    targets = self.actors_of(p)
                    if targets:
                        break
            if not targets and dobj is not None:
                targets = self.actors_of(dobj) if not needs_object else [
                    a for p in self._prep_objects(dobj, trig.preps) for a in self.actors_of(p)]
        return sources, targets, target_tok or dobj

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
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                parties = [a for p in c.children if p.dep_ == "pobj" for a in self.actors_of(p)]
                if len(parties) >= 2:
                    return [parties[0]], [parties[1]]
        if not sources:
            head = tok.head
            if tok.dep_ in ("dobj", "obj", "attr") and head.pos_ in ("VERB", "AUX"):
                subj, passive = self._subject(head)
                if not passive:
                    sources = self.actors_of(subj)
            elif tok.dep_ == "pobj" and head.head.pos_ == "VERB" and head.lower_ in ("for", "in", "to"):
                subj, passive = self._subject(head.head)
                if not passive and head.head.lemma_ in ("arrive", "travel", "go", "come", "fly", "gather"):
                    sources = self.actors_of(subj)
        return sources, targets

    # -- dates and places ---------------------------------------------------------------
    def sentence_dates(self, sent: Span) -> list[dates_mod.DateMatch]:
        if sent.start not in self._sent_dates:
            found = dates_mod.find(sent.text, self.published)
            self._sent_dates[sent.start] = found
        return self._sent_dates[sent.start]

    def date_for(self, trig: Trigger, sent: Span) -> DateValue:
        found = [d for d in self.sentence_dates(sent) if d.date.value]
        if found:
            anchor = _clause_verb(trig.token) if trig.noun else trig.token
            sub = {t.idx - sent.start_char for t in anchor.subtree}
            inside = [d for d in found if d.start in sub]
            pool = inside or found
            tpos = trig.token.idx - sent.start_char
            best = min(pool, key=lambda d: abs(d.start - tpos))
            return DateValue(best.date.value, best.date.precision, best.date.basis, best.text)
        para = self._paragraph_date(sent)
        if para is not None:
            return DateValue(para.value, para.precision, "inherited", para.text)
        return DateValue(None, None, "unknown")

    def _paragraph_date(self, sent: Span) -> DateValue | None:
        """The date of the nearest earlier sentence of the same paragraph that has one."""
        text = self.doc.text
        para_start = text.rfind("\n\n", 0, sent.start_char)
        best = None
        for s in self.doc.sents:
            if s.start_char >= sent.start_char:
                break
            if s.start_char < para_start:
                continue
            ds = [d for d in self.sentence_dates(s) if d.date.value]
            if ds:
                best = ds[-1].date
                best = DateValue(best.value, best.precision, "inherited", ds[-1].text)
        return best

    def place_for(self, trig: Trigger) -> Place | None:
        anchors = [trig.token]
        if trig.noun:
            anchors.append(_clause_verb(trig.token))
        for a in anchors:
            for c in a.children:
                if c.dep_ == "prep" and (c.lower_ in PLACE_PREPS or (c.lower_ == "to" and a.lemma_ in (
                        "travel", "visit", "trip", "go", "fly", "come", "arrive"))):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.ent_type_ in PLACE_LABELS:
                            ent = next((e for e in p.doc.ents if e.start <= p.i < e.end), None)
                            if ent is not None:
                                return Place(ent.text)
            if a.lemma_ == "visit" and not trig.noun:
                d = next((c for c in a.children if c.dep_ == "dobj" and c.ent_type_ in PLACE_LABELS), None)
                if d is not None:
                    ent = next((e for e in d.doc.ents if e.start <= d.i < e.end), None)
                    if ent is not None:
                        return Place(ent.text)
        return None

    def attribution(self, tok: Token) -> str | None:
        t = tok
        for _ in range(6):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "according":
                    pobj = [p for p in c.subtree if p.dep_ == "pobj"]
                    if pobj:
                        return "according to " + " ".join(x.text for x in pobj[-1].subtree)
            if t.head.i == t.i:
                break
            if t.dep_ == "ccomp" and t.head.lemma_ in REPORTING:
                subj, _ = self._subject(t.head)
                if subj is not None:
                    return " ".join(x.text for x in subj.subtree)
            t = t.head
        return None

    # -- main ------------------------------------------------------------------------------
    def triggers(self, sent: Span) -> list[Trigger]:
        out = []
        for tok in sent:
            trig = None
            if tok.pos_ == "VERB":
                trig = _choose_verb_rule(tok)
            elif tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_:
                trig = _choose_noun_rule(tok)
            if trig:
                out.append(trig)
        return out

    def run(self) -> list[EventMention]:
        events: list[EventMention] = []
        seen: set[tuple] = set()
        for sent in self.doc.sents:
            trigs = self.triggers(sent)
            # A noun event governed by a light verb is one event ("held talks", "paid a visit").
            verb_of_noun = {t.token.head.i for t in trigs if t.noun and t.token.dep_ in ("dobj", "obj")}
            for trig in trigs:
                tok = trig.token
                if not trig.noun and tok.i in verb_of_noun and tok.lemma_ in LIGHT_VERBS:
                    continue
                if _irrealis(tok):
                    continue
                if trig.noun:
                    sources, targets = self.noun_args(trig)
                else:
                    sources, targets, _ = self.verb_args(trig)
                if not sources:
                    continue
                info = ontology.code_info(trig.code)
                date = self.date_for(trig, sent)
                place = self.place_for(trig)
                attribution = self.attribution(tok)
                pairs = [(s, t) for s in sources for t in (targets or [None]) if s != t]
                if not targets and len(sources) >= 2 and info.root == "04":
                    pairs = [(sources[0], sources[1])]
                for s, t in pairs[:4]:
                    key = (sent.start, s, t, info.root)
                    if key in seen:
                        continue
                    seen.add(key)
                    conf = 0.5 + (0.2 if t else 0) + (0.15 if date.basis == "explicit" else 0.05 if date.value else 0)
                    events.append(EventMention(
                        id=f"{self.doc_id}-{stable_id(self.doc_id, tok.idx, trig.code, s, t, n=10)}",
                        doc_id=self.doc_id, source=s, target=t, code=trig.code, root=info.root,
                        goldstein=info.goldstein, quad_class=info.quad_class, plover=info.plover,
                        date=date, place=place, evidence=sent.text.strip(), sent_start=sent.start_char,
                        sent_end=sent.end_char, trigger=tok.text, trigger_start=tok.idx,
                        confidence=round(min(conf, 0.95), 2), attribution=attribution))
        return events


def extract(doc: Doc, da: DocActors, doc_id: str, published: str | None) -> list[EventMention]:
    return Extractor(doc, da, doc_id, published).run()
