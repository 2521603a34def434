"""Quotation marks paired into quoted stretches, one paragraph at a time (pure string code).

Rules, after the AP Stylebook ("quotation marks") and the Chicago Manual of Style (13.28-13.33):

* marks pair only within a paragraph (a blank line ends every open quote), so no quote silently
  spans two paragraphs;
* a quote still open at the end of its paragraph runs to that end: the AP running-quote
  convention leaves a paragraph of a continuing quotation unclosed. It is kept (``closed`` is
  False); a quote interrupted by a new opening mark before it closes is dropped, since where it
  ends cannot be known;
* only the outermost quotation counts; marks of the other family inside it (single inside double,
  double inside single) are nested quotations and stay part of the text;
* straight marks (``"``) and misused glyphs are read by their flanking context, as in CommonMark's
  left-/right-flanking rule: a mark after a space and before a letter opens, one after a letter
  and before a space or punctuation closes;
* straight apostrophes (``'``) are never read as quotation marks (too often apostrophes), and a
  typographic single quote that never closes is dropped (‘90s, ‘em).

Every function is a single left-to-right pass: linear time on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n(?:[^\S\n]*\n)+")
_DOUBLE = frozenset("“”„«»\"")
_SINGLE = frozenset("‘’")
_OPENING_CONTEXT = frozenset("([{—–-/“‘«„\"'")


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted stretch: ``[start, end)`` is the text inside the marks, trimmed.

    ``open`` and ``close`` are the offsets of the marks; ``close`` is None when the quote runs
    to the end of its paragraph without closing.
    """

    open: int
    start: int
    end: int
    close: int | None

    @property
    def closed(self) -> bool:
        """True when a closing mark ends the quote."""
        return self.close is not None

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or the content end when unclosed)."""
        return self.close + 1 if self.close is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text``: stretches between blank lines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _BLANK_LINE.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def quoted_stretches(text: str) -> list[Marked]:
    """Every outermost quotation in ``text``, paired within paragraphs (see module rules)."""
    found: list[Marked] = []
    for start, end in paragraphs(text):
        found.extend(_pair(text, start, end))
    return found


def _family(mark: str) -> str:
    return "single" if mark in _SINGLE else "double"


def _left_flank(text: str, i: int, lo: int) -> bool:
    """The mark at ``i`` follows a space, an opening bracket/dash or the paragraph start."""
    return i == lo or text[i - 1].isspace() or text[i - 1] in _OPENING_CONTEXT


def _right_flank(text: str, i: int, hi: int) -> bool:
    """The mark at ``i`` precedes a space, punctuation or the paragraph end."""
    return i + 1 >= hi or not text[i + 1].isalnum()


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    """Whether the mark at ``i`` reads as an opening mark when no quote is open."""
    mark = text[i]
    if mark in "“„«":
        return True
    followed = i + 1 < hi and not text[i + 1].isspace()
    if mark == "‘":
        return _left_flank(text, i, lo) and followed
    if mark in "\"”":
        return followed and (_left_flank(text, i, lo) or not _right_flank(text, i, hi))
    return False


def _closes(text: str, i: int, lo: int, hi: int) -> bool:
    """Whether the mark at ``i`` reads as closing the open quote of its family."""
    mark = text[i]
    if mark == "’":
        return _right_flank(text, i, hi) and i > lo and not text[i - 1].isspace()
    if mark in "”»":
        return True
    # “ or " while a quote is open: a closer unless it clearly opens (space before, word after).
    return not (_left_flank(text, i, lo) and not _right_flank(text, i, hi))


def _marks(text: str, lo: int, hi: int) -> Iterator[int]:
    for i in range(lo, hi):
        if text[i] in _DOUBLE or text[i] in _SINGLE:
            yield i


def _pair(text: str, lo: int, hi: int) -> Iterator[Marked]:
    """Pair the marks of the paragraph ``text[lo:hi]`` in one pass."""
    open_at: int | None = None
    for i in _marks(text, lo, hi):
        if open_at is None:
            if _opens(text, i, lo, hi):
                open_at = i
            continue
        if _family(text[i]) != _family(text[open_at]):
            continue
        if _closes(text, i, lo, hi):
            marked = _trimmed(text, open_at, i, i)
            if marked:
                yield marked
            open_at = None
        elif _opens(text, i, lo, hi):
            open_at = i  # the earlier quote never closed: dropped (its end is unknown)
    if open_at is not None and text[open_at] not in _SINGLE:
        marked = _trimmed(text, open_at, hi, None)
        if marked:
            yield marked


def _trimmed(text: str, open_at: int, end: int, close: int | None) -> Marked | None:
    """The content between the marks without outer spaces: everything the marks enclose,
    punctuation included ("If the road stays closed,"), so that it is verbatim."""
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    return Marked(open=open_at, start=start, end=end, close=close)
