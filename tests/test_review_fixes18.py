"""Fixes of the 18th code review: ``~user`` paths, model files with values of the wrong JSON type,
long output names, NFC ids in a JSON Lines archive, and the smaller items (headline option labels,
a report's title beside its text, order agreement's cost, ``~`` in Markdown, the folder fsync)."""

from __future__ import annotations

import html
import json
import logging
import os
import pwd
import random
import re
import stat
import struct
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from summarizer.errors import BadOptionError, ModelLoadError, ModelNotFoundError, OutputError
from summarizer.models import DEFAULT_MODEL_ID, check_safetensors, lookup_checkpoint, resolve_model

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-cluster"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names, locks and users")


def _missing_user() -> str:
    """A user name this machine does not know, for a ``~user`` whose home cannot be found."""
    for number in range(1000):
        name = f"nosuchuser{number}_zz"
        try:
            pwd.getpwnam(name)
        except KeyError:
            return name
    pytest.skip("no unknown user name found")


# ------------------------------------------------------------------ #4: ~user with no such user


@posix_only
def test_a_tilde_path_of_an_unknown_user_is_left_as_written() -> None:
    from summarizer.fileio import expand_user

    user = _missing_user()
    assert expand_user(f"~{user}/vit5") == Path(f"~{user}/vit5")
    assert expand_user("plain/path") == Path("plain/path")
    assert expand_user("~") == Path.home()


@posix_only
def test_a_model_under_an_unknown_users_home_is_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """Path.expanduser raised RuntimeError: exit 70 (internal error) instead of 7 (model not found)."""
    user = _missing_user()
    with pytest.raises(ModelNotFoundError, match=f"model folder ~{user}/vit5 does not exist"):
        resolve_model(f"~{user}/vit5")
    from summarizer.cli import app

    result = CliRunner().invoke(app, [str(SAMPLE), "--engine", "vit5", "--model", f"~{user}/vit5"])
    assert result.exit_code == ModelNotFoundError.exit_code, result.output


@posix_only
def test_folders_from_the_environment_under_an_unknown_users_home(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.engines.model_cache import CACHE_ENV, user_cache_dir
    from summarizer.models import MODELS_DIR_ENV, hf_cache_dir, models_root

    user = _missing_user()
    monkeypatch.setenv(MODELS_DIR_ENV, f"~{user}/models")
    monkeypatch.setenv("HF_HUB_CACHE", f"~{user}/hub")
    monkeypatch.setenv(CACHE_ENV, f"~{user}/cache")
    assert models_root() == Path(f"~{user}/models")
    assert hf_cache_dir() == Path(f"~{user}/hub")
    assert user_cache_dir("ort") == Path(f"~{user}/cache/ort")
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", f"~{user}/hf")
    assert hf_cache_dir() == Path(f"~{user}/hf/hub")
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", f"~{user}/xdg")
    assert user_cache_dir("ort") == Path(f"~{user}/xdg/summarizer/ort")


# ------------------------------------------------------------------ #5: safetensors offsets of another type


def _safetensors(path: Path, offsets: object, data: bytes = b"\0" * 8) -> Path:
    header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": offsets}}).encode()
    path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    return path


@pytest.mark.parametrize("offsets", [["0", 8], [0, "8"], [None, 8], [0, None], [0.0, 8], [False, 8], [0, [8]],
                                     [{"a": 1}, 8]])
def test_safetensors_offsets_that_are_not_whole_numbers_are_a_bad_entry(tmp_path: Path, offsets: object) -> None:
    """`0 <= offsets[0] <= offsets[1]` raised TypeError for strings and null (exit 70, not 8)."""
    check_safetensors(_safetensors(tmp_path / "sound.safetensors", [0, 8]))  # whole numbers pass as before
    with pytest.raises(ModelLoadError, match="tensors need 4 bytes, the file holds 8"):
        check_safetensors(_safetensors(tmp_path / "short.safetensors", [0, 4]))
    file = _safetensors(tmp_path / "model.safetensors", offsets)
    with pytest.raises(ModelLoadError, match="bad entry for tensor w"):
        check_safetensors(file)


# ------------------------------------------------------------------ #6: a checkpoint name that is not a string


def _fake_model(folder: Path, config: dict[str, object], manifest: dict[str, object] | None = None) -> Path:
    """A model folder that passes check_model_folder without any real weights."""
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "t5", **config}), encoding="utf-8")
    (folder / "spiece.model").write_bytes(b"not read here")
    _safetensors(folder / "model.safetensors", [0, 8])
    if manifest is not None:
        (folder / "summarizer_manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.mark.parametrize("value", [7, ["x"], {"a": 1}, True, 1.5])
def test_a_checkpoint_name_that_is_not_a_string_names_nothing(tmp_path: Path, value: object) -> None:
    """config.json's _name_or_path (and the manifest's model_id) reached name.strip(): AttributeError."""
    assert lookup_checkpoint(value, None, DEFAULT_MODEL_ID).known  # type: ignore[arg-type]
    assert not lookup_checkpoint(value).known  # type: ignore[arg-type]
    folder = _fake_model(tmp_path / "m", {"_name_or_path": value}, {"model_id": value})
    resolved = resolve_model(str(folder))
    assert not resolved.checkpoint.known


def test_a_string_name_beside_a_non_string_one_is_still_looked_up(tmp_path: Path) -> None:
    folder = _fake_model(tmp_path / "m", {"_name_or_path": "VietAI/vit5-large-vietnews-summarization"}, {"model_id": 7})
    assert resolve_model(str(folder)).prefix == "vietnews: "


# ------------------------------------------------------------------ #7: a legal long output name


LONG_ASCII = "b" * 246 + ".txt"  # 250 bytes: a legal name; ".<name>.<8 hex>.tmp" is 264
LONG_VIETNAMESE = "ệ" * 83 + ".txt"  # 253 bytes in UTF-8 (3 a letter), 87 characters


@posix_only
@pytest.mark.parametrize("name", [LONG_ASCII, LONG_VIETNAMESE, "c" * 251, "d" * 255])
def test_a_long_output_name_can_be_written(tmp_path: Path, name: str) -> None:
    from summarizer.fileio import output_lock, write_atomic

    target = tmp_path / name
    with output_lock(target):
        write_atomic(target, "Tóm tắt\n")
    assert target.read_text(encoding="utf-8") == "Tóm tắt\n"
    write_atomic(target, "lần hai\n")  # over an existing file too
    assert target.read_text(encoding="utf-8") == "lần hai\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file or lock left


@posix_only
def test_a_long_output_name_through_the_cli(tmp_path: Path) -> None:
    from summarizer.cli import app

    out = tmp_path / LONG_VIETNAMESE
    result = CliRunner().invoke(app, [str(SAMPLE), "--engine", "extractive", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == [LONG_VIETNAMESE]


@posix_only
def test_a_name_longer_than_the_file_system_takes_is_an_output_error(tmp_path: Path) -> None:
    """check_writable let the ENAMETOOLONG of its probes through: exit 70 (internal error), not 6;
    summarize-batch met it in the options file beside a long output name."""
    from summarizer.cli import app
    from summarizer.fileio import check_writable

    too_long = tmp_path / ("x" * 300)
    with pytest.raises(OutputError, match="File name too long"):
        check_writable(too_long)
    result = CliRunner().invoke(app, [str(SAMPLE), "--engine", "extractive", "-o", str(too_long)])
    assert result.exit_code == OutputError.exit_code, result.output
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_helper_names_fit_the_name_limit_and_stay_apart(tmp_path: Path) -> None:
    from summarizer.fileio import LOCK_SUFFIX, exclusive_lock, helper_name, lock_path

    assert lock_path(tmp_path / "out.jsonl") == tmp_path / ("out.jsonl" + LOCK_SUFFIX)  # short names as before
    assert helper_name("out.jsonl", tmp_path, ".", ".1234abcd.tmp") == ".out.jsonl.1234abcd.tmp"
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    first, second = "ệ" * 84 + "1", "ệ" * 84 + "2"  # 253 bytes each, one start
    locks = [lock_path(tmp_path / name) for name in (first, second)]
    assert locks[0] != locks[1]
    for lock in locks:
        assert len(os.fsencode(lock.name)) <= limit and lock.name.endswith(LOCK_SUFFIX)
        lock.name.encode("utf-8")  # cut between characters: still valid UTF-8
        assert lock.name.startswith("ệ" * 10)
    temporary = helper_name(first, tmp_path, ".", ".1234abcd.tmp")
    assert len(os.fsencode(temporary)) <= limit and temporary.startswith(".ệ") and temporary.endswith(".1234abcd.tmp")
    with exclusive_lock(tmp_path / first):  # two long names with one start: two locks, both held at once
        with exclusive_lock(tmp_path / second):
            assert sorted(p.name for p in tmp_path.iterdir()) == sorted(lock.name for lock in locks)
        with pytest.raises(OutputError, match="is being written by another run"):
            with exclusive_lock(tmp_path / first):
                pass
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_a_long_build_folder_name_gets_a_temporary_folder(tmp_path: Path) -> None:
    from summarizer.fileio import create_temporary_folder_beside

    temporary = create_temporary_folder_beside(tmp_path / ("ệ" * 85))
    assert temporary.is_dir() and temporary.parent == tmp_path and temporary.name.startswith(".ệ")


# ------------------------------------------------------------------ #8: archive ids compared in NFC


def test_archive_ids_that_differ_only_in_normalization_are_one_id(tmp_path: Path) -> None:
    from summarizer.corpus import list_jsonl_clusters

    nfc, nfd = unicodedata.normalize("NFC", "Hòa-Bình"), unicodedata.normalize("NFD", "Hòa-Bình")
    assert nfc != nfd
    report = "Cháy lớn ở chợ\nSáng nay một đám cháy lớn bùng phát tại chợ trung tâm."
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps({"id": i, "reports": [report]}, ensure_ascii=False)
                                 for i in (nfc, "khác", nfd)) + "\n", encoding="utf-8")
    with pytest.raises(BadOptionError, match=r"is on lines 1 and 3 of .*; ids must be unique"):
        list_jsonl_clusters(archive)
    archive.write_text("\n".join(json.dumps({"id": i, "reports": [report]}, ensure_ascii=False)
                                 for i in (nfd, "khác")) + "\n", encoding="utf-8")
    assert [entry.id for entry in list_jsonl_clusters(archive)] == [nfd, "khác"]  # an NFD id alone is as before


# ------------------------------------------------------------------ smaller items


@pytest.mark.parametrize(("field", "label"), [("headline__max_new_tokens", "headline max_new_tokens"),
                                              ("headline__num_candidates", "headline num_candidates")])
def test_headline_option_errors_say_headline(field: str, label: str) -> None:
    from summarizer.options import SummarizeOptions

    with pytest.raises(BadOptionError, match=f"^invalid {label} 0; it must be > 0$"):
        SummarizeOptions().with_changes(**{field: 0})


def test_a_report_with_a_title_beside_its_text_keeps_the_title() -> None:
    from summarizer.corpus import cluster_reports
    from summarizer.documents import load_texts

    body = "Sáng nay một đám cháy bùng phát tại chợ. Lực lượng cứu hỏa đã có mặt."
    reports = cluster_reports([{"name": "a", "title": "Cháy lớn ở chợ Bến Thành", "text": body}], "stdin")
    assert reports[0].title == "Cháy lớn ở chợ Bến Thành" and reports[0].data == body
    loaded = load_texts(reports).reports[0]
    assert (loaded.title, loaded.body) == ("Cháy lớn ở chợ Bến Thành", body)
    alone = cluster_reports([{"name": "b", "text": "Tiêu đề\n" + body}], "stdin")[0]
    assert alone.title is None  # text alone: its first line is found as the title, as before


def _tau_by_every_pair(aligned: list[int]) -> tuple[int, int]:
    """The old definition: every pair compared."""
    concordant = discordant = 0
    for i, first in enumerate(aligned):
        for second in aligned[i + 1 :]:
            concordant += first < second
            discordant += first > second
    return concordant, discordant


@given(st.integers(1, 12).flatmap(lambda size: st.tuples(st.just(size), st.lists(st.integers(0, size - 1),
                                                                                 max_size=60))))
@example((1, [0, 0, 0]))
@example((5, [4, 3, 2, 1, 0]))
@example((3, []))
def test_concordance_counts_as_every_pair_does(case: tuple[int, list[int]]) -> None:
    from summarizer.evaluate import concordance

    size, values = case
    assert concordance(values, size) == _tau_by_every_pair(values)


def test_order_agreement_is_the_old_definition_on_random_orders() -> None:
    from summarizer.evaluate import ORDER_ALIGNMENT, ORDER_NGRAM, TOKENIZER, _ngram_set, concordance, order_agreement
    from summarizer.sentences import split_sentences

    def old(sentences: list[str], references: list[str]) -> float | None:
        owns = [_ngram_set(TOKENIZER.tokenize(s), ORDER_NGRAM) for s in sentences]
        taus = []
        for reference in references:
            targets = [_ngram_set(TOKENIZER.tokenize(r), ORDER_NGRAM) for r in split_sentences(reference)]
            aligned = []
            for own in owns:
                if own and targets:
                    shares = [len(own & t) / len(own) for t in targets]
                    best = max(range(len(targets)), key=shares.__getitem__)
                    if shares[best] >= ORDER_ALIGNMENT:
                        aligned.append(best)
            assert concordance(aligned, len(targets)) == _tau_by_every_pair(aligned)
            c, d = _tau_by_every_pair(aligned)
            if c + d:
                taus.append((c - d) / (c + d))
        return sum(taus) / len(taus) if taus else None

    pool = [f"Đám cháy thứ {word} bùng phát tại chợ {word} lúc sáng sớm." for word in
            ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám")]
    rng = random.Random(18)
    for _ in range(40):
        sentences = [rng.choice(pool) for _ in range(rng.randint(0, 30))]
        references = [" ".join(rng.sample(pool, rng.randint(1, len(pool)))) for _ in range(rng.randint(1, 3))]
        assert order_agreement(sentences, references) == old(sentences, references)


def _gfm_shown(markdown: str) -> str:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("strikethrough").render(markdown).strip()
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert "<s>" not in rendered and "<del>" not in rendered, rendered
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_tildes_show_as_written_in_markdown() -> None:
    """Only a `~` opening a paragraph was escaped: "~~10~~" was struck through in GFM viewers.
    A tilde inside a word (a backup file's name, "khoảng~3") reads as written too."""
    from summarizer.render import markdown_escape

    for text in ("Giá từ ~~10~~ 12 nghìn", "a~~b~~c", "Chữ ~nghiêng~ kiểu GFM", "~~~", "~ 5 km",
                 "khoảng~3 tấn", "tin.txt~", "~~đầu~~ câu"):
        assert _gfm_shown(markdown_escape(text)) == text, text
    assert markdown_escape("a~b") == "a\\~b"


@posix_only
def test_replace_atomically_syncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    from summarizer.fileio import write_atomic

    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_atomic(tmp_path / "out.txt", "một")
    assert synced == ["file", "folder"]  # the data, then the rename in the folder

    def failing_fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with caplog.at_level(logging.DEBUG, logger="summarizer.fileio"):
        write_atomic(tmp_path / "out.txt", "hai")  # a folder that cannot be synced: written all the same
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "hai"
    assert "cannot sync the folder" in caplog.text

    synced.clear()
    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.delattr(os, "O_DIRECTORY")  # a platform without it: the folder is not opened
    write_atomic(tmp_path / "out.txt", "ba")
    assert synced == ["file"] and (tmp_path / "out.txt").read_text(encoding="utf-8") == "ba"


@posix_only
def test_summarize_batch_writes_a_long_output_name_with_its_options_file(tmp_path: Path) -> None:
    from summarizer.batch import options_path
    from summarizer.cli_batch import app as batch_app

    root = tmp_path / "root"
    (root / "c1").mkdir(parents=True)
    for report in SAMPLE.iterdir():
        (root / "c1" / report.name).write_bytes(report.read_bytes())
    out = tmp_path / ("ệ" * 80 + ".jsonl")  # 246 bytes: "<name>.options.json" would be 259
    result = CliRunner().invoke(batch_app, [str(root), "-o", str(out), "--engine", "extractive", "-q"])
    assert result.exit_code == 0, result.output  # before: exit 6, the options file's name too long
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["id"] == "c1"
    sidecar = options_path(out)
    assert sidecar.exists() and len(sidecar.name.encode()) <= 255 and sidecar.name.endswith(".options.json")
    resumed = CliRunner().invoke(batch_app, [str(root), "-o", str(out), "--engine", "extractive", "-q", "--resume"])
    assert resumed.exit_code == 0, resumed.output
