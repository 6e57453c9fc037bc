"""Reports that share little with the others, and folders of several stories, are flagged;
dropped only when asked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, VIMS, requires_vims
from typer.testing import CliRunner

from summarizer import coherence
from summarizer.cli import app
from summarizer.corpus import list_clusters
from summarizer.documents import load_folder

SAMPLE = ROOT / "examples" / "sample-cluster"
# A report of another event: a storm warning, nothing about a bridge in Đà Nẵng.
STORM = (
    "Bão số 3 đổ bộ vào các tỉnh Bắc Bộ\n"
    "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, chiều nay bão số 3 đã đi vào vùng biển "
    "Quảng Ninh - Hải Phòng với sức gió mạnh cấp 10, giật cấp 12. Các tỉnh ven biển đã cấm tàu "
    "thuyền ra khơi và di dời hơn 20.000 hộ dân ở vùng trũng thấp đến nơi an toàn.\n"
    "Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Thái Bình, Nam Định ngập sâu, giao thông "
    "bị chia cắt. Lực lượng cứu hộ được triển khai túc trực tại các điểm xung yếu trên đê biển.\n"
)


# A report of the same kind as the sample's, about another event: another bridge opened in
# another city. It shares stock phrases ("tổ chức lễ", "bắc qua", "tổng vốn") with the sample,
# above MIN_REPORT_SIMILARITY, but none of its names.
OTHER_BRIDGE = (
    "Cần Thơ thông xe cầu Trần Hoàng Na nối hai quận\n"
    "Chiều 20/9, UBND thành phố Cần Thơ tổ chức lễ thông xe cầu Trần Hoàng Na bắc qua rạch Cái Khế, "
    "nối quận Ninh Kiều với quận Cái Răng. Cầu dài 450 m, gồm bốn làn xe, tổng vốn hơn 800 tỷ đồng.\n"
    "Theo Sở Giao thông vận tải Cần Thơ, công trình giúp giảm ùn tắc cho tuyến đường Nguyễn Văn Cừ "
    "vào giờ cao điểm.\n"
    "Nhà thầu sẽ tiếp tục hoàn thiện hệ thống thoát nước hai đầu cầu trong tháng tới.\n"
)


# A second report of the storm: another outlet's wording of the same facts.
STORM_B = (
    "Bão số 3 gây mưa lớn ở Thái Bình, Nam Định\n"
    "Chiều nay bão số 3 đã đi vào vùng biển Quảng Ninh - Hải Phòng, sức gió mạnh cấp 10, giật cấp "
    "12. Hơn 20.000 hộ dân ở vùng trũng thấp đã được di dời đến nơi an toàn, tàu thuyền bị cấm ra "
    "khơi.\n"
    "Nhiều tuyến đường ở Thái Bình, Nam Định ngập sâu sau trận mưa lớn kéo dài từ đêm qua.\n"
)


def texts_of(folder: Path) -> tuple[list[str], list[str]]:
    reports = load_folder(folder).reports
    return [r.file for r in reports], [f"{r.title}\n{r.body}" for r in reports]


def test_a_report_of_another_event_is_flagged(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "z-bao.txt").write_text(STORM, encoding="utf-8")
    files, texts = texts_of(tmp_path)
    found = coherence.outliers(files, texts)
    assert [o.file for o in found] == ["z-bao.txt"]
    assert found[0].similarity < coherence.MIN_REPORT_SIMILARITY
    message = coherence.warning(found, len(files))
    assert message is not None and message.endswith(f"z-bao.txt (similarity {found[0].similarity:.2f})")


def test_the_sample_cluster_is_one_event() -> None:
    files, texts = texts_of(SAMPLE)
    similarity = coherence.similarity_matrix(texts)
    assert similarity.shape == (3, 3) and (similarity.diagonal() == 0).all()
    assert (similarity + similarity.T == 2 * similarity).all()  # symmetric
    assert coherence.outliers(files, texts) == []


def test_two_unrelated_reports_and_one_report(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "01-bao-a.txt", tmp_path)
    (tmp_path / "b.txt").write_text(STORM, encoding="utf-8")
    files, texts = texts_of(tmp_path)
    found = coherence.outliers(files, texts)
    assert [o.file for o in found] == files
    assert coherence.warning(found, 2).startswith("the two reports share little")
    assert coherence.outliers(files[:1], texts[:1]) == []
    assert coherence.warning([], 3) is None


def test_a_folder_of_two_stories_falls_into_two_groups(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "x-bao.txt").write_text(STORM, encoding="utf-8")
    (tmp_path / "y-bao.txt").write_text(STORM_B, encoding="utf-8")
    files, texts = texts_of(tmp_path)
    found = coherence.check(files, texts)
    sample = tuple(sorted(p.name for p in SAMPLE.glob("*.txt")))
    assert found.outliers == () and found.groups == (sample, ("x-bao.txt", "y-bao.txt"))
    assert found.main_group == sample
    message = coherence.group_warning(found.groups)
    assert message is not None and message.startswith("the reports fall into 2 groups")
    assert message.endswith(f"perhaps 2 events: 3 reports ({', '.join(sample)}); 2 reports (x-bao.txt, y-bao.txt)")
    assert coherence.group_warning(found.groups[:1]) is None

    args = [str(tmp_path), "--engine", "extractive", "--format", "json", "-q"]
    kept = json.loads(CliRunner().invoke(app, [*args, "--keep-off-topic"]).stdout)
    assert len(kept["sources"]) == 5 and any(w.startswith("the reports fall into 2 groups") for w in kept["warnings"])
    dropped = json.loads(CliRunner().invoke(app, args).stdout)  # the default
    assert dropped == json.loads(CliRunner().invoke(app, [*args, "--drop-off-topic"]).stdout) | {"timings": dropped["timings"]}
    assert [s["file"] for s in dropped["sources"]] == list(sample)
    assert [(s["file"], s["reason"]) for s in dropped["skipped"]] == [
        (name, "off-topic: one of 2 reports that share little with the largest group (3 reports)")
        for name in ("x-bao.txt", "y-bao.txt")
    ]
    assert not any("groups" in w for w in dropped["warnings"])
    assert "bão" not in dropped["summary"].lower()


def test_two_groups_of_one_size_are_flagged_and_neither_is_dropped(tmp_path: Path) -> None:
    for name in ("01-bao-a.txt", "02-bao-b.txt"):
        shutil.copy(SAMPLE / name, tmp_path)
    (tmp_path / "x-bao.txt").write_text(STORM, encoding="utf-8")
    (tmp_path / "y-bao.txt").write_text(STORM_B, encoding="utf-8")
    loaded = load_folder(tmp_path)
    found = coherence.check([r.file for r in loaded.reports], [f"{r.title}\n{r.body}" for r in loaded.reports])
    assert found.groups == (("01-bao-a.txt", "02-bao-b.txt"), ("x-bao.txt", "y-bao.txt"))
    assert found.main_group is None and coherence.drop_groups(loaded, found) is loaded
    args = [str(tmp_path), "--engine", "extractive", "--format", "json", "-q", "--drop-off-topic"]
    data = json.loads(CliRunner().invoke(app, args).stdout)
    assert len(data["sources"]) == 4 and data["skipped"] == []
    assert any(w.startswith("the reports fall into 2 groups") for w in data["warnings"])


def test_groups_are_connected_components_largest_first() -> None:
    linked = np.zeros((6, 6), dtype=bool)
    for a, b in ((0, 4), (4, 5), (1, 2)):  # 0-4-5 chained, 1-2 a pair, 3 alone
        linked[a, b] = linked[b, a] = True
    assert coherence._components(linked) == [[0, 4, 5], [1, 2]]
    linked[3, 1] = linked[1, 3] = True  # now two groups of three: the earlier first
    assert coherence._components(linked) == [[0, 4, 5], [1, 2, 3]]


def test_parameters_are_validated() -> None:
    with pytest.raises(ValueError, match="2 files but 1 texts"):
        coherence.outliers(["a", "b"], ["x"])
    with pytest.raises(ValueError, match="threshold"):
        coherence.outliers(["a", "b"], ["x", "y"], threshold=1.5)


def test_keep_off_topic_carries_the_warning_and_still_reads_every_report(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "z-bao.txt").write_text(STORM, encoding="utf-8")
    result = CliRunner().invoke(app, [str(tmp_path), "--engine", "extractive", "--format", "json", "-q", "--keep-off-topic"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 4
    assert any("perhaps about another event: z-bao.txt" in w for w in data["warnings"])


@requires_vims
@pytest.mark.shared
def test_no_vims_report_is_flagged() -> None:
    """Every ViMs report belongs to its cluster: no warning on whole clusters or on the first two
    reports of each (the calibration of MIN_REPORT_SIMILARITY, scripts/coherence_report.py)."""
    flagged = []
    for entry in list_clusters(VIMS):
        reports = coherence.drop_copies(load_folder(entry.path)).reports  # as the pipeline reads them
        files, texts = [r.file for r in reports], [f"{r.title}\n{r.body}" for r in reports]
        flagged += [(entry.id, o.file) for o in coherence.outliers(files, texts)]
        flagged += [(entry.id, o.file) for o in coherence.outliers(files[:2], texts[:2])]
        groups = coherence.check(files, texts).groups
        if len(groups) != 1:
            flagged.append((entry.id, f"{len(groups)} groups"))
    assert flagged == []


def test_drop_off_topic_leaves_the_stray_report_out(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "z-bao.txt").write_text(STORM, encoding="utf-8")
    args = [str(tmp_path), "--engine", "extractive", "--format", "json", "-q"]
    kept = json.loads(CliRunner().invoke(app, [*args, "--keep-off-topic"]).stdout)
    dropped = json.loads(CliRunner().invoke(app, args).stdout)  # the default
    assert [s["file"] for s in dropped["sources"]] == sorted(p.name for p in SAMPLE.glob("*.txt"))
    (skip,) = dropped["skipped"]
    assert skip["file"] == "z-bao.txt" and skip["reason"].startswith("off-topic: shares little")
    assert not any("perhaps about another event" in w for w in dropped["warnings"])
    assert any(w.startswith("skipped z-bao.txt: off-topic") for w in dropped["warnings"])
    # Nothing of the storm report reaches the summary; kept, its sentences could.
    assert "bão" not in dropped["summary"].lower()
    assert dropped["dedup"]["reports"] == kept["dedup"]["reports"] - 1


def test_drop_keeps_everything_when_every_report_is_flagged(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "01-bao-a.txt", tmp_path)
    (tmp_path / "b.txt").write_text(STORM, encoding="utf-8")
    loaded = load_folder(tmp_path)
    found = coherence.outliers([r.file for r in loaded.reports], [f"{r.title}\n{r.body}" for r in loaded.reports])
    assert len(found) == 2
    assert coherence.drop(loaded, found) is loaded
    assert coherence.drop(loaded, []) is loaded
    result = CliRunner().invoke(app, [str(tmp_path), "--engine", "extractive", "--format", "json", "-q", "--drop-off-topic"])
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 2 and data["skipped"] == []
    assert any(w.startswith("the two reports share little") for w in data["warnings"])


def test_drop_copies_keeps_the_first_of_identical_reports(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    first = sorted(SAMPLE.glob("*.txt"))[0]
    # The same report again, with other line endings and spacing: still the same report.
    (tmp_path / "z-copy.txt").write_bytes(first.read_bytes().replace(b"\n", b"\r\n").replace(b". ", b".  "))
    loaded = load_folder(tmp_path)
    kept = coherence.drop_copies(loaded)
    assert [r.file for r in kept.reports] == [r.file for r in loaded.reports][:-1]
    assert kept.skipped[-1].file == "z-copy.txt"
    assert kept.skipped[-1].reason == f"same title and text as {first.name}"
    assert coherence.drop_copies(kept) is kept  # nothing left to drop: unchanged


def test_names_leave_out_a_sentence_s_first_word_and_single_words() -> None:
    text = "Cần Thơ thông xe cầu mới\nÔng Nguyễn Văn Cừ nói Cần Thơ đổi mới. Hà Nội và Huế chưa có."
    assert coherence.names(text) == {"nguyễn văn cừ", "cần thơ"}


def test_a_report_of_the_same_kind_about_another_event_is_flagged_by_its_names(tmp_path: Path) -> None:
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "z-cau.txt").write_text(OTHER_BRIDGE, encoding="utf-8")
    files, texts = texts_of(tmp_path)
    (found,) = coherence.check(files, texts).outliers
    assert found.file == "z-cau.txt" and found.no_shared_name
    assert coherence.MIN_REPORT_SIMILARITY <= found.similarity < coherence.NAMELESS_MAX_SIMILARITY
    message = coherence.warning([found], len(files))
    assert message is not None and message.endswith(f"z-cau.txt (similarity {found.similarity:.2f}, no name in common)")
    assert f"or under {coherence.NAMELESS_MAX_SIMILARITY} with no name in common" in message
    data = json.loads(CliRunner().invoke(app, [str(tmp_path), "--engine", "extractive", "--format", "json", "-q"]).stdout)
    (skip,) = data["skipped"]
    assert skip["file"] == "z-cau.txt" and skip["reason"].endswith("no name in common)")
    assert "Cần Thơ" not in data["summary"]
    # One name in common (the stray report quotes the sample's city) and it is not flagged.
    shared = OTHER_BRIDGE.replace("Sở Giao thông vận tải Cần Thơ", "Sở Giao thông vận tải Đà Nẵng")
    (tmp_path / "z-cau.txt").write_text(shared, encoding="utf-8")
    assert coherence.check(*texts_of(tmp_path)).outliers == ()


MARKET_FIRE = [
    "Cháy lớn tại chợ Bình Tây\nRạng sáng 12/3, một đám cháy lớn bùng phát tại khu vực sạp vải của chợ Bình Tây, "
    "quận 6, TP.HCM. Cảnh sát phòng cháy chữa cháy đã điều động 15 xe chữa cháy cùng gần 100 chiến sĩ đến hiện "
    "trường. Sau khoảng 3 giờ, đám cháy được khống chế hoàn toàn. Vụ cháy không gây thiệt hại về người.",
    "Cháy chợ Bình Tây, 120 sạp hàng bị thiêu rụi\nKhoảng 4h sáng 12/3, người dân gần chợ Bình Tây phát hiện lửa "
    "bốc lên từ khu sạp vải. Lực lượng cảnh sát PCCC đã huy động 15 xe chữa cháy. Ông Nguyễn Văn Tâm, Trưởng ban "
    "quản lý chợ Bình Tây, cho biết khoảng 120 sạp hàng đã bị thiêu rụi.",
    "Hỏa hoạn ở chợ Bình Tây\nĐêm 11, rạng sáng 12/3, chợ Bình Tây ở quận 6 xảy ra hỏa hoạn lớn. Bà Lê Thị Hoa, "
    "một tiểu thương, cho biết toàn bộ số vải của bà đã bị cháy sạch.",
]
# another market's fire, told in the same stock words
OTHER_MARKET = ("Cháy chợ Đông Ba ở Huế\nRạng sáng 15/3, một đám cháy lớn bùng phát tại khu vực bán quần áo của chợ "
                "Đông Ba, TP Huế, tỉnh Thừa Thiên Huế. Cảnh sát phòng cháy chữa cháy đã điều động 10 xe chữa cháy "
                "cùng 60 chiến sĩ đến hiện trường. Sau 2 giờ, đám cháy được khống chế hoàn toàn. Vụ cháy không gây "
                "thiệt hại về người.")


def test_a_report_dated_another_day_that_shares_no_name_is_flagged_at_any_similarity() -> None:
    files = ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert coherence.lead_date(OTHER_MARKET) == (15, 3) and coherence.lead_date(MARKET_FIRE[2]) == (12, 3)
    # a score or a decimal is no date; a hyphen or a period is read after a time word only
    assert coherence.lead_date("Thắng Lào\nViệt Nam thắng Lào 2-1 tối 12/3.") == (12, 3)
    assert coherence.lead_date("Giá xăng\nGiá tăng 1.5% từ 15 giờ.") is None
    assert coherence.lead_date("Cháy\nSáng 12-3, chợ cháy.") == coherence.lead_date("Cháy\nngày 12.3 chợ cháy.") == (12, 3)
    (found,) = coherence.check(files, [*MARKET_FIRE, OTHER_MARKET]).outliers
    assert found.file == "d.txt" and found.similarity >= coherence.NAMELESS_MAX_SIMILARITY
    assert found.reason == "dated 15/3, the others 12/3, no name in common"
    # a report of a later day that names the market is the same story's follow-up
    follow_up = OTHER_MARKET.replace("chợ Đông Ba, TP Huế, tỉnh Thừa Thiên Huế", "chợ Bình Tây")
    assert coherence.check(files, [*MARKET_FIRE, follow_up]).outliers == ()
    # nor one whose day another report names (a second fire the reports tell of)
    told = MARKET_FIRE[0].replace("thiệt hại về người.", "thiệt hại về người. Ngày 15/3, một chợ khác cũng cháy.")
    assert coherence.check(files, [told, *MARKET_FIRE[1:], OTHER_MARKET]).outliers == ()


def test_names_flag_nothing_among_two_reports(tmp_path: Path) -> None:
    # With two reports there are no others that share a name to compare with.
    shutil.copy(SAMPLE / "01-bao-a.txt", tmp_path)
    (tmp_path / "z-cau.txt").write_text(OTHER_BRIDGE, encoding="utf-8")
    assert coherence.check(*texts_of(tmp_path)).outliers == ()


FINES = [
    "Chính phủ tăng mức phạt nồng độ cồn\nNgày 26/12, Chính phủ ban hành Nghị định 168 quy định xử phạt vi phạm "
    "giao thông. Người điều khiển ô tô có nồng độ cồn vượt mức bị phạt từ 30 đến 40 triệu đồng và trừ 12 điểm "
    "giấy phép lái xe. Nghị định 168 có hiệu lực từ ngày 1/1/2025.",
    "Phạt đến 40 triệu đồng với tài xế uống rượu bia\nTheo Nghị định 168 vừa được Chính phủ ban hành, tài xế ô tô "
    "vi phạm nồng độ cồn bị phạt từ 30 đến 40 triệu đồng. Người đi xe máy vi phạm nồng độ cồn bị phạt từ 6 đến 8 "
    "triệu đồng. Nghị định 168 có hiệu lực từ ngày 1/1/2025.",
    "Nghị định 168: phạt nặng vi phạm nồng độ cồn\nNghị định 168 thay thế Nghị định 100, nâng mạnh mức phạt vi phạm "
    "nồng độ cồn. Tài xế ô tô vi phạm nồng độ cồn bị phạt từ 30 đến 40 triệu đồng và trừ 12 điểm giấy phép lái xe. "
    "Người đi xe máy bị phạt từ 6 đến 8 triệu đồng.",
]
GOLD = ("Giá vàng miếng lập đỉnh mới\nSáng 26/12, công ty vàng niêm yết giá vàng miếng ở mức 88,5 triệu đồng mua vào "
        "và 90 triệu đồng bán ra. Giá vàng nhẫn cũng tăng mạnh. Chuyên gia khuyên người dân thận trọng.")


def test_a_report_sharing_only_stock_words_with_the_others_is_warned_about_and_kept(tmp_path: Path) -> None:
    files = ["a.txt", "b.txt", "c.txt", "gold.txt"]
    found = coherence.check(files, [*FINES, GOLD])
    assert found.outliers == ()  # it passes the first test: "triệu đồng", "26/12" in common
    ((suspect, typical),) = found.suspects
    assert suspect.file == "gold.txt" and suspect.similarity < coherence.NAMELESS_MAX_SIMILARITY
    assert suspect.similarity < coherence.SUSPECT_RELATIVE_SIMILARITY * typical
    assert coherence.check(files[:3], FINES).suspects == ()
    assert coherence.check(["a.txt", "gold.txt"], [FINES[0], GOLD]).suspects == ()  # two reports: no typical one
    for name, text in zip(files, [*FINES, GOLD]):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = json.loads(CliRunner().invoke(app, [str(tmp_path), "-e", "extractive", "-f", "json", "-q"]).stdout)
    assert [s["file"] for s in result["sources"]] == files  # kept
    assert any(w.startswith("reports that share far less with the others") and "gold.txt (similarity" in w
               for w in result["warnings"])


def test_components_are_the_linked_groups_largest_first() -> None:
    import numpy as np

    from summarizer.coherence import _components

    linked = np.zeros((8, 8), dtype=bool)
    for i, j in [(0, 4), (4, 6), (1, 2), (5, 3)]:
        linked[i, j] = linked[j, i] = True
    assert _components(linked) == [[0, 4, 6], [1, 2], [3, 5]]  # node 7, linked to none, is no group
    everyone = ~np.eye(300, dtype=bool)  # all linked: one group, each row read once
    assert _components(everyone) == [list(range(300))]
