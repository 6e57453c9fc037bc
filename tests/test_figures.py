"""Figures stated two ways in a summary, or updated by a report (summarizer.figures.conflicts).

Measured on the extractive summaries of the 300 ViMs clusters: 13 summaries state a casualty or
damage figure; 2 warnings fire, both right (a toll of 70 while a report says "lên đến 93"; a
headline of 100 against 78 and 145 in a sentence). Each of the 1,950 reports taken as a summary
against the others: 13 warnings, 10 right (tolls that grew during the day, two sources' counts),
3 false (another province's damage, another city's partial toll).
"""

from __future__ import annotations

from summarizer.figures import conflicts, figures_in


def test_old_toll_in_the_summary_and_an_update_in_a_report() -> None:
    summary = ["Vụ lật xe ở đèo Khánh Lê làm 3 người tử vong và 7 người bị thương."]
    reports = [
        "Lật xe trên đèo\nVụ lật xe làm 3 người tử vong, 7 người bị thương.",
        "Lật xe ở đèo Khánh Lê\nĐến 10h sáng cùng ngày, số người tử vong đã tăng lên 4 người.",
    ]
    assert conflicts(summary, None, reports) == [
        "conflicting figures for deaths: '3 người tử vong' in the summary, while a report says "
        "'Đến 10h sáng cùng ngày, số người tử vong đã tăng lên 4'"
    ]


def test_two_figures_for_one_thing_in_headline_and_summary() -> None:
    title = "Sạt lở ở Lào Cai, hai người chết"
    summary = ["Mưa lớn gây sạt lở đất tại xã Bản Vược.", "Trận sạt lở làm 3 người chết, 2 người mất tích."]
    assert conflicts(summary, title, []) == [
        "conflicting figures for deaths in the summary: 'hai người chết' (headline), '3 người chết' "
        "(sentence 2); check which is newer"
    ]


def test_chết_tử_vong_thiệt_mạng_are_one_thing_and_thousands_are_read() -> None:
    summary = ["Động đất khiến 1.250 người thiệt mạng.", "Theo giới chức, 1.300 người đã tử vong."]
    assert conflicts(summary, None, []) == [
        "conflicting figures for deaths in the summary: '1.250 người thiệt mạng' (sentence 1), "
        "'1.300 người đã tử vong' (sentence 2); check which is newer"
    ]


def test_houses_by_what_happened_to_them() -> None:
    summary = ["Lốc xoáy làm 12 ngôi nhà bị sập.", "Tổng cộng 15 căn nhà bị sập, 40 nhà tốc mái."]
    assert conflicts(summary, None, []) == [
        "conflicting figures for houses collapsed in the summary: '12 ngôi nhà bị sập' (sentence 1), "
        "'15 căn nhà bị sập' (sentence 2); check which is newer"
    ]


def test_scores_and_players_are_not_figures() -> None:
    summary = ["Đội chủ nhà thắng 3-1 ở lượt đi.", "Ở lượt về, họ thua 0-2 và có 2 cầu thủ bị thẻ đỏ.",
               "Trận đấu có 11 cầu thủ mỗi bên, 5 người bị phạt thẻ vàng."]
    assert conflicts(summary, "Thắng 3-1 rồi thua 0-2", []) == []


def test_different_groups_and_different_things_do_not_conflict() -> None:
    summary = ["Vụ cháy làm 5 người tử vong.", "Trong số nạn nhân có 3 học sinh tử vong.",
               "Ngoài ra, 3 người bị thương được đưa đi cấp cứu."]
    assert conflicts(summary, None, []) == []


def test_parts_of_a_total_are_not_compared() -> None:
    summary = ["Vụ tai nạn làm 6 người chết, trong đó 2 người chết là trẻ em.",
               "Có 4 người chết tại chỗ.", "Sau đó thêm 2 người chết ở bệnh viện.",
               "Bên cạnh 6 nạn nhân, 3 người khác bị thương."]
    assert conflicts(summary, None, []) == []


def test_figures_in_one_sentence_are_not_compared() -> None:
    summary = ["Bão làm 2 người chết ở Phú Yên và 3 người chết ở Bình Định."]
    assert conflicts(summary, None, []) == []


def test_earlier_events_are_background() -> None:
    summary = ["Vụ cháy làm 11 người tử vong.",
               "Đây là vụ cháy nghiêm trọng nhất kể từ vụ cháy năm 2022 làm 32 người tử vong."]
    assert conflicts(summary, None, []) == []


def test_an_update_lower_than_the_summary_is_the_older_one() -> None:
    summary = ["Tính đến chiều 25/10, bão đã làm 3 người chết."]
    reports = ["Bão số 6\nĐến 7h sáng nay, bão đã làm 2 người chết."]
    assert conflicts(summary, None, reports) == []


def test_an_update_the_summary_states_is_no_conflict() -> None:
    summary = ["Vụ cháy làm 4 người tử vong.", "Đến trưa, số người tử vong tăng lên 6."]
    reports = ["Cháy nhà\nĐến trưa, số người tử vong tăng lên 6 người."]
    assert conflicts(summary, None, reports) == [
        "conflicting figures for deaths in the summary: '4 người tử vong' (sentence 1), "
        "'số người tử vong tăng lên 6' (sentence 2); check which is newer"
    ]


def test_one_person_is_a_count_only_after_a_causing_verb() -> None:
    assert figures_in("Cảnh sát xác định danh tính một người thiệt mạng là tài xế.") == []
    [figure] = figures_in("Vụ nổ làm một người thiệt mạng.")
    assert (figure.key, figure.value, figure.quote) == (("người", "deaths"), 1.0, "một người thiệt mạng")


def test_joined_things_and_qualified_figures_are_things_of_their_own() -> None:
    keys = [(f.key, f.value) for f in figures_in(
        "Bão làm 4 người chết và mất tích, 8 người chết tại chỗ, 5 người bị thương nặng.")]
    assert keys == [(("người", "deaths and missing"), 4.0), (("người", "deaths at the scene"), 8.0),
                    (("người", "injured (serious)"), 5.0)]


def test_a_year_is_no_count_and_causing_verbs_before_the_count() -> None:
    assert figures_in("Vào năm 2019 người chết vì sốt xuất huyết tăng.") == []
    [deaths, injured] = figures_in("Vụ nổ làm chết 7 người và làm bị thương 20 người.")
    assert (deaths.key[1], deaths.value, injured.key[1], injured.value) == ("deaths", 7.0, "injured", 20.0)


def test_only_the_highest_update_is_named_and_one_sentence_alone_proves_nothing() -> None:
    summary = ["Sập cầu làm 2 người chết ở đầu cầu và 3 người chết dưới sông.", "Cầu đã được phong tỏa."]
    reports = ["Sập cầu\nĐến 9h, số người chết tăng lên 4.", "Sập cầu\nĐến 11h, số người chết đã lên 6 người."]
    assert conflicts(summary, None, reports) == [
        "conflicting figures for deaths: '2 người chết' and '3 người chết' in the summary, while a report says "
        "'Đến 11h, số người chết đã lên 6'"
    ]


def test_a_range_is_no_update_and_a_long_list_of_figures_is_read_in_linear_time() -> None:
    # "từ 10 đến 15": a yearly statistic's range, not a time stamp
    assert conflicts(["Vụ lật xe trên đèo làm 8 người chết."], None,
                             ["Mỗi năm, tai nạn trên đèo khiến từ 10 đến 15 người chết.", "Vụ lật xe làm 8 người chết."]) == []
    # a paragraph of tolls without a period is one long sentence: every figure is read, and the
    # words before each are looked at in a fixed window (the whole prefix made this quadratic)
    line = " ".join(f"xã {i} có {i % 50 + 2} người chết" for i in range(3000))
    assert len(figures_in(line)) == 3000


def test_a_province_s_tally_is_a_part_of_the_toll_not_a_rival_count() -> None:
    from summarizer.figures import conflicts

    summary = ["Bão số 3 làm 4 người chết ở các tỉnh phía Bắc.", "Tỉnh Quảng Ninh ghi nhận 3 người chết.",
               "Riêng huyện Kim Thành có 1 người chết do cây đổ."]
    assert conflicts(summary, None, []) == []  # before: '4 người chết' against '3 người chết'
    # a count told with its place, but no tally of one place among several, still conflicts
    told = ["Bão số 3 làm 4 người chết.", "Tại Quảng Ninh, bão làm 3 người chết."]
    assert conflicts(told, None, []) and "conflicting figures for deaths" in conflicts(told, None, [])[0]


def test_a_rise_that_names_itself_is_an_update_far_from_its_subject() -> None:
    (figure,) = figures_in("Chiều 20/5, công an cho biết số người tử vong trong vụ xe khách tông xe tải trên cao tốc "
                           "Đà Nẵng - Quảng Ngãi đã tăng lên 3 người.")
    assert figure.value == 3 and figure.update  # before: no figure (at most 6 words between)
    # a bare "lên" still needs its subject near: "đưa lên 3 xe" far after "số người bị thương" is no tally
    assert figures_in("Số người bị thương trong vụ tai nạn trên cao tốc sáng nay được đưa lên 3 xe cứu thương.") == []


def test_a_breakdown_in_one_sentence_is_no_rival_but_two_sources_counts_are() -> None:
    summary = ["Mưa lũ đã làm 5 người chết ở miền Trung.", "Thừa Thiên Huế có 3 người chết, Quảng Trị 2 người chết."]
    assert conflicts(summary, None, []) == []  # before: 5 against 3 and 2
    rivals = ["Truyền thông nói ít nhất 78 người chết nhưng một tổ chức cho rằng có hơn 145 người thiệt mạng."]
    assert conflicts(rivals, "Đánh bom ở thủ đô, ít nhất 100 người chết", [])  # still told


def test_case_counters_count_people_and_a_falling_count_is_no_update() -> None:
    summary = ["Số người tử vong do sốt xuất huyết đã tăng lên 3.", "Có 2 trường hợp tử vong."]
    assert conflicts(summary, None, []) == [
        "conflicting figures for deaths in the summary: 'Số người tử vong do sốt xuất huyết đã tăng lên 3' "
        "(sentence 1), '2 trường hợp tử vong' (sentence 2); check which is newer"
    ]  # before: 'trường hợp' counted nothing
    # the missing are found as the day goes on: a report's higher morning figure is no update
    afternoon = ["Chiều 27/10, mưa lũ làm 5 người chết, 1 người mất tích."]
    assert conflicts(afternoon, None, ["Mưa lũ\\nĐến sáng 27/10, mưa lũ làm 4 người chết, 2 người mất tích."]) == []


def test_one_place_s_tally_above_the_whole_toll_is_told() -> None:
    warnings = conflicts(["Bão số 3 làm 3 người chết.", "Tỉnh Quảng Ninh ghi nhận 5 người chết."], None, [])
    assert warnings == ["conflicting figures for deaths in the summary: '5 người chết' (sentence 2) for one place, "
                        "above '3 người chết' for the whole; check which is newer"]  # before: no warning
    assert conflicts(["Bão số 3 làm 4 người chết.", "Tỉnh Quảng Ninh ghi nhận 3 người chết."], None, []) == []


def test_a_report_telling_the_same_thing_with_another_count_is_warned_about() -> None:
    summary = ["Chiều 3/6, cơn lốc làm 19 nhà bị sập hoàn toàn ở huyện Lục Yên."]
    later = "Lốc ở Yên Bái\nTheo thống kê, cơn lốc làm 24 nhà bị sập hoàn toàn ở huyện Lục Yên."
    assert conflicts(summary, None, [later]) == [
        "reports disagree on houses collapsed: '19 nhà bị sập' (sentence 1), while a report says '24 nhà bị sập'; "
        "check which is right"]
    # a lower count elsewhere is taken for an older one, as a lower update is
    assert conflicts(["Chiều 3/6, cơn lốc làm 24 nhà bị sập hoàn toàn ở huyện Lục Yên."], None,
                     [later.replace("24 nhà", "19 nhà")]) == []
    # a bound or an estimate that holds both is no disagreement
    for loose in ("ít nhất 15 nhà bị sập", "khoảng 20 nhà bị sập", "gần 30 nhà bị sập"):
        assert conflicts([summary[0].replace("19 nhà bị sập", loose)], None, [later]) == [], loose
    # a count told in other words (no four shared bigrams) is another telling, not this one
    assert conflicts(summary, None, ["Lốc\nNgoài ra, 24 nhà bị sập ở Văn Chấn."]) == []


def test_people_taken_to_hospital_are_a_count_that_updates() -> None:
    summary = ["Trưa 8/4, 45 học sinh nhập viện nghi ngộ độc sau bữa trưa bán trú."]
    reports = [
        "Ngộ độc ở Biên Hòa\nTrưa 8/4, 45 học sinh nhập viện nghi ngộ độc sau bữa trưa bán trú.",
        "Số học sinh nhập viện tăng lên 82\nĐến tối 8/4, số học sinh nhập viện nghi ngộ độc thực phẩm đã tăng lên 82 em.",
    ]
    assert conflicts(summary, None, reports) == [
        "conflicting figures for hospitalized (học sinh): '45 học sinh nhập viện' in the summary, while a report says "
        "'Số học sinh nhập viện tăng lên 82'"
    ]
    # and the stale title gives way to the one with the new count
    from summarizer.headline import rank_source_titles

    titles = [("45 học sinh nhập viện nghi ngộ độc sau bữa trưa", "a.txt"), ("Số học sinh nhập viện tăng lên 82", "b.txt")]
    ranked = rank_source_titles(titles, summary, [("a.txt", reports[0]), ("b.txt", reports[1])])
    assert ranked[0].file == "b.txt"


def test_a_count_after_a_causing_verb_is_read_across_a_few_words() -> None:
    assert [(f.key, f.value) for f in figures_in("Vụ cháy khiến 3 công nhân đang ngủ trong xưởng tử vong.")] == [
        (("công nhân", "deaths"), 3.0)]
    # two reports of one fire, one count each: before, the gap hid the first and nothing was said
    summary = ["Rạng sáng 5/7, vụ cháy xưởng gỗ khiến 3 công nhân đang ngủ trong xưởng tử vong."]
    reports = ["Cháy xưởng gỗ\\n" + summary[0], "Cháy xưởng gỗ ở Bình Dương\\nVụ cháy xưởng gỗ khiến 4 công nhân đang ngủ tử vong."]
    assert conflicts(summary, None, reports) == [
        "reports disagree on deaths (công nhân): 'khiến 3 công nhân đang ngủ trong xưởng tử vong' (sentence 1), "
        "while a report says 'khiến 4 công nhân đang ngủ tử vong'; check which is right"]
    # no causing verb, another's part ("khác"), a place's part ("ở đây"), a conjunction: not read
    for text in ("3 người đưa nạn nhân đi cấp cứu nhưng nạn nhân đã tử vong.",
                 "Vụ nổ khiến 48 người khác chết.",
                 "Trận động đất khiến khoảng 45 người ở đây thiệt mạng.",
                 "Vụ cháy khiến 3 công nhân mắc kẹt và người bảo vệ tử vong."):
        assert figures_in(text) == [], text


def test_a_toll_that_has_risen_to_a_figure_far_from_its_subject_is_an_update() -> None:
    # "đã lên 157" names the rise itself, as "tăng lên" does: read across the longer gap
    update = ("Đến ngày 5/11, số người thiệt mạng trong trận động đất tại miền tây Nepal đã lên 157 người, "
              "trong đó hơn một nửa là trẻ em.")
    assert [(f.key, f.value, f.update is not None) for f in figures_in(update)] == [(("người", "deaths"), 157.0, True)]
    summary = ["Trận động đất ở miền Tây Nepal tối 3/11 khiến 95 người thiệt mạng."]
    assert conflicts(summary, None, ["Động đất ở Nepal\n" + summary[0], "Động đất ở Nepal\n" + update]) == [
        "conflicting figures for deaths: '95 người thiệt mạng' in the summary, while a report says "
        "'Đến ngày 5/11, số người thiệt mạng trong trận động đất tại miền tây Nepal đã lên 157'"]


def test_forest_rangers_and_other_staff_are_counted_people() -> None:
    summary = ["Các đối tượng dùng mã tấu tấn công khiến 2 kiểm lâm bị thương.", "Có ba cán bộ kiểm lâm bị thương."]
    assert conflicts(summary, None, []) == [
        "conflicting figures for injured (kiểm lâm) in the summary: '2 kiểm lâm bị thương' (sentence 1), "
        "'ba cán bộ kiểm lâm bị thương' (sentence 2); check which is newer"
    ]  # before: neither was a count
    assert [f.key for f in figures_in("Vụ nổ khiến 3 nhân viên tử vong.")] == [("nhân viên", "deaths")]
