"""PDF reports: text of every page, page furniture removed, wrapped lines rejoined, clear skips."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from _pdf import pdf_bytes
from test_documents import TEXT, TITLE, to_tcvn3, to_vni
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.documents import load_folder
from summarizer.sentences import split_sentences

PARAGRAPHS = [
    "Sáng 14/6, UBND thành phố Đà Nẵng tổ chức lễ khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm "
    "Lệ. Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng từ ngân sách thành phố.",
    "Trước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km qua cầu Cẩm Lệ để sang bờ bên kia, "
    "ông Nguyễn Văn Thành, Phó Chủ tịch UBND thành phố, nói tại buổi lễ khánh thành sáng nay.",
    "Ông Thành đề nghị các sở, ngành sớm lắp hệ thống chiếu sáng nghệ thuật trên cầu, để cây cầu "
    "trở thành điểm tham quan mới của du khách khi đến thành phố vào các đêm cuối tuần.",
]
HEADLINE = "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"
RUNNING_HEADER = "BÁO SÔNG HÀN | Thời sự | 14/6/2025"


def press_release(tmp_path: Path, name: str = "thong-cao.pdf") -> Path:
    """Two pages: a running header, the headline, paragraphs wrapped at 80 columns with a
    paragraph running over the page break, and page numbers."""
    lines = [line for p in PARAGRAPHS for line in textwrap.wrap(p, 80)]
    pages = [
        [RUNNING_HEADER, HEADLINE, *lines[:4], "Trang 1/2"],
        [RUNNING_HEADER, *lines[4:], "Theo Báo Sông Hàn", "Trang 2/2"],
    ]
    path = tmp_path / name
    path.write_bytes(pdf_bytes(pages, title="Microsoft Word - thong cao.docx"))
    return path


def test_pdf_report_text_title_and_credits(tmp_path: Path) -> None:
    press_release(tmp_path)
    loaded = load_folder(tmp_path)
    assert loaded.skipped == ()
    (report,) = loaded.reports
    assert report.encoding == "pdf"
    assert report.title == HEADLINE  # the first line, not the metadata title
    # Page numbers and the running header are gone; the paragraph cut by the page break is whole.
    assert split_sentences(report.body) == split_sentences("\n".join(PARAGRAPHS))
    assert report.credits == ("Theo Báo Sông Hàn",)


@pytest.mark.parametrize(("encoder", "encoding"), [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_legacy_font_pdf_is_decoded(tmp_path: Path, encoder, encoding: str) -> None:
    # A .VnTime- or VNI-Times-style font without a Unicode map: extraction gives the
    # Windows-1252 reading of the legacy bytes ("Qu¶ng TrÞ ...", "Quaûng Trò ...").
    garbled = encoder(TEXT).decode("cp1252")
    (tmp_path / "a.pdf").write_bytes(pdf_bytes([garbled.split("\n")]))
    (report,) = load_folder(tmp_path).reports
    assert report.encoding == f"pdf+{encoding}"
    assert report.title == TITLE
    assert report.body == TEXT.split("\n", 1)[1]


def test_unreadable_pdfs_are_skipped_with_reasons(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    press_release(tmp_path, "good.pdf")
    good = (tmp_path / "good.pdf").read_bytes()
    (tmp_path / "text.pdf").write_text("Không phải PDF.", encoding="utf-8")
    (tmp_path / "damaged.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "scan.pdf").write_bytes(pdf_bytes([[]]))
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    locked.encrypt(user_password="bí mật", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    locked.write(buffer)
    (tmp_path / "locked.pdf").write_bytes(buffer.getvalue())
    # Encrypted with an empty user password (only editing is restricted): it opens.
    open_ = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    open_.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    open_.write(buffer)
    (tmp_path / "restricted.pdf").write_bytes(buffer.getvalue())

    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["good.pdf", "restricted.pdf"]
    reasons = {s.file: s.reason for s in loaded.skipped}
    assert reasons["text.pdf"] == "not a PDF file (no %PDF- header)"
    assert reasons["damaged.pdf"].startswith("damaged PDF (")
    assert reasons["scan.pdf"] == "no text layer (a scanned PDF needs OCR first)"
    assert reasons["locked.pdf"] == "encrypted PDF (needs a password)"


def test_pdf_without_furniture_keeps_repeated_body_lines_off_the_edges(tmp_path: Path) -> None:
    # A line repeated in the middle of pages is content, not a running header.
    free = "Cầu mở cửa miễn phí."
    pages = [[HEADLINE, PARAGRAPHS[0], free, PARAGRAPHS[1], "1"], [PARAGRAPHS[2], free, PARAGRAPHS[0], "2"]]
    (tmp_path / "a.pdf").write_bytes(pdf_bytes(pages))
    (report,) = load_folder(tmp_path).reports
    assert report.body.count(free) == 2
    assert not any(line.strip() in {"1", "2"} for line in report.body.split("\n"))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_summarizes_a_folder_with_a_pdf(tmp_path: Path, fmt: str) -> None:
    import json

    press_release(tmp_path)
    (tmp_path / "b.txt").write_text(
        "Cầu đi bộ Hoà Xuân chính thức đưa vào sử dụng\n" + "\n".join(PARAGRAPHS[:2]) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, [str(tmp_path), "--engine", "extractive", "--format", fmt, "-q"])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        sources = json.loads(result.stdout)["sources"]
        assert {s["file"]: s["encoding"] for s in sources} == {"thong-cao.pdf": "pdf", "b.txt": "utf-8"}
    else:
        assert "Hoà Xuân" in result.stdout


def test_a_headline_wrapped_over_two_lines_is_one_title(tmp_path: Path) -> None:
    lines = [line for p in PARAGRAPHS for line in textwrap.wrap(p, 80)]
    (tmp_path / "a.pdf").write_bytes(pdf_bytes([["Đà Nẵng khánh thành cầu đi bộ Hoà Xuân bắc qua", "sông Cẩm Lệ", *lines]]))
    (report,) = load_folder(tmp_path).reports
    assert report.title == "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm Lệ"
    assert split_sentences(report.body) == split_sentences("\n".join(PARAGRAPHS))


def test_title_by_font_size_and_small_print_at_page_edges(tmp_path: Path) -> None:
    """One page (so nothing repeats across pages): a site name in small print above a headline
    set large over two lines, the body, and a small-print footer."""
    lines = [line for p in PARAGRAPHS for line in textwrap.wrap(p, 80)]
    page = [
        ("BÁO SÔNG HÀN ĐIỆN TỬ", 8.0),
        ("Đà Nẵng khánh thành cầu đi bộ", 20.0),
        ("Hoà Xuân", 20.0),
        *lines,
        ("Bản quyền thuộc Báo Sông Hàn. Ghi rõ nguồn khi đăng lại", 7.0),
    ]
    (tmp_path / "a.pdf").write_bytes(pdf_bytes([page]))
    (report,) = load_folder(tmp_path).reports
    assert report.title == "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"
    assert split_sentences(report.body) == split_sentences("\n".join(PARAGRAPHS))


def test_a_large_lead_paragraph_is_not_taken_for_a_title(tmp_path: Path) -> None:
    """A lead set larger than the body but too long for a headline opens the body instead."""
    lead = textwrap.wrap(PARAGRAPHS[0], 80 * 11 // 14)  # as many characters as fit at 14 points
    page = [(HEADLINE, 11.0), *[(line, 14.0) for line in lead], *textwrap.wrap(" ".join(PARAGRAPHS[1:]), 80)]
    (tmp_path / "a.pdf").write_bytes(pdf_bytes([page]))
    (report,) = load_folder(tmp_path).reports
    assert report.title == HEADLINE
    assert split_sentences(report.body) == split_sentences("\n".join(PARAGRAPHS))


def test_pypdf_notes_go_to_debug_and_threads_reading_at_once_leave_its_logger_as_found(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Each read saved and restored pypdf's logger's ``propagate`` unguarded: threads reading at
    once left it False, and a host's pypdf records were gone for the whole process."""
    import logging
    import threading

    from summarizer import pdf_text
    from summarizer.documents import read_report

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="summarizer")  # a CLI test run before may have quietened it
    pypdf_log = logging.getLogger("pypdf")
    handlers, propagate = list(pypdf_log.handlers), pypdf_log.propagate
    press_release(tmp_path, "good.pdf")
    path = tmp_path / "good.pdf"
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        for _ in range(5):
            read_report(path)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pypdf_log.propagate is propagate and pypdf_log.handlers == handlers
    # inside a read, this thread's pypdf notes are the summarizer's debug lines with the file's name;
    # another thread's go on to the host's handlers as before
    caplog.clear()
    with pdf_text._pypdf_notes_to_debug("x.pdf"):
        logging.getLogger("pypdf._reader").warning("EOF marker not found")
        other = threading.Thread(target=lambda: logging.getLogger("pypdf._reader").warning("host's own note"))
        other.start()
        other.join()
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("summarizer.pdf_text", "DEBUG", "x.pdf: pypdf: EOF marker not found"),
        ("pypdf._reader", "WARNING", "host's own note"),
    ]
    assert pypdf_log.propagate is propagate and pypdf_log.handlers == handlers
