"""A ``--format`` registry whose renderers are imported on first use.

The names are known without importing anything, so command help and choice checks cost
nothing; a renderer's module (and numpy, for the batch formats) loads only when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TypeVar

R = TypeVar("R")


class LazyRegistry(Mapping[str, R]):
    """Format name → renderer, from ``"module:function"`` references resolved when looked up."""

    def __init__(self, references: Mapping[str, str]) -> None:
        self._references = dict(references)
        self._resolved: dict[str, R] = {}

    def __getitem__(self, name: str) -> R:
        try:
            return self._resolved[name]
        except KeyError:
            pass
        module_name, _, attribute = self._references[name].partition(":")
        renderer: R = getattr(importlib.import_module(module_name), attribute)
        self._resolved[name] = renderer
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(self._references)

    def __len__(self) -> int:
        return len(self._references)

    def __contains__(self, name: object) -> bool:
        return name in self._references

    def __repr__(self) -> str:
        return f"LazyRegistry({self._references!r})"
