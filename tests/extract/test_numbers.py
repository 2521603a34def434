"""Number expressions found in windows around their anchors are the ones the whole pattern
finds in the whole text (sitroom.extract._numbers.find_numbers)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.extract._numbers import find_numbers, number_pattern

PIECES = [
    " ", "  ", "\n", "\n\n", "\t", "-", "–", ",", ".", "$", "US$", "€", "%", "(", ")", "Rs.", "5", "12", "1,500", "3.5", "2017",
    "one", "Two", "twenty", "hundred", "thousand", "millions", "dozens", "tens of thousands", "a couple of", "several",
    "at", "least", "at least", "nearly", "no fewer than", "up to", "between", "and", "to", "or", "per cent", "percent",
    "strong", "dollars", "Australian dollars", "bn", "m", "people", "killed", "the", "only", "someone", "tenant", "x",
]


def _matches(found):
    return [(m.start(), m.end(), m.groupdict()) for m in found]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_the_windows_find_what_the_whole_pattern_finds(pieces):
    text = "".join(pieces)
    assert _matches(find_numbers(text)) == _matches(number_pattern().finditer(text))


def test_a_bound_word_far_before_its_number_in_spaces_still_counts():
    # the windows count words, not characters: a long run of spaces keeps the bound word
    text = "Officials said at" + " " * 200 + "least 5,000 people and an estimated   \n  US$ 3 billion dollars were involved."
    found = _matches(find_numbers(text))
    assert found == _matches(number_pattern().finditer(text))
    assert found[0][2]["qual"] == "at" + " " * 200 + "least" and found[0][2]["core"] == "5,000"
