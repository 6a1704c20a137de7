"""Which module defines each command, so that a run imports only the command it runs.

The root group (``partnerfit.cli.common``) knows the commands by name from
``COMMAND_MODULES`` and imports a command's modules (which register it on the app) the first
time the command is looked up: running ``partnerfit check`` imports the check command and
what it needs, not the engines, renderers and models of the others. The names alone answer
"did you mean"; ``partnerfit --help`` and completing a command name load every command,
since they show each one's help.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import typer
import typer.main

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "completion": ("partnerfit.cli.completion",),
    "review": ("partnerfit.cli.review",),
    "weights": ("partnerfit.cli.weights",),
    "calibrate": ("partnerfit.cli.calibrate",),
    "check": ("partnerfit.cli.check",),
    "schema": ("partnerfit.cli.check",),
    "compare": ("partnerfit.cli.compare",),
    "explain": ("partnerfit.cli.explain",),
    "init": ("partnerfit.cli.init",),
    "match": ("partnerfit.cli.match",),
    "rank": ("partnerfit.cli.rank",),
    "import": ("partnerfit.cli.sheets",),
    "export": ("partnerfit.cli.sheets",),
    "new": ("partnerfit.cli.new", "partnerfit.cli.new_partnership"),
}
"""Command name → the modules that register it, in the order ``partnerfit --help`` lists them."""


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: every name known, each command built on first lookup.

    ``prepare`` is applied to each command once it is built (the help's metavars in words).
    Commands registered some other way (in ``built``, or added later) are kept as they are.
    """

    def __init__(
        self, app: typer.Typer, built: Mapping[str, Any], prepare: Callable[[Any], None]
    ) -> None:
        self._app = app
        self._prepare = prepare
        self._loaded: dict[str, Any] = {}
        self._dropped: set[str] = set()
        # a command module imported earlier was built by typer already; rebuilt on first
        # lookup all the same, after every module of its name is imported (`new` has two)
        self._extra: dict[str, Any] = {
            name: command for name, command in built.items() if name not in COMMAND_MODULES
        }

    def __getitem__(self, name: str) -> Any:
        if name in self._extra:
            return self._extra[name]
        if name not in self._loaded:
            if name not in self:
                raise KeyError(name)
            for module in COMMAND_MODULES[name]:
                importlib.import_module(module)
            command = build_command(self._app, name)
            self._prepare(command)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name in COMMAND_MODULES:
            self._dropped.discard(name)
            self._loaded[name] = command
        else:
            self._extra[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        if name in self._extra:
            del self._extra[name]
        else:
            self._loaded.pop(name, None)
            self._dropped.add(name)

    def __contains__(self, name: object) -> bool:
        return name in self._extra or (name in COMMAND_MODULES and name not in self._dropped)

    def __iter__(self) -> Iterator[str]:
        yield from (name for name in COMMAND_MODULES if name not in self._dropped)
        yield from self._extra

    def __len__(self) -> int:
        return len(COMMAND_MODULES) - len(self._dropped) + len(self._extra)


def build_command(app: typer.Typer, name: str) -> Any:
    """The click command (or group) of a command registered on the app, as typer builds it."""
    short = app.pretty_exceptions_short
    markup = app.rich_markup_mode
    for info in app.registered_commands:
        callback = info.callback
        if (info.name or (callback and typer.main.get_command_name(callback.__name__))) == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=short, rich_markup_mode=markup
            )
    for group in app.registered_groups:
        if group.name == name:
            settings: dict[str, Any] = {}
            # typer before 0.16 suggests no commands and takes no such setting
            if "suggest_commands" in inspect.signature(typer.main.get_group_from_info).parameters:
                settings["suggest_commands"] = getattr(app, "suggest_commands", True)
            return typer.main.get_group_from_info(
                group, pretty_exceptions_short=short, rich_markup_mode=markup, **settings
            )
    raise LookupError(f"{COMMAND_MODULES[name]} registered no command {name!r}")
