"""The store: SQLAlchemy Core over SQLite (default) or PostgreSQL. It only stores and
reads; documents are written, linked, by :func:`sitroom.link.batch.store_batch`."""

from sitroom.store.store import Batch, SearchHit, Store, StoreError

__all__ = ["Batch", "SearchHit", "Store", "StoreError"]
