"""Article text on a terminal: control characters shown, never obeyed.

Titles, snippets and article text come from the web; an escape sequence in them
(``ESC ]0;...BEL`` retitles the terminal, ``ESC [2J`` clears it, others rewrite what was
printed before) must not reach the terminal as a command. :func:`for_terminal` replaces each
C0 and C1 control character except newline and tab, and DEL, by one visible character (the
Unicode control picture, "␛" for ESC; U+FFFD for C1), so the text keeps its length and every
character offset of a fact still points at the same place.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400..U+241F: the control pictures
    return "\u2421" if code == 0x7F else "\ufffd"


def for_terminal(text: str) -> str:
    """``text`` with control characters (but newline and tab) replaced by visible ones."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text
