"""Rendering: the theme (resolved in one place), and one renderer that writes every page of
a plan to a sink: a folder for `build` and `serve`, memory for a caller that wants the bytes.

A theme is a folder with `templates/` and `static/`. The project's own `themes/<name>/`
comes first, then the package's theme of that name, then the package's default theme: a
project overrides any template or asset by giving a file of the same name.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import jinja2
from markupsafe import Markup

from . import markdown, words
from .diagnostics import FileError, Report, ThemeError
from .files import theme_links
from .i18n import ENGLISH, Language
from .memo import Once, Remember
from .parallel import map_in_order
from .search import Spool
from .views import Fact, PageView, Reads, Views
from .views.keep import Keep, PageItems
from .write import make_folder, put, writing

if TYPE_CHECKING:
    from .check import Dossier
    from .rendercache import RenderCache, Stored

PACKAGE_THEMES = Path(str(resources.files("dossier"))) / "themes"
"""Inside an installed wheel; in a source checkout the repository's `themes/`."""
if not PACKAGE_THEMES.is_dir():  # an editable install: the themes sit beside the package
    PACKAGE_THEMES = Path(__file__).resolve().parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    """A resolved theme: the folders its files come from (first match wins), its templates."""

    dirs: tuple[Path, ...]
    env: jinja2.Environment

    @classmethod
    def resolve(cls, root: Path, name: str, lang: Language = ENGLISH) -> Theme:
        """The theme `name` of the project at `root`, its templates speaking `lang`.

        Raises ThemeError for a symbolic link of the project's theme that `check` reports
        (`files.theme_links`): one leading out of `themes/` is never followed."""
        report = Report()
        theme_links(root, name, report)
        if report.errors:
            raise ThemeError(report.sorted()[0].text())
        candidates = [root / "themes" / name, PACKAGE_THEMES / name, PACKAGE_THEMES / "default"]
        seen: list[Path] = []
        for folder in candidates:
            if folder.is_dir() and folder.resolve() not in [s.resolve() for s in seen]:
                seen.append(folder)
        return cls(tuple(seen), environment(seen, lang))

    def static_files(self) -> dict[str, Path]:
        """Every asset by its path under `static/`; the first theme folder that has it wins."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / "static"
            for file in sorted(static.rglob("*")) if static.is_dir() else ():
                if file.is_file():
                    found[file.relative_to(static).as_posix()] = file
        return dict(sorted(found.items()))


class _Environment(jinja2.Environment):
    code_generator_class = words.Compiler


def environment(dirs: Sequence[Path], lang: Language = ENGLISH) -> jinja2.Environment:
    """Autoescaped, strict: a missing value fails the build, not the reader. Its `_` and
    `ngettext` are the language's (newstyle: `%(name)s` filled in and escaped)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates never change during a build; `serve` resolves the theme again when a
        # theme file does. Without this, every page would stat each of its templates.
        auto_reload=False,
        extensions=["jinja2.ext.i18n", words.Constants],
    )
    words.install(env, lang.translations)
    env.globals["once"] = Once()
    remember = env.globals["remember"] = Remember()
    env.globals["remember_same"] = remember.same
    isolated = functools.lru_cache(maxsize=16_384)(functools.partial(_isolated, lang))
    env.filters["isolate"] = lambda text, of=None: isolated(str(text), of)
    env.filters["bdi"] = functools.partial(_bdi, isolated)
    return env


def _isolated(lang: Language, text: str, of: str | None) -> Markup:
    """`Language.isolate` as markup. Kept for each text: the same titles are asked for on
    page after page, a hundred and fifty times a page in all. The answers, one of two, are
    shared (`_markup`) rather than one string for each text kept."""
    return _markup(lang.isolate(text, of))


_markup = functools.cache(Markup)


def _bdi(isolated: Callable[[str, str | None], Markup], value: object) -> Markup:
    """`value`, escaped, in `<bdi>` when it needs isolating on this page (`Language.isolate`)."""
    shown = words.text(value)
    return Markup(f"<bdi>{shown}</bdi>" if isolated(str(value), None) else shown)


class Sink(Protocol):
    """Where rendered pages go."""

    parallel: bool
    """Can workers write to it (a folder), or must it all happen here (memory)? A sink that
    can is sent to a spawned worker, so it must pickle."""

    def prepare(self, urls: Sequence[str]) -> None:
        """Ready the sink for these pages, before any is written."""

    def write(self, url: str, data: bytes) -> None: ...


@dataclass
class FolderSink:
    """Pages written under `folder`; with `only_changed`, a page whose bytes are the same
    as on disk is not written again (`serve`). Never through a file already there (it may
    be a hard link into the last site, `pagecache`): new files in a `fresh` folder (a
    build's staging folder), elsewhere written beside and renamed over the old one."""

    folder: Path
    only_changed: bool = False
    fresh: bool = False
    parallel: bool = True

    def prepare(self, urls: Sequence[str]) -> None:
        """Make the folders the pages go in, once, before the workers start."""
        for parent in sorted({(self.folder / url).parent for url in urls}):
            make_folder(parent)

    def write(self, url: str, data: bytes) -> None:
        path = self.folder / url
        if self.fresh:
            put(path, data, new=True)
            return
        if self.only_changed:
            try:
                if path.read_bytes() == data:
                    return
            except FileNotFoundError:
                pass
        replace(path, data)


@dataclass
class MemorySink:
    """Pages kept as bytes, by URL."""

    pages: dict[str, bytes] = field(default_factory=dict)
    parallel: bool = False

    def prepare(self, urls: Sequence[str]) -> None:
        """Nothing to make ready in memory."""

    def write(self, url: str, data: bytes) -> None:
        self.pages[url] = data


def replace(path: Path, data: bytes) -> None:
    """Write `path` whole: a reader never sees half a file (an error names `path`)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        put(tmp, data)
    except FileError as exc:
        raise FileError(str(path), exc.cause, exc.verb, exc.then) from None
    with writing(path):
        os.replace(tmp, path)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering one page gives back besides its HTML."""

    url: str
    document: str | None
    """An entry page's search document, as JSON."""
    facts: frozenset[Fact] | None
    """What the page read, when recording (`serve`)."""
    media: tuple[tuple[str, bool], ...] = ()
    """The files of `media/` it shows or links, each with whether it is a preserved copy
    (published byte for byte): the site holds these and no other (`Reads.showing`)."""
    kept: PageItems | None = None
    """The parts of the page the views made, to use again (`serve`: `views.keep`)."""
    body: Stored | None = None
    """Its body's record in the render cache, when there is one (`rendercache`)."""


@dataclass(frozen=True)
class _Job:
    """What the pages are rendered with, here and in the workers.

    A forked worker inherits it. A spawned one is sent the checked dossier, the theme's
    folders and the sink, and makes its own views and templates from them, as `build` and
    `serve` make theirs (a markdown-it parser does not pickle, and a Jinja environment is
    cheaper to make again than to send)."""

    views: Views
    theme: Theme
    sink: Sink
    record: bool
    spool: Spool | None

    def __reduce__(self) -> tuple[object, ...]:
        # What the pages kept is not sent: a spawned worker makes its pages' parts anew.
        views = self.views
        keep, cache = views.parts.keep, views.parts.cache
        drafts = None if keep is None else keep.drafts
        state = (views.reads.dossier, self.theme.dirs, self.sink, self.record, drafts, cache)
        return (_job, (*state, self.spool))


def _job(
    dossier: Dossier,
    dirs: tuple[Path, ...],
    sink: Sink,
    record: bool,
    drafts: bool | None,
    cache: RenderCache | None,
    spool: Spool | None,
) -> _Job:
    reads = Reads(dossier)
    keep = None if drafts is None else Keep(drafts=drafts)
    views = Views(reads, markdown.create(), keep, cache)
    return _Job(views, Theme(dirs, environment(dirs, reads.lang)), sink, record, spool)


_JOB: _Job | None = None
"""The job of the pages being rendered: set here, and in each worker by `_take_job`."""


def render_pages(
    views: Views,
    theme: Theme,
    pages: Sequence[PageView],
    sink: Sink,
    record: bool = False,
    meanwhile: Callable[[], object] | None = None,
    spool: Spool | None = None,
) -> list[Rendered]:
    """Render every page of `pages` into `sink`; in order, what each gave back. This
    process does `meanwhile` (the build writes `data/`) while the workers begin. With a
    `spool`, the search documents go there instead of into what is given back. With
    `record`, each page's facts are recorded (`serve`, and a build's page cache).

    `views` are those of `Views(Reads(dossier), markdown.create())`: a spawned worker makes
    its own so."""
    global _JOB
    sink.prepare([page.url for page in pages])
    job = _Job(views, theme, sink, record, spool)
    Once.forget(theme.env)
    remember = theme.env.globals["remember"]
    assert isinstance(remember, Remember)
    remember.keeping = record and views.parts.keep is not None  # `serve`, not a build
    _JOB = job
    try:
        if sink.parallel:
            setup = functools.partial(_take_job, job)
            # Forked workers take every page: see `Spread` for why this process takes none.
            return map_in_order(_render_share, pages, setup, meanwhile, here=False)
        if meanwhile is not None:
            meanwhile()
        return _render_share(pages)
    finally:
        _JOB = None


def _take_job(job: _Job) -> None:
    """A worker's setup: the job it renders with."""
    global _JOB
    _JOB = job


def _render_share(pages: Sequence[PageView]) -> list[Rendered]:
    """Render a share of the pages (maybe in a worker). Search documents cross between
    processes as JSON text: one string pickles faster, and weighs less, than a dict."""
    assert _JOB is not None
    views, theme, sink, record, spool = _JOB.views, _JOB.theme, _JOB.sink, _JOB.record, _JOB.spool
    cache = views.parts.cache
    out = []
    spooled = []
    keep = views.parts.keep
    for page in pages:
        if keep is not None:
            keep.page(page.url)
        recording: AbstractContextManager[set[Fact]] = (
            views.reads.recording() if record else nullcontext(set())
        )
        with recording as facts, views.reads.showing() as media:
            try:
                context = views.context(page)
                html = theme.env.get_template(page.template).render(context)
            except jinja2.TemplateError as exc:
                raise ThemeError(f"{page.url}: {describe(exc)}") from None
            document = views.document(page, context) if page.entry else None
        sink.write(page.url, html.encode("utf-8"))
        if spool is not None and document is not None:
            spooled.append((page.url, document))
            document = None
        shown = tuple(sorted(media.items()))
        kept = keep.made if keep is not None else None
        body = cache.take() if cache is not None else None
        read = frozenset(facts) if record else None
        out.append(Rendered(page.url, document, read, shown, kept, body))
    if spool is not None:
        spool.put(spooled)
    return out


def documents(rendered: Sequence[Rendered]) -> list[str]:
    """The search documents of the rendered entry pages, in the pages' order."""
    return [r.document for r in rendered if r.document is not None]


def describe(exc: jinja2.TemplateError) -> str:
    """A template error with the template file and line where it happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
    place = ""
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps template frames to the template's own lines
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            place = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return f"{place}{exc}"
