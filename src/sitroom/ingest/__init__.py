"""ingest stage: read files, folders, WARCs and standard input into RawDocuments.

``read_paths`` is the entry point; each source kind has its own reader module
(``text``, ``html``, ``jsonl``, ``warc``, ``stdin``) fitting the :class:`Reader`
protocol. Nothing here raises for bad input: problems come out as
:class:`~sitroom.model.Failure` records with ``stage="ingest"``.
"""

from sitroom.ingest.base import Reader
from sitroom.ingest.html import read_html
from sitroom.ingest.jsonl import read_jsonl
from sitroom.ingest.paths import READERS, folder_files, read_paths
from sitroom.ingest.stdin import read_stdin, sniff_kind
from sitroom.ingest.text import decode_text, read_text
from sitroom.ingest.warc import read_warc

__all__ = [
    "READERS",
    "Reader",
    "decode_text",
    "folder_files",
    "read_html",
    "read_jsonl",
    "read_paths",
    "read_stdin",
    "read_text",
    "read_warc",
    "sniff_kind",
]
