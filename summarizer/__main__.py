"""`python -m summarizer FOLDER` is `summarize FOLDER` (through its console script's entry, so
that a Ctrl-C while the command imports is one line too)."""

from .entry import summarize

summarize()
