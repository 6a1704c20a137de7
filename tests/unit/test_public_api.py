"""The public API is declared once (``partnerfit._PUBLIC``, from which ``__all__`` is made),
typed for checkers by the same names, and documented from it in docs/api-reference.md."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import partnerfit

ROOT = Path(__file__).resolve().parent.parent.parent


def _type_checking_imports() -> dict[str, tuple[str, ...]]:
    tree = ast.parse((ROOT / "src" / "partnerfit" / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                assert statement.module
                # `import x as x` re-exports the name for strict type checkers
                assert all(alias.asname == alias.name for alias in statement.names)
                names = tuple(alias.name for alias in statement.names)
                found[statement.module] = found.get(statement.module, ()) + names
    return found


def test_all_is_made_from_the_one_declaration() -> None:
    declared = [name for names in partnerfit._PUBLIC.values() for name in names]
    assert len(declared) == len(set(declared)), "a name is declared twice"
    assert partnerfit.__all__ == ["__version__", *sorted(declared)]


def test_type_checkers_see_exactly_the_public_names() -> None:
    assert _type_checking_imports() == partnerfit._PUBLIC


def test_every_public_name_comes_from_its_module() -> None:
    for module, names in partnerfit._PUBLIC.items():
        source = importlib.import_module(module)
        for name in names:
            assert getattr(partnerfit, name) is getattr(source, name), (module, name)


def test_api_reference_page_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "api_reference", ROOT / "scripts" / "api_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    page = (ROOT / "docs" / "api-reference.md").read_text(encoding="utf-8")
    assert page == script.reference(), "run: python scripts/api_reference.py"
    for name in partnerfit.__all__:
        assert f"`partnerfit.{name}`" in page, name


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    """Importing ``partnerfit.x`` sets the package attribute ``x``: no public name may be one."""
    package = ROOT / "src" / "partnerfit"
    submodules = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()
    }
    assert not set(partnerfit.__all__) & submodules
