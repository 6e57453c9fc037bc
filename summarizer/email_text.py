"""Plain text of a report received by e-mail and saved as a message file (``.eml``), for the loader.

The message is parsed with the standard library (``email``, default policy): its plain-text body
when it has one, else its HTML body (read like a saved web page by the caller), decoded from
quoted-printable or base64; the loader decodes it in the charset the part declares when that
decodes it strictly, else by its own detection. The subject, without
forwarding and reply prefixes ("Fwd:", "TR:", "Re:", "Chuyển tiếp:"), is the report's title.

Mail furniture is removed from a plain body: a forwarded-message block (the "---------- Forwarded
message ---------" line and the From/Date/Subject/To header lines after it, English or
Vietnamese, or such header lines opening the body) and the signature after a "-- " line.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

EMAIL_SUFFIXES = (".eml",)

_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|tr|re|aw|chuyển tiếp|trả lời)\s*:\s*)+", re.IGNORECASE)
_FORWARD_MARK = re.compile(r"^-{2,}\s*(?:forwarded message|original message|thư chuyển tiếp)\s*-{2,}$", re.IGNORECASE)
_HEADER_LINE = re.compile(
    r"^(?:from|date|sent|subject|to|cc|từ|ngày|gửi|đến|tiêu đề|chủ đề)\s*:", re.IGNORECASE
)
_SIGNATURE = "-- "  # the conventional signature separator line


class EmailError(Exception):
    """A message file that cannot be read as a report; the message is the loader's skip reason."""


@dataclass(frozen=True)
class EmailText:
    subject: str | None  # the subject without Fwd:/Re: prefixes, None when empty
    body: bytes  # the body part's bytes, transfer encoding (quoted-printable, base64) undone
    html: bool  # the body is the HTML part
    charset: str | None  # the charset the part declares


def email_text(data: bytes) -> EmailText:
    """Subject and body of the message ``data``; raises EmailError. The body is left as bytes:
    the standard library's own ``get_content()`` would replace what its declared charset does not
    decode, where the loader decodes strictly and falls back to its own detection."""
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise EmailError("not an e-mail message (no headers)")
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise EmailError("no text in the e-mail")
    payload = body.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise EmailError("no text in the e-mail")
    subject = _PREFIX.sub("", str(message.get("subject", "") or "")).strip() or None
    return EmailText(subject, payload, body.get_content_subtype() == "html", body.get_content_charset())


def without_mail_furniture(lines: list[str]) -> list[str]:
    """A plain body's lines (stripped) without forwarded-message header blocks (after a
    "Forwarded message" line, or header lines opening the body) and the signature."""
    out: list[str] = []
    opening = [line for line in lines[:8] if line.strip()]
    in_header = len(opening) >= 2 and all(_HEADER_LINE.match(line.strip()) for line in opening[:2])
    for line in lines:
        stripped = line.strip()
        if stripped == _SIGNATURE.strip():
            break
        if _FORWARD_MARK.match(stripped):
            in_header = True
            continue
        if in_header:
            if _HEADER_LINE.match(stripped):
                continue
            if not stripped:
                in_header = False
                continue
            in_header = False
        out.append(line)
    return out
