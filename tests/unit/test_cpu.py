"""``partnerfit._cpu``: numpy's AVX-512 sorts turned off on AMD Zen 4 only, before numpy is
imported, and never over the user's own choice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnerfit import _cpu

FLAGS = "fpu sse2 avx avx2 fma"
AVX512 = " avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni"


def cpuinfo(vendor: str, family: int, flags: str, processors: int = 2) -> str:
    block = (
        f"processor\t: {{n}}\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: 17\n"
        f"model name\t: some processor\nflags\t\t: {flags}\n\n"
    )
    return "".join(block.format(n=n) for n in range(processors))


ZEN4 = cpuinfo("AuthenticAMD", 25, FLAGS + AVX512)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ZEN4, True),
        (cpuinfo("AuthenticAMD", 25, FLAGS), False),  # Zen 3: same family, no AVX-512
        (cpuinfo("AuthenticAMD", 26, FLAGS + AVX512), False),  # Zen 5 stores fast
        (cpuinfo("GenuineIntel", 6, FLAGS + AVX512), False),  # Intel: AVX-512 is the faster
        (cpuinfo("AuthenticAMD", 25, "avx512fx avx2"), False),  # a flag, not a prefix
        ("", False),  # no /proc/cpuinfo (macOS, Windows) or unreadable
        ("garbage without colons\n\n", False),
    ],
)
def test_zen4_with_avx512(text: str, expected: bool) -> None:
    assert _cpu.zen4_with_avx512(text) is expected


def test_only_the_first_processor_is_read() -> None:
    mixed = ZEN4.split("\n\n")[0] + "\n\n" + cpuinfo("GenuineIntel", 6, FLAGS, processors=1)
    assert _cpu.zen4_with_avx512(mixed)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("2.4.6", "X86_V4 AVX512_ICL AVX512_SPR"),
        ("2.5.0rc1", "X86_V4 AVX512_ICL AVX512_SPR"),
        ("3.0.0", "X86_V4 AVX512_ICL AVX512_SPR"),
        ("2.3.5", "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"),
        ("2.0.0", "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"),
        ("1.26.4", None),  # no AVX2 sorts before 2.0: AVX-512 is still the faster
        ("", None),
        ("not a version", None),
    ],
)
def test_features_by_numpy_version(version: str, expected: str | None) -> None:
    assert _cpu.avx512_features(version) == expected


def test_set_on_zen4_before_numpy() -> None:
    environ: dict[str, str] = {}
    found = _cpu.prefer_avx2_sorts(environ, {}, ZEN4, "2.4.6")
    assert found == environ["NPY_DISABLE_CPU_FEATURES"] == "X86_V4 AVX512_ICL AVX512_SPR"


@pytest.mark.parametrize(
    ("environ", "modules", "text", "version"),
    [
        ({}, {"numpy": object()}, ZEN4, "2.4.6"),  # numpy already chose its kernels
        ({"NPY_DISABLE_CPU_FEATURES": ""}, {}, ZEN4, "2.4.6"),  # the user keeps numpy's choice
        ({"NPY_DISABLE_CPU_FEATURES": "AVX2"}, {}, ZEN4, "2.4.6"),
        ({"NPY_ENABLE_CPU_FEATURES": "X86_V4"}, {}, ZEN4, "2.4.6"),
        ({}, {}, cpuinfo("GenuineIntel", 6, FLAGS + AVX512), "2.4.6"),
        ({}, {}, ZEN4, "1.26.4"),
    ],
)
def test_nothing_set_otherwise(
    environ: dict[str, str], modules: dict[str, object], text: str, version: str
) -> None:
    before = dict(environ)
    assert _cpu.prefer_avx2_sorts(environ, modules, text, version) is None
    assert environ == before


def test_the_installed_numpy_version_is_read_without_importing_it() -> None:
    import numpy as np

    assert _cpu._numpy_version() == np.__version__


PROBE = """
import json, os, sys
import partnerfit
import numpy as np
from partnerfit import _cpu
umath = (getattr(np, "_core", None) or np.core)._multiarray_umath  # numpy 2 / 1.26
print(json.dumps({
    "zen4": _cpu.zen4_with_avx512(_cpu._read(_cpu.CPUINFO)),
    "set": os.environ.get("NPY_DISABLE_CPU_FEATURES"),
    "on": sorted(k for k, v in umath.__cpu_features__.items() if v),
}))
"""


def run_probe(**environ: str) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if "CPU_FEATURES" not in key}
    env.update(environ)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env
    )
    found: dict[str, object] = json.loads(out.stdout)
    return found


def test_a_new_process_imports_numpy_with_the_choice_made() -> None:
    found = run_probe()
    if found["zen4"]:
        assert found["set"] == _cpu.avx512_features(_cpu._numpy_version())
        assert isinstance(found["set"], str)
        assert isinstance(found["on"], list)
        assert not set(found["set"].split()) & set(found["on"])  # numpy honoured it
    else:
        assert found["set"] is None
    kept = run_probe(NPY_DISABLE_CPU_FEATURES="")
    assert kept["set"] == ""
    if found["zen4"]:
        assert isinstance(kept["on"], list)
        assert "AVX512F" in kept["on"]


def test_the_module_imports_nothing_heavy() -> None:
    # it runs at every start-up, before numpy: the standard library's small modules only
    source = Path(_cpu.__file__).read_text(encoding="utf-8")
    imports = {
        line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))
    }
    assert imports <= {"__future__", "os", "re", "sys", "collections.abc", "importlib.util"}
