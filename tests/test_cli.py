"""The `summarize` command through typer's CliRunner: outputs, notices, bad input and exit codes."""

from __future__ import annotations

import json
import re
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.options import DEFAULT_OPTIONS
from summarizer.errors import (
    BadOptionError,
    EmptyFolderError,
    FolderNotFoundError,
    ModelNotFoundError,
    NoReadableReportsError,
    OutputError,
)
from summarizer.result import JSON_KEYS

runner = CliRunner()

REPORT_A = (
    "Hà Nội mở tuyến buýt điện số 12 nối Cầu Giấy và Long Biên\n"
    "Sáng 2/9, Sở Giao thông vận tải Hà Nội khai trương tuyến xe buýt điện số 12. "
    "Tuyến dài 24 km, có 36 điểm dừng và chạy từ 5 giờ đến 22 giờ mỗi ngày. "
    "Giá vé lượt là 9.000 đồng, người trên 60 tuổi được miễn phí.\n"
)
REPORT_B = (
    "Buýt điện số 12 bắt đầu chở khách\n"
    "Sáng 2/9, Sở Giao thông vận tải Hà Nội khai trương tuyến xe buýt điện số 12. "
    "Mỗi xe có 40 chỗ và được trang bị cổng sạc điện thoại cho hành khách. "
    "Giá vé lượt là 9.000 đồng.\n"
)


@pytest.fixture()
def no_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with no model anywhere: empty project models dir and empty HF cache."""
    (tmp_path / "models").mkdir()
    (tmp_path / "hf").mkdir()
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def assert_one_line_error(result, code: int) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


def test_text_output_is_headline_blank_summary(sample_dir: Path, no_models: None) -> None:
    result = run(sample_dir)
    assert result.exit_code == 0, result.output
    title, blank, summary = result.stdout.rstrip("\n").split("\n")
    assert title and blank == "" and summary
    assert not title.endswith(".")
    assert "extractive" in result.stderr  # the notice says which engine ran


def test_auto_without_weights_says_extractive_ran(sample_dir: Path, no_models: None) -> None:
    result = run(sample_dir, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["engine"] == "extractive"
    assert any("extractive" in w and "no ViT5 model" in w for w in data["warnings"])
    notices = [line for line in result.stderr.splitlines() if "no ViT5 model" in line]
    assert len(notices) == 1


def test_json_contract_has_every_key(sample_dir: Path, no_models: None) -> None:
    result = run(sample_dir, "--format", "json", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == list(JSON_KEYS)
    assert data["engine"] == "extractive"
    assert data["backend"] is None and data["model"] is None and data["model_path"] is None
    assert data["packing"] is None and data["generation"] is None
    assert data["title_origin"] == "source"
    assert data["summary"] == " ".join(s["text"] for s in data["sentences"])
    files = {s["file"]: s["sentences"] for s in data["sources"]}
    assert set(files) == {p.name for p in sample_dir.iterdir() if p.suffix == ".txt"}
    for sentence in data["sentences"]:
        assert sentence["sources"], sentence
        for ref in sentence["sources"]:
            assert 0 <= ref["index"] < files[ref["file"]]
    stats = data["dedup"]
    assert stats["reports"] == 3
    assert stats["sentences_merged"] == stats["sentences_in"] - stats["groups"] > 0
    assert stats["words_after"] < stats["words_before"]


def test_max_words_is_respected(sample_dir: Path) -> None:
    result = run(sample_dir, "--format", "json", "--engine", "extractive", "--max-words", "40")
    data = json.loads(result.stdout)
    assert 0 < len(data["summary"].split()) <= 40


def test_short_cluster_summary_is_a_share_of_it_and_says_so(sample_dir: Path) -> None:
    result = run(sample_dir, "--format", "json", "--engine", "extractive")
    length = json.loads(result.stdout)["length"]
    assert length["unit"] == "syllables" and length["limited_by"] == "max_share"
    assert length["budget"] == int(DEFAULT_OPTIONS.extractive.max_share * length["input"]) < DEFAULT_OPTIONS.extractive.max_words
    assert f"length: at most {length['budget']} syllables (--max-share 0.3 of {length['input']} deduplicated" in result.stderr
    whole = json.loads(run(sample_dir, "--format", "json", "--engine", "extractive", "--max-share", "1").stdout)
    assert whole["length"]["limited_by"] == "max_words"
    assert len(whole["summary"].split()) > len(json.loads(result.stdout)["summary"].split())


def test_max_share_out_of_range_is_a_one_line_error(sample_dir: Path) -> None:
    assert_one_line_error(run(sample_dir, "--max-share", "1.5"), BadOptionError.exit_code)


def test_dash_reads_one_report_or_json_reports_from_stdin(sample_dir: Path) -> None:
    files = sorted(sample_dir.glob("*.txt"))
    one = runner.invoke(app, ["-", "--format", "json", "--engine", "extractive"], input=files[0].read_bytes())
    assert one.exit_code == 0, one.output
    assert [s["file"] for s in json.loads(one.stdout)["sources"]] == ["stdin"]
    payload = {"reports": [{"name": p.name, "text": p.read_text(encoding="utf-8")} for p in files]}
    several = runner.invoke(app, ["-", "--format", "json", "--engine", "extractive"], input=json.dumps(payload, ensure_ascii=False))
    from_folder = json.loads(run(sample_dir, "--format", "json", "--engine", "extractive").stdout)
    data = json.loads(several.stdout)
    assert [s["file"] for s in data["sources"]] == [p.name for p in files]
    assert (data["title"], data["summary"]) == (from_folder["title"], from_folder["summary"])


def test_reports_from_stdin_may_replace_an_existing_output(sample_dir: Path, tmp_path: Path) -> None:
    report = sorted(sample_dir.glob("*.txt"))[0].read_bytes()
    out = tmp_path / "summary.txt"
    out.write_text("an older summary", encoding="utf-8")
    result = runner.invoke(app, ["-", "--engine", "extractive", "-o", str(out)], input=report)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") != "an older summary"


def test_dash_reads_a_report_whose_title_opens_with_a_bracketed_label() -> None:
    text = ("[Video] Cháy chợ Đồng Xuân lúc rạng sáng\n"
            "Rạng sáng 12/5, một đám cháy lớn bùng phát tại chợ Đồng Xuân, quận Hoàn Kiếm, Hà Nội.\n")
    result = runner.invoke(app, ["-", "-e", "extractive", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Cháy chợ Đồng Xuân lúc rạng sáng"
    listed = '[\n  {"name": "a", "text": "Cháy chợ\\nRạng sáng 12/5, chợ Đồng Xuân cháy lớn."}]'
    assert runner.invoke(app, ["-", "-e", "extractive"], input=listed).exit_code == 0  # a JSON list still is one


def test_max_new_tokens_alone_lowers_the_default_minimum() -> None:
    from summarizer.cli_common import build_options
    from summarizer.options import DEFAULT_MIN_NEW_TOKENS

    options = build_options(max_new_tokens=32)  # under the default minimum (64): it gives way
    assert (options.generation.max_new_tokens, options.generation.effective_min_new_tokens) == (32, 32)
    # the rule is the options' own: the library gives the same
    assert DEFAULT_OPTIONS.with_changes(generation__max_new_tokens=32).generation == options.generation
    assert build_options(max_new_tokens=300).generation.effective_min_new_tokens == DEFAULT_MIN_NEW_TOKENS
    # named by their flags on the command line (the library's message names the fields)
    with pytest.raises(BadOptionError, match=r"^--min-new-tokens \(20\) must not exceed --max-new-tokens \(10\)$"):
        build_options(max_new_tokens=10, min_new_tokens=20)
    with pytest.raises(BadOptionError, match=r"^--min-new-tokens \(300\) must not exceed --max-new-tokens \(256\)$"):
        build_options(min_new_tokens=300)
    with pytest.raises(BadOptionError, match=r"^invalid --max-share 2.0; it must be in \(0, 1\]$"):
        build_options(max_share=2.0)
    assert_one_line_error(run(".", "--max-new-tokens", "10", "--min-new-tokens", "20"), BadOptionError.exit_code)


def _help(name: str) -> str:
    """The --help text of the shared option ``name``."""
    import typing

    from summarizer.cli_common import _SHARED

    shared = next(s for s in _SHARED if s.name == name)
    return typing.get_args(shared.annotation)[1].help


def test_a_negative_length_penalty_is_refused_in_one_line(sample_dir: Path) -> None:
    result = runner.invoke(app, [str(sample_dir), "--length-penalty", "-5"], env={"COLUMNS": "200"})  # click's range
    assert result.exit_code == BadOptionError.exit_code
    assert "--length-penalty" in result.output and "greater than or equal to 0" in result.output
    with pytest.raises(BadOptionError, match=r"^invalid length_penalty -5.0; it must be >= 0$"):
        DEFAULT_OPTIONS.with_changes(generation__length_penalty=-5.0)  # the library's own check
    assert "favours longer summaries" in _help("length_penalty")
    assert run(sample_dir, "-e", "extractive", "-q", "--length-penalty", "0").exit_code == 0  # 0 is a valid penalty


def test_the_min_new_tokens_help_says_the_minimum_follows_the_input() -> None:
    text = _help("min_new_tokens")
    assert "lowered to --max-new-tokens when that is less" in text
    assert "lowered to 0.3 of the model input's tokens" in text and "warning" in text


def test_an_empty_model_name_or_an_option_as_the_model_is_refused(sample_dir: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.cli_common import build_options

    empty = run(sample_dir, "-m", "")
    assert_one_line_error(empty, BadOptionError.exit_code)
    assert "empty model name" in empty.stderr
    assert_one_line_error(run(sample_dir, "-m", "  "), BadOptionError.exit_code)
    for option in ("-q", "--quiet", "-e"):
        taken = run(sample_dir, "--model", option, "extractive")
        assert_one_line_error(taken, BadOptionError.exit_code)
        assert f"--model '{option}': that is an option" in taken.stderr
    # a folder whose name starts with "-" is a model folder all the same
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-tiny").mkdir()
    assert build_options(model="-tiny").model.model == "-tiny"


def test_dash_errors_are_one_line(sample_dir: Path) -> None:
    assert_one_line_error(runner.invoke(app, ["-", str(sample_dir)], input="x"), BadOptionError.exit_code)
    assert_one_line_error(runner.invoke(app, ["-"], input="{not json"), NoReadableReportsError.exit_code)
    assert_one_line_error(runner.invoke(app, ["-"], input='{"reports": [1]}'), NoReadableReportsError.exit_code)
    assert_one_line_error(runner.invoke(app, ["-"], input=""), NoReadableReportsError.exit_code)
    too_deep = '{"reports": ' + "[" * 100_000  # json's recursion limit, not a crash
    assert_one_line_error(runner.invoke(app, ["-"], input=too_deep), NoReadableReportsError.exit_code)


def test_markdown_output(sample_dir: Path) -> None:
    result = run(sample_dir, "--format", "markdown", "--engine", "extractive")
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    assert "*Engine: extractive." in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_cite_names_each_sentences_reports(write_reports, fmt: str) -> None:
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B})
    result = run(folder, "--engine", "extractive", "--format", fmt, "--cite", "-q")
    assert result.exit_code == 0, result.output
    out = result.stdout
    # The opening sentence is in both reports; the 24 km and the 40 seats in one each.
    assert "khai trương tuyến xe buýt điện số 12. [1, 2]" in out
    assert "36 điểm dừng và chạy từ 5 giờ đến 22 giờ mỗi ngày. [1]" in out
    assert "cổng sạc điện thoại cho hành khách. [2]" in out
    bullet = "- " if fmt == "markdown" else ""
    assert f"{bullet}[1] a.txt: Hà Nội mở tuyến buýt điện số 12 nối Cầu Giấy và Long Biên\n" in out
    assert f"{bullet}[2] b.txt: Buýt điện số 12 bắt đầu chở khách\n" in out
    plain = run(folder, "--engine", "extractive", "--format", fmt, "-q").stdout
    assert "[1" not in plain and "b.txt:" not in plain


def test_cite_puts_a_report_that_tells_part_of_a_sentence_in_brackets(write_reports) -> None:
    # the deduplication merged the shorter copy into the longer: report 2 does not say "sau 3 giờ"
    folder = write_reports({
        "a.txt": "Cháy xưởng gỗ ở Bình Dương\nRạng sáng 5/7, một xưởng gỗ ở thị xã Bến Cát bất ngờ bốc cháy.\n"
                 "Cảnh sát đã điều 10 xe chữa cháy đến hiện trường, sau 3 giờ mới khống chế được đám cháy.\n",
        "b.txt": "Cháy xưởng gỗ ở Bến Cát\nRạng sáng 5/7, một xưởng gỗ ở thị xã Bến Cát bất ngờ bốc cháy.\n"
                 "Cảnh sát đã điều 10 xe chữa cháy đến hiện trường.\n",
    })
    out = run(folder, "--engine", "extractive", "--cite", "-q", "--max-share", "1").stdout
    assert "bất ngờ bốc cháy. [1, 2]" in out
    assert "sau 3 giờ mới khống chế được đám cháy. [1, (2)]" in out
    assert out.rstrip("\n").endswith("(n): the report tells part of the sentence.")
    data = json.loads(run(folder, "--engine", "extractive", "--format", "json", "-q", "--max-share", "1").stdout)
    last = data["sentences"][-1]["sources"]
    assert last == [{"file": "a.txt", "index": 1}, {"file": "b.txt", "index": 1, "partial": True}]
    assert all("partial" not in ref for ref in data["sentences"][0]["sources"])
    # a copy that writes a number another way, or is no shorter, tells the sentence whole
    from summarizer.engines.extractive import mark_partial
    from summarizer.result import SourceRef

    refs = (SourceRef("a.txt", 0), SourceRef("b.txt", 0))
    copies = {("a.txt", 0): "Khoảng 16h ngày 19/5, hai đối tượng bị bắt tại Hà Nội.",
              ("b.txt", 0): "Khoảng 16 giờ ngày 19-5, 2 đối tượng bị bắt tại Hà Nội."}
    assert mark_partial(copies["a.txt", 0], refs, copies) == refs
    # a report cited whole for a sentence is not listed as a part too, and then no legend
    from dataclasses import replace

    from summarizer.cli import render
    from summarizer.pipeline import summarize

    result = summarize(folder)
    both = replace(result, sentences=tuple(replace(sent, sources=(SourceRef("a.txt", 0), SourceRef("a.txt", 1, partial=True)))
                                          for sent in result.sentences))
    assert "(n): the report tells part" not in render(both, "text", cite=True)


def test_cite_marks_model_written_sentences(sample_dir: Path) -> None:
    from dataclasses import replace

    from summarizer.cli import render
    from summarizer.pipeline import summarize
    from summarizer.result import SourceRef

    result = summarize(sample_dir)
    aligned = replace(result, sentences=tuple(replace(s, aligned=True) for s in result.sentences))
    text = render(aligned, "text", cite=True)
    assert all(f"{s.text} [≈" in text for s in result.sentences)
    assert text.rstrip("\n").endswith("≈: written by the model; the numbers are the reports it most resembles.")
    assert "≈" not in render(result, "text", cite=True)
    assert render(result, "json", cite=True) == render(result, "json")
    # in Markdown the legend is a paragraph of its own, not part of the last source's list item
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().parse(render(aligned, "markdown", cite=True))
    legend = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content.startswith("≈: written"))
    assert tokens[legend - 1].type == "paragraph_open" and tokens[legend - 1].level == 0
    # with a part cited too, the two legend lines are two paragraphs, not one run together
    third = result.sources[2].file
    assert all(ref.file != third for s in aligned.sentences for ref in s.sources)
    partly = replace(aligned, sentences=tuple(replace(s, sources=(*s.sources, SourceRef(third, 0, partial=True)))
                                              for s in aligned.sentences))
    paragraphs = [t.content for t in MarkdownIt().parse(render(partly, "markdown", cite=True)) if t.type == "inline"]
    assert "(n): the report tells part of the sentence." in paragraphs
    assert any(p.startswith("≈: written") and p.endswith("resembles.") for p in paragraphs)


def test_output_file_is_written_whole(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    result = run(sample_dir, "--engine", "extractive", "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["engine"] == "extractive"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]  # no temp file left behind


def test_missing_folder(tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path / "nope"), FolderNotFoundError.exit_code)


def test_empty_folder(tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path), EmptyFolderError.exit_code)


def test_only_binary_or_non_text_files(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    (tmp_path / "data.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    result = run(tmp_path)
    assert result.exit_code in (EmptyFolderError.exit_code, NoReadableReportsError.exit_code)
    assert_one_line_error(result, result.exit_code)


def test_unwritable_output_path(sample_dir: Path, tmp_path: Path) -> None:
    result = run(sample_dir, "--engine", "extractive", "-o", tmp_path / "missing-dir" / "out.txt")
    assert_one_line_error(result, OutputError.exit_code)
    assert not (tmp_path / "missing-dir").exists()


def test_file_system_refusing_the_temporary_file_is_a_one_line_error(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the folder passes the writability check (as /proc does for root) but creating a file fails
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("summarizer.fileio.create_temporary_beside", refuse)
    result = run(sample_dir, "--engine", "extractive", "-o", tmp_path / "out.txt")
    assert_one_line_error(result, OutputError.exit_code)
    assert "Permission denied" in result.stderr
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("given", ["folder", "files", "recursive"])
def test_the_output_never_overwrites_an_input_report(sample_dir: Path, tmp_path: Path, given: str) -> None:
    import shutil

    folder = tmp_path / "reports"
    shutil.copytree(sample_dir, folder / "day1" if given == "recursive" else folder)
    victim = next(p for p in sorted(folder.rglob("*.txt")))
    before = victim.read_bytes()
    sources = {"folder": [folder], "files": sorted(folder.glob("*.txt")), "recursive": [folder, "--recursive"]}[given]
    result = run(*sources, "--engine", "extractive", "-o", victim)
    assert_one_line_error(result, OutputError.exit_code)
    assert "is one of the inputs" in result.stderr
    assert victim.read_bytes() == before
    assert run(*sources, "--engine", "extractive", "-o", folder / "summary.json", "-f", "json").exit_code == 0


@pytest.mark.parametrize("recursive", [False, True])
def test_a_new_output_is_not_written_where_the_next_run_reads_it_as_a_report(sample_dir: Path, tmp_path: Path,
                                                                             recursive: bool) -> None:
    import shutil

    folder = tmp_path / "reports"
    shutil.copytree(sample_dir, folder)
    inside = folder / "day2" / "summary.md" if recursive else folder / "summary.md"
    inside.parent.mkdir(exist_ok=True)
    result = run(folder, *(["--recursive"] if recursive else []), "--engine", "extractive", "-o", inside)
    assert_one_line_error(result, OutputError.exit_code)
    assert "inside the reports folder" in result.stderr and not inside.exists()
    # without --recursive a subfolder is not read: writing there is fine, as is a name no report takes
    if not recursive:
        assert run(folder, "--engine", "extractive", "-o", folder / "sub" / "summary.md").exit_code != 0  # no such folder
        (folder / "sub").mkdir()
        assert run(folder, "--engine", "extractive", "-o", folder / "sub" / "summary.md").exit_code == 0


def test_output_path_is_a_folder(sample_dir: Path, tmp_path: Path) -> None:
    assert_one_line_error(run(sample_dir, "--engine", "extractive", "-o", tmp_path), OutputError.exit_code)


@pytest.mark.parametrize(
    "args",
    [("--engine", "gpt"), ("--format", "yaml"), ("--backend", "onnx"), ("--device", "tpu"), ("--strategy", "cut")],
)
def test_invalid_choices_list_valid_ones(sample_dir: Path, args: tuple[str, str]) -> None:
    result = run(sample_dir, *args)
    assert_one_line_error(result, BadOptionError.exit_code)
    assert "choose one of" in result.stderr


def test_vit5_engine_without_model_is_an_error(sample_dir: Path, no_models: None) -> None:
    result = run(sample_dir, "--engine", "vit5")
    assert_one_line_error(result, ModelNotFoundError.exit_code)
    assert "download_model.py" in result.stderr


def test_bad_report_beside_good_ones_is_skipped_and_named(write_reports) -> None:
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": "   \n\n"})
    (folder / "d.txt").write_bytes(b"\x00\xff\x00\xfe" * 64)
    result = run(folder, "--engine", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    skipped = {s["file"] for s in data["skipped"]}
    assert skipped == {"c.txt", "d.txt"}
    assert any("c.txt" in w for w in data["warnings"]) and any("d.txt" in w for w in data["warnings"])
    assert "c.txt" in result.stderr and "d.txt" in result.stderr


def test_single_report(write_reports) -> None:
    result = run(write_reports({"a.txt": REPORT_A}), "--engine", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dedup"]["reports"] == 1 and data["dedup"]["sentences_merged"] == 0
    assert data["title"] == "Hà Nội mở tuyến buýt điện số 12 nối Cầu Giấy và Long Biên"


def test_two_reports_with_one_text_merge_completely(write_reports) -> None:
    # The same text under another headline (a syndicated copy): both are read, and merged.
    retitled = "Tuyến buýt điện số 12 khai trương" + REPORT_A[REPORT_A.index("\n"):]
    result = run(write_reports({"a.txt": REPORT_A, "b.txt": retitled}), "--engine", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)["dedup"]
    assert stats["reports"] == 2
    assert stats["groups"] * 2 == stats["sentences_in"]
    assert stats["words_after"] * 2 == stats["words_before"]


def test_a_report_saved_twice_counts_once(write_reports) -> None:
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": REPORT_A.replace("\n", "\r\n")})
    result = run(folder, "--engine", "extractive", "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["file"] for s in data["sources"]] == ["a.txt", "b.txt"]
    assert data["skipped"] == [{"file": "c.txt", "reason": "same title and text as a.txt"}]
    assert data["dedup"]["reports"] == 2


def test_large_report(write_reports) -> None:
    rng = random.Random(7)
    words = "hội nghị giao thông đô thị giá vé tuyến xe buýt điện người dân thành phố cầu đường sông mới năm tháng".split()
    body = "".join(" ".join(rng.choice(words) for _ in range(12)).capitalize() + f" {i}.\n" for i in range(70000))
    assert len(body.encode("utf-8")) > 5_000_000
    folder = write_reports({"big.txt": "Tiêu đề báo cáo rất dài về giao thông\n" + body, "b.txt": REPORT_B})
    result = run(folder, "--engine", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dedup"]["sentences_in"] >= 70000
    assert len(data["summary"].split()) <= DEFAULT_OPTIONS.extractive.max_words


def test_non_vietnamese_text(write_reports) -> None:
    english = (
        "City opens new footbridge\n"
        "The city opened a new footbridge on Monday. It is 300 metres long and cost 7 million dollars. "
        "Officials said it would cut travel times for thousands of residents.\n"
    )
    result = run(write_reports({"en.txt": english}), "--engine", "extractive")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("City opens new footbridge\n\n")


def test_module_entry_point_and_lazy_imports(sample_dir: Path) -> None:
    """`python -m summarizer` works, and the extractive path never imports torch or transformers."""
    code = (
        "import sys, runpy; sys.argv = ['summarize', %r, '--engine', 'extractive', '-q'];\n"
        "try:\n    runpy.run_module('summarizer', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'ctranslate2', 'onnxruntime', 'onnx') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n" % str(sample_dir)
    )
    env = dict(os.environ, SUMMARIZER_MODELS_DIR=str(sample_dir / "no-models-here"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout


def test_stage_spinner_names_the_stage_and_prints_log_lines_above_it() -> None:
    import io
    import logging

    from rich.console import Console

    from summarizer.cli_common import StageSpinner
    from summarizer.pipeline import STAGES

    buffer = io.StringIO()
    logger = logging.getLogger("summarizer")
    handlers = list(logger.handlers)
    with StageSpinner(STAGES, console=Console(file=buffer, force_terminal=True, width=120)) as spinner:
        spinner.update("dedup")
        assert logger.handlers != handlers  # routed through the spinner's console
        logging.getLogger("summarizer.models").warning("một dòng cảnh báo")
        spinner.console.print("frame")  # forces a refresh of the live display
    assert STAGES["dedup"] in buffer.getvalue()
    assert "WARNING summarizer.models: một dòng cảnh báo" in buffer.getvalue()
    assert logger.handlers == handlers  # restored


def test_report_files_instead_of_a_folder(write_reports) -> None:
    folder = write_reports({"a.txt": REPORT_A, "b.txt": REPORT_B, "notes.txt": "Ghi chú riêng\nKhông dùng.\n"})
    both = run(folder / "a.txt", folder / "b.txt", "--engine", "extractive", "--format", "json", "-q")
    assert both.exit_code == 0, both.output
    data = json.loads(both.stdout)
    assert [s["file"] for s in data["sources"]] == ["a.txt", "b.txt"]  # notes.txt is not read
    whole = json.loads(run(folder, "--engine", "extractive", "--format", "json", "-q", "--keep-off-topic").stdout)
    assert len(whole["sources"]) == 3
    one = run(folder / "b.txt", "--engine", "extractive", "--format", "json", "-q")
    assert one.exit_code == 0, one.output
    assert [s["file"] for s in json.loads(one.stdout)["sources"]] == ["b.txt"]


def test_report_files_errors(write_reports) -> None:
    folder = write_reports({"a.txt": REPORT_A})
    mixed = run(folder, folder / "a.txt")  # a folder and a file: a usage error
    assert_one_line_error(mixed, BadOptionError.exit_code)
    assert "is a folder: give one folder, or report files" in mixed.stderr
    missing = run(folder / "a.txt", folder / "gone.txt")
    assert_one_line_error(missing, FolderNotFoundError.exit_code)
    assert "file not found" in missing.stderr


def test_help_names_every_report_format_the_loader_reads() -> None:
    import re

    from summarizer.documents import REPORT_SUFFIXES

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert set(REPORT_SUFFIXES) <= set(re.findall(r"\.[a-z]+(?=[,).])", result.output))


def test_an_empty_path_is_refused_not_read_as_the_working_folder(sample_dir: Path) -> None:
    assert_one_line_error(run(""), BadOptionError.exit_code)
    assert_one_line_error(run(sample_dir / "01-bao-a.txt", ""), BadOptionError.exit_code)


def test_a_missing_report_file_is_named_a_file(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.txt")
    assert_one_line_error(result, FolderNotFoundError.exit_code)
    assert result.stderr.strip() == f"error: file not found: {tmp_path / 'missing.txt'}"


def test_dash_output_is_stdout(sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = run(sample_dir, "--engine", "extractive", "-q")
    dashed = run(sample_dir, "--engine", "extractive", "-q", "-o", "-")
    assert dashed.exit_code == 0 and dashed.stdout == plain.stdout and plain.stdout
    assert not (tmp_path / "-").exists()  # before: a file named '-'


def _closed_pipe_run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run ``args`` with stdout a pipe whose reader has already gone (as `| head` leaves it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(args, stdout=write_end, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("command", ["summarize", "summarize-eval"])
def test_a_reader_that_goes_away_ends_the_run_quietly_with_141(command: str, sample_dir: Path, tmp_path: Path) -> None:
    from summarizer.errors import BROKEN_PIPE_EXIT

    if command == "summarize":
        args = ["-m", "summarizer", str(sample_dir), "--engine", "extractive", "-q"]
    else:
        pred = tmp_path / "pred.jsonl"
        pred.write_text(json.dumps({"id": "c1", "title": "Tiêu đề", "summary": "Mèo ngồi trên thảm."}) + "\n", encoding="utf-8")
        (tmp_path / "refs" / "c1").mkdir(parents=True)
        (tmp_path / "refs" / "c1" / "1.txt").write_text("Mèo ngồi trên thảm.\n", encoding="utf-8")
        args = ["-c", "from summarizer.cli_eval import main; main()", "--pred", str(pred), "--refs", str(tmp_path / "refs")]
    done = _closed_pipe_run([sys.executable, *args])
    assert done.returncode == BROKEN_PIPE_EXIT, done.stderr.decode()  # before: 70 (internal error) / 1
    assert done.stderr == b""


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="descriptor paths")
def test_o_dev_stdout_into_a_pipe_whose_reader_went_away_exits_141_as_o_dash(sample_dir: Path) -> None:
    from summarizer.errors import BROKEN_PIPE_EXIT

    args = [sys.executable, "-m", "summarizer", str(sample_dir), "--engine", "extractive", "-q", "-o"]
    for target in ("/dev/stdout", "-"):
        done = _closed_pipe_run([*args, target])
        assert done.returncode == BROKEN_PIPE_EXIT, (target, done.stderr.decode())  # review: /dev/stdout exited 6
        assert done.stderr == b""


@pytest.mark.parametrize("module", ["cli", "cli_batch", "cli_eval"])
def test_help_into_a_pipe_whose_reader_went_away_exits_141(module: str) -> None:
    from summarizer.errors import BROKEN_PIPE_EXIT

    done = _closed_pipe_run([sys.executable, "-c", f"from summarizer.{module} import main; main()", "--help"])
    assert done.returncode == BROKEN_PIPE_EXIT, done.stderr.decode()  # before: 1, rich's own exit
    assert done.stderr == b""


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor before exec")
def test_a_closed_stdout_is_a_one_line_error_and_o_still_writes(sample_dir: Path, tmp_path: Path) -> None:
    args = [sys.executable, "-m", "summarizer", str(sample_dir), "--engine", "extractive", "-q"]
    closed = subprocess.run(args, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, timeout=120)  # as `>&-`
    assert closed.returncode == OutputError.exit_code  # before: 70, AttributeError
    assert closed.stderr.decode().strip() == "error: standard output is closed; write to a file with -o FILE"
    out = tmp_path / "s.txt"
    written = subprocess.run([*args, "-o", str(out)], preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, timeout=120)
    assert written.returncode == 0 and out.read_text(encoding="utf-8").strip()


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor before exec")
def test_a_closed_stdout_tells_summarize_eval_s_own_options(tmp_path: Path) -> None:
    (tmp_path / "refs" / "c1").mkdir(parents=True)
    (tmp_path / "refs" / "c1" / "1.txt").write_text("Bão số 3 đổ bộ vào Quảng Ninh.\n", encoding="utf-8")
    (tmp_path / "p.jsonl").write_text(json.dumps({"id": "c1", "summary": "Bão số 3 đổ bộ."}) + "\n", encoding="utf-8")
    args = [sys.executable, "-c", "from summarizer.cli_eval import main; main()",
            "--pred", str(tmp_path / "p.jsonl"), "--refs", str(tmp_path / "refs")]
    closed = subprocess.run(args, preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, timeout=120)
    assert closed.returncode == OutputError.exit_code
    # before: "write to a file with -o FILE", an option summarize-eval does not have
    assert closed.stderr.decode().strip() == ("error: standard output is closed; write the figures to a file with "
                                              "--json FILE or --csv FILE, and pass -q to print no table")
    written = subprocess.run([*args, "--json", str(tmp_path / "m.json"), "-q"], preexec_fn=lambda: os.close(1),
                             stderr=subprocess.PIPE, timeout=120)
    assert written.returncode == 0 and json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["clusters"] == 1


def test_markdown_shows_the_reports_text_as_written(write_reports) -> None:
    from summarizer.render import markdown_escape

    assert markdown_escape("Giá 5*3 = 15 <b>") == "Giá 5\\*3 = 15 \\<b>"
    assert markdown_escape("1. Mở đầu") == "1\\. Mở đầu" and markdown_escape("# Một") == "\\# Một"
    assert markdown_escape("tin_tuc.txt") == "tin_tuc.txt" and markdown_escape("_nhấn_") == "\\_nhấn\\_"
    assert markdown_escape("Ngôi sao #") == "Ngôi sao \\#" and markdown_escape("Vụ C#") == "Vụ C#"
    folder = write_reports({
        "*a*.txt": "Hà Nội thử nghiệm tuyến <buýt> số 1\nSáng 3/6, Hà Nội chạy thử tuyến buýt *số 1* với giá vé 7_000 đồng. "
                   "Tuyến dài 24 km và có 36 điểm dừng dọc đường.\n",
        "b.txt": "Chạy thử tuyến buýt số 1\nSáng 3/6, Hà Nội chạy thử tuyến buýt *số 1* với giá vé 7_000 đồng. "
                 "Mỗi xe có 40 chỗ ngồi và cổng sạc điện thoại.\n",
    })
    result = run(folder, "--engine", "extractive", "--format", "markdown", "--cite", "-q")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "tuyến buýt \\*số 1\\* với giá vé 7_000 đồng. [1, 2]" in out  # the citation marks stay as they are
    assert "- [1] \\*a\\*.txt: Hà Nội thử nghiệm tuyến \\<buýt> số 1\n" in out
    assert "Sources: \\*a\\*.txt, b.txt.*" in out
    text = run(folder, "--engine", "extractive", "-q").stdout
    assert "\\" not in text and "*số 1*" in text  # plain text is never escaped


def test_the_output_suffix_picks_the_format_unless_format_is_given(sample_dir: Path, tmp_path: Path) -> None:
    for name, opening in (("s.json", "{"), ("s.md", "# "), ("s.MARKDOWN", "# "), ("s.txt", "")):
        assert run(sample_dir, "--engine", "extractive", "-q", "-o", tmp_path / name).exit_code == 0
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.startswith(opening) and (opening or not text.startswith(("{", "# ")))
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["engine"] == "extractive"
    assert run(sample_dir, "--engine", "extractive", "-q", "-f", "text", "-o", tmp_path / "t.json").exit_code == 0
    assert not (tmp_path / "t.json").read_text(encoding="utf-8").startswith("{")  # an explicit --format wins
    assert not run(sample_dir, "--engine", "extractive", "-q").stdout.startswith(("{", "# "))  # stdout: text


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("cli", ["--bogus"], "error: No such option: --bogus"),
        ("cli", [], "error: Missing argument 'FOLDER | FILE... | -' (see summarize --help)"),
        ("cli", ["x", "--threads", "0"], "error: Invalid value for '--threads'"),
        ("cli", ["x", "--max-words"], "error: Option '--max-words' requires an argument"),
        ("cli_batch", ["root"], "error: Missing option '--output' / '-o' (see summarize-batch --help)"),
        ("cli_eval", ["--pred", "p.jsonl"], "error: Missing option '--refs' / '-r' (see summarize-eval --help)"),
    ],
)
def test_console_scripts_print_usage_errors_as_one_line(
    command: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    main = importlib.import_module(f"summarizer.{command}").main
    monkeypatch.setattr(sys, "argv", [command, *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == BadOptionError.exit_code
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err  # before: click's usage box


def test_console_script_exit_codes_pass_through(sample_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.cli import main

    for args, code in (([str(sample_dir), "-e", "extractive", "-q"], 0), ([str(sample_dir / "absent")], 3), (["--help"], 0)):
        monkeypatch.setattr(sys, "argv", ["summarize", *args])
        with pytest.raises(SystemExit) as stopped:
            main()
        assert stopped.value.code == code, args
    assert "Usage" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["cli", "cli_batch", "cli_eval"])
def test_version_flag(command: str) -> None:
    import importlib
    from importlib.metadata import version

    import summarizer

    result = runner.invoke(importlib.import_module(f"summarizer.{command}").app, ["--version"], prog_name="prog")
    assert result.exit_code == 0 and result.stdout == f"prog {summarizer.__version__}\n"
    assert version("summarizer") == summarizer.__version__  # pyproject reads it from the package: one place


def test_the_library_prints_nothing_without_a_host_handler_and_the_cli_still_warns(tmp_path):
    # A host that configures no logging gets no stderr from the library (its NullHandler keeps
    # Python's last-resort handler quiet); the CLI adds its own handler and warns as before.
    from conftest import ROOT

    code = ("import logging, summarizer; from summarizer import summarize, SummarizeOptions; "
            f"summarize({str(ROOT / 'examples' / 'sample-cluster')!r}, SummarizeOptions(engine='auto')); "
            "logging.getLogger('summarizer.test').warning('a library warning')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    result = CliRunner().invoke(app, [str(ROOT / "examples" / "sample-cluster")])
    assert "warning: no ViT5 model available" in result.stderr


def test_ctrl_c_while_a_command_imports_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A Ctrl-C in the first tenths of a second (typer, rich and the pipeline importing) printed
    Python's traceback and died by the signal."""
    import importlib

    from summarizer import entry

    def interrupted(name: str):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib, "import_module", interrupted)
    for command in (entry.summarize, entry.summarize_batch, entry.summarize_eval):
        with pytest.raises(SystemExit) as exited:
            command()
        assert exited.value.code == 130
        assert capsys.readouterr().err == "error: interrupted\n"


def test_the_console_scripts_run_their_commands() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    scripts = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    for name, target in scripts.items():
        module, function = target.split(":")
        done = subprocess.run([sys.executable, "-c", f"import {module}; {module}.{function}()", "--version"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith(f"{name} "), (name, done.stdout, done.stderr)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_sigterm_unwinds_as_ctrl_c_does_and_exits_143() -> None:
    """SIGTERM (a CI cancel, `timeout`, `docker stop`) ended the process at once: no `finally`
    ran, and a model build's half-written temporary folder stayed behind."""
    import signal
    import time

    process = subprocess.Popen([sys.executable, "-c", "from summarizer.entry import summarize; summarize()", "-", "-q"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)  # reading stdin, inside the command's edge
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143 and err.decode() == "error: terminated\n"


def _run_with_encoding(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, env=env, timeout=120)


def test_an_output_encoding_without_vietnamese_is_a_one_line_error_and_help_still_shows(sample_dir: Path,
                                                                                          tmp_path: Path) -> None:
    done = _run_with_encoding("cp1252", str(sample_dir), "--engine", "extractive", "-q")
    assert done.returncode == OutputError.exit_code and done.stdout == b""  # before: 70, UnicodeEncodeError
    lines = done.stderr.decode("cp1252").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: standard output's encoding cp1252 cannot hold")
    out = tmp_path / "s.txt"  # a file is written in UTF-8 whatever the streams' encoding
    assert _run_with_encoding("cp1252", str(sample_dir), "--engine", "extractive", "-q", "-o", str(out)).returncode == 0
    assert "Đà Nẵng" in out.read_text(encoding="utf-8")
    helped = _run_with_encoding("ascii", "--help")
    assert helped.returncode == 0 and b"Traceback" not in helped.stderr and b"--model" in helped.stdout  # before: a traceback


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names that are not UTF-8")
def test_a_report_file_name_that_is_not_utf8_is_written_with_escapes(sample_dir: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "r"
    folder.mkdir()
    reports = sorted(sample_dir.glob("*.txt"))
    for report in reports[:-1]:
        shutil.copy(report, folder)
    shutil.copy(reports[-1], os.fsencode(folder) + b"/b\xe1o-c.txt")
    out = tmp_path / "r.json"
    result = run(folder, "--engine", "extractive", "-q", "-o", out)
    assert result.exit_code == 0, result.stderr  # before: 70, UnicodeEncodeError (surrogates not allowed)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "b\\xe1o-c.txt" in [s["file"] for s in data["sources"]]
    cited = tmp_path / "r.txt"
    assert run(folder, "--engine", "extractive", "-q", "--cite", "-o", cited).exit_code == 0
    assert "b\\xe1o-c.txt" in cited.read_text(encoding="utf-8")


def test_a_path_that_cannot_be_searched_is_a_one_line_error(sample_dir: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # A report file in a folder without search permission, and a root or references folder that
    # cannot be read: root ignores permissions, so the refusals are simulated as the OS gives them.
    from summarizer import corpus
    from summarizer.cli_batch import app as batch_app
    from summarizer.cli_eval import app as eval_app
    from summarizer.errors import EvaluationError, FolderNotFoundError

    locked = tmp_path / "locked"
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    result = run(locked / "a.txt", "--engine", "extractive")
    assert_one_line_error(result, FolderNotFoundError.exit_code)  # before: 70, PermissionError
    assert "cannot read" in result.stderr and "Permission denied" in result.stderr
    result = run(locked / "a.txt", sample_dir / "01-bao-a.txt", "--engine", "extractive")
    assert_one_line_error(result, FolderNotFoundError.exit_code)
    result = run(locked / "a.txt", "--engine", "extractive", "-o", tmp_path / "out.txt")  # review: -o looked first
    assert_one_line_error(result, FolderNotFoundError.exit_code)
    monkeypatch.undo()
    root = tmp_path / "root"
    root.mkdir()
    real_access = os.access
    monkeypatch.setattr(corpus.os, "access", lambda path, mode: False if Path(path) == root else real_access(path, mode))
    done = CliRunner().invoke(batch_app, [str(root), "-o", str(tmp_path / "out.jsonl")])
    assert done.exit_code == FolderNotFoundError.exit_code
    assert done.stderr.strip() == f"error: cannot read cluster root {str(root)!r}: Permission denied"
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "c1", "title": "T", "summary": "S."}\n', encoding="utf-8")
    done = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(root)])
    assert done.exit_code == EvaluationError.exit_code
    assert done.stderr.strip() == f"error: cannot read references folder {str(root)!r}: Permission denied"


@pytest.mark.parametrize("option, value, limit", [
    ("--num-beams", "65", "64"), ("--threads", "257", "256"), ("--max-new-tokens", "2049", "2048"),
    ("--no-repeat-ngram-size", str(2**63), "2048"), ("--length-penalty", "11", "10"),
])  # fmt: skip
def test_an_option_over_its_limit_is_refused_by_its_flag_and_help_shows_the_limit(option: str, value: str,
                                                                                   limit: str) -> None:
    result = run(".", option, value)  # click's usage error (the console script prints it as one line)
    assert result.exit_code == BadOptionError.exit_code  # before, --no-repeat-ngram-size 2**63 hung CTranslate2
    assert option in result.output and limit in result.output
    helped = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert re.search(rf"{re.escape(option)}\s.*<=x<={limit}", helped.stdout), option


def test_the_file_redirected_into_stdin_is_never_the_output(sample_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "a.txt"
    victim.write_bytes((sample_dir / "01-bao-a.txt").read_bytes())
    before = victim.read_bytes()
    args = [sys.executable, "-m", "summarizer", "-", "--engine", "extractive", "-q", "-o"]
    with open(victim, "rb") as stdin:  # summarize - -o a.txt < a.txt
        done = subprocess.run([*args, str(victim)], stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == OutputError.exit_code  # before: 0, the report replaced by its summary
    assert done.stderr.decode().strip() == f"error: output {str(victim)!r} is the file standard input reads; give another file name"
    assert victim.read_bytes() == before
    with open(victim, "rb") as stdin:
        assert subprocess.run([*args, str(tmp_path / "s.txt")], stdin=stdin, timeout=120).returncode == 0


@pytest.mark.parametrize("command, args, option", [
    ("summarize", ["{sample}", "-o", ""], "--output"),
    ("batch", ["{sample}", "-o", ""], "--output"),
    ("eval", ["--pred", "", "--refs", "{refs}"], "--pred"),
    ("eval", ["--pred", "{pred}", "--refs", "{refs}", "--json", ""], "--json"),
    ("eval", ["--pred", "{pred}", "--refs", "{refs}", "--csv", ""], "--csv"),
    ("eval", ["--pred", "{pred}", "--refs", "{refs}", "--ids", ""], "--ids"),
    ("eval", ["--pred", "{pred}", "--refs", "{refs}", "--against", ""], "--against"),
])  # fmt: skip
def test_an_empty_path_option_is_a_usage_error_not_the_working_folder(command: str, args: list[str], option: str,
                                                                       sample_dir: Path, tmp_path: Path) -> None:
    from summarizer.cli_batch import app as batch_app
    from summarizer.cli_eval import app as eval_app

    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "c1", "title": "T", "summary": "Mèo ngồi trên thảm."}\n', encoding="utf-8")
    (tmp_path / "refs" / "c1").mkdir(parents=True)
    (tmp_path / "refs" / "c1" / "1.txt").write_text("Mèo ngồi trên thảm.\n", encoding="utf-8")
    filled = [a.format(sample=sample_dir, refs=tmp_path / "refs", pred=pred) for a in args]
    target = {"summarize": app, "batch": batch_app, "eval": eval_app}[command]
    result = CliRunner().invoke(target, filled)
    assert result.exit_code == BadOptionError.exit_code, result.output  # before: '.' is a folder (exit 6 / 11)
    assert result.stderr.strip() == f"error: empty {option} path"


@pytest.mark.skipif(sys.platform == "win32", reason="a working folder cannot be removed there")
def test_a_deleted_working_folder_is_a_one_line_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()

    def leave_it_deleted() -> None:
        os.chdir(gone)
        os.rmdir(gone)

    done = subprocess.run([sys.executable, "-m", "summarizer", "reports"], preexec_fn=leave_it_deleted,
                          capture_output=True, timeout=120)
    assert done.returncode == 3, done.stderr.decode()  # before: 70, FileNotFoundError
    assert done.stderr.decode().strip() == ("error: folder not found: reports (the working folder was deleted or "
                                            "moved, so no relative path can be read; cd to an existing folder or "
                                            "give absolute paths)")
    gone.mkdir()
    above = subprocess.run([sys.executable, "-m", "summarizer", "../x"], preexec_fn=leave_it_deleted,
                           capture_output=True, timeout=120)  # resolving ".." needs the working folder itself
    assert above.returncode == 3 and "the working folder was deleted or moved" in above.stderr.decode()
    # what needs no working folder still works there: an absolute path, --version
    from conftest import SAMPLE

    absolute = [sys.executable, "-m", "summarizer", str(SAMPLE), "--engine", "extractive", "-q"]
    gone.mkdir()
    assert subprocess.run(absolute, preexec_fn=leave_it_deleted, capture_output=True, timeout=120).returncode == 0
    gone.mkdir()
    version = subprocess.run([sys.executable, "-m", "summarizer", "--version"], preexec_fn=leave_it_deleted,
                             capture_output=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith(b"summarize ")


def test_a_path_argument_with_a_line_break_is_a_path_and_a_notice_stays_one_line(sample_dir: Path,
                                                                                   tmp_path: Path) -> None:
    import shutil

    from summarizer.errors import FolderNotFoundError

    result = run(tmp_path / "no\nexist")  # before: exit 2, "pass report text as TextReport(name, text)"
    assert_one_line_error(result, FolderNotFoundError.exit_code)
    folder = tmp_path / "r"
    shutil.copytree(sample_dir, folder)
    (folder / "empty\nfile.txt").write_bytes(b"")
    result = run(folder, "--engine", "extractive")
    assert result.exit_code == 0
    assert "warning: skipped empty\\nfile.txt: empty" in result.stderr.splitlines()  # before: split over two lines


def test_the_vit5_engines_options_given_to_the_extractive_engine_are_said_to_do_nothing(sample_dir: Path) -> None:
    result = run(sample_dir, "--engine", "extractive", "--num-beams", "8", "--backend", "torch")
    assert result.exit_code == 0
    assert ("notice: --backend, --num-beams have no effect with --engine extractive (the ViT5 engine's options)"
            in result.stderr.splitlines())  # before: silently ignored
    assert "notice:" not in run(sample_dir, "--engine", "extractive", "-w", "80").stderr  # its own options: nothing
    assert "notice:" not in run(sample_dir, "--engine", "extractive", "-q", "--num-beams", "8").stderr


def test_running_out_of_memory_is_said_as_such_not_as_a_bug(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import pipeline
    from summarizer.errors import OUT_OF_MEMORY_EXIT

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError()

    monkeypatch.setattr(pipeline, "summarize", exhausted)
    result = run(sample_dir, "--engine", "extractive")
    assert result.exit_code == OUT_OF_MEMORY_EXIT  # before: 70, "internal error: MemoryError"
    assert result.stderr.strip().startswith("error: out of memory: ") and "internal error" not in result.stderr
