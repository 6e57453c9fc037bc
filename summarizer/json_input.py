"""JSON that users give the tool (archives, predictions, references, a batch output and its options
file, a model folder's configuration): every way such a text can fail to be JSON is one exception.

``json.loads`` fails in more ways than ``json.JSONDecodeError``: bytes that do not decode
(``UnicodeDecodeError``), nesting deeper than the decoder's recursion allows (``RecursionError``,
not a ValueError at all), and an integer longer than Python converts (a plain ``ValueError``,
``sys.get_int_max_str_digits()``, 4,300 digits by default). A reader that catches only some of them
turns a damaged file into an internal error; :func:`parse_json` turns them all into
:class:`MalformedJSON`, which each reader reports as its own input error.
"""

from __future__ import annotations

import json
import sys
from typing import Any

_INT_LIMIT_MARK = "integer string conversion"  # in the ValueError of an integer over the digit limit


class MalformedJSON(ValueError):
    """The text is not JSON the tool can read; the message says why, in one line."""


def parse_json(data: str | bytes | bytearray, *, encoding: str | None = None) -> Any:
    """``data`` parsed as JSON; MalformedJSON for every way it can fail (see the module doc).
    ``encoding``: decode bytes with it first (strictly), instead of letting ``json`` detect
    UTF-8, UTF-16 or UTF-32."""
    try:
        if encoding is not None and isinstance(data, (bytes, bytearray)):
            data = bytes(data).decode(encoding)
        return json.loads(data)
    except RecursionError:  # a list or object nested thousands deep: valid JSON, too deep to read
        raise MalformedJSON(f"nested deeper than the reader goes (about {sys.getrecursionlimit()} levels)") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer over the digit limit
        if not isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)) and _INT_LIMIT_MARK in str(exc):
            raise MalformedJSON(f"a number longer than {sys.get_int_max_str_digits()} digits") from exc
        raise MalformedJSON(str(exc)) from exc
