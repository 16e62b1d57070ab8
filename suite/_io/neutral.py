"""One neutraliser per output format, for every string the suite did not write itself.

Validator names and specs, their error texts, case descriptions and file names, harness
versions and instances all come from outside. Printed as they are, an escape sequence
retitles or clears the user's terminal, a `[/x]` is read as Rich markup (and crashes), a
backtick or `<script>` escapes a Markdown code span, a carriage return splits a table row.
Each format therefore has exactly one way in for foreign text, and the renderers pass
every string from a report through it; our own words are the only thing they write raw.

Characters that can change how text is shown rather than what it says (control
characters, bidirectional overrides, zero-width characters, line separators, lone
surrogates such as those `surrogateescape` makes of a file name that is not UTF-8) are
shown as Python-style escapes: `\\x1b`, `\\u202e`, and `\\xff` for such a file name byte.
"""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any

from rich.text import Text

_INVISIBLE = (
    "\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000e0000-\U000e007f"
)
#: What `visible` escapes: C0 controls (newlines too: one string, one line) and the rest.
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
#: What is left to escape in `json.dumps(..., ensure_ascii=False)` output, which already
#: escapes C0 controls and writes its own newlines when indenting.
_UNSAFE_IN_JSON = re.compile(f"[{_INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Characters with a meaning inside Markdown text (CommonMark lets any ASCII punctuation
#: be escaped with a backslash); `$` opens maths on GitHub.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#!])")


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: object) -> str:
    """Foreign text on one line, with every character that could act on the display shown
    as an escape: the core of every neutraliser, and enough for plain-text output."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), str(text))


def terminal(text: object, style: str = "") -> Text:
    """For Rich: a `Text` is never read as markup, so `[/x]` and `[botocore]` stay text."""
    return Text(visible(text), style=style)


def markdown(text: object) -> str:
    """For Markdown text, table cells included: punctuation that means something escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def markdown_code(text: object) -> str:
    """A Markdown code span holding `text` literally (not inside tables, where `|` would
    still split the cell). The fence is one backtick longer than any run inside."""
    content = visible(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", content)), default=0) + 1)
    if not content:
        return "` `"
    if content[0] in "` " or content[-1] in "` ":
        content = f" {content} "  # CommonMark strips exactly one space from each side
    return f"{fence}{content}{fence}"


def html(text: object) -> str:
    """For HTML text and attribute values."""
    return _html.escape(visible(text), quote=True)


def json_text(value: Any, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON text of `value` that is valid UTF-8 and safe to print: strings keep their exact
    value, but characters that could act on a display, and lone surrogates (which UTF-8
    cannot encode at all), are written as JSON `\\u` escapes."""
    text = json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    return _UNSAFE_IN_JSON.sub(lambda m: _json_escape(m.group()), text)


def _json_escape(char: str) -> str:
    return json.dumps(char)[1:-1] if ord(char) > 0xFFFF else f"\\u{ord(char):04x}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(level: str, file: str, title: str, message: str) -> str:
    """A GitHub Actions workflow command (`::error file=…,title=…::message`), which the
    runner turns into an annotation on the file. Foreign text is made `visible` (an escape
    code would colour the log) and then escaped as the runner reads it: `%`, CR and LF in
    the message, and also `:` and `,` in properties, which would end them."""
    return (
        f"::{level} file={_github_property(visible(file))},"
        f"title={_github_property(visible(title))}::{_github_data(visible(message))}"
    )
