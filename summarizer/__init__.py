"""summarizer: one headline and one summary for a folder of Vietnamese news reports about one event.

Library use::

    from summarizer import summarize, SummarizeOptions, TextReport
    result = summarize("reports/", SummarizeOptions(engine="extractive"))
    print(result.title, result.summary)
    # reports held in memory: text (title on the first line) or a file's bytes
    result = summarize([TextReport("a", text_a), TextReport("b.html", page_bytes)])

Heavy dependencies (torch, transformers) are imported only when the ViT5 engine loads.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .errors import BadOptionError, SummarizerError
from .options import DEFAULT_OPTIONS, SummarizeOptions

__version__ = "0.1.0"
__all__ = ["summarize", "prepare", "SummarizeOptions", "DEFAULT_OPTIONS", "SummarizerError", "BadOptionError", "TextReport",
           "__version__"]

# A library logs through the "summarizer" logger and leaves output to its host: without a handler
# of the host's, Python's last-resort handler would print warnings to stderr. The CLIs add their own.
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .documents import TextReport
    from .pipeline import prepare, summarize


def __getattr__(name: str) -> Any:
    if name in ("summarize", "prepare"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "TextReport":
        from .documents import TextReport

        return TextReport
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
