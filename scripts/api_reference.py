"""Print the reference list of docs/python-api.md: every name in ``partnerfit.__all__``.

Each name with its kind and the first line of its docstring, so the page lists the whole
public API; ``python scripts/readme_examples.py`` regenerates it.
"""

from __future__ import annotations

import inspect

import partnerfit


def describe(name: str) -> str:
    """``name`` (kind): first docstring line."""
    value = getattr(partnerfit, name)
    if inspect.isclass(value):
        kind = "class"
    elif callable(value):
        kind = "function"
    else:
        kind = "constant"
    doc = inspect.getdoc(value) if kind != "constant" else None
    first = doc.strip().splitlines()[0] if doc else ""
    if kind == "constant":
        first = f"`{type(value).__name__}`"
    return f"- `{name}` ({kind}){': ' + first if first else ''}"


def main() -> None:
    for name in sorted(partnerfit.__all__, key=str.lower):
        print(describe(name))


if __name__ == "__main__":
    main()
