"""Reports saved from e-mail (.eml): subject as title, decoded body without mail furniture."""

from __future__ import annotations

import base64
import textwrap
from email.message import EmailMessage
from pathlib import Path

import pytest
from test_documents import to_cp1258

from summarizer.documents import load_folder
from summarizer.email_text import html_without_mail_furniture, without_mail_furniture
from summarizer.sentences import split_sentences

PARAGRAPHS = [
    "Sáng 14/6, UBND thành phố Đà Nẵng tổ chức lễ khánh thành cầu đi bộ Hoà Xuân bắc qua sông Cẩm Lệ. "
    "Cây cầu dài 320 m, rộng 6 m, có tổng vốn đầu tư 185 tỷ đồng từ ngân sách thành phố.",
    "Trước đó, người dân phường Hoà Xuân phải đi vòng gần 4 km qua cầu Cẩm Lệ để sang bờ bên kia, "
    "ông Nguyễn Văn Thành, Phó Chủ tịch UBND thành phố, nói tại buổi lễ.",
]
TITLE = "Đà Nẵng khánh thành cầu đi bộ Hoà Xuân"


def message() -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Phóng viên <pv@example.vn>"
    mail["To"] = "bientap@example.vn"
    return mail


def with_subject(mail: EmailMessage, subject: str) -> bytes:
    """The message's bytes with ``subject`` as one encoded word, as mail clients write it
    (Python 3.11's generator can drop a space between two encoded words: CPython issue 92081)."""
    encoded = base64.b64encode(subject.encode("utf-8")).decode("ascii")
    return f"Subject: =?utf-8?b?{encoded}?=\n".encode("ascii") + bytes(mail)


def only_report(folder: Path):
    (report,) = load_folder(folder).reports
    return report


def test_forwarded_wrapped_quoted_printable_mail(tmp_path: Path) -> None:
    mail = message()
    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in PARAGRAPHS)
    mail.set_content(
        "---------- Forwarded message ---------\nFrom: Ban Thời sự <ts@example.vn>\n"
        f"Date: Sat, 14 Jun 2025 09:00\nSubject: {TITLE}\nTo: pv@example.vn\n\n{TITLE}\n\n{wrapped}\n\n"
        "-- \nPhóng viên Minh Anh\nĐT: 0905 000 000\n",
        charset="utf-8",
        cte="quoted-printable",
    )
    (tmp_path / "a.eml").write_bytes(with_subject(mail, f"Fwd: TR: {TITLE}"))
    report = only_report(tmp_path)
    assert report.encoding == "eml+utf-8"
    assert report.title == TITLE
    assert split_sentences(report.body) == split_sentences("\n".join(PARAGRAPHS))


def test_html_mail_and_outlook_headers(tmp_path: Path) -> None:
    html = message()
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html.set_content(f"<html><body><div class='signature-box'>x</div>{paragraphs}</body></html>", subtype="html",
                     charset="utf-8", cte="base64")
    (tmp_path / "a.eml").write_bytes(with_subject(html, TITLE))
    report = only_report(tmp_path)
    assert (report.encoding, report.title) == ("eml+utf-8", TITLE)
    assert report.body.split("\n")[-2:] == PARAGRAPHS
    (tmp_path / "a.eml").unlink()
    outlook = message()
    outlook.set_content("From: Ban Thời sự\nSent: Saturday, June 14, 2025\nTo: Phóng viên\nSubject: " + TITLE
                        + "\n\n" + "\n".join(PARAGRAPHS) + "\n", charset="utf-8")
    (tmp_path / "b.eml").write_bytes(with_subject(outlook, "RE: " + TITLE))
    report = only_report(tmp_path)
    assert report.title == TITLE and report.body.split("\n") == PARAGRAPHS


def test_mail_whose_declared_charset_is_wrong(tmp_path: Path) -> None:
    # Declared UTF-8, written in Windows-1258 (an old mail client): detection reads it.
    text = "\n".join(PARAGRAPHS)
    raw = (
        "Subject: =?utf-8?q?Tin_m=E1=BB=9Bi?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
    ).encode("ascii") + to_cp1258(text) + b"\n"
    (tmp_path / "a.eml").write_bytes(raw)
    report = only_report(tmp_path)
    assert report.encoding == "eml+cp1258"
    assert report.title == "Tin mới"
    assert report.body.split("\n") == PARAGRAPHS


def test_unreadable_mails_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(TITLE + "\n" + "\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (tmp_path / "plain.eml").write_text("Đây không phải là thư điện tử.\n", encoding="utf-8")
    attachment_only = message()
    attachment_only.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf", filename="bao.pdf")
    (tmp_path / "attachment.eml").write_bytes(with_subject(attachment_only, TITLE))
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["ok.txt"]
    reasons = {s.file: s.reason for s in loaded.skipped}
    assert reasons.pop("plain.eml") == "not an e-mail message (no headers)"
    # the attached PDF is tried as the report (a mail without text), and cannot be read either
    assert reasons.pop("attachment.eml").startswith("no text in the e-mail; attachment bao.pdf: damaged PDF (")
    assert not reasons


# ---------------------------------------------------------------------------------------------
# Mail furniture: forwards, Outlook headers, quoted replies, signatures
# ---------------------------------------------------------------------------------------------

ARTICLE = "\n\n".join(PARAGRAPHS)


def plain_mail(tmp_path: Path, body: str, subject: str = "Fwd: " + TITLE):
    mail = message()
    mail.set_content(body, charset="utf-8")
    (tmp_path / "a.eml").write_bytes(with_subject(mail, subject))
    return only_report(tmp_path)


def html_mail(tmp_path: Path, markup: str, subject: str = "Fwd: " + TITLE):
    mail = message()
    mail.set_content(markup, subtype="html", charset="utf-8", cte="base64")
    (tmp_path / "a.eml").write_bytes(with_subject(mail, subject))
    return only_report(tmp_path)


def test_html_forward_loses_its_header_block(tmp_path: Path) -> None:
    # Gmail's HTML forward: the mark and the header lines are <br>-separated text of a div.
    markup = (
        '<div dir="ltr"><div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>'
        'From: <strong class="gmail_sendername">Ban Thời sự</strong> <span>&lt;ts@example.vn&gt;</span><br>'
        f"Date: Sat, 14 Jun 2025 at 09:00<br>Subject: {TITLE}<br>To: Trần Minh &lt;tm@example.vn&gt;<br></div><br>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div>"
    )
    report = html_mail(tmp_path, markup)
    assert (report.encoding, report.title) == ("eml+utf-8", TITLE)
    assert report.body.split("\n") == PARAGRAPHS


def test_html_outlook_forward_without_a_mark_line(tmp_path: Path) -> None:
    # Outlook's HTML forward: a rule, then bold labels; the forwarder's note above goes too.
    markup = (
        "<div><p>Anh xem bài này nhé.</p><div id='divRplyFwdMsg'><hr><p><b>Từ:</b> Ban Thời sự<br>"
        f"<b>Đã gửi:</b> Thứ Bảy, 14 tháng 6, 2025 9:00 SA<br><b>Đến:</b> Trần Minh<br><b>Chủ đề:</b> {TITLE}</p></div>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    )
    assert html_mail(tmp_path, markup).body.split("\n") == PARAGRAPHS


def test_html_line_breaks_mid_sentence_run_on_and_a_br_signature_still_goes(tmp_path: Path) -> None:
    # The article's lines broken by <br> before a lower-case word are one sentence; the
    # signature's <br> lines are still read line by line, and go.
    first, rest = PARAGRAPHS[1].split(" qua cầu ", 1)
    markup = (f"<div dir='ltr'><p>{PARAGRAPHS[0]}</p><p>{first}<br>qua cầu {rest}</p>"
              "<p>Trân trọng,<br>Minh Anh<br>Phóng viên Ban Thời sự<br>ĐT: 0905 000 000</p></div>")
    assert html_mail(tmp_path, markup, subject=TITLE).body.split("\n") == PARAGRAPHS


def test_html_quotation_in_the_article_keeps_its_introduction(tmp_path: Path) -> None:
    # An article's own <blockquote> after "… đã viết:" is not a reply's quotation.
    intro = "Trong thư gửi đồng bào năm 1946, Chủ tịch Hồ Chí Minh đã viết:"
    quote = "Không có gì quý hơn độc lập, tự do, và đó là chân lý của mọi dân tộc trên thế giới."
    markup = f"<p>{PARAGRAPHS[0]}</p><p>{intro}</p><blockquote><p>{quote}</p></blockquote><p>{PARAGRAPHS[1]}</p>"
    report = html_mail(tmp_path, markup, subject=TITLE)
    assert report.body.split("\n") == [PARAGRAPHS[0], intro, quote, PARAGRAPHS[1]]


@pytest.mark.parametrize(
    "headers",
    [
        # Vietnamese Outlook ("Đã gửi:" was not a header label: "Đến:" and "Chủ đề:" became body lines)
        f"-----Original Message-----\nTừ: Ban Thời sự <ts@example.vn>\nĐã gửi: Thứ Bảy, 14 tháng 6, 2025 9:00 SA\n"
        f"Đến: Trần Minh\nCc: Thư ký toà soạn\nChủ đề: {TITLE}\n",
        # English Outlook with its rule of underscores instead of a mark
        f"________________________________\nFrom: Ban Thời sự\nSent: Saturday, June 14, 2025 9:00 AM\nTo: Trần Minh\n"
        f"Subject: {TITLE}\n",
        # French Outlook
        f"-------- Message transféré --------\nDe : Ban Thời sự\nEnvoyé : samedi 14 juin 2025 09:00\nÀ : Trần Minh\n"
        f"Objet : {TITLE}\n",
        # Apple Mail: a blank line between the mark and the headers
        f"Begin forwarded message:\n\nFrom: Ban Thời sự <ts@example.vn>\nSubject: {TITLE}\nDate: 14 June 2025\n"
        "To: Trần Minh\n",
    ],
    ids=["outlook-vi", "outlook-en", "outlook-fr", "apple"],
)
def test_outlook_header_labels(tmp_path: Path, headers: str) -> None:
    report = plain_mail(tmp_path, headers + "\n" + ARTICLE + "\n", subject="TR: " + TITLE)
    assert report.title == TITLE
    assert report.body.split("\n") == PARAGRAPHS
    assert report.credits == ()


def test_quoted_reply_loses_quote_marks_and_attribution(tmp_path: Path) -> None:
    quoted = "\n".join("> " + line if line else ">" for line in "\n\n".join(
        textwrap.fill(p, 70) for p in PARAGRAPHS).split("\n"))
    for attribution in (
        "Vào Th 7, 14 thg 6, 2025 lúc 09:00 Ban Thời sự <ts@example.vn> đã viết:",
        "On Sat, Jun 14, 2025 at 9:00 AM Ban Thời sự <ts@example.vn> wrote:",
    ):
        report = plain_mail(tmp_path, f"{attribution}\n{quoted}\n", "Re: " + TITLE)
        assert report.body.split("\n") == PARAGRAPHS


def test_reply_signature_above_the_quotation_keeps_the_quoted_article(tmp_path: Path) -> None:
    quoted = "\n".join("> " + p for p in PARAGRAPHS)
    body = f"Em đã nhận.\n-- \nMinh Anh\n\nOn Sat, 14 Jun 2025 09:00, Ban Thời sự <ts@example.vn> wrote:\n{quoted}\n"
    # the reply above, signature and all, is a short note: it goes, the quoted article stays
    assert plain_mail(tmp_path, body, "Re: " + TITLE).body.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "closing",
    [
        "Trân trọng,\nNguyễn Văn An\nPhóng viên Ban Thời sự - Báo Đà Nẵng\nĐT: 0912 345 678\n\nSent from my iPhone",
        "Thân,\nAn\n\nGửi từ iPhone của tôi",
        "Best regards,\nAn Nguyen\nReporter, Da Nang Newspaper\nSố 8 Phạm Hùng, phường Mễ Trì, quận Nam Từ Liêm, Hà Nội",
        "Regards\nAn",
        "Thanks!",
        "Sent from my iPhone",
    ],
)
def test_signature_without_a_dashes_line(tmp_path: Path, closing: str) -> None:
    report = plain_mail(tmp_path, ARTICLE + "\n\n" + closing + "\n", subject=TITLE)
    assert report.body.split("\n") == PARAGRAPHS
    assert report.credits == ()


def test_forwarders_note_above_the_forwarded_message_goes(tmp_path: Path) -> None:
    body = (
        "Anh Minh ơi, em gửi anh bài này để tổng hợp nhé.\n\nTrân trọng,\nAn\n\n"
        f"---------- Forwarded message ---------\nFrom: Ban Thời sự <ts@example.vn>\nDate: Sat, 14 Jun 2025\n"
        f"Subject: {TITLE}\nTo: pv@example.vn\n\n{ARTICLE}\n"
    )
    assert plain_mail(tmp_path, body).body.split("\n") == PARAGRAPHS


def test_a_long_text_above_a_forwarded_message_is_kept(tmp_path: Path) -> None:
    # Someone replied with the article on top of an earlier message: the article stays.
    body = f"{ARTICLE}\n\n-----Original Message-----\nFrom: Thư ký toà soạn\nSent: Friday\nSubject: Bài cầu\n\nEm gửi bài nhé.\n"
    assert plain_mail(tmp_path, body, "Re: " + TITLE).body.split("\n") == PARAGRAPHS + ["Em gửi bài nhé."]


REPLY_NOTE = "Anh xem bài này nhé, gửi lại sau."
VI_ATTRIBUTION = "Vào Th 7, 14 thg 6, 2025 lúc 09:00 Ban Thời sự <ts@example.vn> đã viết:"
QUOTED_ARTICLE = "\n".join("> " + line if line else ">" for line in ARTICLE.split("\n"))


@pytest.mark.parametrize(
    "reply",
    [
        REPLY_NOTE,
        f"{REPLY_NOTE}\n\nTrân trọng,\nAn\n\nGửi từ iPhone của tôi",  # a note and its signature
        f"Anh Minh ơi,\n\n{REPLY_NOTE}\n-- \nMinh Anh\nĐT: 0905 000 000",
    ],
    ids=["note", "sign-off", "dashes-signature"],
)
def test_a_short_reply_above_a_quoted_article_goes(tmp_path: Path, reply: str) -> None:
    # Top-posting: the quoted block is the article, the reply above it a note, as a forwarder's is.
    body = f"{reply}\n\n{VI_ATTRIBUTION}\n{QUOTED_ARTICLE}\n"
    assert plain_mail(tmp_path, body, "Re: " + TITLE).body.split("\n") == PARAGRAPHS
    lines = f"{reply}\n\n{VI_ATTRIBUTION}\n{QUOTED_ARTICLE}".split("\n")
    assert [line for line in without_mail_furniture(lines) if line] == PARAGRAPHS


def test_a_short_reply_inside_a_forwarded_message_goes_too(tmp_path: Path) -> None:
    body = (
        "Chuyển anh xem.\n\n---------- Forwarded message ---------\nFrom: Ban Thời sự <ts@example.vn>\n"
        f"Date: Sat, 14 Jun 2025\nSubject: Re: {TITLE}\nTo: pv@example.vn\n\n{REPLY_NOTE}\n\n"
        f"On Sat, Jun 14, 2025 at 9:00 AM Phóng viên <pv@example.vn> wrote:\n{QUOTED_ARTICLE}\n"
    )
    assert plain_mail(tmp_path, body).body.split("\n") == PARAGRAPHS


def test_a_long_text_above_a_quoted_block_is_kept(tmp_path: Path) -> None:
    # The article written above an earlier message quoted below: the article stays, the quote too.
    body = f"{ARTICLE}\n\n{VI_ATTRIBUTION}\n> Em gửi bài nhé.\n> Cảm ơn anh.\n"
    assert plain_mail(tmp_path, body, "Re: " + TITLE).body.split("\n") == PARAGRAPHS + ["Em gửi bài nhé.", "Cảm ơn anh."]


def test_a_short_report_sent_as_the_reply_to_a_short_request_is_kept(tmp_path: Path) -> None:
    # The quotation is the editor's two-line request, no article: the reply above is the report.
    report = "Sáng 3/6, cháy kho hàng ở Thuận An, ba công nhân bị bỏng, đã được đưa đi cấp cứu."
    body = f"{report}\n\n{VI_ATTRIBUTION}\n> Em gửi tin cháy ở Thuận An nhé.\n> Cảm ơn em.\n"
    assert plain_mail(tmp_path, body, "Re: Cháy kho").body.split("\n") == [
        report, "Em gửi tin cháy ở Thuận An nhé.", "Cảm ơn em."]


def test_bottom_posted_and_inline_replies_keep_their_text() -> None:
    below = "Em đã sửa lại đoạn cuối theo ý anh."
    bottom = [VI_ATTRIBUTION, *QUOTED_ARTICLE.split("\n"), "", below]
    assert [line for line in without_mail_furniture(bottom) if line] == [*PARAGRAPHS, below]
    # a note above, then replies between the quoted paragraphs: nothing of the text goes
    inline = [REPLY_NOTE, "", VI_ATTRIBUTION, "> " + PARAGRAPHS[0], ">", "", below, "", "> " + PARAGRAPHS[1], ">"]
    assert [line for line in without_mail_furniture(inline) if line] == [REPLY_NOTE, PARAGRAPHS[0], below, PARAGRAPHS[1]]


def test_html_reply_above_a_blockquoted_article_goes(tmp_path: Path) -> None:
    # Gmail's HTML reply: the note, the attribution div, then the article in a <blockquote>.
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    quotation = (
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Vào Th 7, 14 thg 6, 2025 lúc 09:00 Ban Thời sự '
        '&lt;<a href="mailto:ts@example.vn">ts@example.vn</a>&gt; đã viết:<br></div>'
        f'<blockquote class="gmail_quote" style="margin:0 0 0 .8ex">{article}</blockquote></div>'
    )
    markup = f'<div dir="ltr">{REPLY_NOTE}</div><br>{quotation}'
    # the note's text is blanked with the attribution's (the page reader after it may drop a
    # short block of its own accord: the blanking is what a note in a <p> beside the article needs)
    blanked = html_without_mail_furniture(markup.encode("utf-8"), "utf-8").decode("utf-8")
    assert REPLY_NOTE not in blanked and "đã viết" not in blanked and all(p in blanked for p in PARAGRAPHS)
    assert html_mail(tmp_path, markup, "Re: " + TITLE).body.split("\n") == PARAGRAPHS
    long_text = f'<div dir="ltr">{article}</div><br>' + quotation.replace(article, "<p>Em gửi bài nhé.</p>")
    kept = html_without_mail_furniture(long_text.encode("utf-8"), "utf-8").decode("utf-8")
    assert all(p in kept for p in PARAGRAPHS) and "Em gửi bài nhé." in kept  # a long text above stays
    assert html_mail(tmp_path, long_text, "Re: " + TITLE).body.split("\n")[:2] == PARAGRAPHS


def test_article_sentences_like_mail_furniture_are_kept() -> None:
    lines = [
        PARAGRAPHS[0],
        "Ông Thành nói người dân trân trọng công trình. Trân trọng, ông nói, là giữ gìn nó.",
        "Lịch thông xe như sau:",
        "Từ: 6h sáng đến 22h hằng ngày, xe máy đi làn bên phải.",
        "> 50% số hộ dân hai bờ đã đi thử cầu trong tuần đầu.",
        "Vào năm 1946, Chủ tịch Hồ Chí Minh đã viết:",
        "> Không có gì quý hơn độc lập, tự do.",
        "> Đó là chân lý của mọi dân tộc.",
        PARAGRAPHS[1],
        "Trân trọng giới thiệu cùng bạn đọc.",
    ]
    kept = without_mail_furniture(lines)
    assert kept[:5] == lines[:5]
    assert kept[5:] == [lines[5], "Không có gì quý hơn độc lập, tự do.", "Đó là chân lý của mọi dân tộc.", *lines[8:]]


def test_a_sign_off_before_long_lines_is_text() -> None:
    lines = [PARAGRAPHS[0], "Thanks", PARAGRAPHS[1]]
    assert without_mail_furniture(lines) == lines


def test_stray_html_tags_in_a_plain_body_go_as_in_a_text_file(tmp_path: Path) -> None:
    body = "Sáng 3/6, <strong>cầu Hòa Xuân</strong> thông xe.<br>Hai bên ký kết <i và b> hợp đồng.\n"
    assert plain_mail(tmp_path, body, TITLE).body.split("\n") == [
        "Sáng 3/6, cầu Hòa Xuân thông xe.", "Hai bên ký kết <i và b> hợp đồng."]


def test_a_note_above_a_short_quoted_brief_goes_and_a_br_keeps_a_quoted_line_quoted(tmp_path: Path) -> None:
    brief = "Sáng 3/6, cầu Hòa Xuân thông xe.<br>Cầu dài 320 m, vốn 185 tỷ đồng."
    body = f"Gửi anh tin này.\n\n{VI_ATTRIBUTION}\n> {brief}\n"
    assert plain_mail(tmp_path, body, "Re: Cầu Hòa Xuân").body.split("\n") == [
        "Sáng 3/6, cầu Hòa Xuân thông xe.", "Cầu dài 320 m, vốn 185 tỷ đồng."]


def test_parts_nested_thousands_deep_skip_the_message(tmp_path: Path) -> None:
    from summarizer.documents import load_folder

    boundary = "b"
    nested = "".join(f"Content-Type: multipart/mixed; boundary=\"{boundary}{k}\"\n\n--{boundary}{k}\n"
                     for k in range(3000))
    (tmp_path / "a.eml").write_text(f"Subject: Tin\nMIME-Version: 1.0\n{nested}\nText\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Cầu Hòa Xuân thông xe\nSáng 3/6, cầu Hòa Xuân thông xe.\n", encoding="utf-8")
    loaded = load_folder(tmp_path)
    assert [r.file for r in loaded.reports] == ["b.txt"]
    assert [(s.file, s.reason) for s in loaded.skipped] == [("a.eml", "parts nested too deeply to read")]



# ---------------------------------------------------------------------------------------------
# HTML mail with a <div> for each paragraph (Gmail, Apple Mail) or Outlook's Word paragraphs
# ---------------------------------------------------------------------------------------------

FLOOD = [
    "Chiều 12/9, mưa lớn kéo dài nhiều giờ khiến nước sông Bồ dâng cao, gây ngập sâu nhiều tuyến đường ở "
    "thị xã Hương Trà, tỉnh Thừa Thiên Huế. Hàng trăm hộ dân phải di dời tài sản lên gác cao, trong khi lực "
    "lượng cứu hộ túc trực suốt đêm tại các điểm xung yếu để kịp thời hỗ trợ người dân.",
    "Ông Lê Văn Hòa, Chủ tịch UBND thị xã, cho biết đã có 1.200 hộ bị ngập và 3 điểm trường phải cho học sinh nghỉ.",
    "Theo Đài Khí tượng thủy văn tỉnh, mưa sẽ giảm dần từ ngày mai, nhưng nguy cơ sạt lở đất ở vùng núi vẫn cao.",
]


def _gmail(paragraphs: list[str]) -> str:
    # Enter starts a new <div>; an empty line is <div><br></div>; the sign-off is the mail's own.
    divs = '<div><br></div>'.join(f"<div>{p}</div>" for p in paragraphs)
    return f'<div dir="ltr">{divs}<div><br></div><div>Trân trọng,</div><div>Minh Anh</div></div>'


def _apple(paragraphs: list[str]) -> str:
    divs = "".join(f'<div class=""><br class=""></div><div class="">{p}</div>' for p in paragraphs[1:])
    return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            f'<body style="word-wrap: break-word;" class=""><div class="">{paragraphs[0]}</div>{divs}'
            '<div class=""><br class=""><div class="">Gửi từ iPhone của tôi</div></div></body></html>')


def _outlook(paragraphs: list[str]) -> str:
    word = "".join(f"<p class=MsoNormal><span lang=VI>{p}<o:p></o:p></span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
                   for p in paragraphs)
    return f"<html><body lang=EN-US><div class=WordSection1>{word}</div></body></html>"


@pytest.mark.parametrize("markup", [_gmail, _apple, _outlook], ids=["gmail", "apple", "outlook"])
def test_html_mail_with_a_block_for_each_paragraph_keeps_every_paragraph(tmp_path: Path, markup) -> None:
    # The first paragraph holds more than half the text: read as the story's region of a web
    # page, its <div> alone was the report and the other paragraphs were lost.
    report = html_mail(tmp_path, markup(FLOOD), subject="Fwd: Mưa lớn gây ngập ở Hương Trà")
    assert report.title == "Mưa lớn gây ngập ở Hương Trà"
    assert report.body.split("\n") == FLOOD


def test_gmail_paragraphs_keep_a_line_break_inside_one_as_a_soft_break(tmp_path: Path) -> None:
    # A <br> inside a paragraph's <div> (Shift+Enter) leaves it one paragraph, whose other lines
    # are not lost: mid-sentence the sentence runs on, after a sentence's end the line break
    # stays; <div><br></div> is a blank line between paragraphs.
    first, rest = FLOOD[1].split(" cho biết ", 1)
    opening, sequel = FLOOD[0].split(" Hàng trăm ", 1)
    paragraphs = [f"{opening}<br>Hàng trăm {sequel}", f"{first} cho biết<br>{rest}", FLOOD[2]]
    report = html_mail(tmp_path, _gmail(paragraphs), subject=TITLE)
    assert report.body.split("\n") == [opening, "Hàng trăm " + sequel, FLOOD[1], FLOOD[2]]
