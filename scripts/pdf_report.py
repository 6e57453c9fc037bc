#!/usr/bin/env python
"""How well PDF reports read back: typeset ViMs reports as PDFs, load them, compare.

    pip install fpdf2     # only this script needs it
    python scripts/pdf_report.py [--vims ../shared/data/vims] [--count 60] [--font PATH] [--json PATH]

``--count`` reports drawn at random (seeded) from the corpus are typeset with fpdf2 the way
news PDFs look: a TrueType font (DejaVu Serif unless ``--font``) embedded with its Unicode map,
body 10-12 pt, justified or left-aligned, paragraphs with or without space between them, the
headline at 14-22 pt (long ones wrap), a running header in small print, a "Trang N" footer, and
for half of them a bold lead 2 pt larger than the body. Each PDF and the report's own text file
are loaded through the normal loader; printed: how many PDFs give the text file's title and
how many give exactly its body sentences, with the first differences.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import corpus  # noqa: E402
from summarizer.documents import load_folder  # noqa: E402
from summarizer.fileio import write_atomic  # noqa: E402
from summarizer.sentences import split_sentences  # noqa: E402
from _support import DEFAULT_VIMS, corpus_missing, read_back  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEFAULT_FONT = FONT_DIR / "DejaVuSerif.ttf"
DEFAULT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
SEED = 7
BODY_SIZES = (10, 11, 12)
HEADLINE_SIZES = (14, 18, 22)
LEAD_SHARE = 0.5  # reports whose first paragraph is set as a bold lead
SHOWN_DIFFERENCES = 5
COLUMN_GUTTER_MM = 6


def typeset(path: Path, title: str, paragraphs: list[str], rng: random.Random, font: Path, bold: Path,
            columns: int = 1) -> None:
    from fpdf import FPDF

    class Page(FPDF):
        def header(self) -> None:
            self.set_font("bold", size=8)
            self.cell(0, 5, "BÁO ĐIỆN TỬ THỬ NGHIỆM - Thời sự", align="R")
            self.ln(8)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", size=8)
            self.cell(0, 10, f"Trang {self.page_no()}", align="C")

    pdf = Page(format="A4")
    pdf.add_font("body", "", str(font))
    pdf.add_font("bold", "", str(bold))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("bold", size=rng.choice(HEADLINE_SIZES))
    pdf.multi_cell(0, 9, title)
    pdf.ln(3)
    body = rng.choice(BODY_SIZES)
    lead = rng.random() < LEAD_SHARE
    align = rng.choice(["J", "L"])

    def set_font(index: int) -> None:  # the lead (first paragraph) bold and larger, when set so
        bold_lead = lead and index == 0
        pdf.set_font("bold" if bold_lead else "body", size=body + 2 if bold_lead else body)

    if columns > 1:  # the story flows down each column, then into the next, as in a newspaper
        with pdf.text_columns(ncols=columns, gutter=COLUMN_GUTTER_MM, text_align=align) as flow:
            for index, paragraph in enumerate(paragraphs):
                set_font(index)
                with flow.paragraph(bottom_margin=rng.choice([0, 2])) as run:
                    run.write(text=paragraph)
    else:
        for index, paragraph in enumerate(paragraphs):
            set_font(index)
            pdf.multi_cell(0, 6, paragraph, align=align)
            pdf.ln(rng.choice([0, 2]))
    pdf.output(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vims", type=Path, default=DEFAULT_VIMS)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="TrueType font of the body")
    parser.add_argument("--bold", type=Path, default=DEFAULT_BOLD, help="TrueType font of headline and lead")
    parser.add_argument("--columns", type=int, default=1, help="set the story in this many columns")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    try:
        import fpdf  # noqa: F401
    except ImportError:
        print("error: this script needs fpdf2 (pip install fpdf2)", file=sys.stderr)
        return 2
    for needed in (args.font, args.bold):
        if not needed.is_file():
            print(f"error: font not found: {needed} (pass --font / --bold)", file=sys.stderr)
            return 2
    if corpus_missing(args.vims):
        return 2
    files = sorted((args.vims / "clusters").glob("*/*.txt"))
    rng = random.Random(SEED)
    titles = exact = shown = 0
    chosen = rng.sample(files, min(args.count, len(files)))
    with tempfile.TemporaryDirectory() as scratch:
        for number, source in enumerate(chosen):
            lines = unicodedata.normalize("NFC", corpus.read_text(source)).split("\n")
            paragraphs = [line.strip() for line in lines[1:] if line.strip()]
            folder, text_folder = Path(scratch) / f"{number:03d}", Path(scratch) / f"{number:03d}-text"
            folder.mkdir()
            text_folder.mkdir()
            shutil.copy(source, text_folder / source.name)
            (text_report,) = load_folder(text_folder).reports
            title = text_report.title
            typeset(folder / "report.pdf", lines[0].strip(), paragraphs, rng, args.font, args.bold, args.columns)
            (report,) = load_folder(folder).reports
            result = read_back(f"{source.parent.name}/{source.name}", title, split_sentences(text_report.body), report)
            titles += result.title_ok
            exact += result.exact
            if result.lines and shown < SHOWN_DIFFERENCES:
                shown += 1
                print("\n".join(result.lines))
            shutil.rmtree(folder)
            shutil.rmtree(text_folder)
    count = len(chosen)
    print(f"{count} PDFs in {args.columns} column(s): titles {titles}/{count}, bodies sentence for sentence {exact}/{count}")
    if args.json:
        write_atomic(args.json, json.dumps({"pdfs": count, "columns": args.columns, "titles": titles, "exact": exact}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
