"""Where a command's result goes: stdout or a file written atomically, with a progress bar
on a terminal's stderr for long runs, and never over one of the command's own inputs."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from partnerfit.cli.common import emit
from partnerfit.errors import UsageError

__all__ = [
    "Stages",
    "check_html_output",
    "counted_lines",
    "progress_bar",
    "progress_wanted",
    "refuse_overwriting_inputs",
    "write_output",
]


def progress_wanted(disabled: bool) -> bool:
    """A progress bar only on a terminal stderr, and not when TERM is dumb."""
    if disabled or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


class Stages(Protocol):
    """A progress callback: the engine's ``(done, total)``, plus a new label for a new stage."""

    def __call__(self, done: int, total: int | None, label: str | None = None) -> None:
        """Show ``done`` of ``total`` (None: not known), under ``label`` when it changes."""


@contextlib.contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Stages | None]:
    """A rich progress bar on stderr, fed by the engine's (done, total) callback.

    The same bar carries on through later stages (writing the output) when it is called with
    a new label, so that it covers the whole run.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None, label: str | None = None) -> None:
            if label is not None:
                bar.update(task, description=label)
            bar.update(task, completed=done, total=total)

        yield update


def counted_lines(
    chunks: Iterable[str], total: int | None, progress: Stages | None, label: str
) -> Iterator[str]:
    """The chunks unchanged, telling the progress bar how many lines were written so far."""
    if progress is None:
        yield from chunks
        return
    written = 0
    progress(0, total, label)
    for chunk in chunks:
        yield chunk
        written += chunk.count("\n")
        progress(min(written, total) if total is not None else written, total)


def write_output(chunks: Iterable[str], output: Path | None, output_format: str) -> None:
    """Stream the chunks to stdout, or atomically to the output file."""
    if output is None:
        for chunk in chunks:
            emit(chunk, output_format)
    else:
        from partnerfit.io.atomic import write_atomic

        write_atomic(output, chunks)


def refuse_overwriting_inputs(output: Path | None, inputs: Iterable[Path | str | None]) -> None:
    """--output must not replace a profile or config the command reads."""
    from partnerfit.io.discovery import YAML_SUFFIXES

    if output is None:
        return
    # realpath, unlike resolve, does not raise on a symbolic-link loop
    target = Path(os.path.realpath(output))
    for given in inputs:
        if given is None:
            continue
        source = Path(os.path.realpath(given))
        inside = source.is_dir() and target.is_relative_to(source)
        if target == source or (inside and target.suffix in YAML_SUFFIXES):
            raise UsageError(f"--output {output} would overwrite an input of this command")


def check_html_output(output_format: str, output: Path | None) -> None:
    """Before any work, for ``--format html``: the html extra is installed (a report of a large
    set is refused at once, not after every pair is scored), and the report goes to a file to
    open or send, not to a terminal."""
    if output_format != "html":
        return
    from partnerfit.render.html.page import require_extra

    require_extra()
    isatty = getattr(sys.stdout, "isatty", None)
    if output is None and isatty is not None and isatty():
        raise UsageError("--format html writes a report file: give --output FILE")
