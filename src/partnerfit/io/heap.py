"""The garbage collector kept out of the way while many lasting, acyclic objects are built.

Reading a set leaves thousands of models behind, and ranking builds thousands of score cards;
none of them is ever in a reference cycle. The collections their numbers set off walk them
again and again and free nothing: a sixth of parsing a set, a third of ranking one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["SETTLE_EVERY", "fewer_collections", "no_collections"]

SETTLE_EVERY = 256
"""Calls of ``settle`` (files read, say) between two freezes of what they left behind."""


def _ours_to_age() -> bool:
    """Whether a block may put what it builds in the oldest generation at its end: the
    collector is on, and the caller has frozen nothing (putting back would put back theirs)."""
    return gc.isenabled() and gc.get_freeze_count() == 0


def _into_oldest_generation() -> None:
    """Every tracked object into the oldest generation (``gc.freeze``, which costs nothing,
    then ``gc.unfreeze``), where only a rare full collection walks it."""
    gc.freeze()
    gc.unfreeze()


@contextmanager
def fewer_collections() -> Iterator[Callable[[], None]]:
    """Fewer, cheaper collections while the block runs; yields ``settle``, to call after each
    unit of work (a file read) so that what it left behind is set aside every so often."""
    thresholds = gc.get_threshold()
    # the objects built are set aside every so often (gc.freeze, which costs nothing) and put
    # back in the oldest generation at the end, where only a rare full collection walks them;
    # young collections are rarer meanwhile. Not when the caller has frozen objects itself:
    # putting back would put back those too.
    ours = _ours_to_age()
    done = 0

    def settle() -> None:
        nonlocal done
        done += 1
        if ours and done % SETTLE_EVERY == 0:
            gc.freeze()

    gc.set_threshold(max(thresholds[0], 50_000), max(thresholds[1], 50), max(thresholds[2], 100))
    try:
        yield settle
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            _into_oldest_generation()  # the last ones too


@contextmanager
def no_collections() -> Iterator[None]:
    """No collection at all while the block runs, for one that builds many lasting, acyclic
    objects in one go and lets go of few (a ranking's tags and score cards): what it built is
    then put in the oldest generation, as ``fewer_collections`` does. A reference cycle made
    meanwhile is collected by the first collection after.
    """
    enabled, ours = gc.isenabled(), _ours_to_age()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if ours:
            _into_oldest_generation()
