"""A results table, a story laid out in a table, a schedule and a nested table: the one race
report the Word and OpenDocument table tests build in their own markup, and the lines every
reader must give for it (``html_text.table_row_line``: a row of short cells is one line)."""

from __future__ import annotations

TITLE = "Kết quả giải chạy Hồ Tây"
PROSE = ("Sáng 9/3, hơn 2.000 vận động viên chạy quanh Hồ Tây trong giải việt dã thường niên.",
         "Ban tổ chức cho biết thời tiết mát mẻ giúp nhiều người lập thành tích tốt.")
SCHEDULE = ("8h", "Đoàn vận động viên xuất phát từ Nhà hát Lớn và chạy về phía Hồ Tây.")
CLOSING = "Giải năm sau mở thêm cự ly 42 km."
LINES = (
    "Hạng | Vận động viên | Thành tích",
    "1 | Nguyễn Văn Hùng (Hà Nội) | 32 phút 15 giây",
    "2 | 32 phút 40 giây",
    *PROSE,
    *SCHEDULE,  # a cell of prose: the row keeps its cells' lines
    "Ghi chú",  # a table inside a cell: the outer row keeps its lines, the inner row is one
    "Cự ly | 10 km",
    CLOSING,
)
