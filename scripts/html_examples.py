"""Regenerate the example HTML reports in docs/examples/ from the bundled profiles.

    python scripts/html_examples.py               # rewrite the reports
    python scripts/html_examples.py --check       # exit 1 if any report is out of date
    python scripts/html_examples.py --screenshot  # also docs/examples/rank.png (needs chromium)

Each report is the output of the command beside its name, run from the repository root. The
screenshot is left out of --check: a browser's anti-aliasing is not byte-for-byte stable.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
CHROMIUM = Path("/usr/bin/chromium")
REPORTS: dict[str, str] = {
    "rank.html": "rank greenleaf-coop --robustness 2000 --seed 7",
    "explain.html": "explain greenleaf-coop harvest-hub-distribution",
    "compare.html": "compare --top-k 3",
    "match.html": "match --left profiles --right profiles --capacity 1 --min-score 40",
    "review.html": "review --as-of 2026-11-15",
}


def command(name: str, output: Path) -> list[str]:
    """The arguments of one report's command, writing to ``output``."""
    return [*shlex.split(REPORTS[name]), "--format", "html", "--output", str(output)]


def generate(directory: Path) -> None:
    """Write every report into ``directory`` (in this process: the chart engine starts once)."""
    import os

    from typer.main import get_command

    from partnerfit.cli import app

    os.chdir(ROOT)
    cli = get_command(app)
    for name in REPORTS:
        cli.main(command(name, directory / name), prog_name="partnerfit", standalone_mode=False)


def screenshot(report: Path, image: Path) -> None:
    """A PNG of the top of a report at a desktop width, taken by headless chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1000, "height": 1250})
        page.goto(report.as_uri())
        page.screenshot(path=str(image))
        browser.close()


def main() -> int:
    if "--check" in sys.argv:
        with tempfile.TemporaryDirectory() as scratch:
            fresh = Path(scratch)
            generate(fresh)
            stale = [
                name
                for name in REPORTS
                if not (EXAMPLES / name).exists()
                or (EXAMPLES / name).read_bytes() != (fresh / name).read_bytes()
            ]
        if stale:
            print(f"docs/examples out of date ({', '.join(stale)}): run python {__file__}")
            return 1
        return 0
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    generate(EXAMPLES)
    if "--screenshot" in sys.argv:
        screenshot(EXAMPLES / "rank.html", EXAMPLES / "rank.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
