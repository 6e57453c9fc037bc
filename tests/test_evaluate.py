"""Vietnamese ROUGE, bootstrap CI, redundancy, prediction loading and the summarize-eval CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import load_script
from typer.testing import CliRunner

from summarizer.cli_eval import app as eval_app
from summarizer.corpus import ReferenceSet, load_references
from summarizer.errors import EvaluationError
from summarizer.options import DEFAULT_OPTIONS
from summarizer.evaluate import (
    ROUGE_TYPES,
    TOKENIZER,
    bootstrap_ci,
    compare,
    count_syllables,
    evaluate,
    load_predictions,
    near_duplicate,
    order_agreement,
    paired_difference,
    redundant_pairs,
    rouge,
)

CAT_MAT = "con mèo nằm trên thảm"


def record(cid: str, sentences: list[str], title: str = "") -> dict:
    return {"id": cid, "title": title, "summary": " ".join(sentences), "sentences": [{"text": s} for s in sentences]}


def test_tokenizer_keeps_vietnamese_syllables() -> None:
    assert TOKENIZER.tokenize("Người dân ĐƯỜNG Nguyễn Huệ, 20.100 đồng!") == [
        "người", "dân", "đường", "nguyễn", "huệ", "20", "100", "đồng",
    ]
    decomposed = unicodedata.normalize("NFD", "Thủ tướng phát biểu")
    assert TOKENIZER.tokenize(decomposed) == ["thủ", "tướng", "phát", "biểu"]


def test_rouge_default_tokenizer_would_destroy_letters() -> None:
    # Why our tokenizer exists: rouge-score's default one splits "người" apart.
    from rouge_score import tokenizers

    assert tokenizers.DefaultTokenizer().tokenize("người") != ["người"]
    assert TOKENIZER.tokenize("người") == ["người"]


def test_rouge_hand_checked_numbers() -> None:
    scores = rouge("con mèo ngồi trên thảm", [CAT_MAT])
    # 4 of 5 unigrams shared; bigrams {con mèo, trên thảm} of 4; LCS "con mèo trên thảm" = 4.
    assert scores["rouge1"] == pytest.approx((0.8, 0.8, 0.8))
    assert scores["rouge2"] == pytest.approx((0.5, 0.5, 0.5))
    assert scores["rougeL"] == pytest.approx((0.8, 0.8, 0.8))
    partial = rouge("con mèo", [CAT_MAT])  # P = 2/2, R = 2/5, F = 2PR/(P+R) = 4/7
    assert partial["rouge1"] == pytest.approx((4 / 7, 1.0, 0.4))


def test_rouge_multi_reference_averages() -> None:
    scores = rouge("con mèo ngồi trên thảm", [CAT_MAT, "chó chạy ngoài sân"])
    assert scores["rouge1"] == pytest.approx((0.4, 0.4, 0.4))  # mean of 0.8 and 0
    assert scores["rouge2"] == pytest.approx((0.25, 0.25, 0.25))
    with pytest.raises(EvaluationError):
        rouge("x", [])


def test_count_syllables() -> None:
    assert count_syllables("Hà Nội , 20.100 người – tăng .") == 5


def test_near_duplicate_and_redundant_pairs() -> None:
    a = "Bão số 3 đổ bộ vào Quảng Ninh chiều nay."
    b = "Chiều nay bão số 3 đổ bộ vào Quảng Ninh."  # same bigrams except the order of "chiều nay"
    c = "Giá vàng trong nước giảm nhẹ."
    assert near_duplicate(a, b)
    assert not near_duplicate(a, c)
    assert redundant_pairs([a, b, c]) == (1, 3)
    assert redundant_pairs([a]) == (0, 0)
    # Fragments are not near-duplicates of the sentences that contain them, only of themselves.
    assert not near_duplicate("1.", "Hồi tháng 1 năm ngoái trời rét.")
    assert near_duplicate("Xin chào.", "xin chào!") and not near_duplicate("", "")


def test_bootstrap_ci_is_deterministic_and_brackets_the_mean() -> None:
    assert bootstrap_ci([0.3] * 10) == pytest.approx((0.3, 0.3))
    values = [0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.6]
    low, high = bootstrap_ci(values)
    assert (low, high) == bootstrap_ci(values)
    assert low < sum(values) / len(values) < high
    assert 0.0 <= low and high <= 1.0


def _refs() -> dict[str, ReferenceSet]:
    return {
        "c1": ReferenceSet("c1", (CAT_MAT,), ("1.txt",)),
        "c2": ReferenceSet("c2", ("chó chạy ngoài sân",), ("1.txt",)),
        "c3": ReferenceSet("c3", ("trời mưa to",), ("1.txt",)),
    }


def test_evaluate_scores_missing_and_failed_as_zero() -> None:
    predictions = {
        "c1": record("c1", ["con mèo ngồi trên thảm."]),
        "c2": {"id": "c2", "error": "cannot decode"},
        "zz": record("zz", ["không có tham chiếu."]),
    }
    report = evaluate(predictions, _refs())
    data = report.to_dict()
    assert data["clusters"] == 3 and data["predicted"] == 1
    assert data["missing"] == ["c2", "c3"] and data["failed"] == ["c2"]
    assert data["unmatched"] == ["zz"]
    assert data["rouge1"]["f"] == pytest.approx(0.8 / 3)
    assert data["rouge2"]["p"] == pytest.approx(0.5 / 3)
    assert data["avg_syllables"] == 5
    assert data["redundancy"] == 0.0
    for name in ROUGE_TYPES:
        metric = data[name]
        assert set(metric) == {"f", "p", "r", "ci95"}
        assert 0.0 <= metric["ci95"][0] <= metric["f"] <= metric["ci95"][1] <= 1.0
    assert data["title_rouge1"] is None and data["title_clusters"] == 0
    json.dumps(data)  # the contract is JSON-serializable


def test_evaluate_selection_and_errors() -> None:
    predictions = {"c1": record("c1", [CAT_MAT])}
    report = evaluate(predictions, _refs(), ids=["c1"])
    assert report.to_dict()["rouge1"]["f"] == pytest.approx(1.0)
    with pytest.raises(EvaluationError, match="no references"):
        evaluate(predictions, _refs(), ids=["c1", "c9"])
    with pytest.raises(EvaluationError):
        evaluate(predictions, _refs(), ids=[])


def test_evaluate_headlines_when_titles_exist() -> None:
    refs = {"c1": ReferenceSet("c1", (CAT_MAT,), ("1.txt",), titles=("mèo nằm thảm", "mèo ngủ"))}
    report = evaluate({"c1": record("c1", [CAT_MAT], title="mèo nằm thảm")}, refs)
    data = report.to_dict()
    # rouge1 F: 1.0 against the first title, 2*(1/3*1/2)/(1/3+1/2) = 0.4 against the second.
    assert data["title_rouge1"]["f"] == pytest.approx(0.7)
    assert data["title_clusters"] == 1


def test_evaluate_redundancy_pooled_over_summaries() -> None:
    a = "Bão số 3 đổ bộ vào Quảng Ninh chiều nay."
    b = "Chiều nay bão số 3 đổ bộ vào Quảng Ninh."
    c = "Giá vàng trong nước giảm nhẹ."
    predictions = {"c1": record("c1", [a, b, c]), "c2": record("c2", [a, c]), "c3": record("c3", [c])}
    assert evaluate(predictions, _refs()).redundancy == pytest.approx(1 / 4)


STORM = "Bão số 3 đổ bộ vào Quảng Ninh chiều nay với sức gió giật rất mạnh."
EVACUATION = "Hơn mười nghìn người dân ven biển đã được sơ tán đến nơi an toàn."
DAMAGE = "Nhiều cây xanh trên các tuyến phố bị quật đổ, hàng trăm mái nhà bị tốc."
GOLD = "Giá vàng trong nước giảm nhẹ trong phiên sáng nay."


def test_order_agreement_is_kendalls_tau_over_aligned_sentences() -> None:
    reference = f"{STORM} {EVACUATION} {DAMAGE}"
    assert order_agreement([STORM, EVACUATION, DAMAGE], [reference]) == 1.0
    assert order_agreement([DAMAGE, EVACUATION, STORM], [reference]) == -1.0
    # Evacuation, storm, damage: (evacuation, damage) and (storm, damage) agree with the
    # reference, (evacuation, storm) does not: (2 - 1) / 3.
    assert order_agreement([EVACUATION, STORM, DAMAGE], [reference]) == pytest.approx(1 / 3)
    # A sentence no reference sentence holds half of is left out of the pairs.
    assert order_agreement([GOLD, STORM, DAMAGE], [reference]) == 1.0
    # One aligned sentence makes no pair.
    assert order_agreement([STORM, GOLD], [reference]) is None
    # The mean over the references that give a pair.
    reversed_reference = f"{DAMAGE} {EVACUATION} {STORM}"
    assert order_agreement([STORM, EVACUATION, DAMAGE], [reference, reversed_reference]) == 0.0
    assert order_agreement([STORM, EVACUATION], [reference, GOLD]) == 1.0


def test_order_figures_in_the_report() -> None:
    refs = {
        "c1": ReferenceSet(id="c1", summaries=(f"{STORM} {EVACUATION} {DAMAGE}",), files=("a.txt",)),
        "c2": ReferenceSet(id="c2", summaries=(GOLD,), files=("a.txt",)),
    }
    predictions = {"c1": record("c1", [EVACUATION, STORM, DAMAGE]), "c2": record("c2", [GOLD])}
    report = evaluate(predictions, refs)
    data = report.to_dict()
    assert data["order_tau"] == pytest.approx(1 / 3) and data["order_clusters"] == 1
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert float(rows[0]["order_tau"]) == pytest.approx(1 / 3) and rows[1]["order_tau"] == ""
    # Compared with the same sentences in the reference's order: paired over the one cluster.
    other = evaluate({**predictions, "c1": record("c1", [STORM, EVACUATION, DAMAGE])}, refs)
    order = compare(report, other)["order_tau"]
    assert (order["tau"], order["tau_other"], order["clusters"]) == (pytest.approx(1 / 3), 1.0, 1)
    assert order["diff"] == pytest.approx(1 / 3 - 1) and order["losses"] == 1
    # Without a cluster where both have a value there is nothing to compare.
    assert compare(evaluate({}, refs), evaluate({}, refs))["order_tau"] is None


def test_csv_rows() -> None:
    report = evaluate({"c1": record("c1", ["con mèo ngồi trên thảm."])}, _refs())
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert [r["id"] for r in rows] == ["c1", "c2", "c3"]
    assert rows[0]["status"] == "ok" and float(rows[0]["rouge1_f"]) == pytest.approx(0.8)
    assert rows[1]["status"] == "missing" and float(rows[1]["rouge2_f"]) == 0.0


def test_load_predictions(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    lines = [
        json.dumps({"id": "c1", "error": "hỏng"}),
        json.dumps(record("c1", ["một câu."]), ensure_ascii=False),
        json.dumps({"id": "c2", "error": "hỏng"}),
    ]
    path.write_text("\n".join(lines) + "\n" + '{"id": "c3", "summ', encoding="utf-8")
    loaded = load_predictions(path)
    assert sorted(loaded) == ["c1", "c2"]  # the torn last line is ignored
    assert loaded["c1"]["summary"] == "một câu."
    # a complete last record without a final newline (as other tools write files) is read
    path.write_text("\n".join(lines + [json.dumps(record("c3", ["câu ba."]), ensure_ascii=False)]), encoding="utf-8")
    assert sorted(load_predictions(path)) == ["c1", "c2", "c3"]
    # lines ended by CR alone are lines (before: one torn line, then "hold no record")
    path.write_bytes("\r".join(lines + [json.dumps(record("c3", ["câu ba."]), ensure_ascii=False)]).encode("utf-8"))
    assert sorted(load_predictions(path)) == ["c1", "c2", "c3"]
    # one line that is no JSON, with nothing before it, is no torn line: it is said so
    path.write_text('{"id": "c3", "summ', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"pred.jsonl:1: not a JSON record"):
        load_predictions(path)
    path.write_text('{"id": "c1", "summary": "x"}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=":2: not a JSON record"):  # nested too deep for json
        load_predictions(path)
    path.write_text('{"id": "c1", "summary": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=":2:"):
        load_predictions(path)
    path.write_text('{"id": "c1"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="neither"):
        load_predictions(path)


def _write_refs(root: Path) -> Path:
    for cid, text in (("Cluster_201", CAT_MAT), ("Cluster_202", "chó chạy ngoài sân"), ("Cluster_010", "trời mưa")):
        folder = root / "summaries" / cid
        folder.mkdir(parents=True)
        (folder / "1.txt").write_text(f"{cid}\n\n=Einleitung=\n{text}\n", encoding="utf-8")
    (root / "clusters").mkdir()
    return root


def test_cli_eval_writes_json_and_csv(tmp_path: Path) -> None:
    refs = _write_refs(tmp_path / "vims")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        eval_app,
        ["--pred", str(pred), "--refs", str(refs), "--split", "heldout", "--json", str(tmp_path / "m.json"), "--csv", str(tmp_path / "m.csv")],
    )
    assert result.exit_code == 0, result.output
    assert "rouge2" in result.output
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["clusters"] == 2 and data["missing"] == ["Cluster_202"]
    assert data["rouge1"]["f"] == pytest.approx(0.5)
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").count("\n") == 3


def test_cli_eval_reads_json_lines_references(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in (
        {"id": "Cluster_201", "summaries": [CAT_MAT]},
        {"id": "Cluster_202", "summary": "chó chạy ngoài sân"},
    )), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["clusters"] == 2 and data["missing"] == ["Cluster_202"]
    assert data["rouge1"]["f"] == pytest.approx(0.5)
    refs.write_text('{"id": "Cluster_201", "summaries": "not a list"}\n', encoding="utf-8")
    bad = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs)])
    assert bad.exit_code == EvaluationError.exit_code
    assert bad.stderr.strip().splitlines() == ['error: references refs.jsonl, line 1: "summaries" must be a list of strings']


def test_cli_eval_reports_reference_lines_without_a_summary(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in (
        {"id": "Cluster_201", "summaries": [CAT_MAT]},
        {"id": "Cluster_202", "summaries": []},
        {"id": "Cluster_010"},
    )), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(record(i, [CAT_MAT]), ensure_ascii=False) + "\n" for i in ("Cluster_201", "Cluster_202")),
                    encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    assert "2 line(s) hold no reference summary and are not scored: line 2 (Cluster_202), line 3 (Cluster_010)" in result.stderr
    assert "references without a summary (not scored): Cluster_010, Cluster_202" in " ".join(result.stdout.split())
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["clusters"] == 1 and data["rouge1"]["f"] == pytest.approx(1.0)
    assert data["without_summary"] == ["Cluster_010", "Cluster_202"] and data["unmatched"] == []
    # a split lists those of its clusters only
    heldout = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--split", "heldout", "--json", "-"])
    assert heldout.exit_code == 0, heldout.output
    assert json.loads(heldout.stdout)["without_summary"] == ["Cluster_202"]
    # the library call the README gives as the command's equal gives the same lists
    from summarizer.corpus import load_references
    from summarizer.evaluate import load_predictions

    library = evaluate(load_predictions(pred), load_references(refs)).to_dict()
    assert library["without_summary"] == ["Cluster_010", "Cluster_202"] and library["unmatched"] == []


def test_evaluate_lists_clusters_whose_references_hold_no_summary() -> None:
    refs = {"a": ReferenceSet("a", (CAT_MAT,), ("a.txt",))}
    predictions = {"a": record("a", [CAT_MAT]), "b": record("b", ["chó"]), "z": record("z", ["mèo"])}
    report = evaluate(predictions, refs, without_summary=["b"])
    assert [c.id for c in report.clusters] == ["a"] and report.without_summary == ["b"] and report.unmatched == ["z"]
    assert report.to_dict()["without_summary"] == ["b"]
    assert evaluate(predictions, refs, ["a"], without_summary=["b"]).without_summary == []  # outside the selection
    assert evaluate(predictions, refs, ["a", "b"], without_summary=["b"]).without_summary == ["b"]  # not an error
    with pytest.raises(EvaluationError, match="no cluster to evaluate: the references of the 1 chosen cluster"):
        evaluate(predictions, refs, ["b"], without_summary=["b"])


def test_cli_eval_split_needs_vims_cluster_ids(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    for cid in ("report-010", "report-205"):
        (refs / cid).mkdir(parents=True)
        (refs / cid / "a.txt").write_text(CAT_MAT + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("report-205", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    for split in ("heldout", "tune"):
        result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--split", split])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [
            f"error: --split {split} only applies to ViMs cluster ids (Cluster_NNN), and 'report-010' (and 1 more) "
            "is not one; use --split all (or --ids to choose the clusters)"
        ]
    everything = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", "-"])
    assert everything.exit_code == 0 and json.loads(everything.stdout)["clusters"] == 2


def test_paired_difference() -> None:
    base = [0.2 + 0.01 * i for i in range(30)]
    same = paired_difference(base, base)
    assert same["diff"] == 0.0 and same["p_value"] == 1.0 and same["ties"] == 30
    better = paired_difference([x + 0.05 for x in base], base)
    assert better["diff"] == pytest.approx(0.05)
    assert better["ci95"] == pytest.approx([0.05, 0.05])
    assert (better["wins"], better["losses"], better["ties"]) == (30, 0, 0)
    # Only the all-plus flip is as far from 0 as 30 equal gains: p = (0 or 1 + 1) / (R + 1).
    assert better["p_value"] < 1e-3
    # Gains and losses of the same size cancel: no evidence either way.
    mixed = paired_difference([x + (0.05 if i % 2 else -0.05) for i, x in enumerate(base)], base)
    assert mixed["diff"] == pytest.approx(0.0) and mixed["p_value"] == pytest.approx(1.0)
    assert paired_difference(base, base) == same  # fixed seeds: reproducible
    with pytest.raises(EvaluationError, match="differ in length"):
        paired_difference(base, base[:-1])
    with pytest.raises(EvaluationError, match="no cluster"):
        paired_difference([], [])


def test_compare_reports() -> None:
    good = evaluate({"c1": record("c1", [CAT_MAT]), "c2": record("c2", ["chó chạy ngoài sân."])}, _refs())
    poor = evaluate({"c1": record("c1", ["con chó nằm trên ghế."])}, _refs())
    result = compare(good, poor)
    assert result["clusters"] == 3
    assert result["rouge1"]["f"] == pytest.approx(good.to_dict()["rouge1"]["f"])
    assert result["rouge1"]["f_other"] == pytest.approx(poor.to_dict()["rouge1"]["f"])
    assert result["rouge1"]["diff"] == pytest.approx(result["rouge1"]["f"] - result["rouge1"]["f_other"])
    assert (result["rouge1"]["wins"], result["rouge1"]["losses"], result["rouge1"]["ties"]) == (2, 0, 1)
    with pytest.raises(EvaluationError, match="different clusters"):
        compare(good, evaluate({}, _refs(), ids=["c1"]))


def test_cli_eval_against_other_predictions(tmp_path: Path) -> None:
    refs = _write_refs(tmp_path / "vims")
    pred, other = tmp_path / "pred.jsonl", tmp_path / "other.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    other.write_text(json.dumps(record("Cluster_201", ["trời nắng"]), ensure_ascii=False) + "\n", encoding="utf-8")
    args = ["--pred", str(pred), "--refs", str(refs), "--split", "heldout", "--json", str(tmp_path / "m.json")]
    result = CliRunner().invoke(eval_app, [*args, "--against", str(other)])
    assert result.exit_code == 0, result.output
    assert "against other.jsonl" in result.output
    against = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["against"]
    assert against["pred"] == str(other) and against["clusters"] == 2
    # _write_refs holds two held-out clusters; both files lack the second one alike
    assert against["missing"] == [] and against["missing_other"] == []
    assert against["rouge1"]["f"] == pytest.approx(0.5) and against["rouge1"]["f_other"] == pytest.approx(0.0)
    assert set(against["rouge2"]) == {"f", "f_other", "diff", "ci95", "p_value", "wins", "losses", "ties"}
    assert CliRunner().invoke(eval_app, args).exit_code == 0
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["against"] is None


def test_cli_eval_errors(tmp_path: Path) -> None:
    refs = _write_refs(tmp_path / "vims")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT])) + "\n", encoding="utf-8")
    runner = CliRunner()
    bad_split = runner.invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--split", "dev"])
    assert bad_split.exit_code == 2 and "tune, heldout, all" in bad_split.output
    no_refs = runner.invoke(eval_app, ["--pred", str(pred), "--refs", str(tmp_path / "absent")])
    assert no_refs.exit_code == EvaluationError.exit_code
    assert no_refs.output.count("\n") == 1 and no_refs.output.startswith("error:")


# ---------------------------------------------------------------------------------------------
# scripts/baselines.py (the classic methods the README table compares the engine with)


def _baselines():
    return load_script("baselines")


def test_baseline_budget_fill_and_lexrank() -> None:
    import numpy as np

    b = _baselines()
    texts = ["một hai ba", "bốn năm sáu bảy tám", "chín mười"]
    # Rank order 1, 0, 2 (5, 3 and 2 syllables): at 8 the third no longer fits; at 7 the second is
    # skipped and the third still fits. Output is in narrative order.
    assert b.fill_in_order(texts, [1, 0, 2], budget=8) == [0, 1]
    assert b.fill_in_order(texts, [1, 0, 2], budget=7) == [1, 2]
    # A symmetric ring graph has uniform LexRank; a hub scores highest.
    ring = np.array([[1, 1, 0, 1], [1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1]], dtype=float)
    assert b.lexrank_scores(ring) == pytest.approx([0.25] * 4)
    star = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]], dtype=float)
    scores = b.lexrank_scores(star)
    assert scores[0] > max(scores[1:]) and sum(scores) == pytest.approx(1.0)


def test_baselines_on_a_prepared_cluster(tmp_path: Path) -> None:
    from summarizer.pipeline import prepare

    b = _baselines()
    folder = tmp_path / "cluster"
    folder.mkdir()
    (folder / "1.txt").write_text(
        "Bão đổ bộ\nBão số 5 đổ bộ vào Thanh Hóa đêm qua.\nHàng nghìn cây xanh bị quật đổ.\nĐiện lực khôi phục lưới điện.\n",
        encoding="utf-8",
    )
    (folder / "2.txt").write_text(
        "Thanh Hóa sau bão\nNhiều trường học cho học sinh nghỉ.\nBão số 5 gây mưa rất to ở Nghệ An.\n", encoding="utf-8"
    )
    cluster = prepare(folder, DEFAULT_OPTIONS)
    assert b.lead(cluster, 100, DEFAULT_OPTIONS)[0] == "Bão số 5 đổ bộ vào Thanh Hóa đêm qua."
    assert b.lead(cluster, 100, DEFAULT_OPTIONS)[-1] == "Điện lực khôi phục lưới điện."
    rr = b.lead_round_robin(cluster, 100, DEFAULT_OPTIONS)
    assert rr[:2] == ["Bão số 5 đổ bộ vào Thanh Hóa đêm qua.", "Nhiều trường học cho học sinh nghỉ."]
    for method in ("lexrank", "lexrank-mmr", "centroid-mmr"):
        chosen = b.RANKERS[method](cluster, 12, DEFAULT_OPTIONS)
        assert chosen and sum(count_syllables(t) for t in chosen) <= 12
    best = b.oracle(cluster, 100, DEFAULT_OPTIONS, ["Hàng nghìn cây xanh bị quật đổ."])
    assert best == ["Hàng nghìn cây xanh bị quật đổ."]


def test_baselines_first_reports_links_the_first_k_reports_in_load_order(tmp_path: Path) -> None:
    from summarizer.documents import load_folder

    b = _baselines()
    cluster = tmp_path / "Cluster_007"
    cluster.mkdir()
    for name in ("c.txt", "a.txt", "notes.csv", "b.md"):
        (cluster / name).write_text(f"Tiêu đề {name}\nNội dung của tệp {name}.\n", encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    cut = b.first_reports(cluster, 2, scratch)
    assert cut.name == "Cluster_007"
    assert [r.file for r in load_folder(cut).reports] == ["a.txt", "b.md"]


def test_cli_eval_prints_and_compares_order_agreement(tmp_path: Path) -> None:
    (tmp_path / "refs" / "storm").mkdir(parents=True)
    (tmp_path / "refs" / "storm" / "a.txt").write_text(f"{STORM} {EVACUATION} {DAMAGE}\n", encoding="utf-8")
    pred, other = tmp_path / "pred.jsonl", tmp_path / "other.jsonl"
    pred.write_text(json.dumps(record("storm", [EVACUATION, STORM, DAMAGE]), ensure_ascii=False) + "\n", encoding="utf-8")
    other.write_text(json.dumps(record("storm", [STORM, EVACUATION, DAMAGE]), ensure_ascii=False) + "\n", encoding="utf-8")
    args = ["--pred", str(pred), "--refs", str(tmp_path / "refs"), "--json", str(tmp_path / "m.json")]
    result = CliRunner().invoke(eval_app, [*args, "--against", str(other)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "order agreement with the references (Kendall's tau): 0.333 over 1 clusters" in output
    assert "order agreement (Kendall's tau) 0.333 against 1.000 on 1 clusters: -0.667" in output
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["order_tau"] == pytest.approx(1 / 3) and data["order_clusters"] == 1
    assert data["against"]["order_tau"]["tau_other"] == 1.0


def test_each_cli_run_logs_to_its_own_stderr(tmp_path: Path) -> None:
    """The summarizer logger's handler follows sys.stderr: a second run in the same process (a
    test runner, a program embedding the CLI) does not log to the stream the first one closed."""
    refs = tmp_path / "refs.jsonl"
    refs.write_text(json.dumps({"id": "c1", "summary": "một câu."}, ensure_ascii=False) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("c1", ["một câu."]), ensure_ascii=False) + "\n" + '{"id": "c2", "summ',
                    encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs)])
        assert result.exit_code == 0, result.output
        assert "ignoring a torn last line" in result.stderr
        assert "Logging error" not in result.stderr


def test_missing_predictions_fail_before_references_are_read(tmp_path: Path) -> None:
    (tmp_path / "refs" / "c1").mkdir(parents=True)
    (tmp_path / "refs" / "c1" / "bin.txt").write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(eval_app, ["--pred", str(tmp_path / "missing.jsonl"), "--refs", str(tmp_path / "refs")])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [f"error: cannot read predictions '{tmp_path / 'missing.jsonl'}': No such file or directory"]


def test_an_unreadable_reference_is_skipped_with_a_plain_reason(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from summarizer.corpus import load_references

    (tmp_path / "c1").mkdir()
    (tmp_path / "c1" / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c1" / "a.txt").write_text("Một câu tóm tắt.", encoding="utf-8")
    with caplog.at_level("WARNING", logger="summarizer.corpus"):
        references = load_references(tmp_path)
    assert references["c1"].summaries == ("Một câu tóm tắt.",)
    assert f"reference {tmp_path / 'c1' / 'bin.txt'} skipped: binary file" in caplog.messages


def test_figures_are_never_written_over_the_predictions(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text(json.dumps({"id": "c1", "summary": "một câu."}, ensure_ascii=False) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("c1", ["một câu."]), ensure_ascii=False) + "\n", encoding="utf-8")
    before = pred.read_bytes()
    for flag in ("--json", "--csv"):
        result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), flag, str(pred)])
        assert result.exit_code != 0 and "is one of the inputs" in result.stderr
        assert pred.read_bytes() == before


def test_an_empty_references_path_is_refused(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("c1", ["một câu."]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", ""])
    assert result.exit_code != 0 and result.stderr.strip() == "error: empty --refs path"
    # with an output file too (before: "output ... is inside the references folder ''")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", "", "--json", "m.json"])
    assert result.exit_code == 2 and result.stderr.strip() == "error: empty --refs path"


def test_cli_eval_writes_json_or_csv_to_stdout_instead_of_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    refs = _write_refs(tmp_path / "vims")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    base = ["--pred", str(pred), "--refs", str(refs), "--split", "heldout"]
    result = CliRunner().invoke(eval_app, [*base, "--json", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rouge1"]["f"] == pytest.approx(0.5)  # the JSON alone, no table
    result = CliRunner().invoke(eval_app, [*base, "--csv", "-", "--json", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("id,") and len(result.stdout.splitlines()) == 3
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["clusters"] == 2
    result = CliRunner().invoke(eval_app, [*base, "--csv", "-", "--json", "-"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --json and --csv cannot both be '-'")
    assert not (tmp_path / "-").exists()


def test_eval_outputs_must_not_overwrite_each_other_or_land_among_the_references(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    (refs / "c1").mkdir(parents=True)
    (refs / "c1" / "a.txt").write_text("Mèo ngồi trên thảm.", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("c1", ["Mèo ngồi trên thảm."]), ensure_ascii=False) + "\n", encoding="utf-8")
    same = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", str(tmp_path / "o"),
                                         "--csv", str(tmp_path / "o")])
    assert same.exit_code == 2 and "name one file" in same.stderr
    inside = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", str(refs / "c1" / "b.txt")])
    assert inside.exit_code == 6 and "inside the references folder" in inside.stderr
    assert sorted(p.name for p in (refs / "c1").iterdir()) == ["a.txt"]  # no new "reference" written


def test_references_that_are_the_predictions_file_are_refused(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("c1", ["Mèo ngồi trên thảm."]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(pred)])
    assert result.exit_code == 2 and "--refs and --pred are one file" in result.stderr  # it scored a perfect 1.0


def test_against_names_the_clusters_only_one_side_lacks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    refs = _write_refs(tmp_path / "vims")
    ids = sorted(i for i in load_references(refs) if i >= "Cluster_201")  # the held-out ones
    pred, other = tmp_path / "pred.jsonl", tmp_path / "other.jsonl"
    pred.write_text("".join(json.dumps(record(i, [CAT_MAT]), ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    other.write_text(json.dumps(record(ids[0], [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--split", "heldout",
                                           "--against", str(other), "--json", "-"])
    assert result.exit_code == 0, result.output
    against = json.loads(result.stdout)["against"]
    assert against["missing"] == [] and against["missing_other"] == ids[1:]  # they count as wins, and say why
    assert f"{other} has no prediction for 1 cluster(s) the other has ({ids[1]})" in caplog.text


def test_baselines_checks_its_arguments_before_it_runs(tmp_path: Path) -> None:
    script = _baselines()
    with pytest.raises(SystemExit):
        script.main(["--limit", "-1"])  # took every cluster but the last
    pred = tmp_path / "engine.jsonl"
    pred.write_text(json.dumps(record("c1", ["Mèo ngồi trên thảm."]), ensure_ascii=False) + "\n", encoding="utf-8")
    _write_refs(tmp_path / "vims")
    assert script.main(["--vims", str(tmp_path / "vims"), "--json", str(pred), "--pred", f"e={pred}"]) == 2
    assert pred.read_text(encoding="utf-8").startswith('{"id": "c1"')  # the input was not overwritten
    assert script.main(["--vims", str(tmp_path / "vims"), "--json", str(tmp_path / "absent" / "x.json")]) == 2


def test_baselines_input_mistakes_are_one_line_before_any_work(tmp_path: Path, capsys, monkeypatch) -> None:
    script = _baselines()
    vims = _write_refs(tmp_path / "vims")  # held-out and tune references, no cluster folder
    cluster = vims / "clusters" / "Cluster_201"
    cluster.mkdir()
    (cluster / "1.txt").write_text(f"Mèo\n{CAT_MAT}\n", encoding="utf-8")
    assert script.main(["--vims", str(vims), "--split", "tune", "--no-engine", "--methods", "lead"]) == 11
    assert capsys.readouterr().err.strip() == f"baselines: no cluster of the tune split with references under {str(vims)!r}"
    import summarizer.pipeline
    monkeypatch.setattr(summarizer.pipeline, "prepare", lambda *a, **k: pytest.fail("summarized before reading --pred"))
    missing = tmp_path / "missing.jsonl"
    assert script.main(["--vims", str(vims), "--no-engine", "--methods", "lead", "--pred", f"x={missing}"]) == 11
    err = capsys.readouterr().err
    assert err.startswith("baselines: cannot read predictions") and len(err.strip().splitlines()) == 1  # before: a traceback


# ---------------------------------------------------------------------------------------------
# Predictions as other tools write them; selections; what the warnings and the table say

STORY = "Sáng 20/5, chợ Bình Tây ở quận 6 bốc cháy dữ dội, 15 xe chữa cháy được điều tới."
EVACUATED = "Hơn 1.000 tiểu thương phải sơ tán."


def _one_ref(text: str = STORY, cid: str = "c1") -> dict[str, ReferenceSet]:
    return {cid: ReferenceSet(cid, (text,), ("1.txt",))}


def test_a_null_error_is_a_successful_prediction(tmp_path: Path) -> None:
    """``"error": null`` beside a valid summary (as tools that write every key do) scored as failed."""
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"id": "c1", "summary": STORY, "error": None}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "c2", "error": None}) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="'c2' has neither 'summary' nor 'error'"):
        load_predictions(path)
    path.write_text(json.dumps({"id": "c1", "summary": STORY, "error": None}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "c1", "error": "hỏng"}) + "\n", encoding="utf-8")
    loaded = load_predictions(path)  # the successful record wins over the later error record
    assert loaded["c1"]["summary"] == STORY
    report = evaluate(loaded, _one_ref())
    assert report.failed == [] and report.clusters[0].status == "ok"
    assert report.to_dict()["rouge1"]["f"] == pytest.approx(1.0)


def test_an_empty_sentence_list_falls_back_to_the_summary() -> None:
    """``"sentences": []`` with a summary gave 0 sentences, so no order or redundancy figure."""
    summary = f"{STORY} {EVACUATED}"
    report = evaluate({"c1": {"id": "c1", "summary": summary, "sentences": []}}, _one_ref(summary))
    cluster = report.clusters[0]
    assert cluster.sentences == 2 and cluster.pairs == 1 and cluster.order_tau == 1.0


def test_ids_are_compared_in_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Hà_Nội")
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"id": nfd, "summary": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
    predictions = load_predictions(path)
    assert list(predictions) == ["Hà_Nội"] and predictions["Hà_Nội"]["id"] == nfd  # the record as written
    report = evaluate(predictions, _one_ref(cid="Hà_Nội"), ids=[nfd])
    assert report.missing == [] and report.to_dict()["rouge1"]["f"] == pytest.approx(1.0)
    # references keyed in NFD (a library caller's own dict) match too
    assert evaluate({"Hà_Nội": {"id": "Hà_Nội", "summary": STORY}}, _one_ref(cid=nfd)).missing == []


def test_cli_eval_matches_an_nfd_folder_with_nfc_ids(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Hà_Nội")
    (tmp_path / "refs" / nfd).mkdir(parents=True)
    (tmp_path / "refs" / nfd / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    ids = tmp_path / "ids.txt"
    ids.write_text(nfd + "\n", encoding="utf-8")
    for spelling in ("Hà_Nội", nfd):
        pred = tmp_path / "pred.jsonl"
        pred.write_text(json.dumps({"id": spelling, "summary": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
        result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(tmp_path / "refs"), "--ids", str(ids),
                                               "--json", "-"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["missing"] == [] and data["unmatched"] == [] and data["rouge1"]["f"] == pytest.approx(1.0)


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="file names there must be valid Unicode")
def test_cli_eval_matches_a_folder_name_that_is_not_utf8_to_the_batch_id(tmp_path: Path) -> None:
    # summarize-batch writes the folder b"Vi\xeat" as the id "Vi\\xeat" (batch.representable)
    refs = tmp_path / "refs"
    folder = os.fsdecode(os.fsencode(refs) + b"/Vi\xeat")
    os.makedirs(folder)
    Path(folder, "1.txt").write_text(STORY + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "Vi\\xeat", "summary": STORY}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["missing"] == [] and data["unmatched"] == [] and data["rouge1"]["f"] == pytest.approx(1.0)


def test_cli_eval_keeps_an_id_holding_a_hash(tmp_path: Path) -> None:
    (tmp_path / "refs" / "tin#1").mkdir(parents=True)
    (tmp_path / "refs" / "tin#1" / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "tin#1", "summary": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
    ids = tmp_path / "ids.txt"
    ids.write_text("# chọn\ntin#1\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(tmp_path / "refs"), "--ids", str(ids),
                                           "--json", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["clusters"] == 1


def test_predictions_are_normalized_as_references_are() -> None:
    """A prediction written with the look-alike Ð scores as one with Đ (references are read with
    the loader's normalization, which makes Ð Đ in Vietnamese text)."""
    reference = "Đà Nẵng khánh thành cầu mới. Ông Đặng Văn Đức phát biểu."
    prediction = {"id": "c1", "summary": reference.replace("Đ", "Ð"), "title": "Ðà Nẵng"}
    refs = {"c1": ReferenceSet("c1", (reference,), ("1.txt",), ("Đà Nẵng",))}
    cluster = evaluate({"c1": prediction}, refs).clusters[0]
    assert cluster.scores["rouge1"][0] == pytest.approx(1.0) and cluster.title_scores["rouge1"][0] == pytest.approx(1.0)


def test_cli_eval_refuses_the_vims_reports_folder(tmp_path: Path) -> None:
    refs = _write_refs(tmp_path / "vims")
    (refs / "clusters" / "Cluster_201").mkdir()
    (refs / "clusters" / "Cluster_201" / "a.txt").write_text(f"Tiêu đề\n{CAT_MAT}.\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs / "clusters")])
    assert result.exit_code == EvaluationError.exit_code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ViMs reports folder" in lines[0] and str(refs / "summaries") in lines[0]


def test_references_that_are_the_summarized_reports_are_warned_of(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A reports folder given as --refs (outside the ViMs layout) scored the reports as human
    summaries; the predictions name their reports in ``sources``, with each one's title."""
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    refs = {"c1": ReferenceSet("c1", (f"Cháy chợ Bình Tây\n{STORY}", EVACUATED), ("a.txt", "b.txt"))}
    sources = [{"file": "a.txt", "title": "Cháy chợ Bình Tây"}, {"file": "b.txt", "title": "Chợ Bình Tây bốc cháy"}]
    evaluate({"c1": {"id": "c1", "summary": STORY, "sources": sources}}, refs)
    assert ("1 cluster(s) have reference files that are reports their prediction summarized (a source's file name "
            "and title): c1/a.txt") in caplog.text
    caplog.clear()
    evaluate({"c1": {"id": "c1", "summary": STORY, "sources": sources[1:]}}, refs)  # b.txt opens otherwise
    assert "reports their prediction summarized" not in caplog.text


def test_cli_eval_says_when_the_ids_and_the_split_have_no_cluster_in_common(tmp_path: Path) -> None:
    refs = _write_refs(tmp_path / "vims")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record("Cluster_010", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    ids = tmp_path / "ids.txt"
    ids.write_text("Cluster_010\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--ids", str(ids), "--split", "heldout"])
    assert result.exit_code == EvaluationError.exit_code
    assert result.stderr.strip() == (f"error: none of the 1 cluster id(s) listed in {str(ids)!r} is in --split heldout "
                                     "(Cluster_201-300); use --split all to score them")
    ids.write_text("# nothing\n", encoding="utf-8")
    empty = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--ids", str(ids)])
    assert empty.exit_code == EvaluationError.exit_code and "holds no cluster id" in empty.stderr


def test_the_missing_line_says_how_many_failed_and_which_file_lacks_them(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    refs = _write_refs(tmp_path / "vims")
    pred, other = tmp_path / "pred.jsonl", tmp_path / "other.jsonl"
    pred.write_text(json.dumps({"id": "Cluster_201", "error": "hỏng"}) + "\n", encoding="utf-8")
    other.write_text(json.dumps(record("Cluster_201", [CAT_MAT]), ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--split", "heldout",
                                           "--against", str(other)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.stdout.split())
    assert "missing (scored 0): 1 failed (Cluster_201), 1 absent (Cluster_202)" in output
    assert f"{pred}: 2 of 2 cluster(s) have no successful prediction and score 0" in caplog.text
    assert f"{other}: 1 of 2 cluster(s) have no successful prediction and score 0" in caplog.text
