"""Regenerate the example outputs in README.md from the real commands, so they never go stale.

Each example in the README sits between markers:

    <!-- run: partnerfit rank greenleaf-coop --top 5 -->
    ...anything: replaced by the command and its output...
    <!-- /run -->

Options after `run`: `raw` (the output is Markdown, shown rendered after the command),
`head=N` (keep the first N lines of the output and mark the cut with "…").
The commands run from the repository root with COLUMNS=100 and NO_COLOR=1.

    python scripts/readme_examples.py          # rewrite README.md and docs/*.md
    python scripts/readme_examples.py --check  # exit 1 if any example is out of date
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- run(?P<opts>[^:]*): (?P<cmd>.+?) -->\n.*?<!-- /run -->", re.S)


def run(command: str) -> str:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    # the `partnerfit` of this interpreter's environment, whatever PATH says
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return "\n".join(line.rstrip() for line in (done.stdout + done.stderr).splitlines())


def render(match: re.Match[str]) -> str:
    options = match["opts"].split()
    command = match["cmd"]
    output = run(command)
    for option in options:
        if option.startswith("head="):
            lines = output.splitlines()
            keep = int(option.removeprefix("head="))
            if len(lines) > keep:
                output = "\n".join([*lines[:keep], "…"])
    head = f"<!-- run{match['opts']}: {command} -->\n"
    if "raw" in options:
        body = f"```console\n$ {command}\n```\n\n{output}\n"
    else:
        body = f"```console\n$ {command}\n{output}\n```\n"
    return head + body + "<!-- /run -->"


def main() -> int:
    stale = []
    # the pages under docs/ carry examples the same way
    for page in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        before = page.read_text(encoding="utf-8")
        after = BLOCK.sub(render, before)
        if after == before:
            continue
        if "--check" in sys.argv:
            stale.append(page.relative_to(ROOT))
        else:
            page.write_text(after, encoding="utf-8")
    for page in stale:
        print(f"{page} examples are out of date: run python scripts/readme_examples.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
