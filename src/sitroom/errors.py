"""Every error sitroom raises on purpose, under one root.

Catch :class:`SitroomError` to handle them all; the message of each names the file,
setting or record at fault and, where there is one, the next step::

    SitroomError
    ├── ConfigError          a settings file, key or value is wrong          (ValueError)
    ├── DataError            a packaged data file is unreadable or invalid   (ValueError)
    │   ├── ActorDataError       data/actors.toml
    │   └── EventDataError       data/event_types.toml and the event lexicon
    ├── ModelError           a model cannot be loaded                        (RuntimeError)
    │   ├── ModelNotFound        the spaCy model package is not installed
    │   └── EmbeddingError       the story-embedding model is missing or failed
    ├── InputError           an input document or path is unusable           (ValueError)
    │   ├── FetchError           a URL was refused, failed or was too large
    │   ├── CleanError           no article text could be found in a document
    │   └── ExtractionTimeout    a document's fact extraction ran past max_seconds
    ├── StoreError           the store is missing, foreign, locked or of another schema (RuntimeError)
    └── ReportError          a report or export cannot be built as asked     (ValueError)
        └── CitationError        a cited span does not hold what the report says

Each class also derives from the builtin named on the right, so code written against
``ValueError`` or ``RuntimeError`` before this tree existed still catches it. The
modules that raise them re-export them (``sitroom.store.StoreError`` is this one).
This module imports nothing, so importing an error never loads a model.
"""

from __future__ import annotations


class SitroomError(Exception):
    """The root of every error sitroom raises on purpose."""


class ConfigError(SitroomError, ValueError):
    """Bad configuration; the message names the file or setting."""


class DataError(SitroomError, ValueError):
    """A packaged data file is unreadable or invalid; the message names the file and entry."""


class ActorDataError(DataError):
    """The actor data (``data/actors.toml`` or a file the configuration names) is invalid."""


class EventDataError(DataError):
    """The event type table or trigger lexicon is invalid."""


class ModelError(SitroomError, RuntimeError):
    """A model cannot be loaded; the message says which package to install or setting to change."""


class ModelNotFound(ModelError):
    """The configured spaCy model is not installed."""


class EmbeddingError(ModelError):
    """The story-embedding model is not installed or cannot encode."""


class InputError(SitroomError, ValueError):
    """An input path or document cannot be used; the message names it."""


class FetchError(InputError):
    """A URL that could not be fetched (refused, failed, too large); ``status`` is the HTTP
    status where there was one."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


class CleanError(InputError):
    """No article text could be found in a document."""


class ExtractionTimeout(InputError):
    """A document's fact extraction ran past its time budget (``max_seconds``)."""


class StoreError(SitroomError, RuntimeError):
    """The store cannot be opened or used as asked; the message says what to do."""


class ReportError(SitroomError, ValueError):
    """A report or export cannot be built as asked (unknown story, bad date, unknown format)."""


class CitationError(ReportError):
    """A cited span does not hold what the report says it does."""
