"""Tools the tests run are found beside the interpreter, and a missing one fails the run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.tools import installed_tool


def test_tools_come_from_this_environment() -> None:
    assert installed_tool("pre-commit").parent == Path(sys.executable).parent


def test_a_missing_tool_fails_rather_than_skips() -> None:
    with pytest.raises(pytest.fail.Exception, match="install the test extra"):
        installed_tool("no-such-partnerfit-tool")
