"""Errors of the clean stage.

Exception tree::

    ValueError
     └── CleanError    the raw document holds no usable article text
"""

from __future__ import annotations


class CleanError(ValueError):
    """A raw document could not be turned into a :class:`~sitroom.model.Document`.

    The message says what is wrong, e.g. ``"no article text found in the HTML"``;
    the batch runner stores it as a :class:`~sitroom.model.Failure` reason.
    """
