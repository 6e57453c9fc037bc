#!/usr/bin/env bash
# Thin wrapper for CI jobs: `scripts/evaluate.sh --pred results.jsonl --refs DIR [options]` =
# summarize-eval (works without the console script on PATH).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." >/dev/null && repo="$(pwd)" && cd - >/dev/null  # through a link too
PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" exec "${PYTHON:-python3}" -m summarizer.cli_eval "$@"
