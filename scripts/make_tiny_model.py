#!/usr/bin/env python
"""Build a T5 model with random weights and a Vietnamese sentencepiece tokenizer into DIR.

    python scripts/make_tiny_model.py DIR [--size tiny|base|large] [--texts FILE] [--seed N]

``tiny`` builds in seconds (tests, CLI demos); ``base`` has ViT5-base's shape (vocab 36096,
d_model 768, 12+12 layers, 12 heads, d_ff 3072, ReLU, tied embeddings) for timing runs;
``large`` has ViT5-large's (vocab 36100, d_model 1024, 24+24 layers, 16 heads, d_ff 2816, gated
GELU, an LM head of its own; 3.5 GB on disk) to check that every backend handles that shape.
The folder can then be passed as ``summarize FOLDER --engine vit5 --model DIR``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from summarizer.tiny import SIZES, build_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="output folder (created)")
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny", help="model shape")
    parser.add_argument("--texts", type=Path, default=None,
                        help="UTF-8 text file (one sentence per line) to train the tokenizer on; "
                             "default: the bundled Vietnamese sentences")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the weights")
    parser.add_argument("--force", action="store_true", help="write into an existing, non-empty folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.dir.exists() and not args.dir.is_dir():
        parser.exit(1, f"error: {str(args.dir)!r} is a file, not a folder\n")
    if args.dir.is_dir() and any(args.dir.iterdir()) and not args.force:
        # a real model's folder given by mistake would get random weights
        parser.exit(1, f"error: {str(args.dir)!r} is not empty; choose a new folder, or pass --force\n")
    texts = None
    if args.texts is not None:
        try:
            texts = args.texts.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            parser.exit(1, f"error: cannot read --texts {str(args.texts)!r}: {getattr(exc, 'strerror', None) or exc}\n")
    out = build_model(args.dir, size=args.size, texts=texts, seed=args.seed)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
