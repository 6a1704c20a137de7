"""numpy's AVX-512 sorts avoided on AMD Zen 4, where they are several times slower than AVX2.

numpy (2.0 and later) sorts and partitions with x86-simd-sort, choosing its AVX-512 code when
the processor has AVX-512. That code stores every vector it partitions with the memory form of
``vpcompress``, which Zen 4 (AMD family 25 with AVX-512) runs in microcode: measured here,
``np.sort`` of 10⁶ float64 takes 60 ms with it and 10 ms with numpy's AVX2 code,
``np.partition`` 9.7 ms against 1.4 ms (numpy/x86-simd-sort#6; AMD's optimisation guide for
Zen 4 says to avoid that form). ``rank --robustness`` sorts a million scores per thousand
samples, ``compare --top-k`` partitions every row.

numpy reads ``NPY_DISABLE_CPU_FEATURES`` once, when it is first imported, so this runs from
``partnerfit/__init__.py``, before anything imports numpy, and only then. It sets nothing when
the variable (or ``NPY_ENABLE_CPU_FEATURES``) is already set, even to an empty string: that is
how to keep numpy's own choice. Nothing else changes: the sorts order the same keys the same
way (every sort partnerfit relies on for an order is of distinct keys, or stable), and
numpy's other kernels give the same results with either set of instructions.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, MutableMapping
from importlib.util import find_spec

CPUINFO = "/proc/cpuinfo"
_ZEN4_FAMILY = 25  # 0x19: Zen 3 (no AVX-512) and Zen 4; Zen 5 (family 26) stores fast

# numpy 2.4 groups the x86 features by micro-architecture level; earlier releases name each
_AVX512_SINCE_2_4 = "X86_V4 AVX512_ICL AVX512_SPR"
_AVX512_BEFORE_2_4 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"


def zen4_with_avx512(cpuinfo: str) -> bool:
    """Whether ``/proc/cpuinfo`` text describes an AMD family-25 processor with AVX-512."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            if fields:
                break  # the first processor speaks for all
            continue
        name, _, value = line.partition(":")
        fields.setdefault(name.strip(), value.strip())
    return (
        fields.get("vendor_id") == "AuthenticAMD"
        and fields.get("cpu family") == str(_ZEN4_FAMILY)
        and "avx512f" in fields.get("flags", "").split()
    )


def avx512_features(numpy_version: str) -> str | None:
    """The value of ``NPY_DISABLE_CPU_FEATURES`` that turns off numpy's AVX-512 code, or None
    for a numpy without AVX2 sorts (before 2.0), where AVX-512 is still the faster."""
    try:
        major, minor = (int(part) for part in numpy_version.split(".")[:2])
    except ValueError:
        return None
    if major < 2:
        return None
    return _AVX512_SINCE_2_4 if (major, minor) >= (2, 4) else _AVX512_BEFORE_2_4


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read(65536)  # the first processor's block is a few hundred bytes
    except OSError:
        return ""


_VERSION_LINE = re.compile(r'^version(?:: str)? = "([^"]+)"', re.MULTILINE)


def _numpy_version() -> str:
    """The installed numpy's version, read from its ``version.py`` without importing it (nor
    ``importlib.metadata``, a twentieth of a second at start-up); empty when not found."""
    spec = find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        return ""
    for location in spec.submodule_search_locations:
        found = _VERSION_LINE.search(_read(os.path.join(location, "version.py")))
        if found:
            return found.group(1)
    return ""


def prefer_avx2_sorts(
    environ: MutableMapping[str, str] | None = None,
    modules: Mapping[str, object] | None = None,
    cpuinfo: str | None = None,
    numpy_version: str | None = None,
) -> str | None:
    """Set ``NPY_DISABLE_CPU_FEATURES`` to numpy's AVX-512 features on Zen 4, unless numpy is
    already imported or the user chose; return what was set (None when nothing was)."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "numpy" in modules:
        return None  # too late: numpy chose its kernels when it was imported
    if "NPY_DISABLE_CPU_FEATURES" in environ or "NPY_ENABLE_CPU_FEATURES" in environ:
        return None  # the user's choice stands
    if not zen4_with_avx512(_read(CPUINFO) if cpuinfo is None else cpuinfo):
        return None
    features = avx512_features(_numpy_version() if numpy_version is None else numpy_version)
    if features is not None:
        environ["NPY_DISABLE_CPU_FEATURES"] = features
    return features
