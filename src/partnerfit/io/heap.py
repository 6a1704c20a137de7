"""The garbage collector kept out of the way while many lasting, acyclic objects are built;
and freed memory kept for the next allocation in a process that ends with its work.

Reading a set leaves thousands of models behind, and ranking builds thousands of score cards;
none of them is ever in a reference cycle. The collections their numbers set off walk them
again and again and free nothing: a sixth of parsing a set, a third of ranking one.

A worker of the streamed ``compare`` makes and frees the same few arrays of a few megabytes for
every chunk, and the robustness analysis of ``rank`` for every slice of samples. glibc's malloc
gives such arrays fresh pages (mmap, or the top of the heap given back when freed), and the
first write to each page is a fault: 137,000–170,000 of them for 1,500² pairs, more than half
of the workers' system time (``keep_freed_memory``). The ``partnerfit`` console script keeps
its freed memory too (``partnerfit.cli.main``): a run of a command ends with its work.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["SETTLE_EVERY", "fewer_collections", "keep_freed_memory", "no_collections"]

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


_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
KEPT_BELOW = 32 << 20
"""Allocations below this come from the heap, not from a mapping of their own (glibc's largest
mmap threshold on 64-bit systems)."""
TRIMMED_ABOVE = 256 << 20
"""Free memory at the top of the heap is given back to the system only past this."""


def keep_freed_memory() -> bool:
    """For the rest of this process, keep freed memory for the next allocations instead of
    giving it back to the system (glibc's ``mallopt``; whether it took).

    Only for a process that ends with its work, such as a forked worker or a run of the
    ``partnerfit`` command (``partnerfit.cli.main``): it is never undone, and the process keeps
    up to its peak of freed memory. The thresholds are fixed, which also stops glibc's own
    adjustment of them. Elsewhere (another C library, no ``mallopt``) nothing changes."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes  # here: only a Linux process that keeps its memory pays for the import

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    kept = mallopt(_M_MMAP_THRESHOLD, KEPT_BELOW) == 1
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIMMED_ABOVE) == 1 and kept)
