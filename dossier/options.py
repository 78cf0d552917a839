"""The options several commands share: the output's audience, its clock and history, and
the build cache."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from .audience import Audience

FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


def audience_option(default: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--audience",
        type=click.Choice([a.value for a in Audience]),
        default=default,
        show_default=True,
        callback=lambda ctx, param, value: Audience(value),
        help="Who the output is for: the public sees no internal or embargoed material.",
    )


def _clock(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(
            f"expected a date-time with its UTC offset, such as 2017-02-09T18:00:00+03:00, "
            f"got {value!r}"
        )
    return moment


history_option = click.option(
    "--no-history",
    "no_history",
    is_flag=True,
    help="Leave out the git history: no corrections, dates of change or feed.",
)

clock_option = click.option(
    "--clock",
    callback=_clock,
    metavar="DATE-TIME",
    help="The time embargoes are compared with [default: now].",
)


def cache_options(command: Callable[..., None]) -> Callable[..., None]:
    """`--cache PATH` and `--no-cache` (docs/cache.md)."""
    command = click.option(
        "--no-cache", "no_cache", is_flag=True, help="Neither read nor write the build cache."
    )(command)
    return click.option(
        "--cache",
        "cache",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the build cache [default: FOLDER/.dossier-cache].",
    )(command)
