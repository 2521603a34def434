"""Quotes: who said what, directly (in quotation marks) or reported, and in what role.

``find_quotes(sdoc, doc_id, actors)`` reads as the algorithm (after BBC Citron's ``get_quotes``,
Newell et al. 2018)::

    stretches    = quotation marks paired within paragraphs          (_marks.quoted_stretches)
    attributions = cue + source + content, from the dependency parse (PARC 3.0: Pareti 2016)
    drafts       = direct quotes and reported clauses, each with its attribution, if any
    quotes       = drafts with speakers resolved, in document order

Attribution rules (PARC 3.0's source-cue-content triple):

* a reporting verb from ``data/speech_cues.toml`` whose ``nsubj`` is a human or institutional
  source; its ``ccomp`` is the content ("X says that ...", inverted "..., says X"). A conjoined or
  "adding that" verb shares its head's subject;
* "according to X, ..." (the content is the rest of the sentence), "X quoted Y as saying that ...",
  a copula with a cue noun ("“...,” is his judgement"), "read the statement from X";
* a direct quote takes the attribution whose content it is; else the cue right after it in the
  same sentence (when the quote does not end with a full stop: AP Stylebook, "said" after a
  quotation ending in a comma) or right before it after a colon or comma ("X said: “...”");
* a direct quote with none continues the speaker of the nearest attributed quote of its
  paragraph or, when it opens its paragraph, of the last one of the paragraph before (AP
  Stylebook, running quotations: attribution once per paragraph). Its ``cue`` is then None.

Choices (see ``docs/_quotes.md``): a mixed quote ("X says it is “very unlikely” that ...") is one
indirect quote for the reported clause, spanning the quoted fragments with their marks, which
are not given again as direct quotes; so is a partial quotation worked into its sentence
("called it a “reckless gamble”", "said that “the bridge ...”"; none when unattributed and no
clause: titles, slogans); a quote that never closes runs to its paragraph end. Sentences longer than :data:`MAX_SENTENCE_TOKENS` get no dependency rules (bounded time), and a
``Doc`` without a parse yields its direct quotes unattributed.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.symbols import PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract._marks import Marked, paragraphs, quoted_stretches
from sitroom.extract._spans import doc_text, ents_within, token_starts
from sitroom.extract._speakers import (
    CLOSING_MARKS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    Resolver,
    Speaker,
    antecedent,
    clean,
    content_words,
    is_named,
    is_source,
    mislabelled_people,
    person_names,
    phrase,
    title_words,
)
from sitroom.model import Quote, Span
from sitroom.nlp import Actors

__all__ = ["find_quotes", "load_cues", "Cues", "MAX_SENTENCE_TOKENS"]

RULE = "sitroom.quotes.v1"
MAX_SENTENCE_TOKENS = 300
"""Longer sentences (run-ons, tables, generated text) get no dependency rules."""
WINDOW = 40
"""How many tokens after or before a quotation are searched for its attribution cue."""
LOOKBACK_SENTENCES = 8
"""How far back "the statement said" looks for the sentence that says whose statement it is."""
PRONOUN_PARAGRAPHS = 3
"""A pronoun speaker resolves only to a source within this many paragraphs before it."""
BARE_CUE_TOKENS = 5
"""A cue this close after a quotation that ends its sentence, with no clause of its own, is
that quotation's attribution ("“...” Mr Berlusconi said")."""
DESCRIPTION_LOOKBACK = 1500
"""How many tokens back a definite description ("the spokesperson") looks for the fuller
phrase it repeats (a bound, so that many descriptions in a long text stay linear)."""
RUNNING_MIN_WORDS = 4
"""Shorter unattributed quotations are names or scare quotes ("Operation Just Reward"), not
running quotes: they are kept unattributed."""


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon of ``data/speech_cues.toml`` (see the comments there)."""

    verbs: frozenset[str]
    particles: dict[str, str]
    needs_document: frozenset[str]
    nouns: frozenset[str]
    documents: frozenset[str]
    sources: frozenset[str]
    channels: frozenset[str]
    person_roles: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    as_it: frozenset[str] = frozenset()
    issue_verbs: frozenset[str] = frozenset()
    document_subject: frozenset[str] = frozenset()
    finding_documents: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Attribution:
    """A cue with its source token and, for reported speech, the content's character span."""

    cue: Token
    cue_text: str
    source: Token | None
    content: tuple[int, int] | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class _Draft:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    direct: bool
    attribution: _Attribution | None
    paragraph: int
    closed: bool = True
    """For direct quotes: both marks were found (an unclosed one runs to its paragraph end)."""


@dataclass(frozen=True, slots=True)
class _Sentences:
    """Sentence bounds by token index, found once per Doc: ``Token.sent`` walks the sentence
    each time, which is quadratic on a run-on "sentence" of marks."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, sdoc: Doc, parsed: bool) -> _Sentences:
        if not parsed:
            return cls([0], [len(sdoc)])
        spans = list(sdoc.sents)
        return cls([s.start for s in spans], [s.end for s in spans])

    def bounds(self, i: int) -> tuple[int, int]:
        """``(start, end)`` token indices of the sentence holding token ``i``."""
        k = max(0, bisect_right(self.starts, i) - 1)
        return self.starts[k], self.ends[k]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read ``sitroom/data/speech_cues.toml`` once per process.

    Raises:
        tomllib.TOMLDecodeError: the bundled file is malformed.
    """
    raw = (resources.files("sitroom") / "data" / "speech_cues.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, ()))

    return Cues(
        verbs=words("verbs"),
        particles={k.lower(): v.lower() for k, v in data.get("needs_particle", {}).items()},
        needs_document=words("needs_document"),
        nouns=words("nouns"),
        documents=words("documents"),
        sources=words("sources"),
        channels=words("channels"),
        person_roles=words("person_roles"),
        titles=title_words(),
        as_it=words("as_it"),
        issue_verbs=words("issue_verbs"),
        document_subject=words("document_subject"),
        finding_documents=words("finding_documents"),
    )


def find_quotes(sdoc: Doc, doc_id: str, actors: Actors) -> list[Quote]:
    """Direct and reported quotes of ``sdoc``, in document order, speakers resolved.

    ``sdoc`` is the pipeline's output for the document's clean text; spans are character
    offsets into ``sdoc.text`` under ``doc_id``. Never raises on odd input: unbalanced marks,
    an unparsed ``Doc`` (``nlp.make_doc``) and huge paragraphs give fewer quotes, not errors.
    """
    cues = load_cues()
    text = doc_text(sdoc)  # Doc.text joins every token: read it once, shared with the other extractors
    stretches = quoted_stretches(text)
    paras = paragraphs(text)
    parsed = sdoc.has_annotation("DEP") and sdoc.has_annotation("SENT_START")
    inside = _inside_quotes(sdoc, stretches)
    attributions = _attributions(sdoc, cues, inside) if parsed else []
    sents = _Sentences.of(sdoc, parsed)
    drafts = _drafts(sdoc, text, stretches, attributions, paras, parsed, sents)
    mislabelled, mislabelled_ents = mislabelled_people(sdoc, actors) if parsed else ([], [])
    resolver = Resolver(actors, [*person_names(sdoc, cues.titles), *mislabelled] if parsed else [], cues.person_roles, cues.titles)
    persons = sorted([*(e for e in sdoc.ents if e.label_ == "PERSON"), *mislabelled_ents], key=lambda e: e.start) if parsed else []
    ctx = _Context(sdoc, text, doc_id, resolver, cues, paras, inside, parsed, [p[0] for p in paras], sents, persons, [e.start for e in persons])
    return _quotes(ctx, drafts)


# --- tokens and characters ---------------------------------------------------------------------


def _token_at(sdoc: Doc, starts: Sequence[int], char: int) -> int:
    """Index of the token holding character ``char`` (the one before it for whitespace)."""
    return max(0, min(len(sdoc) - 1, bisect_right(starts, char) - 1))


def _inside_quotes(sdoc: Doc, stretches: Sequence[Marked]) -> bytearray:
    """Per token: 1 when it lies inside a quotation (its words are the quoted speaker's)."""
    flags = bytearray(len(sdoc))
    starts = token_starts(sdoc)
    for marked in stretches:
        lo = bisect_left(starts, marked.start)
        hi = bisect_left(starts, marked.end)
        flags[lo:hi] = b"\x01" * (hi - lo)
    return flags


def _char_span(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Character span of ``tokens`` without edge punctuation, spaces and a leading "that"."""
    lo, hi = 0, len(tokens)
    while lo < hi and (
        tokens[lo].is_space or tokens[lo].is_punct or tokens[lo].dep_ == "cc" or _is_complementizer(tokens[lo])
    ):
        lo += 1
    while hi > lo and (tokens[hi - 1].is_space or tokens[hi - 1].is_punct):
        hi -= 1
    if hi <= lo:
        return None
    return tokens[lo].idx, tokens[hi - 1].idx + len(tokens[hi - 1])


def _is_complementizer(token: Token) -> bool:
    """ "that" introducing a reported clause (tagged IN whatever its dependency label)."""
    return token.lower_ == "that" and token.tag_ == "IN"


# --- attributions from the parse ---------------------------------------------------------------


def _attributions(sdoc: Doc, cues: Cues, inside: bytearray) -> list[_Attribution]:
    """Every attribution cue outside quotation marks, in token order."""
    found: list[_Attribution] = []
    for sent in sdoc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS or not _has_cue(sent, cues):
            continue
        in_sentence: list[_Attribution] = []
        for token in sent:
            if inside[token.i]:
                continue
            attribution = _verb_cue(token, cues, inside) or _according(token, cues) or _noun_cue(token, cues)
            if attribution is not None:
                in_sentence.append(attribution)
        found.extend(_nest_according(in_sentence, inside))
    return found


def _nest_according(attributions: Sequence[_Attribution], inside: bytearray) -> list[_Attribution]:
    """ "“...,” said X, according to the Post": a nested attribution (PARC 3.0). X stays the
    source; "according to the Post" becomes the channel of X's attribution. The parser may hang
    "according to" on a word inside the quotation ("X said, “...,” according to UPI"): it then
    nests in the sentence's nearest verb cue before it."""
    by_cue = {a.cue.i: a for a in attributions}
    nested: dict[int, _Attribution] = {}
    dropped: set[int] = set()
    for att in attributions:
        if att.cue_text != "according to" or att.source is None:
            continue
        head = by_cue.get(att.cue.head.i)
        if (head is None or head is att) and inside[att.cue.head.i]:
            head = next((a for a in reversed(attributions) if a.cue.i < att.cue.i and a.cue_text != "according to"), None)
        if head is not None and head is not att:
            source = att.source
            doc = source.doc
            channel = clean(doc[att.cue.i : source.right_edge.i + 1].text)
            outer = nested.get(head.cue.i, head)
            content = outer.content
            if content is not None and content[0] <= att.cue.idx < content[1]:
                # the phrase closes the reported clause: it is not part of what was said
                after = source.right_edge.i + 1
                while after < len(doc) and doc[after].idx < content[1] and (doc[after].is_punct or doc[after].is_space):
                    after += 1
                if after >= len(doc) or doc[after].idx >= content[1]:
                    first = att.cue.i
                    while first > 0 and doc[first - 1].idx >= content[0]:
                        first -= 1
                    content = _char_span(list(doc[first : att.cue.i])) or content
            nested[head.cue.i] = replace(outer, channel=outer.channel or channel, content=content)
            dropped.add(att.cue.i)
    return [nested.get(a.cue.i, a) for a in attributions if a.cue.i not in dropped]


def _has_cue(sent: SpacySpan, cues: Cues) -> bool:
    """Cheap filter: any cue lemma in the sentence (before any dependency work)."""
    return any(
        t.lemma_.lower() in cues.verbs or t.lower_ == "according" or t.lemma_.lower() in cues.nouns or t.lemma_.lower() in cues.as_it for t in sent
    )


def _subject(verb: Token, inside: bytearray | None = None) -> Token | None:
    """The verb's source: its subject, or its head's for a conjoined or "..., adding that" verb.

    A passive verb's subject is what was said or whom it was said to ("Participants were
    asked", "He is said to have fled"), never its source: the source is the agent of the
    "by" phrase ("it was announced by the ministry") or unknown (PARC 3.0 annotates the
    source of a passive cue in the agent). A relative pronoun stands for the noun its clause
    modifies ("Amnesty International, which describes it as ..."). Two subjects on one verb
    ("The leader of coalition forces in Iraq, General George Casey said") are a description
    and a name the parser failed to join as apposition: the name is the source. A subject
    inside quotation marks (``inside``) is the quoted speaker's word, not the source.
    """
    cue = verb
    for step in range(4):  # bounded walk up conjunctions
        if step and inside is not None and inside[verb.i]:
            # the parser hung the cue on a word of the quotation ("..., telling the crowd,
            # “Some people get ...”" with "telling" under "get"): the quotation's clause is not
            # the cue's; its source is the subject of the clause before it
            return _outside_subject(cue, inside)
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not (inside and inside[c.i])]
        if subjects:
            subject = subjects[-1] if len(subjects) > 1 and subjects[-1].ent_type_ == "PERSON" else subjects[0]
            if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return subject
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and step == 0:
            agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if passive and verb.dep_ == "ccomp":
            # "the officials maintained that the weapons were smuggled ... and have estimated
            # that ...": the parser joined the cue to the passive clause inside the first
            # cue's complement; the subject is that first cue's
            verb = verb.head
        elif passive:
            return None
        elif step == 0 and inside is not None and inside[verb.head.i] and (stranded := _stranded_subject(verb, inside)) is not None:
            return stranded  # "“...,” Ramos, 58, told AFP": "told" parsed as a conjunct of the quotation's verb
        elif verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG") or (verb.dep_ == "xcomp" and verb.tag_ == "VB"):
            verb = verb.head  # "..., adding that", "went on to say"
        elif verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "he began by saying", "responded by writing"
        elif verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "dative") and verb.head.head.lemma_.lower() in ADDRESSING_VERBS:
            verb = verb.head.head  # "emailed supporters saying": the participle hangs on whom the words went to
        elif verb.dep_ == "dep" and verb.tag_ == "VBD" and verb.head.pos_ == "VERB" and verb.head.i < verb.i:
            verb = verb.head  # "Trump gestured ..., then leaned in and boomed:": an unlabelled coordination
        elif step == 0 and (stranded := _stranded_subject(verb, inside) or _inverted_subject(verb, inside) or _orphan_subject(verb, inside)) is not None:
            return stranded
        else:
            return None
    return None


ADDRESSING_VERBS = frozenset({"email", "e-mail", "message", "text", "address", "write", "send", "tell", "thank", "urge", "warn", "remind", "brief", "assure"})
"""Verbs whose object is the people words went to: a participle of saying on that object
("emailed supporters saying: “...”", "wrote fans saying") reports the verb's subject, where
on other objects it may report the object's own words ("met protesters saying ...")."""


INVERTED_SCAN = 10
"""Tokens after an inverted cue ("“...,” said ...") searched for its speaker."""


def _inverted_subject(verb: Token, inside: bytearray | None) -> Token | None:
    """The speaker after an inverted cue the parser left without a subject ("“...,” said
    David Brock, a Clinton confidant who heads ...", "“...,” said Oversight ranking Democrat
    Elijah Cummings (D-Md.)"): the verb follows the closing mark (and a comma), and the
    speaker is the last noun of the words after it, up to the first punctuation or
    finite verb (or the last common noun: "said the minister"), never a date or a number."""
    if inside is None or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j < 0 or not (doc[j].text in CLOSING_MARKS or doc[j].text == "’") or not (j > 0 and inside[j - 1]):
        return None
    head: Token | None = None
    for k in range(verb.i + 1, min(len(doc), verb.i + 1 + INVERTED_SCAN)):
        token = doc[k]
        if token.is_punct and token.text not in ("-", "–") or token.is_space or token.tag_ in ("VBD", "VBZ", "VBP", "MD") or token.tag_ in ("WP", "WDT"):
            break
        if inside[k]:
            return None
        if token.ent_type_ in NOT_SPEAKER_ENTITIES:
            continue  # "said Monday"
        if token.pos_ in ("PROPN", "NOUN"):  # the phrase's head is its last noun: "Elijah Cummings", "Gaza's health ministry"
            head = token
        elif k == verb.i + 1 and token.is_alpha and token.text[:1].isupper() and not token.is_sent_start:
            head = token  # "said Skelly, explaining ...": a surname the tagger read as an adverb
    return head


NOT_SPEAKER_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _outside_subject(cue: Token, inside: bytearray) -> Token | None:
    """For a participle or conjunct cue the parser hung inside a quotation: the subject of
    the nearest verb before the cue, in its sentence and outside quotation marks ("Clinton
    seemed ready ..., telling the crowd, “...”" gives Clinton). Only for a participle
    (", telling", ", writing") or a past-tense conjunct with no subject of its own."""
    if cue.tag_ not in ("VBG", "VBD") or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    doc = cue.doc
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        token = doc[i]
        if inside[i]:
            return None  # a quotation between: its words are not the cue's clause
        if token.dep_ == "nsubj" and token.head.i < cue.i and not inside[token.head.i] and token.head.pos_ in ("VERB", "AUX"):
            return token
    return None


def _orphan_subject(verb: Token, inside: bytearray | None) -> Token | None:
    """The name right before a finite main verb the parser left without a subject ("In a
    statement to the Observer, his senior policy adviser, Mark Lee, said:" with the name
    hung on "the Observer"): the nearest person named before the verb in its sentence,
    with only commas between them, outside quotation marks."""
    if verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    i = verb.i - 1
    while i >= verb.sent.start and (doc[i].text == "," or doc[i].is_space):
        i -= 1
    if i < verb.sent.start or (inside is not None and inside[i]) or doc[i].ent_type_ != "PERSON":
        return None
    return doc[i]


def _stranded_subject(verb: Token, inside: bytearray | None) -> Token | None:
    """The name between a closing quotation mark and the cue verb when the parser hung it
    inside the quotation ("“...,” Gene Sperling, a top adviser, said": the parse makes
    "Sperling" an attribute of the quoted clause and leaves "said" without a subject). The
    first name after the mark; its last word."""
    if inside is None or not (verb.tag_ in ("VBD", "VBZ", "VBP") or (verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children))):
        return None  # a past participle with no auxiliary is the parser's reading of a past tense ("Trump barked")
    sent_start = verb.sent.start
    doc = verb.doc
    if sent_start > 0 and doc[sent_start - 1].text in ("”", '"', "''"):
        sent_start -= 1  # "“... it!” Murphy, the head of ..., tweeted": the mark ended the parser's sentence
    i = verb.i - 1
    lo = max(sent_start, verb.i - 16)
    while i >= lo and not inside[i] and doc[i].text not in ("”", '"', "’", "''"):
        i -= 1
    if i < lo or i == verb.i - 1:
        return None
    for j in range(i + 1, verb.i):
        token = doc[j]
        if token.ent_type_ in ("PERSON", "ORG") or token.pos_ == "PROPN":
            end = j
            while end + 1 < verb.i and (doc[end + 1].pos_ == "PROPN" or (doc[end + 1].ent_iob_ == "I" and doc[end + 1].ent_type_ == token.ent_type_)):
                end += 1
            return doc[end]
        if token.pos_ not in ("PUNCT", "SPACE"):
            return None  # "“...,” the minister said" is parsed right: this is for names only
    return None



def _verb_cue(token: Token, cues: Cues, inside: bytearray | None = None) -> _Attribution | None:
    """A reporting verb with a human or institutional subject (PARC 3.0 cue verbs)."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma in cues.as_it and _as_it(token):
        source = _subject(token, inside)
        if source is None or not is_source(source, cues.sources, cues.documents):
            return None
        return _Attribution(token, _cue_text(token, None), source)
    if token.pos_ not in ("VERB", "AUX") or lemma not in cues.verbs:
        return None
    particle = cues.particles.get(lemma)
    if particle and not any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in token.children):  # "shot back" (advmod)
        return None
    if lemma == "quote":
        return _quoted_as_saying(token, cues)
    source = _subject(token, inside)
    if lemma in cues.needs_document:
        source = _document_argument(token, cues)
    elif lemma in cues.document_subject and (source is None or source.lemma_.lower() not in cues.finding_documents):
        return None  # "police found a weapon", "the poll found that 55 percent ...": "find" reports only a report's or an inquiry's words
    if source is None or not (is_source(source, cues.sources, cues.documents) or _speaking_noun(token, source)):
        return None
    content = _complement(token)
    channel, right_after = _channel(token, cues)
    cue_text = _cue_text(token, channel if right_after else None)
    return _Attribution(token, cue_text, source, content, clean(channel) if channel else None)


PLAIN_SPEECH = frozenset({"say", "tell", "write", "add", "state", "declare", "announce", "explain", "continue", "reply", "respond", "insist", "argue", "recall", "tweet", "ask"})
"""Verbs that report words and nothing else: whatever noun is their subject spoke ("the aide
said", "the editorial board wrote"; PARC 3.0 takes the subject of a cue as its source)."""


def _speaking_noun(verb: Token, source: Token) -> bool:
    """A common-noun subject of a finite plain verb of saying that is not in the source list
    ("the aide said", "the Republican presidential candidate said", "one person tweeted"); a
    participle's subject is no such source ("bargaining with the kidnappers saying, “...”")."""
    finite = verb.tag_ in ("VBD", "VBZ", "VBP") or (verb.tag_ == "VB" and any(c.dep_ == "aux" for c in verb.children))
    return finite and verb.lemma_.lower() in PLAIN_SPEECH and source.pos_ in ("NOUN", "PROPN") and source.dep_ in ("nsubj", "pobj")


def _as_it(verb: Token) -> bool:
    """"as X put it": the verb takes "it" as its object in a clause opened by "as"."""
    return any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) and any(c.dep_ in ("mark", "advmod") and c.lower_ == "as" for c in verb.children)


def _document_argument(verb: Token, cues: Cues) -> Token | None:
    """For "read": the document noun it takes ("read the statement", "the letter read", "a
    sign that read")."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.tag_ == "WDT" and verb.dep_ == "relcl":
            child = verb.head
        if child.dep_ in ("nsubj", "dobj", "nsubjpass", "attr", "appos", "pobj") and child.lemma_.lower() in cues.documents:
            return child
    return None


def _complement(verb: Token) -> tuple[int, int] | None:
    """Character span of the verb's clausal complement (``ccomp``), the reported content."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            return _char_span(list(child.subtree))
    return None


def _channel(verb: Token, cues: Cues) -> tuple[str | None, bool]:
    """The medium phrase ("in an interview with CNN") and whether it directly follows the verb."""
    for child in verb.rights:
        if child.dep_ != "prep":
            continue
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if objects and objects[0].lemma_.lower() in cues.channels:
            text = child.doc[child.i : child.right_edge.i + 1].text
            between = child.doc[verb.i + 1 : child.i]
            return text, all(t.is_space or t.dep_ == "prt" for t in between)
    return None, False


def _cue_text(verb: Token, channel: str | None) -> str:
    """The cue as written: the verb with its particle ("pointed out"), the audience of "told"
    ("told CNN") and a medium phrase right after it ("said in a statement")."""
    parts = [verb.text]
    for child in verb.rights:
        if child.dep_ == "prt":
            parts.append(child.text)
        if verb.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and child.i == verb.i + 1:
            parts.append(child.doc[child.i : child.right_edge.i + 1].text)
    if channel:
        parts.append(channel)
    return clean(" ".join(parts))


def _quoted_as_saying(verb: Token, cues: Cues) -> _Attribution | None:
    """ "A report quoted Y as saying that ..." / "Y was quoted (as) saying ...": Y is the source."""
    saying = next(
        (
            g
            for c in verb.rights
            if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children
            if g.lemma_.lower() == "say"
        ),
        None,
    ) or next((c for c in verb.rights if c.lemma_.lower() == "say" and c.tag_ == "VBG"), None)  # "is quoted saying"
    if saying is None:
        return None
    source = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if source is None or not is_source(source, cues.sources, cues.documents):
        return None
    medium = next((c for c in verb.lefts if c.dep_ == "nsubj"), None)
    channel = clean(verb.doc[medium.left_edge.i : medium.right_edge.i + 1].text) if medium is not None else None
    return _Attribution(verb, f"{verb.text} … as {saying.text}", source, _complement(saying), channel)


def _according(token: Token, cues: Cues) -> _Attribution | None:
    """ "according to X, ...": X is the source, the rest of the clause it modifies the content."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "to":
        return None
    source = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
    if source is None or not is_source(source, cues.sources, cues.documents):
        return None
    clause = list(token.head.subtree) if token.head != token else list(token.sent)
    lo, hi = token.left_edge.i, token.right_edge.i + 1
    before = [t for t in clause if t.i < lo]
    after = [t for t in clause if t.i >= hi]
    if not _has_words(before, skip_adverbials=True):
        content = _char_span(after)
    elif not _has_words(after, skip_adverbials=False):
        content = _char_span(before)
    else:  # "X, according to Y, did Z": the clause it modifies, attribution included
        content = _char_span(clause)
    return _Attribution(token, "according to", source, content)


def _has_words(tokens: Sequence[Token], *, skip_adverbials: bool) -> bool:
    """Whether ``tokens`` hold a word that is not a conjunction (or a sentence adverb)."""
    for t in tokens:
        if t.is_punct or t.is_space or t.dep_ == "cc":
            continue
        if skip_adverbials and t.dep_ == "advmod" and t.head.i >= t.i:
            continue
        return True
    return False


def _noun_cue(token: Token, cues: Cues) -> _Attribution | None:
    """A copula with a cue noun and its owner: "“...,” is his judgement", "“...,” was the view
    of Rohan Gumaratna" (the noun as subject or attribute; the owner a possessor or the object
    of "of")."""
    if token.lemma_.lower() != "be":
        return None
    noun = next((c for c in token.children if c.dep_ in ("nsubj", "attr") and c.lemma_.lower() in cues.nouns), None)
    if noun is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if owner is None or not is_source(owner, cues.sources, cues.documents):
        return None
    lo, hi = min(token.i, noun.left_edge.i), max(token.i, noun.i) + 1
    return _Attribution(token, clean(token.doc[lo:hi].text), owner, _complement(token))


# --- drafts: quotations matched with attributions ------------------------------------------------


def _drafts(
    sdoc: Doc,
    text: str,
    stretches: Sequence[Marked],
    attributions: Sequence[_Attribution],
    paras: Sequence[tuple[int, int]],
    parsed: bool,
    sents: _Sentences,
) -> list[_Draft]:
    """Direct quotes and reported clauses, each with the attribution found for it (or None)."""
    para_starts = [p[0] for p in paras]

    def para_of(char: int) -> int:
        return max(0, bisect_right(para_starts, char) - 1)

    owner: dict[int, _Attribution] = {}
    fragments: set[int] = set()
    drafts: list[_Draft] = []
    opens = [m.open for m in stretches]
    for att in attributions:
        if att.content is None:
            continue
        lo, hi = att.content
        first = bisect_left(opens, lo)
        while first > 0 and stretches[first - 1].outer_end > lo:
            first -= 1
        touched = []
        for k in range(first, min(len(stretches), first + WINDOW)):
            if stretches[k].open >= hi:
                break
            touched.append(k)
        if touched and not _has_residue(text, lo, _before_trailer(text, hi, stretches[touched[-1]]), [stretches[k] for k in touched]):
            for k in touched:
                owner.setdefault(k, att)
            continue
        fragments.update(touched)
        lo = min([lo, *(stretches[k].open for k in touched)])
        hi = max([hi, *(stretches[k].outer_end for k in touched)])
        drafts.append(_Draft(lo, hi, False, att, para_of(lo)))
    starts = token_starts(sdoc)
    by_cue = {att.cue.i: att for att in attributions}
    for k, marked in enumerate(stretches):
        if k in fragments:
            continue
        if _is_fragment(sdoc, starts, text, marked):
            # "“The bullying,” Fox's Chris Wallace said": a short utterance handed to its cue by
            # the comma inside its closing mark is a quotation all the same (AP Stylebook)
            said = owner.get(k) or (_cue_after(sdoc, text, starts, stretches, k, by_cue, sents) if parsed and text[marked.start : marked.end].rstrip().endswith((",", "?", "!")) else None)
            if said is None or _worked_in(sdoc, text, starts, marked):
                continue
            drafts.append(_Draft(marked.start, marked.end, True, said, para_of(marked.start), marked.closed))
            continue
        att = owner.get(k)
        if att is None and parsed:
            att = _cue_after(sdoc, text, starts, stretches, k, by_cue, sents)
            att = att or _cue_before(sdoc, text, starts, stretches, k, by_cue, sents)
            att = att or _cue_governing(sdoc, starts, marked, by_cue, sents)
            att = att or _colon_intro(sdoc, text, starts, stretches, k, sents)
            att = att or _name_colon(sdoc, text, starts, marked, paras[para_of(marked.start)][0])
            att = att or _sign_off(sdoc, text, starts, marked, paras, para_of(marked.start))
        if parsed and _worked_in(sdoc, text, starts, marked):
            # a partial quotation: part of what its source is reported to have said, never a
            # running quote; unattributed and no clause, it is a title, a slogan, scare quotes
            if att is not None or _is_clause(sdoc, starts, text, marked):
                drafts.append(_Draft(marked.start, marked.end, False, att, para_of(marked.start), marked.closed))
            continue
        drafts.append(_Draft(marked.start, marked.end, True, att, para_of(marked.start), marked.closed))
    drafts.sort(key=lambda d: (d.start, d.end))
    return drafts


def _is_fragment(sdoc: Doc, starts: Sequence[int], text: str, marked: Marked) -> bool:
    """A short quoted phrase with no verb is no quote of its own: scare quotes, names,
    titles, single words ("“horrific”", "“Golf Bravo 8-1”"; the dev-set guidelines, after
    PARC 3.0, which annotates attributed propositions, not quoted words). It stays part of any
    reported clause around it. Short clauses ("“We will win.”") are kept."""
    if len(text[marked.start : marked.end].split()) >= RUNNING_MIN_WORDS:
        return False
    lo = bisect_left(starts, marked.start)
    hi = bisect_left(starts, marked.end)
    return not any(sdoc[i].pos_ in ("VERB", "AUX") for i in range(lo, hi))


def _worked_in(sdoc: Doc, text: str, starts: Sequence[int], marked: Marked) -> bool:
    """A partial quotation worked into the sentence: its opening mark follows a word of the
    same paragraph with no punctuation between ("called it a “paperwork error”", "said that
    “the talks ...”", "the crowd's chants of “...”"). Its words belong to the reporting
    sentence, which says them in its own syntax: a mixed quote (PARC 3.0), not a direct
    quotation of its own (AP Stylebook, partial quotes). A quotation opening right after a verb
    ("she yelled “Stay back!”", a comma left out) or after the one a speech verb addresses
    ("told reporters “...”") is the direct quotation that verb introduces."""
    j = marked.open - 1
    while j >= 0 and text[j] in " \t\xa0":
        j -= 1
    if j < 0 or not text[j].isalnum():
        return False
    before = sdoc[_token_at(sdoc, starts, j)]
    if before.pos_ == "VERB":
        return False
    # "told reporters “...”", "asked the crowd “...”": after the one a speech verb addresses
    return not (before.dep_ in ("dobj", "dative") and before.head.lemma_.lower() in ADDRESSING)


ADDRESSING = frozenset({"tell", "ask", "assure", "inform", "remind"})
"""Speech verbs whose object is the addressee ("told reporters"), not what was said."""


def _is_clause(sdoc: Doc, starts: Sequence[int], text: str, marked: Marked) -> bool:
    """A quotation of :data:`RUNNING_MIN_WORDS` words or more holding a verb."""
    if len(text[marked.start : marked.end].split()) < RUNNING_MIN_WORDS:
        return False
    lo, hi = bisect_left(starts, marked.start), bisect_left(starts, marked.end)
    return any(sdoc[i].pos_ in ("VERB", "AUX") for i in range(lo, hi))


def _before_trailer(text: str, hi: int, last: Marked) -> int:
    """ "X said, “..., I wouldn't be doing my job,” on the topic of ...": a quotation that ends
    in a comma inside its closing mark goes on into the attribution (AP Stylebook, quotation
    marks), so the words the parser hung after it are no part of what was said: the content
    ends at that mark."""
    if last.close is not None and last.end < hi and text[last.start : last.end].rstrip().endswith(","):
        return last.outer_end
    return hi


def _has_residue(text: str, lo: int, hi: int, stretches: Sequence[Marked]) -> bool:
    """Whether the content ``text[lo:hi]`` says more than its quotations (a mixed quote)."""
    lo = min(lo, stretches[0].open)
    pieces, at = [], lo
    for marked in stretches:
        pieces.append(text[at : marked.open])
        at = max(at, marked.outer_end)
    pieces.append(text[at:hi])
    words = " ".join(pieces).split()
    return any(any(ch.isalnum() for ch in w) and w.lower() != "that" for w in words)


def _cue_after(
    sdoc: Doc,
    text: str,
    starts: Sequence[int], stretches: Sequence[Marked], k: int, by_cue: dict[int, _Attribution], sents: _Sentences
) -> _Attribution | None:
    """ "“...,” X said". A quotation ending in a full stop normally takes no attribution after
    it (AP Stylebook); a bare attribution right after it still does ("“... clarified.” Mr
    Berlusconi said, ..."): a cue within :data:`BARE_CUE_TOKENS` tokens of the closing mark with
    no reported clause of its own."""
    marked = stretches[k]
    if marked.close is None:
        return None
    i = _token_at(sdoc, starts, marked.close) + 1
    while i < len(sdoc) and sdoc[i].is_space:
        i += 1
    if i >= len(sdoc) or "\n\n" in text[marked.close : sdoc[i].idx]:
        return None
    full_stop = text[marked.end - 1] == "." and text[max(0, marked.end - 3) : marked.end] != "..."
    limit = stretches[k + 1].open if k + 1 < len(stretches) else len(text)
    sent_end = sents.bounds(i)[1]
    candidates = [by_cue[j] for j in range(i, min(sent_end, i + WINDOW)) if j in by_cue and sdoc[j].idx < limit]
    if full_stop or sdoc[i].is_sent_start:
        candidates = [a for a in candidates if a.content is None and (a.cue.i - i < BARE_CUE_TOKENS or _named_then_cue(a, i))]
    if not candidates:
        return None
    quoted = sdoc[_token_at(sdoc, starts, marked.end - 1)]
    governing = [a for a in candidates if a.cue in quoted.ancestors]
    return (governing or candidates)[0]


def _named_then_cue(attribution: _Attribution, first: int) -> bool:
    """ "“...!” Murphy, the head of Right to Rise USA, tweeted": a bare attribution whose source
    opens right after the quotation and whose cue follows it past only the source's appositive
    (or age) and commas."""
    source, cue = attribution.source, attribution.cue
    if source is None or not first <= source.i < first + BARE_CUE_TOKENS or source.i >= cue.i:
        return False
    doc = cue.doc
    described = {t.i for c in source.children if c.dep_ in ("appos", "amod", "nummod") and c.i > source.i for t in c.subtree}
    return all(doc[j].is_punct or j in described or doc[j].pos_ == "PROPN" for j in range(source.i + 1, cue.i)) and cue.i - source.i <= WINDOW


def _cue_before(
    sdoc: Doc,
    text: str,
    starts: Sequence[int], stretches: Sequence[Marked], k: int, by_cue: dict[int, _Attribution], sents: _Sentences
) -> _Attribution | None:
    """ "X said: “...”": the nearest cue before the opening mark, which follows ":" or ","."""
    marked = stretches[k]
    o = _token_at(sdoc, starts, marked.open)
    j = o - 1
    while j >= 0 and sdoc[j].is_space:
        j -= 1
    if j >= 0 and sdoc[j].text == "." and "\n" not in text[sdoc[j].idx : marked.open]:
        return _bare_cue_before(sdoc, j, by_cue, sents)  # "X said in a statement. “...”"
    if j < 0 or "\n\n" in text[sdoc[j].idx : marked.open] or sdoc[o].is_sent_start and sdoc[j].text not in ":,":
        return None
    if sdoc[j].text not in (":", ",", "—") and j not in by_cue:
        return None
    floor = stretches[k - 1].outer_end if k > 0 else 0
    sent_start = sents.bounds(j)[0]
    for i in range(j, max(sent_start, j - WINDOW) - 1, -1):
        if sdoc[i].idx < floor:
            break
        if i in by_cue:
            return by_cue[i]
    return None


BARE_BEFORE_TOKENS = 6
"""A cue this close to the end of the sentence before a quotation, with nothing reported
after it ("X said in a statement."), introduces that quotation."""


def _bare_cue_before(sdoc: Doc, stop: int, by_cue: dict[int, _Attribution], sents: _Sentences) -> _Attribution | None:
    """ "Sam Lau, the party's spokesman, said in a statement. “There are no ballots ...”": a
    sentence that ends with a speech verb reporting nothing (no complement) introduces the
    quotation that follows it, as a colon would."""
    lo, _ = sents.bounds(stop)
    for i in range(stop - 1, max(lo, stop - BARE_BEFORE_TOKENS) - 1, -1):
        att = by_cue.get(i)
        if att is not None:
            return att if att.content is None and att.cue.dep_ == "ROOT" else None
    return None


AUDIENCES = frozenset({"reporter", "journalist", "audience", "crowd", "supporter", "viewer", "listener", "press", "media"})
"""Whom a speaker addresses before a colon ("told reporters:")."""


def _colon_intro(sdoc: Doc, text: str, starts: Sequence[int], stretches: Sequence[Marked], k: int, sents: _Sentences) -> _Attribution | None:
    """ "Cruz continued:" / "The senator released the following statement:" then “...”: a
    quotation opening right after a colon, in the same paragraph or at the start of the next,
    is said by the subject of the clause the colon ends, when that subject is a person, a
    pronoun or an institution (the colon introduces what follows; no speech verb needed).
    After a comma, only a document the subject puts out ("issued a statement, “...”")."""
    marked = stretches[k]
    before = text[max(0, marked.open - 200) : marked.open]
    stripped = before.rstrip()
    if not stripped.endswith((":", ",")) or before[len(stripped) :].count("\n") > 2:
        return None
    colon = _token_at(sdoc, starts, marked.open - len(before) + len(stripped) - 1)
    if sdoc[colon].text not in (":", ",") or (k > 0 and stretches[k - 1].outer_end > sdoc[colon].idx):
        return None
    lo, _ = sents.bounds(colon)
    head = sdoc[colon].head
    verb = head if head.pos_ in ("VERB", "AUX") and head.i < colon else sdoc[lo:colon].root  # not a verb of the quotation the parse hung the colon on
    if verb.pos_ not in ("VERB", "AUX") or not lo <= verb.i < colon:
        return None
    cues = load_cues()
    last = next((t for t in reversed(sdoc[lo:colon]) if not t.is_punct and not t.is_space), None)
    if last is None:
        return None
    if sdoc[colon].text == ":" and (reported := _as_cue_in(sdoc[lo:colon], cues)) is not None:
        return reported
    if sdoc[colon].text == ",":
        # "Trump issued a statement, “...”": only a document the verb puts out, just before the comma
        if not (last.lemma_.lower() in cues.documents and last.dep_ == "dobj" and last.head == verb and verb.lemma_.lower() in cues.issue_verbs):
            return None
    elif (
        verb.lemma_.lower() not in cues.verbs
        and last.pos_ in ("NOUN", "PROPN")
        and last.lemma_.lower() not in cues.nouns | cues.documents | cues.channels | AUDIENCES
        and not any(c.dep_ == "dobj" and c.lemma_.lower() in cues.nouns | cues.documents for c in verb.children)  # "delivered a blunt message to X:"
        and not (_person_subject(verb) and _quoted_sentence(sdoc, starts, marked))
    ):
        # "joined leaders for the signing of the Compact: “a road-map for donors”": the colon
        # defines a noun. But a person's clause ending in a colon, then a whole sentence with
        # its own subject, gives that person's words ("contrasted its leader with Mayor Holt:
        # “What we have built here is a fair deal.”")
        return None
    # (a speech verb's colon introduces its words whatever comes before it: "told his audience, to rowdy applause:")
    source = _subject(verb)
    if source is None or not is_source(source, cues.sources, cues.documents):
        return None
    return _Attribution(verb, verb.text, source)


def _person_subject(verb: Token) -> bool:
    """The verb's subject (through conjunctions) is a person: a PERSON entity, a personal
    pronoun or a proper noun of no other entity type (a surname the NER missed)."""
    subject = _subject(verb)
    if subject is None:
        return False
    return subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she", "i", "we") or (subject.pos_ == "PROPN" and not subject.ent_type_)


QUOTE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _quoted_sentence(sdoc: Doc, starts: Sequence[int], marked: Marked) -> bool:
    """The quotation opens with a whole clause: its first word's top ancestor inside the marks
    is a verb with a subject of its own ("What we have built is ...", "I saw how ..."), not a
    noun phrase ("a road-map for donors")."""
    lo, hi = bisect_left(starts, marked.start), bisect_left(starts, marked.end)
    if hi - lo < RUNNING_MIN_WORDS:
        return False
    token = sdoc[lo]
    for _ in range(WINDOW):
        if token.head == token or not lo <= token.head.i < hi:
            break
        token = token.head
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ in QUOTE_SUBJECTS for c in token.children)


def _as_cue_in(clause: SpacySpan, cues: Cues) -> _Attribution | None:
    """ "As the Herald reported, the ministry refused to comment: “...”": the colon's clause
    is itself someone's report ("as X reported/observed/noted"), and the quotation it
    introduces is that source's words."""
    for token in clause:
        if token.pos_ == "VERB" and token.lemma_.lower() in cues.verbs and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            source = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if source is not None and is_source(source, cues.sources, cues.documents):
                return _Attribution(token, token.text, source)
    return None


NAME_COLON_TOKENS = 8
"""Longest "NAME:" that opens a paragraph as its speaker label."""


def _name_colon(sdoc: Doc, text: str, starts: Sequence[int], marked: Marked, para_start: int) -> _Attribution | None:
    """ "Fallin: Trump Is ‘Trying To Campaign As A Racial Healer’" (a headline), "Dana Lee, The
    Harbor Times: “...”" (a roundup; also after the item's headline and a dash), "SMITH: “...”"
    (a transcript): a paragraph that opens with a short name and a colon gives that name as
    the speaker of its quotations. The label has
    no verb (but for an inverted cue before the name: "Continued Stone:") and holds a person
    or an organisation (a named entity or a proper noun); it may stand alone in the paragraph
    before the quotation."""
    colon_at = text.find(":", para_start, marked.open)
    if colon_at < 0 and not text[para_start : marked.open].strip() and para_start > 0:
        # the label alone in the paragraph before ("Stated Stone:" then the quotation)
        before = text[: para_start].rstrip()
        if before.endswith(":"):
            colon_at = len(before) - 1
            para_start = before.rfind("\n") + 1
    if colon_at < 0:
        return None
    dash = max(text.rfind(d, para_start, colon_at) for d in (" - ", " – ", " — "))
    if dash >= 0:  # "RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: “...”": a roundup's item, headline then name
        para_start = dash + 3
    first, colon = _token_at(sdoc, starts, para_start), _token_at(sdoc, starts, colon_at)
    while first < colon and sdoc[first].is_space:
        first += 1
    if first < colon and sdoc[first].lemma_.lower() in load_cues().verbs and sdoc[first].text[:1].isupper():
        first += 1  # "Stated Stone:", "Continued Stone:": an inverted attribution
    label = sdoc[first:colon]
    if not 0 < len(label) <= NAME_COLON_TOKENS or sdoc[colon].text != ":" or any(t.pos_ in ("VERB", "AUX") or t.is_space for t in label):
        return None
    source = _label_source(label, capitalised_max=4)
    return _Attribution(sdoc[colon], ":", source) if source is not None else None


def _label_source(label: SpacySpan, *, capitalised_max: int) -> Token | None:
    """The speaker a short verbless label names ("Dana Lee, The Harbor Times", "Bernie
    Sanders"): its first person or organisation entity, else, for a label of at most
    ``capitalised_max`` words all capitalised and none a place or date, its last word; none
    for a label of :data:`NOT_NAME_LABELS` ("Update", "Editor's note")."""
    if any(t.lower_ in NOT_NAME_LABELS for t in label):
        return None
    people = [e for e in ents_within(label) if e.label_ in ("PERSON", "ORG")]
    if people:
        return people[0].root
    capitalised = len(label) <= capitalised_max and all(
        t.is_punct or (t.text[:1].isupper() and t.ent_type_ not in ("GPE", "LOC", "NORP", "DATE", "EVENT")) for t in label
    )
    return label[-1] if capitalised else None


_SIGN_OFF_DASH = re.compile(r"\s*[-–—]{1,2}\s*")


def _sign_off(sdoc: Doc, text: str, starts: Sequence[int], marked: Marked, paras: Sequence[tuple[int, int]], p: int) -> _Attribution | None:
    """ "“...”" ending its paragraph, then a paragraph "- Bernie Sanders." or "— Filippo Grandi,
    UN High Commissioner for Refugees": a sign-off line under a quotation (op-eds, roundups,
    collected quotes) names its speaker: a short verbless name after a dash, up to a comma."""
    if p + 1 >= len(paras) or text[marked.outer_end : paras[p][1]].strip(" .,;\"”’'\n"):
        return None
    lo, hi = paras[p + 1]
    dash = _SIGN_OFF_DASH.match(text, lo, hi)
    if dash is None or dash.end() >= hi:
        return None
    first = _token_at(sdoc, starts, dash.end())
    end = first
    while end < len(sdoc) and sdoc[end].idx < hi and sdoc[end].text not in (",", ".", ";", ":", "(") and not sdoc[end].is_space:
        end += 1
    label = sdoc[first:end]
    if not 0 < len(label) <= NAME_COLON_TOKENS or any(t.pos_ in ("VERB", "AUX") for t in label):
        return None
    source = _label_source(label, capitalised_max=NAME_COLON_TOKENS)
    return _Attribution(sdoc[first], "—", source) if source is not None else None


NOT_NAME_LABELS = frozenset(
    {"update", "updated", "note", "correction", "watch", "breaking", "exclusive", "live", "photo", "video", "related", "read", "source", "sources", "credit", "advertisement", "transcript", "question", "answer", "q", "a", "editor", "fact", "facts", "opinion", "analysis", "warning", "summary", "background"}
)
"""Words of labels that open a paragraph with a colon but name no speaker ("Update:", "Editor's note:")."""


def _cue_governing(
    sdoc: Doc, starts: Sequence[int], marked: Marked, by_cue: dict[int, _Attribution], sents: _Sentences
) -> _Attribution | None:
    """ "X described him as “...”", "X, who called it a “...”": the quotation is an argument
    of the cue verb, with no comma or colon between them (PARC 3.0: the content is whatever the
    cue governs). The cue is the nearest ancestor, within the quotation's sentence, of the
    quotation's first word."""
    i = _token_at(sdoc, starts, marked.start)
    lo, hi = sents.bounds(i)
    token = sdoc[i]
    for _ in range(WINDOW):
        if token.head == token or not lo <= token.head.i < hi:
            return None
        token = token.head
        if token.i in by_cue and not marked.open <= token.idx < marked.end:
            return by_cue[token.i]
    return None


# --- speakers and records ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What speaker resolution needs about the document, computed once."""

    sdoc: Doc
    text: str
    doc_id: str
    resolver: Resolver
    cues: Cues
    paras: Sequence[tuple[int, int]]
    inside: bytearray
    parsed: bool
    para_starts: list[int]
    sents: _Sentences
    persons: Sequence[SpacySpan] = ()
    """The PERSON entities of the document, in order (read once: ``Span.ents`` walks them all)."""
    person_starts: Sequence[int] = ()
    """Their first tokens, for bisection."""


def _quotes(ctx: _Context, drafts: Sequence[_Draft]) -> list[Quote]:
    """Resolve speakers in document order, then carry them over to unattributed quotations."""
    if not drafts:
        return []
    found = _role_holders(ctx)
    known = set(ctx.resolver.persons)
    extra = [h.name for _, h, _ in found if h.name and h.name not in known]
    if extra:  # surnames expand to names written after a role word too ("Italian journalist Giuliana Sgrena")
        ctx = replace(ctx, resolver=replace(ctx.resolver, persons=[*ctx.resolver.persons, *extra]))
    holders = [(o, h) for o, h, _ in found]
    speakers: list[Speaker | None] = [None] * len(drafts)
    pronouns: list[int] = []
    for n, draft in enumerate(drafts):  # named sources first, in any order
        source = draft.attribution.source if draft.attribution is not None else None
        if source is None:
            continue
        if source.pos_ == "PRON":
            pronouns.append(n)
        else:
            speakers[n] = _speaker(ctx, draft, [], holders)
    named = [(s.start, s) for s in speakers if s is not None and s.name]
    subjects = [(o, h) for o, h, subject in found if subject]
    history = sorted(subjects + named, key=lambda pair: pair[0])
    for n in pronouns:  # then pronouns, against every named source before them
        speakers[n] = _speaker(ctx, drafts[n], history, holders)
    speakers = _described_sources(ctx, drafts, speakers)
    speakers = _persistent_roles(speakers, holders)
    quotes = [_record(ctx, d, s) for d, s in zip(drafts, speakers, strict=True)]
    quotes = _running_quotes(ctx.text, drafts, quotes, ctx.paras)
    return _introduced_quotes(ctx, drafts, quotes)


def _introduced_quotes(ctx: _Context, drafts: Sequence[_Draft], quotes: list[Quote]) -> list[Quote]:
    """An unattributed direct quotation that opens a sentence right after one whose main
    clause has a named person as its subject, with no quotation in it, is that person's
    ("Ruiz continued his attack on the plan. “It will ruin the port.”"; "Ruiz was quick to add
    that ... ⏎ “...”"): the sentence introduces the speaker, as a colon would (PARC 3.0 takes
    the source from the context). Only persons: a group or a description is not given words.
    Running quotations after it then continue this speaker (AP Stylebook)."""
    if not ctx.parsed:
        return quotes
    out = list(quotes)
    starts = token_starts(ctx.sdoc)
    for n, draft in enumerate(drafts):
        q = out[n]
        if not draft.direct or q.speaker_text is not None or not _running_sized(q.text):
            continue
        speaker = _introducing_subject(ctx, starts, draft)
        if speaker is None:
            continue
        out[n] = _record(ctx, replace(draft, attribution=None), speaker)
        # the running quotations that follow in its paragraph, or open the next ones
        for m in range(n + 1, len(drafts)):
            later = drafts[m]
            if not later.direct or out[m].speaker_text is not None or later.paragraph > draft.paragraph + 2:
                break
            if not _running_sized(out[m].text):
                continue
            out[m] = _record(ctx, later, speaker)
    return out


def _introducing_subject(ctx: _Context, starts: Sequence[int], draft: _Draft) -> Speaker | None:
    """The named person subject of the sentence just before the quotation's opening mark."""
    sdoc, text = ctx.sdoc, ctx.text
    j = draft.start - 2  # before the opening mark
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] not in ".!?" or text[j + 1 : draft.start].count("\n") > 2:
        return None  # no sentence right before it, or a paragraph between
    end = _token_at(sdoc, starts, j)
    lo, _ = ctx.sents.bounds(end)
    if any(ctx.inside[i] for i in range(lo, end + 1)) or any(t.text in ("“", "”", '"') for t in sdoc[lo : end + 1]):
        return None
    root = sdoc[lo : end + 1].root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    cues = load_cues()
    if root.lemma_.lower() in cues.issue_verbs and any(c.dep_ == "dobj" and c.lemma_.lower() in cues.documents for c in root.children):
        # "The committee issued a statement apologising to the families. ⏎ “...”": the words
        # of the statement follow; an institution puts out statements, so any source will do
        if not is_source(subject, cues.sources, cues.documents):
            return None
        speaker = ctx.resolver.resolve(subject)
        return speaker if speaker.name or speaker.text else None
    if not (subject.ent_type_ == "PERSON" or subject.pos_ == "PROPN"):
        return None
    speaker = ctx.resolver.resolve(subject)
    if speaker.kind != "person" or not speaker.name:
        return None
    return speaker


def _described_sources(ctx: _Context, drafts: Sequence[_Draft], speakers: Sequence[Speaker | None]) -> list[Speaker | None]:
    """A definite description takes the fuller description it refers back to: "the
    spokesperson" after "A spokesperson of the MND (SE) was questioned", "the officials" after
    "United States military and intelligence officials" (Poesio & Vieira 1998: a definite
    description whose head and modifiers repeat an earlier noun phrase corefers with it). The
    nearest earlier phrase outside quotations with the same head noun and all the
    description's words wins; the text as written stays on the quote."""
    out = list(speakers)
    for n, speaker in enumerate(speakers):
        if speaker is None or speaker.kind != "description" or drafts[n].attribution is None:
            continue
        source = drafts[n].attribution.source
        if source is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in source.children):
            continue
        words = content_words(speaker.text)
        lemma = source.lemma_.lower()
        for i in range(source.i - 1, max(-1, source.i - DESCRIPTION_LOOKBACK), -1):
            token = ctx.sdoc[i]
            if token.lemma_.lower() != lemma or ctx.inside[i] or token.pos_ != source.pos_:
                continue
            if any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) and not any(
                is_named(t) for t in ctx.sdoc[token.left_edge.i : token.i]
            ):
                continue  # "the officials ..." again: an anaphor itself, not the first mention
            lo, hi = phrase(token)
            earlier = clean(ctx.sdoc[lo:hi].text)
            if words <= content_words(earlier) and len(earlier) > len(clean(speaker.text)):
                out[n] = replace(speaker, name=earlier)
                break
    return out


def _persistent_roles(speakers: Sequence[Speaker | None], holders: Sequence[tuple[int, Speaker]]) -> list[Speaker | None]:
    """A person keeps the role first given for them anywhere in the document (AP: full name
    and title on first reference, surname alone after), in order of where it is written."""
    roles: dict[str, str] = {}
    found = [(s.start, s) for s in speakers if s is not None] + list(holders)
    for _, speaker in sorted(found, key=lambda pair: pair[0]):
        if speaker.name and speaker.kind == "person" and speaker.role:
            roles.setdefault(speaker.name, speaker.role)
    out = list(speakers)
    for n, speaker in enumerate(speakers):
        if speaker is not None and speaker.kind == "person" and speaker.name in roles and not speaker.role:
            out[n] = replace(speaker, role=roles[speaker.name])
    return out


def _role_holders(ctx: _Context) -> list[tuple[int, Speaker, bool]]:
    """Persons named outside quotations, each resolved with the role written with it there,
    and whether the name is a clause subject. They are the source of roles given away from
    any quote, the referents of definite descriptions ("the spokesman") and, subjects only,
    the antecedents of pronouns (Lappin & Leass 1994 rank subjects highest).

    Candidates (the last word of each run of proper nouns) are picked from the Doc's arrays
    without building a Token per word: this runs on every sentence, cue or not.
    """
    if not ctx.parsed or not len(ctx.sdoc):
        return []
    sdoc = ctx.sdoc
    pos = sdoc.to_array("POS")
    propn = pos == PROPN
    last_of_run = propn.copy()
    last_of_run[:-1] &= ~propn[1:]
    found: list[tuple[int, Speaker, bool]] = []
    for i in last_of_run.nonzero()[0].tolist():
        token = sdoc[i]
        if ctx.inside[i] or token.ent_type_ not in _NAME_LABELS:
            continue
        speaker = ctx.resolver.resolve(token)
        if speaker.kind == "person" and speaker.name:
            found.append((token.idx, speaker, token.dep_ in ("nsubj", "nsubjpass")))
    return found


_NAME_LABELS = frozenset({"", "PERSON", "GPE", "ORG", "NORP"})
"""Entity labels a person's name may carry in a small NER model's output."""


def _speaker(
    ctx: _Context, draft: _Draft, history: list[tuple[int, Speaker]], holders: Sequence[tuple[int, Speaker]] = ()
) -> Speaker | None:
    """The draft's source resolved: a pronoun to its antecedent, a document to its owner, a
    definite description to the person it names, conjoined sources to a joint statement."""
    assert draft.attribution is not None
    source = draft.attribution.source
    if source is None:
        return None
    lower = source.lower_
    if source.pos_ == "PRON" and (lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS):
        floor = ctx.paras[max(0, _paragraph_index(ctx, source.idx) - PRONOUN_PARAGRAPHS)][0]
        window = [(o, s) for o, s in history if o >= floor]
        if lower in ("he", "she", "him", "his", "her"):
            want = "m" if lower in ("he", "him", "his") else "f"
            told = _pronoun_genders(history)
            window = [(o, s) for o, s in window if _speaker_gender(ctx, s, told, names=False) in (None, want)]
            # a given name only breaks ties: it never leaves a pronoun without its one candidate
            window = [(o, s) for o, s in window if _speaker_gender(ctx, s, told) in (None, want)] or window
        if lower == "it":
            found = _mentioned_thing(ctx, source, floor) or antecedent(source, window)
        else:
            found = _main_subject_first(ctx, source, window, antecedent(source, window))
        if found is None and lower in ("he", "she"):
            found = _mentioned_person(ctx, source, floor, told)
        text_end = source.idx + len(source)
        if found is None:
            return Speaker(None, source.text, source.idx, text_end, None, None, lower in PERSON_PRONOUNS, "person")
        return replace(found, text=source.text, start=source.idx, end=text_end)
    speaker = ctx.resolver.resolve(source)
    if source.lemma_.lower() in ctx.cues.documents and speaker.entity is None:
        owner = _document_owner(ctx, source, draft.attribution.cue)
        if owner is not None:
            return owner
    if speaker.kind == "description":
        speaker = _described_person(source, speaker, holders) or speaker
    return _joint(ctx, source, speaker)


MENTION_SENTENCES = 4
"""How many sentences back "he"/"she" looks for a person named outside any attribution."""
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "monsieur", "m", "señor", "herr"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "sister", "madame", "señora", "frau"})
"""Courtesy titles and honorifics that tell a person's gender (AP Stylebook, "courtesy titles")."""


def _mentioned_person(ctx: _Context, pronoun: Token, floor: int, told: dict[str, str]) -> Speaker | None:
    """For "he"/"she" with no earlier speaker: the person the text named last before it,
    outside quotations, the subject of a sentence before any other mention of that sentence
    ("Nefzi sat in the room where he saw Mateen. ... “It's our bad luck,” he said" is Nefzi),
    within :data:`MENTION_SENTENCES` sentences and the pronoun window (Hobbs 1978: the
    nearest sentences first, subjects first). A person whose gender the text tells otherwise
    (a courtesy title, an earlier "he" or "she" resolved to them: ``told``, from
    :func:`_pronoun_genders`) is skipped."""
    return _named_before(ctx, pronoun, floor, told, names=True) or _named_before(ctx, pronoun, floor, told, names=False)


THING_SENTENCES = 2
"""How many sentences back "it said" looks for the institution or text it stands for."""


def _mentioned_thing(ctx: _Context, pronoun: Token, floor: int) -> Speaker | None:
    """For "it" as a source ("Monday's memo from the inspectors was blunt. “...,” it
    stated"): the singular subject of the nearest sentence before it, outside quotations,
    that is an organisation or a text that speaks (a document noun, resolved to its owner
    when the text names one), within :data:`THING_SENTENCES` sentences (Hobbs 1978: nearest
    sentences first, subjects first). A person, a plural or any other noun is no antecedent."""
    doc = ctx.sdoc
    lo, _ = ctx.sents.bounds(pronoun.i)
    starts = ctx.sents.starts
    k = max(0, bisect_right(starts, lo) - 1)
    for back in range(1, THING_SENTENCES + 1):
        if k - back < 0:
            break
        s_lo, s_hi = starts[k - back], starts[k - back + 1]
        if doc[s_lo].idx < floor:
            break
        for token in doc[s_lo:s_hi]:
            if token.dep_ != "nsubj" or ctx.inside[token.i] or token.tag_ not in ("NN", "NNP"):
                continue
            if token.lemma_.lower() in ctx.cues.documents and token.ent_type_ in ("", "ORG"):
                owner = _document_owner(ctx, token, token.head)
                return owner or ctx.resolver.resolve(token)
            if token.ent_type_ in ("ORG", "NORP") or token.lemma_.lower() in ctx.cues.sources:
                speaker = ctx.resolver.resolve(token)
                if not speaker.person and (speaker.name or speaker.text):
                    return speaker
    return None


def _named_before(ctx: _Context, pronoun: Token, floor: int, told: dict[str, str], *, names: bool) -> Speaker | None:
    """:func:`_mentioned_person`'s search, with given names telling genders or not."""
    doc = ctx.sdoc
    want = "m" if pronoun.lower_ == "he" else "f"
    lo, _ = ctx.sents.bounds(pronoun.i)
    starts = ctx.sents.starts
    person_starts = ctx.person_starts
    k = max(0, bisect_right(starts, lo) - 1)
    for back in range(MENTION_SENTENCES):
        if k - back < 0:
            break
        s_lo = starts[k - back]
        s_hi = pronoun.i if back == 0 else starts[k - back + 1]
        if doc[s_lo].idx < floor:
            break
        first = bisect_left(person_starts, s_lo)
        people = [e for e in ctx.persons[first : bisect_left(person_starts, s_hi)] if e.end <= s_hi and not ctx.inside[e.root.i]]
        people.sort(key=lambda e: (e.root.dep_ not in ("nsubj", "nsubjpass"), -e.start))
        for ent in people:
            speaker = ctx.resolver.resolve(ent.root)
            if speaker.name is None or not speaker.person:
                continue
            if _gender(ctx, speaker, ent, told, names=names) not in (None, want):
                continue
            return speaker
    return None


def _gender(ctx: _Context, speaker: Speaker, ent: SpacySpan, told: dict[str, str], *, names: bool = True) -> str | None:
    """``m``/``f`` when the text tells it: a courtesy title before this mention of the name,
    else what :func:`_speaker_gender` knows."""
    before = ctx.sdoc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
    if before in MALE_TITLES:
        return "m"
    if before in FEMALE_TITLES:
        return "f"
    return _speaker_gender(ctx, speaker, told, names=names)


def _main_subject_first(ctx: _Context, pronoun: Token, window: Sequence[tuple[int, Speaker]], latest: Speaker | None) -> Speaker | None:
    """Of the candidates named in the sentence of the latest one, the subject of that
    sentence's main clause outranks a name in a clause below it ("Ruiz argued that Park had
    lost support. “...,” she added": Ruiz; Hobbs 1978, subjects first)."""
    if latest is None:
        return None
    lo, hi = _sentence_of(ctx, latest.start)
    same = [s for o, s in window if lo <= o < hi and o < pronoun.idx and s.person == latest.person and s.name]
    for speaker in same:
        span = ctx.sdoc.char_span(speaker.start, speaker.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.dep_ == "ROOT":
            return speaker
    return latest


def _sentence_of(ctx: _Context, char: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``char``."""
    span = ctx.sdoc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return char, char + 1
    lo, hi = ctx.sents.bounds(span[0].i)
    return ctx.sdoc[lo].idx, ctx.sdoc[hi - 1].idx + len(ctx.sdoc[hi - 1])


def _pronoun_genders(history: Sequence[tuple[int, Speaker]]) -> dict[str, str]:
    """Name -> ``m``/``f`` from the first "he"/"she" already resolved to each name."""
    told: dict[str, str] = {}
    for _, earlier in history:
        pronoun = earlier.text.lower()
        if earlier.name is not None and pronoun in ("he", "she"):
            told.setdefault(earlier.name, "m" if pronoun == "he" else "f")
    return told


GIVEN_NAME_SHARE = 0.95
"""A given name tells a gender when at least this share of the people counted with it have it."""


@lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    """Given name (lower case) -> ``m``/``f``, from the frequency lists of the 1990 US Census
    (public domain) that the ``names`` package ships (``dist.male.first``, 1,219 names;
    ``dist.female.first``, 4,275): a name is one gender's when :data:`GIVEN_NAME_SHARE` of
    its bearers counted by the census are (the two lists give each name's share of men and
    of women, about equally many). Empty when the package is missing. US names only: a name
    the census did not count tells nothing."""
    try:
        base = resources.files("names")
    except ModuleNotFoundError:
        return {}

    def shares(name: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in (base / name).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                out[fields[0].lower()] = float(fields[1])
        return out

    male, female = shares("dist.male.first"), shares("dist.female.first")
    genders: dict[str, str] = {}
    for name in male.keys() | female.keys():
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m + f <= 0:
            continue
        if m / (m + f) >= GIVEN_NAME_SHARE:
            genders[name] = "m"
        elif f / (m + f) >= GIVEN_NAME_SHARE:
            genders[name] = "f"
    return genders


def _speaker_gender(ctx: _Context, speaker: Speaker, told: dict[str, str], *, names: bool = True) -> str | None:
    """``m``/``f`` when the text tells a speaker's gender: a courtesy title where they were
    named ("Ms. Lopez said"), or a "he"/"she" already resolved to them (``told``: from
    :func:`_pronoun_genders`; for a joint or unnamed speaker, nothing); failing those, with
    ``names``, the given name of a full name (:func:`given_name_genders`: "Maria Santos"),
    which only breaks ties between candidates (a US census list: "Yael" is a woman's name
    there and an Israeli captain's here)."""
    if speaker.name is None or not speaker.person:
        return None
    text = ctx.text
    before = text[max(0, speaker.start - 12) : speaker.start].split()
    title = before[-1].lower().rstrip(".") if before else ""
    first = speaker.text.split()[0].lower().rstrip(".") if speaker.text.split() else ""
    title = first if first in MALE_TITLES | FEMALE_TITLES else title
    if title in MALE_TITLES:
        return "m"
    if title in FEMALE_TITLES:
        return "f"
    if speaker.name in told:
        return told[speaker.name]
    words = speaker.name.split()
    return given_name_genders().get(words[0].lower()) if names and len(words) >= 2 else None


def _described_person(source: Token, speaker: Speaker, holders: Sequence[tuple[int, Speaker]]) -> Speaker | None:
    """The named person a definite singular description stands for: "the government
    spokesman" after "Abdourahim Said Bakar, a government spokesman", "Australia's Foreign
    Minister" for "Australia's Foreign Minister Alexander Downer". The description's words
    must all be words of that person's role. Several such persons: the last one named before
    the description; none: None (the description stays the speaker, never guessed).

    Definite descriptions are anaphoric, indefinite ones ("a spokesman") introduce someone new
    (Poesio & Vieira 1998), so only "the ..." and possessive descriptions are resolved.
    """
    if not speaker.person or not any(c.dep_ in ("det", "poss") and (c.dep_ == "poss" or c.lower_ == "the") for c in source.children):
        return None
    words = content_words(speaker.text)
    if not words:
        return None
    matches = [(o, h) for o, h in holders if h.role and words <= content_words(h.role)]
    if not matches:
        return None
    names = {h.name for _, h in matches}
    before = [(o, h) for o, h in matches if o < speaker.start]
    if len(names) == 1:
        chosen = matches[0][1]
    elif before:
        chosen = before[-1][1]
    else:
        return None
    return replace(chosen, text=speaker.text, start=speaker.start, end=speaker.end)


def _joint(ctx: _Context, source: Token, speaker: Speaker) -> Speaker:
    """ "X, Y and Z said", "a joint statement from Minister A, Minister B and Minister C": every
    conjoined source is a speaker (``names`` in text order). The parser does not always hang a
    long list on one chain of ``conj`` links (appositions get in between), so when the
    source's phrase holds a coordinating "and", every person named in it counts."""
    if not speaker.name:
        return speaker
    subtree = list(source.subtree)
    others = [c for c in source.conjuncts if c.i > source.i]
    if any(t.dep_ == "cc" and t.lower_ in ("and", "&") for t in subtree):
        others += [t for t in subtree if t.pos_ == "PROPN" and (t.i + 1 >= len(ctx.sdoc) or ctx.sdoc[t.i + 1].pos_ != "PROPN")]
    names = [speaker.name]
    ends = [speaker.end]
    for token in sorted(set(others), key=lambda t: t.i):
        if token.i == source.i or ctx.inside[token.i] or not is_source(token, ctx.cues.sources, ctx.cues.documents):
            continue
        other = ctx.resolver.resolve(token)
        if other.kind == "description" or not other.name or other.name in names:
            continue
        if token not in source.conjuncts and other.kind != "person":
            continue
        names.append(other.name)
        ends.append(token.right_edge.idx + len(token.right_edge))
    if len(names) == 1:
        return speaker
    end = max(ends)
    return replace(speaker, names=tuple(names), text=ctx.text[speaker.start : end], end=end)


def _paragraph_index(ctx: _Context, char: int) -> int:
    return max(0, bisect_right(ctx.para_starts, char) - 1)


def _document_owner(ctx: _Context, noun: Token, cue: Token) -> Speaker | None:
    """Whose statement: "X's statement", "the statement from X", "a UN report", or the subject
    of a recent sentence that issued it ("In the statement released Tuesday, the government
    thanked ..."). None when no sentence says (never guessed)."""
    found = _owner_in_phrase(ctx, noun, cue)
    if found is not None:
        return found
    sent, lemma = noun.sent, noun.lemma_.lower()
    for _ in range(LOOKBACK_SENTENCES):
        if sent.start == 0:
            return None
        sent = ctx.sdoc[sent.start - 1].sent
        mention = next((t for t in sent if t.lemma_.lower() == lemma and not ctx.inside[t.i]), None)
        if mention is None:
            continue
        found = _owner_in_phrase(ctx, mention, mention.head)
        root = sent.root
        if found is None and root in (mention.head, mention.head.head):
            subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
            if subject is not None and is_source(subject, ctx.cues.sources, frozenset()):
                found = ctx.resolver.resolve(subject)
        if found is None or not found.name:
            return None
        return _as_written(found, noun)
    return None


def _owner_in_phrase(ctx: _Context, noun: Token, cue: Token) -> Speaker | None:
    """The owner a document phrase names: possessor, "from"/"by" object or a named modifier."""
    for token in (noun, cue):
        for child in token.children:
            owner: Token | None = None
            if child.dep_ == "poss" and child.ent_type_ not in NOT_SPEAKER_ENTITIES:
                owner = child  # not "Thursday's memo", "last year's report": a date owns nothing
            elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
                owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif token is noun and child.dep_ == "acl":  # "a statement issued by the Ministry of Defence"
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                owner = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            elif token is noun and child.dep_ in ("compound", "nmod", "amod") and is_named(child):
                found = ctx.resolver.resolve(child)
                if found.name:
                    return _as_written(found, noun)
            if owner is not None:
                found = ctx.resolver.resolve(owner)
                if found.name:
                    return _joint(ctx, owner, found)
    return None


def _as_written(owner: Speaker, noun: Token) -> Speaker:
    """``owner`` as the speaker of a document phrase: the phrase ("the statement") is what the
    text wrote at the attribution."""
    lo = noun.left_edge
    return replace(owner, text=noun.doc[lo.i : noun.i + 1].text, start=lo.idx, end=noun.idx + len(noun))


def _record(ctx: _Context, draft: _Draft, speaker: Speaker | None) -> Quote:
    """The :class:`Quote` for a draft and its resolved speaker."""
    doc_id = ctx.doc_id
    text = ctx.text[draft.start : draft.end]
    att = draft.attribution
    speaker_span = Span(doc_id, speaker.start, speaker.end) if speaker is not None else None
    speaker_text = speaker.text if speaker is not None else None
    return Quote(
        span=Span(doc_id, draft.start, draft.end),
        text=text,
        direct=draft.direct,
        speaker=speaker.name if speaker is not None else None,
        speaker_text=speaker_text,
        speaker_span=speaker_span,
        speaker_role=speaker.role if speaker is not None else None,
        speaker_entity=speaker.entity if speaker is not None else None,
        speaker_type=speaker.kind if speaker is not None and speaker.name else None,
        speakers=speaker.all_names if speaker is not None else (),
        role_entity=speaker.role_entity if speaker is not None else None,
        cue=att.cue_text if att is not None else None,
        channel=att.channel if att is not None else None,
        verbatim=draft.closed if draft.direct else None,
        sentence=_sentence_span(ctx, draft),
        rule=RULE,
    )


def _sentence_span(ctx: _Context, draft: _Draft) -> Span:
    """The sentence(s) holding the quote (its paragraph when the Doc has no sentences)."""
    sdoc = ctx.sdoc
    if ctx.parsed and len(sdoc):
        tokens = sdoc.char_span(draft.start, draft.end, alignment_mode="expand")
        if tokens is not None and len(tokens):
            first, _ = ctx.sents.bounds(tokens.start)
            _, last = ctx.sents.bounds(tokens.end - 1)
            lo, hi = sdoc[first].idx, sdoc[last - 1].idx + len(sdoc[last - 1])
            hi = lo + len(ctx.text[lo:hi].rstrip())
            return Span(ctx.doc_id, lo, max(lo, hi))
    para = ctx.paras[draft.paragraph] if draft.paragraph < len(ctx.paras) else (0, len(ctx.text))
    return Span(ctx.doc_id, para[0], para[1])


def _running_quotes(
    text: str, drafts: Sequence[_Draft], quotes: list[Quote], paras: Sequence[tuple[int, int]]
) -> list[Quote]:
    """Unattributed direct quotes take the speaker of their paragraph, or of the paragraph
    before when they open theirs (AP Stylebook: running quotations). Linear in the quotes."""
    by_para: dict[int, list[int]] = {}
    for n, draft in enumerate(drafts):
        by_para.setdefault(draft.paragraph, []).append(n)
    first_char = [s + len(text[s:e]) - len(text[s:e].lstrip()) for s, e in paras]
    out = list(quotes)
    for para, members in sorted(by_para.items()):
        # a running quotation continues the direct quotation before it, not a reported clause
        # between them ("“...,” Trump assured Jones, after Jones assured Trump that ....
        # “I will not let you down.”")
        donors = [
            d if r is not None and not out[r].direct and d is not None and d < n else r
            for n, d, r in zip(members, _nearest_attributed(out, members, direct=True), _nearest_attributed(out, members), strict=True)
        ]
        last: int | None = None  # the latest quote of the paragraph with a speaker, this pass included
        for n, donor in zip(members, donors, strict=True):
            draft = drafts[n]
            if not draft.direct or out[n].speaker_text is not None or not _running_sized(out[n].text):
                if out[n].speaker_text is not None:
                    last = n
                continue
            donor = donor if donor is not None else last
            opens_paragraph = para < len(first_char) and draft.start - 1 <= first_char[para]
            if donor is None and opens_paragraph and para > 0:
                before = [m for m in by_para.get(para - 1, []) if out[m].speaker_text is not None]
                donor = before[-1] if before else None
            if donor is not None:
                d = out[donor]
                out[n] = replace(
                    out[n],
                    speaker=d.speaker,
                    speaker_text=d.speaker_text,
                    speaker_span=d.speaker_span,
                    speaker_role=d.speaker_role,
                    speaker_entity=d.speaker_entity,
                    speaker_type=d.speaker_type,
                    speakers=d.speakers,
                    role_entity=d.role_entity,
                )
                last = n
    return out


def _running_sized(quoted: str) -> bool:
    """Long enough to be a running quotation: :data:`RUNNING_MIN_WORDS` words, or a shorter
    whole sentence ("“That's his problem.”"; a name or a scare quote ends with no full stop)."""
    words = quoted.split()
    if len(words) >= RUNNING_MIN_WORDS:
        return True
    stripped = quoted.strip()
    return len(words) >= 2 and stripped[:1].isupper() and stripped.endswith((".", "!", "?"))


def _nearest_attributed(quotes: Sequence[Quote], members: Sequence[int], *, direct: bool = False) -> list[int | None]:
    """For each quote of a paragraph, the nearest attributed one of the same paragraph
    (the earlier on a tie; with ``direct``, direct quotations only), in two linear passes."""

    def donor(m: int) -> bool:
        return quotes[m].speaker_text is not None and (quotes[m].direct or not direct)

    before: list[int | None] = []
    last: int | None = None
    for m in members:
        before.append(last)
        if donor(m):
            last = m
    after: list[int | None] = [None] * len(members)
    nxt: int | None = None
    for pos in range(len(members) - 1, -1, -1):
        after[pos] = nxt
        if donor(members[pos]):
            nxt = members[pos]
    nearest: list[int | None] = []
    for m, b, a in zip(members, before, after, strict=True):
        if b is None or (a is not None and a - m < m - b):
            nearest.append(a)
        else:
            nearest.append(b)
    return nearest
