"""Write docs/api-reference.md from ``partnerfit.__all__``: every public name, its kind, and
the module it comes from (``help(partnerfit.NAME)`` shows its documentation).

    python scripts/api_reference.py          # rewrite docs/api-reference.md
    python scripts/api_reference.py --check  # exit 1 if the page is out of date
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api-reference.md"

HEADER = """# Python API reference

Everything a script may import from `partnerfit`, generated from `partnerfit.__all__` by
`python scripts/api_reference.py` (a test fails when this page is stale). Anything not listed
here is private to the package and may change without notice. `import partnerfit` is cheap:
each name loads its module (and numpy, for the engines) on first use. `help(partnerfit.NAME)`
shows a name's documentation.

"""


def _kind(value: object) -> str:
    if inspect.isclass(value):
        return "exception" if issubclass(value, BaseException) else "class"
    if callable(value) and not hasattr(value, "__getitem__"):
        return "function"
    return "constant"


def reference() -> str:
    """The page's text, from the installed or checked-out package."""
    sys.path.insert(0, str(ROOT / "src"))
    import partnerfit

    lines = [HEADER.rstrip("\n"), ""]
    for module, names in partnerfit._PUBLIC.items():
        lines += [f"## `{module}`", "", "| name | kind |", "|---|---|"]
        for name in names:
            lines.append(f"| `partnerfit.{name}` | {_kind(getattr(partnerfit, name))} |")
        lines.append("")
    lines += ["`partnerfit.__version__` is the installed version.", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Rewrite the page, or with --check only compare it."""
    text = reference()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python scripts/api_reference.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
