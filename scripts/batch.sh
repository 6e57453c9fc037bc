#!/usr/bin/env bash
# Thin wrapper for CI jobs: `scripts/batch.sh ROOT -o results.jsonl [options]` = summarize-batch
# (works without the console script on PATH). Exit codes are summarize-batch's (12: some failed).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." >/dev/null && repo="$(pwd)" && cd - >/dev/null  # through a link too
PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" exec "${PYTHON:-python3}" -m summarizer.cli_batch "$@"
