"""Regenerate the example outputs in README.md and docs/*.md from the real commands.

Each example sits between markers:

    <!-- run: partnerfit rank greenleaf-coop --top 5 -->
    ...anything: replaced by the command and its output...
    <!-- /run -->

Options after `run`: `raw` (the output is Markdown, shown rendered after the command),
`hide` (with `raw`: the output alone, without the command),
`head=N` (keep the first N lines of the output and mark the cut with "…"), `cols=N` (the
terminal width, default 100). The commands run from the repository root with NO_COLOR=1.

A Python example is a ```python block followed by its output:

    <!-- run-python -->
    ```python
    import partnerfit
    ...
    ```
    ...anything: replaced by the output of the code above...
    <!-- /run-python -->

    python scripts/readme_examples.py          # rewrite every file
    python scripts/readme_examples.py --check  # exit 1 if any example is out of date
    python scripts/readme_examples.py docs/scoring.md   # only these files
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- run(?P<opts>[^:>-]*): (?P<cmd>.+?) -->\n.*?<!-- /run -->", re.S)
PYTHON = re.compile(
    r"<!-- run-python -->\n```python\n(?P<code>.*?)```\n.*?<!-- /run-python -->", re.S
)
DEFAULT_COLUMNS = 100


def documents() -> list[Path]:
    """README.md and every page under docs/, in a stable order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def environment(columns: int) -> dict[str, str]:
    """The environment every example runs in: fixed width, no colour, this interpreter first."""
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"}
    # the `partnerfit` of this interpreter's environment, whatever PATH says
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("GITHUB_ACTIONS", None)
    env.pop("FORCE_COLOR", None)
    return env


def run(command: str, columns: int = DEFAULT_COLUMNS) -> str:
    """The output of a shell command, stdout then stderr, without trailing spaces."""
    done = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=environment(columns),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 127:
        # a missing program would otherwise become the example's "output"
        raise SystemExit(f"{command}: command not found; activate the environment first")
    return "\n".join(line.rstrip() for line in (done.stdout + done.stderr).splitlines())


def render(match: re.Match[str]) -> str:
    options = match["opts"].split()
    command = match["cmd"]
    columns = DEFAULT_COLUMNS
    for option in options:
        if option.startswith("cols="):
            columns = int(option.removeprefix("cols="))
    output = run(command, columns)
    for option in options:
        if option.startswith("head="):
            lines = output.splitlines()
            keep = int(option.removeprefix("head="))
            if len(lines) > keep:
                output = "\n".join([*lines[:keep], "…"])
    head = f"<!-- run{match['opts']}: {command} -->\n"
    if "raw" in options and "hide" in options:
        body = f"{output}\n"
    elif "raw" in options:
        body = f"```console\n$ {command}\n```\n\n{output}\n"
    else:
        body = f"```console\n$ {command}\n{output}\n```\n"
    return head + body + "<!-- /run -->"


def render_python(match: re.Match[str]) -> str:
    code = match["code"]
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(DEFAULT_COLUMNS),
        capture_output=True,
        text=True,
        check=False,
    )
    output = "\n".join(line.rstrip() for line in (done.stdout + done.stderr).splitlines())
    body = f"```python\n{code}```\n\n```text\n{output}\n```\n"
    return f"<!-- run-python -->\n{body}<!-- /run-python -->"


def regenerate(text: str) -> str:
    """The document with every example's output replaced by the real one."""
    return PYTHON.sub(render_python, BLOCK.sub(render, text))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    named = [ROOT / arg for arg in argv if not arg.startswith("--")]
    stale = []
    for path in named or documents():
        before = path.read_text(encoding="utf-8")
        after = regenerate(before)
        if after == before:
            continue
        if check:
            stale.append(path.relative_to(ROOT).as_posix())
        else:
            path.write_text(after, encoding="utf-8")
    if stale:
        print(f"examples out of date in {', '.join(stale)}: run python scripts/readme_examples.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
