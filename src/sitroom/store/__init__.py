"""The store: SQLAlchemy Core over SQLite (default) or PostgreSQL."""

from sitroom.store.store import BatchResult, SearchHit, Store, StoreError

__all__ = ["BatchResult", "SearchHit", "Store", "StoreError"]
