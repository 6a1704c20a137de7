"""Shared fixtures: no colour, a fixed width, and the fixture directories."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
BUNDLED = Path(__file__).parent.parent / "profiles"


@pytest.fixture(autouse=True)
def _own_check_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test's `check` keeps its cache in its own directory, never the user's."""
    monkeypatch.setenv("PARTNERFIT_CACHE_DIR", str(tmp_path / "partnerfit-cache"))


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no colour, a fixed width, and no GitHub Actions environment."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def bundled() -> Path:
    """The bundled example profiles."""
    return BUNDLED


@pytest.fixture
def small_set() -> Path:
    """A small hand-computed fixture set (tests/data/small)."""
    return DATA / "small"
