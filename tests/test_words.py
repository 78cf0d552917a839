"""The templates' output (`dossier/words.py`): what `{{ ... }}` writes is MarkupSafe's
escaping exactly, as a plain string, for any text, markup or other value."""

from __future__ import annotations

from pathlib import Path

import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from dossier.render import environment
from dossier.words import _replaced, text


class Shown:
    def __str__(self) -> str:
        return "<b>&'\"</b>"


class Trusted:
    def __html__(self) -> str:
        return "<i>trusted</i>"


class Word(str):
    pass


@given(st.text())
def test_text_is_escaped_as_markupsafe_escapes_it(value: str) -> None:
    assert text(value) == str(markupsafe.escape(value))
    assert type(text(value)) is str
    assert _replaced(value) == text(value)  # the escaping without MarkupSafe's C code


def test_other_values_are_escaped_as_markupsafe_escapes_them() -> None:
    values = [None, 0, -1.5, True, Shown(), Trusted(), Word("<&>"), markupsafe.Markup("<a>")]
    for value in values:
        assert text(value) == str(markupsafe.escape(value)), value


def test_a_page_writes_its_values_escaped_and_its_markup_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    page = "{{ a }}|{{ b }}|{{ c }}|{% set d %}<{{ a }}>{% endset %}{{ d }}|{{ e|safe }}"
    (tmp_path / "templates" / "p.html").write_text(page, encoding="utf-8")
    env = environment([tmp_path])
    out = env.get_template("p.html").render(
        a="<script>'x'&\"y\"</script>", b=markupsafe.Markup("<em>ok</em>"), c=7, e="<hr>"
    )
    escaped = "&lt;script&gt;&#39;x&#39;&amp;&#34;y&#34;&lt;/script&gt;"
    assert out == f"{escaped}|<em>ok</em>|7|<{escaped}>|<hr>"
    assert "_text(" in env.compile("{{ a }}", raw=True)
