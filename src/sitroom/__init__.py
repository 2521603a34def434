"""sitroom: crisis and conflict news in, sourced facts out.

    >>> import sitroom
    >>> analysis = sitroom.process(sitroom.RawDocument("...", "text", sitroom.Origin(path="a.txt")))
    >>> store = sitroom.Store("sitroom.db")
    >>> sitroom.store_batch(store, [(analysis, "raw-input-id")])

``process(raw)`` cleans, parses and extracts one document (see :mod:`sitroom.pipeline`);
``Store`` keeps documents and facts in SQLite (see :mod:`sitroom.store`); the records
are in :mod:`sitroom.model`.
"""

from sitroom.config import Config, load_config
from sitroom.errors import SitroomError, StoreError
from sitroom.model import Analysis, DateValue, Document, Entity, Event, Failure, Figure, Mention, Origin, Quote, RawDocument, Removed, Span, TimeRef


def __getattr__(name: str) -> object:
    # The pipeline and the store pull in spaCy, SQLAlchemy and every stage: load them
    # when first asked for, so that `import sitroom` (and `sitroom --help`) stays fast.
    if name in ("process", "process_batch"):
        from sitroom import pipeline

        return getattr(pipeline, name)
    if name == "ingest":
        from sitroom.runner import ingest

        return ingest
    if name == "Store":
        from sitroom.store import Store

        return Store
    if name == "store_batch":
        from sitroom.link.batch import store_batch

        return store_batch
    raise AttributeError(f"module 'sitroom' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Config",
    "DateValue",
    "Document",
    "Entity",
    "Event",
    "Failure",
    "Figure",
    "Mention",
    "Origin",
    "Quote",
    "RawDocument",
    "Removed",
    "SitroomError",
    "Span",
    "Store",
    "StoreError",
    "TimeRef",
    "ingest",
    "load_config",
    "process",
    "process_batch",
    "store_batch",
]
