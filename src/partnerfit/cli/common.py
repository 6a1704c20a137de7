"""The typer app, global options, output helpers and the one error funnel."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ParamSpec, TypeVar, cast

import typer
from typer.core import TyperGroup

from partnerfit._version import __version__
from partnerfit.errors import PartnerfitError
from partnerfit.render.common import RenderOptions

P = ParamSpec("P")
R = TypeVar("R")

ISSUES_URL = "https://github.com/partnerfit/partnerfit/issues"

TYPE_METAVARS = {"path": "PATH", "int": "N", "float": "NUMBER", "str": "TEXT"}
"""Words for an option's value when it names none: never ``<list[str]>`` or ``<int range>``."""
OPTION_METAVARS = {
    "--left": "DIR",
    "--right": "DIR",
    "--candidates": "DIR",
    "--capacity": "N|ID=N",
    "--min-score": "S",
    "--top-k": "K",
    "--focal": "ID",
}
"""Words for options whose value the type alone does not name."""


def _word_metavars(command: Any) -> None:
    """Arguments in capitals without braces (``FOCAL``, ``[DIR]``); options with word metavars."""
    for param in getattr(command, "params", ()):
        kind = type(param).__name__
        if kind == "TyperArgument":
            name = (param.metavar or param.name or "").upper()
            usage = name if param.required else f"[{name}]"
            suffix = "..." if param.nargs != 1 else ""
            param.metavar = name
            # typer draws required arguments as {name} and adds their type: plain words instead
            param._usage_display_name = lambda usage=usage, suffix=suffix: usage + suffix
            param.display_type_rich = lambda **_: None
        elif kind == "TyperOption" and param.metavar is None and not param.is_flag:
            named = next((OPTION_METAVARS[o] for o in param.opts if o in OPTION_METAVARS), None)
            if named is not None:
                param.metavar = named
            elif param.type_descriptor.is_choice:
                param.metavar = "|".join(str(c) for c in param.type_descriptor.choices)
            else:
                bare = param.display_type(None).strip("<>").removeprefix("list[").removesuffix("]")
                bare = bare.removesuffix(" range")
                param.metavar = TYPE_METAVARS.get(bare, bare.upper())
    for sub in getattr(command, "commands", {}).values():
        _word_metavars(sub)


class _Group(TyperGroup):
    """The root group: help in words (see ``_word_metavars``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word_metavars(self)


app = typer.Typer(
    name="partnerfit",
    cls=_Group,
    help="Rank candidate partner organisations by explained, weighted fit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """Options that apply to every command."""

    debug: bool = False


# typer >= 0.25 vendors its own click and no longer installs click, older typer uses click:
# reach the base of its usage errors and its state without importing either
_ClickException = cast(
    type[Exception], next(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException")
)
_state = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerfit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Rank candidate partner organisations by explained, weighted fit."""
    del version
    _state.debug = debug
    ctx.obj = _state


def _debugging() -> bool:
    return _state.debug or os.environ.get("PARTNERFIT_DEBUG") == "1"


def fail(message: str, code: int) -> typer.Exit:
    """Print a message on stderr and return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """The error funnel: user errors become a message and an exit status, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PartnerfitError as err:
            prefix = "error: " if err.exit_code == 2 else ""
            raise fail(f"{prefix}{err.message}", err.exit_code) from None
        except (typer.Exit, typer.Abort, _ClickException):
            raise
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            raise typer.Exit(1) from None
        except Exception as err:
            if _debugging():
                raise
            raise fail(
                f"internal error: {type(err).__name__}: {str(err)[:200]}\n"
                f"This is a bug in partnerfit; please report it at {ISSUES_URL} "
                "(rerun with --debug for the traceback).",
                70,
            ) from None

    return wrapper


def color_wanted(stream: object = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or TERM is dumb."""
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR", "") != "":
        return True
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


def render_options(width: int | None = None) -> RenderOptions:
    """Options for renderers writing to stdout."""
    if width is None:
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 20:
            width = int(columns)
        else:
            try:
                width = os.get_terminal_size(sys.stdout.fileno()).columns
            except (OSError, ValueError, AttributeError):
                width = 120
    return RenderOptions(color=color_wanted(), width=max(40, width))


def emit(text: str) -> None:
    """Write rendered output to stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def warn(text: str) -> None:
    """Write a warning or note to stderr."""
    typer.echo(text, err=True)
