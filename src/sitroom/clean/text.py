"""Boilerplate removal for scraped plain text: what a scraper saves from a news page.

The input keeps the page's lines: navigation, captions, bylines, appeals and footers
sit between the article's paragraphs. The remover works on *segments* (one line, or
soft-wrapped lines joined) and labels each one ``body`` or a removal reason, in passes
that read as the algorithm (:func:`scraped_text`):

1. Line rules (``data/boilerplate.toml``): whole-line interface strings (navigation,
   share, cookie buttons), copyright footers, credits and captions, related-content
   headers, appeal markers. The short-text features follow jusText (Pomikalek 2011,
   *Removing Boilerplate and Duplicate Content from Web Corpora*, ch. 4) and boilerpipe
   (Kohlschuetter et al. 2010, *Boilerplate Detection using Shallow Text Features*):
   word count, stopword density, terminal punctuation.
2. Metadata lines: bylines ("By: NAME"), the author's name and role lines next to them,
   standalone date lines. They move to ``byline`` / ``published``.
3. Caption pairs: a line repeated with a credit appended ("X" then "X Reuters").
4. Regions: an appeal marker (newsletter, membership) opens a *promo region* that goes
   on while the next segments are promotional (the reader addressed as "you", the outlet
   as "we", member/subscribe/donate vocabulary, "X is published by Y") and ends at the
   first segment that reads like reporting. "Page not found" and "Related" headers
   open regions of the same kind.
5. Prose and context: a segment with enough words and stopwords, or a finished
   sentence, is body; short segments take the class of their neighbours (jusText's
   context-sensitive pass), so subheadings between paragraphs stay.
6. Title: the first headline-like segment before the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.clean.patterns import Patterns, patterns
from sitroom.model import Removed

BODY = "body"
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]?$")
_NAME_LINKS = frozenset({"and", "de", "del", "della", "da", "la", "le", "al", "el", "bin",
                         "ibn", "van", "von", "der", "den", "di", "du", "of", "y", "&"})
_TITLE_MAX_WORDS = 20
_MAX_REGION = 40
"""A region (promo, error page, related list) spans at most this many segments."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One line of the scrape, or soft-wrapped lines joined; offsets into the raw text."""

    start: int
    end: int
    text: str
    """Whitespace-normalised text; soft-wrapped lines are joined by one space."""
    match_text: str
    """``text`` with glued DOM words split ("newsletterReceive" -> "newsletter Receive")."""
    words: tuple[str, ...]
    """Lower-case word tokens."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What the remover found: the article text and what it moved out or dropped."""

    text: str
    removed: tuple[Removed, ...]
    title: str | None = None
    byline: str | None = None
    date_line: str | None = None
    """The first standalone publication-date line (not an "Updated" one), as written."""
    outlet: str | None = None


def scraped_text(raw: str, *, title_hint: str | None = None) -> Cleaned:
    """Remove boilerplate from scraped page text ``raw``.

    ``title_hint`` (a title the source states) is removed from the text when a line
    repeats it, and no other title is taken. Returns a :class:`Cleaned` whose ``text``
    has one paragraph per kept segment, separated by blank lines, and whose ``removed``
    spans index ``raw``. Never raises on odd input; runs in time linear in ``raw``.
    """
    pat = patterns()
    segs = segments(raw)
    labels = [line_reason(s, pat) for s in segs]
    byline = mark_metadata(segs, labels, pat)
    mark_caption_pairs(segs, labels, pat)
    mark_regions(segs, labels, pat)
    title_at = find_title(segs, labels, pat, title_hint)
    if title_at is not None:
        labels[title_at] = "title"
    resolve_by_context(segs, labels, pat)
    kept = [s.text for s, label in zip(segs, labels, strict=True) if label == BODY]
    removed = tuple(
        Removed(s.start, s.end, raw[s.start : s.end], label)
        for s, label in zip(segs, labels, strict=True)
        if label != BODY
    )
    return Cleaned(
        text="\n\n".join(kept),
        removed=removed,
        title=segs[title_at].text if title_at is not None else None,
        byline=byline,
        date_line=first_date_line(segs, labels, pat),
        outlet=outlet_from_lines(segs, labels, pat),
    )


def has_prose(text: str) -> bool:
    """True when some paragraph of ``text`` reads as prose (see :func:`_prose`)."""
    pat = patterns()
    return any(_prose(seg, pat) for seg in segments(text[:100_000]))


SURE_PROSE_SEGMENTS = 6
"""Prose paragraphs from which a text is taken for an article without the boilerplate pass."""
SURE_PROSE_WORDS = 150
"""... when they also hold this many words."""


def has_article_prose(text: str) -> bool:
    """True when some paragraph of ``text`` still reads as prose once :func:`scraped_text`
    has removed its boilerplate (a page whose only prose is a newsletter appeal or an error
    message has none). A text of at least :data:`SURE_PROSE_SEGMENTS` prose paragraphs and
    :data:`SURE_PROSE_WORDS` words in them is an article without that pass, which costs more
    than the prose test: appeals, error pages and related lists are short. On the texts
    trafilatura took from 1,000 throughput pages and the 332 HTML pages of the extraction
    datasets (``../shared/datasets``), the answer was the same either way."""
    pat = patterns()
    prose = [seg for seg in segments(text[:100_000]) if _prose(seg, pat)]
    if not prose:
        return False
    if len(prose) >= SURE_PROSE_SEGMENTS and sum(len(seg.words) for seg in prose) >= SURE_PROSE_WORDS:
        return True
    return has_prose(scraped_text(text).text)


def segments(raw: str) -> list[Segment]:
    """Split ``raw`` into segments: non-blank lines, wrapped lines joined.

    Blank lines separate blocks. Inside a block, a line joins the next one when it
    soft-wraps into it (no sentence end, next line in lower case) or when the block is
    hard-wrapped text and the line runs to the wrap width (see :func:`_wrap_width`).
    """
    out: list[Segment] = []
    for block in _blocks(raw):
        width = _wrap_width([b - a for a, b in block])
        pending = [block[0]]
        for span in block[1:]:
            prev = raw[pending[-1][0] : pending[-1][1]]
            line = raw[span[0] : span[1]]
            hard = width is not None and len(prev) >= 0.6 * width
            if not (hard or _continues(prev, line)):
                out.append(_segment(raw, pending))
                pending = []
            pending.append(span)
        out.append(_segment(raw, pending))
    return out


def _blocks(raw: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines of ``raw``, each line as its stripped ``(start, end)``."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            current.append((pos + lead, pos + lead + len(stripped)))
        elif current:
            blocks.append(current)
            current = []
        pos += len(line)
    if current:
        blocks.append(current)
    return blocks


def _wrap_width(lengths: list[int]) -> int | None:
    """The wrap width of a hard-wrapped block, or ``None`` when it is not one.

    Hard-wrapped text (email, plain-text wire copy at 65-80 columns) has most lines,
    all but the last, close to one width; page text has lines of any length. The rule
    follows the reflow heuristic of format=flowed (RFC 3676) readers and ``par``.
    """
    if len(lengths) < 3:
        return None
    width = max(lengths)
    body = lengths[:-1]
    near = sum(1 for n in body if n >= 0.75 * width)
    return width if 40 <= width <= 100 and near >= 0.75 * len(body) else None


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` soft-wraps ``previous``: no sentence end, lower-case start."""
    return line[0].islower() and not _ends_sentence(previous)


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence (stray symbols such as "=" or "*" ignored)."""
    return bool(_TERMINAL.search(text.rstrip(" =*#|-–—•·")))


def _segment(raw: str, spans: list[tuple[int, int]]) -> Segment:
    """A :class:`Segment` over the line ``spans`` of ``raw``."""
    joined = " ".join(raw[a:b] for a, b in spans)
    text = _SPACES.sub(" ", _INVISIBLE.sub("", joined)).strip()
    match_text = _CAMEL.sub(" ", text)
    words = tuple(w if w == "US" else w.lower() for w in _WORD.findall(match_text))
    return Segment(spans[0][0], spans[-1][1], text, match_text, words)


def line_reason(seg: Segment, pat: Patterns) -> str:
    """The removal reason the line rules give ``seg`` on its own, or ``BODY``.

    Whole-line patterns only apply to short lines (interface strings are short), so an
    article paragraph can never be taken for a button label.
    """
    text = seg.match_text
    n = len(seg.words)
    if n == 0 and not any(ch.isdigit() for ch in text):
        return "navigation"  # only symbols: bullets, separators, "/"
    if len(text) <= 200:
        for reason, rx in pat.line.items():
            if rx.fullmatch(text.rstrip(" .:!|»›>")):
                return reason
    if n <= 60 and _is_caption(seg, pat):
        return "caption"
    if n <= 30 and pat.start["copyright"].match(text):
        return "copyright"
    if n <= 20 and pat.start["related"].match(text):
        return "related"
    if n <= 60 and not _reporting(seg, pat):
        for reason in ("cookie", "copyright", "navigation"):
            if pat.search[reason].search(text):
                return reason
    return BODY


def _is_caption(seg: Segment, pat: Patterns) -> bool:
    """A photo caption or credit: "Photo: ...", "... REUTERS/Name", "... (AFP)"."""
    text = seg.match_text
    if pat.start["caption"].match(text):
        return True
    if pat.speech.search(text):
        return False
    if pat.caption_end.search(text):
        return True
    weak = pat.caption_end_weak.search(text)
    # "Soldiers in Aleppo on Tuesday. Reuters": the credit follows a finished sentence.
    return bool(weak) and weak.start() > 0 and bool(_ends_sentence(text[: weak.start()].rstrip()))


def _reporting(seg: Segment, pat: Patterns) -> bool:
    """True when ``seg`` reads like news reporting (attribution verbs, conflict actors)."""
    return bool(pat.reporting.search(seg.match_text))


def _marker(seg: Segment, pat: Patterns) -> str | None:
    """``"newsletter"`` or ``"membership"`` when ``seg`` is an appeal that opens a region."""
    if len(seg.words) > 80:
        return None
    for reason in ("newsletter", "membership"):
        if pat.search[reason].search(seg.match_text):
            # a long segment is an appeal only when it speaks to the reader ("you", "we")
            # and does not report ("...should not become a member, they argue")
            addressed = any(w in pat.pronouns for w in seg.words)
            if len(seg.words) <= 12 or (addressed and not _reporting(seg, pat)):
                return reason
    return None


def _promotional(seg: Segment, pat: Patterns) -> bool:
    """True when ``seg`` goes on addressing the reader about the outlet (promo region).

    Promotional: an appeal marker, an "X is published by Y" self-description, or promo
    vocabulary together with second-person / first-person-plural address, in a segment
    that has no reporting cue.
    """
    if _marker(seg, pat) or pat.self_description.match(seg.text):
        return True
    if _reporting(seg, pat):
        return False
    hits = len(pat.promo.findall(seg.match_text))
    n = max(len(seg.words), 1)
    address = sum(w in pat.pronouns for w in seg.words) / n
    return hits >= 2 or (hits >= 1 and address >= 0.05)


def mark_metadata(segs: list[Segment], labels: list[str], pat: Patterns) -> str | None:
    """Label byline, author-name, role and date lines; return the byline name, if any.

    Bylines follow the AP Stylebook form "By NAME"; CMS author boxes add the name on
    its own line and a role ("Freelance writer") next to it.
    """
    names: list[str] = []
    byline_at: list[int] = []
    for i, seg in enumerate(segs):
        if labels[i] != BODY:
            continue
        if pat.date_line.match(seg.text):
            labels[i] = "dateline"
            continue
        found = _byline(seg, pat)
        if found is not None:
            labels[i] = "byline"
            byline_at.append(i)
            if found:
                names.append(found)
    lowered = {n.lower() for n in names}
    for i in byline_at:
        for j in range(max(0, i - 2), min(len(segs), i + 3)):
            if labels[j] == BODY and (
                segs[j].text.lower().strip(" ,.") in lowered or _role_line(segs[j], pat)
            ):
                labels[j] = "byline"
    return names[0] if names else None


def _byline(seg: Segment, pat: Patterns) -> str | None:
    """The name of a byline line ("By: Latifa Abdin" -> "Latifa Abdin"), ``""`` for a
    byline without a name ("By: /"), ``None`` when ``seg`` is no byline."""
    m = pat.start["byline"].match(seg.text)
    if not m or len(seg.words) > 12:
        return None
    rest = seg.text[m.end() :].strip()
    parts = re.split(r"\s*(?:,|\||\s-\s|\s–\s|\s—\s)\s*", rest, maxsplit=1)
    name = parts[0].strip(" /.")
    if not _WORD.search(name):
        return "" if len(rest) <= 3 else None
    tail = parts[1].split() if len(parts) > 1 else []
    # every word a capitalised name part ("By Tuesday, it was over" is a sentence)
    if len(name.split()) > 6 or not all(_name_token(t, pat) for t in name.split() + tail):
        return None
    return name


def _name_token(token: str, pat: Patterns) -> bool:
    """A word that can appear in a byline: capitalised, a name particle, or a role."""
    word = token.strip(",.;:()")
    return (
        not word
        or word[0].isupper()
        or not word[0].isalpha()
        or word.lower() in _NAME_LINKS
        or word.lower() in pat.roles
    )


def _role_line(seg: Segment, pat: Patterns) -> bool:
    """A short author-role line such as "Freelance writer" or "Middle East correspondent"."""
    if not 1 <= len(seg.words) <= 6 or _ends_sentence(seg.text):
        return False
    last_two = " ".join(seg.words[-2:])
    return seg.words[-1] in pat.roles or last_two in pat.roles


def mark_caption_pairs(segs: list[Segment], labels: list[str], pat: Patterns) -> None:
    """Label a caption shown twice, once with a credit appended ("X" / "X Reuters").

    Scrapers keep both the image's alt text and its visible caption with the credit.
    """
    for i in range(len(segs) - 1):
        a, b = segs[i].text, segs[i + 1].text
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if not short or short == long_ or not long_.startswith(short):
            continue
        tail = long_[len(short) :].strip()
        if 1 <= len(tail.split()) <= 6 and len(short.split()) <= 60:
            labels[i] = labels[i + 1] = "caption"


def mark_regions(segs: list[Segment], labels: list[str], pat: Patterns) -> None:
    """Label promo, error-page and related-list regions (see the module docstring)."""
    i = 0
    while i < len(segs):
        opener = _region_opener(segs[i], labels[i], pat)
        if opener is None:
            i += 1
            continue
        labels[i] = opener
        j = i + 1
        while j < len(segs) and j - i <= _MAX_REGION and _in_region(opener, segs, j, pat):
            if labels[j] == BODY:
                labels[j] = _marker(segs[j], pat) or opener
            j += 1
        i = j


def _region_opener(seg: Segment, label: str, pat: Patterns) -> str | None:
    """The region kind ``seg`` opens, or ``None``."""
    if label == "related":
        return "related"
    if label != BODY:
        return None
    if len(seg.words) <= 20 and pat.error_open.search(seg.match_text):
        return "error-page"
    return _marker(seg, pat)


def _in_region(kind: str, segs: list[Segment], j: int, pat: Patterns) -> bool:
    """True when segment ``j`` continues a region of ``kind``."""
    seg = segs[j]
    if kind == "error-page":
        return len(seg.words) <= 40 and (
            bool(pat.error_vocab.search(seg.match_text)) or len(seg.words) <= 3
        )
    if kind == "related":
        return _headline_like(seg) and j + 1 < len(segs) and not _prose(segs[j + 1], pat)
    if _promotional(seg, pat):
        return True
    # a button label left inside the appeal ("Join", "Email address", "Submit"), unless
    # it heads reporting (a subheading after a mid-article newsletter prompt)
    nxt = segs[j + 1] if j + 1 < len(segs) else None
    return len(seg.words) <= 3 and not _ends_sentence(seg.text) and (
        nxt is None or _promotional(nxt, pat) or not _prose(nxt, pat)
    )


def _headline_like(seg: Segment) -> bool:
    """Short and not a finished sentence: how headlines and link labels look."""
    return 1 <= len(seg.words) <= _TITLE_MAX_WORDS and not seg.text.endswith((".", ",", ";"))


def _prose(seg: Segment, pat: Patterns) -> bool:
    """jusText's "good" block: long enough with a prose-like share of stopwords, or a
    finished sentence of a few words (Pomikalek 2011, sec. 4.2)."""
    n = len(seg.words)
    stops = sum(w in pat.stopwords for w in seg.words)
    if n >= 10 and stops / n >= 0.2:
        return True
    if n >= 5 and stops >= 2 and seg.text.endswith(":"):
        return True  # a sentence introducing a list or quote
    return n >= 3 and stops >= 1 and bool(_ends_sentence(seg.text))


def find_title(
    segs: list[Segment], labels: list[str], pat: Patterns, hint: str | None
) -> int | None:
    """Index of the title: the first substantial headline-like segment before the body.

    With a ``hint`` (a stated title) only a segment repeating it is the title.
    """
    for i, seg in enumerate(segs):
        if labels[i] != BODY:
            continue
        if hint is not None:
            if _same_text(seg.text, hint):
                return i
            if _prose(seg, pat) and len(seg.words) > _TITLE_MAX_WORDS:
                return None
            continue
        # an odd number of quotation marks: a sentence broken across lines, not a headline
        balanced = seg.text.count('"') % 2 == 0 and seg.text.count("“") == seg.text.count("”")
        substantial = len(seg.words) >= 3 and not seg.text.endswith(":") and balanced
        has_body = any(labels[k] == BODY for k in range(i + 1, len(segs)))
        return i if substantial and _headline_like(seg) and has_body else None
    return None


def _same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and trailing punctuation."""
    def norm(s: str) -> str:
        return " ".join(s.lower().split()).rstrip(" .")
    return norm(a) == norm(b)


def resolve_by_context(segs: list[Segment], labels: list[str], pat: Patterns) -> None:
    """Classify the remaining short segments by their neighbours (jusText, sec. 4.3).

    Prose segments stay. A short segment stays when it lies inside the article (prose
    before and after it) and the nearest classified segments around it are prose, or
    the next one is (a subheading). Before the first and after the last prose segment,
    short segments are page furniture (section labels, footers).
    """
    good = [labels[i] == BODY and _prose(s, pat) for i, s in enumerate(segs)]
    if not any(good):
        return  # nothing reads as prose: keep what the rules left (e.g. a short note)
    first = good.index(True)
    last = len(good) - 1 - good[::-1].index(True)
    for i, seg in enumerate(segs):
        if labels[i] != BODY or good[i]:
            continue
        if i < first or i > last:
            labels[i] = "navigation"
            continue
        nxt = next((k for k in range(i + 1, len(segs)) if labels[k] != BODY or good[k]), None)
        if nxt is None or not good[nxt]:
            labels[i] = "navigation"


def first_date_line(segs: list[Segment], labels: list[str], pat: Patterns) -> str | None:
    """The first dateline that is not an "Updated ..." line, as written."""
    for seg, label in zip(segs, labels, strict=True):
        if label != "dateline":
            continue
        m = pat.date_line.match(seg.text)
        if m and not seg.text.lower().lstrip().startswith(pat.updated_words):
            return seg.text
    return None


def outlet_from_lines(segs: list[Segment], labels: list[str], pat: Patterns) -> str | None:
    """The outlet named by a removed "<Outlet> is published by <Publisher>" line or a
    "(c) <year> <Outlet>" footer; ``None`` when neither is there."""
    for seg, label in zip(segs, labels, strict=True):
        if label in ("membership", "newsletter") and (m := pat.self_description.match(seg.text)):
            return m.group(1).strip()
    for seg, label in zip(segs, labels, strict=True):
        if label == "copyright" and (name := _copyright_owner(seg.text)):
            return name
    return None


def _copyright_owner(text: str) -> str | None:
    """"(c) 2021 Outlet Name. All rights reserved." -> "Outlet Name"."""
    m = re.match(r"^\s*(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*"
                 r"([^.|,;]{2,60}?)\s*(?:[.|,;]|all rights reserved|$)", text, re.IGNORECASE)
    if not m:
        return None
    name = m.group(1).strip()
    words = name.split()
    if not 1 <= len(words) <= 6 or name.lower().startswith("all rights"):
        return None
    return name
