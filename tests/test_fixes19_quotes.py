"""A stray opening quotation mark no longer makes the sentences after it someone's words, while a
real quotation whose closing mark is lost still does (``quotes.inside_quotation``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.quotes import MAX_QUOTED_SENTENCES, balance, imbalance, inside_quotation

FACTS = [
    "Bộ Công Thương cho biết giá dầu thế giới tăng 3% trong tuần qua.",
    "Giá mới áp dụng từ 15h chiều 3/6.",
    "Petrolimex đã điều chỉnh giá bán lẻ tại 5.000 cửa hàng.",
]


def test_a_stray_mark_in_the_middle_of_a_clause_opens_no_quotation_but_a_lost_closing_mark_still_does():
    for stray in ('Nhiều người gọi đây là giá "sốc trong ngày.', "Người dân mua “xăng sớm để tránh giá mới."):
        report = ["Sáng 3/6, giá xăng tăng 500 đồng mỗi lít.", stray, *FACTS]
        assert inside_quotation(report) == [False] * len(report)
    # ViMs Cluster_136: a first-person account opened at the start of a sentence, never closed.
    report = ["Thủ môn Loris Karius chia sẻ về bản hợp đồng mới.",
              "“Đó là cảm giác rất tốt và là một vinh dự khi được khoác áo Liverpool.",
              "CLB có lịch sử đặc biệt và những CĐV tuyệt vời.",
              "Vì vậy, tôi muốn được chơi ở Anfield."]
    assert inside_quotation(report) == [False, False, True, True]
    # Opened after a verb of saying, after a comma before a sentence, or before the first person:
    # someone's words too.
    for head in ("Nguyên Phó Thủ tướng Vũ Khoan cho biết “Cá nhân tôi có một kỷ niệm với Thụy Điển.",
                 'Anh muốn cống hiến cho nghệ thuật nhiều hơn, "Hai vợ chồng chưa có kế hoạch sinh con.',
                 "Sau trận đấu, ông Takayuki hối hận “vì chúng tôi đã làm một điều không thể tha thứ."):
        assert inside_quotation([head, *FACTS]) == [False, True, True, True]


def test_a_quoted_phrase_whose_closing_mark_is_lost_ends_with_its_sentence_unless_a_later_mark_closes_it():
    # ViMs Cluster_263: "Ông Dion tuyên bố hai bên đã “thảo luận về ..." and the next sentence reports.
    report = ["Ông Dion tuyên bố hai bên đã “thảo luận về nhiều vấn đề trong khu vực.",
              "Trung Quốc muốn thương lượng một hiệp định tự do thương mại với Canada.", *FACTS]
    assert inside_quotation(report) == [False] * len(report)
    report = ["Ông mô tả cảnh xúc động nhất là “cảnh xếp hàng lương thực khi đói.",
              "Người dân đứng chờ hàng giờ dưới mưa.",
              "Ai cũng kiệt sức”, ông kể.", FACTS[0]]
    assert inside_quotation(report) == [False, True, False, False]


def test_a_stray_mark_inside_someones_words_leaves_their_closing_mark_to_them():
    report = ["Bà Lan nói: “Chúng tôi đã chờ từ sáng.",
              "Ai cũng gọi đây là giá “sốc nhất năm.",
              "Không ai chịu nổi”.", *FACTS]
    assert inside_quotation(report) == [False, False, False, False, False, False]


def test_a_straight_closing_mark_before_a_dash_closes_the_quotation():
    # ViMs Cluster_054: '... bạn ấy"- Khương xúc động kể.' was read as no mark at all.
    opens = '"Trong suốt thời gian bạn bị bệnh, em thường lui tới thăm bạn ấy.'
    closes = 'Nhưng cuối cùng, phép màu đã không đến với bạn ấy"- Khương xúc động kể.'
    assert imbalance(f"{opens} {closes}").balanced
    assert balance([opens, closes]) == [opens, closes]
    report = [opens, "Bạn ấy chờ người hiến thận.", closes, *FACTS]
    assert inside_quotation(report) == [False, True, False, False, False, False]


def test_a_later_attribution_ends_the_quotation_but_a_quoted_word_inside_it_does_not():
    # ViMs Cluster_031: the first quotation's closing mark is lost; the second's is not.
    report = ["Ông Vỵ cho hay: “Có việc HTX để doanh nghiệp tư nhân kinh doanh nước sạch.",
              "Ông thông tin thêm: “Chúng tôi sẽ làm việc với hợp tác xã.",
              "Có thể do đồng hồ nước”.",
              "Trước đó, gia đình ông Ứng nhận hóa đơn tiền nước 19 triệu đồng."]
    assert inside_quotation(report) == [False, False, False, False]
    # ViMs Cluster_122: "(album “25”)" is a title inside Adele's words, which go on.
    report = ["Adele chia sẻ: “Thật không thể tin nổi là tôi lại chiến thắng.",
              "Bản thu (album “25”) đối với tôi quả là một thử thách.",
              "Tôi đã phải vượt qua những trận chiến cảm xúc.",
              "Các bạn hãy cùng nâng ly chúc mừng tôi nhé”."]
    # the title's marks pair up among themselves: that sentence is a middle of her words too
    assert inside_quotation(report) == [False, True, True, False]


def test_a_doubled_opening_mark_opens_one_quotation():
    # ViMs Cluster_065: 'Ông nói trong nước mắt: ““Tôi sẽ nhớ ...' closed once.
    report = ["Ông nói trong nước mắt: ““Tôi sẽ nhớ tất cả mọi người.",
              "Tôi đã có 3 năm quá tuyệt vời tại đây”.",
              "Các cầu thủ Bayern công kênh Pep sau trận đấu.", FACTS[0]]
    assert inside_quotation(report) == [False, False, False, False]


_WORDS = ["giá", "xăng", "tăng", "mạnh", "trong", "ngày", "người", "dân", "mua", "sớm", "ở", "chợ", "lúa", "gạo"]
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=4, max_size=10).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_SENTENCE, min_size=2, max_size=2 * MAX_QUOTED_SENTENCES), st.data())
def test_one_stray_mark_before_an_ordinary_word_marks_no_sentence_inside(report, data):
    k = data.draw(st.integers(0, len(report) - 1))
    words = report[k].split()
    at = data.draw(st.integers(1, len(words) - 1))
    mark = data.draw(st.sampled_from(['"', "“"]))
    report[k] = " ".join(words[:at] + [mark + words[at]] + words[at + 1 :])
    assert not any(inside_quotation(report))


def test_the_extractive_engine_does_not_weigh_down_the_facts_after_a_stray_mark(write_reports):
    from summarizer.engines.extractive import quoted_groups
    from summarizer.pipeline import prepare

    cluster = prepare(write_reports({
        "a.txt": "Giá xăng tăng mạnh\nSáng 3/6, giá xăng tăng 500 đồng mỗi lít.\n"
                 'Nhiều người gọi đây là giá "sốc trong ngày.\n' + "\n".join(FACTS) + "\n",
        "b.txt": "Xăng tăng giá\nGiá xăng tăng 500 đồng mỗi lít từ chiều 3/6.\n"
                 "Bà Lan kể: “Tôi đổ xăng từ sáng.\nCả phố xếp hàng chờ đến trưa.\n",
    }))
    flags = dict(zip(cluster.merged_texts, quoted_groups(cluster)))
    assert all(flags[fact] == 0.0 for fact in FACTS)
    assert flags["Cả phố xếp hàng chờ đến trưa."] == 1.0  # Bà Lan's words, their closing mark lost


def test_openers_put_before_a_run_take_the_closing_mark_a_spaced_mark_would_have_paired_with():
    # Found by the balance property of test_quotes.py: the “ put before the run is open when
    # ':"' comes, so that mark closes it, and the final ” needs one more.
    for run in ([': " :" :”'], ['Ông nói " xong" rồi”.']):
        out = balance(run)
        assert imbalance(" ".join(out)).balanced
        assert out[0].endswith(run[0])
