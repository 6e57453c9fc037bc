"""Find a ViT5 model on this machine, check its files, and know what a checkpoint expects.

Resolution order for ``--model NAME`` (``None`` = :data:`DEFAULT_MODEL_ID`):

1. ``NAME`` is an existing directory: use it.
2. ``<models dir>/NAME/`` or ``<models dir>/<last part of NAME>/``; the models dir is the
   project's ``models/`` folder, or ``$SUMMARIZER_MODELS_DIR`` when set
   (``scripts/download_model.py`` saves there).
3. The Hugging Face cache, strictly offline (``snapshot_download(local_files_only=True)``,
   which makes no network call): first at the table's revision, then the main branch.
4. Otherwise :class:`ModelNotFoundError`, whose message says how to get the model.

A folder that resolves is then checked without loading any weights: ``config.json`` must be a
JSON object naming a T5 model (``model_type`` t5 or mt5) whose size fields are positive integers,
its other JSON files (``JSON_OBJECT_FILES``) JSON objects, a tokenizer file (``spiece.model`` or
``tokenizer.json``) must be there, weights must be safetensors (pickle ``.bin`` weights only with
``allow_pickle``), and every safetensors file read must have a sound header whose tensors fit the
file. Failures are :class:`ModelLoadError` with one line.

Which files hold the weights is decided in one place, :func:`weight_files`, for every backend,
by the rule transformers follows (so the torch backend reads what the others read):
``model.safetensors``; else the shards ``model.safetensors.index.json`` names; else, with
``allow_pickle``, ``pytorch_model.bin`` or the shards of its index. Any other ``*.safetensors``
in the folder (a backup, a copy) is not read.

Known checkpoints (``data/checkpoints.json``, data rather than code) carry the hub revision that
holds safetensors, the input prefix and the token limits; unknown checkpoints use their own
config and no prefix.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ModelLoadError, ModelNotFoundError
from .fileio import expand_user
from .json_input import parse_json

log = logging.getLogger("summarizer.models")

# Data files shipped inside the package (read by path: importlib.resources breaks under
# setuptools' editable finder for non-package folders).
DATA_DIR = Path(__file__).resolve().parent / "data"

DEFAULT_MODEL_ID = "VietAI/vit5-base-vietnews-summarization"
MODELS_DIR_ENV = "SUMMARIZER_MODELS_DIR"
PROJECT_MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
CONVERTED_DIR = "converted"  # under models/: where a pickle-only folder already in models/ is converted to
TOKENIZER_FILES = ("spiece.model", "tokenizer.json")
SAFETENSORS_FILE = "model.safetensors"  # the weights of an unsharded checkpoint
SAFETENSORS_INDEX = "model.safetensors.index.json"  # names the shards of a sharded one
PICKLE_FILE = "pytorch_model.bin"
PICKLE_INDEX = "pytorch_model.bin.index.json"
PICKLE_WEIGHT_FILES = (PICKLE_FILE, PICKLE_INDEX)
# config.json model_type values this tool runs: T5 (ViT5's config says "t5") and mT5, its
# multilingual twin with the same weights layout (the torch backend runs mT5; the fast backends
# say when they do not).
SUPPORTED_MODEL_TYPES = ("t5", "mt5")
MANIFEST_FILE = "summarizer_manifest.json"  # written by scripts/download_model.py
DOWNLOAD_HINT = "python scripts/download_model.py"
# Input budget of an unknown checkpoint whose tokenizer states no limit (T5's pre-training length).
FALLBACK_MAX_INPUT_TOKENS = 512
# tokenizer_config model_max_length values at or above this mean "no limit stated".
UNSTATED_MAX_LENGTH = 1_000_000
SAFETENSORS_HEADER_BYTES = 8  # little-endian u64 length of the JSON header
SAFETENSORS_MAX_HEADER = 100_000_000


@dataclass(frozen=True)
class CheckpointInfo:
    """What a checkpoint expects; ``known`` is False for checkpoints outside the table."""

    model_id: str | None = None
    revision: str | None = None  # hub revision with safetensors weights (None = main)
    prefix: str = ""  # put before the input text
    max_input_tokens: int | None = None  # None = from the tokenizer config
    max_target_tokens: int | None = None
    known: bool = False


# ResolvedModel.source: where the folder was found
SOURCE_DIRECTORY = "directory"  # an existing folder given as --model
SOURCE_MODELS_DIR = "models-dir"  # models/<name>/ (or $SUMMARIZER_MODELS_DIR)
SOURCE_HF_CACHE = "hf-cache"  # a Hugging Face cache snapshot (that library owns the folder)


@dataclass(frozen=True)
class ResolvedModel:
    requested: str  # the name asked for (the default id when none was given)
    path: Path  # the resolved folder
    source: str  # SOURCE_DIRECTORY, SOURCE_MODELS_DIR or SOURCE_HF_CACHE
    checkpoint: CheckpointInfo
    has_safetensors: bool
    has_pickle: bool
    config: dict[str, Any] = field(default_factory=dict, compare=False)  # parsed config.json

    @property
    def max_input_tokens(self) -> int:
        """Input budget: the table's value, else the tokenizer's stated limit, else 512."""
        if self.checkpoint.max_input_tokens:
            return self.checkpoint.max_input_tokens
        stated = _tokenizer_max_length(self.path)
        return stated if stated else FALLBACK_MAX_INPUT_TOKENS

    @property
    def prefix(self) -> str:
        return self.checkpoint.prefix


@lru_cache(maxsize=1)
def checkpoint_table() -> dict[str, CheckpointInfo]:
    """The known-checkpoint table from ``data/checkpoints.json``."""
    raw = json.loads((DATA_DIR / "checkpoints.json").read_text(encoding="utf-8"))
    return {
        model_id: CheckpointInfo(
            model_id=model_id,
            revision=entry.get("revision"),
            prefix=entry.get("prefix", ""),
            max_input_tokens=entry.get("max_input_tokens"),
            max_target_tokens=entry.get("max_target_tokens"),
            known=True,
        )
        for model_id, entry in raw["checkpoints"].items()
    }


def lookup_checkpoint(*names: str | None) -> CheckpointInfo:
    """The table entry for the first name that matches an id (case-insensitive), or the last
    path part of one; an unknown checkpoint otherwise. A name that is not a string (a config's
    ``_name_or_path`` or a manifest's ``model_id`` of another JSON type) names nothing."""
    table = checkpoint_table()
    by_id = {k.lower(): v for k, v in table.items()}
    by_leaf = {k.rsplit("/", 1)[-1].lower(): v for k, v in table.items()}
    for name in names:
        if not isinstance(name, str) or not name:
            continue
        key = name.strip().rstrip("/").lower()
        if key in by_id:
            return by_id[key]
        leaf = key.replace("\\", "/").rsplit("/", 1)[-1]
        if leaf in by_leaf:
            return by_leaf[leaf]
    return CheckpointInfo()


def models_root(override: Path | None = None) -> Path:
    """Where downloaded models live: ``override``, ``$SUMMARIZER_MODELS_DIR``, or ``models/``."""
    if override is not None:
        return Path(override)
    env = os.environ.get(MODELS_DIR_ENV)
    return expand_user(env) if env else PROJECT_MODELS_DIR


def looks_like_path(name: str) -> bool:
    """A name that can only be a folder (not a hub id ``owner/name``)."""
    return (
        name.startswith((".", "/", "~", "\\"))
        or name.endswith(("/", "\\"))
        or name.count("/") > 1
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")  # Windows drive
    )


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment at call time (``HF_HUB_CACHE``,
    else ``HF_HOME``/hub, else huggingface_hub's default)."""
    if os.environ.get("HF_HUB_CACHE"):
        return expand_user(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return expand_user(os.environ["HF_HOME"]) / "hub"
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


HF_REPO_FOLDER_PREFIX = "models--"  # a model repository's folder in the cache: models--<org>--<name>
HF_ID_SEPARATOR = "--"  # stands for "/" in that folder's name (a hub id never holds "--")
HF_SNAPSHOTS = "snapshots"  # in a repository's folder: one folder per commit


def hf_repo_folder(cache: Path, model_id: str) -> Path:
    """The folder huggingface_hub's cache keeps a model repository in: ``models--<org>--<name>``
    (its documented cache layout; a test checks it against the library)."""
    return cache / (HF_REPO_FOLDER_PREFIX + model_id.replace("/", HF_ID_SEPARATOR))


def hf_snapshot_id(path: Path) -> tuple[str, str] | None:
    """``(model id, commit)`` of ``path`` when it is a snapshot folder of a Hugging Face cache
    (``.../models--<org>--<name>/snapshots/<commit>``), else None: a snapshot's folder is named
    after its commit, so the model's id is read from the folder above."""
    real = Path(os.path.realpath(path))
    repo = real.parent.parent
    if real.parent.name != HF_SNAPSHOTS or not repo.name.startswith(HF_REPO_FOLDER_PREFIX):
        return None
    model_id = repo.name[len(HF_REPO_FOLDER_PREFIX):].replace(HF_ID_SEPARATOR, "/")
    return (model_id, real.name) if model_id and real.name else None


def converted_name(path: Path) -> str:
    """The folder name of the safetensors copy ``scripts/download_model.py --convert`` makes of the
    local folder ``path``: its own name, or for a Hugging Face cache snapshot (named after a
    commit) the last part of the model's id, which the known-checkpoint table matches."""
    snapshot = hf_snapshot_id(path)
    return snapshot[0].rsplit("/", 1)[-1] if snapshot else Path(os.path.realpath(path)).name


def _hf_cache_snapshot(model_id: str, revision: str | None) -> Path | None:
    """The cached snapshot folder of ``model_id``, or None; never touches the network. When the
    repository has no folder in the cache, huggingface_hub (whose download API takes about 0.2 s
    to import) is not consulted at all: that is every ``--engine auto`` run without a model."""
    cache = hf_cache_dir()
    if not hf_repo_folder(cache, model_id).is_dir():
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError

    revisions = [revision, None] if revision else [None]
    for rev in revisions:
        try:
            found = snapshot_download(model_id, revision=rev, local_files_only=True, cache_dir=str(cache))
        except (LocalEntryNotFoundError, HFValidationError, FileNotFoundError, ValueError) as exc:
            log.debug("not in the Hugging Face cache: %s@%s (%s)", model_id, rev or "main", exc)
            continue
        path = Path(found)
        if path.is_dir() and any(path.iterdir()):
            return path
    return None


def resolve_model(
    name: str | None,
    *,
    models_dir: Path | None = None,
    allow_pickle: bool = False,
) -> ResolvedModel:
    """Find ``name`` on this machine (see the module docstring) and check its files."""
    requested = name.strip() if name and name.strip() else DEFAULT_MODEL_ID
    base = models_root(models_dir)
    candidate = expand_user(requested)
    path: Path | None = None
    source = ""
    if candidate.is_dir():
        path, source = candidate, SOURCE_DIRECTORY
    elif candidate.exists():
        raise ModelNotFoundError(f"model path {requested} is a file, not a model folder")
    elif looks_like_path(requested):
        raise ModelNotFoundError(f"model folder {requested} does not exist")
    else:
        leaf = requested.replace("\\", "/").rsplit("/", 1)[-1]
        for local in dict.fromkeys((base / requested, base / leaf)):
            if local.is_dir():
                path, source = local, SOURCE_MODELS_DIR
                break
    if path is None:
        info = lookup_checkpoint(requested)
        cached = _hf_cache_snapshot(requested, info.revision) if "/" in requested else None
        if cached is not None:
            path, source = cached, SOURCE_HF_CACHE
    if path is None:
        raise ModelNotFoundError(
            f"model {requested} not found (not a folder, not in {base}, not in the Hugging Face cache); "
            f"get it on a machine with internet access: {DOWNLOAD_HINT} {requested}"
        )
    path = path.resolve()
    manifest = _read_json(path / MANIFEST_FILE)
    config = _read_json(path / "config.json")
    # a cache snapshot given by its path is named after a commit: its model id is in the path above
    snapshot = hf_snapshot_id(path)
    checkpoint = lookup_checkpoint(requested, manifest.get("model_id"), config.get("_name_or_path"),
                                   snapshot[0] if snapshot else None)
    has_safetensors, has_pickle = check_model_folder(path, allow_pickle=allow_pickle)
    log.info("model %s resolved to %s (%s)", requested, path, source)
    return ResolvedModel(
        requested=requested, path=path, source=source, checkpoint=checkpoint,
        has_safetensors=has_safetensors, has_pickle=has_pickle, config=config,
    )


# What transformers, safetensors, tokenizers and protobuf raise for a checkpoint they cannot read
# (the last three also raise exception classes of their own, told by their module); torch.load's
# weights-only unpickler raises UnpicklingError, and EOFError for a file cut short.
LOADER_ERRORS = (OSError, ValueError, RuntimeError, KeyError, TypeError, ImportError, pickle.UnpicklingError, EOFError)
LOADER_ERROR_MODULES = ("safetensors", "tokenizers", "google.protobuf")


def is_loader_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a library's refusal of a checkpoint, rather than a bug of this tool."""
    return isinstance(exc, LOADER_ERRORS) or type(exc).__module__.startswith(LOADER_ERROR_MODULES)


def load_error_text(exc: BaseException) -> str:
    """What went wrong loading or converting a checkpoint, in one line: transformers' refusal of
    weights whose shapes differ from config.json points at a report it logged; say it plainly."""
    text = " ".join(str(exc).split())
    if isinstance(exc, (pickle.UnpicklingError, EOFError)) or "Weights only load failed" in text:
        return pickle_error_text(exc)  # without torch's advice to unpickle with weights_only=False
    if "ignore_mismatched_sizes" in text:
        return "the weights' shapes do not match config.json (run with -v for transformers' report)"
    if "tiktoken" in text:
        # transformers 5 falls back to a tiktoken reader for a sentencepiece file it cannot parse,
        # and asks for tiktoken: installing it does not help
        return ("the tokenizer cannot be read: spiece.model is damaged or not a sentencepiece model "
                "(or the protobuf package is missing)")
    return text


# config.json fields that give a size: when present, each must be a positive integer.
CONFIG_SIZE_FIELDS = ("vocab_size", "d_model", "d_ff", "d_kv", "num_heads", "num_layers", "num_decoder_layers",
                      "relative_attention_num_buckets", "relative_attention_max_distance")


def check_config(file: Path) -> dict[str, Any]:
    """The model's config.json as a dict; ModelLoadError when it is not a JSON object, its
    ``model_type`` is not one of ``SUPPORTED_MODEL_TYPES``, a size field (``CONFIG_SIZE_FIELDS``)
    is not a positive integer, or the relative positions' largest distance lies within their
    exact buckets."""
    config = check_json_object(file)
    model_type = config.get("model_type")
    if model_type not in SUPPORTED_MODEL_TYPES:
        # another architecture would load as whatever it names (torch), or half-convert
        raise ModelLoadError(f"{file}: model_type is {model_type!r}, not a T5 model "
                             f"({' or '.join(map(repr, SUPPORTED_MODEL_TYPES))}, as ViT5's config says)")
    for key in CONFIG_SIZE_FIELDS:
        value = config.get(key)
        if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
            raise ModelLoadError(f"{file}: {key} must be a positive integer, not {value!r}")
    # T5's relative position buckets: the first half of a direction's buckets are exact distances,
    # the rest grow logarithmically up to max_distance, which must lie beyond them (at 16 with 32
    # buckets, torch failed with an IndexError and CTranslate2 crashed the process)
    buckets = config.get("relative_attention_num_buckets", T5_DEFAULT_BUCKETS)
    distance = config.get("relative_attention_max_distance", T5_DEFAULT_MAX_DISTANCE)
    if distance <= buckets // 2:
        raise ModelLoadError(f"{file}: relative_attention_max_distance ({distance}) must exceed half of "
                             f"relative_attention_num_buckets ({buckets})")
    return config


T5_DEFAULT_BUCKETS = 32  # transformers' T5Config defaults, for a config.json that leaves them out
T5_DEFAULT_MAX_DISTANCE = 128


# JSON files of a model folder that, when present, must each hold one JSON object.
JSON_OBJECT_FILES = ("tokenizer.json", "tokenizer_config.json", "generation_config.json", "special_tokens_map.json")


def check_json_object(file: Path) -> dict[str, Any]:
    """``file`` read as one JSON object; ModelLoadError otherwise."""
    try:
        data = parse_json(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # MalformedJSON, UnicodeDecodeError: ValueErrors
        raise ModelLoadError(f"cannot read {file}: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelLoadError(f"{file} is not a JSON object")
    return data


def _convert_dest(path: Path) -> Path:
    """Where to suggest ``download_model.py --convert`` writes the copy of the pickle-only folder
    ``path``: the project's ``models/``, or a folder beside it when ``path`` is already there."""
    if path.resolve().parent == PROJECT_MODELS_DIR.resolve():
        return PROJECT_MODELS_DIR / CONVERTED_DIR
    return PROJECT_MODELS_DIR


def check_model_folder(path: Path, *, allow_pickle: bool = False) -> tuple[bool, bool]:
    """Check a model folder without loading weights; return (has_safetensors, has_pickle)."""
    if not (path / "config.json").is_file():
        raise ModelLoadError(f"model folder {path} has no config.json")
    check_config(path / "config.json")
    for name in JSON_OBJECT_FILES:
        if (path / name).is_file():
            check_json_object(path / name)
    if not any((path / f).is_file() for f in TOKENIZER_FILES):
        raise ModelLoadError(f"model folder {path} has no tokenizer file ({' or '.join(TOKENIZER_FILES)})")
    safetensors = safetensors_files(path)
    has_pickle = any((path / f).is_file() for f in PICKLE_WEIGHT_FILES)
    if not safetensors:
        if not has_pickle:
            raise ModelLoadError(f"model folder {path} has no weights ({SAFETENSORS_FILE} or {SAFETENSORS_INDEX}; "
                                 "other *.safetensors files are not read)")
        if not allow_pickle:
            dest = _convert_dest(path)
            raise ModelLoadError(
                f"model folder {path} has only pickle weights (pytorch_model.bin), refused because "
                f"unpickling can run code; convert them once with {DOWNLOAD_HINT} {path} --convert --dest {dest} "
                f"(it writes a safetensors copy to {dest / converted_name(path)}, to pass as --model), "
                "or pass --allow-pickle for files you trust"
            )
        pickle_files(path)  # a sharded pickle checkpoint must have its shards
        return False, True
    for file in safetensors:
        check_safetensors(file)
    return True, has_pickle


def weight_files(path: Path, *, allow_pickle: bool = False) -> tuple[list[Path], bool]:
    """The files holding the weights of the model folder ``path`` and whether they are pickle
    files: the one rule every backend reads by (see the module docstring). ModelLoadError when
    there are none (pickle ones only count with ``allow_pickle``) or an index names a missing shard."""
    safetensors = safetensors_files(path)
    if safetensors:
        return safetensors, False
    pickles = pickle_files(path)
    if pickles and allow_pickle:
        return pickles, True
    if pickles:
        raise ModelLoadError(f"model folder {path} has no safetensors weights and pickle is not allowed")
    raise ModelLoadError(f"model folder {path} has no weights ({SAFETENSORS_FILE} or {SAFETENSORS_INDEX})")


def safetensors_files(path: Path) -> list[Path]:
    """``model.safetensors``, else the shards ``model.safetensors.index.json`` names (sorted),
    else none: transformers' order, so that every backend reads the same files."""
    if (path / SAFETENSORS_FILE).is_file():
        return [path / SAFETENSORS_FILE]
    return _index_shards(path, SAFETENSORS_INDEX)


def pickle_files(path: Path) -> list[Path]:
    """``pytorch_model.bin``, else the shards its index names (sorted), else none."""
    if (path / PICKLE_FILE).is_file():
        return [path / PICKLE_FILE]
    return _index_shards(path, PICKLE_INDEX)


def _index_shards(path: Path, index_name: str) -> list[Path]:
    """The shard files the index ``index_name`` of ``path`` names ([] without an index); a
    ModelLoadError when it is unreadable, names none, names a file outside the folder or a
    missing one."""
    index = path / index_name
    if not index.is_file():
        return []
    weight_map = check_json_object(index).get("weight_map")
    if not isinstance(weight_map, dict) or not weight_map:
        raise ModelLoadError(f"{index} names no weight files (no weight_map)")
    names = sorted({str(name) for name in weight_map.values()})
    outside = [name for name in names if Path(name).name != name or name in (".", "..")]
    if outside:
        raise ModelLoadError(f"{index} names weight files outside the model folder: {', '.join(outside)}")
    missing = [name for name in names if not (path / name).is_file()]
    if missing:
        raise ModelLoadError(f"model folder {path} misses weight shard(s): {', '.join(missing)}")
    return [path / name for name in names]


# What torch.load raises for a file that is not a checkpoint of tensors: its weights-only
# unpickler's refusal (an UnpicklingError), a file cut short (EOFError), a damaged zip archive.
PICKLE_READ_ERRORS = (pickle.UnpicklingError, EOFError, RuntimeError, ValueError, TypeError, AttributeError,
                      IndexError, KeyError)
_UNPICKLER_REASON = re.compile(r"WeightsUnpickler error:\s*(.+?)(?:\.\s|\n\n|$)", re.DOTALL)


def load_pickle_weights(file: Path) -> dict[str, Any]:
    """The state dict in the pickle checkpoint ``file``, read by ``torch.load(weights_only=True)``
    (which runs no code from the file); ModelLoadError in one line when it cannot be read. The
    message never passes on torch's advice to load with ``weights_only=False``: that runs whatever
    code the file holds."""
    import torch

    try:
        state = torch.load(str(file), map_location="cpu", weights_only=True)
    except OSError as exc:
        raise ModelLoadError(f"cannot read {file}: {exc.strerror or exc}") from exc
    except PICKLE_READ_ERRORS as exc:
        raise ModelLoadError(f"cannot read the pickle weights {file}: {pickle_error_text(exc)}") from exc
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ModelLoadError(f"cannot read the pickle weights {file}: not a state dict of tensors")
    return state


def pickle_error_text(exc: BaseException) -> str:
    """torch.load's refusal of a pickle file, in one line without its ``weights_only=False`` advice."""
    reason = _UNPICKLER_REASON.search(str(exc))
    detail = f" ({' '.join(reason.group(1).split())})" if reason else ""
    return f"damaged or not a PyTorch checkpoint of tensors{detail}"


def _is_offset(value: Any) -> bool:
    """Whether ``value`` is a safetensors data offset: a whole number (JSON true/false, which
    Python reads as 1/0, is not one) that is not negative."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_safetensors(file: Path) -> None:
    """Raise ModelLoadError unless ``file`` has a valid safetensors header whose tensors lie
    inside the file (catches truncated, empty and non-safetensors files cheaply). Each tensor's
    ``data_offsets`` must be two whole numbers, start <= end; anything else is a bad entry."""
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(SAFETENSORS_HEADER_BYTES)
            if len(head) < SAFETENSORS_HEADER_BYTES:
                raise ValueError("file too short")
            (header_len,) = struct.unpack("<Q", head)
            if header_len > min(SAFETENSORS_MAX_HEADER, size - SAFETENSORS_HEADER_BYTES):
                raise ValueError("header length out of range")
            header = parse_json(handle.read(header_len), encoding="utf-8")
    except (OSError, ValueError) as exc:  # MalformedJSON, the header checks: ValueErrors
        raise ModelLoadError(f"corrupt safetensors file {file}: {exc}") from exc
    if not isinstance(header, dict):
        raise ModelLoadError(f"corrupt safetensors file {file}: header is not a JSON object")
    data_size = size - SAFETENSORS_HEADER_BYTES - header_len
    end = 0
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_is_offset, offsets))
                and offsets[0] <= offsets[1]):
            raise ModelLoadError(f"corrupt safetensors file {file}: bad entry for tensor {key}")
        end = max(end, offsets[1])
    if end != data_size:
        raise ModelLoadError(
            f"corrupt safetensors file {file}: tensors need {end} bytes, the file holds {data_size} (truncated?)"
        )


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # MalformedJSON, UnicodeDecodeError: ValueErrors
        raise ModelLoadError(f"cannot read {path}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def _tokenizer_max_length(path: Path) -> int | None:
    value = _read_json(path / "tokenizer_config.json").get("model_max_length")
    if isinstance(value, (int, float)) and 0 < value < UNSTATED_MAX_LENGTH:
        return int(value)
    return None
