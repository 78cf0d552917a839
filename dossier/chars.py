"""The characters content may not hold, and how a diagnostic shows the text it quotes.

SPEC 2: no value, however it is written, holds a C0 or C1 control character other than tab
and newline, DEL, a line separator (U+2028, U+2029), or a bidirectional embedding, override
or isolate control (U+202A-U+202E, U+2066-U+2069). `FORBIDDEN` is that set, in one place:
the raw file check (`load.read_text`), the decoded YAML values (`yamlread`) and the
character references of a Markdown body (`load`) all use it. Joiners (U+200C, U+200D),
variation selectors and the marks LRM and RLM are text and stay legal.

SPEC 5: a diagnostic is one line whatever it quotes. `one_line` is the one escaping of
what is printed: every control (tab and newline too), the line separators, the
bidirectional controls and marks, and the lone surrogates that stand for the bytes of a
file name that is not UTF-8, each shown as a Python-style escape.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
"""One character content may not hold (a carriage return is one: files are read with their
line ends made newlines first)."""

UNSHOWN_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
"""What one line of text from outside the content (a commit's subject) may not show on a
page: the forbidden set, with tab and newline."""


def forbidden_name(char: str) -> str:
    """What the forbidden `char` is, for a message: `control character U+001B`."""
    code = ord(char)
    if code in (0x2028, 0x2029):
        what = "line separator"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        what = "bidirectional control"
    else:
        what = "control character"
    return f"{what} U+{code:04X}"


_SHOWN = [
    *range(0x20),
    *range(0x7F, 0xA0),
    0x061C,  # ARABIC LETTER MARK
    0x200E,  # LEFT-TO-RIGHT MARK
    0x200F,  # RIGHT-TO-LEFT MARK
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_ESCAPES: dict[int, str] = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _SHOWN}
_ESCAPES |= {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}
# `os.fsdecode` turns each byte of a name that is not UTF-8 into a lone surrogate
# U+DC80-U+DCFF: it is shown as that byte. Any other lone surrogate is shown as itself.
_ESCAPES |= {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}
_ESCAPES |= {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000) if c not in _ESCAPES}


def one_line(text: str) -> str:
    """`text` with every control character, line separator, bidirectional control or mark
    and lone surrogate shown escaped (`\\n`, `\\x1b`, `\\u202e`, `\\xe9`), so that it
    prints as one line, in the order it is written, and drives no terminal."""
    return text.translate(_ESCAPES) if not text.isprintable() else text
