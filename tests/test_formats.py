"""One event, whatever the files' formats: the same reports as text, web page, Word and PDF
(hard-wrapped, in a legacy encoding) give the same summary and headline as the plain files."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

from _pdf import pdf_bytes
from conftest import ROOT
from test_docx import paragraph, run, write_docx
from typer.testing import CliRunner

from summarizer import vncharsets
from summarizer.cli import app
from summarizer.documents import load_folder
from summarizer.sentences import split_sentences

SAMPLE = ROOT / "examples" / "sample-cluster"


def reports() -> list[tuple[str, str, list[str]]]:
    """(file name, title, body paragraphs) of the bundled sample's reports, as the loader reads
    them (the second one's title is glued to its body in the file)."""
    return [(r.file, r.title or "", r.body.split("\n")) for r in load_folder(SAMPLE).reports]


def summary_of(folder: Path) -> dict:
    result = CliRunner().invoke(app, [str(folder), "--engine", "extractive", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_format_gives_the_summary_of_the_plain_files(tmp_path: Path) -> None:
    plain, mixed = tmp_path / "plain", tmp_path / "mixed"
    plain.mkdir()
    mixed.mkdir()
    (first, second, third) = reports()
    for name, title, paragraphs in (first, second, third):
        (plain / name).write_text("\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    name, title, paragraphs = first
    page = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    (mixed / "1-trang.html").write_text(
        f"<html><head><title>{html.escape(title)} | Báo Mẫu</title></head><body><nav><a href='/'>Trang chủ</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{page}</article><div class='comments'><p>Hay.</p></div></body></html>",
        encoding="utf-8",
    )
    name, title, paragraphs = second
    write_docx(mixed / "2-word.docx", paragraph(run(title), style="Title"), *(paragraph(run(p)) for p in paragraphs))
    name, title, paragraphs = third
    lines = [line for p in paragraphs for line in textwrap.wrap(p, 76)]
    (mixed / "3-ban-in.pdf").write_bytes(pdf_bytes([[(title, 18.0), *lines, "Trang 1"]]))
    as_text, as_mixed = load_folder(plain).reports, load_folder(mixed).reports
    assert [r.title for r in as_mixed] == [r.title for r in as_text]
    assert [split_sentences(r.body) for r in as_mixed] == [split_sentences(r.body) for r in as_text]
    plain_summary, mixed_summary = summary_of(plain), summary_of(mixed)
    assert [s["encoding"] for s in mixed_summary["sources"]] == ["utf-8", "docx", "pdf"]
    assert mixed_summary["title"] == plain_summary["title"]
    assert [s["text"] for s in mixed_summary["sentences"]] == [s["text"] for s in plain_summary["sentences"]]


def test_a_wrapped_legacy_encoded_copy_reads_like_the_unicode_one(tmp_path: Path) -> None:
    """A wire copy in TCVN3, wrapped at 70 columns, against the same report in UTF-8."""
    unicode_folder, legacy_folder = tmp_path / "unicode", tmp_path / "legacy"
    unicode_folder.mkdir()
    legacy_folder.mkdir()
    text = (
        "Hải Phòng mở rộng cảng biển\n"
        "Sáng nay, thành phố Hải Phòng khởi công dự án mở rộng cảng biển ở quận Hải An với tổng vốn đầu tư "
        "hơn một nghìn tỷ đồng. Dự án dự kiến hoàn thành trong hai năm tới.\n"
        "Ông Nguyễn Văn Đức, Phó Chủ tịch thành phố, cho biết cảng sẽ đón được tàu trọng tải lớn và giảm ùn "
        "tắc hàng hóa ở khu vực.\n"
    )
    (unicode_folder / "a.txt").write_text(text, encoding="utf-8")
    title, *paragraphs = text.strip().split("\n")
    wrapped = "\n".join([title, *(line for p in paragraphs for line in [*textwrap.wrap(p, 70), ""])])
    # Encoded by inverting the decoder's table (checked byte for byte against iconv elsewhere).
    encode = {ch: byte for byte, ch in enumerate(vncharsets._DECODING_TABLE) if not ch.isascii()}
    legacy = bytes(encode[ch] if ch in encode else ord(ch) for ch in wrapped)
    (legacy_folder / "a.txt").write_bytes(legacy)
    expected, got = summary_of(unicode_folder), summary_of(legacy_folder)
    assert got["sources"][0]["encoding"] == "tcvn3"
    assert (got["title"], got["summary"]) == (expected["title"], expected["summary"])
