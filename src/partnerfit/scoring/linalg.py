"""Matrix products, with a spurious invalid-operation flag of the BLAS ignored.

numpy raises the processor's floating-point flags after a matrix product as warnings. Some of
OpenBLAS's kernels (the small-matrix and vector forms numpy reaches through ``sgemm``) can set
the invalid-operation flag while computing a correct result from finite operands, as numpy and
OpenBLAS have seen before (numpy/numpy#13173 and #24067, OpenMathLib/OpenBLAS#1924): CI saw
``RuntimeWarning: invalid value encountered in matmul`` for a 1 × 5 row of 3s times a 5 × 2
block of zeros, once, and not again for the same input.

Every product here is of finite operands (0/1 indicators, levels 1–5, priorities, weights and
logarithms of positive shares), and a product of finite numbers can only overflow, never be
invalid; so the invalid flag is ignored and nothing else is (overflow and division still warn).
Every matrix product in ``partnerfit`` goes through :func:`matmul`; a test reads the sources
for ``@`` elsewhere.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

S = TypeVar("S", bound=np.generic)


def matmul(a: NDArray[S], b: NDArray[S]) -> NDArray[S]:
    """``a @ b``, ignoring the invalid-operation flag (see the module's docstring)."""
    with np.errstate(invalid="ignore"):
        product: NDArray[S] = np.matmul(a, b)
    return product
