"""sitroom's search language, translated to an SQLite FTS5 query.

The language (what ``sitroom search`` and the store take)::

    Mosul                      a word (any case)
    al-Qaeda   Mosul's         words with hyphens or apostrophes: found as written
    "humanitarian corridor"    a phrase
    evacuat*   "al-Qa"*        a prefix
    ISIS OR Daesh              either (AND is implied between terms; NOT excludes)
    (Mosul OR Raqqa) NOT ISIS  grouping

A word or a phrase that names an actor of the actor data ("ISIS", "Islamic State",
"Daesh", "IS") matches every name of that actor. Each word or phrase is passed to FTS5
as a quoted string, so no character of the query is FTS5 syntax except the operators
above: FTS5 splits "al-Qaeda" into the phrase "al qaeda" itself, and a bare hyphen or
colon can never become a column filter or a syntax error (the SQLite FTS5 documentation,
section 3, "Full-text Query Syntax").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sitroom.errors import StoreError

OPERATORS = frozenset({"AND", "OR", "NOT"})
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<paren>[()])|(?P<word>[^\s()"]+)')


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_query(query: str, aliases: Callable[[str], Sequence[str]] | None = None) -> str:
    """The FTS5 MATCH expression of ``query`` (the language above).

    ``aliases(term)`` gives every name of the actor that ``term`` names (empty when it
    names none).

    Raises:
        StoreError: an unclosed quotation mark or parenthesis, an operator with nothing to
            apply to, or an empty query (the message names the fault).
    """
    if query.count('"') % 2:
        raise StoreError(f"invalid search query {query!r}: a quotation mark is not closed. Quote phrases with double quotes.")
    parts: list[str] = []
    depth = 0
    expect_term = True  # at the start, after an operator or "("
    for match in _TOKEN.finditer(query):
        if match["paren"] == "(":
            if not expect_term:
                parts.append("AND")
            parts.append("(")
            depth += 1
            continue
        if match["paren"] == ")":
            if depth == 0 or expect_term:
                raise StoreError(f"invalid search query {query!r}: a parenthesis closes nothing, or closes after an operator")
            parts.append(")")
            depth -= 1
            continue
        word = match["word"]
        if word in OPERATORS:
            if expect_term:
                raise StoreError(f"invalid search query {query!r}: {word} needs a term before it")
            parts.append(word)
            expect_term = True
            continue
        if not expect_term:
            parts.append("AND")
        if word is not None:
            prefix = word.endswith("*") and len(word) > 1
            parts.append(_term(word.rstrip("*") if prefix else word, prefix, aliases))
        else:
            phrase = " ".join(match["phrase"].split())
            if not phrase:
                raise StoreError(f"invalid search query {query!r}: an empty phrase")
            parts.append(_term(phrase, bool(match["pstar"]), aliases))
        expect_term = False
    if depth:
        raise StoreError(f"invalid search query {query!r}: a parenthesis is not closed")
    if not parts:
        raise StoreError("empty search query: give a word or a phrase")
    if expect_term:
        raise StoreError(f"invalid search query {query!r}: it ends with an operator")
    return " ".join(parts)


def _term(text: str, prefix: bool, aliases: Callable[[str], Sequence[str]] | None) -> str:
    if prefix:
        return _string(text) + " *"
    names = [n for n in (aliases(text) if aliases else ()) if n.strip()]
    if not names:
        return _string(text)
    unique = list(dict.fromkeys([text, *names]))
    return "(" + " OR ".join(_string(n) for n in unique) + ")"
