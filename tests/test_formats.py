"""One event, whatever the files' formats: the same reports as text, web page, Word and PDF
(hard-wrapped, in a legacy encoding) give the same summary and headline as the plain files."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import pytest
from _pdf import pdf_bytes
from conftest import ROOT
from test_docx import paragraph, run, write_docx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summarizer import vncharsets
from summarizer.cli import app
from summarizer.documents import TextReport, load_folder, load_texts
from summarizer.errors import NoReadableReportsError
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


_LINES = ("Quảng Trị mở rộng cảng Cửa Việt", "Sáng 3/4, đoàn công tác đến cảng Cửa Việt.",
          "Dự án có vốn 1.200 tỷ đồng, khởi công năm 2026.")


def _intact_files(folder: Path) -> dict[str, bytes]:
    from test_odt import write_odt

    page = (f"<html><head><meta charset='utf-8'><title>{_LINES[0]}</title></head><body><article><h1>{_LINES[0]}</h1>"
            + "".join(f"<p>{line}</p>" for line in _LINES[1:]) + "</article></body></html>")
    mail = (f"From: a@b.vn\nSubject: {_LINES[0]}\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n" + "\n".join(_LINES[1:]))
    return {
        "a.pdf": pdf_bytes([list(_LINES)]),
        "a.docx": write_docx(folder / "a.docx", *(paragraph(run(line)) for line in _LINES)).read_bytes(),
        "a.odt": write_odt(folder / "a.odt", "".join(f"<text:p>{line}</text:p>" for line in _LINES)).read_bytes(),
        "a.html": page.encode(),
        "a.eml": mail.encode(),
        "a.rtf": b"{\\rtf1\\ansi\\ansicpg1258{\\fonttbl{\\f0 Arial;}}\\f0 Tin moi\\par Cau mot co 1.200 chu.\\par}",
    }


_DAMAGE = st.lists(
    st.tuples(st.sampled_from(["set", "delete", "insert", "truncate"]), st.floats(0, 1, exclude_max=True),
              st.binary(min_size=1, max_size=16)),
    min_size=1, max_size=8,
)


def _damaged(data: bytes, damage: list[tuple[str, float, bytes]]) -> bytes:
    out = bytearray(data)
    for action, where, payload in damage:
        at = int(where * len(out)) if out else 0
        if action == "set":
            out[at : at + len(payload)] = payload
        elif action == "delete":
            del out[at : at + len(payload) * 8]
        elif action == "insert":
            out[at:at] = payload
        else:
            del out[at:]
    return bytes(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["a.pdf", "a.docx", "a.odt", "a.html", "a.eml", "a.rtf"]), damage=_DAMAGE)
# found by fuzzing: a damaged deflate stream behind an intact zip directory (zlib.error), zip
# offsets pointing before the file's start ("negative seek value"), a NUL in an e-mail's charset
@example(name="a.docx", damage=[("set", 0.5, b"\xff\xff\xff\xff\xff\xff\xff\xff")])
@example(name="a.odt", damage=[("set", 0.9869337979094077, b"\x00\x00\x00\x7f")])
@example(name="a.eml", damage=[("set", 0.4, b"\x00")])
def test_a_damaged_file_is_read_or_skipped_never_a_crash(tmp_path: Path, name: str, damage) -> None:
    data = _damaged(_intact_files(tmp_path)[name], damage)
    try:
        loaded = load_texts([TextReport(name, data)])
    except NoReadableReportsError as error:
        assert "\n" not in str(error) and name in str(error)
    else:
        assert [report.file for report in loaded.reports] == [name]


# Line breaks inside a paragraph (<br>, w:br, text:line-break, \line) in every rich format. A
# document is its title and its blocks: ("p", lines of one paragraph, each after a line break),
# ("h", a heading below the title), ("li", the items of a list).
Block = tuple[str, tuple[str, ...]]
_BREAK_TITLE = "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"
# A sentence an author broke mid-way, before a lower-case word (and one broken after a comma).
_RUN_ON: list[Block] = [
    ("p", ("Sáng 14/6, UBND thành phố Đà Nẵng khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm Lệ.",)),
    ("p", ("Trước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km", "qua cầu Cẩm Lệ để sang bờ bên kia.")),
    ("p", ("Cây cầu dài 320 m, rộng 6 m,", "có tổng vốn đầu tư 185 tỷ đồng.")),
]
_RUN_ON_BODY = [
    "Sáng 14/6, UBND thành phố Đà Nẵng khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm Lệ.",
    "Trước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km qua cầu Cẩm Lệ để sang bờ bên kia.",
    "Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng.",
]
# What must stay apart: a line break before a capital (an address), a heading and a paragraph
# opening in lower case, short paragraphs, the items of a list, a break after a sentence's end
# or a colon.
_APART: list[Block] = [
    ("p", ("Sáng 14/6, UBND thành phố Đà Nẵng khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm Lệ.",)),
    ("p", ("Ban quản lý dự án cầu Hoà Xuân", "Số 5 đường Bạch Đằng, quận Hải Châu.")),
    ("h", ("Kế hoạch sắp tới",)),
    ("p", ("sau lễ khánh thành, thành phố sẽ trồng thêm cây xanh hai bên cầu.",)),
    ("p", ("Tuyến đường dẫn lên cầu",)),
    ("p", ("dài 1,2 km.",)),
    ("p", ("Các hạng mục tiếp theo gồm:", "lát đá vỉa hè.", "lắp đèn chiếu sáng.")),
    ("li", ("nạo vét lòng sông", "xây thêm bến thuyền", "mở rộng công viên")),
    ("p", ("Cây cầu dài 320 m, có tổng vốn đầu tư 185 tỷ đồng.",)),
]
_APART_BODY = [line for _, lines in _APART for line in lines]


def _page_markup(blocks: list[Block], *, headline: bool = True) -> str:
    tags = {"p": "p", "h": "h2"}
    html_blocks = "".join(
        f"<ul>{''.join(f'<li>{item}</li>' for item in lines)}</ul>" if kind == "li"
        else f"<{tags[kind]}>{'<br>'.join(lines)}</{tags[kind]}>"
        for kind, lines in blocks
    )
    h1 = f"<h1>{_BREAK_TITLE}</h1>" if headline else ""
    return f"<html><head><meta charset='utf-8'></head><body><article>{h1}{html_blocks}</article></body></html>"


def _docx_file(folder: Path, blocks: list[Block]) -> bytes:
    line_break = "<w:r><w:br/></w:r>"
    paragraphs = [paragraph(run(_BREAK_TITLE), style="Title")]
    for kind, lines in blocks:
        if kind == "p":
            paragraphs.append(paragraph(*(part for i, line in enumerate(lines) for part in [line_break] * (i > 0) + [run(line)])))
        else:
            paragraphs.extend(paragraph(run(line), style="Heading2" if kind == "h" else "ListParagraph") for line in lines)
    return write_docx(folder / "made.docx", *paragraphs).read_bytes()


def _odt_file(folder: Path, blocks: list[Block]) -> bytes:
    from test_odt import write_odt

    body = f'<text:h text:outline-level="1">{_BREAK_TITLE}</text:h>' + "".join(
        f"<text:p>{'<text:line-break/>'.join(lines)}</text:p>" if kind == "p"
        else f'<text:h text:outline-level="2">{lines[0]}</text:h>' if kind == "h"
        else "<text:list>" + "".join(f"<text:list-item><text:p>{item}</text:p></text:list-item>" for item in lines) + "</text:list>"
        for kind, lines in blocks
    )
    return write_odt(folder / "made.odt", body).read_bytes()


def _rtf_file(blocks: list[Block]) -> bytes:
    from test_rtf import rtf

    body = rf"\pard\plain\s15 {_BREAK_TITLE}\par" + "".join(
        rf"\pard\plain {(chr(92) + 'line ').join(lines)}\par" if kind == "p"
        else "".join(rf"\pard\plain {line}\par" for line in lines)
        for kind, lines in blocks
    )
    return rtf(body)


def _email_file(blocks: list[Block]) -> bytes:
    from test_email import message, with_subject

    mail = message()
    mail.set_content(_page_markup(blocks, headline=False), subtype="html", charset="utf-8", cte="base64")
    return with_subject(mail, _BREAK_TITLE)


def _rich_report(tmp_path: Path, name: str, blocks: list[Block]):
    """The report the loader reads from a file of format ``name`` holding ``blocks``."""
    if name == "a.html":
        data = _page_markup(blocks).encode("utf-8")
    elif name == "a.eml":
        data = _email_file(blocks)
    elif name == "a.docx":
        data = _docx_file(tmp_path, blocks)
    elif name == "a.odt":
        data = _odt_file(tmp_path, blocks)
    else:
        data = _rtf_file(blocks)
    (report,) = load_texts([TextReport(name, data)]).reports
    assert "\u2028" not in report.body + (report.title or "") + "".join(report.credits)
    return report


_RICH_FORMATS = ["a.html", "a.eml", "a.docx", "a.odt", "a.rtf"]


@pytest.mark.parametrize("name", _RICH_FORMATS)
def test_a_sentence_broken_by_a_line_break_is_one_sentence(tmp_path: Path, name: str) -> None:
    report = _rich_report(tmp_path, name, _RUN_ON)
    assert report.title == _BREAK_TITLE
    assert report.body.split("\n") == _RUN_ON_BODY
    assert split_sentences(report.body) == _RUN_ON_BODY


@pytest.mark.parametrize("name", _RICH_FORMATS)
def test_line_breaks_and_paragraph_ends_that_are_no_sentence_going_on_stay_apart(tmp_path: Path, name: str) -> None:
    report = _rich_report(tmp_path, name, _APART)
    assert report.title == _BREAK_TITLE
    assert report.body.split("\n") == _APART_BODY
