"""Sentence embeddings: the model, `encode`, and `similarity`, in sentence-transformers' split.

The model is all-mpnet-base-v2 as an 8-bit ONNX graph shipped in bot/data/model (built by
tools/build_model.py). It gives relatedness that no word list holds ("RAM" ~ "memory",
"boot" ~ "start-up time"), at tens of milliseconds a sentence, so the matcher asks for it
only when the table's own words do not settle a question. Nothing here runs, or is even
imported (numpy, onnxruntime, tokenizers), until the first `encode`.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

MAX_TOKENS = 64  # a question sentence; longer text is cut (its start carries the question)
CACHE_SIZE = 4_096  # recent batches: a retried or repeated question is not encoded twice
DIMENSIONS = 768
# Two threads a model run: a question's first sight takes ~0.6x the time of one thread (the
# model's matrices are large enough to split), while answers also run in parallel threads, so
# more would only contend. Measured on a 2-core machine; see docs/matching.md.
MODEL_THREADS = min(2, os.cpu_count() or 1)
BATCH = 64  # texts per model run when encoding a table: memory stays small
PADDING_SLACK = 1.3  # a batch's longest text is at most this much longer than its shortest


class Embedder:
    """Encodes text to unit vectors; thread-safe, loaded on the first call."""

    def __init__(self, model_dir: Path | None = None, threads: int = 0):
        self.model_dir = Path(model_dir or Path(__file__).parent / "data" / "model")
        self.threads = threads or MODEL_THREADS
        self._session = self._tokenizer = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, ...], object] = OrderedDict()

    def _load(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(self.model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str], batch: int = 0, slack: float = 0.0):
        """Unit vectors, one row per text (numpy float32, shape len(texts) x DIMENSIONS).

        Texts of like length run together, up to `batch` (default BATCH) at a time. The 8-bit
        model scales its activations per run, so a text's vector shifts a little with the
        company it runs in (cosine 0.96-0.99): the same texts in the same order always get the
        same vectors."""
        batch_size, slack = batch or BATCH, slack or PADDING_SLACK
        import numpy as np

        if self._session is None:
            with self._lock:
                if self._session is None:
                    self._load()
        if not texts:
            return np.zeros((0, DIMENSIONS), np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        vectors = np.zeros((len(encodings), DIMENSIONS), np.float32)
        group: list[int] = []
        for i in order:  # texts of like length together: padding is work thrown away
            if group and (len(group) == batch_size or len(encodings[i].ids) > slack * len(
                encodings[group[0]].ids
            )):
                vectors[group] = self._run([encodings[j] for j in group])
                group = []
            group.append(i)
        vectors[group] = self._run([encodings[j] for j in group])
        return vectors

    def _run(self, encodings: list):
        """One batch through the model, padded to its longest text."""
        import numpy as np

        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), np.int64)
        mask = np.zeros((len(encodings), width), np.int64)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        return self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    def encode_cached(self, texts: Sequence[str]):
        """Like `encode`, remembering the most recent batches (a question and its parts; its
        unfamiliar words). A batch is remembered whole: a text's vector depends a little on
        the company it runs in, so the same question always gets the same vectors."""
        key = tuple(texts)
        found = self._cache.get(key)
        if found is None:
            found = self.encode(texts)  # grouped by length: a long question pads no part
            with self._lock:
                self._cache[key] = found
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return found

    @property
    def loaded(self) -> bool:
        return self._session is not None


def similarity(a, b):
    """Cosine similarity of unit vectors: a (n x d) against b (m x d) -> n x m."""
    return a @ b.T


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()
