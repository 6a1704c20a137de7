"""Checks of a public function's arguments at the edge, before any work is done.

A script calling the library gets a ``TypeError`` for a value of the wrong type (``check_paths
("dir")`` would otherwise read each character of the string as a path) and a ``ValueError`` for
an absurd size (``rank_order_centroid(10**9)`` would allocate gigabytes), each naming the
argument.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["path_argument", "paths_argument", "whole_number"]


def _type_name(value: Any) -> str:
    return type(value).__name__


def path_argument(value: Any, name: str) -> Path:
    """One path, given as ``str`` or ``os.PathLike``."""
    if isinstance(value, bytes) or not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a path (str or os.PathLike), not {_type_name(value)}")
    return Path(value)


def paths_argument(value: Any, name: str) -> list[Path]:
    """Several paths, given as an iterable of paths; a single path is refused, not iterated."""
    if isinstance(value, str | bytes | os.PathLike):
        raise TypeError(
            f"{name} must be an iterable of paths, not a single {_type_name(value)}: "
            f"write [{value!r}]"
        )
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} must be an iterable of paths, not {_type_name(value)}")
    return [path_argument(item, f"each of {name}") for item in value]


def whole_number(value: Any, name: str, low: int, high: int) -> int:
    """An ``int`` (not a bool or a float) within ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number (int), not {_type_name(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}, not {value:,}")
    return value
