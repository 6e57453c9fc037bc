"""The library API as a long-running service uses it: the ViT5 engine cache after ``os.chdir``,
option ranges (threads, the dedup seed), ``with_changes`` mixing a whole section with its nested
keys, one-line errors of the library's own types for input mistakes, and ``--backend auto``
not importing CTranslate2 on a machine without a GPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _tiny_model import ScriptedBackend, copy_model_files, tiny_model_dir  # noqa: F401  (session fixture)

from summarizer import SummarizeOptions, TextReport, summarize
from summarizer.engines import ct2_backend, vit5
from summarizer.errors import (
    EXCERPT_CHARS, PATH_EXCERPT_END, BadOptionError, FolderNotFoundError, ModelNotFoundError, SummarizerError, excerpt,
)
from summarizer.options import MAX_THREADS, DedupOptions, ExtractiveOptions, ModelOptions

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-cluster"
EXTRACTIVE = SummarizeOptions(engine="extractive")
# A message shows at most an excerpt of an argument: its first EXCERPT_CHARS characters and "…".
SHORT_MESSAGE = 300


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]


# ---------------------------------------------------------------------------- 1. the engine cache


@pytest.fixture()
def counted_loads(monkeypatch) -> list[Path]:
    """Backends load as scripted ones; the folders loaded, in order."""
    loaded: list[Path] = []

    def load_backend(name: str, resolved, **kwargs) -> ScriptedBackend:
        loaded.append(resolved.path)
        return ScriptedBackend([["Chiều 14/6, cầu đi bộ Hòa Xuân được khánh thành."], ["Khánh thành cầu Hòa Xuân"]])

    monkeypatch.setattr(vit5, "load_backend", load_backend)
    vit5.clear_engines()
    yield loaded
    vit5.clear_engines()


@pytest.fixture()
def two_folders(tmp_path: Path, tiny_model_dir: Path) -> tuple[Path, Path, Path]:
    """Two working folders, each with its own ./tiny model, and one without."""
    first, second, bare = tmp_path / "first", tmp_path / "second", tmp_path / "bare"
    for folder in (first, second, bare):
        folder.mkdir()
    copy_model_files(tiny_model_dir, first / "tiny")
    copy_model_files(tiny_model_dir, second / "tiny")
    return first, second, bare


def test_a_relative_model_is_resolved_again_after_chdir(counted_loads, two_folders, monkeypatch) -> None:
    first, second, bare = two_folders
    options = ModelOptions(model="tiny", backend="torch")
    monkeypatch.chdir(first)
    assert vit5.load_engine(options).resolved.path == (first / "tiny").resolve()
    monkeypatch.chdir(second)
    assert vit5.load_engine(options).resolved.path == (second / "tiny").resolve()  # its own model
    monkeypatch.chdir(bare)
    with pytest.raises(ModelNotFoundError):  # as in a fresh process started here
        vit5.load_engine(options)
    monkeypatch.chdir(first)
    assert vit5.load_engine(options).resolved.path == (first / "tiny").resolve()
    assert counted_loads == [(first / "tiny").resolve(), (second / "tiny").resolve()]  # each loaded once


def test_summarize_after_chdir_reports_the_new_folders_model(counted_loads, two_folders, monkeypatch) -> None:
    first, second, bare = two_folders
    for engine in ("vit5", "auto"):
        vit5.clear_engines()
        options = SummarizeOptions(engine=engine).with_changes(model__model="tiny", model__backend="torch")
        monkeypatch.chdir(first)
        assert summarize(SAMPLE, options).model_path == str((first / "tiny").resolve())
        monkeypatch.chdir(second)
        assert summarize(SAMPLE, options).model_path == str((second / "tiny").resolve())
        monkeypatch.chdir(bare)
        if engine == "vit5":
            with pytest.raises(ModelNotFoundError):
                summarize(SAMPLE, options)
        else:  # auto without a model: the extractive engine, as in a fresh process
            assert summarize(SAMPLE, options).engine == "extractive"


def test_one_folder_is_loaded_once_under_each_of_its_names(counted_loads, two_folders, monkeypatch) -> None:
    first = two_folders[0]
    monkeypatch.chdir(first)
    engines = {name: vit5.load_engine(ModelOptions(model=name, backend="torch"))
               for name in ("tiny", "./tiny", f"{first / 'tiny'}/")}
    assert counted_loads == [(first / "tiny").resolve()]
    assert len({id(engine.backend) for engine in engines.values()}) == 1
    for name, engine in engines.items():  # each result names the model as it was asked for
        assert engine.resolved.requested == name
    options = ModelOptions(model="tiny", backend="torch")
    assert vit5.load_engine(options) is vit5.load_engine(options)  # loaded once per process and reused


def test_the_models_dir_is_looked_up_again_when_it_changes(counted_loads, two_folders, monkeypatch) -> None:
    first, second, bare = two_folders
    monkeypatch.chdir(bare)
    options = ModelOptions(model="tiny", backend="torch")
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(first))
    assert vit5.load_engine(options).resolved.path == (first / "tiny").resolve()
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(second))
    assert vit5.load_engine(options).resolved.path == (second / "tiny").resolve()


# ---------------------------------------------------------------------------- 2. threads


def test_threads_have_a_ceiling() -> None:
    assert MAX_THREADS == 256
    assert ModelOptions(threads=MAX_THREADS).threads == MAX_THREADS
    for threads in (MAX_THREADS + 1, 4096, 100_000, 10**400):
        with pytest.raises(BadOptionError, match=r"^invalid threads .*; it must be in \[1, 256\]$") as caught:
            SummarizeOptions().with_changes(model__threads=threads)
        assert len(str(caught.value)) < SHORT_MESSAGE  # 10**400 shown as an excerpt
    with pytest.raises(BadOptionError, match=r"\[1, 256\]"):
        ModelOptions(threads=0)


@pytest.mark.parametrize("key", ["generation__max_new_tokens", "dedup__num_perm", "dedup__shingle_size",
                                 "model__max_input_tokens"])
def test_an_integer_too_large_is_a_bad_option_not_an_overflow(key: str) -> None:
    with pytest.raises(BadOptionError, match=rf"^invalid {key.split('__')[1]} .*; it must be in \[1, \d+\]$"):
        SummarizeOptions().with_changes(**{key: 10**400})


def test_the_bounds_of_the_deduplicator_and_the_input_budget() -> None:
    from summarizer.options import MAX_INPUT_TOKENS_LIMIT, MAX_NUM_PERM, MAX_SHINGLE_SIZE

    options = SummarizeOptions().with_changes(dedup__num_perm=MAX_NUM_PERM, dedup__shingle_size=MAX_SHINGLE_SIZE,
                                              model__max_input_tokens=MAX_INPUT_TOKENS_LIMIT)
    assert options.dedup.num_perm == MAX_NUM_PERM
    for key, value in (("dedup__num_perm", MAX_NUM_PERM * 2), ("dedup__shingle_size", MAX_SHINGLE_SIZE + 1),
                       ("model__max_input_tokens", MAX_INPUT_TOKENS_LIMIT + 1)):
        with pytest.raises(BadOptionError):
            SummarizeOptions().with_changes(**{key: value})
    with pytest.raises(BadOptionError, match=r"^invalid bands 256; it must be in \[1, 128\]$"):
        SummarizeOptions().with_changes(dedup__bands=256)  # more bands than the signature has values


def test_the_cli_refuses_an_input_budget_past_its_limit() -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.options import MAX_INPUT_TOKENS_LIMIT

    result = CliRunner().invoke(app, [str(SAMPLE), "-e", "extractive", "--max-input-tokens", str(MAX_INPUT_TOKENS_LIMIT + 1)])
    assert result.exit_code == 2 and "--max-input-tokens" in result.output


def test_the_cli_refuses_too_many_threads() -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    result = CliRunner().invoke(app, [str(SAMPLE), "-e", "extractive", "--threads", "257"])
    assert result.exit_code == 2
    assert "--threads" in result.output and "less than or equal to 256" in result.output


# ---------------------------------------------------------------------------- 3. the dedup seed


def test_a_negative_dedup_seed_is_refused_on_construction() -> None:
    with pytest.raises(BadOptionError, match=r"^invalid seed -1; it must be >= 0$"):
        SummarizeOptions(engine="extractive").with_changes(dedup__seed=-1)
    with pytest.raises(BadOptionError):
        DedupOptions(seed=-(2**70))


@pytest.mark.parametrize("seed", [0, 2**70])
def test_any_non_negative_dedup_seed_runs(seed: int) -> None:
    # numpy's default_rng takes any integer >= 0 (dedup.minhash_signatures)
    result = summarize(SAMPLE, EXTRACTIVE.with_changes(dedup__seed=seed))
    assert result.summary


# ---------------------------------------------------------------------------- 4. with_changes


def test_a_whole_section_and_its_nested_keys_combine_in_either_order() -> None:
    section = ExtractiveOptions(max_words=50)
    first = SummarizeOptions().with_changes(extractive=section, extractive__max_share=0.5)
    second = SummarizeOptions().with_changes(extractive__max_share=0.5, extractive=section)
    for options in (first, second):
        assert (options.extractive.max_words, options.extractive.max_share) == (50, 0.5)
    assert first == second


def test_with_changes_refuses_mistakes_in_one_line() -> None:
    with pytest.raises(BadOptionError, match="invalid extractive 'x'; it must be a ExtractiveOptions"):
        SummarizeOptions().with_changes(extractive="x", extractive__max_share=0.5)
    with pytest.raises(BadOptionError, match="unknown option section 'engine'; choose one of: dedup, extractive"):
        SummarizeOptions().with_changes(engine__x=1)  # a field, not a section
    with pytest.raises(BadOptionError, match="unknown option extractive__nope"):
        SummarizeOptions().with_changes(extractive=ExtractiveOptions(), extractive__nope=1)


# ---------------------------------------------------------------------------- 5. input mistakes


@pytest.mark.parametrize("name", [1, None, b"a"])
def test_a_report_name_that_is_not_a_str_is_a_bad_option(name) -> None:
    text = _texts()[0]
    with pytest.raises(BadOptionError, match=rf"^report 2: its name must be a str, not {type(name).__name__}$"):
        summarize([TextReport("a", text), TextReport(name, text)], EXTRACTIVE)


@pytest.mark.parametrize(("source", "kind"), [
    (None, "None"), (123, "int"), (b"Ch\xc3\xa1y", "bytes"), (bytearray(b"x"), "bytearray"), ({"a": "b"}, "dict"),
])
def test_a_source_of_another_type_is_a_bad_option(source, kind: str) -> None:
    with pytest.raises(BadOptionError, match=rf"^reports given as {kind}: give a folder or report file path"):
        summarize(source, EXTRACTIVE)


def test_an_item_of_another_type_is_a_bad_option() -> None:
    with pytest.raises(BadOptionError, match="^report 2 is int: give report file paths or TextReport objects$"):
        summarize([SAMPLE / "01-bao-a.txt", 2], EXTRACTIVE)


def test_one_text_report_alone_is_a_list_of_one() -> None:
    report = TextReport("a", _texts()[0])
    assert summarize(report, EXTRACTIVE).to_dict() | {"timings": None} == \
        summarize([report], EXTRACTIVE).to_dict() | {"timings": None}


def test_report_text_given_as_paths_is_said_in_a_short_line() -> None:
    texts = _texts()
    long_line = "Lũ quét " * 300  # one line, a "file name" longer than the system takes
    for source in (texts, texts[0], [long_line]):
        with pytest.raises(BadOptionError, match="^report text given where a folder or file path is expected") as caught:
            summarize(source, EXTRACTIVE)
        message = str(caught.value)
        assert len(message) < SHORT_MESSAGE and "TextReport(name, text)" in message
        assert excerpt(source[0] if isinstance(source, list) else source) in message


def test_a_long_path_that_names_nothing_is_shown_in_part() -> None:
    # one line with a "/" every few words: a path the system takes, that names nothing
    line = " ".join(_texts()[0].split())
    with pytest.raises(FolderNotFoundError, match="^folder not found: Đà Nẵng khánh thành") as caught:
        summarize(line * 3, EXTRACTIVE)
    assert len(str(caught.value)) < SHORT_MESSAGE and "…" in str(caught.value)
    assert str(caught.value).endswith(line[-PATH_EXCERPT_END:].strip())


def test_a_missing_path_is_still_folder_not_found() -> None:
    with pytest.raises(FolderNotFoundError, match="^folder not found: /nonexistent/folder$"):
        summarize("/nonexistent/folder", EXTRACTIVE)
    with pytest.raises(FolderNotFoundError, match="^file not found: /nonexistent/x.txt$"):
        summarize(["/nonexistent/x.txt"], EXTRACTIVE)


def test_an_option_value_is_shown_as_an_excerpt() -> None:
    with pytest.raises(BadOptionError) as caught:
        ModelOptions(backend="x" * 10_000)
    assert len(str(caught.value)) < SHORT_MESSAGE
    assert excerpt("x" * 100) == "x" * EXCERPT_CHARS + "…"
    assert excerpt("a\n b") == "a b"


def test_every_input_mistake_is_a_summarizer_error() -> None:
    text = _texts()[0]
    for source in (None, 0, 1.5, b"", object(), [None], [TextReport(None, text)], text, [text], "x" * 5000):
        with pytest.raises(SummarizerError):
            summarize(source, EXTRACTIVE)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- 6. backend auto


def test_cuda_devices_imports_nothing_without_a_gpus_device_nodes(monkeypatch) -> None:
    def no_import():
        raise AssertionError("ctranslate2 imported")

    monkeypatch.setattr(ct2_backend, "_import_ct2", no_import)
    monkeypatch.setattr(ct2_backend, "GPU_DEVICE_NODES", ("/nonexistent/nvidia[0-9]*",))
    monkeypatch.setattr(sys, "platform", "linux")
    assert ct2_backend.gpu_may_be_present() is False
    assert ct2_backend.cuda_devices() == 0
    monkeypatch.setattr(sys, "platform", "darwin")  # no cheap test there: CTranslate2 is asked
    assert ct2_backend.gpu_may_be_present() is True
    monkeypatch.setattr(ct2_backend, "available", lambda: False)
    assert ct2_backend.cuda_devices() == 0  # not installed


@pytest.mark.skipif(ct2_backend.gpu_may_be_present(), reason="a GPU may be here: auto asks CTranslate2")
@pytest.mark.skipif(not ct2_backend.available(), reason="ctranslate2 is not installed")
def test_backend_auto_on_a_cpu_does_not_import_ctranslate2_even_in_a_deleted_working_folder(tmp_path: Path) -> None:
    # Importing ctranslate2 in a deleted working folder ends the process (oneMKL) on this
    # project's machines; auto must not import it only to count CUDA devices.
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import json, os, sys\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        "from summarizer.engines import vit5\n"
        "picked = [vit5.pick_backend('auto', device) for device in ('auto', 'cpu')]\n"
        "picked.append(vit5.pick_backend('auto', 'auto', 'int8'))\n"
        "print(json.dumps([picked, 'ctranslate2' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0, done.stderr
    picked, imported = json.loads(done.stdout)
    assert picked[0] == picked[1] == picked[2] != "ctranslate2"
    assert imported is False


def test_a_report_name_utf8_cannot_hold_is_written_with_escapes() -> None:
    # Half of an emoji cut by a JSON API, in a name: the result still encodes as UTF-8, the name
    # shown with a visible escape as summarize-batch writes a file name that is not UTF-8.
    from summarizer import SummarizeOptions, TextReport, summarize

    body = "Cầu mới\nSáng 14/6, thành phố khánh thành cầu đi bộ mới bắc qua sông Cẩm Lệ."
    result = summarize([TextReport("a\ud83d.txt", body)], SummarizeOptions(engine="extractive"))
    assert [s.file for s in result.sources] == ["a\\ud83d.txt"]
    result.to_json().encode("utf-8")


def test_text_stdout_cannot_encode_is_a_bug_not_a_full_disk() -> None:
    # (A full stdout, exit 6, is tested in test_fuzz_fixes.py with a real /dev/full.)
    from summarizer.cli_common import writing_stdout

    with pytest.raises(UnicodeEncodeError):
        with writing_stdout():
            "\ud83d".encode("utf-8")


def test_a_headline_given_as_title_alone_is_a_headline_only_report() -> None:
    """``TextReport(name, "", title=...)`` was skipped as empty, while the same headline given as
    the text was a headline candidate (an aggregator's title-only feed item)."""
    headline = "Cháy lớn ở chợ Bình Tây, 15 xe chữa cháy được điều đến"
    body = ("Cháy chợ Bình Tây\nSáng 20/5, chợ Bình Tây ở quận 6 bốc cháy dữ dội. "
            "Lực lượng chữa cháy đã điều 15 xe đến hiện trường. Không có thương vong.")
    options = SummarizeOptions(engine="extractive")
    given = summarize([TextReport("a", "", title=headline), TextReport("b", body)], options)
    as_text = summarize([TextReport("a", headline), TextReport("b", body)], options)
    assert given.skipped == () and [s.title for s in given.sources] == [headline, "Cháy chợ Bình Tây"]
    assert (given.title, given.summary) == (as_text.title, as_text.summary)
    alone = summarize([TextReport("a", "", title=headline)], options)
    assert alone.title == headline
    # under a page's name too (it was skipped: "no text in the page"), and a blank title is none
    paged = summarize([TextReport("a.html", "", title=headline), TextReport("b", body)], options)
    assert paged.skipped == () and paged.sources[0].title == headline
    blank = summarize([TextReport("a", body, title="   "), TextReport("b", body.replace("Bình Tây", "Bình Tây, quận 6"))],
                      options)
    assert blank.sources[0].title == "Cháy chợ Bình Tây"  # read from its text, not "" in the JSON
    from summarizer.errors import NoReadableReportsError

    with pytest.raises(NoReadableReportsError, match=r"a \(empty\)"):
        summarize([TextReport("a", "", title="  ")], options)


def test_rtf_and_email_given_as_text_are_read_as_their_format_and_binary_formats_want_bytes() -> None:
    """A .rtf or .eml report given as str was read as plain text: its title "{\\rtf1\\ansi...", or
    "From: ..." with the mail's headers as sentences."""
    import unicodedata

    from summarizer.documents import load_texts
    from summarizer.errors import BadOptionError

    rtf = (r"{\rtf1\ansi\ansicpg1258{\fonttbl{\f0 Arial;}}\f0 Ch\u225?y x\u432?\u7903?ng g\u7895? \par "
           r"R\u7841?ng s\u225?ng 12/3, m\u7897?t x\u432?\u7903?ng g\u7895? b\u7889?c ch\u225?y d\u7919? d\u7897?i.\par }")
    mail = ("From: Ban biên tập <bbt@example.vn>\nSubject: Cháy xưởng gỗ\nContent-Type: text/plain; charset=utf-8\n\n"
            "Rạng sáng 12/3, một xưởng gỗ bốc cháy dữ dội.\n")
    for name, data in (("a.rtf", rtf), ("a.eml", mail)):
        as_text, as_bytes = (load_texts([TextReport(name, d)]).reports[0] for d in (data, data.encode("utf-8")))
        assert (as_text.title, as_text.body) == (as_bytes.title, as_bytes.body)
        assert as_text.title and as_text.title.startswith("Cháy x") and "\\" not in as_text.body and "From:" not in as_text.body
    with pytest.raises(BadOptionError, match=r"a\.docx.* a \.docx file is binary; give its bytes, not text"):
        load_texts([TextReport("a.docx", "Cháy xưởng gỗ")])
    # RTF text with its letters as written (a file read in its code page), not escaped (review)
    literal = load_texts([TextReport("b.rtf", r"{\rtf1\ansi\ansicpg1258 Cháy xưởng gỗ\par Rạng sáng 12/3, "
                                                r"một xưởng gỗ bốc cháy dữ dội.\par }")]).reports[0]
    assert (literal.title, literal.body) == ("Cháy xưởng gỗ", "Rạng sáng 12/3, một xưởng gỗ bốc cháy dữ dội.")
    # a ".doc" that is a web page (a web tool's "Save as") is text, read as a page
    page = load_texts([TextReport("c.doc", "<html><body><h1>Cháy chợ</h1><p>Rạng sáng 12/3, chợ bốc cháy.</p>"
                                           "</body></html>")]).reports[0]
    assert (page.title, page.body) == ("Cháy chợ", "Rạng sáng 12/3, chợ bốc cháy.")
    # an RTF or e-mail holds its own title: one given beside it is refused, not read as plain text
    with pytest.raises(BadOptionError, match=r"a \.rtf report holds its own title"):
        load_texts([TextReport("a.rtf", rtf, title="Cháy xưởng gỗ")])
    # two names that differ in Unicode normalization alone are one name in the sources
    with pytest.raises(BadOptionError, match="report names must be unique"):
        load_texts([TextReport(unicodedata.normalize(form, "báo.txt"), "Cháy xưởng gỗ. Hai người bị thương.")
                    for form in ("NFC", "NFD")])


def test_an_engine_given_by_name_or_a_stage_callback_that_is_no_function_is_a_usage_error(sample_dir: Path) -> None:
    """``summarize(folder, engine="extractive")`` loaded every report and then failed with
    AttributeError: 'str' object has no attribute 'summarize'."""
    from summarizer.errors import BadOptionError

    with pytest.raises(BadOptionError, match=r"engine must be an engine object .* SummarizeOptions\(engine=\.\.\.\)"):
        summarize(sample_dir, engine="extractive")  # type: ignore[arg-type]
    with pytest.raises(BadOptionError, match="on_stage must be callable"):
        summarize(sample_dir, on_stage="load")  # type: ignore[arg-type]
    stages: list[str] = []
    assert summarize(sample_dir, SummarizeOptions(engine="extractive"), on_stage=stages.append).summary
    assert stages and stages[0] == "engine_load"


def test_a_thread_count_torch_cannot_take_any_more_is_said_in_the_warnings(tiny_model_dir: Path, sample_dir: Path) -> None:
    """torch's thread count is set once per process: a second call asking for another ran with
    the first, and said so only in a log record a library host never sees."""
    script = f"""
import json
from summarizer import SummarizeOptions, summarize
out = []
for threads in (1, 2):
    options = SummarizeOptions(engine="vit5").with_changes(
        model__model={str(tiny_model_dir)!r}, model__backend="torch", model__threads=threads,
        generation__max_new_tokens=8, generation__min_new_tokens=2, headline__max_new_tokens=6)
    result = summarize({str(sample_dir)!r}, options)
    out.append([result.generation["threads"], [w for w in result.warnings if "thread" in w]])
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout.strip().splitlines()[-1])
    assert first == [1, []]
    assert second == [1, ["the model runs 1 thread in this process, as first loaded; --threads 2 is not applied"]]


def test_the_error_the_readme_names_for_bad_options_comes_from_the_package() -> None:
    import summarizer
    from summarizer import BadOptionError  # the README names it at every option; it was in summarizer.errors only
    from summarizer.errors import BadOptionError as defined

    assert BadOptionError is defined and issubclass(BadOptionError, summarizer.SummarizerError)
    assert {name for name in summarizer.__all__ if not hasattr(summarizer, name)} == set()
    with pytest.raises(BadOptionError):
        SummarizeOptions(engine="nope")
