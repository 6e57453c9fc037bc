"""Loader fixes: a Heading 1 below body text is a crosshead, not the title (.docx, .odt, .rtf,
.doc); an OpenDocument caption (LibreOffice's caption styles) goes to the credits; a forwarded
message's own subject is the title of the e-mail it is forwarded in; a report attached to an
e-mail whose text is a covering note is read as the report, and attachments left unread are
warned of; a word hyphenated at a PDF line end is joined without a space."""

from __future__ import annotations

from email.message import EmailMessage
from html import escape as escape_html
from pathlib import Path

import pytest
from _doc import doc_bytes, paragraphs
from _pdf import pdf_bytes
from test_docx import paragraph, run, write_docx
from test_odt import write_odt
from test_rtf import escape, rtf

from summarizer import SummarizeOptions, summarize
from summarizer.documents import read_report
from summarizer.unwrap import unwrap_lines

HEADLINE = "Cầu phao Phong Châu được nối lại"
LEAD = "Sáng 12/9, đơn vị công binh đã nối xong cầu phao qua sông Hồng sau ba ngày thi công liên tục."
CROSSHEAD = "Người dân đã qua lại"
AFTER = "Chiều cùng ngày, hàng trăm xe máy đã qua cầu an toàn dưới sự hướng dẫn của lực lượng chức năng."


def _docx(tmp_path: Path, *styled: tuple[str | None, str]) -> Path:
    return write_docx(tmp_path / "a.docx", *(paragraph(run(text), style="Heading1" if style else None)
                                             for style, text in styled),
                      styles={"Heading1": "heading 1"})


def _odt(tmp_path: Path, *styled: tuple[str | None, str]) -> Path:
    body = "".join(f'<text:h text:outline-level="1">{text}</text:h>' if style else f"<text:p>{text}</text:p>"
                   for style, text in styled)
    return write_odt(tmp_path / "a.odt", body)


def _rtf(tmp_path: Path, *styled: tuple[str | None, str]) -> Path:
    body = "".join((r"\pard\s1 " if style else r"\pard ") + escape(text) + r"\par" for style, text in styled)
    path = tmp_path / "a.rtf"
    path.write_bytes(rtf(body))
    return path


def _doc(tmp_path: Path, *styled: tuple[str | None, str]) -> Path:
    path = tmp_path / "a.doc"
    path.write_bytes(doc_bytes([paragraphs(*(text for _, text in styled))], styles=[1 if s else 0 for s, _ in styled]))
    return path


@pytest.mark.parametrize("write", [_docx, _odt, _rtf, _doc])
def test_a_heading_one_below_body_text_is_a_crosshead_not_the_title(tmp_path: Path, write) -> None:
    # The headline typed as an ordinary paragraph, a Heading 1 crosshead further down: the
    # first line is the title, as in a plain file, and the crosshead stays where it stood.
    report = read_report(write(tmp_path, (None, HEADLINE), (None, LEAD), ("h1", CROSSHEAD), (None, AFTER)))
    assert report.title == HEADLINE
    assert report.body.split("\n") == [LEAD, CROSSHEAD, AFTER]
    # A Heading 1 opening the document, or with only a short line (a section's name) above it,
    # is still the title.
    report = read_report(write(tmp_path, ("h1", HEADLINE), (None, LEAD), (None, AFTER)))
    assert (report.title, report.body.split("\n")) == (HEADLINE, [LEAD, AFTER])
    report = read_report(write(tmp_path, (None, "Thời sự"), ("h1", HEADLINE), (None, LEAD), (None, AFTER)))
    assert report.title == HEADLINE


def test_a_libreoffice_caption_in_a_picture_frame_goes_to_the_credits(tmp_path: Path) -> None:
    caption = "Hình 1: Cầu phao nhìn từ bờ sông"
    frame = ('<draw:frame draw:name="Khung1"><draw:text-box><text:p text:style-name="Illustration">'
             '<draw:frame draw:name="Anh1"/>Hình <text:sequence text:name="Illustration">1</text:sequence>'
             ': Cầu phao nhìn từ bờ sông</text:p></draw:text-box></draw:frame>')
    body = (f'<text:p text:style-name="Title">{HEADLINE}</text:p><text:p>{LEAD}</text:p>'
            f'<text:p text:style-name="P2">{frame}{AFTER}</text:p>'
            '<text:p text:style-name="P1">Ảnh chụp từ trên cao</text:p>')
    styles = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Figure"/>'
    report = read_report(write_odt(tmp_path / "a.odt", body, styles))
    assert (report.title, report.body.split("\n")) == (HEADLINE, [LEAD, AFTER])
    assert report.credits == (caption, "Ảnh chụp từ trên cao")


@pytest.mark.parametrize("html", [False, True])
def test_the_forwarded_messages_subject_is_the_title(tmp_path: Path, html: bool) -> None:
    header = ["---------- Forwarded message ---------", "From: Phóng viên <pv@example.vn>",
              "Date: Thu, 12 Sep 2024 at 15:10", f"Subject: Fwd: {HEADLINE}", "To: <bientap@example.vn>"]
    mail = EmailMessage()
    mail["Subject"], mail["From"] = "Fwd: tin gửi anh", "ban.thoi.su@example.vn"
    if html:
        forward = "<br>".join(escape_html(line) for line in header)  # as Gmail writes it
        mail.set_content(f"<div>Anh xem giúp em.</div><div>{forward}</div><p>{LEAD}</p><p>{AFTER}</p>", subtype="html")
    else:
        mail.set_content("\n".join(["Anh xem giúp em.", "", *header, "", LEAD, "", AFTER]))
    (tmp_path / "a.eml").write_bytes(bytes(mail))
    report = read_report(tmp_path / "a.eml")
    assert (report.title, report.body.split("\n")) == (HEADLINE, [LEAD, AFTER])
    # A long text above the forwarded message is kept, and the mail's own subject stays the title.
    long_note = " ".join([LEAD] * 4)
    mail.set_content("\n".join([long_note, "", *header, "", AFTER]))
    (tmp_path / "a.eml").write_bytes(bytes(mail))
    assert read_report(tmp_path / "a.eml").title == "tin gửi anh"


def _mail_with_attachment(tmp_path: Path, note: str) -> Path:
    docx = _docx(tmp_path, (None, HEADLINE), (None, LEAD), (None, AFTER)).read_bytes()
    mail = EmailMessage()
    mail["Subject"], mail["From"] = "Bài cho số báo ngày mai", "pv@example.vn"
    mail.set_content(note)
    mail.add_attachment(docx, maintype="application", subtype="octet-stream", filename="bai.docx")
    mail.add_attachment(b"\xff\xd8\xff\xe0", maintype="image", subtype="jpeg", filename="anh.jpg")
    path = tmp_path / "thu.eml"
    path.write_bytes(bytes(mail))
    return path


def test_a_report_attached_to_a_covering_note_is_read_as_the_report(tmp_path: Path) -> None:
    note = "Chào anh,\n\nEm gửi bài về cầu phao trong tệp đính kèm.\n\nTrân trọng,\nMinh Hà\n"
    report = read_report(_mail_with_attachment(tmp_path, note))
    assert (report.file, report.encoding, report.title) == ("thu.eml", "eml+docx", HEADLINE)
    assert (report.body.split("\n"), report.notes) == ([LEAD, AFTER], ())


def test_an_attachment_beside_a_mail_that_is_the_report_is_warned_of(tmp_path: Path) -> None:
    story = "\n\n".join([LEAD, AFTER, LEAD.replace("Sáng 12/9", "Tối 12/9"), AFTER.replace("Chiều", "Sáng")])
    _mail_with_attachment(tmp_path, story).rename(tmp_path / "a.eml")
    (tmp_path / "a.docx").unlink()
    result = summarize(tmp_path, SummarizeOptions(engine="extractive"))
    assert [(source.file, source.title) for source in result.sources] == [("a.eml", "Bài cho số báo ngày mai")]
    assert "a.eml: attachment bai.docx not read: the e-mail's own text is the report" in result.warnings


def test_a_word_hyphenated_at_a_pdf_line_end_is_joined_without_a_space(tmp_path: Path) -> None:
    lines = ["Sáng 12/9, bộ trưởng Sergei Lavrov đã tiếp đoàn đại biểu Việt Nam tại trụ sở ở thủ đô Moskva",
             "cùng với đại sứ Konstantin Vnukov. Hai bên đã bàn về quan hệ đối tác chiến lược toàn diện Việt-",
             "Nga và đã thống nhất các bước hợp tác mới về năng lượng, giáo dục cùng với văn hóa trong năm tới",
             "theo lời ông Vnukov. Đoàn đã thăm nhà máy thủy điện do chuyên gia Andrei Kuzuget-",
             "ovich phụ trách, nơi hàng trăm kỹ sư Việt Nam đã được đào tạo trong suốt hơn ba mươi năm qua.",
             ]
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes([[(HEADLINE, 18.0), *lines]]))
    report = read_report(path)
    assert report.title == HEADLINE
    assert "toàn diện Việt-Nga và" in report.body and "Andrei Kuzugetovich phụ trách" in report.body
    # the rule, line by line: a Vietnamese syllable's hyphen is the text's; a space before the
    # hyphen, a line joined without the flag, keep their space
    wrapped = ["Ông đã đến Mát-", "xcơ-va hôm qua và bàn về kinh tế -", "xã hội của vùng Covid-", "19 suốt cả tuần."]
    assert unwrap_lines(wrapped, hyphenated=True) == [
        "Ông đã đến Mát-xcơ-va hôm qua và bàn về kinh tế - xã hội của vùng Covid-19 suốt cả tuần."]
    assert unwrap_lines(wrapped) == ["Ông đã đến Mát- xcơ-va hôm qua và bàn về kinh tế - xã hội của vùng Covid- 19 suốt cả tuần."]
