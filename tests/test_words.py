"""The templates' output (`dossier/words.py`): what `{{ ... }}` writes is MarkupSafe's
escaping exactly, as a plain string, for any text, markup or other value."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dossier.i18n import language
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


# `_("literal", name=value)`: formatted in the template's own code --------------------------

CALLS = [
    '_("Back to citation %(number)s", number=n)',
    '_("Back to citation %(number)s", number=n ~ "b",)',
    '_("Back to citation %(number)s", number=(n|string)[0:1] ~ f(1, 2))',
    '_("Conflict over %(figure)s", figure=m["k"] if m else "none")',
    '_("Conflict over %(figure)s", figure={"a": [n, (1, 2)]}["a"][0])',
    '_("%(title)s: new incidents and corrections", title=t)',
    '_("100%% of %(n)s, %(title)s", n=n, title=t)',
    '_("Back to citation %(number)s", number=_("Sources"))',
]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("code", ["de", "ar", "en"])
def test_a_message_with_variables_renders_as_the_newstyle_call(
    tmp_path: Path, call: str, code: str
) -> None:
    """Whatever the variables' expressions (filters, calls, brackets, a conditional, a
    trailing comma, another message), the page is what Jinja's own newstyle gettext gives:
    the translation as markup, its variables escaped, `%%` as `%`; and the compiled template
    calls no `_` for it."""
    (tmp_path / "templates").mkdir()
    source = "{{ " + call + " }}|{{ (" + call + ")|length }}"
    (tmp_path / "templates" / "t.html").write_text(source, encoding="utf-8")
    ours = environment([tmp_path], language(code))
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(language(code).translations, newstyle=True)  # type: ignore[attr-defined]
    values = {"n": "<3>", "t": "A & B", "m": {"k": "'x'"}, "f": lambda a, b: f'{a}"{b}'}
    expected = plain.from_string(source).render(**values)
    assert ours.get_template("t.html").render(**values) == expected
    if '_("Sources")' not in call:  # a variable the page must escape
        assert "&lt;" in expected or "&amp;" in expected or "&#39;" in expected
    compiled = ours.compile("{{ " + call + " }}", raw=True)
    assert "name='_'" not in compiled, compiled


def test_a_call_it_cannot_read_as_keywords_is_left_to_gettext(tmp_path: Path) -> None:
    """A positional variable or `**` is the call's business (and its error), not rewritten."""
    ours = environment([tmp_path], language("de"))
    for call in ['_("Sources", n)', '_("Sources", **v)', "_(m, n=1)"]:
        assert "name='_'" in ours.compile("{{ " + call + " }}", raw=True), call


# `a.b`: the attribute, else the item, else undefined ----------------------------------------


class Thing:
    colour = "<red>"

    @property
    def broken(self) -> str:
        raise AttributeError("inside")


def test_an_attribute_is_read_as_jinja_reads_it(tmp_path: Path) -> None:
    """Attributes first, then items (a dict's `.keys` is its method, `.k` its item), and a
    missing one is StrictUndefined's error, as with `environment.getattr`, which the
    compiled template binds once instead of looking it up for each `a.b`."""
    ours = environment([tmp_path])
    page = "{{ a.colour }}|{{ d.k }}|{{ d.keys is callable }}|{{ a.broken is defined }}"
    assert ours.from_string(page).render(a=Thing(), d={"k": "<k>"}) == (
        "&lt;red&gt;|&lt;k&gt;|True|False"
    )
    compiled = ours.compile(page, raw=True)
    assert "environment.getattr(" not in compiled and "_attribute(" in compiled
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        ours.from_string("{{ a.missing }}").render(a=Thing())
    with pytest.raises(jinja2.UndefinedError):
        ours.from_string("{{ d.missing }}").render(d={})


@given(st.one_of(st.text(), st.text().map(markupsafe.Markup), st.integers(), st.floats()))
@example("الباب <b>")
@example(markupsafe.Markup("<i>Halab</i> حلب"))
def test_bdi_and_isolate_are_markupsafe_formatting_of_the_language_s_isolation(
    value: object,
) -> None:
    """The filters keep each text's isolation (a cache), and write what
    `Markup("<bdi>{}</bdi>").format(value)` would: the value escaped unless it is markup."""
    for code in ("en", "ar"):
        lang = language(code)
        env = environment([Path("/nonexistent")], lang)
        isolated = bool(lang.isolate(str(value)))
        wrapped = markupsafe.Markup("<bdi>{}</bdi>" if isolated else "{}").format(value)
        for _ in range(2):  # the second time from the cache
            assert env.filters["bdi"](value) == wrapped
            assert env.filters["isolate"](value) == lang.isolate(str(value))
