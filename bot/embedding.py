"""Sentence embeddings: the model, `encode`, and `similarity`, in sentence-transformers' split.

The model is all-mpnet-base-v2 as an 8-bit ONNX graph shipped in bot/data/model (built by
tools/build_model.py). It gives relatedness that no word list holds ("RAM" ~ "memory",
"boot" ~ "start-up time"), at tens of milliseconds a sentence, so the matcher asks for it
only when the table's own words do not settle a question. Nothing here runs, or is even
imported (numpy, onnxruntime, tokenizers), until the first `encode`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from bot.compiled import cache_dir as _default_cache

log = logging.getLogger(__name__)
MAX_TOKENS = 64  # a question sentence; longer text is cut (its start carries the question)
CACHE_SIZE = 4_096  # recent batches: a retried or repeated question is not encoded twice
DIMENSIONS = 768
# Two threads a model run: a question's first sight takes ~0.6x the time of one thread (the
# model's matrices are large enough to split), while answers also run in parallel threads, so
# more would only contend. Measured on a 2-core machine; see docs/matching.md.
MODEL_THREADS = min(2, os.cpu_count() or 1)
MODEL_DIR = Path(__file__).parent / "data" / "model"
BATCH = 64  # texts per model run when encoding a table: memory stays small
PADDING_SLACK = 1.3  # a batch's longest text is at most this much longer than its shortest


class Embedder:
    """Encodes text to unit vectors; thread-safe, loaded on the first call."""

    def __init__(self, model_dir: Path | None = None, threads: int = 0,
                 int8: bool | None = None, cache_dir: Path | None = None):
        """`int8`: run the int8-weight graph (True), the uint8 one (False), or the int8 one
        when this CPU's kernels are exact (None: see `exact_int8_kernels`); its weights are
        kept in `cache_dir` (default: the knowledge cache's folder)."""
        self.model_dir = Path(model_dir or MODEL_DIR)
        self.threads = threads or MODEL_THREADS
        self.int8 = int8
        self.cache_dir = cache_dir if cache_dir is not None else _default_cache()
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
        fast = None
        if self.int8 or (self.int8 is None and exact_int8_kernels(self.model_dir)):
            fast = self._int8_session(options)
        self.int8 = fast is not None
        self._session = fast or onnxruntime.InferenceSession(
            str(self.model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer
        log.info("language model loaded: the %s graph, %d threads a run",
                 "int8" if self.int8 else "uint8", self.threads)

    def _int8_session(self, options):
        """The int8 graph's session, or None where its weights cannot be made or read."""
        import onnxruntime

        folder = int8_model(self.model_dir, self.cache_dir)
        if folder is None:
            return None
        try:
            return onnxruntime.InferenceSession(
                str(folder / "model-int8.onnx"), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001  (a damaged cache: the shipped graph runs)
            log.warning("int8 model in %s unusable (%s); running the uint8 one", folder, exc)
            return None

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


def exact_int8_kernels(model_dir: Path) -> bool:
    """Whether onnxruntime multiplies uint8 by int8 exactly on this CPU (VNNI), so that the
    int8-weight graph gives the uint8 graph's results 1.2-1.9x faster. Plain AVX2 sums such
    products in 16 bits and saturates on this model, so it is tested, not assumed: one
    product whose pairs overflow 16 bits (int8-probe.onnx) must come out exact."""
    import numpy as np
    import onnxruntime

    if not (model_dir / "model-int8.onnx").exists():
        return False
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    try:
        probe = onnxruntime.InferenceSession(
            str(model_dir / "int8-probe.onnx"), options, providers=["CPUExecutionProvider"])
        depth = probe.get_inputs()[0].shape[1]
        result = probe.run(None, {"a": np.full((1, depth), 255, np.uint8)})[0]
    except Exception as exc:  # noqa: BLE001  (no probe, no int8 graph)
        log.warning("int8 kernel probe failed (%s); running the uint8 model", exc)
        return False
    return bool((result == 255 * -128 * depth).all())


def int8_model(model_dir: Path, cache: Path | None) -> Path | None:
    """A folder holding model-int8.onnx and its weights as int8, made once in the cache
    folder: model.weights-*.bin with the top bit of each weight flipped (uint8 v is int8
    v - 128; model-int8.json says where each lies). So the install holds one copy of the
    weights, and onnxruntime loads these files as it loads the uint8 ones, using no more
    memory. None when there is no cache folder or it cannot be written."""
    import json
    import shutil
    import time

    import numpy as np

    if cache is None:
        return None
    version = hashlib.sha256((model_dir / "SHA256SUMS").read_bytes()).hexdigest()[:16]
    folder = cache / f"model-int8-{version}"
    if (folder / "model-int8.onnx").exists():
        return folder
    partial = cache / f"model-int8-{version}.{os.getpid()}.tmp"
    try:
        partial.mkdir(parents=True, exist_ok=True)
        layout = json.loads((model_dir / "model-int8.json").read_text("utf-8"))
        for data in sorted(model_dir.glob("model.weights-*.bin")):
            values = np.fromfile(data, np.uint8)
            for file, offset, length in layout.values():
                if file == data.name:
                    values[offset : offset + length] ^= 0x80
            values.tofile(partial / data.name)
        shutil.copyfile(model_dir / "model-int8.onnx", partial / "model-int8.onnx")
        for stale in cache.glob("model-int8-*"):  # other versions; partials a crash left
            if stale != partial and (not stale.name.endswith(".tmp")
                                     or time.time() - stale.stat().st_mtime > 3600):
                shutil.rmtree(stale, ignore_errors=True)
        partial.rename(folder)
    except OSError as exc:  # a read-only or full file system: the uint8 graph it is
        shutil.rmtree(partial, ignore_errors=True)
        if (folder / "model-int8.onnx").exists():  # another process made it meanwhile
            return folder
        log.info("int8 model not written to %s: %s", cache, exc)
        return None
    return folder


def similarity(a, b):
    """Cosine similarity of unit vectors: a (n x d) against b (m x d) -> n x m."""
    return a @ b.T


@lru_cache(maxsize=1)
def word_commonness() -> dict[str, int]:
    """Word -> its rank among the model's whole words, most common first: the tokenizer's
    vocabulary was built from a large English corpus and lists its words roughly by how
    often they occur ("the" < "make" < "seattle" < "brew"), so it says how specific a word
    is without another word list. A word it has no entry for ("matcha") is rarer still."""
    import json

    vocabulary = json.loads((MODEL_DIR / "tokenizer.json").read_text("utf-8"))["model"]["vocab"]
    return {w: rank for w, rank in vocabulary.items() if w.isalpha() and w.islower()}


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()
