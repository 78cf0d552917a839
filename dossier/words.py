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

A call with a literal message and keyword variables, `_("Back to citation %(number)s",
number=n)`, becomes the literal translation, safe, formatted with them in the template's own
code (`("…"|safe) % {"number": n}`): what newstyle gettext does, without the call through
the context and the function.

`Compiler` is Jinja's compiler but for what `{{ ... }}` writes on an autoescaped page: the
escaped text as a plain string (`text`), where Jinja makes a `Markup` of each only for it to
be joined into the page at once (a fifth of the time a page took); and for `a.b`, the
environment's `getattr` bound once in the template's module, where Jinja looks it up on
every use (some four hundred a page)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from gettext import NullTranslations

import jinja2
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import Expr, Getattr, Template
from markupsafe import Markup


class Constants(Extension):
    """`_("literal")` → the literal translation, safe, at compile time."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(word_translations=None)

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations = getattr(self.environment, "word_translations", None)
        return _rewritten(list(stream), translations)


def _rewritten(tokens: list[Token], translations: object) -> Iterator[Token]:
    """`tokens` with each `_("literal")` translated, and each `_("literal", name=...)`
    formatted (its variables' own tokens rewritten so too)."""
    at = 0
    while at < len(tokens):
        if _constant_call(tokens, at):
            message, close = tokens[at + 2], tokens[at + 3]
            yield Token(message.lineno, "string", _translate(translations, message.value))
            yield Token(close.lineno, "pipe", "|")
            yield Token(close.lineno, "name", "safe")
            at += 4
        elif (found := _formatted_call(tokens, at)) is not None:
            end, variables = found
            yield from _formatted(tokens[at], translations, tokens[at + 2], variables)
            at = end
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


_OPEN = {"lparen": "rparen", "lbracket": "rbracket", "lbrace": "rbrace"}


def _formatted_call(
    tokens: list[Token], at: int
) -> tuple[int, list[tuple[Token, list[Token]]]] | None:
    """Is `tokens[at:]` a call `_("literal", name=expression, ...)` with keywords only? Its
    end (one past its `)`) and each variable's name and expression, if so."""
    shape = [t.type for t in tokens[at : at + 4]]
    if shape != ["name", "lparen", "string", "comma"] or tokens[at].value != "_":
        return None
    if at > 0 and tokens[at - 1].type == "dot":
        return None
    variables: list[tuple[Token, list[Token]]] = []
    i = at + 4
    while i < len(tokens) and tokens[i].type != "rparen":
        if [t.type for t in tokens[i : i + 2]] != ["name", "assign"]:
            return None  # a positional argument, `**`: left to the call itself
        name, i = tokens[i], i + 2
        expression: list[Token] = []
        closing: list[str] = []
        while i < len(tokens):
            token = tokens[i]
            if not closing and token.type in ("comma", "rparen"):
                break
            if token.type in _OPEN:
                closing.append(_OPEN[token.type])
            elif closing and token.type == closing[-1]:
                closing.pop()
            expression.append(token)
            i += 1
        if not expression or i >= len(tokens):
            return None
        variables.append((name, expression))
        if tokens[i].type == "comma":
            i += 1
    if i >= len(tokens) or not variables:
        return None
    return i + 1, variables


def _formatted(
    call: Token,
    translations: object,
    message: Token,
    variables: list[tuple[Token, list[Token]]],
) -> Iterator[Token]:
    """`(translation|safe) % {"name": (expression), ...}`: newstyle gettext's formatting."""
    line = call.lineno
    text = _translations(translations).gettext(message.value)
    yield from (Token(line, "lparen", "("), Token(line, "string", text))
    yield from (Token(line, "pipe", "|"), Token(line, "name", "safe"))
    yield from (Token(line, "mod", "%"), Token(line, "lbrace", "{"))
    for n, (name, expression) in enumerate(variables):
        if n:
            yield Token(line, "comma", ",")
        yield from (Token(line, "string", name.value), Token(line, "colon", ":"))
        yield Token(line, "lparen", "(")
        yield from _rewritten(expression, translations)
        yield Token(line, "rparen", ")")
    yield from (Token(line, "rbrace", "}"), Token(line, "rparen", ")"))


def _translations(translations: object) -> NullTranslations:
    if not isinstance(translations, NullTranslations):
        raise jinja2.TemplateError("the templates' words are installed after their compiler")
    return translations


def _translate(translations: object, message: str) -> str:
    return str(Markup(_translations(translations).gettext(message)) % {})


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
        self.writeline("_attribute = environment.getattr")
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Frame) -> None:
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        self.write("_attribute(")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r})")

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
