"""Quotation marks a summary leaves dangling are mended; nothing else changes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.engines.extractive import balance_quotes
from summarizer.quotes import balance, imbalance
from summarizer.result import SourceRef, SummarySentence

OPENS = "Bà nói: “Tôi sẽ trở thành ứng viên của đảng."
MIDDLE = "Tôi biết đây là một công việc khó khăn."
CLOSES = "Nhưng tôi đã sẵn sàng”, bà Clinton nói."


def test_a_quotation_opened_or_closed_alone_is_mended():
    assert balance([OPENS]) == [OPENS + "”"]
    assert balance([CLOSES]) == ["“" + CLOSES]
    assert balance([MIDDLE]) == [MIDDLE]
    # A run that holds the whole quotation needs nothing; one that misses its end is closed
    # after its last sentence.
    assert balance([OPENS, MIDDLE, CLOSES]) == [OPENS, MIDDLE, CLOSES]
    assert balance([OPENS, MIDDLE]) == [OPENS, MIDDLE + "”"]
    assert balance([MIDDLE, CLOSES]) == ["“" + MIDDLE, CLOSES]


def test_straight_marks_by_their_context():
    assert balance(['"Con chó tấn công 14 đứa trẻ.']) == ['"Con chó tấn công 14 đứa trẻ."']
    assert balance(['thùng xe bị nhiễm điện" - anh Chung kể.']) == ['"thùng xe bị nhiễm điện" - anh Chung kể.']
    balanced = 'Ông nói "không" và "có thể".'
    assert imbalance(balanced).balanced and balance([balanced]) == [balanced]


def test_a_closing_mark_closes_a_quotation_of_the_other_style():
    mixed = 'Triển lãm “Hoàng Sa, Trường Sa của Việt Nam".'
    assert imbalance(mixed).balanced
    assert balance([mixed]) == [mixed]
    assert imbalance("“Anh nói: \"đi\"").closers == "”"


def test_nested_quotations_close_inner_first():
    need = imbalance('Ông kể: “Họ hô "tiến lên')
    assert need.closers == '"”' and need.openers == ""
    assert imbalance('hết" rồi”, ông kể.').openers == '“"'


def test_empty():
    assert balance([]) == []
    assert imbalance("").balanced


def _sentence(text: str, index: int, file: str = "a.txt") -> SummarySentence:
    return SummarySentence(text=text, sources=(SourceRef(file=file, index=index),))


def test_the_engine_mends_each_run_of_consecutive_report_sentences():
    # OPENS and MIDDLE follow one another in a.txt: one run, closed after MIDDLE; CLOSES comes
    # from the sentence after the next, so it is a run of its own and gets its opening mark.
    summary = [_sentence(OPENS, 3), _sentence(MIDDLE, 4), _sentence(CLOSES, 6), _sentence("Trời mưa.", 0, "b.txt")]
    assert [s.text for s in balance_quotes(summary)] == [OPENS, MIDDLE + "”", "“" + CLOSES, "Trời mưa."]
    whole = [_sentence(OPENS, 3), _sentence(MIDDLE, 4), _sentence(CLOSES, 5)]
    assert balance_quotes(whole) == whole


def _sentence_like(text: str) -> bool:
    """No white space around the text, nor between its outer quotation marks and the rest."""
    inner = text.strip("“”\"")
    return bool(inner) and inner == inner.strip() and text == text.strip()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab .,:“”\"(", min_size=1, max_size=12).filter(_sentence_like), min_size=1, max_size=4))
def test_balance_adds_only_marks_and_leaves_the_run_balanced(texts):
    out = balance(texts)
    assert imbalance(" ".join(out)).balanced
    for k, (before, after) in enumerate(zip(texts, out)):
        start = after.find(before) if k == 0 else 0
        assert start >= 0 and after[start:start + len(before)] == before  # the text itself, unchanged
        added = after[:start] + after[start + len(before):]
        assert all(ch in "“”\"" for ch in added)  # only quotation marks, and only the first text opens
    if len(texts) == 1:
        need = imbalance(texts[0])
        assert out[0] == need.openers + texts[0] + need.closers


def test_a_quotation_a_later_one_shows_ended_is_closed_where_its_sentence_ends():
    # Two attributions in a row, the first quotation running on in the report past the summary:
    # it is closed after its own sentence, not doubled up after the last.
    first = "Ông cho biết: “Tê giác có thể tuyệt chủng vào năm 2026."
    second = "Nam diễn viên nhấn mạnh: “Loài tê giác đang đứng bên bờ vực tuyệt chủng."
    assert balance([first, second]) == [first + "”", second + "”"]
    straight = ['Hồng Nhung cho rằng: "Đứng hát trực tiếp không phải dễ!', 'Đồng thời, "cô Bống" cũng nói: "Thật buồn!"']
    assert balance(straight) == [straight[0] + '"', straight[1]]


def test_a_closing_shape_typed_to_open_opens():
    misused = "”Điều quan trọng là chúng ta mở rộng thảo luận về nữ quyền.”"
    assert imbalance(misused).balanced and balance([misused]) == [misused]
    assert balance(["”Điều quan trọng là thảo luận."]) == ["”Điều quan trọng là thảo luận.”"]


def test_a_quotation_opened_in_another_reports_copy_opens_before_that_sentence():
    # The merged sentence "Thành phố cam kết ..." reads as in a.txt, where the quotation opened
    # a sentence earlier; b.txt, which links it to "Tuyến dài ...", opens the quotation with it.
    # The missing opening mark goes before it, not before "Tuyến dài ...".
    inside = "Thành phố cam kết hoàn thành trước năm 2030."
    summary = [
        _sentence("Tuyến dài 38 km.", 2, "b.txt"),
        SummarySentence(text=inside, sources=(SourceRef(file="a.txt", index=2), SourceRef(file="b.txt", index=3))),
        _sentence('Mọi vướng mắc sẽ được giải quyết", ông nói.', 4, "b.txt"),
    ]
    report_texts = {("a.txt", 2): inside, ("b.txt", 2): "Tuyến dài 38 km.", ("b.txt", 3): '"' + inside,
                    ("b.txt", 4): 'Mọi vướng mắc sẽ được giải quyết", ông nói.'}
    assert [s.text for s in balance_quotes(summary, report_texts)] == [
        "Tuyến dài 38 km.", '"' + inside, 'Mọi vướng mắc sẽ được giải quyết", ông nói.']
    assert balance_quotes(summary)[0].text == '"Tuyến dài 38 km.'


def test_a_quotation_open_before_the_sentence_goes_on_through_it():
    # "Tôi không biết ..." opens a quotation in b.txt, but in the summary the sentence before
    # it has one open: the quotation goes on, and is closed once, after the run.
    summary = [
        _sentence("Ông nói: “Câu hỏi đầy định kiến.", 3),
        SummarySentence(text="Tôi không biết cô lấy thái độ đó từ đâu.",
                        sources=(SourceRef(file="a.txt", index=4), SourceRef(file="b.txt", index=1))),
    ]
    report_texts = {("a.txt", 3): summary[0].text, ("a.txt", 4): summary[1].text,
                    ("b.txt", 1): "“Tôi không biết cô lấy thái độ đó từ đâu."}
    assert [s.text for s in balance_quotes(summary, report_texts)] == [
        "Ông nói: “Câu hỏi đầy định kiến.", "Tôi không biết cô lấy thái độ đó từ đâu.”"]


def test_news_after_a_quotation_another_report_closed_is_nobodys_words():
    # The summary shows a.txt's copy, where the quotation runs on; b.txt, the only report that
    # goes on with the pumps, had closed it inside the same sentence. The pumps are news, so the
    # quotation closes after the quoted sentence, not after the news.
    quoted = "Ông Tuấn nói: “Chúng tôi quyết tâm không để xảy ra ngập úng."
    news = "Trạm bơm Yên Sở sẽ được vận hành với công suất tối đa."
    summary = [
        SummarySentence(text=quoted, sources=(SourceRef(file="a.txt", index=1), SourceRef(file="b.txt", index=1))),
        _sentence(news, 2, "b.txt"),
    ]
    report_texts = {("a.txt", 1): quoted, ("a.txt", 2): "Người dân có thể yên tâm.”",
                    ("b.txt", 1): "“Chúng tôi quyết tâm không để xảy ra ngập úng”, ông Tuấn nói.", ("b.txt", 2): news}
    assert [s.text for s in balance_quotes(summary, report_texts)] == [quoted + "”", news]
    # where the report that goes on had the quotation open too, the news is still its words
    open_too = {**report_texts, ("b.txt", 1): "Ông Tuấn nói: “Chúng tôi quyết tâm không để xảy ra ngập úng."}
    assert [s.text for s in balance_quotes(summary, open_too)] == [quoted, news + "”"]


def test_news_two_sentences_into_a_quotation_another_report_closed_is_nobodys_words():
    # The quotation opened a sentence earlier; z.txt closes it at the end of its copy of the
    # middle sentence, which the summary shows without the mark, and goes on with news.
    opens, middle, news = "Ông Tuấn nói: “Chúng tôi quyết tâm làm.", "Chúng tôi sẽ hoàn thành sớm.", "Dự án khởi công năm 2020."
    texts = {("x.txt", 0): opens, ("x.txt", 1): middle, ("z.txt", 0): opens, ("z.txt", 1): middle + "”", ("z.txt", 2): news}
    summary = [SummarySentence(text=opens, sources=(SourceRef("x.txt", 0), SourceRef("z.txt", 0))),
               SummarySentence(text=middle, sources=(SourceRef("x.txt", 1), SourceRef("z.txt", 1))),
               _sentence(news, 2, "z.txt")]
    assert [s.text for s in balance_quotes(summary, texts)] == [opens, middle + "”", news]  # review: news + "”"


def test_a_mark_between_spaces_opens_the_straight_mark_that_closes_later_in_its_sentence():
    # A typing slip, "để " xin tha".": no opening mark goes before the sentence.
    slip = 'Họ tìm nhiều lý do để " xin tha".'
    assert imbalance(slip).balanced
    assert balance(["Sáng 19/5, CSGT ra quân.", slip]) == ["Sáng 19/5, CSGT ra quân.", slip]
    # Alone, a mark between spaces still counts for nothing (an inch mark, a stray key).
    assert imbalance('Màn hình 6 " rất đẹp.').balanced
    # A straight quotation the sentence opens itself is closed by its own closing mark.
    assert imbalance('Ông nói " rồi "tiến lên" nhé.').balanced


def test_sentences_inside_a_quotation_of_their_report():
    from summarizer.quotes import MAX_QUOTED_SENTENCES, inside_quotation

    report = [
        "Sáng qua, một con chó cắn ba em nhỏ ở công viên.",
        "Ông Nam kể: “Nó lao vào đám đông.",
        "Con chó hoàn toàn nổi điên.",  # inside: someone's words
        "Cha của một bé gái nhảy bổ lên nó.”",  # closes it: has a mark of its own
        "Cảnh sát đã có mặt sau 10 phút.",  # after the quotation: the newspaper's
    ]
    assert inside_quotation(report) == [False, False, True, False, False]
    # A quotation that never closes is taken to have lost its mark after MAX_QUOTED_SENTENCES.
    unclosed = ["Ông nói: “Tôi đi."] + [f"Câu thứ {k}." for k in range(2 * MAX_QUOTED_SENTENCES)]
    flags = inside_quotation(unclosed)
    assert flags[1 : MAX_QUOTED_SENTENCES] == [True] * (MAX_QUOTED_SENTENCES - 1)
    assert not any(flags[MAX_QUOTED_SENTENCES + 1 :])
    assert inside_quotation([]) == []


def test_a_merged_sentence_every_copy_of_which_is_quoted_is_flagged_and_weighed_down(write_reports):
    from summarizer.engines.extractive import quoted_groups
    from summarizer.pipeline import prepare

    folder = write_reports({
        "a.txt": "Chó cắn ba em nhỏ\nSáng qua, một con chó cắn ba em nhỏ ở công viên Thống Nhất.\n"
                 "Ông Nam kể: “Nó lao vào đám đông. Con chó hoàn toàn nổi điên. Tôi sợ lắm.”\n",
        "b.txt": "Ba em nhỏ bị chó cắn\nMột con chó đã cắn ba em nhỏ ở công viên Thống Nhất sáng qua.\n"
                 "Con chó hoàn toàn nổi điên. Cảnh sát đã có mặt sau 10 phút.\n",
        "c.txt": "Chó dữ cắn trẻ em\nBa em nhỏ bị một con chó cắn ở công viên Thống Nhất.\n"
                 "Ông Nam nói: “Nó lao vào đám đông. Con chó hoàn toàn nổi điên.”\n",
    })
    cluster = prepare(folder)
    flags = dict(zip(cluster.merged_texts, quoted_groups(cluster)))
    # b.txt says it in its own voice: not every copy is quoted, so it is not weighed down.
    assert flags["Con chó hoàn toàn nổi điên."] == 0.0
    assert flags["Tôi sợ lắm.”"] == 0.0  # it closes the quotation: a mark of its own
    # Both reports quote it, in the middle of the speaker's words: weighed down.
    quoted = prepare(write_reports({
        "a.txt": "Chó cắn ba em nhỏ\nÔng Nam kể: “Nó lao vào đám đông. Con chó hoàn toàn nổi điên. Tôi sợ lắm.”\n",
        "c.txt": "Chó dữ cắn trẻ em\nÔng Nam nói: “Nó lao tới. Con chó hoàn toàn nổi điên. Ai cũng chạy.”\n",
    }, folder="two"))
    assert dict(zip(quoted.merged_texts, quoted_groups(quoted)))["Con chó hoàn toàn nổi điên."] == 1.0
    # The flag costs the sentence salience.DEFAULT_WEIGHTS.in_quotation (damped like the rest).
    from summarizer import salience

    texts = quoted.merged_texts
    flags = quoted_groups(quoted)
    plain = salience.combine(salience.features(texts))
    weighed = salience.combine(salience.features(texts, in_quotation=flags))
    damping = salience.short_damping(salience.features(texts).lengths)
    assert salience.DEFAULT_WEIGHTS.in_quotation < 0
    assert np.allclose(weighed - plain, salience.DEFAULT_WEIGHTS.in_quotation * flags * damping)


def test_a_spaced_mark_does_not_take_the_closing_mark_of_a_quotation_already_open():
    # The quotation opened a sentence earlier closes at the end: no mark added after it.
    for opening in ('"', "“"):
        run = [f"Ông nói: {opening}Chúng tôi sẽ làm.", 'Mọi việc sẽ xong trong tháng 6 " hoặc sớm hơn".']
        assert balance(run) == run


def test_a_long_run_of_marks_is_read_once(monkeypatch):
    # Each mark's neighbours come from one pass over the text, not from walking the run again.
    import summarizer.quotes as quotes_module

    text = "Ông nói " + '"' * 20_000 + " xong."
    calls: list[int] = []
    original = quotes_module._contexts
    monkeypatch.setattr(quotes_module, "_contexts", lambda t: calls.append(len(t)) or original(t))
    assert imbalance(text).balanced
    assert calls == [len(text)]


def test_a_quotation_never_goes_in_torn_from_its_speaker(write_reports):
    from summarizer.options import ExtractiveOptions, SummarizeOptions
    from summarizer.pipeline import summarize
    from summarizer.quotes import speakerless_head

    assert speakerless_head("“Tôi vô cùng hối hận.") and speakerless_head('"Tôi vô cùng hối hận.')
    assert not speakerless_head("“Tôi vô cùng hối hận”, ông nói.")  # closed: the speaker is in it
    assert not speakerless_head("Ông nói: “Tôi vô cùng hối hận.")  # the speaker comes first
    assert not speakerless_head("Tôi vô cùng hối hận.”")
    statement = "“Tôi vô cùng hối hận. Tôi đã phụ lòng tin của mọi người. Xin tòa xem xét giảm án”, ông Quang nói."
    folder = write_reports({
        f"{name}.txt": f"{title}\nChiều 20/11, tòa tuyên phạt ông Trần Văn Quang 9 năm tù về tội nhận hối lộ.\n"
                       f"{statement}\n{extra}\n"
        for name, title, extra in [
            ("a", "Cựu giám đốc lĩnh 9 năm tù", "Ông Quang phải nộp lại 1,5 tỷ đồng."),
            ("b", "Ông Trần Văn Quang lĩnh án", "Bà Lê Thị Mai nhận 3 năm tù cho hưởng án treo."),
            ("c", "Xử cựu giám đốc sở", "Phiên tòa kéo dài ba ngày."),
        ]
    })
    def summary(max_words: int) -> list[str]:
        options = SummarizeOptions(engine="extractive", extractive=ExtractiveOptions(max_share=1.0, max_words=max_words))
        return [s.text for s in summarize(folder, options).sentences]

    parts = ("Tôi vô cùng hối hận.", "Tôi đã phụ lòng tin của mọi người.", "Xin tòa xem xét giảm án")
    for max_words in (30, 40, 60, 400):
        texts = summary(max_words)
        held = [i for i, text in enumerate(texts) if any(part in text for part in parts[:2])]
        # the words before the speaker's name only with the rest of the quotation, in one stretch
        if held:
            assert held == [held[0], held[0] + 1], (max_words, texts)
            assert texts[held[0]].startswith("“Tôi vô cùng") and texts[held[0] + 2].endswith("ông Quang nói.")
    assert summary(400)[1:4] == ["“Tôi vô cùng hối hận.", "Tôi đã phụ lòng tin của mọi người.",
                                 "Xin tòa xem xét giảm án”, ông Quang nói."]


def test_quotation_runs_name_torn_pieces_and_tell_a_whole_run_in_one_stretch(write_reports):
    from summarizer.engines.extractive import QuotationRuns
    from summarizer.pipeline import prepare

    cluster = prepare(write_reports({
        "a.txt": "Xử cựu giám đốc\nTòa tuyên phạt ông Quang 9 năm tù.\n"
                 "“Tôi vô cùng hối hận. Tôi đã phụ lòng tin của mọi người. Xin tòa xem xét”, ông Quang nói.\n"
                 "Bà Mai nói: “Tôi không biết việc này. Mọi thứ do ông ấy quyết.”\nPhiên tòa kéo dài ba ngày.\n",
        "b.txt": "Cựu giám đốc lĩnh án\nÔng Quang phải nộp lại 1,5 tỷ đồng.\n",
    }))
    group = {text.strip("“”"): g for g, text in enumerate(cluster.merged_texts)}
    head, middle = group["Tôi vô cùng hối hận."], group["Tôi đã phụ lòng tin của mọi người."]
    tail = group["Xin tòa xem xét”, ông Quang nói."]
    opened, inside = group["Bà Mai nói: “Tôi không biết việc này."], group["Mọi thứ do ông ấy quyết."]
    other, verdict = group["Ông Quang phải nộp lại 1,5 tỷ đồng."], group["Tòa tuyên phạt ông Quang 9 năm tù."]
    runs = QuotationRuns(cluster)
    assert runs.torn([verdict, head]) == {head}  # the words without their speaker
    assert runs.torn([verdict, middle, tail]) == {middle}
    assert runs.torn([verdict, tail, opened]) == set()  # each names its speaker
    assert runs.torn([inside]) == {inside} and runs.torn([opened, inside]) == set()
    assert runs.torn([head, middle, tail]) == set()
    assert runs.together([head, other, verdict, middle, tail]) == [head, middle, tail, other, verdict]
    assert runs.together([other, head]) == [other, head]  # a torn run is not gathered


def test_a_quotation_is_not_spliced_from_two_outlets_attributions(write_reports):
    from summarizer.options import ExtractiveOptions, SummarizeOptions
    from summarizer.pipeline import summarize

    head, middle = "Chi phí mua điện và giá nhiên liệu đầu vào tăng mạnh.", "EVN vẫn đang lỗ lũy kế hơn 26.000 tỷ đồng."
    folder = write_reports({
        "a.txt": "EVN tăng giá điện 4,8%\nTừ ngày 11/10, giá bán lẻ điện bình quân tăng 4,8%.\n"
                 f"“{head} {middle} Việc điều chỉnh giá là cần thiết”, ông Nguyễn Quang Minh, Trưởng ban Kinh doanh EVN, nói.\n"
                 "Một hộ dùng 200 kWh mỗi tháng sẽ trả thêm khoảng 20.000 đồng.\n",
        "b.txt": "Giá điện tăng từ hôm nay\nTừ ngày 11/10, giá bán lẻ điện bình quân tăng 4,8%.\n"
                 f"Ông Nguyễn Quang Minh, Trưởng ban Kinh doanh EVN, cho biết: “{head} {middle}”\n"
                 "Đây là lần tăng giá thứ hai trong năm.\n",
    })
    options = SummarizeOptions(engine="extractive", extractive=ExtractiveOptions(max_share=1.0, max_words=400))
    summary = summarize(folder, options).summary
    # one outlet's quotation with its one attribution: never "cho biết: “..." closed by "..., nói."
    assert not ("cho biết: “" + head in summary and "”, ông Nguyễn Quang Minh, Trưởng ban Kinh doanh EVN, nói." in summary), summary
    assert summary.count("Nguyễn Quang Minh") == 1, summary
    # the quotation closes where its outlet closes it (before: the copy of "EVN vẫn ..." without its
    # closing mark stood in, and the mark went after the next sentence, the newspaper's own)
    assert "Đây là lần tăng giá thứ hai trong năm.”" not in summary, summary
    assert middle + "”" in summary, summary


def test_a_run_is_told_in_its_own_outlet_s_words_where_another_s_would_splice_it(write_reports):
    from summarizer.engines.extractive import QuotationRuns
    from summarizer.pipeline import prepare

    head, middle = "Chi phí mua điện và giá nhiên liệu đầu vào tăng mạnh.", "EVN vẫn đang lỗ lũy kế hơn 26.000 tỷ đồng."
    cluster = prepare(write_reports({
        "a.txt": f"Giá điện tăng\n“{head} {middle} Việc điều chỉnh giá là cần thiết”, ông Minh nói.\n",
        "b.txt": f"EVN tăng giá\nÔng Minh, Trưởng ban Kinh doanh EVN, cho biết: “{head} {middle}”\n",
    }))
    group = {(s.file, s.index): g for g, grp in enumerate(cluster.dedup.groups) for m in grp.members
             for s in [cluster.dedup.sentences[m]]}
    run_a = [group["a.txt", i] for i in range(3)]
    assert cluster.dedup.groups[run_a[0]].text.startswith("Ông Minh")  # the merged head names the speaker first
    own = QuotationRuns(cluster).run_sentences(run_a)
    assert own[run_a[0]] == ("a.txt", 0)  # told as a.txt tells it: "“Chi phí ...", the speaker at the end


def test_a_speaker_named_by_a_pronoun_follows_the_sentence_that_names_him(write_reports):
    from summarizer.back_pointers import bare_speaker
    from summarizer.engines.extractive import QuotationRuns
    from summarizer.pipeline import prepare

    assert bare_speaker("Ông nói: “Malaysia sẽ tiếp nối những thành quả.") and bare_speaker("“Thật vô lý”, ông nói.")
    assert not bare_speaker("Ông Anwar Ibrahim nói: “Malaysia sẽ tiếp nối.") and not bare_speaker("“Thật vô lý”, ông Thăng nói.")
    cluster = prepare(write_reports({
        "a.txt": "Hội nghị ASEAN bế mạc\nThủ tướng Lào phát biểu bế mạc hội nghị.\n"
                 "Thủ tướng Malaysia Anwar Ibrahim nhận quyền Chủ tịch ASEAN 2025.\n"
                 "Ông nói: “Malaysia sẽ tiếp nối những thành quả mà Lào đã đạt được.”\n",
        "b.txt": "ASEAN trao quyền chủ tịch\nThủ tướng Lào phát biểu bế mạc hội nghị.\n",
    }))
    group = {(s.file, s.index): g for g, grp in enumerate(cluster.dedup.groups) for m in grp.members
             for s in [cluster.dedup.sentences[m]]}
    lao, anwar, said = group["a.txt", 0], group["a.txt", 1], group["a.txt", 2]
    runs = QuotationRuns(cluster)
    assert runs.torn([lao, said]) == {said}  # before: "Ông nói" went in after the Lao prime minister
    assert runs.torn([lao, anwar, said]) == set()
    assert runs.together([said, lao, anwar]) == [anwar, said, lao]


def test_a_sentence_holding_a_quoted_phrase_is_a_middle_of_the_open_quotation():
    from summarizer.quotes import inside_quotation

    report = ["Sáng 3/6, đê bao sông Gianh bị vỡ, hàng trăm hộ dân bị ngập.",
              "“Nước lên rất nhanh từ nửa đêm.",
              "Cả làng gọi đây là “trận lũ thế kỷ” vì chưa ai từng thấy.",  # before: read as the paper's claim
              "Chúng tôi chỉ kịp chạy lên nóc nhà”, ông Tư kể.",
              "Chính quyền đã sơ tán người dân.",
              "Người dân gọi đây là “trận lũ thế kỷ”."]  # no quotation open: the paper's words
    assert inside_quotation(report) == [False, False, True, False, False, False]


def test_a_new_quotation_ends_every_one_of_its_style_an_earlier_sentence_left_open():
    # two quotations opened in one sentence, a third of their style opening the next: both end
    # with the first sentence (before, one did, and balancing the output again added marks)
    once = balance(["“Tôi “đi rồi.", "“Anh về đi."])
    assert once == ["“Tôi “đi rồi.””", "“Anh về đi.”"]
    assert balance(once) == once
