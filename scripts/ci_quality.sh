#!/usr/bin/env bash
# Quality gate: summarize the fixed held-out sample (scripts/quality_sample.txt, 40 ViMs clusters of
# 201-300) with the extractive engine through summarize-batch, score it with summarize-eval, and
# fail when ROUGE-2 F1 falls more than the recorded tolerance (1 point = 0.01) under the value in
# scripts/quality_baseline.json. Skips (exit 0) when the ViMs data is absent from the default
# place; fails when VIMS_DIR names a folder without it.
#
#   scripts/ci_quality.sh            # the gate
#   scripts/ci_quality.sh --record   # measure and write scripts/quality_baseline.json (a reviewed commit)
#
# Environment: VIMS_DIR (default ../shared/data/vims), PYTHON (default python3), QUALITY_WORKERS
# (default 1), QUALITY_BASELINE (default scripts/quality_baseline.json).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"  # through a symbolic link too
repo="$(dirname "$here")"
vims="${VIMS_DIR:-$repo/../shared/data/vims}"
python="${PYTHON:-python3}"
workers="${QUALITY_WORKERS:-1}"
sample="$here/quality_sample.txt"
baseline="${QUALITY_BASELINE:-$here/quality_baseline.json}"
mode="${1:-gate}"
export PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}"

if [[ "$mode" != "gate" && "$mode" != "--record" ]]; then
    echo "ci_quality: usage: $0 [--record]" >&2
    exit 2
fi
if [[ ! -d "$vims/clusters" || ! -d "$vims/summaries" ]]; then
    if [[ -n "${VIMS_DIR:-}" ]]; then  # asked for by name: a mistyped path must not pass the gate
        echo "ci_quality: FAIL: VIMS_DIR=$VIMS_DIR holds no ViMs corpus (clusters/ and summaries/)" >&2
        exit 1
    fi
    echo "ci_quality: SKIP: ViMs data not found at $vims (set VIMS_DIR to run the quality gate)"
    exit 0
fi
if [[ "$mode" == "gate" && ! -f "$baseline" ]]; then
    echo "ci_quality: FAIL: no recorded baseline $baseline (run $0 --record and commit it)"
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/root"
while read -r id; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    if [[ ! -d "$vims/clusters/$id" ]]; then
        echo "ci_quality: FAIL: sample cluster $id not found under $vims/clusters"
        exit 1
    fi
    ln -s "$(cd "$vims/clusters/$id" && pwd)" "$work/root/$id"
done < "$sample"

start=$(date +%s)
set +e
"$python" -m summarizer.cli_batch "$work/root" -o "$work/pred.jsonl" --engine extractive --workers "$workers" --quiet
status=$?
set -e
if [[ $status -ne 0 ]]; then
    echo "ci_quality: FAIL: summarize-batch exited with $status (12 = some clusters failed)"
    exit 1
fi
"$python" -m summarizer.cli_eval --pred "$work/pred.jsonl" --refs "$vims" --ids "$sample" --json "$work/metrics.json" --quiet

"$python" - "$work/metrics.json" "$baseline" "$mode" "$(( $(date +%s) - start ))" <<'PY'
import json
import sys
from datetime import date

metrics_path, baseline_path, mode, seconds = sys.argv[1:5]
metrics = json.load(open(metrics_path, encoding="utf-8"))
r2 = metrics["rouge2"]["f"]
summary = (f"ROUGE-2 F1 {r2:.4f} (R1 {metrics['rouge1']['f']:.4f}, RL {metrics['rougeL']['f']:.4f}, "
           f"{metrics['avg_syllables']:.0f} syllables, redundancy {100 * metrics['redundancy']:.2f}%) "
           f"on {metrics['clusters']} held-out clusters in {seconds}s")
if mode == "--record":
    record = {
        "rouge2_f": round(r2, 4),
        "tolerance": 0.01,
        "rouge1_f": round(metrics["rouge1"]["f"], 4),
        "rougeL_f": round(metrics["rougeL"]["f"], 4),
        "engine": "extractive",
        "sample": "scripts/quality_sample.txt",
        "split": "heldout",
        "recorded": date.today().isoformat(),
    }
    with open(baseline_path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(record, indent=2) + "\n")
    print(f"ci_quality: RECORDED: {summary} -> {baseline_path}")
    sys.exit(0)
baseline = json.load(open(baseline_path, encoding="utf-8"))
floor = baseline["rouge2_f"] - baseline["tolerance"]
if metrics["missing"]:
    print(f"ci_quality: FAIL: no summary for {', '.join(metrics['missing'])}")
    sys.exit(1)
if r2 < floor:
    print(f"ci_quality: FAIL: {summary} is below the recorded {baseline['rouge2_f']:.4f} - {baseline['tolerance']} = {floor:.4f}")
    sys.exit(1)
print(f"ci_quality: OK: {summary}; recorded {baseline['rouge2_f']:.4f}, floor {floor:.4f}")
PY
