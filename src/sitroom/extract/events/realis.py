"""Eventhood: is a trigger an event of the situation, and how is it reported?

ACLED codes discrete events that took place (ACLED Codebook 2023, "Event definition").
A trigger word is no such event when it is

* **negated** ("did not capture", "no one was killed", "prevented an attack");
* **planned** or **hypothetical** (ERE realis "other", Song et al. 2015; FactBank's
  factuality markers, Saurí & Pustejovsky 2009): modal auxiliaries, conditional
  subordinators and governing predicates of intention or possibility. Such events are
  kept with their ``context`` so that a user can ask for them; they are never exported as
  ACLED rows or plotted by default;
* **generic** or **habitual** (ERE "generic"; ISO-TimeML genericity, Pustejovsky et al.
  2010): a kind of event ("such attacks are hard to eliminate", "the number of suicide
  bombings"), or a repeated one with no occurrence ("the army regularly shells villages");
* **figurative**: an ambiguous trigger ("battle", "siege", "fight", "attack") with no
  violence in its sentence ("a battle against Beijing over tariffs");
* **cumulative**: a total over a period or many incidents ("the war has killed 180,000"):
  a figure with a period (:mod:`sitroom.extract._period`), not an event.

What remains is ``past`` or ``ongoing``; an event dated more than ``BACKGROUND_DAYS``
before the publication day is ``background`` (history the article recalls).
"""

from __future__ import annotations

from spacy.tokens import Token
from spacy.tokens import Span as SpacySpan

from sitroom.extract.events.lexicon import Lexicon
from sitroom.extract.events.syntax import MAX_HOPS, SPEECH_LEMMAS, SUPPORT_VERBS

CLIMB_DEPS = frozenset({"xcomp", "dobj", "pobj", "prep", "pcomp", "compound", "nsubj", "nsubjpass", "attr", "acomp", "conj", "acl", "relcl", "advcl", "ccomp"})
REALISED_BY = frozenset({"begin", "start", "continue", "resume", "manage", "keep", "go", "gather", "assemble", "rally", "march", "converge", "demonstrate", "mass", "force", "compel", "oblige", "cause", "prompt", "drive"})
"""Verbs whose infinitive complement took place ("began to fight"; the implicative "forcing
thousands to flee", "prompted residents to flee"); a crowd that gathered or marched "to
protest" protested by gathering."""
NEGOTIATION_NOUNS = frozenset({"talk", "negotiation", "negotiator", "mediation"})
"""Nouns of negotiating: what they are about is sought, not yet done ("talks on a truce")."""
MOVEMENT_NOUNS = frozenset({"withdrawal", "pullout", "pull-out", "drawdown", "deployment", "redeployment", "surge"})
VERDICT_VERBS = frozenset({"announce", "oppose", "approve", "support", "back", "welcome", "criticize", "criticise", "condemn", "reject", "endorse", "praise", "question", "protest", "resist", "veto", "authorize", "authorise"})
"""A troop movement named as what a government announced or someone judged ("announced a
complete withdrawal from the region", "opposed the withdrawal") is a decision whose movement
lies ahead (ACLED records the movement when it takes place); a movement verb in the past
("troops withdrew") is not affected."""
NOT_YET = frozenset({"before", "until", "till"})
"""Prepositions whose gerund has not happened at the time of the main clause ("before agreeing")."""
BACKGROUND_DAYS = 30
"""An event that ended this many days or more before the publication day is background
(the article's news window is the weeks before it; ACLED codes events when they happen)."""
GENERIC_DETERMINERS = frozenset({"such", "any", "every", "each"})
HABITUAL_ADVERBS = frozenset({"regularly", "often", "frequently", "usually", "routinely", "repeatedly", "sometimes", "always", "occasionally", "typically", "commonly", "rarely", "seldom", "constantly", "periodically"})
SERIES_WORDS = frozenset({"more", "several", "many", "numerous", "multiple", "repeated", "further", "frequent", "countless", "dozens", "hundreds", "scores"})
CONFLICT_OBJECTS = frozenset({"insurgency", "rebellion", "war", "insurrection", "uprising", "terrorism", "militancy", "conflict"})
PROTECTIVE_HEADS = frozenset({"war", "fight", "campaign", "struggle", "law", "measure", "policy", "force", "protection", "defence", "defense", "shield", "guard", "safeguard", "deterrent", "security", "insurance", "vaccine"})
"""Nouns whose "against"/"on"-object is a kind of event guarded against or legislated on, not
an occurrence ("a stabilisation force against attacks")."""
PROTEST_HEADS = frozenset({"protest", "rally", "demonstration", "march", "vigil", "sit-in", "demonstrate", "protester", "demonstrator", "campaign", "petition"})
"""Protests whose "against"/"over"-object is the cause protested, not an occurrence they tell
("a rally against air strikes", "protesting against the war")."""
QUANTITY_HEADS = frozenset({"number", "rate", "level", "frequency", "threat", "risk", "fear", "danger", "prospect", "spectre", "specter", "kind", "type", "form", "wave", "cycle", "spate", "string"})
"""Nouns whose "of"-object is a kind of event, not an occurrence ("the number of bombings",
"the threat of attack"). "A wave/spate of attacks" is a series: no single occurrence either."""


def context(trigger: Token, lexicon: Lexicon) -> str | None:
    """The context of report of the event at ``trigger``, or ``None`` when the text says it
    did not happen (a negation, "no", "prevented", "denied").

    ``planned`` (a plan, threat or promise: "vowed to retake", "will attack", "announced it
    would extend"), ``hypothetical`` (possible, feared, conditional: "could strike", "if they
    attack"), ``ongoing`` (progressive aspect or a verb of continuation: "are fighting",
    "fighting continues") or ``past``. A modal scopes over its own predicate, not over an
    event noun that is its object ("will take advantage of the corridor opened...": the
    opening happened), unless that predicate is a light verb of the event ("would launch
    an attack").
    """
    planned, hypothetical, negating = lexicon.words("planned"), lexicon.words("hypothetical"), lexicon.words("negating")
    modals, future, ongoing = lexicon.words("modals"), lexicon.words("future_modals"), lexicon.words("ongoing")
    token, argument, predicative = trigger, False, False
    # the demonstrators a purpose clause is about were there ("fired tear gas to disperse thousands of protesters")
    crowd = trigger.pos_ == "NOUN" and trigger.lemma_.lower() in lexicon.words("protesters")
    if trigger.lemma_.lower() in MOVEMENT_NOUNS and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in VERDICT_VERBS:
        if not any(t.dep_ == "relcl" and t.lemma_.lower() in REALISED_BY | {"complete", "end", "finish"} for t in trigger.subtree):
            return "planned"  # (unless the text goes on that it "began on Monday")
    for hop in range(MAX_HOPS):
        lemma = token.lemma_.lower()
        if hop:
            if lemma in negating:
                return None
            if lemma in planned and not (lemma == "about" and token.dep_ == "prep"):  # "about to attack", not "talked about the bombing"
                return "planned"
            if (lemma == "negotiate" and token.tag_ == "VBG") or (lemma in NEGOTIATION_NOUNS and token.pos_ == "NOUN"):
                return "planned"  # "negotiating a ceasefire will be the main goal", "talks on a truce": not yet agreed
            if lemma in hypothetical:
                return "hypothetical"
        scoped = not argument or lemma in SUPPORT_VERBS
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no" and hop == 0):
                return None
            if child.dep_ == "mark" and child.lower_ == "whether" and predicative:
                return "hypothetical"  # "unknown whether the crash was the result of an accident or an attack": what the crash was is in doubt
            if not scoped:
                continue
            if child.dep_ in ("aux", "auxpass") and child.lower_ in modals:
                if child.lower_ in future:
                    return "planned"
                if child.lower_ == "would" and token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH_LEMMAS:
                    return "planned"
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ == "once" and _present(token):
                return "hypothetical"  # "once the crossing is reopened": not yet
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                return "hypothetical"  # the consequent of a condition
        if hop == 0 and is_ongoing(token, ongoing):
            return "ongoing"
        if not (argument and crowd) and token.pos_ == "VERB" and token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            if token.dep_ in ("advcl", "xcomp", "acl", "relcl") and token.head.lemma_.lower() not in REALISED_BY:
                return "planned"  # an infinitive of purpose or intent ("sent troops to fight")
            if token.dep_ in ("conj", "pobj", "appos") and token.head.pos_ in ("NOUN", "PROPN", "ADP"):
                return "hypothetical"  # an infinitive a noun governs ("no choice but to flee")
        if token.dep_ == "pcomp" and token.head.lower_ in NOT_YET:
            return "planned"  # "before agreeing on a ceasefire"
        if token.dep_ not in CLIMB_DEPS or token.head == token:
            return "past"
        if token.dep_ in ("relcl", "advcl", "ccomp") and token.pos_ in ("VERB", "AUX") and token.tag_ != "VB" and not _bare_complement(token, planned | hypothetical):
            return "past"  # a finite clause has its own modality ("order them flee" has not)
        if token.dep_ in ("dobj", "pobj") and token.pos_ in ("NOUN", "PROPN"):
            argument = True
        predicative = predicative or token.dep_ == "attr"  # the trigger is (part of) what the clause says its subject is
        token = token.head
    return "past"


def _bare_complement(verb: Token, governing: frozenset[str]) -> bool:
    """A complement clause without tense of its own under a verb of intent or possibility
    ("order his fighters flee", "demanded that the troops withdraw", which the tagger may
    read as a present tense): the governing verb's modality is its own."""
    return verb.dep_ == "ccomp" and verb.tag_ == "VBP" and verb.head.lemma_.lower() in governing and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _present(verb: Token) -> bool:
    """The clause of ``verb`` is in the present tense ("is reopened", "reopens")."""
    tensed = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(t.tag_ in ("VBZ", "VBP") for t in tensed) and not any(t.tag_ == "VBD" for t in tensed)


def is_ongoing(trigger: Token, ongoing: frozenset[str]) -> bool:
    """Progressive aspect in the present ("are fighting", "has been shelling"), or an event
    noun said to go on ("fighting continues", "the ongoing offensive")."""
    if trigger.tag_ == "VBG" and trigger.pos_ == "VERB":
        auxes = [c for c in trigger.children if c.dep_ == "aux"]
        if auxes and auxes[0].lower_ in ("is", "are", "am", "'s", "'re", "has", "have"):
            return True
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "amod" and c.lemma_.lower() in ongoing for c in trigger.children):
            return True
        head = trigger.head
        if trigger.dep_ == "nsubj" and head.lemma_.lower() in ongoing and head.tag_ in ("VBZ", "VBP", "VBG"):
            return True
    return False


def governing_attempt(trigger: Token, lexicon: Lexicon) -> bool:
    """The trigger sits under an attempt ("began to take back", "an offensive to reclaim")."""
    attempts = lexicon.words("attempts")
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("xcomp", "acl", "relcl", "advcl") or token.head == token:
            return False
        token = token.head
        if token.lemma_.lower() in attempts:
            return True
    return False


def negated_participant(token: Token | None) -> bool:
    """A participant quantified by "no"/"neither"/"none" (the event did not happen)."""
    return token is not None and (
        token.lower_ in ("none", "nobody", "neither", "noone") or any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in token.children)
    )


def _specific_noun(noun: Token) -> bool:
    """A determiner, possessive, number or name pins the event noun to an occurrence."""
    for child in noun.children:
        if child.dep_ in ("det", "poss", "nummod") and child.lower_ not in GENERIC_DETERMINERS:
            return True
        if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ or child.pos_ == "PROPN"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "on", "near") and any(o.ent_type_ for o in child.children):
            return True
    return False


def generic_use(trigger: Token, lexicon: Lexicon) -> str | None:
    """``generic`` or ``habitual`` when the trigger names a kind of event or a repeated one.

    Nouns: "such attacks", the "of"-object of a quantity or risk noun ("the number of
    suicide bombings", "the threat of attack"), or a bare plural subject of a present-tense
    clause ("suicide attacks are common"). Verbs: a habitual adverb ("regularly shell"), or
    the simple present with no auxiliary outside reported speech ("they attack convoys").
    """
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ in ("det", "amod") and c.lower_ in GENERIC_DETERMINERS for c in trigger.children):
            return "generic"
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_HEADS:
            return "generic"
        if trigger.dep_ == "pobj" and head.lower_ in ("against", "on") and head.head.lemma_.lower() in PROTECTIVE_HEADS:
            return "generic"  # "the fight against terrorism", "a law on attacks", "a force against attacks"
        if trigger.dep_ == "pobj" and head.lower_ in ("against", "over") and head.head.lemma_.lower() in PROTEST_HEADS:
            return "generic"  # "a rally against Israeli attacks on Gaza": what is protested, told elsewhere
        if _weapon_goods(trigger, lexicon):
            return "generic"  # "producer and stockpiler of cluster bombs": weapons as goods, no attack
        if trigger.tag_ == "NNS" and any(c.dep_ in ("amod", "det", "advmod") and c.lower_ in SERIES_WORDS for c in trigger.children):
            return "generic"  # "launched more air strikes", "several attacks": many occurrences, none told
        if trigger.tag_ == "NNS" and not _specific_noun(trigger) and trigger.dep_ in ("nsubj", "nsubjpass"):
            verb = head
            if verb.tag_ in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") and c.lemma_ != "have" for c in verb.children):
                return "generic"
        return None
    if trigger.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in trigger.children):
            return "habitual"
        if any(c.dep_ == "dobj" and c.lemma_.lower() in CONFLICT_OBJECTS for c in trigger.children):
            return "generic"  # "has been fighting an insurgency": the conflict, no occurrence
        if _fighting_a_whole_enemy(trigger):
            return "generic"  # "successful in fighting Islamic extremists", "going along fighting al Qaida"
        auxes = [c for c in trigger.children if c.dep_ in ("aux", "auxpass")]
        if trigger.tag_ in ("VBZ", "VBP") and not auxes and trigger.dep_ not in ("ccomp",):
            return "habitual"
    return None


def _fighting_a_whole_enemy(verb: Token) -> bool:
    """ "fighting" with an enemy as its object and no time or place in its sentence: the fight
    against that enemy as a whole (the event gold set's ruling: fighting a named group as a
    whole is the conflict), not one battle ("fighting rebels in Mogadishu on Monday" is)."""
    if verb.lemma_.lower() != "fight" or verb.tag_ != "VBG" or not any(c.dep_ == "dobj" for c in verb.children):
        return False
    if any(c.dep_ == "aux" for c in verb.children) and not any(c.dep_ == "advmod" and c.lower_ == "still" for c in verb.children):
        return False  # "Rebels are fighting government troops in the north": an ongoing fight (a gerund or "still fighting" is not)
    if any(c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "around", "outside", "inside", "across") for c in verb.children):
        return False  # a place of the fight
    return not any(t.ent_type_ in ("DATE", "TIME") or (t.ent_type_ in ("GPE", "LOC", "FAC") and t.dep_ == "pobj") for t in verb.sent)


def _weapon_goods(trigger: Token, lexicon: Lexicon) -> bool:
    """A weapon noun ("bombs", "landmines") that a noun or verb of making, holding, trading
    or banning governs: the weapons as goods ("the largest producer of cluster bombs", "a ban
    on landmines", "to stockpile missiles"), no attack told."""
    if trigger.lemma_.lower() not in lexicon.words("weapon_nouns"):
        return False
    node = trigger
    for _ in range(3):  # through conjuncts: "producer and stockpiler of cluster bombs"
        if node.dep_ != "conj":
            break
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ in ("of", "on", "in"):
        owner = head.head
        return owner.lemma_.lower() in lexicon.words("weapon_goods") or any(c.dep_ == "conj" and c.lemma_.lower() in lexicon.words("weapon_goods") for c in owner.children)
    return node.dep_ == "dobj" and head.lemma_.lower() in lexicon.words("weapon_goods_verbs")


def violent_context(sent: SpacySpan, lexicon: Lexicon, casualty_figure: bool) -> bool:
    """The sentence speaks of armed violence: a casualty figure, or a word of the
    ``violence_evidence`` list (weapons, casualties, armed forces)."""
    if casualty_figure:
        return True
    evidence = lexicon.words("violence_evidence")
    return any(t.lemma_.lower() in evidence or t.lower_ in evidence for t in sent)
