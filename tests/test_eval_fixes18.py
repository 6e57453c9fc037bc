"""Evaluation fixes from the black-box report bb18: tone placement in the ROUGE tokenizer, title.txt
header lines, data files among references, the to_dict() contract, wrong-typed prediction keys,
a ViMs root holding summaries/ alone, and empty predicted summaries."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.corpus import ReferenceSet, load_jsonl_references, load_references
from summarizer.errors import EvaluationError
from summarizer.evaluate import TOKENIZER, EvaluationReport, evaluate, load_predictions, rouge


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(path: Path, *records: dict) -> Path:
    return _write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


# 1. tone-mark placement --------------------------------------------------------------------


def test_tokenizer_folds_tone_placement_but_no_letter() -> None:
    assert TOKENIZER.tokenize("Thuỳ hoà uỷ khoẻ") == TOKENIZER.tokenize("Thùy hòa ủy khỏe")
    assert TOKENIZER.tokenize("tóan") == TOKENIZER.tokenize("toán")  # a slip the summarizer re-places
    # only the mark's position: a letter is never changed (kỹ/kĩ, lý/lí are two spellings)
    assert TOKENIZER.tokenize("kỹ lý Sỹ") != TOKENIZER.tokenize("kĩ lí Sĩ")
    assert len(set(TOKENIZER.tokenize("kỹ kĩ lý lí"))) == 4
    # syllables whose mark has one place keep it; the rest of the tokenizer is unchanged
    assert TOKENIZER.tokenize("Người dân ĐƯỜNG quý hoàng khuya, 20.100") == [
        "người", "dân", "đường", "quý", "hoàng", "khuya", "20", "100"]


def test_the_summarizers_own_tone_placement_is_not_penalised() -> None:
    scores = rouge("Cô Thùy hòa giải vụ việc.", ["Cô Thuỳ hoà giải vụ việc."])
    assert scores["rouge1"][0] == pytest.approx(1.0) and scores["rouge2"][0] == pytest.approx(1.0)
    report = evaluate({"c1": {"id": "c1", "summary": "Cô Thùy hòa giải vụ việc."}},
                      {"c1": ReferenceSet("c1", ("Cô Thuỳ hoà giải vụ việc.",), ("r.txt",))})
    assert "tone placement folded" in report.to_dict()["method"]["tokenizer"]


# 2. title.txt header lines -----------------------------------------------------------------


def test_title_file_is_cleaned_of_vims_header_lines(tmp_path: Path) -> None:
    folder = tmp_path / "summaries" / "Cluster_001"
    _write(folder / "1.txt", "Cluster_001\n\n=Einleitung=\nNgười dân đi bộ qua cầu.\n")
    _write(folder / "title.txt", "Cluster_001\n\n=Einleitung=\nĐà Nẵng khánh thành cầu Hòa Xuân\n=Ende=\n"
                                 "Cầu Hòa Xuân thông xe\n")
    (tmp_path / "clusters" / "Cluster_001").mkdir(parents=True)
    refs = load_references(tmp_path)
    assert refs["Cluster_001"].titles == ("Đà Nẵng khánh thành cầu Hòa Xuân", "Cầu Hòa Xuân thông xe")
    prediction = {"Cluster_001": {"id": "Cluster_001", "title": "Đà Nẵng khánh thành cầu Hòa Xuân",
                                  "summary": "Người dân đi bộ qua cầu."}}
    data = evaluate(prediction, refs).to_dict()
    assert data["title_rouge1"]["r"] > 0.5  # against two headlines, not four (two of them header lines)
    # JSON Lines titles are cleaned alike
    jsonl = _jsonl(tmp_path / "refs.jsonl", {"id": "c1", "summary": "a b c", "titles": ["=Einleitung=", "Tiêu đề"]})
    assert load_jsonl_references(jsonl)["c1"].titles == ("Tiêu đề",)


# 3. data and metadata files among references -----------------------------------------------


def test_data_files_among_references_are_left_out_with_a_warning(tmp_path: Path, caplog) -> None:
    text = "Người dân Đà Nẵng đi bộ qua cầu.\n"
    _write(tmp_path / "refs" / "c1" / "ref.txt", text)
    _write(tmp_path / "refs" / "c2" / "ref.txt", text)
    _write(tmp_path / "refs" / "c2" / "meta.json", '{"source": "crawler", "date": "2016-05-19"}\n')
    _write(tmp_path / "refs" / "c2" / "links.CSV", "url,title\nhttp://a,Người dân đi bộ\n")
    _write(tmp_path / "refs" / "c3" / "D061.M.100.J.A", text)  # a name without a report suffix: read whole
    _write(tmp_path / "refs" / "c3" / "notes", text)
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        refs = load_references(tmp_path / "refs")
    assert refs["c2"].files == ("ref.txt",)
    assert refs["c3"].files == ("D061.M.100.J.A", "notes")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("2 data or metadata file(s)" in w and "c2/links.CSV" in w and "c2/meta.json" in w for w in warnings)
    report = evaluate({c: {"id": c, "summary": text} for c in ("c1", "c2")}, refs, ["c1", "c2"])
    assert report.to_dict()["rouge1"]["f"] == pytest.approx(1.0)


# 4. to_dict() and the --json contract ------------------------------------------------------


def test_to_dict_says_which_json_keys_the_command_adds() -> None:
    doc = EvaluationReport.to_dict.__doc__ or ""
    assert "selection" in doc and "against" in doc and "summarize-eval" in doc


# 5. wrong-typed prediction keys ------------------------------------------------------------


@pytest.mark.parametrize(("record", "message"), [
    ({"id": "c1", "summary": ["a b c d"]}, "record 'c1': 'summary' must be a string"),
    ({"id": "c1", "summary": 5}, "record 'c1': 'summary' must be a string"),
    ({"id": "c1", "summary": "a b c d", "title": 5}, "record 'c1': 'title' must be a string or null"),
    ({"id": "c1", "summary": "a b c d", "title": {"text": "Tiêu đề"}}, "record 'c1': 'title' must be a string or null"),
    ({"id": "c1", "summary": "a b c d", "sentences": "oops"}, "record 'c1': 'sentences' must be a list or null"),
])
def test_wrong_typed_prediction_keys_are_one_line_errors(tmp_path: Path, record: dict, message: str) -> None:
    from summarizer.cli_eval import app

    pred = _jsonl(tmp_path / "p.jsonl", record)
    with pytest.raises(EvaluationError) as caught:
        load_predictions(pred)
    assert str(caught.value) == f"{pred}:1: {message}"
    reference = {"c1": ReferenceSet("c1", ("a b c d",), ("r.txt",), ("Tiêu đề",))}
    with pytest.raises(EvaluationError, match=f"^{message}$"):
        evaluate({"c1": record}, reference)  # a library caller's record too
    _write(tmp_path / "refs" / "c1" / "r.txt", "a b c d\n")
    result = CliRunner().invoke(app, ["--pred", str(pred), "--refs", str(tmp_path / "refs"), "--csv", "-"])
    assert result.exit_code == EvaluationError.exit_code == 11
    assert result.stderr.strip().splitlines() == [f"error: {pred}:1: {message}"]


def test_null_title_and_sentences_and_error_records_stay_accepted_beside_the_type_check(tmp_path: Path) -> None:
    pred = _jsonl(tmp_path / "p.jsonl",
                  {"id": "c1", "summary": "a b c d", "title": None, "sentences": None, "error": None},
                  {"id": "c2", "summary": None, "title": 5, "error": "boom"},
                  {"id": "c3", "summary": "Trời mưa to cả ngày. Đường phố ngập sâu.", "sentences": [{"no": "text"}]})
    predictions = load_predictions(pred)
    references = {c: ReferenceSet(c, ("a b c d",), ("r.txt",), ("a b",)) for c in ("c1", "c2", "c3")}
    report = evaluate(predictions, references)
    assert [c.status for c in report.clusters] == ["ok", "failed", "ok"]
    assert report.clusters[2].sentences == 2  # a malformed list: the summary is split
    _jsonl(pred, {"id": "c1", "title": "x"})
    with pytest.raises(EvaluationError, match="has neither 'summary' nor 'error'"):
        load_predictions(pred)
    # what is null above is checked when it is not
    _jsonl(pred, {"id": "c1", "summary": "a b c d", "title": None, "sentences": {"text": "a b c d"}})
    with pytest.raises(EvaluationError, match="'sentences' must be a list or null"):
        load_predictions(pred)


# 6. a ViMs root holding summaries/ alone ---------------------------------------------------


def test_vims_root_with_summaries_alone_is_read_from_summaries(tmp_path: Path) -> None:
    for cid in ("Cluster_201", "Cluster_202"):
        _write(tmp_path / "vims" / "summaries" / cid / "1.txt", f"{cid}\n\n=Einleitung=\nBé trai tử vong do điện giật.\n")
    _write(tmp_path / "vims" / "README.txt", "ViMs\n")
    refs = load_references(tmp_path / "vims")
    assert sorted(refs) == ["Cluster_201", "Cluster_202"]
    assert refs["Cluster_201"].summaries == ("Bé trai tử vong do điện giật.",)
    # a folder per cluster that happens to hold a cluster named "summaries" is read as given
    _write(tmp_path / "flat" / "summaries" / "1.txt", "Một bản tóm tắt.\n")
    _write(tmp_path / "flat" / "c2" / "1.txt", "Hai bản tóm tắt.\n")
    assert sorted(load_references(tmp_path / "flat")) == ["c2", "summaries"]


# 7. empty predicted summaries --------------------------------------------------------------


def test_empty_predicted_summaries_are_named_in_a_warning(tmp_path: Path, caplog) -> None:
    from summarizer.cli_eval import app

    references = {c: ReferenceSet(c, ("a b c d",), ("r.txt",)) for c in ("c1", "c2", "c3")}
    predictions = {"c1": {"id": "c1", "summary": "a b c d"}, "c2": {"id": "c2", "summary": "", "error": None},
                   "c3": {"id": "c3", "summary": " — … "}}
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        report = evaluate(predictions, references, label="p.jsonl")
    assert report.empty == ["c2", "c3"]
    assert [c.status for c in report.clusters] == ["ok", "ok", "ok"]
    data = report.to_dict()
    assert data["predicted"] == 3 and data["missing"] == [] and data["rouge1"]["f"] == pytest.approx(1 / 3)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "p.jsonl: 2 cluster(s) have an empty summary (no word) and score 0: c2, c3" in warnings
    pred = _jsonl(tmp_path / "p.jsonl", *predictions.values())
    for c in ("c1", "c2", "c3"):
        _write(tmp_path / "refs" / c / "r.txt", "a b c d\n")
    result = CliRunner().invoke(app, ["--pred", str(pred), "--refs", str(tmp_path / "refs")])
    assert result.exit_code == 0, result.output
    assert "2 cluster(s) have an empty summary (no word) and score 0: c2, c3" in result.stderr
    assert "empty summaries (scored 0): 2 (c2, c3)" in " ".join(result.stdout.split())


def test_a_one_line_reference_in_a_report_format_is_its_text(tmp_path) -> None:
    from summarizer.corpus import load_references

    folder = tmp_path / "c1"
    folder.mkdir()
    (folder / "1.md").write_text("# Đà Nẵng khánh thành cầu Hòa Xuân mới\n", encoding="utf-8")
    (folder / "2.html").write_text("<p>Đà Nẵng khánh thành cầu Hòa Xuân mới</p>\n", encoding="utf-8")
    # the loader reads a file of one line without a final mark as a headline alone: its title
    assert load_references(tmp_path)["c1"].summaries == ("Đà Nẵng khánh thành cầu Hòa Xuân mới",) * 2
