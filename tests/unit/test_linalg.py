"""Matrix products go through one function that ignores the BLAS's spurious invalid flag."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from partnerfit.scoring.linalg import matmul

PACKAGE = Path(__file__).resolve().parent.parent.parent / "src" / "partnerfit"
HOME = PACKAGE / "scoring" / "linalg.py"
SPARSE = "# scipy.sparse: no BLAS"


def test_the_invalid_flag_is_ignored_and_the_product_is_numpys() -> None:
    # inf × 0 sets the flag for real, as the kernels set it spuriously: bare matmul raises
    a = np.array([[np.inf, 3.0]], dtype=np.float32)
    b = np.array([[0.0, 1.0]], dtype=np.float32)
    with np.errstate(all="raise"):
        with pytest.raises(FloatingPointError):
            np.matmul(a, b.T)
        product = matmul(a, b.T)
    assert product.dtype == np.float32
    assert np.isnan(product[0, 0])
    levels = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert np.array_equal(matmul(levels, levels.T), levels @ levels.T)


def test_overflow_still_counts() -> None:
    big = np.array([[np.finfo(np.float32).max]], dtype=np.float32)
    with np.errstate(all="raise"), pytest.raises(FloatingPointError):
        matmul(big, big * 2)


def _products(source: str, name: str) -> list[str]:
    """Where the module ``source`` multiplies matrices other than through ``matmul``."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.MatMult):
            if not lines[node.lineno - 1].rstrip().endswith(SPARSE):
                found.append(where)
        elif isinstance(node, ast.Attribute) and node.attr in {"matmul", "dot", "vdot"}:
            found.append(where)
    return found


def test_every_matrix_product_goes_through_matmul() -> None:
    modules = sorted(path for path in PACKAGE.rglob("*.py") if path != HOME)
    assert len(modules) > 100
    found = [
        hit
        for path in modules
        for hit in _products(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert found == []


@pytest.mark.parametrize(
    "bare",
    ["a[self.rows] @ b.T", "np.matmul(a[self.rows], b.T)", "a[self.rows].dot(b.T)"],
)
def test_the_scan_finds_a_bare_product(bare: str) -> None:
    source = (PACKAGE / "scoring" / "criteria.py").read_text(encoding="utf-8")
    assert _products(source, "criteria.py") == []
    edited = source.replace("matmul(a[self.rows], b.T)", bare)
    assert edited != source
    line = source[: source.index("matmul(a[self.rows], b.T)")].count("\n") + 1
    assert _products(edited, "criteria.py") == [f"criteria.py:{line}"]
