"""Text outputs other than HTML: a terminal, a log, a GitHub annotation, a Markdown summary.

Content is untrusted, and each of these channels gives some characters a meaning of its own: a
newline starts a new diagnostic (or a new workflow command), an ESC starts a terminal escape
sequence, bidirectional controls reorder what a reader sees, and Markdown turns `![x](url)`
into an image and `<img>` into HTML. Every writer of such a channel passes content through one
of these functions, so that content can only ever be shown, never obeyed:

- `plain_text` for a terminal or a log: control characters, line breaks and bidirectional
  controls become visible escapes (`\\x1b`, `\\x0a`, `\\u202e`);
- `markdown_text` for Markdown prose: `plain_text`, then every ASCII punctuation character
  backslash-escaped (CommonMark allows that for all of them), so no emphasis, link, image,
  autolink, mention or HTML can start;
- `markdown_code` for an identifier shown as a code span;
- `json_text` for JSON that may end up on a terminal.

HTML is not made here: pages come from autoescaping templates.
"""

from __future__ import annotations

import json
import re

# C0 and C1 controls (newline and tab included), DEL, Unicode line and paragraph separators,
# and the bidirectional marks, embeddings, overrides and isolates ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain_text(text: str) -> str:
    """`text` on one line with no control character: each is shown as a visible escape."""
    return _UNSAFE.sub(_visible, text)


def markdown_text(text: str) -> str:
    """`text` as Markdown that renders as exactly this text (on one line)."""
    return _ASCII_PUNCTUATION.sub(r"\\\g<0>", plain_text(text))


def markdown_code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    text = plain_text(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def json_text(data: object, **options: object) -> str:
    """`json.dumps(data)` with every character a terminal or an editor could act on escaped.

    `json.dumps` escapes C0 controls already; without `ensure_ascii` it leaves C1 controls
    (U+009B is a terminal's CSI), line separators and bidirectional controls as they are."""
    text = json.dumps(data, ensure_ascii=False, **options)  # type: ignore[arg-type]
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
