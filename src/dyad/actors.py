"""Actors: who is mentioned where in a document, resolved to one entity each.

Sources of mentions, in order of trust:
1. the knowledge base (aliases, demonyms, capitals used as metonyms, dated metonyms such as
   "Kabul" for the Afghan republic before 2021-08-15 and for the Taliban after);
2. spaCy NER (PERSON, ORG) for actors the knowledge base lacks, which are learned: named by
   their longest form in the article, given a country and sector from the role the text
   gives them ("Iran's ambassador in Kabul, Hassan Kazemi Qomi"), and merged across
   articles by alias;
3. within-article name chains (full name → surname) for persons.
Pronouns and title-only mentions ("he", "the group") are resolved by the event extractor on
demand through ``DocActors.antecedent``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from .kb import KB, KeyEnds, Title, norm_key, office_of, titles
from .model import Actor, ActorMention, Role, slug

OFFICE_HEADS = {"minister", "president", "leader", "spokesman", "spokeswoman", "spokesperson", "secretary",
                "ambassador", "envoy", "representative", "premier", "adviser", "advisor", "chief",
                "commander"}
NAME_PARTICLES = {"al", "el", "ul", "bin", "ibn", "abu"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
SECTOR_WORDS = [  # words in a learned organisation's name that tell its sector
    (re.compile(r"\b(ministry|government|council|office|presidency|cabinet|administration|embassy|"
                r"department|commission)\b", re.I), "GOV"),
    (re.compile(r"\b(army|forces|force|military|brigade|brigades|corps|guards?|navy|command)\b", re.I), "MIL"),
    (re.compile(r"\b(police)\b", re.I), "COP"),
    (re.compile(r"\b(intelligence)\b", re.I), "SPY"),
    (re.compile(r"\b(party|movement|front)\b", re.I), "PTY"),
    (re.compile(r"\b(news|agency|times|tv|television|radio|post|daily|journal|press|channel|newspaper)\b",
                re.I), "MED"),
    (re.compile(r"\b(institute|foundation|center|centre|watch|international|organization|organisation)\b",
                re.I), "NGO"),
]


@dataclass
class Mention:
    actor_id: str
    start: int          # token indices [start, end)
    end: int
    how: str


@dataclass
class Registry:
    """The knowledge base plus actors learned from text (this run's and the store's)."""
    kb: KB
    learned: dict[str, Actor] = field(default_factory=dict)
    learned_index: dict[str, str] = field(default_factory=dict)   # norm alias -> learned actor id

    def get(self, actor_id: str) -> Actor | None:
        return self.kb.actors.get(actor_id) or self.learned.get(actor_id)

    def lookup(self, text: str, date: str | None) -> str | None:
        return self.kb.lookup(text, date) or self.learned_index.get(norm_key(text))

    def key_ends(self) -> KeyEnds:
        """``KeyEnds`` of every key ``lookup`` can answer: a text whose normalised key is not
        among them is not looked up."""
        ends = self.kb.key_ends()
        return ends | KeyEnds.of(self.learned_index) if self.learned_index else ends

    def learn(self, actor: Actor, surface: str) -> Actor:
        """Add (or enrich) a learned actor; returns the stored one."""
        have = self.learned.get(actor.id)
        if have is None:
            self.learned[actor.id] = have = actor
        have.aliases.add(surface)
        self.learned_index.setdefault(norm_key(surface), have.id)
        self.learned_index.setdefault(norm_key(have.name), have.id)
        return have


class DocActors:
    """Actor mentions of one spaCy Doc, by token."""

    def __init__(self, doc: Doc, mentions: list[Mention], registry: Registry, text: str | None = None):
        self.doc = doc
        self._text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.registry = registry
        self.by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m

    @property
    def text(self) -> str:
        """``doc.text``, read once (spaCy joins every token's text each time it is asked)."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    def at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def antecedent(self, tok: Token, person: bool | None, organization: bool = False,
                   exclude: Callable[[str], bool] | None = None) -> str | None:
        """The earlier actor mention a pronoun or definite description most likely means: the
        subject of the same or previous sentence when it is of the right kind (person, or
        group/country; None: either), else the nearest mention of that kind. "them" after
        coordinated parties ("saw the NRF leader and Ismail Khan ... assured them") means them."""
        nearest = None
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        if tok.lower_ in ("they", "them") and sent_start > 0:
            # "They have opened doors in Russia and Qatar. Iran is supporting them": the
            # earlier 'they' carries on
            prev = self.doc[sent_start - 1].sent
            same = [t for t in self.doc[prev.start:tok.i] if t.lower_ == "they" and t.dep_ == "nsubj" and t.i != tok.i]
            if same and not any(prev.start <= m.start < prev.end and self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")
                                for m in self.mentions):
                return self.antecedent(same[-1], person, organization, exclude)
        if tok.lower_ == "them":
            for m in reversed(self.mentions):
                last = self.doc[m.end - 1]
                coordinated = last.dep_ == "conj" or any(c.dep_ in ("conj", "cc") for c in last.children)
                if prev_start <= m.start < tok.i and coordinated and (exclude is None or not exclude(m.actor_id)):
                    return m.actor_id
        for m in reversed(self.mentions):
            if m.start >= tok.i:
                continue
            if tok.i - m.start > 150:
                break
            a = self.registry.get(m.actor_id)
            if a is None or (person is not None and person != (a.kind == "person")):
                continue
            if organization and a.kind != "organization":
                continue
            if exclude is not None and exclude(a.id):
                continue
            if nearest is None:
                nearest = a.id
            if m.start >= prev_start:
                head = self.doc[m.end - 1]
                while head.dep_ in ("compound", "amod", "poss", "appos") and head.head.i != head.i:
                    head = head.head
                if head.dep_ in ("nsubj", "nsubjpass"):
                    return a.id
        return nearest

    def to_records(self, doc_id: str) -> list[ActorMention]:
        out = []
        for m in self.mentions:
            span = self.doc[m.start:m.end]
            out.append(ActorMention(doc_id=doc_id, actor_id=m.actor_id, text=self.text[span.start_char:span.end_char],
                                    start=span.start_char, end=span.end_char,
                                    sent_start=span.sent.start_char, how=m.how))
        return out


def _capitalised(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span if t.text[:1].isalpha())  # "U.S." too


def _strip_titles(tokens: list[Token]) -> list[Token]:
    """Drop honorifics and office words at the edges of a name, and a trailing possessive."""
    tt = titles()
    toks = [t for t in tokens if t.tag_ != "POS" and t.text not in ("'s", "’s")]
    while toks and (toks[0].lower_ in tt or toks[0].lower_ in ("the", "a", "an") or not toks[0].is_alpha
                    or toks[0].is_lower and toks[0].pos_ in ("ADP", "CCONJ", "DET")):  # "of Taliban's ..."
        toks = toks[1:]
    while toks and (toks[-1].lower_ in tt or not toks[-1].is_alpha):
        toks = toks[:-1]
    return toks


@dataclass
class _TokenFacts:
    """What the knowledge-base matcher needs of each token of a document, read once: building a
    spaCy Span (and its Tokens) for every candidate n-gram costs far more than the lookups.
    A span's text is ``text[start[i]:end[j - 1]]``, exactly ``doc[i:j].text``."""
    text: str
    start: list[int]              # character offsets of each token
    end: list[int]
    edge: list[bool]              # may begin or end a name: neither punctuation nor space
    caps: list[int]               # capitalised tokens before each index (prefix sums)
    the: list[bool]               # the token is "the" in any case
    word: list[str | None]        # lower-case text of an ASCII letters-and-digits token, else None
    space_after: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> "_TokenFacts":
        start, end, edge, caps, the, word, space, pieces = [], [], [], [0], [], [], [], []
        strings = doc.vocab.strings
        # One array read instead of a Token object per token and attribute.
        for orth, lower_id, idx, punct, is_space, ws in doc.to_array(
                [ORTH, LOWER, IDX, IS_PUNCT, IS_SPACE, SPACY]).tolist():
            text = strings[orth]
            pieces.append(text + " " if ws else text)
            start.append(idx)
            end.append(idx + len(text))
            edge.append(not (punct or is_space))
            first = text[:1]
            caps.append(caps[-1] + (1 if first.isalpha() and first.isupper() else 0))  # as _capitalised
            lower = strings[lower_id]
            the.append(lower == "the")
            word.append(lower if text.isascii() and text.isalnum() else None)
            space.append(bool(ws))
        return cls("".join(pieces), start, end, edge, caps, the, word, space)   # doc.text, built once


def _kb_matches(doc: Doc, reg: Registry, date: str | None, facts: _TokenFacts | None = None) -> list[Mention]:
    """Longest knowledge-base (or learned) names, left to right: for each token, the longest
    capitalised n-gram not beginning or ending with punctuation that the registry knows, else
    the same n-gram without a leading "the".

    Only n-grams whose normalised key (``norm_key``) could be a known key are looked up
    (``KeyEnds``): the key of plain words and single spaces is the words joined; a word followed
    by a separator (a space, or ASCII punctuation other than an apostrophe) is a whole word of
    the key. The tests are exact: the matches are those of looking up every n-gram."""
    kb = reg.kb
    ends = reg.key_ends()
    f = facts or _TokenFacts.of(doc)
    text, start, end, edge, caps, word, space = f.text, f.start, f.end, f.edge, f.caps, f.word, f.space_after
    n = len(doc)

    def separator(c: str) -> bool:
        return c.isascii() and not c.isalnum() and c not in "'`"

    # sep[k]: a separator between tokens k and k + 1 (so a plain word k ends a key word, and a
    # plain word k + 1 starts one).
    sep = [space[k] or separator(text[start[k + 1]]) or separator(text[end[k] - 1]) for k in range(n - 1)]
    # may_start[i]: a key could begin with token i; may_end[k]: a key of more than one token
    # could end with token k.
    may_start = [w is None or (w in ends.first_words if k == n - 1 or sep[k] else w in ends.first_prefixes)
                 for k, w in enumerate(word)]
    may_end = [w is None or k == 0 or not sep[k - 1] or w in ends.last_words for k, w in enumerate(word)]
    # plain_to[i]: n-grams [i, j) with j <= plain_to[i] are plain words (ASCII letters and
    # digits) and single spaces: their key is their lower-case words joined. first_cap[i]: the
    # first capitalised token at or after i (n if none): [i, j) is capitalised if j > first_cap[i].
    plain_to = [0] * (n + 1)
    first_cap = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        if word[k] is None:
            plain_to[k] = k
        elif k + 1 < n and space[k] and word[k + 1] is not None:
            plain_to[k] = plain_to[k + 1]
        else:
            plain_to[k] = k + 1
        first_cap[k] = k if caps[k + 1] > caps[k] else first_cap[k + 1]

    def lookup(a: int, b: int) -> str | None:
        """``reg.lookup`` of the n-gram [a, b), or None without asking when its key is unknown."""
        plain = plain_to[a]
        if b <= plain:
            if " ".join(word[a:b]) not in ends.keys:
                return None
        elif not may_start[a] or (b - a > 1 and not may_end[b - 1]) or (
                plain - a >= 2 and " ".join(word[a:plain - 1]) not in ends.leads):
            return None   # (the plain words before the last of the plain run are whole key words)
        return reg.lookup(text[start[a]:end[b - 1]], date)

    out: list[Mention] = []
    i = 0
    maxw = kb.max_alias_words + 1
    while i < n:
        found = None
        the = f.the[i]
        if edge[i] and (may_start[i] or the and i + 1 < n and may_start[i + 1]):
            for j in range(min(n, i + maxw), first_cap[i], -1):
                if not edge[j - 1]:
                    continue
                aid, start_at = lookup(i, j), i
                if aid is None and the and j - i > 1:
                    aid, start_at = lookup(i + 1, j), i + 1
                if aid:
                    found = Mention(aid, start_at, j, "kb" if aid in kb.actors else "alias")
                    break
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


PHOTO_CREDIT = re.compile(r"\bPhoto\s*/", re.I)   # "AP Photo/Burhan Ozbilici"


def _credit(ent: Span) -> bool:
    """A byline, photo or copyright credit ("By Oman Al Yahyai", "AP Photo/Burhan Ozbilici",
    "Photo: Fararu"): no actor."""
    doc = ent.doc
    lead = doc[max(0, ent.start - 4):ent.start]
    before = {t.lower_ for t in lead[-3:]}
    byline = False
    if "by" in before:   # "By Oman Al Yahyai with AP" on a line of its own
        line_start = next((t.i for t in reversed(lead) if t.i == 0 or "\n" in doc[t.i - 1].text_with_ws), None)
        byline = line_start is not None and doc[line_start].text == "By"
    return byline or ent[0].lower_ in ("photo", "copyright") or bool(before & {"photo", "copyright", "©"}) \
        or bool(PHOTO_CREDIT.search(ent.text))


def _headline(sent: Span) -> bool:
    """A title-case line ("Taliban Confirms Foreign Minister Met Rebel Leader In Tehran"), where
    capitals do not mark names."""
    words = [t for t in sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.9 * len(words) \
        and not all(t.text.isupper() for t in words)


@lru_cache(maxsize=1)
def _title_openers() -> frozenset[str]:
    """First words of multi-word titles ("supreme" of "supreme leader"): alone, no name."""
    return frozenset(w.split()[0] for w in titles() if " " in w)


NAMED_FOR_A_CITY = {"agreement", "agreements", "accord", "accords", "deal", "process", "talks", "format",
                    "declaration", "protocol", "summit", "conference", "framework", "communique", "platform",
                    "group", "initiative", "peace", "treaty", "memorandum", "understanding", "dialogue"}


def _names_a_meeting_place(span: Span, reg: Registry) -> bool:
    """A capital naming an agreement or a forum ("the Doha agreement", "the Astana process",
    "the Minsk accords") is where it was made, not that country acting."""
    if norm_key(span.text) not in reg.kb.capitals:
        return False
    root = span.root
    return root.dep_ in ("compound", "nmod", "amod") and root.head.lower_ in NAMED_FOR_A_CITY


DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'.]+(?:,? [A-Z][A-Z'.]+)*(?: ?\([A-Za-z .]+\))?(?:,? ?[—–―-]{1,2}|:))\s")


def _datelines(doc: Doc, text: str) -> set[int]:
    """Tokens of a dateline ("CAIRO —", "KABUL, AFGHANISTAN –", "TEHRAN (Reuters) -", "KABUL:") at the
    start of a paragraph: where the story was filed, not an actor."""
    out: set[int] = set()
    for mt in DATELINE.finditer(text):
        span = doc.char_span(mt.start(1), mt.end(1), alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _org_country(span: Span, reg: Registry, kb_mentions: dict[int, Mention]) -> str | None:
    for t in span:
        m = kb_mentions.get(t.i)
        if m:
            c = reg.kb.country_of(m.actor_id)
            if c:
                return c
    return None


def extract(doc: Doc, doc_id: str, published: str | None,
            reg: Registry) -> tuple[DocActors, list[tuple[str, Role]]]:
    """Find and resolve the actor mentions in a parsed document; learn new actors and roles."""
    facts = _TokenFacts.of(doc)
    dateline = _datelines(doc, facts.text)
    kb_list = [m for m in _kb_matches(doc, reg, published, facts)
               if m.start not in dateline and not _names_a_meeting_place(doc[m.start:m.end], reg)]
    kb_tok = {i: m for m in kb_list for i in range(m.start, m.end)}
    mentions = list(kb_list)
    tt = titles()
    persons: list[tuple[list[str], str]] = []   # (name words, actor id) seen so far in this doc
    for m in kb_list:
        a = reg.get(m.actor_id)
        if a and a.kind == "person":
            persons.append((norm_key(a.name).split() + norm_key(doc[m.start:m.end].text).split(), a.id))

    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or ent.start in dateline or _credit(ent):
            continue
        covered = [i for i in range(ent.start, ent.end) if i in kb_tok]
        if covered:
            rest = [doc[i] for i in range(ent.start, ent.end) if i not in kb_tok]
            first = min(covered)
            if all(t.lower_ in tt or t.lower_ in ("the", "'s", "’s") or t.is_punct or t.is_space
                   or not t.text[:1].isupper()
                   or (t.i < first and (t.pos_ == "ADJ" or t.ent_type_ == "NORP")) for t in rest):
                continue  # the knowledge-base match is the name; the rest are titles or adjectives
            if ent.label_ == "PERSON":
                continue  # a known actor inside a longer person entity: keep the known one
        toks = _strip_titles(list(ent))
        if not toks or not any(t.text[:1].isupper() for t in toks):
            continue
        name = doc[toks[0].i:toks[-1].i + 1].text
        if len(name) < 3 or len(toks) > 8:
            continue
        start, end = toks[0].i, toks[-1].i + 1
        if any(i in kb_tok for i in range(start, end)) and ent.label_ == "ORG":
            # An organisation whose name holds a known actor: known under this longer name, a
            # sub-body of it ("the Taliban Political Bureau"), or another body whose name merely
            # contains a known one ("Supreme National Security Council" is not the UN's).
            inner = next(kb_tok[i] for i in range(start, end) if i in kb_tok)
            inner_actor = reg.get(inner.actor_id)
            if inner.start == start and inner.end < end and doc[inner.end].lower_ in ("and", "&"):
                continue  # "the National Resistance Front and Herat governor ...": two parties
            aid = reg.lookup(name, published) or _known_org(doc[start:end], reg, published, kb_list)
            if aid is None and _headline(ent.sent):
                continue  # "Taliban Confirms Foreign ...": the known actor is the mention
            if aid is None:
                parent = inner.actor_id if inner.start == start or (
                    inner_actor is not None and inner_actor.kind == "country") else None
                a = reg.learn(Actor(id=slug(name), name=name, kind="organization",
                                    country=_org_country(doc[start:end], reg, kb_tok), parent=parent,
                                    sector=_sector_of(name), origin="text"), name)
                aid = a.id
            mentions = [m for m in mentions if not (start <= m.start < end)]
            mentions.append(Mention(aid, start, end, "ner"))
            continue
        if ent.label_ == "PERSON" and len(toks) == 1 and _is_place(name):
            continue  # NER calls some provinces and towns persons ("Sistan")
        if ent.label_ == "PERSON":
            aid = _resolve_person(toks, reg, persons, published)
            if aid is None and _headline(ent.sent):
                continue  # "Minister Met Rebel Leader In Tehran": a headline's capitals are no name
            if aid is None:
                a = reg.learn(Actor(id=slug(name), name=name, kind="person", origin="text"), name)
                aid = a.id
            else:
                a = reg.get(aid)
                if a is not None and a.origin == "text":
                    reg.learn(a, name)
            persons.append(([w for w in (norm_key(t.text) for t in toks) if w], aid))
        else:
            aid = reg.lookup(name, published) or _known_org(doc[start:end], reg, published, kb_list)
            if aid is None:  # NER sometimes calls a person's surname an organisation
                words = {w for w in (norm_key(t.text) for t in toks) if w}
                chained = {pid for pw, pid in persons if words and words <= set(pw)}
                aid = chained.pop() if len(chained) == 1 else None
            if aid is None:
                if name.isupper() and len(name) <= 3:
                    continue  # an unknown acronym is too weak to make an actor
                if _is_place(name):
                    continue  # NER calls some rivers, provinces and crossings organisations ("Helmand")
                if _headline(ent.sent) or len(toks) == 1 and toks[0].lower_ in _title_openers():
                    continue  # a headline's capitals; "Supreme" of "Supreme Leader"
                a = reg.learn(Actor(id=slug(name), name=name, kind="organization",
                                    country=_org_country(ent, reg, kb_tok), sector=_sector_of(name),
                                    origin="text"), name)
                aid = a.id
        mentions.append(Mention(aid, start, end, "ner"))
    mentions += _office_mentions(doc, mentions, reg, published)
    da = DocActors(doc, mentions, reg, facts.text)
    roles = learn_roles(da, doc_id, published)
    return da, roles


def _office_mentions(doc: Doc, mentions: list[Mention], reg: Registry, date: str | None) -> list[Mention]:
    """Title-only mentions of an office holder: "Iran's foreign minister", "the Taliban's
    spokesman". The office and its organisation are read from the noun phrase; the holder on
    the article's date comes from the knowledge base's dated roles (or roles learned from
    text), preferring a person the article already names."""
    by_tok = {i: m for m in mentions for i in range(m.start, m.end)}
    named = {m.actor_id for m in mentions}
    out: list[Mention] = []
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in by_tok or tok.lower_ not in OFFICE_HEADS:
            continue
        if tok.dep_ in ("compound",) and tok.head.i in by_tok or (
                tok.i + 1 < len(doc) and (nm := by_tok.get(tok.i + 1)) is not None
                and (na := reg.get(nm.actor_id)) is not None and na.kind == "person"):
            continue  # "foreign minister Zarif": the name is the mention
        if any(c.dep_ == "appos" and c.i in by_tok for c in tok.children) or (
                tok.dep_ == "appos" and tok.head.i in by_tok):
            continue
        left = [t for t in doc[tok.left_edge.i:tok.i + 1]]
        org = None
        for t in left:
            m = by_tok.get(t.i)
            if m and (a := reg.get(m.actor_id)) is not None and a.kind != "person":
                org = a.id
        if org is None:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        m = by_tok.get(p.i)
                        if m and (a := reg.get(m.actor_id)) is not None and a.kind != "person":
                            org = a.id
        if org is None:
            continue
        words = " ".join(t.text for t in left if t.i not in by_tok and not t.is_punct and t.dep_ != "det"
                         and t.tag_ != "POS")
        office = office_of(words)
        if office is None:
            continue
        holders = set(reg.kb.office_holders(org, office, date))
        if not date:
            # An undated article: a holder of the office it names (past or present) before
            # the one in office now ("Amir-Abdollahian ... the Iranian foreign minister said").
            holders |= {pid for pid, _, _ in reg.kb.holders.get((org, office), []) if pid in named}
        for a in reg.learned.values():
            if any(r.org == org and office_of(r.title) == office for r in a.roles):
                holders.add(a.id)
        preferred = holders & named
        pick = preferred if preferred else holders
        if len(pick) == 1:
            start = next((t.i for t in left if t.i not in by_tok and t.dep_ != "det" and t.tag_ != "POS"
                          and not t.is_punct), tok.i)
            out.append(Mention(pick.pop(), start, tok.i + 1, "title"))
    return out


GOVERNING_WORDS = re.compile(r"^(government|regime|administration|cabinet|authorities|foreign ministry|"
                             r"ministry of foreign affairs|foreign office)$")


def _known_org(span: Span, reg: Registry, date: str | None, doc_mentions: list[Mention]) -> str | None:
    """An organisation NER found that the KB knows under another form:
    - "<country> government/regime/foreign ministry" is whoever governs that country on the date
      (the holder of the capital as a metonym: the Afghan republic in 2019, the Taliban in 2023);
    - a KB organisation's name without its country ("Supreme National Security Council"), when
      that country is mentioned in the article;
    - a one-word misspelling of a KB alias ("Talban")."""
    kb = reg.kb
    words = [t for t in span if not t.is_punct and t.lower_ != "the"]
    if len(words) >= 2:
        country = kb.lookup(words[0].text, date)
        rest = norm_key(" ".join(t.text for t in words[1:]))
        if country in kb.actors and kb.actors[country].kind == "country" and GOVERNING_WORDS.match(rest):
            capital = next((c for c, cid in kb.capitals.items() if cid == country), None)
            ruler = kb.lookup(capital, date) if capital else None
            return ruler or country
    core = norm_key(span.text)
    org = kb.org_cores.get(core)
    if org:
        country_id = kb.iso3.get(kb.actors[org].country or "")
        if any(m.actor_id == country_id for m in doc_mentions):
            return org
    if len(words) == 1 and len(core) >= 6 and core.isalpha():
        from rapidfuzz import fuzz, process

        best = process.extractOne(core, _single_word_aliases(kb), scorer=fuzz.ratio, score_cutoff=90)
        if best and best[0][0] == core[0]:
            return kb.alias_index[best[0]]
    return None


_PERSON_NAMES: dict[int, dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]]] = {}


def _fuzzy_person(kb: KB, words: list[str]) -> str | None:
    """The one known person whose multi-word alias differs from `words` in exactly one word,
    that word nearly the same (same first letter, 5+ letters, fuzz ratio 85+)."""
    from rapidfuzz import fuzz

    if id(kb) not in _PERSON_NAMES:
        # (position k, the alias's words without word k) -> [(word k, actor id)], so that the
        # aliases equal to `words` but for word k are found with one lookup per position.
        table: dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]] = {}
        for key, aid in kb.alias_index.items():
            a = kb.actors.get(aid)
            if a is not None and a.kind == "person" and " " in key:
                cand = key.split()
                for k, c in enumerate(cand):
                    table.setdefault((k, tuple(cand[:k] + cand[k + 1:])), []).append((c, aid))
        _PERSON_NAMES[id(kb)] = table
    table = _PERSON_NAMES[id(kb)]
    hits = set()
    for k, w in enumerate(words):
        if len(w) < 5:
            continue
        for c, aid in table.get((k, tuple(words[:k] + words[k + 1:])), ()):
            if w != c and w[0] == c[0] and fuzz.ratio(w, c) >= 85:
                hits.add(aid)
    return hits.pop() if len(hits) == 1 else None


_SINGLE: dict[int, list[str]] = {}


def _single_word_aliases(kb: KB) -> list[str]:
    if id(kb) not in _SINGLE:
        _SINGLE[id(kb)] = [k for k in kb.alias_index if " " not in k and len(k) >= 5 and k not in kb.case_sensitive]
    return _SINGLE[id(kb)]


def _is_place(name: str) -> bool:
    from .places import Gazetteer, place_key

    return place_key(name) in Gazetteer.default().entries


def _sector_of(name: str) -> str | None:
    for pat, sector in SECTOR_WORDS:
        if pat.search(name):
            return sector
    return None


def _resolve_person(toks: list[Token], reg: Registry, persons: list[tuple[list[str], str]],
                    date: str | None) -> str | None:
    words = [w for w in (norm_key(t.text) for t in toks) if w]
    full = " ".join(words)
    aid = reg.lookup(full, date)
    if aid:
        return aid
    # A shorter or longer form of a person already met in this article (name chain); the
    # Arabic article ("al Ghani", "al-Masri") and small misspellings ("Staniksai") allowed.
    core = [w for w in words if w not in NAME_PARTICLES] or words
    chained = {seen_id for seen_words, seen_id in persons
               if set(core) <= set(seen_words) and len(core) < len(seen_words) or words == seen_words}
    if len(chained) == 1:
        return chained.pop()
    if len(chained) > 1:  # "Ghani" after both Ashraf Ghani and Abdul Ghani Baradar: the latest full match
        exact = [sid for sw, sid in reversed(persons) if sw == words]
        return exact[0] if exact else None
    if len(core) == 1 and len(core[0]) >= 6:
        from rapidfuzz import fuzz

        for seen_words, seen_id in reversed(persons):
            if any(len(w) >= 6 and w[0] == core[0][0] and fuzz.ratio(w, core[0]) >= 85 for w in seen_words):
                return seen_id
    # A misspelt full name of a known person ("Abbas Aragchi"): every word the same but one,
    # that one nearly the same.
    if len(words) >= 2:
        hit = _fuzzy_person(reg.kb, words)
        if hit:
            return hit
    # Sub-spans of the name against the KB ("Abdul Ghani Baradar Akund" -> "Abdul Ghani Baradar").
    if len(words) >= 3:
        for k in range(len(words) - 1, 1, -1):
            for s in range(0, len(words) - k + 1):
                aid = reg.lookup(" ".join(words[s:s + k]), date)
                if aid and (a := reg.get(aid)) is not None and a.kind == "person":
                    return aid
    return None


@lru_cache(maxsize=1)
def _title_patterns() -> list[tuple[str, Title, re.Pattern]]:
    """(word, title, the word as a whole word) for the office titles of the lexicon, in order."""
    return [(word, title, re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])"))
            for word, title in titles().items() if title.kind == "title"]


def _title_words(tokens: list[Token]) -> tuple[str, str | None]:
    """The office named by these tokens ("foreign minister", "spokesman") and its sector."""
    tt = titles()
    text = " ".join(t.lower_ for t in tokens)
    best, sector = "", None
    for word, title, pattern in _title_patterns():
        if word in text and pattern.search(text) and len(word) > len(best):
            best, sector = word, title.sector
    if not best:
        return "", None
    # The title phrase as written: office words with the modifiers right before them
    # ("Deputy Prime Minister", "foreign ministry spokesman"), without honorifics or names.
    keep: list[Token] = []
    for i, t in enumerate(tokens):
        title = tt.get(t.lower_)
        if title is not None and title.kind == "title":
            keep.append(t)
        elif t.is_alpha and t.pos_ in ("ADJ", "NOUN", "PROPN") and not t.ent_type_ and (
                title is None or title.kind != "honorific") and i + 1 < len(tokens) and (
                (nt := tt.get(tokens[i + 1].lower_)) is not None and nt.kind == "title"):
            keep.append(t)
    phrase = " ".join(t.text for t in keep) or best
    return phrase, sector


def learn_roles(da: DocActors, doc_id: str, published: str | None) -> list[tuple[str, Role]]:
    """Roles the text gives persons: 'Taliban spokesman X', 'X, Iran's ambassador in Kabul'."""
    reg = da.registry
    roles: list[tuple[str, Role]] = []
    doc = da.doc
    for m in da.mentions:
        a = reg.get(m.actor_id)
        if a is None or a.kind != "person":
            continue
        head = doc[m.end - 1]
        # Title words right before the name (back to the previous name, comma or "and"),
        # and an apposition.
        left: list[Token] = []
        i = m.start - 1
        while i >= max(0, m.start - 8, head.sent.start) and not doc[i].is_punct and doc[i].dep_ != "cc" and (
                doc[i].pos_ not in ("VERB", "AUX", "ADP", "PRON", "SCONJ", "CCONJ")) and (
                (om := da.by_token.get(i)) is None or reg.get(om.actor_id) is None
                or reg.get(om.actor_id).kind != "person" or om.how == "title"):
            left.insert(0, doc[i])
            i -= 1
        appos = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            appos.append(head.head)
        # (where the title is, where its organisation may be named)
        candidates = [(left, left)]
        if _title_words(left)[0]:
            appos = []  # the title right before the name wins over a (mis)parsed apposition
        for ap in appos:
            own = [t for t in doc[ap.left_edge.i:ap.i + 1] if not (m.start <= t.i < m.end)]
            if ap.i > head.i:
                # "X, the brother of the group's military leader Y": the title is the
                # apposition's own ("brother", none), not one inside what follows it; its
                # organisation may be named there ("the first secretary of the embassy of Iran")
                candidates.append((own, [t for t in ap.subtree if not (m.start <= t.i < m.end)]))
            else:
                candidates.append((own, own))
        for toks, org_toks in candidates:
            if not toks:
                continue
            title, sector = _title_words(toks)
            if not title:
                continue
            org = None
            for t in org_toks:
                om = da.at(t)
                if om and om.actor_id != a.id:
                    oa = reg.get(om.actor_id)
                    if oa and oa.kind != "person":
                        org = oa.id
                        break
            if org is None and not sector:
                continue
            role = Role(org=org, title=title, sector=sector or (reg.get(org).sector if org else None),
                        start=published, doc_id=doc_id, evidence=head.sent.text)
            roles.append((a.id, role))
            if a.origin == "text":
                if not any(r.title == role.title and r.org == role.org for r in a.roles):
                    a.roles.append(role)
                if org and not a.country:
                    a.country = reg.kb.country_of(org) or (reg.get(org).country if reg.get(org) else None)
                if role.sector and not a.sector:
                    a.sector = role.sector
            break
    return roles
