"""The typer app, global options, output helpers and the one error funnel."""

from __future__ import annotations

import codecs
import errno
import functools
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TextIO, TypeVar, cast

import typer
from typer.core import TyperGroup

from partnerfit._version import __version__
from partnerfit.cli.commands import LazyCommands
from partnerfit.errors import PartnerfitError
from partnerfit.io.atomic import Terminated
from partnerfit.io.printable import printable_lines

if TYPE_CHECKING:  # the renderers (and the models they import) load with a command
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
    """Arguments in capitals without braces (``FOCAL``, ``[DIR]``); options with word metavars;
    the same for every subcommand."""
    _word_params(command)
    for sub in getattr(command, "commands", {}).values():
        _word_metavars(sub)


def _word_params(command: Any) -> None:
    """One command's arguments and options in words (see ``_word_metavars``)."""
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


class _Group(TyperGroup):
    """The root group: each command's module imported when the command is looked up
    (``partnerfit.cli.commands``), help in words (see ``_word_metavars``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word_params(self)
        self.commands = LazyCommands(app, self.commands, _word_metavars)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        variable = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(variable):
            # its import registers typer's shell completers, as add_completion would
            importlib.import_module("partnerfit.cli.completion")
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


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
    warn(message)
    return typer.Exit(code)


def _quiet_stdout() -> None:
    """After a closed pipe: send what is still buffered to /dev/null, so that the interpreter's
    final flush does not fail again with a second message and exit status 120."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


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
        except Terminated:
            raise fail("terminated", 143) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            # the reader went away (`| head`): the output is truncated, which must not look
            # like success, but it is no error worth a message either; 141 as for SIGPIPE
            _quiet_stdout()
            raise typer.Exit(141) from None
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
    from partnerfit.render.common import RenderOptions

    return RenderOptions(color=color_wanted(), width=max(40, width), unicode=_utf8(sys.stdout))


HUMAN_FORMATS = frozenset({"table", "text"})
"""Formats for people, written in the terminal's encoding; every other format is UTF-8."""


def _utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _write_all(buffer: Any, data: bytes) -> None:
    """Write every byte: an unbuffered stdout (``python -u``, PYTHONUNBUFFERED) is a raw file,
    whose ``write`` may take only part of the data (what a pipe has room for)."""
    view = memoryview(data)
    while view:
        written = buffer.write(view)
        if not written:  # a blocking stream never takes nothing; a non-blocking one is not ours
            raise BlockingIOError(errno.EAGAIN, "standard output took no data")
        view = view[written:]


def _write(stream: TextIO, text: str, *, utf8: bool) -> None:
    """Write text whatever the locale: UTF-8 bytes when asked, else what the encoding cannot
    hold as backslash escapes (an ASCII terminal under LC_ALL=C), never UnicodeEncodeError.

    The bytes go through the stream's binary buffer until all are taken: an unbuffered stdout's
    text layer drops what a partial write of its raw file leaves (a pipe whose reader is gone).
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (a test runner's)
        stream.write(text)
        stream.flush()
        return
    if utf8 or _utf8(stream):
        data = text.encode("utf-8")
    else:
        data = text.encode(stream.encoding or "ascii", "backslashreplace")
    stream.flush()
    _write_all(buffer, data)
    buffer.flush()


def emit(text: str, output_format: str) -> None:
    """Write rendered output to stdout: machine formats always as UTF-8."""
    _write(sys.stdout, text, utf8=output_format not in HUMAN_FORMATS)


def warn(text: str) -> None:
    """Write a warning or note to stderr, its control characters escaped (it may quote a file)."""
    _write(sys.stderr, printable_lines(text) + "\n", utf8=False)
