"""datasette metadata for a sitroom store (``sitroom datasette-metadata``).

datasette (Simon Willison's tool that serves an SQLite file as pages and a JSON API) reads
table options from a metadata file: ``fts_table`` and ``fts_pk`` make ``?_search=`` on
``documents`` use sitroom's full-text index (whose rowid is ``documents.seq``), and
``hidden`` keeps the tables that only serve linking out of the table list. The views
(``figures_view``, ``quotes_view``, ``events_view``, ``mentions_view``) show each fact
with its sentence. Usage::

    sitroom datasette-metadata --db news.db > metadata.json
    datasette news.db -m metadata.json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitroom.store import schema


def metadata(db: str) -> dict[str, Any]:
    """datasette's metadata for the store file ``db`` (datasette names a database by its
    file's stem)."""
    tables: dict[str, Any] = {
        "documents": {
            "fts_table": "documents_fts",
            "fts_pk": "seq",
            "label_column": "title",
            "description": "Articles: clean text and metadata. ?_search= searches titles and texts.",
        },
        "entities": {"label_column": "name"},
        "stories": {"label_column": "title"},
        "figures_view": {"description": "Every figure with the sentence it comes from and its document."},
        "quotes_view": {"description": "Every quote with its sentence and its document."},
        "events_view": {"description": "Every event with its sentence and its document."},
        "mentions_view": {"description": "Every name mention with its document."},
    }
    for name in schema.INTERNAL_TABLES:
        tables[name] = {"hidden": True}
    return {
        "title": f"sitroom store {Path(db).name}",
        "description": "Facts from news, each pointing at the sentence (doc_id, start, end) it came from.",
        "databases": {Path(db).stem: {"tables": tables}},
    }
