"""Invariants of the whole extractive pipeline over arbitrary report sets: the library either
returns a result that keeps its promises or raises one of its own one-line errors."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summarizer import SummarizeOptions, TextReport, summarize
from summarizer.errors import SummarizerError
from summarizer.salience import word_count

# Words, marks and oddities that news text and damaged files hold: abbreviations, figures, dashes
# and bullets that are no syllable, quotes, credits, a web address, control and invisible characters.
_TOKENS = (
    "Hà", "Nội", "ngày", "3/6", "ông", "Nguyễn", "Văn", "An", "cho", "biết", "UBND", "TP.", "HCM", "PGS.TS.",
    "12,5", "%", "1.000", "tỷ", "đồng", "năm", "2020", "hòa", "hoà", "thuỷ", "thủy", "v.v.", "Mátxcơva", "Moscow",
    ",", ".", ";", ":", "!", "?", "…", "“", "”", '"', "(", ")", "-", "–", "•", "*", "#", "./.", "1.", "a)",
    "Theo", "TTXVN", "Ảnh:", "AFP", "http://a.vn/b", "\u200b", "\x00", "\ufeff", "😀",
)
_SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", "\r\n", "\t"])
_TEXT = st.lists(st.tuples(st.sampled_from(_TOKENS), _SEPARATORS), max_size=120).map(
    lambda pairs: "".join(token + sep for token, sep in pairs)
)
_REPORTS = st.lists(_TEXT, min_size=1, max_size=4)
_OPTIONS = st.builds(
    lambda words, sentences: SummarizeOptions(engine="extractive").with_changes(
        extractive__max_words=words, max_sentences=sentences
    ),
    st.sampled_from([1, 5, 20, 80, 250]),
    st.sampled_from([None, 1, 3]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=_REPORTS, options=_OPTIONS)
@example(texts=["— ኛ "], options=SummarizeOptions(engine="extractive").with_changes(extractive__max_words=1))
# two headlines alone and the one report with a body, which the off-topic check would drop: it stays
@example(texts=["Hà http://a.vn/b ", "http://a.vn/b ", "Hà Hà\nHà "],
         options=SummarizeOptions(engine="extractive").with_changes(extractive__max_words=1))
def test_a_summary_keeps_its_promises_or_a_one_line_error_says_why(texts: list[str], options: SummarizeOptions) -> None:
    reports = [TextReport(f"r{i}", text) for i, text in enumerate(texts)]
    try:
        result = summarize(reports, options)
    except SummarizerError as error:
        assert str(error).strip() and "\n" not in str(error).strip()
        return
    assert result.engine == "extractive" and result.sentences
    assert result.length is not None
    assert sum(word_count(s.text) for s in result.sentences) <= result.length.budget
    if options.max_sentences is not None:
        assert len(result.sentences) <= options.max_sentences
    sentences_per_file = {source.file: source.sentences for source in result.sources}
    for sentence in result.sentences:
        assert sentence.sources
        assert all(0 <= ref.index < sentences_per_file[ref.file] for ref in sentence.sources)
    assert "\n" not in result.title
    assert result.dedup.groups <= result.dedup.sentences_in
    assert result.dedup.words_after <= result.dedup.words_before
    assert json.loads(result.to_json())["engine"] == "extractive"
