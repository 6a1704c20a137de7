"""The README's example outputs are the real outputs of its commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CI_PREAMBLE = ("set -euo pipefail", 'cd "$(dirname "$0")/.."')
BROWSER_SETUP = (
    "command -v chromium >/dev/null && [ -d /usr/share/fonts/truetype/liberation ] "
    "|| (apt-get update && apt-get install -y chromium fonts-liberation)"
)
"""The one step .ci/run may take before the test command: the browser tests' chromium."""


@pytest.mark.parametrize("script", ["readme_examples.py", "html_examples.py"])
def test_generated_examples_are_current(script: str) -> None:
    """The README's outputs and docs/examples/ are what their scripts make today."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_quick_start_commands_are_the_ci_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line
        for line in ci.strip().splitlines()
        if line.strip() and not line.startswith("#") and line not in CI_PREAMBLE
    ]
    # the last line is the README's test command; before it, only steps the README documents
    *setup, test_command = commands
    assert f"```sh\n{test_command}\n```" in readme
    assert setup == [BROWSER_SETUP]
    assert f"```sh\n{BROWSER_SETUP}\n```" in readme
