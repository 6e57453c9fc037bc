"""T5 as two ONNX graphs, built from a Hugging Face checkpoint's weights (no exporter, no torch).

``encoder.onnx`` runs once per input: token ids, the relative position bias and the padding
mask in; out come, for every decoder layer, the cross-attention keys (already transposed to
``[batch, heads, d_kv, source]``) and values (``[batch, heads, source, d_kv]``), so no decoder
step recomputes them.

``decoder.onnx`` is one decoder step over ``rows = inputs * beams`` sequences (grouped by
input): the last token of each sequence, the self-attention bias of this position, the padding
mask and cross-attention keys/values of each *input* (its beams share them, so beam search does
not multiply the cross-attention reads), and the self-attention cache of each row (keys
transposed as above) with, for every row, the cached row it continues (``source_rows``: beam
search reorders inside the graph, so the cache never goes through numpy) in; the
log-probabilities of the next token and the grown cache out. (Tried and not kept: the gather in
a graph of its own, run only when beam search reorders. Greedy steps got 1 ms faster, beam-4
steps twice as slow, 21 -> 46 ms, once the cache passed between two sessions. Measured on
microbenchmarks and not adopted: ONNX Runtime's ``MatMulNBits`` with 8-bit block-quantized
weights (block 128, int8 compute) is 10-20% faster than dynamic int8 for one row but 10-40%
slower for four rows (beam 4, the default) and twice as slow for the encoder's 256+ rows; its
``MultiHeadAttention`` node reads the cross-attention cache no faster than the MatMul / Softmax /
MatMul chain here (3.2 ms for 12 layers over 1,024 source tokens either way, about 24 GB/s).)

The graphs follow transformers' ``T5ForConditionalGeneration`` exactly: RMS layer norm without
bias (ONNX's ``RMSNormalization``), query/key/value projections as one product, attention without 1/sqrt(d_kv) scaling, relative position buckets computed as
transformers computes them (:func:`relative_position_buckets`, here outside the graph, once per
input length or decoder position), the first layer's bias table shared by all layers, decoder
output scaled by d_model ** -0.5 when the checkpoint says so (``scale_decoder_outputs``, by
default when the embeddings are tied), and plain or gated feed-forward blocks (ReLU, GELU or its tanh approximation). Linear
weights are stored transposed (``[in, out]``) so every projection is one ``MatMul`` with a
constant weight, or for int8 one ``DynamicQuantizeMatMul`` (an ONNX Runtime contrib operator) over
weights quantized here in numpy exactly as ``onnxruntime.quantization.quantize_dynamic`` would
(per column, symmetric; tested), which builds ViT5-base in about a fifth of the time its
per-column Python loop takes.

``onnx`` is imported inside :func:`build`; :func:`relative_position_buckets` needs numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

OPSET = 23  # ONNX opset of the built graphs (RMSNormalization is opset 23)
IR_VERSION = 11  # ONNX IR version written (opset 23 needs 11; ONNX Runtime reads it since 1.22)
ENCODER_FILE = "encoder.onnx"
DECODER_FILE = "decoder.onnx"
LOG_PROBS = "log_probs"  # decoder output: [batch, vocab]
WEIGHTS_SUFFIX = ".data"  # encoder.onnx.data etc.: the graph's weights, stored beside it
EXTERNAL_MIN_BYTES = 1024  # tensors at least this large go to the weights file
GELU_TANH_C = math.sqrt(2.0 / math.pi)  # gelu_new: 0.5 x (1 + tanh(c (x + 0.044715 x^3)))
GELU_TANH_CUBIC = 0.044715
ACTIVATIONS = ("relu", "gelu", "gelu_new")  # supported feed-forward activations (gelu_new: tanh approximation)
SQRT_HALF = math.sqrt(0.5)  # gelu: 0.5 x (1 + erf(x / sqrt(2)))
MS_DOMAIN = "com.microsoft"  # ONNX Runtime's contrib operators (DynamicQuantizeMatMul)
INT8_LIMIT = 127  # symmetric int8 weights use [-127, 127], so zero is exact and the range even


# The version of check_weights: bump it whenever the check grows, so that builds made under an
# older one are checked again before they are used (model_cache.SourceCheck, named by it).
WEIGHT_CHECKS = 1

# What the converted backends cannot take a default for (transformers' T5Config would).
REQUIRED_CONFIG_KEYS = ("vocab_size", "d_model", "d_kv", "num_heads", "num_layers")
# transformers' T5Config defaults for those keys (a test compares them with the library): what
# the torch and CTranslate2 backends build a config.json that leaves them out with, so their
# weight check holds the weights to the sizes the model will have.
T5_CONFIG_DEFAULTS = {"vocab_size": 32128, "d_model": 512, "d_kv": 64, "num_heads": 8, "num_layers": 6}
GRAPH_MODEL_TYPES = ("t5",)  # what the graphs and the native step are built and tested for
UNTIED_BY_DEFAULT = ("mt5",)  # model types whose LM head is its own unless config.json says otherwise


@dataclass(frozen=True)
class T5Shape:
    """What the graphs need from a checkpoint's config.json."""

    vocab_size: int
    d_model: int
    d_kv: int
    num_heads: int
    num_layers: int  # encoder
    num_decoder_layers: int
    num_buckets: int
    max_distance: int
    eps: float
    activation: str  # one of ACTIVATIONS
    gated: bool  # gated feed-forward (wi_0, wi_1: T5 v1.1) instead of one wi
    scale_decoder_outputs: bool
    tied: bool  # the LM head is the shared embedding
    decoder_start_token_id: int
    eos_token_id: int
    pad_token_id: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, graphs: bool = True,
                    model_types: tuple[str, ...] = GRAPH_MODEL_TYPES) -> "T5Shape":
        """The shape ``config`` (config.json) gives. ``graphs`` (the graphs and the native step):
        its activation must be one they compute and ``REQUIRED_CONFIG_KEYS`` must be given;
        otherwise (the weight check of the torch and CTranslate2 backends, whose libraries
        compute the rest) any activation goes and missing keys take T5Config's defaults.
        ``model_types``: the ``model_type`` values accepted. ValueError otherwise."""
        if config.get("model_type") not in model_types:
            raise ValueError(f"model_type is {config.get('model_type')!r}, not "
                             f"{' or '.join(map(repr, model_types))}")
        # as transformers' T5Config reads it: derived from feed_forward_proj, unless the config
        # names dense_act_fn / is_gated_act itself
        projection = str(config.get("feed_forward_proj", "relu"))
        parts = projection.split("-")
        activation = config.get("dense_act_fn") or ("gelu_new" if projection == "gated-gelu" else parts[-1])
        gated = bool(config.get("is_gated_act", len(parts) > 1 and parts[0] == "gated"))
        if graphs and activation not in ACTIVATIONS:
            raise ValueError(f"feed-forward activation {activation!r} is not supported; "
                             f"supported: {', '.join(ACTIVATIONS)}")
        missing = [key for key in REQUIRED_CONFIG_KEYS if key not in config]
        if missing and graphs:
            raise ValueError(f"config.json lacks {', '.join(missing)}")
        config = {**{key: T5_CONFIG_DEFAULTS[key] for key in missing}, **config}
        tied = bool(config.get("tie_word_embeddings", config.get("model_type") not in UNTIED_BY_DEFAULT))
        layers = int(config["num_layers"])
        eos = config.get("eos_token_id", 1)
        return cls(
            vocab_size=int(config["vocab_size"]),
            d_model=int(config["d_model"]),
            d_kv=int(config["d_kv"]),
            num_heads=int(config["num_heads"]),
            num_layers=layers,
            num_decoder_layers=int(config.get("num_decoder_layers") or layers),
            num_buckets=int(config.get("relative_attention_num_buckets", 32)),
            max_distance=int(config.get("relative_attention_max_distance", 128)),
            eps=float(config.get("layer_norm_epsilon", 1e-6)),
            activation=activation,
            gated=gated,
            scale_decoder_outputs=bool(config.get("scale_decoder_outputs", tied)),
            tied=tied,
            decoder_start_token_id=int(config.get("decoder_start_token_id", 0) or 0),
            eos_token_id=int(eos[0] if isinstance(eos, list) else eos),
            pad_token_id=int(config.get("pad_token_id", 0) or 0),
        )


def relative_position_buckets(relative: np.ndarray, *, bidirectional: bool, num_buckets: int,
                              max_distance: int) -> np.ndarray:
    """T5's bucket of each relative position (key index - query index), computed as
    transformers computes it (float32 logarithm, truncated toward zero)."""
    relative = np.asarray(relative, dtype=np.int64)
    buckets = np.zeros_like(relative)
    if bidirectional:
        num_buckets //= 2
        buckets += (relative > 0).astype(np.int64) * num_buckets
        distance = np.abs(relative)
    else:
        distance = -np.minimum(relative, 0)
    max_exact = num_buckets // 2
    with np.errstate(divide="ignore"):
        scaled = (np.log(distance.astype(np.float32) / np.float32(max_exact))
                  / np.float32(math.log(max_distance / max_exact)) * np.float32(num_buckets - max_exact))
    large = max_exact + np.where(np.isfinite(scaled), scaled, 0).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    return buckets + np.where(distance < max_exact, distance, large)


def encoder_bias(table: np.ndarray, length: int, shape: T5Shape) -> np.ndarray:
    """[1, heads, length, length] relative position bias of the encoder (``table``: [buckets, heads])."""
    positions = np.arange(length)
    buckets = relative_position_buckets(positions[None, :] - positions[:, None], bidirectional=True,
                                        num_buckets=shape.num_buckets, max_distance=shape.max_distance)
    return np.ascontiguousarray(table[buckets].transpose(2, 0, 1)[None], dtype=np.float32)


def decoder_bias(table: np.ndarray, position: int, shape: T5Shape) -> np.ndarray:
    """[1, heads, 1, position + 1] self-attention bias of the decoder step at ``position``."""
    buckets = relative_position_buckets(np.arange(position + 1) - position, bidirectional=False,
                                        num_buckets=shape.num_buckets, max_distance=shape.max_distance)
    return np.ascontiguousarray(table[buckets].T[None, :, None, :], dtype=np.float32)


# --------------------------------------------------------------------------- graph building


class _Graph:
    """A tiny helper over ``onnx.helper``: named constants, nodes with fresh output names."""

    def __init__(self, onnx: Any, name: str) -> None:
        self.onnx = onnx
        self.name = name
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self.inputs: list[Any] = []
        self.outputs: list[Any] = []
        self._count = 0

    def fresh(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(self.onnx.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    @property
    def names(self) -> set[str]:
        return {i.name for i in self.initializers}

    def multi(self, op_type: str, inputs: list[str], count: int, **attrs: Any) -> list[str]:
        outputs = [self.fresh(op_type.lower()) for _ in range(count)]
        self.nodes.append(self.onnx.helper.make_node(op_type, inputs, outputs, **attrs))
        return outputs

    def op(self, op_type: str, *inputs: str, out: str | None = None, **attrs: Any) -> str:
        output = out or self.fresh(op_type.lower())
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), [output], **attrs))
        return output

    def input(self, name: str, elem: int, dims: list[Any]) -> str:
        self.inputs.append(self.onnx.helper.make_tensor_value_info(name, elem, dims))
        return name

    def output(self, name: str, elem: int, dims: list[Any]) -> None:
        self.outputs.append(self.onnx.helper.make_tensor_value_info(name, elem, dims))

    def model(self) -> Any:
        helper = self.onnx.helper
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.initializers)
        opsets = [helper.make_opsetid("", OPSET)]
        if any(node.domain == MS_DOMAIN for node in self.nodes):
            opsets.append(helper.make_opsetid(MS_DOMAIN, 1))
        model = helper.make_model(graph, opset_imports=opsets, producer_name="summarizer")
        model.ir_version = IR_VERSION
        return model


FEED_FORWARD = -1  # a dimension in expected_shapes: the feed-forward width, which config.json need not give


def expected_shapes(weights: Mapping[str, np.ndarray], shape: T5Shape) -> dict[str, tuple[int, ...]]:
    """The dimensions ``shape`` (config.json) gives the weights the graphs and the native step
    index by them: the embeddings and LM head, every layer's attention projections, feed-forward
    weights and RMS norm weights, the position-bias tables. The feed-forward width is
    :data:`FEED_FORWARD`: whatever the first feed-forward weight has, the same in every layer."""
    inner = shape.num_heads * shape.d_kv
    expected: dict[str, tuple[int, ...]] = {
        embedding_key(weights, "encoder"): (shape.vocab_size, shape.d_model),
        embedding_key(weights, "decoder"): (shape.vocab_size, shape.d_model),
        lm_head_key(weights, shape): (shape.vocab_size, shape.d_model),
    }
    inputs = ("wi_0", "wi_1") if shape.gated else ("wi",)
    for stack, layers, attentions in (("encoder", shape.num_layers, ("layer.0.SelfAttention",)),
                                      ("decoder", shape.num_decoder_layers,
                                       ("layer.0.SelfAttention", "layer.1.EncDecAttention"))):
        expected[f"{stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight"] = (
            shape.num_buckets, shape.num_heads)
        for layer in range(layers):
            for attention in attentions:
                for projection in ("q", "k", "v"):
                    expected[f"{stack}.block.{layer}.{attention}.{projection}.weight"] = (inner, shape.d_model)
                expected[f"{stack}.block.{layer}.{attention}.o.weight"] = (shape.d_model, inner)
            ff = f"{stack}.block.{layer}.layer.{len(attentions)}.DenseReluDense"
            for name in inputs:
                expected[f"{ff}.{name}.weight"] = (FEED_FORWARD, shape.d_model)
            expected[f"{ff}.wo.weight"] = (shape.d_model, FEED_FORWARD)
            for part in range(len(attentions) + 1):
                expected[f"{stack}.block.{layer}.layer.{part}.layer_norm.weight"] = (shape.d_model,)
        expected[f"{stack}.final_layer_norm.weight"] = (shape.d_model,)
    return expected


class CheckpointMismatch(ValueError):
    """A checkpoint's weights that do not fit its config.json, or are damaged (:func:`check_weights`)."""


def check_weights(weights: Mapping[str, np.ndarray], shape: T5Shape) -> None:
    """CheckpointMismatch naming the first weight whose dimensions are not what config.json says
    (:func:`expected_shapes`; a feed-forward weight: not the width of the others), or whose
    values are not all finite (a damaged file): the graphs and the native step index the weights
    by those dimensions and would read or write past them. A missing weight: KeyError.
    (:data:`WEIGHT_CHECKS` names this check: bump it when the check grows.)"""
    expected = expected_shapes(weights, shape)
    width: tuple[str, int] | None = None  # the first feed-forward weight and its width
    finite: dict[str, bool] = {}  # each weight read once (a lazy mapping reads it from its file)
    for name, dims in expected.items():
        values = np.asarray(weights[name])
        if FEED_FORWARD in dims:
            if width is None and values.ndim == len(dims):
                width = (name, values.shape[dims.index(FEED_FORWARD)])
            if width is not None:
                dims = tuple(width[1] if d == FEED_FORWARD else d for d in dims)
        if values.shape != dims:
            shown = ["d_ff" if d == FEED_FORWARD else d for d in dims]
            if FEED_FORWARD in expected[name] and width is not None and width[0] != name:
                reason = f"config.json and the feed-forward width of {width[0]} make it {shown}"
            else:
                reason = f"config.json makes it {shown}"
            raise CheckpointMismatch(f"the weights' shapes do not match config.json: {name} is "
                                     f"{list(values.shape)}, {reason}")
        finite[name] = _finite(values)
    for name in weights:
        if not (finite[name] if name in finite else _finite(np.asarray(weights[name]))):
            raise CheckpointMismatch(f"the weight {name} holds values that are not finite numbers (a damaged file?)")


def _finite(values: np.ndarray) -> bool:
    return not np.issubdtype(values.dtype, np.floating) or bool(np.isfinite(values).all())


def embedding_key(weights: Mapping[str, np.ndarray], stack: str) -> str:
    """The input embedding of ``stack`` ("encoder" or "decoder"): its own table where the
    checkpoint stores one (an untied checkpoint saved by transformers 5), else the shared one."""
    own = f"{stack}.embed_tokens.weight"
    return own if own in weights else "shared.weight"


def lm_head_key(weights: Mapping[str, np.ndarray], shape: T5Shape) -> str:
    """The LM head's weight: the shared embedding when tied (or no head is stored), else its own."""
    return "shared.weight" if shape.tied or "lm_head.weight" not in weights else "lm_head.weight"


def quantize_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 quantization of a ``[in, out]`` weight with one scale per output column, as
    ONNX Runtime's ``quantize_dynamic(per_channel=True, weight_type=QInt8)`` computes it: scale =
    max|w| / 127 (float64, stored as float32; 1 for an all-zero column), q = round(w / scale)
    (half to even, in float32). Returns (q int8 ``[in, out]``, scales float32 ``[out]``)."""
    weight = np.asarray(weight, dtype=np.float32)
    absmax = np.abs(weight).max(axis=0).astype(np.float64)
    scale = (absmax / INT8_LIMIT).astype(np.float32)
    scale[scale < np.finfo(np.float32).tiny] = 1.0
    quantized = np.clip(np.round(weight / scale), -INT8_LIMIT - 1, INT8_LIMIT)
    return quantized.astype(np.int8), scale


class _T5Builder:
    def __init__(self, onnx: Any, weights: Mapping[str, np.ndarray], shape: T5Shape, *, quantize: bool = False) -> None:
        self.onnx = onnx
        self.w = weights
        self.s = shape
        self.quantize = quantize  # projections as int8 DynamicQuantizeMatMul instead of float32 MatMul
        self.float = onnx.TensorProto.FLOAT
        self.int64 = onnx.TensorProto.INT64

    # -- pieces shared by both graphs

    def _weight(self, g: _Graph, key: str) -> str:
        return g.const(key, np.asarray(self.w[key], dtype=np.float32))

    def _embedding(self, stack: str) -> str:
        return embedding_key(self.w, stack)

    def _shape_consts(self, g: _Graph) -> None:
        s = self.s
        g.const("split_heads", np.array([0, -1, s.num_heads, s.d_kv], dtype=np.int64))
        g.const("merge_heads", np.array([0, -1, s.num_heads * s.d_kv], dtype=np.int64))

    def _norm(self, g: _Graph, x: str, key: str) -> str:
        return g.op("RMSNormalization", x, self._weight(g, key), axis=-1, epsilon=self.s.eps)

    def _linear(self, g: _Graph, x: str, key: str) -> str:
        return self._project(g, x, key + ".T", np.asarray(self.w[key], dtype=np.float32).T)

    def _project(self, g: _Graph, x: str, name: str, weight: np.ndarray) -> str:
        """``x @ weight`` (``weight``: ``[in, out]``): a float32 ``MatMul``, or with ``quantize``
        ONNX Runtime's ``DynamicQuantizeMatMul`` over int8 weights with per-column scales (the
        activations are quantized to uint8 per call, inside the kernel)."""
        if not self.quantize:
            return g.op("MatMul", x, g.const(name, weight))
        quantized, scale = quantize_columns(weight)
        zero_point = np.zeros(scale.shape, dtype=np.int8)
        return g.op("DynamicQuantizeMatMul", x, g.const(name + "_quantized", quantized), g.const(name + "_scale", scale),
                    g.const(name + "_zero_point", zero_point), domain=MS_DOMAIN)

    def _qkv(self, g: _Graph, x: str, prefix: str, *, one_token: bool = False) -> tuple[str, str, str]:
        """Queries [b, h, t, dk], transposed keys [b, h, dk, t] and values [b, h, t, dk] from one
        MatMul over the three projections side by side (one product, one quantization of ``x``).
        ``one_token`` (t = 1, the decoder step): plain reshapes, as moving a size-1 axis moves
        no data."""
        inner = self.s.num_heads * self.s.d_kv
        fused = np.concatenate([np.asarray(self.w[f"{prefix}.{n}.weight"], dtype=np.float32).T for n in "qkv"], axis=1)
        sizes = "qkv_sizes" if "qkv_sizes" in g.names else g.const("qkv_sizes", np.array([inner] * 3, dtype=np.int64))
        q, k, v = g.multi("Split", [self._project(g, x, f"{prefix}.qkv.weight.T", fused), sizes], 3, axis=-1)
        if one_token:
            return g.op("Reshape", q, "one_query"), g.op("Reshape", k, "one_key_t"), g.op("Reshape", v, "one_query")
        return self._heads(g, q, [0, 2, 1, 3]), self._heads(g, k, [0, 2, 3, 1]), self._heads(g, v, [0, 2, 1, 3])

    def _heads(self, g: _Graph, x: str, perm: list[int]) -> str:
        """[b, t, d] -> [b, h, t, dk] (perm 0,2,1,3) or transposed keys [b, h, dk, t] (0,2,3,1)."""
        return g.op("Transpose", g.op("Reshape", x, "split_heads"), perm=perm)

    def _attend(self, g: _Graph, q: str, keys_t: str, values: str, bias: str, prefix: str,
                merge: str = "merge_heads", *, one_token: bool = False) -> str:
        scores = g.op("Add", g.op("MatMul", q, keys_t), bias)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), values)
        if not one_token:  # [b, h, t, dk] -> [b, t, h, dk]; with t = 1 the memory order is the same
            context = g.op("Transpose", context, perm=[0, 2, 1, 3])
        merged = g.op("Reshape", context, merge)
        return self._linear(g, merged, f"{prefix}.o.weight")

    def _feed_forward(self, g: _Graph, x: str, prefix: str) -> str:
        if self.s.gated:
            gate = self._activation(g, self._linear(g, x, f"{prefix}.DenseReluDense.wi_0.weight"))
            hidden = g.op("Mul", gate, self._linear(g, x, f"{prefix}.DenseReluDense.wi_1.weight"))
        else:
            hidden = self._activation(g, self._linear(g, x, f"{prefix}.DenseReluDense.wi.weight"))
        return self._linear(g, hidden, f"{prefix}.DenseReluDense.wo.weight")

    def _activation(self, g: _Graph, x: str) -> str:
        if self.s.activation == "relu":
            return g.op("Relu", x)
        if "half" not in g.names:
            for name, value in (("half", 0.5), ("one", 1.0), ("gelu_c", GELU_TANH_C),
                                ("gelu_cubic", GELU_TANH_CUBIC), ("sqrt_half", SQRT_HALF)):
                g.const(name, np.array(value, dtype=np.float32))
        if self.s.activation == "gelu":
            inner = g.op("Erf", g.op("Mul", x, "sqrt_half"))
        else:
            cube = g.op("Mul", g.op("Mul", g.op("Mul", x, x), x), "gelu_cubic")
            inner = g.op("Tanh", g.op("Mul", g.op("Add", x, cube), "gelu_c"))
        return g.op("Mul", g.op("Mul", x, "half"), g.op("Add", inner, "one"))

    # -- the two graphs

    def encoder(self) -> Any:
        s, g = self.s, _Graph(self.onnx, "t5_encoder")
        self._shape_consts(g)
        ids = g.input("input_ids", self.int64, ["batch", "source"])
        position_bias = g.input("position_bias", self.float, [1, s.num_heads, "source", "source"])
        mask_bias = g.input("mask_bias", self.float, ["batch", 1, 1, "source"])
        bias = g.op("Add", position_bias, mask_bias)
        h = g.op("Gather", self._weight(g, self._embedding("encoder")), ids, axis=0)
        for layer in range(s.num_layers):
            attn = f"encoder.block.{layer}.layer.0.SelfAttention"
            x = self._norm(g, h, f"encoder.block.{layer}.layer.0.layer_norm.weight")
            q, k, v = self._qkv(g, x, attn)
            h = g.op("Add", h, self._attend(g, q, k, v, bias, attn))
            x = self._norm(g, h, f"encoder.block.{layer}.layer.1.layer_norm.weight")
            h = g.op("Add", h, self._feed_forward(g, x, f"encoder.block.{layer}.layer.1"))
        h = self._norm(g, h, "encoder.final_layer_norm.weight")
        for layer in range(s.num_decoder_layers):
            cross = f"decoder.block.{layer}.layer.1.EncDecAttention"
            g.op("Transpose", g.op("Reshape", self._linear(g, h, f"{cross}.k.weight"), "split_heads"),
                 perm=[0, 2, 3, 1], out=f"cross_key_t.{layer}")
            g.op("Transpose", g.op("Reshape", self._linear(g, h, f"{cross}.v.weight"), "split_heads"),
                 perm=[0, 2, 1, 3], out=f"cross_value.{layer}")
            g.output(f"cross_key_t.{layer}", self.float, ["batch", s.num_heads, s.d_kv, "source"])
            g.output(f"cross_value.{layer}", self.float, ["batch", s.num_heads, "source", s.d_kv])
        return g.model()

    def decoder(self) -> Any:
        s, g = self.s, _Graph(self.onnx, "t5_decoder_step")
        self._shape_consts(g)
        ids = g.input("input_ids", self.int64, ["rows", 1])
        source_rows = g.input("source_rows", self.int64, ["rows"])
        self_bias = g.input("self_bias", self.float, [1, s.num_heads, 1, "total"])
        mask_bias = g.input("mask_bias", self.float, ["inputs", 1, 1, "source"])
        g.const("merge_rows", np.array([-1, 1, s.num_heads * s.d_kv], dtype=np.int64))
        g.const("one_query", np.array([0, s.num_heads, 1, s.d_kv], dtype=np.int64))
        g.const("one_key_t", np.array([0, s.num_heads, s.d_kv, 1], dtype=np.int64))
        h = g.op("Gather", self._weight(g, self._embedding("decoder")), ids, axis=0)
        by_input = None
        for layer in range(s.num_decoder_layers):
            block = f"decoder.block.{layer}"
            attn, cross = f"{block}.layer.0.SelfAttention", f"{block}.layer.1.EncDecAttention"
            past_k = g.input(f"past_key_t.{layer}", self.float, ["rows", s.num_heads, s.d_kv, "past"])
            past_v = g.input(f"past_value.{layer}", self.float, ["rows", s.num_heads, "past", s.d_kv])
            cross_k = g.input(f"cross_key_t.{layer}", self.float, ["inputs", s.num_heads, s.d_kv, "source"])
            cross_v = g.input(f"cross_value.{layer}", self.float, ["inputs", s.num_heads, "source", s.d_kv])
            if by_input is None:  # [inputs, -1, heads, d_kv]: rows grouped by input
                inputs = g.op("Slice", g.op("Shape", cross_k), g.const("zero", np.array([0], dtype=np.int64)),
                              g.const("one_i", np.array([1], dtype=np.int64)))
                by_input = g.op("Concat", inputs, g.const("rows_heads", np.array([-1, s.num_heads, s.d_kv], dtype=np.int64)),
                                axis=0)
            x = self._norm(g, h, f"{block}.layer.0.layer_norm.weight")
            q, k_new, v_new = self._qkv(g, x, attn, one_token=True)
            # each row continues the cached row ``source_rows`` names (beam search reorders)
            past_k = g.op("Gather", past_k, source_rows, axis=0)
            past_v = g.op("Gather", past_v, source_rows, axis=0)
            keys = g.op("Concat", past_k, k_new, axis=3, out=f"present_key_t.{layer}")
            values = g.op("Concat", past_v, v_new, axis=2, out=f"present_value.{layer}")
            g.output(keys, self.float, ["rows", s.num_heads, s.d_kv, "total"])
            g.output(values, self.float, ["rows", s.num_heads, "total", s.d_kv])
            h = g.op("Add", h, self._attend(g, q, keys, values, self_bias, attn, one_token=True))
            x = self._norm(g, h, f"{block}.layer.1.layer_norm.weight")
            # the beams of an input share its cross keys/values: [inputs, heads, beams, d_kv] queries
            q = g.op("Transpose", g.op("Reshape", self._linear(g, x, f"{cross}.q.weight"), by_input), perm=[0, 2, 1, 3])
            h = g.op("Add", h, self._attend(g, q, cross_k, cross_v, mask_bias, cross, merge="merge_rows"))
            x = self._norm(g, h, f"{block}.layer.2.layer_norm.weight")
            h = g.op("Add", h, self._feed_forward(g, x, f"{block}.layer.2"))
        h = self._norm(g, h, "decoder.final_layer_norm.weight")
        if s.scale_decoder_outputs:
            h = g.op("Mul", h, g.const("output_scale", np.array(s.d_model ** -0.5, dtype=np.float32)))
        head = lm_head_key(self.w, s)
        logits = self._project(g, h, head + ".T", np.asarray(self.w[head], dtype=np.float32).T)
        flat = g.op("Reshape", logits, g.const("flat_vocab", np.array([-1, s.vocab_size], dtype=np.int64)))
        g.op("LogSoftmax", flat, axis=-1, out=LOG_PROBS)
        g.output(LOG_PROBS, self.float, ["rows", s.vocab_size])
        return g.model()


def bias_tables(weights: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The encoder's and the decoder's relative position bias tables ([buckets, heads])."""
    return (np.asarray(weights["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"], dtype=np.float32),
            np.asarray(weights["decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"], dtype=np.float32))


def build(weights: Mapping[str, np.ndarray], shape: T5Shape, folder: Path, *, quantize: bool = False,
          decoder: bool = True) -> None:
    """Write ``encoder.onnx`` and ``decoder.onnx`` (weights in ``*.onnx.data`` beside them) for a
    T5 checkpoint into ``folder``: float32, or with ``quantize`` every projection and the LM head
    int8 (:func:`quantize_columns`; embeddings, norms and attention stay float32). Without
    ``decoder`` only the encoder (the native backend steps the decoder itself).

    Raises KeyError when a weight the config calls for is missing."""
    import onnx

    builder = _T5Builder(onnx, weights, shape, quantize=quantize)
    graphs = ((ENCODER_FILE, builder.encoder), (DECODER_FILE, builder.decoder))
    for name, graph in graphs if decoder else graphs[:1]:
        # weights beside the graph: a protobuf file cannot exceed 2 GB (ViT5-large's can)
        onnx.save_model(graph(), str(folder / name), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=name + WEIGHTS_SUFFIX, size_threshold=EXTERNAL_MIN_BYTES)
