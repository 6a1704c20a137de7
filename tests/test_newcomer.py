"""A newcomer's first hour, followed from the README in a fresh virtual environment.

One test, in order: copy the checkout, run the README's first set-up command verbatim (a new
virtual environment, install, rank), then the "Your own data" commands (init, new profile,
check, rank), the pasted pre-commit config with the real pre-commit, and the workflow that
init wrote through the workflow linters. pip's cache makes the install quick after the first run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.tools import installed_tool

ROOT = Path(__file__).resolve().parent.parent


def readme_block(after: str, language: str) -> str:
    """The first fenced block of a language after a heading or sentence of the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(readme, start)
    assert match is not None, f"no ```{language} block after {after!r}"
    return match.group(1)


def shell(script: str, cwd: Path, env: dict[str, str]) -> str:
    """Run a bash script; fail with its whole output if it fails."""
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"$ {script}\n{output}"
    return output


def copy_checkout(target: Path) -> None:
    """The files a fresh clone has (tracked, or new and not ignored), without build leftovers."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def test_the_first_hour_from_the_readme(tmp_path: Path) -> None:
    checkout = tmp_path / "partnerfit"
    copy_checkout(checkout)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_REQUIRE", "GITHUB_"))
    }
    env.update(NO_COLOR="1", COLUMNS="80", PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    # pre-commit, zizmor and check-jsonschema come from the test extra, beside this interpreter
    tools = {installed_tool(name).parent for name in ("pre-commit", "zizmor", "check-jsonschema")}
    env["PATH"] = os.pathsep.join([*map(str, sorted(tools)), env.get("PATH", "")])

    # 1. the README's first command, verbatim: a fresh .venv, install, a ranking
    install = readme_block("Install partnerfit and rank partners", "sh").strip()
    output = shell(install, checkout, env)
    assert "Partners for GreenLeaf Cooperative (greenleaf-coop)" in output
    venv_bin = checkout / ".venv" / "bin"
    assert (venv_bin / "partnerfit").exists()

    # 2. "Your own data": init, new profile, check, rank, in the fresh environment
    work = tmp_path / "work"
    work.mkdir()
    fresh = dict(env, PATH=os.pathsep.join([str(venv_bin), env["PATH"]]))
    steps = readme_block("## Your own data", "sh")
    output = shell(steps, work, fresh)
    assert "wrote profiles/riverside-bakery.yaml" in output
    assert "wrote partnerships/bakery-food-bank.yaml" in output
    assert "0 errors, 0 warnings" in output
    assert "Partners for Riverside Bakery (riverside-bakery)" in output
    project = work / "my-partners"

    # 3. the pre-commit config as pasted from the README, run by the real pre-commit;
    # the repository is this checkout's copy (GitHub is out of reach here), at the README's rev
    # (a repository made of the copied checkout, tagged as a release would be: tags do
    # not travel with every clone, and the hook under test is this tree's)
    git = "git -c user.email=newcomer@example.org -c user.name=newcomer"
    pasted = readme_block("## In CI", "yaml")
    rev = re.search(r"rev: (\S+)", pasted)
    assert rev is not None, pasted
    release = f"{git} init -q && {git} add -A && {git} commit -qm release"
    shell(f"{release} && {git} tag -a {rev.group(1)} -m release", checkout, env)
    pasted = pasted.replace("https://github.com/partnerfit/partnerfit", str(checkout))
    (project / ".pre-commit-config.yaml").write_text(pasted, encoding="utf-8")
    shell(f"{git} init -q && {git} add -A && {git} commit -qm profiles", project, env)
    output = shell("pre-commit run --all-files --color never", project, env)
    assert re.search(r"partnerfit check\.+Passed", output), output
    (project / "profiles" / "broken.yaml").write_text("id: broken\nname: Broken\nregions: [NO]\n")
    shell(f"{git} add -A", project, env)
    done = subprocess.run(
        ["pre-commit", "run", "--all-files", "--color", "never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "profiles/broken.yaml:3:11: error yaml-boolean" in done.stdout

    # 4. the workflow init wrote, through the linters
    workflow = project / ".github" / "workflows" / "partnerfit.yml"
    shell(f"zizmor --offline --no-progress {workflow}", project, env)
    shell(f"check-jsonschema --builtin-schema vendor.github-workflows {workflow}", project, env)
