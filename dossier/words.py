"""The templates' words: Jinja2's i18n extension, made cheap.

The templates call `_("Sources")` some thirty times a page. `Constants` translates a call
with one literal message and nothing else when the template is compiled (an environment is
made for one language), so the page holds the words as text and makes no call at all: the
call becomes the literal translation marked safe, which Jinja folds into the template's
code. What it leaves (a message with variables, `ngettext`) goes to `install`'s callables,
which are the extension's newstyle ones without a context look-up per call.

The semantics are newstyle gettext's on an autoescaped page: a translation is markup, and
always a format string (`%%` is `%`), its `%(name)s` filled in with the escaped variables.
The templates stay as they are, so `make messages` extracts the same messages.

`Compiler` is Jinja's compiler but for what `{{ ... }}` writes on an autoescaped page: the
escaped text as a plain string (`text`), where Jinja makes a `Markup` of each only for it to
be joined into the page at once (a fifth of the time a page took)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from gettext import NullTranslations

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import Expr, Template
from markupsafe import Markup


class Constants(Extension):
    """`_("literal")` → the literal translation, safe, at compile time."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(word_translations=None)

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations = getattr(self.environment, "word_translations", None)
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            if _constant_call(tokens, at):
                message, close = tokens[at + 2], tokens[at + 3]
                yield Token(message.lineno, "string", _translate(translations, message.value))
                yield Token(close.lineno, "pipe", "|")
                yield Token(close.lineno, "name", "safe")
                at += 4
            else:
                yield tokens[at]
                at += 1


def _constant_call(tokens: list[Token], at: int) -> bool:
    """Is `tokens[at:]` a call `_("literal")` (and not a method `x._(...)`)?"""
    shape = [t.type for t in tokens[at : at + 4]]
    return (
        shape == ["name", "lparen", "string", "rparen"]
        and tokens[at].value == "_"
        and not (at > 0 and tokens[at - 1].type == "dot")
    )


def _translate(translations: object, message: str) -> str:
    if not isinstance(translations, NullTranslations):
        raise jinja2.TemplateError("the templates' words are installed after their compiler")
    return str(Markup(translations.gettext(message)) % {})


def install(env: jinja2.Environment, translations: NullTranslations) -> None:
    """The language's `_`, `gettext` and `ngettext` in `env`, and its translations for
    `Constants`."""
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.word_translations = translations  # type: ignore[attr-defined]
    gettext = _gettext(translations)
    env.globals.update(_=gettext, gettext=gettext, ngettext=_ngettext(translations))


def _gettext(translations: NullTranslations) -> Callable[..., Markup]:
    done: dict[str, Markup] = {}

    def gettext(message: str, /, **variables: object) -> Markup:
        if variables:
            return Markup(translations.gettext(message)) % variables
        found = done.get(message)
        if found is None:
            found = done[message] = Markup(translations.gettext(message)) % {}
        return found

    return gettext


def _ngettext(translations: NullTranslations) -> Callable[..., Markup]:
    def ngettext(singular: str, plural: str, num: int, /, **variables: object) -> Markup:
        variables.setdefault("num", num)
        return Markup(translations.ngettext(singular, plural, num)) % variables

    return ngettext


class Compiler(CodeGenerator):
    """Jinja's compiler, but for what `{{ ... }}` writes on an autoescaped page: the escaped
    text itself (`text`), not a `Markup` made of it only to be joined into the page."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import text as _text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: object) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("_text(")
            if finalize.src is not None:  # type: ignore[attr-defined]
                self.write(finalize.src)  # type: ignore[attr-defined]
            return
        super()._output_child_pre(node, frame, finalize)  # type: ignore[arg-type]


def text(value: object) -> str:
    """`value` as MarkupSafe's `escape` writes it (markup as it is; else `&<>'"` escaped
    as `&amp;`, `&lt;`, `&gt;`, `&#39;`, `&#34;`), as a plain string."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()  # type: ignore[no-any-return]
        value = str(value)
    return _escaped(value)


def _replaced(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:  # MarkupSafe's own escaping of a str, in C where it was built: a fifth of the time
    from markupsafe import _escape_inner as _escaped  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another MarkupSafe
    _escaped = _replaced
