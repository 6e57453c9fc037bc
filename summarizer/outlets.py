"""News outlets and agencies by name: one table, read by the places that recognise them.

* :mod:`summarizer.headline` strips an outlet's name that a browser's saved title or a copied
  page puts after a headline ("… - VnExpress", "… | Báo Tuổi Trẻ"): ``headline.OUTLETS``, the
  spellings marked ``TITLE``.
* :mod:`summarizer.documents` strips the code an outlet or agency opens its body with ("TTO - ",
  "VOV.VN - "), and reads "Theo Reuters," as the source of a lead rather than a name going on:
  ``report_lines.AGENCY_CODES``, the spellings marked ``DATELINE``.

* :func:`without_interview` drops from a summary sentence the clause that says which paper a
  source spoke to ("Trao đổi với PV Dân trí, ...": the spellings marked ``TITLE``).

The two uses do not take the same spellings, so each row says which use it serves:

* only in a title: the full names of the papers ("Công an nhân dân", "Sài Gòn Giải Phóng",
  "Giáo dục & Thời đại"), which open no body before a dash (the paper's code does: "CAND - ",
  "SGGP - "), and names that are ordinary words too ("Tin tức", "Một Thế Giới"), which a body's
  first words before a dash would then match;
* only in a dateline: codes the titles do not carry ("VNA", "VOV.VN", "Kinhtedothi"), the
  foreign agencies whose copy the reports quote ("AFP", "Reuters": no Vietnamese page is theirs),
  and another capitalisation of a title's spelling ("Vietnamnet" for "VietNamNet"): a dateline
  code is matched letter for letter, a title's tail by match key;
* in both: the codes and short names the outlets go by ("VnExpress", "TTO", "Dân trí").

Where two spellings of one outlet share a match key (``normalize.match_key``: "Pháp luật
TP.HCM", "Pháp luật TP. Hồ Chí Minh"), the first listed is the one a title must be capitalised
like (``headline.is_outlet_name``), so the order of the rows is kept.
"""

from __future__ import annotations

import re
from enum import Flag, auto
from functools import lru_cache

from . import quotes


class Use(Flag):
    """Where a spelling of an outlet's name is recognised."""

    TITLE = auto()  # after a dash or bar ending a title: ``headline.OUTLETS``
    DATELINE = auto()  # before a dash opening a body, or after "Theo": ``report_lines.AGENCY_CODES``


TITLE, DATELINE = Use.TITLE, Use.DATELINE
BOTH = TITLE | DATELINE

# (spelling, where it is recognised). Read the module docstring before changing a row's use.
OUTLET_TABLE: tuple[tuple[str, Use], ...] = (
    ("VnExpress", BOTH), ("Dân trí", BOTH), ("Dân Việt", BOTH), ("Tuổi Trẻ", BOTH), ("TTO", BOTH),
    ("Thanh Niên", BOTH), ("TNO", BOTH), ("Người Lao Động", BOTH), ("NLĐO", BOTH), ("Lao Động", BOTH),
    ("Tiền Phong", BOTH), ("Nhân Dân", BOTH), ("NDĐT", BOTH), ("Công an nhân dân", TITLE), ("CAND", BOTH),
    ("An ninh Thủ đô", TITLE), ("ANTĐ", BOTH), ("Sài Gòn Giải Phóng", TITLE), ("SGGP", BOTH), ("SGGPO", BOTH),
    ("Pháp luật TP.HCM", TITLE), ("Pháp luật TP. Hồ Chí Minh", TITLE), ("PLO", BOTH),
    ("Pháp luật Việt Nam", TITLE), ("Hà Nội Mới", TITLE), ("HNMO", BOTH), ("Quân đội nhân dân", TITLE),
    ("QĐND", BOTH), ("Đại Đoàn Kết", TITLE), ("Giáo dục Việt Nam", TITLE), ("GDVN", BOTH),
    ("Giáo dục & Thời đại", TITLE), ("Kinh tế & Đô thị", TITLE), ("KTĐT", BOTH), ("Kinhtedothi", DATELINE),
    ("Đời sống & Pháp luật", TITLE), ("Thể thao & Văn hóa", TITLE), ("Người Đưa Tin", TITLE),
    ("Nông nghiệp Việt Nam", TITLE), ("Doanh nghiệp & Tiếp thị", TITLE), ("VietNamNet", BOTH),
    ("Vietnamnet", DATELINE), ("Vietnam+", BOTH), ("VietnamPlus", BOTH), ("Vietnamplus", DATELINE),
    ("TTXVN", BOTH), ("VNA", DATELINE), ("Tin tức", TITLE), ("VTV", BOTH), ("VTV24", TITLE), ("VTV News", TITLE),
    ("VOV", BOTH), ("VOV.VN", DATELINE), ("VTC", TITLE), ("VTC News", BOTH), ("Zing", BOTH), ("Zing News", TITLE),
    ("ZNews", TITLE), ("Kenh14", BOTH), ("Kênh 14", TITLE), ("24h", TITLE), ("Soha", BOTH), ("Kiến Thức", BOTH),
    ("Infonet", BOTH), ("VnMedia", BOTH), ("Petrotimes", BOTH), ("CafeF", BOTH), ("CafeBiz", BOTH),
    ("VnEconomy", BOTH), ("Báo Mới", TITLE), ("Baomoi", BOTH), ("Afamily", TITLE), ("Ngôi Sao", TITLE),
    ("Saostar", TITLE), ("Thethao247", TITLE), ("Webthethao", TITLE), ("Bongda+", TITLE), ("Bóng đá+", TITLE),
    ("VGP News", TITLE), ("Chinhphu", TITLE), ("Một Thế Giới", TITLE), ("BBC Tiếng Việt", TITLE),
    ("BBC News Tiếng Việt", TITLE), ("VOA Tiếng Việt", TITLE), ("RFA Tiếng Việt", TITLE),
    ("VietTimes", DATELINE), ("AFP", DATELINE), ("Reuters", DATELINE), ("QĐND Online", BOTH), ("TheLEADER", BOTH), ("TPO", DATELINE), ("SKĐS", DATELINE),
    ("VietnamFinance", BOTH),
)  # fmt: skip


def outlet_names(use: Use) -> tuple[str, ...]:
    """The spellings of ``OUTLET_TABLE`` recognised for ``use``, in the table's order."""
    return tuple(name for name, uses in OUTLET_TABLE if use in uses)


# Verbs of speaking to someone, and whom: a reporter ("PV", "phóng viên", of a paper), a paper
# named in ``OUTLET_TABLE`` for titles (Vietnamese papers: the foreign agencies are dateline
# spellings only), or "chúng tôi" (us: one paper's own voice).
_SPOKE_TO = ("trao đổi", "chia sẻ", "trả lời phỏng vấn", "trả lời", "nói chuyện", "thông tin", "nói")
_REPORTER = r"(?:PV|phóng viên|Phóng viên)"
_OBSERVED = ("quan sát", "ghi nhận", "tìm hiểu", "khảo sát")
_PAPER_SUFFIX = r"(?:\.vn|\.com\.vn|\.net| Online| điện tử)?"


# A time or place opener the clause may follow ("Sáng 20/5, ", "Bên lề hội nghị, "): one
# clause this long at most, with no capitalised word past its first (a subject: "HLV Park,
# trả lời phỏng vấn với báo Thanh Niên, cho biết ..." keeps its clause, or a comma would be
# left between subject and verb).
OPENER_MAX_CHARS = 40


@lru_cache(maxsize=1)
def _interview() -> re.Pattern[str]:
    papers = "|".join(re.escape(n) for n in sorted(outlet_names(TITLE), key=len, reverse=True))
    paper = rf"(?i:(?:(?:báo|tờ|trang|kênh)(?: điện tử)? )?(?:{papers}){_PAPER_SUFFIX})"
    whom = rf"(?:với (?:{_REPORTER}(?: (?:của )?{paper})?|{paper}|chúng tôi)|trên {paper})"  # "trên Zing.vn": in it
    # a paper's own reporter's observation: "Theo quan sát của PV VTC News, ..."
    observed = rf"Theo (?i:{'|'.join(_OBSERVED)})(?: ban đầu)? của (?:{_REPORTER}(?: (?:của )?{paper})?|chúng tôi)"
    return re.compile(rf"(?:(?i:{'|'.join(_SPOKE_TO)}) {whom}|{observed}), (?=\w)")


def without_interview(text: str) -> str:
    """``text`` without a clause that only says which paper its source spoke to, at its start
    or after a time or place opener (``OPENER_MAX_CHARS``): "Trao đổi với PV Dân trí, ông Tâm
    cho biết ..." as "Ông Tâm cho biết ...", "Sáng 20/5, trao đổi với Zing.vn, ..." as "Sáng
    20/5, ...", "Trao đổi trên Zing.vn, ...", "Theo quan sát của PV VTC News, ...": a summary of
    several papers' reports is no one paper's interview or observation. Not after a quotation mark opens (a quotation is never edited), and not
    when a subject comes first ("HLV Thắng chia sẻ với phóng viên, ..."). "Chia sẻ với báo chí"
    (the press) names no paper and stays."""
    match = _interview().match(text)
    if match is None:
        comma = text.find(", ")
        opener = text[:comma]
        words = opener.split()
        if (not 0 < comma <= OPENER_MAX_CHARS or not words or any(w[:1].isupper() for w in words[1:])
                or any(mark in opener for mark in ";:!?") or quotes.holds_marks(opener)):
            return text
        match = _interview().match(text, comma + 2)
        if match is None:
            return text
    rest = text[match.end() :]
    if match.start() == 0:
        return rest[:1].upper() + rest[1:]
    return text[: match.start()] + rest

