"""Near-duplicate documents: syndicated and lightly edited copies of one article.

Pure functions, no I/O; :func:`sitroom.link.batch.store_batch` calls them inside its
transaction and keeps the LSH buckets in indexed tables, so that linking one more
document costs ``BANDS`` indexed lookups and the verification of the few candidates they
return, never a pass over the stored documents.

Shingles (:func:`shingles`)
    The clean text is NFKC-normalised, case-folded and cut into word tokens (``\\w+``), so
    punctuation, quote-mark style and line wrapping do not matter. A shingle is
    ``SHINGLE_SIZE`` consecutive words, hashed to 32 bits (Broder 1997, "On the resemblance
    and containment of documents": resemblance and containment of documents as sets of
    word shingles). Titles are not shingled: syndicators rewrite headlines.

Signature (:func:`signature`)
    A MinHash of the shingle set (datasketch, ``NUM_PERM`` permutations, scheme
    ``affine32``, fixed ``SEED``): the fraction of equal values of two signatures
    estimates the Jaccard resemblance of the two shingle sets.

Candidates (:func:`band_keys`)
    Banded LSH (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.4): the
    signature is cut into ``BANDS`` bands of ``ROWS`` values; two documents are candidates
    when they agree on every value of at least one band, which happens with probability
    ``1 - (1 - s**ROWS)**BANDS`` for resemblance ``s`` (:func:`candidate_probability`).

Verification (:func:`may_duplicate`, :func:`similarity`, :func:`is_duplicate`)
    A candidate is first checked on what is stored beside its bucket rows: its shingle
    count (a duplicate is at least ``min(MIN_RESEMBLANCE, MIN_LENGTH_RATIO)`` as long as
    the other) and its signature (estimated resemblance at least ``MIN_ESTIMATE``, far
    enough below the rule's lowest resemblance, about 0.3, for the estimate's error).
    Those left are checked on the exact shingle sets (rebuilt from the candidate's text,
    read by primary key): a duplicate has resemblance
    ``|A ∩ B| / |A ∪ B|`` of at least ``MIN_RESEMBLANCE``, or is a truncated copy: the
    shorter document's shingles lie at least ``MIN_CONTAINMENT`` inside the longer one
    and it keeps at least ``MIN_LENGTH_RATIO`` of its shingles.

Choices, measured on 10,000 Wikinews articles, syndicated copies and follow-up stories
(``bench/dedupe.py``; BENCHMARKS.md, section ``dedupe-wikinews``, has the figures)
    * 5-word shingles: 3-word ones find more of the heavily edited copies, but bring
      about 2.6 times as many pairs of different articles within 0.1 of the threshold.
    * Resemblance 0.4, not the 0.7-0.8 usual for web pages: copies with 2 % of their words
      edited and the last 10-30 % of sentences cut mostly fall between 0.4 and 0.7 (their
      recall is 0.99 at 0.4, 0.88 at 0.7), while the only pair of different articles above
      0.4 is a follow-up story that repeats most of the earlier one (0.6); at 0.3, ten
      pairs of different articles are linked.
    * 42 bands of 3 rows: the candidate probability is 0.65 at resemblance 0.3 (about the
      lowest the rule accepts, a containment pair), 0.94 at 0.4 and 0.996 at 0.5; 99 % of
      the pairs the rule accepts become candidates, for about 0.25 other candidates per
      insert (32 x 4 with 128 values: 92 %).

A copy points at the earliest stored document it duplicates (:class:`Duplicate`); the
first one ingested stays the original, and a later document never changes that.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash

from sitroom.model import Duplicate

RULE = "sitroom.dedupe.v1"
"""Stored with each duplicate link, so that a link knows which rule made it."""

SHINGLE_SIZE = 5
"""Words per shingle."""
NUM_PERM = 126
"""MinHash permutations (the signature's length)."""
BANDS = 42
"""LSH bands; ``BANDS * ROWS == NUM_PERM``."""
ROWS = 3
"""Signature values per band."""
BUCKET_LIMIT = 20
"""Documents read per bucket, earliest first: a story syndicated a thousand times fills its
buckets, and the earliest copies are the ones a new copy is linked to."""
SEED = 1
"""Seed of the MinHash permutations: fixed, so signatures and buckets are reproducible."""

MIN_ESTIMATE = 0.15
"""Estimated resemblance (equal signature values) below which a candidate is dropped unread."""
MIN_RESEMBLANCE = 0.4
"""Exact shingle Jaccard at or above which two documents are copies of one article."""
MIN_CONTAINMENT = 0.8
"""Share of the shorter document's shingles found in the longer (a truncated copy) ..."""
MIN_LENGTH_RATIO = 0.4
"""... when the shorter has at least this share of the longer one's shingles."""

_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x100000001B3)
"""The FNV-1 64-bit prime: odd, so each position's term of the polynomial hashes below is a
bijection modulo 2**64."""




def words(text: str) -> list[str]:
    """The word tokens of ``text``: NFKC, case-folded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, *, size: int = SHINGLE_SIZE) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of the ``size``-word shingles of ``text``.

    A text shorter than ``size`` words is one shingle (its words); an empty one has none.
    Word hashes are CRC-32 (deterministic across processes, unlike ``hash``); a shingle's
    hash is a polynomial of its words' hashes modulo 2**64, folded to 32 bits.
    """
    tokens = words(text)
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    ids = np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))
    width = min(size, len(ids))
    n = len(ids) - width + 1
    acc = np.zeros(n, dtype=np.uint64)
    for i in range(width):
        acc = acc * _MULTIPLIER + ids[i : i + n]
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


@cache
def _template(num_perm: int, seed: int) -> MinHash:
    """An empty MinHash whose permutations are drawn once per (num_perm, seed)."""
    return MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine32")


def signature(hashes: np.ndarray, *, num_perm: int = NUM_PERM, seed: int = SEED) -> MinHash:
    """The MinHash of a shingle-hash set (:func:`shingles`); empty sets give the empty MinHash."""
    minhash = _template(num_perm, seed).copy()
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    return minhash


def band_keys(minhash: MinHash, *, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One bucket key per band: the band's values (already random 32-bit numbers) combined
    by a polynomial modulo 2**64, as a signed 64-bit integer (fits SQL BIGINT).

    Raises:
        ValueError: ``bands * rows`` is not the signature's length.
    """
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    if bands * rows != len(values):
        raise ValueError(f"{bands} bands of {rows} rows do not cover a signature of {len(values)} values")
    table = values.reshape(bands, rows)
    keys = np.zeros(bands, dtype=np.uint64)
    for i in range(rows):
        keys = keys * _MULTIPLIER + table[:, i]
    return keys.view(np.int64).tolist()


def candidate_probability(s: float, *, bands: int = BANDS, rows: int = ROWS) -> float:
    """Probability that two documents of resemblance ``s`` share a bucket (MMDS 3.4.2)."""
    return 1.0 - (1.0 - s**rows) ** bands


def signature_bytes(minhash: MinHash) -> bytes:
    """The signature's values as little-endian uint32 bytes (what the store keeps)."""
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def estimated_resemblance(a: bytes, b: bytes) -> float:
    """The share of equal values of two stored signatures (:meth:`MinHash.jaccard`)."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / len(x) if len(x) == len(y) and len(x) else 0.0


def may_duplicate(size_a: int, size_b: int, estimate: float) -> bool:
    """Whether two documents with these shingle counts and this estimated resemblance can
    pass :func:`is_duplicate` (resemblance never exceeds the length ratio)."""
    if not size_a or not size_b:
        return False
    ratio = min(size_a, size_b) / max(size_a, size_b)
    return ratio >= min(MIN_RESEMBLANCE, MIN_LENGTH_RATIO) and estimate >= MIN_ESTIMATE


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(resemblance, containment) of two shingle-hash sets: Jaccard, and the share of the
    smaller set found in the larger; (0, 0) when either is empty."""
    common = _common(a, b)
    if not common:
        return 0.0, 0.0
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True)) if len(a) and len(b) else 0


def duplicate_by_counts(
    size_a: Any,
    size_b: Any,
    common: Any,
    *,
    min_resemblance: float = MIN_RESEMBLANCE,
    min_containment: float = MIN_CONTAINMENT,
    min_length_ratio: float = MIN_LENGTH_RATIO,
) -> Any:
    """The rule on set sizes and the number of shingles they share: resemblance at least
    ``min_resemblance``, or containment at least ``min_containment`` with a length ratio of
    at least ``min_length_ratio``. Works on numbers and, element-wise, on numpy arrays."""
    short, long = np.minimum(size_a, size_b), np.maximum(size_a, size_b)
    resemblance = common / np.maximum(size_a + size_b - common, 1)
    containment = common / np.maximum(short, 1)
    return (resemblance >= min_resemblance) | ((containment >= min_containment) & (short >= min_length_ratio * long) & (short > 0))


def is_duplicate(a: np.ndarray, b: np.ndarray) -> tuple[bool, float, float]:
    """Whether shingle sets ``a`` and ``b`` are copies of one article
    (:func:`duplicate_by_counts`), with their (resemblance, containment)."""
    common = _common(a, b)
    if not common:
        return False, 0.0, 0.0
    resemblance, containment = common / (len(a) + len(b) - common), common / min(len(a), len(b))
    return bool(duplicate_by_counts(len(a), len(b), common)), resemblance, containment


__all__ = [
    "BANDS",
    "BUCKET_LIMIT",
    "MIN_CONTAINMENT",
    "MIN_ESTIMATE",
    "MIN_LENGTH_RATIO",
    "MIN_RESEMBLANCE",
    "NUM_PERM",
    "ROWS",
    "RULE",
    "SEED",
    "SHINGLE_SIZE",
    "Duplicate",
    "band_keys",
    "candidate_probability",
    "duplicate_by_counts",
    "estimated_resemblance",
    "is_duplicate",
    "may_duplicate",
    "shingles",
    "signature",
    "signature_bytes",
    "similarity",
    "words",
]
