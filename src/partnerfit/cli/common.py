"""The typer app, global options, output helpers and the one error funnel."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar, cast

import typer

from partnerfit._version import __version__
from partnerfit.errors import PartnerfitError, UsageError
from partnerfit.render.common import RenderOptions

P = ParamSpec("P")
R = TypeVar("R")

ISSUES_URL = "https://github.com/partnerfit/partnerfit/issues"

app = typer.Typer(
    name="partnerfit",
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


def choice_help(names: list[str]) -> str:
    """A short list of choices for option help."""
    return "|".join(names)


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE atomically (temporary file, then rename)."),
]


def write_output(chunks: Iterable[str], output: Path | None) -> None:
    """Stream the chunks to stdout, or atomically to the output file."""
    if output is None:
        for chunk in chunks:
            emit(chunk)
    else:
        from partnerfit.io.atomic import write_atomic

        write_atomic(output, chunks)


def refuse_overwriting_inputs(output: Path | None, inputs: Iterable[Path | str | None]) -> None:
    """--output must not replace a profile or config the command reads."""
    from partnerfit.model.loading import YAML_SUFFIXES

    if output is None:
        return
    target = output.resolve()
    for given in inputs:
        if given is None:
            continue
        source = Path(given).resolve()
        inside = source.is_dir() and target.is_relative_to(source)
        if target == source or (inside and target.suffix in YAML_SUFFIXES):
            raise UsageError(f"--output {output} would overwrite an input of this command")


def refuse_html_on_terminal(output_format: str, output: Path | None) -> None:
    """An HTML report is a file to open or send: not something to print on a terminal."""
    isatty = getattr(sys.stdout, "isatty", None)
    if output_format == "html" and output is None and isatty is not None and isatty():
        raise UsageError("--format html writes a report file: give --output FILE")
