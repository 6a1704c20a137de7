"""The README and docs/: example outputs are the real outputs, links lead somewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *DOCS]
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file (outside code blocks)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or not line.startswith("#"):
            continue
        anchor = github_anchor(line.lstrip("#"))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        found.add(anchor if count == 0 else f"{anchor}-{count}")
    return found


def test_examples_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_notices_a_stale_example() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import readme_examples
    finally:
        sys.path.pop(0)
    stale = "<!-- run: partnerfit --version -->\n```console\n$ partnerfit --version\nold\n```\n<!-- /run -->\n"
    fresh = readme_examples.regenerate(stale)
    assert fresh != stale
    assert "partnerfit 0." in fresh
    assert readme_examples.regenerate(fresh) == fresh
    code = "<!-- run-python -->\n```python\nprint(6 * 7)\n```\n\nwrong\n<!-- /run-python -->"
    assert "```text\n42\n```" in readme_examples.regenerate(code)


def test_every_docs_page_has_executable_examples_or_says_why() -> None:
    # the examples moved with the text: every page that shows a command's output generates it
    with_examples = [page.name for page in DOCS if "<!-- run" in page.read_text(encoding="utf-8")]
    assert {"ranking-and-robustness.md", "checking-in-ci.md", "batch-and-matching.md"} <= set(
        with_examples
    )
    assert "python-api.md" in with_examples


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_links_resolve(page: Path) -> None:
    broken = []
    for match in LINK.finditer(page.read_text(encoding="utf-8")):
        target = match["target"]
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        missing_anchor = anchor and linked.suffix == ".md" and anchor not in anchors(linked)
        if not linked.exists() or missing_anchor:
            broken.append(target)
    assert broken == []


def test_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 320


def test_readme_quick_start_commands_are_the_ci_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert f"```sh\n{test_command}\n```" in readme
    first = "python3 -m venv .venv && . .venv/bin/activate && python -m pip install . && partnerfit rank greenleaf-coop --profiles profiles"
    assert f"```sh\n{first}\n```" in readme
