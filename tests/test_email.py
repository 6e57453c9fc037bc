"""Reports saved from e-mail (.eml): subject as title, decoded body without mail furniture."""

from __future__ import annotations

import base64
import textwrap
from email.message import EmailMessage
from pathlib import Path

from test_documents import to_cp1258

from summarizer.documents import load_folder
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
    assert reasons == {"attachment.eml": "no text in the e-mail", "plain.eml": "not an e-mail message (no headers)"}
