"""Clean stage: raw HTML or scraped text -> :class:`~sitroom.model.Document`.

``clean(raw)`` returns the article's clean text (every later offset points into it)
with its title, outlet, byline, language and publication date, and the stretches of
the raw text that were dropped (``Document.removed``, each with a reason).
"""

from sitroom.clean.document import clean
from sitroom.clean.errors import CleanError

__all__ = ["CleanError", "clean"]
