"""A summary of several papers' reports tells no one paper's interview ("Trao đổi với PV Dân trí, ...")."""

from __future__ import annotations

import pytest

from summarizer.outlets import without_interview
from summarizer.pipeline import summarize


@pytest.mark.parametrize("text, expected", [
    ("Sáng 20/5, trao đổi với PV Dân trí, công an huyện cho biết đã bắt nghi phạm.",
     "Sáng 20/5, công an huyện cho biết đã bắt nghi phạm."),
    ("Ngày 20-5, trao đổi với phóng viên Báo Người Lao Động, thượng tá Chung cho biết.",
     "Ngày 20-5, thượng tá Chung cho biết."),
    ("Trao đổi với Zing.vn, lãnh đạo xã cho biết cầu đã sập.", "Lãnh đạo xã cho biết cầu đã sập."),
    ("Trao đổi với VTC News, một lãnh đạo trường xác nhận.", "Một lãnh đạo trường xác nhận."),
    ("Trả lời phỏng vấn với chúng tôi, ông Tuấn cho biết.", "Ông Tuấn cho biết."),
    ("Trao đổi trên Zing.vn, ông Pháp cho biết cảng vụ đang lập biên bản.", "Ông Pháp cho biết cảng vụ đang lập biên bản."),
    ("Chia sẻ trên trang liverpoolfc.com, thủ thành này tỏ ra hạnh phúc.", None),  # a club's site: no paper
    ("Trao đổi với PV Dân Trí, ông An cho biết.", "Ông An cho biết."),  # the paper's name in other capitals
    ("Trao đổi với báo điện tử VnExpress, ông An cho biết.", "Ông An cho biết."),
    ("Bên lề hội nghị, trao đổi với Zing.vn, ông Bình nói.", "Bên lề hội nghị, ông Bình nói."),
    ("Theo quan sát của PV VTC News, trụ điện cách nhà hàng khá xa.", "Trụ điện cách nhà hàng khá xa."),
    ("Theo ghi nhận của phóng viên, nhiều xe máy bị hư hỏng.", "Nhiều xe máy bị hư hỏng."),
    ("Theo ghi nhận của Pháp Luật TP.HCM, máy bay chở hàng hóa.", None),  # the paper named: a source
    # a subject before the clause keeps it: "HLV Park, cho biết" would be left
    ("HLV Park, trả lời phỏng vấn với báo Thanh Niên, cho biết ông sẽ ở lại.", None),
    # kept: the press in general, a foreign agency, a subject before the verb, a quotation
    ("Chia sẻ với báo chí, nam diễn viên cho biết.", None),
    ("Trao đổi với Reuters, ông Lee nói.", None),
    ("Trên chuyến bay, HLV Thắng chia sẻ với phóng viên, đội đã sẵn sàng.", None),
    ("Ông nói: “Trao đổi với PV Dân trí, tôi đã nói rõ.”", None),
])  # fmt: skip
def test_the_clause_naming_the_paper_a_source_spoke_to_goes(text, expected):
    assert without_interview(text) == (text if expected is None else expected)


def test_the_summary_drops_it(write_reports):
    folder = write_reports({
        "a.txt": "Cháy chợ Bình Tây\nSáng 5/6, trao đổi với PV Dân trí, đại tá Lê Văn Tâm cho biết đám cháy đã được dập tắt "
                 "sau hai giờ.\nVụ cháy thiêu rụi 20 sạp hàng vải ở tầng hai của chợ.\n",
        "b.txt": "Chợ Bình Tây bốc cháy\nĐám cháy bùng lên ở tầng hai chợ Bình Tây lúc 4h sáng 5/6.\n"
                 "Cảnh sát đã huy động 10 xe chữa cháy đến hiện trường.\n",
    })
    shown = [s.text for s in summarize(folder).sentences]
    assert "Sáng 5/6, đại tá Lê Văn Tâm cho biết đám cháy đã được dập tắt sau hai giờ." in shown
    assert not any("Dân trí" in text for text in shown)
