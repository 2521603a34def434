"""sitroom's search language, parsed once and written for SQLite FTS5 or PostgreSQL.

The language (what ``sitroom search`` and the store take)::

    Mosul                      a word (any case)
    al-Qaeda   Mosul's         words with hyphens or apostrophes: found as written
    "humanitarian corridor"    a phrase
    evacuat*   "al-Qa"*        a prefix
    ISIS OR Daesh              either; AND is implied between terms; a NOT b excludes b
    (Mosul OR Raqqa) NOT ISIS  grouping; NOT binds tighter than AND, AND than OR

A word or a phrase that names an actor of the actor data ("ISIS", "Islamic State",
"Daesh", "IS") matches every name of that actor. :func:`parse` gives a tree;
:func:`fts5` writes it as an SQLite FTS5 MATCH expression (every term a quoted string, so
no character of the user's text is FTS5 syntax: FTS5 splits "al-Qaeda" into the phrase
"al qaeda" itself; SQLite FTS5 documentation, section 3), :func:`tsquery` as a PostgreSQL
``tsquery`` expression over the ``simple`` configuration (no stemming, like FTS5's
unicode61 tokenizer), each term a bound parameter of ``phraseto_tsquery``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sitroom.errors import StoreError

OPERATORS = frozenset({"AND", "OR", "NOT"})
MAX_QUERY_TERMS = 200
"""Words and phrases a query may hold: its cost grows with them (a flat OR of 1,000 terms
takes FTS5 0.1 s on 1,000 articles; a query is typed, not generated)."""
MAX_QUERY_DEPTH = 32
"""Levels of parentheses a query may nest (the parser recurses once per level)."""
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<paren>[()])|(?P<word>[^\s()"]+)')
Aliases = Callable[[str], Sequence[str]]
"""``aliases(term)``: every name of the actor ``term`` names (empty when it names none)."""


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Op:
    op: str
    """``AND``, ``OR`` or ``NOT`` (``left`` and not ``right``)."""
    left: Node
    right: Node


Node = Term | Op


def _tokens(query: str) -> list[str | Term]:
    if query.count('"') % 2:
        raise StoreError(f"invalid search query {query!r}: a quotation mark is not closed. Quote phrases with double quotes.")
    out: list[str | Term] = []
    for match in _TOKEN.finditer(query):
        if match["paren"]:
            out.append(match["paren"])
        elif match["word"] is not None:
            word = match["word"]
            if word in OPERATORS:
                out.append(word)
            elif word.endswith("*") and len(word) > 1:
                out.append(Term(word.rstrip("*"), True))
            else:
                out.append(Term(word))
        else:
            phrase = " ".join(match["phrase"].split())
            if not phrase:
                raise StoreError(f"invalid search query {query!r}: an empty phrase")
            out.append(Term(phrase, bool(match["pstar"])))
    return out


def parse(query: str) -> Node:
    """The tree of ``query``.

    Raises:
        StoreError: an unclosed quotation mark or parenthesis, an operator with nothing to
            apply to, or an empty query (the message names the fault).
    """
    tokens = _tokens(query)
    if not tokens:
        raise StoreError("empty search query: give a word or a phrase")
    terms = sum(isinstance(t, Term) for t in tokens)
    if terms > MAX_QUERY_TERMS:
        raise StoreError(f"search query has {terms} terms; at most {MAX_QUERY_TERMS} are allowed")
    depth = deepest = 0
    for token in tokens:
        depth += 1 if token == "(" else -1 if token == ")" else 0
        deepest = max(deepest, depth)
    if deepest > MAX_QUERY_DEPTH:
        raise StoreError(f"search query nests parentheses {deepest} deep; at most {MAX_QUERY_DEPTH} are allowed")
    position = 0

    def peek() -> str | Term | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str | Term:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def unary() -> Node:
        token = peek()
        if isinstance(token, Term):
            take()
            return token
        if token == "(":
            take()
            inner = either()
            if peek() != ")":
                raise StoreError(f"invalid search query {query!r}: a parenthesis is not closed")
            take()
            return inner
        what = "the query ends" if token is None else f"{token!r} comes"
        raise StoreError(f"invalid search query {query!r}: a term is missing where {what}")

    def without() -> Node:
        node = unary()
        while peek() == "NOT":
            take()
            node = Op("NOT", node, unary())
        return node

    def both() -> Node:
        node = without()
        while (token := peek()) == "AND" or isinstance(token, Term) or token == "(":
            if token == "AND":
                take()
            node = Op("AND", node, without())
        return node

    def either() -> Node:
        node = both()
        while peek() == "OR":
            take()
            node = Op("OR", node, both())
        return node

    tree = either()
    if position != len(tokens):
        raise StoreError(f"invalid search query {query!r}: {tokens[position]!r} closes nothing")
    return tree


MIN_ALIAS_CHARS = 3
"""Aliases shorter than this are not added to a search: the index ignores case, so "IS"
(Islamic State) would find every "is"; typed by the user, a short name is still searched."""


def _names(term: Term, aliases: Aliases | None) -> list[str]:
    if term.prefix or aliases is None:
        return [term.text]
    return list(dict.fromkeys([term.text, *(n for n in aliases(term.text) if len(n.strip()) >= MIN_ALIAS_CHARS)]))


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5(node: Node, aliases: Aliases | None = None) -> str:
    """The SQLite FTS5 MATCH expression of ``node``."""
    if isinstance(node, Term):
        if node.prefix:
            return _string(node.text) + " *"
        names = _names(node, aliases)
        return _string(names[0]) if len(names) == 1 else "(" + " OR ".join(_string(n) for n in names) + ")"
    if node.op == "NOT":
        return f"({fts5(node.left, aliases)} NOT {fts5(node.right, aliases)})"
    return "(" + f" {node.op} ".join(fts5(n, aliases) for n in _operands(node)) + ")"


def _operands(node: Op) -> list[Node]:
    """The operands of a chain of one associative operator, flattened ("a OR b OR c" is one
    OR of three, not ((a OR b) OR c)): FTS5's parser overflows its stack past about a
    hundred levels of nesting, and nested ORs cost it more than a flat one."""
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Op) and n.op == node.op:
            stack.extend((n.right, n.left))
        else:
            out.append(n)
    return out


def fts_query(query: str, aliases: Aliases | None = None) -> str:
    """:func:`parse` then :func:`fts5`."""
    return fts5(parse(query), aliases)


def tsquery(node: Node, aliases: Aliases | None = None) -> tuple[str, dict[str, Any]]:
    """A PostgreSQL SQL expression of type ``tsquery`` for ``node``, and its parameters."""
    params: dict[str, Any] = {}

    def term(text: str, prefix: bool) -> str:
        name = f"q{len(params)}"
        if prefix:
            words = re.findall(r"\w+", text)
            if not words:
                params[name] = ""
                return f"phraseto_tsquery('simple', :{name})"
            params[name] = " <-> ".join(words[:-1] + [words[-1] + ":*"])  # only word characters: no tsquery syntax
            return f"to_tsquery('simple', :{name})"
        params[name] = text
        return f"phraseto_tsquery('simple', :{name})"

    def walk(n: Node) -> str:
        if isinstance(n, Term):
            names = _names(n, aliases)
            if n.prefix:
                return term(n.text, True)
            parts = [term(x, False) for x in names]
            return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"
        if n.op == "NOT":
            return f"({walk(n.left)} && !!{walk(n.right)})"
        return "(" + (" && " if n.op == "AND" else " || ").join(walk(x) for x in _operands(n)) + ")"

    return walk(node), params
