"""The checkpoint's tokenizer for the fast backends (CTranslate2, ONNX Runtime), without torch.

When the model folder has a ``tokenizer.json`` whose post-processor appends EOS (every
checkpoint saved by transformers 5, the tiny builder's included), it is run directly by the
``tokenizers`` library: the very tokenizer ``AutoTokenizer`` wraps, without importing
transformers and torch (seconds of start-up on a small CPU). Otherwise ``AutoTokenizer``.
Decoding strips special tokens and does no clean-up of spaces, exactly as the torch backend
decodes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import ModelLoadError
from ..models import check_config, is_loader_error, load_error_text

log = logging.getLogger("summarizer.engines.tokenizer")

TOKENIZER_FILE = "tokenizer.json"
EOS_TOKEN = "</s>"
UNK_TOKEN = "<unk>"


class Tokenizer:
    """The checkpoint's tokenizer behind the calls the fast backends need (see the module
    docstring for which library runs it)."""

    def __init__(self, model_dir: Path) -> None:
        self._fast = _fast_tokenizer(model_dir)
        self._hf: Any = None if self._fast is not None else _hf_tokenizer(model_dir)

    def encode(self, text: str) -> list[int]:
        if self._fast is not None:
            return list(self._fast.encode(text).ids)
        return list(self._hf(text, add_special_tokens=True, verbose=False)["input_ids"])

    def ids_to_tokens(self, ids: list[int]) -> list[str]:
        if self._fast is not None:
            return [self._fast.id_to_token(i) for i in ids]
        return self._hf.convert_ids_to_tokens(ids)

    def tokens_to_ids(self, tokens: list[str]) -> list[int]:
        if self._fast is not None:
            ids = [self._fast.token_to_id(t) for t in tokens]
            if None in ids:  # a padded vocabulary row the tokenizer does not know: decode as <unk>
                unk = self._fast.token_to_id(UNK_TOKEN)
                ids = [unk if i is None else i for i in ids]
            return ids
        return self._hf.convert_tokens_to_ids(tokens)

    def __len__(self) -> int:
        """Tokens the tokenizer can give, added ones included (as ``len`` of a transformers one)."""
        if self._fast is not None:
            return int(self._fast.get_vocab_size(with_added_tokens=True))
        return len(self._hf)

    def decode_batch(self, sequences: list[list[int]]) -> list[str]:
        """Special tokens stripped, no clean-up of spaces (as the torch backend decodes)."""
        if self._fast is not None:
            return self._fast.decode_batch(sequences, skip_special_tokens=True)
        return self._hf.batch_decode(sequences, skip_special_tokens=True, clean_up_tokenization_spaces=False)


def checked_tokenizer(model_dir: Path) -> Tokenizer:
    """The tokenizer of ``model_dir``, refused (ModelLoadError) when it gives more tokens than the
    model's vocabulary (``config.json``'s ``vocab_size``) has rows: a tokenizer of another
    checkpoint, whose ids past the table fail every generation, late and in the runtime's words.
    The torch backend makes the same check on its own load (:func:`check_vocabulary`)."""
    tokenizer = Tokenizer(model_dir)
    check_vocabulary(model_dir, len(tokenizer), check_config(model_dir / "config.json").get("vocab_size"))
    return tokenizer


def check_vocabulary(model_dir: Path | str, tokens: int, vocab_size: int | None) -> None:
    """ModelLoadError when the tokenizer of ``model_dir`` gives more ``tokens`` than the model's
    ``vocab_size`` (None: not stated, nothing to check) has rows; every backend checks so."""
    if vocab_size is not None and tokens > vocab_size:
        raise ModelLoadError(f"tokenizer of {model_dir} has {tokens} tokens but the model only {vocab_size}")


def _fast_tokenizer(model_dir: Path) -> Any:
    file = model_dir / TOKENIZER_FILE
    if not file.is_file():
        return None
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return None
    try:
        tokenizer = Tokenizer.from_file(str(file))
    except Exception as exc:  # tokenizers raises its own Exception subclass for malformed files
        raise ModelLoadError(f"cannot load the tokenizer of {model_dir}: {exc}") from exc
    eos = tokenizer.token_to_id(EOS_TOKEN)
    if eos is None or tokenizer.encode("").ids != [eos]:
        log.info("%s does not append %s itself; using transformers' tokenizer", file, EOS_TOKEN)
        return None
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _hf_tokenizer(model_dir: Path) -> Any:
    from transformers import AutoTokenizer

    from .base import quiet_transformers

    try:
        with quiet_transformers(log):
            return AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # the same refusals the torch backend turns into ModelLoadError
        if not is_loader_error(exc):
            raise
        raise ModelLoadError(f"cannot load the tokenizer of {model_dir}: {type(exc).__name__}: "
                             f"{load_error_text(exc)}") from exc
