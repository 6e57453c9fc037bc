"""Robustness fixes from a fuzz campaign: each test reproduces one finding (a traceback, an exit
code the README does not list, an internal error, or time that grows with the square of the input)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli_batch import app as batch_app
from summarizer.cli_eval import app as eval_app
from summarizer.errors import (
    BATCH_PARTIAL_FAILURE_EXIT,
    EvaluationError,
    FolderNotFoundError,
    NoReadableReportsError,
    OutputError,
)
from summarizer.options import DEFAULT_OPTIONS

EXTRACTIVE = DEFAULT_OPTIONS.with_changes(engine="extractive")
PROJECT = Path(__file__).resolve().parents[1]
HAS_DEV_FULL = Path("/dev/full").exists()
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="closes descriptors before exec")

REPORT_A = (
    "Hà Nội mở tuyến buýt điện số 12 nối Cầu Giấy và Long Biên\n"
    "Sáng 2/9, Sở Giao thông vận tải Hà Nội khai trương tuyến xe buýt điện số 12. "
    "Tuyến dài 24 km, có 36 điểm dừng và chạy từ 5 giờ đến 22 giờ mỗi ngày.\n"
)
REPORT_B = (
    "Buýt điện số 12 bắt đầu chở khách\n"
    "Sáng 2/9, Sở Giao thông vận tải Hà Nội khai trương tuyến xe buýt điện số 12. "
    "Mỗi xe có 40 chỗ và được trang bị cổng sạc điện thoại cho hành khách.\n"
)

REPORT_C = (
    "Tuyến buýt điện số 12 chạy thử trước ngày khai trương\n"
    "Trước ngày 2/9, tuyến xe buýt điện số 12 của Hà Nội đã chạy thử trong một tuần. "
    "Tài xế được tập huấn về cách sạc và vận hành xe điện.\n"
)


def _cluster(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
    return folder


def _eval_inputs(tmp_path: Path, *lines: str) -> tuple[Path, Path]:
    """A predictions file of ``lines`` and a references folder for cluster c1."""
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    (tmp_path / "refs" / "c1").mkdir(parents=True)
    (tmp_path / "refs" / "c1" / "1.txt").write_text("Mèo ngồi trên thảm đỏ.\n", encoding="utf-8")
    return pred, tmp_path / "refs"


GOOD_PREDICTION = json.dumps({"id": "c1", "summary": "Mèo ngồi trên thảm."}, ensure_ascii=False)
COMMANDS = {  # the three commands as child processes (the console scripts may not be on PATH)
    "summarize": ["-m", "summarizer"],
    "summarize-batch": ["-c", "from summarizer.cli_batch import main; main()"],
    "summarize-eval": ["-c", "from summarizer.cli_eval import main; main()"],
}


def _run(command: str, args: list[str], **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *COMMANDS[command], *map(str, args)], timeout=120, **kwargs)


# ---------------------------------------------------------------------------------------------
# 1. summarize-batch: a cluster's internal error is one line; its traceback only with -v


@pytest.mark.parametrize("flag", ["-q", None, "-v"])
def test_a_clusters_internal_error_is_one_line_and_its_traceback_only_verbose(
        flag: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.pipeline as pipeline

    root = tmp_path / "root"
    _cluster(root / "good")
    _cluster(root / "bad")
    original = pipeline.summarize

    def summarize(source, *args, **kwargs):
        if Path(str(source)).name == "bad":
            raise RuntimeError("hỏng ở đây")
        return original(source, *args, **kwargs)

    monkeypatch.setattr(pipeline, "summarize", summarize)
    args = [str(root), "-o", str(tmp_path / "out.jsonl"), "-e", "extractive", *([flag] if flag else [])]
    result = CliRunner().invoke(batch_app, args)
    assert result.exit_code == BATCH_PARTIAL_FAILURE_EXIT, result.output
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())}
    assert records["bad"]["error"] == "internal error: RuntimeError: hỏng ở đây" and "error" not in records["good"]
    said = [line for line in result.stderr.splitlines() if "hỏng ở đây" in line]
    if flag == "-v":
        assert "Traceback" in result.stderr
    else:  # before: the whole traceback, with -q too
        assert "Traceback" not in result.stderr, result.stderr
        assert len(said) == (0 if flag == "-q" else 1), result.stderr


# ---------------------------------------------------------------------------------------------
# 2. --recursive: a bounded, iterative walk


def _chain(top: Path, depth: int) -> Path:
    """``top`` with ``depth`` nested folders "d" below it; the deepest one."""
    deepest = top.joinpath(*["d"] * depth)
    deepest.mkdir(parents=True)
    return deepest


def test_a_deep_tree_is_walked_without_recursion_and_its_deep_part_listed(tmp_path: Path) -> None:
    import inspect

    from summarizer.documents import MAX_FOLDER_DEPTH, list_files

    top = tmp_path / "top"
    deepest = _chain(top, MAX_FOLDER_DEPTH + 80)
    (top / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (top.joinpath(*["d"] * MAX_FOLDER_DEPTH) / "c.txt").write_text(REPORT_B, encoding="utf-8")
    (deepest / "b.txt").write_text(REPORT_B, encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)  # fewer frames than the tree is deep
    try:
        found, passed = list_files(top, recursive=True)  # before: RecursionError in os.walk
    finally:
        sys.setrecursionlimit(limit)
    assert [name for name, _ in found] == ["a.txt", "d/" * MAX_FOLDER_DEPTH + "c.txt"]
    assert [(p.file, p.reason) for p in passed] == [
        ("/".join(["d"] * (MAX_FOLDER_DEPTH + 1)), f"folder nested too deeply (over {MAX_FOLDER_DEPTH} levels down)")]


def test_folders_nested_past_the_limit_are_skipped_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.documents as documents
    from summarizer.cli import app

    monkeypatch.setattr(documents, "MAX_FOLDER_DEPTH", 2)
    top = _cluster(tmp_path / "top")
    (_chain(top / "x", 3) / "deep.txt").write_text(REPORT_C, encoding="utf-8")
    (top / "x" / "d" / "near.txt").write_text(REPORT_C, encoding="utf-8")
    result = CliRunner().invoke(app, [str(top), "--recursive", "-e", "extractive", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {s["file"] for s in data["sources"]} == {"a.txt", "b.txt", "x/d/near.txt"}
    assert {"file": "x/d/d", "reason": "folder nested too deeply (over 2 levels down)"} in data["skipped"]


def test_the_recursive_walk_does_not_resolve_each_folders_path_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``realpath`` per folder resolved every component of its path (an ``lstat`` each): the
    walk of a chain of N folders made about N*N/2 calls, quadratic time in the depth."""
    from summarizer.documents import list_files

    depth = 60
    (_chain(tmp_path / "top", depth) / "a.txt").write_text(REPORT_A, encoding="utf-8")
    calls = []
    for name in ("lstat", "stat"):
        original = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _original=original, **k: calls.append(a) or _original(*a, **k))
    found, passed = list_files(tmp_path / "top", recursive=True)
    monkeypatch.undo()
    assert [name for name, _ in found] == ["d/" * depth + "a.txt"] and not passed
    assert len(calls) <= depth, len(calls)  # before: 2,000 and more


def test_the_walk_finds_and_passes_over_what_os_walk_did(tmp_path: Path) -> None:
    """Links to folders are followed once, in os.walk's order (top-down, by name): the
    expectations are what the walk over os.walk gave on this tree."""
    from summarizer.documents import list_files

    top = tmp_path / "top"
    (top / "sub" / "inner").mkdir(parents=True)
    for file in (top / "a.txt", top / "sub" / "a.txt", top / "sub" / "inner" / "c.txt"):
        file.write_text(REPORT_A, encoding="utf-8")
    (top / "sub" / "loop").symlink_to(top, target_is_directory=True)
    (top / "again").symlink_to(top / "sub", target_is_directory=True)
    (top / "sub" / "inner" / "up").symlink_to(top / "sub", target_is_directory=True)
    (top / "zlink").symlink_to(top / "sub" / "inner", target_is_directory=True)
    (top / ".hidden").mkdir()
    (top / "broken").symlink_to(top / "nothing")
    found, passed = list_files(top, recursive=True)
    assert [(name, path.relative_to(top).as_posix()) for name, path in found] == [
        ("a.txt", "a.txt"), ("again/a.txt", "again/a.txt"), ("broken", "broken"), ("zlink/c.txt", "zlink/c.txt")]
    assert [(p.file, p.reason) for p in passed] == [
        (".hidden", "hidden folder"), ("again/inner", "link to a folder read already"),
        ("again/loop", "link to a folder read already"), ("sub", "link to a folder read already"),
        ("zlink/up", "link to a folder read already")]


# ---------------------------------------------------------------------------------------------
# 3. summarize-eval --json: an id UTF-8 cannot hold


@pytest.mark.parametrize("to_stdout", [False, True])
def test_eval_json_escapes_an_id_utf8_cannot_hold(to_stdout: bool, tmp_path: Path) -> None:
    lone = '{"id": "c9\\ud800", "summary": "x y z"}'  # a lone surrogate: valid JSON, not UTF-8
    pred, refs = _eval_inputs(tmp_path, GOOD_PREDICTION, lone)
    target = "-" if to_stdout else str(tmp_path / "eval.json")
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", target, "-q"])
    assert result.exit_code == 0, result.output  # before: 70, UnicodeEncodeError
    text = result.stdout if to_stdout else (tmp_path / "eval.json").read_text(encoding="utf-8")
    assert json.loads(text)["unmatched"] == ["c9\\ud800"]  # as summarize-batch writes such a name


# ---------------------------------------------------------------------------------------------
# 4. JSON that Python's integer limit, nesting or encoding refuses is malformed input


BIG_NUMBER = '{"id": "c1", "summary": "a b c", "n": ' + "9" * 5000 + "}"


def test_parse_json_turns_every_failure_into_malformed_json() -> None:
    from summarizer.json_input import MalformedJSON, parse_json

    assert parse_json(b'{"a": [1, 2]}', encoding="utf-8") == {"a": [1, 2]}
    for bad, why in ((BIG_NUMBER, "longer than 4300 digits"), ("[" * 100_000, "nested deeper than the reader goes"),
                     (b"\xff{}", "can't decode"), ("{", "Expecting")):
        with pytest.raises(MalformedJSON, match=why):
            parse_json(bad, encoding="utf-8")
        assert issubclass(MalformedJSON, ValueError)


def test_eval_refuses_a_number_too_long_for_python_as_malformed(tmp_path: Path) -> None:
    from summarizer.evaluate import load_predictions

    pred, refs = _eval_inputs(tmp_path, BIG_NUMBER, GOOD_PREDICTION)
    with pytest.raises(EvaluationError, match=r":1: not a JSON record \(a number longer than"):
        load_predictions(pred)  # before: ValueError, exit 70
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD_PREDICTION + "\n", encoding="utf-8")
    for args in (["--pred", str(pred)], ["--pred", str(good), "--against", str(pred)]):
        result = CliRunner().invoke(eval_app, [*args, "--refs", str(refs), "-q"])
        assert result.exit_code == EvaluationError.exit_code, result.output
        assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_resume_refuses_an_output_line_with_a_number_too_long_for_python(tmp_path: Path) -> None:
    from summarizer.batch import run_batch

    root = tmp_path / "root"
    _cluster(root / "c1")
    out = tmp_path / "out.jsonl"
    before = "\n".join([json.dumps({"id": "c0", "summary": "x"}), BIG_NUMBER, json.dumps({"id": "c2", "summary": "y"})]) + "\n"
    out.write_text(before, encoding="utf-8")
    with pytest.raises(OutputError, match="line 2 is not a summarize-batch record"):  # before: ValueError
        run_batch(root, out, EXTRACTIVE, resume=True)
    assert out.read_text(encoding="utf-8") == before


def test_the_archive_and_stdin_readers_take_a_long_number_as_bad_json(tmp_path: Path) -> None:
    from summarizer.corpus import list_jsonl_clusters, read_jsonl_cluster, stdin_reports

    archive = tmp_path / "a.jsonl"
    archive.write_text(BIG_NUMBER + "\n", encoding="utf-8")
    (entry,) = list_jsonl_clusters(archive)
    assert entry.id == "line-1"
    with pytest.raises(NoReadableReportsError, match="not JSON"):
        read_jsonl_cluster(entry)
    with pytest.raises(NoReadableReportsError, match="starts like JSON but cannot be read as JSON"):
        stdin_reports(BIG_NUMBER.encode())


def test_valid_json_nested_too_deep_is_said_to_be_too_deep_not_malformed() -> None:
    from summarizer.corpus import stdin_reports

    with pytest.raises(NoReadableReportsError, match=r"\(nested deeper than the reader goes \(about \d+ levels\)\)$"):
        stdin_reports(b'{"reports": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")  # before: "maximum recursion depth"


# ---------------------------------------------------------------------------------------------
# 5. a damaged options file beside a batch output


@pytest.mark.parametrize("damage", ["[" * 100_000 + "]" * 100_000, '{"n": ' + "9" * 5000 + "}"],
                         ids=["nested", "long-number"])
def test_resume_refuses_an_options_file_nested_too_deep_as_unreadable(damage: str, tmp_path: Path) -> None:
    from summarizer.batch import options_path, run_batch

    root = tmp_path / "root"
    _cluster(root / "c1")
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "c1", "summary": "x"}) + "\n", encoding="utf-8")
    options_path(out).write_text(damage, encoding="utf-8")
    with pytest.raises(OutputError, match="cannot read .*options.json"):  # before: RecursionError, exit 70
        run_batch(root, out, EXTRACTIVE, resume=True)


# ---------------------------------------------------------------------------------------------
# 6. stdout on a full disk is exit 6, as an -o file on one


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
@pytest.mark.parametrize("command", ["summarize", "summarize-eval", "summarize-eval --json -", "summarize-batch --help",
                                     "summarize --version"])
def test_a_full_stdout_is_exit_6_in_one_line(command: str, sample_dir: Path, tmp_path: Path) -> None:
    if command == "summarize":
        name, args = command, [sample_dir, "-e", "extractive", "-q"]
    elif command.endswith(("--help", "--version")):  # written by click, before the command runs (before: a traceback)
        name, args = command.split()[0], command.split()[1:]
    else:
        pred, refs = _eval_inputs(tmp_path, GOOD_PREDICTION)
        name, args = "summarize-eval", ["--pred", pred, "--refs", refs, *command.split()[1:]]
    with open("/dev/full", "wb") as full:
        done = _run(name, args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == OutputError.exit_code, done.stderr.decode()  # before: 70
    assert done.stderr.decode().strip() == "error: cannot write standard output: No space left on device"


# ---------------------------------------------------------------------------------------------
# 7. summarize - with stdin closed


@POSIX_ONLY
def test_summarize_dash_with_stdin_closed_is_a_one_line_input_error() -> None:
    done = _run("summarize", ["-", "-e", "extractive"], preexec_fn=lambda: os.close(0), capture_output=True)
    assert done.returncode == NoReadableReportsError.exit_code, done.stderr.decode()  # before: 70, AttributeError
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("error: no readable report: standard input is closed")


# ---------------------------------------------------------------------------------------------
# 8. a stderr that cannot be written does not change the exit code


def _stderr_kinds(tmp_path: Path) -> dict[str, dict]:
    readonly = tmp_path / "readonly"
    readonly.write_text("", encoding="utf-8")
    return {
        "closed": {"preexec_fn": lambda: os.close(2)},  # 2>&-
        "full": {"stderr": "/dev/full"},  # 2>/dev/full
        "read-only": {"stderr": readonly},  # a descriptor that refuses writes (what pyenv's shims leave for 2>&-)
    }


@POSIX_ONLY
@pytest.mark.parametrize("kind", ["closed", "full", "read-only"])
@pytest.mark.parametrize("case", ["summarize", "summarize missing", "summarize-batch", "summarize-eval",
                                  "summarize-eval missing"])
def test_an_unwritable_stderr_leaves_the_exit_code_alone(kind: str, case: str, sample_dir: Path, tmp_path: Path) -> None:
    if kind == "full" and not HAS_DEV_FULL:
        pytest.skip("no /dev/full")
    out = tmp_path / "out.txt"
    if case == "summarize":  # notices to print: the warnings and the engine line
        name, args, expected = "summarize", [sample_dir, "-e", "extractive", "-o", out], 0
    elif case == "summarize missing":
        name, args, expected = "summarize", [tmp_path / "absent"], FolderNotFoundError.exit_code
    elif case == "summarize-batch":
        root = tmp_path / "root"
        shutil.copytree(sample_dir, root / "good")
        (root / "empty").mkdir()
        out = tmp_path / "out.jsonl"
        name, args, expected = "summarize-batch", [root, "-o", out, "-e", "extractive"], BATCH_PARTIAL_FAILURE_EXIT
    else:
        pred, refs = _eval_inputs(tmp_path, GOOD_PREDICTION, json.dumps({"id": "c7", "summary": "x"}))  # a warning
        if case == "summarize-eval missing":
            pred, expected = tmp_path / "absent.jsonl", EvaluationError.exit_code
        else:
            expected = 0
        name, args = "summarize-eval", ["--pred", pred, "--refs", refs, "--json", out]
    options = _stderr_kinds(tmp_path)[kind]
    if "stderr" in options:
        with open(options["stderr"], "rb" if kind == "read-only" else "wb") as stream:
            done = _run(name, args, stdout=subprocess.DEVNULL, stderr=stream)
    else:
        done = _run(name, args, stdout=subprocess.DEVNULL, **options)
    assert done.returncode == expected  # before: 1 (or 70, or 120)
    if expected in (0, BATCH_PARTIAL_FAILURE_EXIT):
        assert out.read_text(encoding="utf-8").strip()


@POSIX_ONLY
def test_a_standard_descriptor_started_closed_is_held_by_the_null_device() -> None:
    """Else the next file opened takes its number, and a native library or a worker writing to
    "stderr" writes into that file."""
    code = ("import os; from summarizer.cli_common import fill_closed_descriptors; fill_closed_descriptors(); "
            "print(os.path.realpath('/proc/self/fd/2'), os.path.realpath('/proc/self/fd/0'))")
    done = subprocess.run([sys.executable, "-c", code], preexec_fn=lambda: (os.close(0), os.close(2)),
                          stdout=subprocess.PIPE, timeout=60)
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc")
    assert done.stdout.decode().split() == [os.devnull, os.devnull]


# ---------------------------------------------------------------------------------------------
# 9. the redundancy figure without comparing every pair of sentences


def _redundant_pairs_by_every_pair(sentences: list[str]) -> tuple[int, int]:
    """The definition, as it was computed before: near_duplicate on every pair."""
    from summarizer.evaluate import near_duplicate

    pairs = redundant = 0
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            pairs += 1
            redundant += near_duplicate(sentences[i], sentences[j])
    return redundant, pairs


def _random_summaries(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = "a b c d e f g h".split()
    summaries = []
    for _ in range(count):
        sentences: list[str] = []
        for _ in range(rng.randint(0, 30)):
            if sentences and rng.random() < 0.2:  # a repeat
                sentences.append(rng.choice(sentences))
                continue
            vocabulary = words[: rng.randint(2, 8)]  # small ones: many sentences share bigrams
            sentences.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 9))) + ".")
        summaries.append(sentences)
    return summaries


@pytest.mark.parametrize("path", ["pairwise", "sparse", "dense", "mixed"])
def test_redundant_pairs_counts_what_every_pair_gave(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.evaluate as evaluate

    if path != "pairwise":  # the product of larger summaries, on small ones, in small blocks
        monkeypatch.setattr(evaluate, "REDUNDANCY_PAIRWISE_MAX", 0)
        monkeypatch.setattr(evaluate, "REDUNDANCY_BLOCK_ENTRIES", 7)
        monkeypatch.setattr(evaluate, "REDUNDANCY_DENSE_SHARE", {"sparse": 0, "dense": 10**9, "mixed": 3}[path])
    for sentences in _random_summaries(7, 150):
        assert evaluate.redundant_pairs(sentences) == _redundant_pairs_by_every_pair(sentences), sentences


def test_redundant_pairs_tokenizes_each_sentence_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: each pair tokenized both its sentences (1,500 sentences: 30 s)."""
    import summarizer.evaluate as evaluate

    calls = []
    original = evaluate.TOKENIZER.tokenize
    monkeypatch.setattr(evaluate.TOKENIZER, "tokenize", lambda text: calls.append(text) or original(text))
    sentences = [f"Câu số {i} nói rằng trời mưa to ở Hà Nội hôm qua." for i in range(1500)]
    sentences += ["Một.", "Một.", "Hai ba bốn năm sáu bảy."] * 2
    assert evaluate.redundant_pairs(sentences) == (1500 * 1499 // 2 + 6 + 1, 1506 * 1505 // 2)
    assert len(calls) == len(sentences)


# Computed by the code before the change (near_duplicate on every pair), on these inputs.
EVALUATION_BEFORE = {
    "avg_syllables": 27.0, "clusters": 3, "failed": ["c3"], "missing": ["c3"], "order_clusters": 2, "order_tau": 0.5,
    "predicted": 2, "redundancy": 0.2222222222222222,
    "rouge1": {"ci95": [0.0, 0.7647058823529412], "f": 0.4459014374980761, "p": 0.3406084656084656, "r": 0.6666666666666666},
    "rouge2": {"ci95": [0.0, 0.6874999999999999], "f": 0.3650531914893616, "p": 0.2785714285714286, "r": 0.5444444444444444},
    "rougeL": {"ci95": [0.0, 0.7647058823529412], "f": 0.4322959953212055, "p": 0.33134920634920634, "r": 0.6410256410256411},
    "title_clusters": 0, "title_rouge1": None, "title_rouge2": None, "unmatched": [], "without_summary": [],
}
CSV_BEFORE = (
    "id,status,refs,rouge1_f,rouge1_p,rouge1_r,rouge2_f,rouge2_p,rouge2_r,rougeL_f,rougeL_p,rougeL_r,syllables,sentences,"
    "pairs,redundant_pairs,title_rouge1_f,title_rouge2_f,order_tau\n"
    "c1,ok,2,0.572998,0.402778,1.000000,0.407660,0.285714,0.716667,0.532182,0.375000,0.923077,34,6,15,3,,,1.000000\n"
    "c2,ok,1,0.764706,0.619048,1.000000,0.687500,0.550000,0.916667,0.764706,0.619048,1.000000,20,3,3,1,,,0.000000\n"
    "c3,failed,1,0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,0.000000,0,0,0,0,,,\n"
)


def test_evaluation_figures_are_those_computed_before() -> None:
    from summarizer.corpus import ReferenceSet
    from summarizer.evaluate import evaluate

    references = {
        "c1": ReferenceSet("c1", ("Sáng 3/6, cháy lớn ở kho hàng Thuận An. Ba công nhân bị bỏng nặng.",
                                  "Kho hàng ở Thuận An cháy sáng 3/6, ba công nhân bỏng."), ("a.txt", "b.txt")),
        "c2": ReferenceSet("c2", ("Hà Nội mở tuyến buýt điện số 12. Giá vé 9.000 đồng.",), ("a.txt",)),
        "c3": ReferenceSet("c3", ("Mưa lớn gây ngập nhiều tuyến phố. Giao thông ùn tắc kéo dài.",), ("a.txt",)),
    }
    sentences = ["Sáng 3/6, cháy lớn ở kho hàng Thuận An.", "Sáng 3/6, cháy lớn ở kho hàng Thuận An, Bình Dương.",
                 "Ba công nhân bị bỏng nặng.", "1.", "1.", "Ba công nhân bị bỏng nặng."]
    predictions = {
        "c1": {"id": "c1", "summary": " ".join(sentences), "sentences": [{"text": s} for s in sentences]},
        "c2": {"id": "c2", "summary": "Hà Nội mở tuyến buýt điện số 12. Giá vé lượt 9.000 đồng. Hà Nội mở tuyến buýt số 12."},
        "c3": {"id": "c3", "error": "hỏng"},
    }
    report = evaluate(predictions, references)
    data = report.to_dict()
    data.pop("method")
    assert data == EVALUATION_BEFORE
    assert report.to_csv() == CSV_BEFORE


# ---------------------------------------------------------------------------------------------
# 10. summarize-eval's warnings read as the other commands' notices


def test_eval_warnings_are_warning_lines(tmp_path: Path) -> None:
    import logging

    from summarizer.cli_common import LOG_FORMAT, StderrHandler

    pred, refs = _eval_inputs(tmp_path, GOOD_PREDICTION)
    (refs / "c1" / "1.txt~").write_text("Bản sao cũ.\n", encoding="utf-8")  # an editor's backup: warned about
    result = CliRunner().invoke(eval_app, ["--pred", str(pred), "--refs", str(refs), "--json", str(tmp_path / "e.json")])
    assert result.exit_code == 0, result.output
    assert "warning: 1 editor backup or system file(s) among the references" in result.stderr
    assert "WARNING summarizer." not in result.stderr
    handlers = [h for h in logging.getLogger("summarizer").handlers if isinstance(h, StderrHandler)]
    assert all(h.formatter is not None and h.formatter._fmt == LOG_FORMAT for h in handlers)  # as before, for the others
