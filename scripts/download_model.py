#!/usr/bin/env python
"""Download a ViT5 checkpoint for offline use (run it once on a machine with internet access).

    python scripts/download_model.py MODEL_ID [--revision REV] [--dest models/] [--convert] [--force]
    python scripts/download_model.py LOCAL_FOLDER --convert [--dest models/]

Only what inference needs is fetched: config, generation config, tokenizer files and
``*.safetensors`` weights, into ``DEST/<last part of MODEL_ID>/`` (``summarize --model MODEL_ID``
then finds it). Known checkpoints default to the revision that holds safetensors weights (for
``VietAI/vit5-base-vietnews-summarization`` the hub's conversion pull request ``refs/pr/2``;
see ``summarizer/data/checkpoints.json``).

When the revision holds only pickle weights (``pytorch_model.bin``), ``--convert`` downloads
them, loads them with ``torch.load(weights_only=True)`` (no arbitrary code runs) and saves
``model.safetensors``; without ``--convert`` the script stops and says so. ``--convert`` also takes
a local folder holding ``pytorch_model.bin`` or the shards ``pytorch_model.bin.index.json`` names
(no network needed; the shards are merged into one ``model.safetensors``): the converted copy goes to
``DEST/<folder name>/`` and the folder itself is left as it is, so ``--model`` must then name the
copy by its path (the script prints the folder it wrote, and a ``summarize`` line using it). A
snapshot folder of the Hugging Face cache (``models--<org>--<name>/snapshots/<commit>``) is named
after its commit: its copy goes to ``DEST/<name>/`` and the manifest records ``<org>/<name>``,
the commit and the ref pointing at it, so the known-checkpoint table still applies. Of
tensors that share storage
(a tied checkpoint's embedding and LM head) ``shared.weight`` is the one written.

Everything is fetched into a temporary folder beside the target, which replaces the target only
when every step succeeded: a failed or interrupted run leaves nothing that ``summarize`` would
pick up. An existing, non-empty target is refused unless ``--force``.

Every downloaded file whose hub entry carries a sha256 (LFS files: weights, sentencepiece model)
is verified against it. ``summarizer_manifest.json`` in the model folder records the model id,
revision, commit, and the sha256 of every file read and written (for ``--convert``: of the pickle
file read, or of each shard read, and the safetensors file written).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("summarizer.download_model")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the package of this checkout, installed or not

from summarizer.errors import ModelLoadError  # noqa: E402
from summarizer.fileio import NEW_FILE_MODE, create_temporary_folder_beside  # noqa: E402
from summarizer.models import (  # noqa: E402
    MANIFEST_FILE, PICKLE_FILE, PICKLE_INDEX, SAFETENSORS_FILE, converted_name, hf_snapshot_id, load_pickle_weights,
    lookup_checkpoint, looks_like_path, pickle_files,
)

ALLOW_PATTERNS = [
    "config.json", "generation_config.json", "spiece.model", "tokenizer.json", "tokenizer_config.json",
    "special_tokens_map.json", "added_tokens.json", "*.safetensors", "model.safetensors.index.json",
]
HASH_CHUNK_BYTES = 1 << 20
HF_REFS = "refs"  # in a Hugging Face cache repository's folder: one file per ref, holding its commit
TIED_EMBEDDING = "shared.weight"  # a T5's embedding table, which tied checkpoints share with the LM head
# A hub model id: "owner/name" or "name" (letters, digits, "-", "_", ".").
_MODEL_ID = re.compile(r"^(?:[\w.-]+/)?[\w.-]+$")


class DownloadError(Exception):
    """A failure to report in one line."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(HASH_CHUNK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def current_umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alias_preference(name: str) -> tuple[int, int, str]:
    """Of names sharing one tensor, the one kept: ``shared.weight`` first (every backend reads the
    tied embedding there; keeping ``lm_head.weight`` left a model the native backend refused),
    then the shortest name."""
    return (0 if name == TIED_EMBEDDING else 1, name.count("."), name)


def convert_pickle_to_safetensors(bin_file: Path | Sequence[Path], out_file: Path) -> dict[str, Any]:
    """Load a pickle state dict safely (``weights_only=True``) and save it as safetensors;
    ``bin_file`` may also be the shards of a sharded checkpoint, whose state dicts are merged
    (a tensor name in two shards is an error).

    Tensors that share storage (tied embeddings saved under several names) are written once;
    the aliases are listed in the result, and transformers re-ties them on load. The written
    file is read back and compared tensor by tensor. It gets the permissions a plain ``open``
    gives (0o666 less the umask): safetensors writes a temporary file's 0o600 (its owner alone
    could read a model shared in a models/ folder). Returns the manifest entry: sha256 of the
    file read (of each shard read, a list, for shards) and of the file written, tensor count,
    dropped aliases."""
    import torch
    from safetensors.torch import load_file, save_file

    files = [bin_file] if isinstance(bin_file, Path) else list(bin_file)
    read = [{"file": file.name, "sha256": sha256_file(file)} for file in files]
    state: dict[str, torch.Tensor] = {}
    for file in files:
        try:  # a damaged file: one line, never torch's advice to unpickle with weights_only=False
            part = load_pickle_weights(file)
        except ModelLoadError as exc:
            raise DownloadError(str(exc)) from exc
        twice = sorted(set(part) & set(state))
        if twice:
            raise DownloadError(f"the tensor {twice[0]} is in {file.name} and in another shard")
        state.update(part)
    kept: dict[str, torch.Tensor] = {}
    aliases: dict[str, str] = {}
    seen: dict[tuple[int, int, tuple[int, ...]], str] = {}
    for name in sorted(state, key=_alias_preference):
        tensor = state[name]
        key = (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tuple(tensor.shape))
        if key in seen:
            aliases[name] = seen[key]
            continue
        seen[key] = name
        kept[name] = tensor.contiguous()
    save_file(kept, str(out_file), metadata={"format": "pt"})
    os.chmod(out_file, NEW_FILE_MODE & ~current_umask())
    reloaded = load_file(str(out_file))
    for name, tensor in kept.items():
        if name not in reloaded or not torch.equal(reloaded[name], tensor):
            raise DownloadError(f"verification failed for tensor {name} in {out_file}")
    return {
        "read": read[0] if isinstance(bin_file, Path) else read,
        "written": {"file": out_file.name, "sha256": sha256_file(out_file)},
        "tensors": len(kept),
        "aliases": aliases,
    }


def write_manifest(folder: Path, *, model_id: str, revision: str | None, commit: str | None,
                   conversion: dict[str, Any] | None) -> Path:
    """Record the sha256 of every file of ``folder`` (and the conversion, if any)."""
    files = {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST_FILE}
    manifest = {"model_id": model_id, "revision": revision, "commit": commit, "files": files,
                "conversion": conversion}
    path = folder / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def verify_manifest(folder: Path) -> list[str]:
    """Files of ``folder`` whose sha256 differs from the manifest's (empty = all good)."""
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    bad = []
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            bad.append(name)
    return bad


def _hub_hashes(model_id: str, revision: str | None) -> tuple[dict[str, str], str | None]:
    """sha256 of the hub's LFS files at ``revision`` and the commit it points to."""
    from huggingface_hub import HfApi

    info = HfApi().model_info(model_id, revision=revision, files_metadata=True)
    hashes = {s.rfilename: s.lfs.sha256 for s in info.siblings or [] if getattr(s, "lfs", None)}
    return hashes, info.sha


def _verify_against_hub(folder: Path, hashes: dict[str, str], names: list[str]) -> None:
    for name in names:
        expected = hashes.get(name)
        if expected is None:
            continue
        actual = sha256_file(folder / name)
        if actual != expected:
            raise DownloadError(f"checksum mismatch for {name}: expected {expected}, got {actual}")
        log.info("verified %s (sha256 %s)", name, actual[:12])


def download(model_id: str, *, revision: str | None, dest: Path, convert: bool, force: bool = False) -> Path:
    """``model_id`` (a hub id, or with ``convert`` a local folder holding pickle weights) into
    ``dest/<name>``: fetched (or copied) and checked in a temporary folder beside it, which
    replaces the target only when everything succeeded, so a failure leaves nothing ``summarize``
    would then pick up. An existing target that is not empty is refused unless ``force``."""
    local = Path(model_id)

    if convert and model_id.strip() and local.is_dir():
        name, source = converted_name(local), None
    elif convert and model_id.strip() and (local.exists() or looks_like_path(model_id)):
        what = "is not a folder" if local.exists() else "does not exist"
        raise DownloadError(f"the folder {model_id!r} to convert {what}")
    elif _MODEL_ID.fullmatch(model_id) and ".." not in model_id.split("/"):
        name, source = model_id.rsplit("/", 1)[-1], model_id
    else:
        raise DownloadError(f"invalid model id {model_id!r}: expected owner/name, e.g. "
                            "VietAI/vit5-base-vietnews-summarization (or, with --convert, a local folder)")
    if dest.exists() and not dest.is_dir():
        raise DownloadError(f"--dest {str(dest)!r} is not a folder")
    target = dest / name
    if source is None:
        _refuse_overlap(local, target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not force:
        raise DownloadError(f"{str(target)!r} already exists and is not empty; remove it, or pass --force to replace it")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create --dest {str(dest)!r}: {exc.strerror or exc}") from exc
    staging = create_temporary_folder_beside(target)
    try:
        if source is None:
            conversion = _convert_local(local, staging)
            record_id, revision, commit = _local_origin(local)
        else:
            revision, commit, conversion = _fetch(source, revision, staging, convert)
            record_id = source
        manifest = write_manifest(staging, model_id=record_id, revision=revision, commit=commit, conversion=conversion)
        log.info("manifest: %s", manifest.name)
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        staging.replace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _local_origin(source: Path) -> tuple[str, str | None, str | None]:
    """What the manifest records of the local folder ``source``: (model id, revision, commit). A
    Hugging Face cache snapshot is recorded by its model's id (which the known-checkpoint table
    matches, so ViT5-large keeps its prefix and input limit), its commit and the ref that points
    at that commit, if any; any other folder by its path."""
    snapshot = hf_snapshot_id(source)
    if snapshot is None:
        return str(source.resolve()), None, None
    model_id, commit = snapshot
    refs = Path(os.path.realpath(source)).parent.parent / HF_REFS
    names = sorted(str(ref.relative_to(refs)) for ref in refs.rglob("*") if ref.is_file()) if refs.is_dir() else []
    revision = next((name for name in names if (refs / name).read_text(encoding="utf-8").strip() == commit), None)
    return model_id, revision, commit


def _refuse_overlap(source: Path, target: Path) -> None:
    """A local conversion whose target is the source folder itself, inside it, or holds it is
    refused, ``--force`` or not: replacing the target would delete the source (its pickle
    weights and whatever else the user keeps there)."""
    real_source, real_target = Path(os.path.realpath(source)), Path(os.path.realpath(target))
    if real_target == real_source:
        raise DownloadError(f"the destination {str(target)!r} is the source folder itself; "
                            "choose another --dest (the converted copy goes to DEST/<folder name>)")
    if real_source in real_target.parents:
        raise DownloadError(f"the destination {str(target)!r} is inside the source folder {str(source)!r}; "
                            "choose another --dest")
    if real_target in real_source.parents:
        raise DownloadError(f"the destination {str(target)!r} holds the source folder {str(source)!r}, which "
                            "replacing it would delete; choose another --dest")


def _fetch(model_id: str, revision: str | None, folder: Path, convert: bool) -> tuple[str | None, str | None, Any]:
    """Download ``model_id`` into ``folder`` and verify it: (revision, commit, conversion)."""
    from huggingface_hub import hf_hub_download, snapshot_download

    info = lookup_checkpoint(model_id)
    rev = revision if revision is not None else info.revision
    hashes, commit = _hub_hashes(model_id, rev)
    snapshot_download(model_id, revision=rev, allow_patterns=ALLOW_PATTERNS, local_dir=str(folder))
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    _verify_against_hub(folder, hashes, names)
    conversion = None
    if not any(n.endswith(".safetensors") for n in names):
        if not convert:
            raise DownloadError(
                f"{model_id} at revision {rev or 'main'} has no safetensors weights; rerun with --convert "
                "to convert its pickle weights once (loaded with torch.load(weights_only=True))"
            )
        with tempfile.TemporaryDirectory() as tmp:
            bin_path = Path(hf_hub_download(model_id, PICKLE_FILE, revision=rev, local_dir=tmp))
            _verify_against_hub(bin_path.parent, hashes, [PICKLE_FILE])
            conversion = convert_pickle_to_safetensors(bin_path, folder / SAFETENSORS_FILE)
        log.info("converted %s to %s", PICKLE_FILE, SAFETENSORS_FILE)
    for leftover in folder.iterdir():  # the hub client's own bookkeeping (.cache/) is not the model's
        if leftover.is_dir():
            shutil.rmtree(leftover)
    return rev, commit, conversion


def _convert_local(source: Path, folder: Path) -> dict[str, Any]:
    """Copy what inference needs of the local model folder ``source`` into ``folder`` and convert
    its pickle weights there (``pytorch_model.bin``, else the shards its index names): the
    conversion entry."""
    try:
        shards = pickle_files(source)
    except ModelLoadError as exc:  # an index that names no shard, or a missing one
        raise DownloadError(str(exc)) from exc
    if not shards:
        raise DownloadError(f"{str(source)!r} has no {PICKLE_FILE} (or {PICKLE_INDEX} and its shards) to convert")
    copied = 0
    for path in sorted(source.iterdir()):
        if path.is_file() and any(path.match(pattern) for pattern in ALLOW_PATTERNS):
            shutil.copy2(path, folder / path.name)
            copied += 1
    if not (folder / "config.json").is_file():
        raise DownloadError(f"{str(source)!r} has no config.json")
    log.info("copied %d files of %s", copied, source)
    if shards == [source / PICKLE_FILE]:
        return convert_pickle_to_safetensors(shards[0], folder / SAFETENSORS_FILE)
    return convert_pickle_to_safetensors(shards, folder / SAFETENSORS_FILE)


# Where the hub client's own exception classes live, across its versions: the HTTP library it
# runs on (httpx2, httpx or requests) and its error module. Those that import are caught as
# failures to reach or use the hub, besides OSError.
_HUB_ERROR_CLASSES = (
    ("huggingface_hub.errors", "HfHubHTTPError"),
    ("httpx2", "HTTPError"),
    ("httpx", "HTTPError"),
    ("requests", "RequestException"),
)


def hub_errors() -> tuple[type[BaseException], ...]:
    """OSError and the hub client's network and HTTP exception classes installed here."""
    import importlib

    found: list[type[BaseException]] = [OSError]
    for module_name, class_name in _HUB_ERROR_CLASSES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # that HTTP library is not installed: nothing of it can be raised
        error = getattr(module, class_name, None)
        if isinstance(error, type) and issubclass(error, BaseException):
            found.append(error)
    return tuple(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_id", help="Hugging Face model id, e.g. VietAI/vit5-base-vietnews-summarization; "
                                         "with --convert also a local folder holding pytorch_model.bin or its shards")
    parser.add_argument("--revision", default=None, help="hub revision (default: the known-checkpoint table's, else main)")
    parser.add_argument("--dest", type=Path, default=ROOT / "models", help="parent folder (default: models/)")
    parser.add_argument("--convert", action="store_true",
                        help="convert pickle weights to safetensors when the revision has no safetensors")
    parser.add_argument("--force", action="store_true", help="replace an existing, non-empty target folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        folder = download(args.model_id, revision=args.revision, dest=args.dest, convert=args.convert,
                          force=args.force)
    except DownloadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except hub_errors() as exc:  # network, HTTP and file-system failures from huggingface_hub
        print(f"error: cannot download {args.model_id} ({type(exc).__name__}: {' '.join(str(exc).split())}); "
              "this needs a machine that reaches huggingface.co", file=sys.stderr)
        return 1
    print(folder)
    print(f"summarize FOLDER --model {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
