"""Which way a language is written (SPEC §10): `rtl` or `ltr`, from CLDR through Babel.

CLDR knows the character order of every locale it has (`ar`, `fa`, `he`, `ur`, `ckb`,
`uz-Arab`...; Kurdish `ku` is written in Latin letters, Sorani `ckb` in Arabic ones). For a
tag CLDR has no locale for, its script decides: the one the tag names (`xx-Arab`), else the
one CLDR's likely subtags give the language (`arc` is written in Imperial Aramaic).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global

Direction = Literal["ltr", "rtl"]

RTL_SCRIPTS = frozenset(
    {
        "Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr",
        "Khar", "Lydi", "Mand", "Mani", "Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr",
        "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo",
        "Syrc", "Thaa", "Yezi",
    }
)  # fmt: skip
"""ISO 15924 scripts written right to left (Unicode's `Bidi_Class` R or AL)."""


@lru_cache(maxsize=256)
def direction(language: str) -> Direction:
    """`rtl` when the BCP 47 tag `language` is written right to left, else `ltr`."""
    try:
        locale = Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return "rtl" if _script(language) in RTL_SCRIPTS else "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def _script(language: str) -> str | None:
    """The script of a tag CLDR has no locale for: its own subtag, or the likely one."""
    parts = language.replace("_", "-").split("-")
    likely = get_global("likely_subtags").get(parts[0].lower())
    return _script_subtag(parts[1:]) or (
        _script_subtag(likely.split("_")[1:]) if isinstance(likely, str) else None
    )


def _script_subtag(subtags: list[str]) -> str | None:
    """The first four-letter subtag, an ISO 15924 script code (`Arab`)."""
    return next((s.title() for s in subtags if len(s) == 4 and s.isalpha()), None)


_OTHER_WAY = {"ltr": frozenset({"R", "AL"}), "rtl": frozenset({"L"})}
"""The bidirectional classes of the letters written the other way than a page."""


@lru_cache(maxsize=8192)  # the same titles and names are asked for on page after page
def against(text: str, page: Direction) -> bool:
    """Whether `text` holds a letter written the other way than the page (an Arabic name on
    an English page, a Latin one on an Arabic page): only such a text can carry the words
    beside it along with it, so it is isolated (SPEC §10)."""
    other = _OTHER_WAY[page]
    return any(unicodedata.bidirectional(char) in other for char in text)
