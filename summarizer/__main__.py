"""`python -m summarizer FOLDER` is `summarize FOLDER`."""

from .cli import main

main()
