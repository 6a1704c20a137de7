"""The import rule, read from the code with ``ast``: the packages form layers, and each
package imports only what its ``__init__`` docstring's "May import:" sentence names.

    cli -> render -> decide / batch / review / check -> scoring -> model -> io

``partnerfit.errors`` (and ``_version``) may be imported from anywhere. A package may import
a package of a lower layer, never one of a higher layer; a package of the same layer only
where its docstring names it (none does today: tiers live in ``scoring``, so ``batch`` needs
nothing from ``decide``). typer is the CLI's alone, rich the CLI's and the renderers'. Every
import counts: at module level, inside functions (the lazy ones) and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent.parent / "src" / "partnerfit"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("io",),
    ("model",),
    ("scoring",),
    ("decide", "batch", "review", "check", "scaffold"),
    ("render",),
    ("cli",),
)
"""Lowest first. ``review`` (partnerships) and ``scaffold`` (init, templates) sit beside
``decide``."""

EVERYWHERE = frozenset({"errors", "_version"})
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}
THIRD_PARTY = {"typer": {"cli"}, "rich": {"cli", "render"}}
"""A third-party package that only some of ours may import."""


def _packages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module an import statement in the file names, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


def _allowed(package: str) -> set[str]:
    """The packages named in the "May import:" sentence of the package's docstring."""
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text())) or ""
    found = re.search(r"May import:(.*?)(?:\.\s|\.$|$)", doc, re.S)
    assert found, f"partnerfit/{package}/__init__.py: the docstring says what it may import"
    return set(re.findall(r"``partnerfit\.(\w+)``", found.group(1)))


def test_every_package_has_a_layer() -> None:
    for package in _packages():
        assert package in LAYER_OF, f"partnerfit.{package} has no place in LAYERS"


@pytest.mark.parametrize("package", [p for p in LAYER_OF if (PACKAGE / p).is_dir()])
def test_declared_imports_never_go_up(package: str) -> None:
    for target in _allowed(package) - EVERYWHERE:
        assert target in LAYER_OF, f"{package} names an unknown package {target}"
        assert LAYER_OF[target] <= LAYER_OF[package], f"{package} may not import {target}"
        assert target != package


@pytest.mark.parametrize("package", [p for p in LAYER_OF if (PACKAGE / p).is_dir()])
def test_imports_follow_the_rule(package: str) -> None:
    allowed = _allowed(package) | EVERYWHERE | {package}
    wrong = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for module, line in _imports(path):
            parts = module.split(".")
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if parts[0] == "partnerfit" and len(parts) > 1 and parts[1] not in allowed:
                wrong.append(f"{where} imports {module}")
            users = THIRD_PARTY.get(parts[0])
            if users is not None and package not in users:
                wrong.append(f"{where} imports {module}")
    assert wrong == []


def test_errors_import_only_findings() -> None:
    imported = {m for m, _ in _imports(PACKAGE / "errors.py") if m.startswith("partnerfit")}
    assert imported <= {"partnerfit.io.findings"}


def test_same_layer_imports_are_declared_one_way() -> None:
    """Two packages of one layer never both name each other: that would be a cycle."""
    present = [p for p in LAYER_OF if (PACKAGE / p).is_dir()]
    for package in present:
        for target in _allowed(package):
            if target in LAYER_OF and LAYER_OF[target] == LAYER_OF[package]:
                assert package not in _allowed(target), (package, target)


def test_the_rule_can_fail(tmp_path: Path) -> None:
    """The parser sees an upward import, a lazy one and one under TYPE_CHECKING."""
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from partnerfit.cli import app\n"
        "def f():\n    import partnerfit.render.registry\n"
    )
    assert [m for m, _ in _imports(source)] == [
        "typing",
        "partnerfit.cli",
        "partnerfit.render.registry",
    ]


def test_format_types_are_the_registry_keys() -> None:
    """The CLI's ``Literal`` type of each command's formats is that command's registry."""
    from typing import get_args

    from partnerfit.render import registry

    types = {
        "rank": registry.RankFormat,
        "check": registry.CheckFormat,
        "explain": registry.ExplainFormat,
        "compare": registry.CompareFormat,
        "compare-stream": registry.CompareStreamFormat,  # compare without --top-k
        "match": registry.MatchFormat,
        "weights": registry.WeightsFormat,
        "calibrate": registry.CalibrateFormat,
        "explain-side-by-side": registry.ExplainFormat,  # explain with several candidates
        "review": registry.ReviewFormat,
        "review-explain": registry.ReviewFormat,  # review --explain ID
    }
    assert set(types) == set(registry.RENDERERS)
    for command, choices in types.items():
        assert get_args(choices) == tuple(registry.RENDERERS[command]), command


# ------------------------------------------------------------------------------------- sizes
# Issue 12: no module over 500 lines, no function body over 60 (its docstring left out; a
# typer command's parameters sit in the signature, so they do not count).

MODULE_LINES = 500
FUNCTION_LINES = 60


def _body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from the first statement of the body to the last, the docstring left out."""
    body = function.body
    if ast.get_docstring(function, clean=False) is not None:
        body = body[1:]
    if not body:
        return 0
    last = body[-1].end_lineno
    assert last is not None
    return last - body[0].lineno + 1


def _functions(source: str) -> Iterator[tuple[str, int]]:
    """Every function and method in the source, by qualified name, with its body's length."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield f"{prefix}{child.name}", _body_lines(child)
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(ast.parse(source), "")


def _too_long() -> set[str]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        for name, lines in _functions(path.read_text(encoding="utf-8")):
            if lines > FUNCTION_LINES:
                found.add(f"{where}::{name}")
    return found


def test_no_module_is_too_long() -> None:
    long = {
        path.relative_to(PACKAGE).as_posix(): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long == {}


def test_no_function_is_too_long() -> None:
    assert _too_long() == set()


def test_body_length_leaves_out_the_docstring_and_signature() -> None:
    source = (
        "def command(\n    a: int,\n    b: int,\n) -> None:\n"
        '    """Docstring.\n\n    More.\n    """\n'
        "    x = 1\n\n    return None\n"
        "class C:\n    def method(self) -> None:\n        def inner() -> None:\n"
        "            pass\n        inner()\n"
    )
    assert dict(_functions(source)) == {"command": 3, "C.method": 3, "C.method.inner": 1}
