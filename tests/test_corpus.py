"""Corpus readers: cluster listing, reference loading, ViMs header stripping, splits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from summarizer.corpus import (
    SPLITS,
    cluster_number,
    decode_text,
    in_split,
    is_junk_line,
    list_clusters,
    load_references,
    read_id_list,
    strip_reference_header,
)
from summarizer.errors import BadOptionError, EmptyFolderError, EvaluationError, FolderNotFoundError

VIMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "vims"

# Invented reference with the ViMs junk-header shape and mixed CRLF / CR / LF endings.
VIMS_LIKE_REF = (
    "Cluster_007\r\n"
    "\r\n"
    "=Einleitung=\r\n"
    "Mưa lớn kéo dài ba ngày làm ngập nhiều tuyến phố.\r"
    "Chính quyền thành phố đã sơ tán hai trăm hộ dân.\n"
    "\n"
    "=Thiệt hại=\n"
    "Chưa có báo cáo về thương vong.\r\n"
)


def test_decode_text_normalizes_mixed_line_endings_and_nfc() -> None:
    decomposed = "Hoa\u0300ng\r\nsa\u0301ng\rto\u0302i\nxong"
    assert decode_text(decomposed.encode("utf-8")) == "Hoàng\nsáng\ntôi\nxong"


def test_decode_text_boms() -> None:
    assert decode_text("\ufeffĐà Nẵng".encode("utf-8")) == "Đà Nẵng"
    assert decode_text("Đà Nẵng\r\n".encode("utf-16")) == "Đà Nẵng\n"


def test_decode_text_rejects_binary() -> None:
    with pytest.raises(UnicodeDecodeError):
        decode_text(bytes(range(256)) * 4)


def test_strip_reference_header_removes_junk_and_keeps_content() -> None:
    assert strip_reference_header(VIMS_LIKE_REF) == (
        "Mưa lớn kéo dài ba ngày làm ngập nhiều tuyến phố.\n"
        "Chính quyền thành phố đã sơ tán hai trăm hộ dân.\n"
        "Chưa có báo cáo về thương vong."
    )


def test_strip_reference_header_keeps_content_that_only_mentions_a_cluster() -> None:
    text = "Cluster_3\n\nCluster_3 gồm các bài về bão số 3.\nCluster_9"
    # Only a leading id line is header; a later bare id line is content.
    assert strip_reference_header(text) == "Cluster_3 gồm các bài về bão số 3.\nCluster_9"


def test_is_junk_line() -> None:
    assert is_junk_line("Cluster_001")
    assert is_junk_line("  =Einleitung=  ")
    assert is_junk_line("=Cảnh báo và biện pháp=")
    assert not is_junk_line("Giá xăng tăng 2% = mức cao nhất.")
    assert not is_junk_line("Cluster_001 có mười bài báo.")


def test_list_clusters_sorted_and_vims_root(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    for name in ("b", "a", ".hidden"):
        (root / name).mkdir(parents=True)
    (root / "notes.txt").write_text("không phải cụm", encoding="utf-8")
    assert [e.id for e in list_clusters(root)] == ["a", "b"]

    vims = tmp_path / "vims"
    (vims / "clusters" / "Cluster_002").mkdir(parents=True)
    (vims / "clusters" / "Cluster_001").mkdir(parents=True)
    (vims / "summaries").mkdir()
    entries = list_clusters(vims)
    assert [e.id for e in entries] == ["Cluster_001", "Cluster_002"]
    assert entries[0].path == vims / "clusters" / "Cluster_001"


def test_list_clusters_errors(tmp_path: Path) -> None:
    with pytest.raises(FolderNotFoundError):
        list_clusters(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyFolderError) as info:
        list_clusters(tmp_path / "empty")
    assert "summarize it as one event" not in str(info.value)
    (tmp_path / "event").mkdir()
    (tmp_path / "event" / "a.txt").write_text("Tiêu đề\nMột câu.\n", encoding="utf-8")
    with pytest.raises(EmptyFolderError, match="holds report files itself"):
        list_clusters(tmp_path / "event")


def test_load_references_folder_per_cluster_with_titles(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    (refs / "c1").mkdir(parents=True)
    (refs / "c1" / "a.txt").write_text("Tóm tắt thứ nhất.", encoding="utf-8")
    (refs / "c1" / "b.txt").write_bytes(VIMS_LIKE_REF.encode("utf-8"))
    (refs / "c1" / "title.txt").write_text("Mưa lớn gây ngập\n\nNgập lụt ở thành phố\n", encoding="utf-8")
    (refs / "c2").mkdir()
    (refs / "c2" / "only-header.txt").write_text("Cluster_002\n\n=Einleitung=\n", encoding="utf-8")
    (refs / "c3").mkdir()
    (refs / "c3" / "x.txt").write_text("Một câu.", encoding="utf-8")
    loaded = load_references(refs)
    assert sorted(loaded) == ["c1", "c3"]  # c2's only file is empty after stripping
    assert loaded["c1"].files == ("a.txt", "b.txt")
    assert loaded["c1"].summaries[0] == "Tóm tắt thứ nhất."
    assert loaded["c1"].summaries[1].startswith("Mưa lớn kéo dài")
    assert loaded["c1"].titles == ("Mưa lớn gây ngập", "Ngập lụt ở thành phố")
    assert loaded["c3"].titles == ()


def test_load_references_vims_layout(tmp_path: Path) -> None:
    root = tmp_path / "vims"
    (root / "clusters" / "Cluster_007").mkdir(parents=True)
    (root / "summaries" / "Cluster_007").mkdir(parents=True)
    (root / "summaries" / "Cluster_007" / "1.txt").write_bytes(VIMS_LIKE_REF.encode("utf-8"))
    (root / "summaries" / "Cluster_007" / "2.txt").write_bytes(VIMS_LIKE_REF.replace("ba ngày", "hai ngày").encode("utf-8"))
    for target in (root, root / "summaries"):
        refs = load_references(target)
        assert list(refs) == ["Cluster_007"]
        assert len(refs["Cluster_007"].summaries) == 2
        assert "Einleitung" not in refs["Cluster_007"].summaries[0]


def test_load_references_from_json_lines(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text(
        '{"id": "c1", "summaries": ["Tóm tắt thứ nhất.", "Tóm tắt thứ hai."], "titles": ["Mưa lớn gây ngập", ""]}\n'
        "\n"
        '{"id": 2, "summary": "Một câu."}\n'
        '{"id": "c3", "summaries": ["  "]}\n',
        encoding="utf-8",
    )
    loaded = load_references(refs)
    assert sorted(loaded) == ["2", "c1"]  # c3 has no non-empty summary
    assert loaded["c1"].summaries == ("Tóm tắt thứ nhất.", "Tóm tắt thứ hai.")
    assert loaded["c1"].titles == ("Mưa lớn gây ngập",)
    assert loaded["c1"].files == ("refs.jsonl:1#1", "refs.jsonl:1#2")
    assert loaded["2"].summaries == ("Một câu.",) and loaded["2"].titles == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a", "summary": "x"}\n{"id": "a", "summary": "y"}\n', r"line 2: cluster id 'a' given twice"),
        ('{"id": "a", "summaries": "x"}\n', r'line 1: "summaries" must be a list of strings'),
        ('["x"]\n', r"line 1: not a JSON object"),
        ("{oops\n", r"line 1: not JSON"),
        ("\n\n", r"hold no reference summary"),
    ],
)
def test_json_lines_references_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        load_references(refs)


def test_load_references_errors(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError):
        load_references(tmp_path / "absent")
    (tmp_path / "none").mkdir()
    with pytest.raises(EvaluationError):
        load_references(tmp_path / "none")


def test_splits() -> None:
    assert cluster_number("Cluster_042") == 42
    assert cluster_number("khong-so") is None
    assert in_split("Cluster_200", "tune") and not in_split("Cluster_200", "heldout")
    assert in_split("Cluster_201", "heldout") and in_split("Cluster_300", "heldout")
    assert not in_split("Cluster_301", "heldout")
    assert in_split("khong-so", "all") and not in_split("khong-so", "tune")
    assert set(SPLITS) == {"tune", "heldout", "all"}
    with pytest.raises(BadOptionError, match="tune, heldout, all"):
        in_split("Cluster_001", "dev")


def test_a_split_applies_to_vims_cluster_ids_only() -> None:
    # "report-205" ends in a held-out number, but it is no ViMs cluster
    assert not in_split("report-205", "heldout") and not in_split("report-17", "tune")
    assert not in_split("cluster-205", "heldout") and in_split("report-205", "all")
    from summarizer.corpus import split_ids

    assert split_ids(["Cluster_010", "Cluster_205"], "heldout") == ["Cluster_205"]
    assert split_ids(["report-205", "c1"], "all") == ["report-205", "c1"]
    with pytest.raises(BadOptionError, match=r"--split heldout only applies to ViMs cluster ids \(Cluster_NNN\), "
                                             r"and 'report-205' \(and 1 more\) is not one"):
        split_ids(["Cluster_205", "report-205", "report-010"], "heldout")


def test_json_lines_reference_lines_without_a_summary_are_counted_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    refs = tmp_path / "refs.jsonl"
    lines = [{"id": "c1", "summary": "Một câu."}, {"id": "c2"}, {"id": "c3", "summaries": ["  "]}, {"reports": []}]
    refs.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with caplog.at_level("WARNING", logger="summarizer.corpus"):
        loaded = load_references(refs)
    assert sorted(loaded) == ["c1"] and loaded.without_summary == ("c2", "c3", "line-4")
    assert caplog.messages == ["references refs.jsonl: 3 line(s) hold no reference summary and are not scored: "
                               "line 2 (c2), line 3 (c3), line 4 (line-4)"]
    refs.write_text("".join(json.dumps(line) + "\n" for line in lines[:1]), encoding="utf-8")
    assert load_references(refs).without_summary == ()
    # an id given twice is refused whichever of its lines holds the summary
    for pair in ([{"id": "c2"}, {"id": "c2", "summary": "Câu."}], [{"id": "c2"}, {"id": "c2"}]):
        refs.write_text("".join(json.dumps(line) + "\n" for line in lines[:1] + pair), encoding="utf-8")
        with pytest.raises(EvaluationError, match="given twice"):
            load_references(refs)


def test_read_id_list(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("# mẫu\nCluster_201\n\n  Cluster_205 \r\n", encoding="utf-8")
    assert read_id_list(path) == ["Cluster_201", "Cluster_205"]
    with pytest.raises(EvaluationError):
        read_id_list(tmp_path / "absent.txt")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(EvaluationError, match="cannot read id list .*binary file"):  # was exit 70
        read_id_list(tmp_path / "binary.txt")


@pytest.mark.shared
@pytest.mark.skipif(not VIMS.is_dir(), reason="../shared/data/vims is absent")
def test_real_vims_references_are_clean() -> None:
    refs = load_references(VIMS / "summaries")
    assert len(refs) == 300
    marker = re.compile(r"^\s*(=.*=|Cluster_\d+)\s*$", re.MULTILINE)
    for ref in refs.values():
        assert len(ref.summaries) >= 2
        for text in ref.summaries:
            assert text and not marker.search(text)
            assert "\r" not in text


REPORT_TEXT = "Tiêu đề\nSáng 3/6, UBND TP HCM khởi công cầu mới trị giá 1.000 tỷ đồng."


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),  # written by a Windows tool
    lambda t: t.encode("utf-16"),  # piped by PowerShell
], ids=["utf-8", "utf-8-bom", "utf-16"])
def test_stdin_json_is_found_behind_a_byte_order_mark(encode) -> None:
    from summarizer.corpus import stdin_reports

    reports = stdin_reports(encode(json.dumps({"reports": [{"name": "a", "text": REPORT_TEXT}]}, ensure_ascii=False)))
    assert [(r.name, r.data) for r in reports] == [("a", REPORT_TEXT)]
    assert [r.name for r in stdin_reports(encode(REPORT_TEXT))] == ["stdin"]  # plain text stays one report


def test_wide_json_lines_are_refused_by_name(tmp_path: Path) -> None:
    from summarizer.corpus import list_jsonl_clusters, load_jsonl_references
    from summarizer.evaluate import load_predictions

    line = json.dumps({"id": "x", "reports": [REPORT_TEXT], "summary": "Khởi công cầu mới."}, ensure_ascii=False) + "\n"
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(line.encode("utf-16"))
    with pytest.raises(FolderNotFoundError, match="it is UTF-16, and JSON Lines are UTF-8"):
        list_jsonl_clusters(wide)
    with pytest.raises(EvaluationError, match="it is UTF-16"):
        load_jsonl_references(wide)
    with pytest.raises(EvaluationError, match="it is UTF-16"):
        load_predictions(wide)
    for name in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):  # without a byte-order mark
        wide.write_bytes(line.encode(name))
        with pytest.raises(EvaluationError, match="it is UTF-16 or UTF-32"):
            load_predictions(wide)
    # binary data with NUL bytes is no text in a wide encoding: it is no JSON
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\x00\x01\x02\x03binary")
    with pytest.raises(EvaluationError, match=r"bin.dat:1: not a JSON record"):
        load_predictions(binary)
    marked = tmp_path / "marked.jsonl"  # UTF-8 with a byte-order mark reads as UTF-8
    marked.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8"))
    assert [e.id for e in list_jsonl_clusters(marked)] == ["x"]
    assert load_jsonl_references(marked)["x"].summaries == ("Khởi công cầu mới.",)
    assert list(load_predictions(marked)) == ["x"]


def test_unreadable_roots_and_reference_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed (no read permission; tests may run as root, whom chmod does
    not stop) is a one-line error for a cluster or references root, and a skipped reference folder."""
    from summarizer.corpus import list_clusters, load_references

    (tmp_path / "root" / "c1").mkdir(parents=True)
    for name in ("c1", "c2"):
        (tmp_path / "refs" / name).mkdir(parents=True)
        (tmp_path / "refs" / name / "a.txt").write_text("Một câu tóm tắt.", encoding="utf-8")
    denied = {tmp_path / "root", tmp_path / "refs" / "c2"}
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(FolderNotFoundError, match=r"cannot read cluster root .*root': Permission denied"):
        list_clusters(tmp_path / "root")
    assert sorted(load_references(tmp_path / "refs")) == ["c1"]
    denied.add(tmp_path / "refs")
    with pytest.raises(EvaluationError, match=r"cannot read references folder .*refs': Permission denied"):
        load_references(tmp_path / "refs")


def test_an_editors_backup_copy_is_not_another_reference(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from summarizer.corpus import load_references

    caplog.set_level(logging.WARNING, logger="summarizer")  # a CLI test run before may have quietened it
    folder = tmp_path / "refs" / "c1"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Mưa lớn gây ngập ở Hà Nội.", encoding="utf-8")
    (folder / "b.txt").write_text("Hà Nội ngập sau mưa lớn.", encoding="utf-8")
    (folder / "a.txt~").write_text("Mưa lớn gây ngập ở Hà Nội.", encoding="utf-8")  # would weigh a.txt twice
    (folder / "b.txt.bak").write_text("Bản cũ.", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert references["c1"].files == ("a.txt", "b.txt")
    assert "2 editor backup or system file(s) among the references not read as references: c1/a.txt~, c1/b.txt.bak" in caplog.text


# ---------------------------------------------------------------------------------------------
# References: what counts as one, and how its text is read


def _ref_folder(tmp_path: Path, cluster: str = "c1") -> Path:
    folder = tmp_path / "refs" / cluster
    folder.mkdir(parents=True)
    return folder


STORY = "Sáng 20/5, chợ Bình Tây ở quận 6 bốc cháy dữ dội, 15 xe chữa cháy được điều tới."


def test_a_reference_without_words_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A file of punctuation alone ("— … —") halved the cluster's F1; a JSON Lines line holding
    only such a summary scored 0 instead of being listed as without a summary."""
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    folder = _ref_folder(tmp_path)
    (folder / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    (folder / "2.txt").write_text("— … —\n", encoding="utf-8")
    (folder / "title.txt").write_text("***\nCháy chợ Bình Tây\n", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert references["c1"].files == ("1.txt",) and references["c1"].titles == ("Cháy chợ Bình Tây",)
    assert f"reference {folder / '2.txt'} skipped: no words (only punctuation or symbols)" in caplog.messages
    jsonl = tmp_path / "refs.jsonl"
    jsonl.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in (
        {"id": "c1", "summary": "— …"},
        {"id": "c2", "summaries": [STORY, "..."]},
    )), encoding="utf-8")
    loaded = load_references(jsonl)
    assert sorted(loaded) == ["c2"] and loaded.without_summary == ("c1",)
    assert loaded["c2"].summaries == (STORY,)


def test_the_vims_reports_folder_is_refused_as_references(tmp_path: Path) -> None:
    """``--refs vims/clusters`` scored the source reports as human summaries, silently."""
    root = tmp_path / "vims"
    for kind in ("clusters", "summaries"):
        (root / kind / "Cluster_001").mkdir(parents=True)
        (root / kind / "Cluster_001" / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError) as info:
        load_references(root / "clusters")
    message = str(info.value)
    assert "is the ViMs reports folder" in message and repr(str(root / "summaries")) in message
    assert "\n" not in message
    # a folder merely named "clusters", without such a sibling, is references like any other
    other = tmp_path / "mine" / "clusters" / "c1"
    other.mkdir(parents=True)
    (other / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    assert list(load_references(tmp_path / "mine" / "clusters")) == ["c1"]


def test_a_references_path_that_is_another_kind_of_file_is_named_as_a_file(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text('{"id": "c1", "summary": "Một câu."}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"is a file, not a folder.*\.jsonl"):
        load_references(path)
    with pytest.raises(EvaluationError, match="does not exist"):
        load_references(tmp_path / "absent")


def test_cluster_ids_are_compared_in_nfc(tmp_path: Path) -> None:
    """A folder named in NFD (as macOS writes names) did not match the NFC id of a prediction or
    of an --ids file."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hà_Nội")
    folder = _ref_folder(tmp_path, nfd)
    (folder / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert list(references) == ["Hà_Nội"] and references["Hà_Nội"].id == "Hà_Nội"
    ids = tmp_path / "ids.txt"
    ids.write_text(nfd + "\n", encoding="utf-8")
    assert read_id_list(ids) == ["Hà_Nội"]
    jsonl = tmp_path / "refs.jsonl"
    jsonl.write_text(json.dumps({"id": nfd, "summary": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(load_references(jsonl)) == ["Hà_Nội"]
    # two folders that are one id once normalized are refused, not one of them dropped
    (tmp_path / "refs" / "Hà_Nội").mkdir()
    (tmp_path / "refs" / "Hà_Nội" / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="one cluster id"):
        load_references(tmp_path / "refs")


def test_an_id_list_comment_is_a_line_that_opens_with_a_hash(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("# mẫu\n  # thụt lề\ntin#1\nCluster_201\n\n", encoding="utf-8")
    assert read_id_list(path) == ["tin#1", "Cluster_201"]


def test_a_short_windows_1258_reference_is_read(tmp_path: Path) -> None:
    """The 36 bytes of "Bão số 5 đổ bộ vào Quảng Ngãi." in Windows-1258 were "skipped: cannot
    decode as text" (the report loader's decoder, which references share, rejected them)."""
    data = bytes.fromhex("4261de6f2073f4ec203520f0f4d22062f4f22076e06f20517561d26e67204e6761de692e")
    assert len(data) == 36
    assert decode_text(data) == "Bão số 5 đổ bộ vào Quảng Ngãi."
    (_ref_folder(tmp_path) / "1.txt").write_bytes(data)
    assert load_references(tmp_path / "refs")["c1"].summaries == ("Bão số 5 đổ bộ vào Quảng Ngãi.",)


def test_web_page_and_markdown_references_are_read_as_their_text(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Tags, front matter and Markdown markers were read as words of the reference."""
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    (_ref_folder(tmp_path, "h") / "1.html").write_text(
        f'<html><head><meta charset="utf-8"><title>Tóm tắt</title></head><body><p>{STORY}</p></body></html>\n',
        encoding="utf-8")
    (_ref_folder(tmp_path, "m") / "1.md").write_text(f'---\ntitle: "Tóm tắt"\n---\n# Tóm tắt\n\n**{STORY}**\n',
                                                     encoding="utf-8")
    (_ref_folder(tmp_path, "t") / "1.htm").write_text(f"<p>{STORY}</p>\n<p>Hơn <b>1.000</b> tiểu thương sơ tán.</p>",
                                                      encoding="utf-8")
    (tmp_path / "refs" / "h" / "2.html").write_text("<html><body><script>x = 1;</script></body></html>", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert references["h"].summaries == (STORY,) and references["h"].files == ("1.html",)
    assert f"reference {tmp_path / 'refs' / 'h' / '2.html'} skipped: no text in the page" in caplog.messages
    assert references["m"].summaries == (STORY,)  # the heading is the file's title, not summary text
    assert references["t"].summaries == (f"{STORY}\nHơn 1.000 tiểu thương sơ tán.",)


def test_leftover_files_are_not_references(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """"Title.txt" was read as a reference summary, and so were "#1.txt#" and "1.txt.old"."""
    import logging

    from summarizer.corpus import is_leftover_file

    caplog.set_level(logging.WARNING, logger="summarizer")
    folder = _ref_folder(tmp_path)
    (folder / "1.txt").write_text(STORY + "\n", encoding="utf-8")
    (folder / "Title.txt").write_text("Cháy chợ Bình Tây\n", encoding="utf-8")
    for name in ("#1.txt#", "1.txt.old", "1.txt.tmp", "1.txt.swo", "desktop.ini", ".DS_Store", ".1.txt.swp"):
        (folder / name).write_text("bản nháp cũ\n", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert references["c1"].files == ("1.txt",)
    assert references["c1"].titles == ("Cháy chợ Bình Tây",)
    assert ("5 editor backup or system file(s) among the references not read as references: c1/#1.txt#, "
            "c1/1.txt.old, c1/1.txt.swo, c1/1.txt.tmp, c1/desktop.ini") in caplog.text  # hidden ones unnamed
    assert is_leftover_file("28.txt~") and is_leftover_file("Thumbs.db") and not is_leftover_file("a#1.txt")


def test_reference_text_is_normalized_as_reports_are(tmp_path: Path) -> None:
    """The look-alike Ð (U+00D0) of a reference stayed, though the loader makes it Đ in the reports
    and so in the summaries made of them."""
    text = "Ðà Nẵng khánh thành cầu mới.\u00a0Ông Ðặng Văn Ðức phát\u200b biểu."
    (_ref_folder(tmp_path) / "1.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "refs" / "c1" / "title.txt").write_text("Ðà Nẵng có cầu mới\n", encoding="utf-8")
    expected = "Đà Nẵng khánh thành cầu mới. Ông Đặng Văn Đức phát biểu."
    references = load_references(tmp_path / "refs")
    assert references["c1"].summaries == (expected,) and references["c1"].titles == ("Đà Nẵng có cầu mới",)
    jsonl = tmp_path / "refs.jsonl"
    jsonl.write_text(json.dumps({"id": "c1", "summary": text, "titles": ["Ðà Nẵng có cầu mới"]}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    loaded = load_references(jsonl)
    assert loaded["c1"].summaries == (expected,) and loaded["c1"].titles == ("Đà Nẵng có cầu mới",)


def test_a_null_summary_is_no_summary_and_a_wrong_type_names_its_key(tmp_path: Path) -> None:
    """``"summary": null`` stopped the run with a message about "summaries"."""
    jsonl = tmp_path / "refs.jsonl"
    jsonl.write_text(f'{{"id": "c1", "summary": null}}\n{{"id": "c2", "summary": "{STORY}"}}\n'
                     '{"id": "c3", "summaries": null, "titles": null}\n', encoding="utf-8")
    loaded = load_references(jsonl)
    assert list(loaded) == ["c2"] and loaded.without_summary == ("c1", "c3")
    for line, key in (('{"id": "c1", "summary": 5}', r'"summary" must be a string'),
                      ('{"id": "c1", "summary": ["x"]}', r'"summary" must be a string'),
                      ('{"id": "c1", "summaries": "x"}', r'"summaries" must be a list of strings'),
                      ('{"id": "c1", "summary": "x", "titles": "y"}', r'"titles" must be a list of strings')):
        jsonl.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(EvaluationError, match=f"line 1: {key}"):
            load_references(jsonl)


def test_json_lines_references_are_cleaned_as_folder_references_are(tmp_path: Path) -> None:
    """A ViMs summary copied into a JSON Lines file kept its header lines (Cluster_001,
    =Einleitung=), which the folder reader drops: the same text scored 1.0 and 0.93."""
    text = f"Cluster_001\n\n=Einleitung=\n{STORY}\n"
    (_ref_folder(tmp_path) / "1.txt").write_text(text, encoding="utf-8")
    jsonl = tmp_path / "refs.jsonl"
    jsonl.write_text(json.dumps({"id": "c1", "summary": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_references(jsonl)["c1"].summaries == load_references(tmp_path / "refs")["c1"].summaries == (STORY,)


def test_a_reference_s_first_line_is_summary_text_unless_its_format_marks_a_title(tmp_path: Path) -> None:
    """A Markdown or web page reference lost its first line when that line looked like a headline
    (no final mark, or "!"), and scored against the rest: ROUGE-1 F 0.77 for an exact prediction."""
    lines = ["Bão số 3 đổ bộ Quảng Ninh", "Hàng nghìn nhà tốc mái", "Chính quyền sơ tán 50.000 dân!"]
    (_ref_folder(tmp_path, "m") / "1.md").write_text("".join(f"- {line}\n" for line in lines), encoding="utf-8")
    (_ref_folder(tmp_path, "h") / "1.html").write_text("".join(f"<p>{line}</p>" for line in lines), encoding="utf-8")
    (_ref_folder(tmp_path, "x") / "1.md").write_text(f"{lines[2]}\n{lines[0]}.\n", encoding="utf-8")
    # a heading, a page's <title>: the format marks a title, which is no summary text
    (_ref_folder(tmp_path, "t") / "1.md").write_text(f"## Tóm tắt\n\n{STORY}\n", encoding="utf-8")
    (_ref_folder(tmp_path, "p") / "1.html").write_text(
        f"<html><head><title>Tóm tắt</title></head><body><p>Tin nhanh</p><p>{STORY}</p></body></html>", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    words = " ".join(lines)
    assert [" ".join(text.split()) for text in references["m"].summaries] == [words]
    assert [" ".join(text.split()) for text in references["h"].summaries] == [words]
    assert references["x"].summaries == (f"{lines[2]}\n{lines[0]}.",)
    assert references["t"].summaries == (STORY,)
    assert references["p"].summaries == (f"Tin nhanh\n{STORY}",)


def test_a_reference_with_bytes_that_do_not_decode_is_warned_about(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="summarizer")
    folder = _ref_folder(tmp_path)
    (folder / "a.txt").write_bytes(STORY.replace("Bình", "B\xecnh").encode("utf-8").replace("ì".encode("utf-8"), b"\xff"))
    summaries = load_references(tmp_path / "refs")["c1"].summaries
    assert "\ufffd" in summaries[0]
    assert any(m.startswith(f"reference {folder / 'a.txt'}: 1 character(s) could not be decoded") for m in caplog.messages)


def test_a_reference_in_a_report_format_keeps_what_a_report_loses_as_furniture(tmp_path: Path) -> None:
    """A .md reference lost "NATO" as a dateline and a closing line as a byline; the same text in
    a .txt was read whole, so the score depended on the file's suffix."""
    text = "NATO - Nga tiếp tục cáo buộc nhau về các cuộc tập trận gần biên giới.\nHai bên chưa có dấu hiệu nhượng bộ.\nNguyễn Văn An"
    (_ref_folder(tmp_path, "m") / "1.md").write_text(text + "\n", encoding="utf-8")
    (_ref_folder(tmp_path, "t") / "1.txt").write_text(text + "\n", encoding="utf-8")
    references = load_references(tmp_path / "refs")
    assert references["m"].summaries == references["t"].summaries == (text,)


def test_an_archived_report_with_an_empty_title_has_its_title_found_in_its_text() -> None:
    """README: in a JSON Lines archive an empty or blank "title" counts as none, as a blank
    ``TextReport.title`` does: the title is then found in the text, as in a file."""
    from summarizer.corpus import cluster_reports
    from summarizer.documents import load_texts

    text = "Cháy lớn tại chợ Đồng Xuân\nSáng 3/6, một đám cháy bùng lên ở tầng hai của chợ."

    def read(title: str) -> tuple[str | None, str]:
        report = load_texts(cluster_reports({"id": "c1", "reports": [{"name": "a", "title": title, "text": text}]},
                                            "line 1")).reports[0]
        return report.title, report.body

    assert read("Tiêu đề") == ("Tiêu đề", text)  # the text is then the body alone
    assert read("") == read(" ") == ("Cháy lớn tại chợ Đồng Xuân", "Sáng 3/6, một đám cháy bùng lên ở tầng hai của chợ.")


def test_json_lines_with_cr_line_ends_only(tmp_path: Path) -> None:
    """References read as predictions are (summarize-eval read CR-only predictions and failed on
    such references with "Extra data"); an archive, read by offsets, is refused by name."""
    from summarizer.corpus import list_jsonl_clusters, load_jsonl_references
    from summarizer.errors import FolderNotFoundError

    refs = tmp_path / "refs.jsonl"
    refs.write_bytes('{"id": "c1", "summary": "Một câu."}\r{"id": "c2", "summary": "Câu hai."}\r'.encode())
    loaded = load_jsonl_references(refs)
    assert (loaded["c1"].summaries, loaded["c2"].summaries) == (("Một câu.",), ("Câu hai.",))
    archive = tmp_path / "archive.jsonl"
    long = "Câu dài về sự kiện. " * 400  # records far longer than a first read
    archive.write_bytes(('{"id": "c1", "reports": ["Tin\\n' + long + '"]}\r{"id": "c2", "reports": ["Tin\\n' + long
                         + '"]}\r').encode())
    with pytest.raises(FolderNotFoundError, match="its lines end in CR alone"):
        list_jsonl_clusters(archive)
    archive.write_bytes(archive.read_bytes().replace(b"\r", b"\r\n"))  # CRLF: read
    assert [e.id for e in list_jsonl_clusters(archive)] == ["c1", "c2"]
    one = tmp_path / "one.jsonl"  # one line ending in CR: read as it is
    one.write_bytes('{"id": "c1", "reports": ["Tin\\nCâu một."]}\r'.encode())
    assert [e.id for e in list_jsonl_clusters(one)] == ["c1"]
