"""Start-up cost: `partnerfit --help` and `partnerfit check` import no numpy, scipy or engines.

The probe runs the commands in a fresh interpreter (this test process has imported
everything already) and reports which heavy modules each command added.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import partnerfit
from partnerfit.batch import match as matching
from partnerfit.cli import choices
from partnerfit.decide import robustness
from partnerfit.decide.explain import DEFAULT_IMPROVEMENTS
from partnerfit.model import schema
from partnerfit.render import (
    CALIBRATE_FORMATS,
    CHECK_FORMATS,
    COMPARE_FORMATS,
    EXPLAIN_FORMATS,
    MATCH_FORMATS,
    RANK_FORMATS,
    REVIEW_EXPLAIN_FORMATS,
    REVIEW_FORMATS,
    WEIGHTS_FORMATS,
)
from partnerfit.render.registry import LazyRegistry
from partnerfit.scoring import card as scoring

ROOT = Path(__file__).parent.parent.parent
HEAVY = (
    "numpy",
    "scipy",
    "partnerfit.batch.engine",
    "partnerfit.matching",
    "partnerfit.scoring.methods",
    "partnerfit.decide.robustness",
    "partnerfit.scoring.card",
    "jinja2",
    "vl_convert",
)
LIGHT_COMMANDS = [
    ["--help"],
    ["rank", "--help"],
    ["compare", "--help"],
    ["match", "--help"],
    ["explain", "--help"],
    ["check", "--help"],
    ["check", "profiles"],
    *(["check", "profiles", "--format", name] for name in CHECK_FORMATS),
    ["schema", "profile"],
    ["schema", "config"],
    ["schema", "judgements"],
    ["schema", "outcomes"],
    ["weights", "--help"],
    ["calibrate", "--help"],
]
PROBE = """
import json, sys
from typer.testing import CliRunner
from partnerfit.cli import app
heavy = {heavy!r}
steps = []
for args in {commands!r}:
    result = CliRunner().invoke(app, args)
    steps.append([args, result.exit_code, [m for m in heavy if m in sys.modules]])
print(json.dumps(steps))
"""


def probe(commands: list[list[str]]) -> list[tuple[list[str], int, list[str]]]:
    return run_probe(PROBE.format(heavy=HEAVY, commands=commands))


def run_probe(script: str) -> list[tuple[list[str], int, list[str]]]:
    """The steps a probe script prints, run in a fresh interpreter on this checkout."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "PATH": ""},
    )
    return [tuple(step) for step in json.loads(done.stdout)]  # type: ignore[misc]


def test_help_and_check_import_no_numpy_scipy_or_engines() -> None:
    steps = probe([*LIGHT_COMMANDS, ["rank", "greenleaf-coop", "--top", "1"]])
    *light, ranked = steps
    for args, exit_code, heavy in light:
        assert exit_code == 0, args
        assert heavy == [], f"partnerfit {' '.join(args)} imported {heavy}"
    # the probe does see the engines once a command needs them
    assert ranked[1] == 0
    assert {"numpy", "partnerfit.scoring.card"} <= set(ranked[2])
    # the report libraries load only for --format html
    assert not {"jinja2", "vl_convert"} & set(ranked[2])


def test_help_choices_agree_with_the_core() -> None:
    assert tuple(scoring.METHODS) == choices.METHOD_NAMES
    assert robustness.DEFAULT_SPREAD == choices.DEFAULT_SPREAD
    assert robustness.MIN_SPREAD == choices.MIN_SPREAD
    assert robustness.MAX_SAMPLES == choices.MAX_SAMPLES
    assert matching.MODES == choices.MATCH_MODES
    assert matching.SIDES == choices.MATCH_SIDES
    assert DEFAULT_IMPROVEMENTS == choices.DEFAULT_IMPROVEMENTS
    assert schema.SCHEMA_KINDS == choices.SCHEMA_KINDS
    from partnerfit.decide.weights import GROUP_METHODS

    assert GROUP_METHODS == choices.GROUP_METHODS


def test_every_registered_renderer_resolves_to_its_function() -> None:
    registries = [
        CALIBRATE_FORMATS,
        CHECK_FORMATS,
        COMPARE_FORMATS,
        EXPLAIN_FORMATS,
        MATCH_FORMATS,
        RANK_FORMATS,
        REVIEW_EXPLAIN_FORMATS,
        REVIEW_FORMATS,
        WEIGHTS_FORMATS,
    ]
    for registry in registries:
        for name in registry:
            renderer = registry[name]
            assert callable(renderer)
            assert renderer.__name__.startswith("render_"), (name, renderer)
            assert registry[name] is renderer
    assert list(RANK_FORMATS) == ["table", "json", "csv", "markdown", "html"]
    assert list(CHECK_FORMATS) == ["text", "json", "github", "sarif", "junit"]


def test_lazy_registry_is_a_read_only_mapping() -> None:
    registry: LazyRegistry[Any] = LazyRegistry({"dumps": "json:dumps"})
    assert "dumps" in registry
    assert "loads" not in registry
    assert len(registry) == 1
    assert registry["dumps"].__wrapped__ is json.dumps
    assert registry["dumps"] is registry["dumps"]  # resolved once
    assert registry["dumps"]({"a": 1}) == json.dumps({"a": 1})
    assert dict(registry) == {"dumps": registry["dumps"]}
    with pytest.raises(KeyError):
        registry["loads"]


def thresholds_while_rendering(result: object, options: object) -> tuple[int, int, int]:
    """A stand-in renderer: the collector's thresholds while it runs."""
    del result, options
    return gc.get_threshold()


def lines_while_rendering(blocks: object, options: object) -> Iterator[str]:
    """A stand-in streaming renderer (a generator function)."""
    del blocks, options
    yield str(gc.get_threshold())


def test_renderers_run_with_fewer_collections_and_streams_as_they_are() -> None:
    registry: LazyRegistry[Any] = LazyRegistry(
        {
            "probe": f"{__name__}:thresholds_while_rendering",
            "stream": f"{__name__}:lines_while_rendering",
        }
    )
    before = gc.get_threshold()
    during = registry["probe"]("result", "options")
    assert before[0] < 50_000  # the interpreter's default, 700
    assert during[0] >= 50_000  # young collections far rarer
    assert gc.get_threshold() == before  # and put back
    assert registry["stream"] is lines_while_rendering


def test_every_public_name_resolves_lazily() -> None:
    for name in partnerfit.__all__:
        assert getattr(partnerfit, name) is not None, name
    assert set(partnerfit.__all__) <= set(dir(partnerfit))
    from partnerfit.render import explanation_to_dict, ranking_to_dict

    assert callable(explanation_to_dict)
    assert callable(ranking_to_dict)
    for module in (partnerfit, partnerfit.render):
        with pytest.raises(AttributeError, match="no_such_name"):
            module.no_such_name  # noqa: B018  (the lookup is the test)


def test_a_public_function_named_like_its_module_stays_the_function() -> None:
    import partnerfit.decide.explain  # the submodule; the package attribute stays the function
    from partnerfit import explain

    assert callable(explain)
    assert explain.__name__ == "explain"
    assert partnerfit.explain is explain
    assert sys.modules["partnerfit.decide.explain"].explain is explain


COMMAND_PROBE = """
import json, sys
from typer.testing import CliRunner
import partnerfit.cli

def loaded():
    return sorted(m for m in sys.modules if m.startswith(("partnerfit.cli.", "rich", "numpy")))

steps = [[[], 0, loaded()]]
for args in {commands!r}:
    result = CliRunner().invoke(partnerfit.cli.app, args)
    steps.append([args, result.exit_code, loaded()])
print(json.dumps(steps))
"""


def command_probe(commands: list[list[str]]) -> list[tuple[list[str], int, list[str]]]:
    """Each command's exit status and the CLI modules, rich and numpy loaded after it, one
    command after another in a fresh interpreter (the first step: the import alone)."""
    return run_probe(COMMAND_PROBE.format(commands=commands))


def test_a_command_loads_only_its_own_module() -> None:
    from partnerfit.cli.commands import COMMAND_MODULES

    modules = {module for names in COMMAND_MODULES.values() for module in names}
    check_needs = {"partnerfit.cli.check", "partnerfit.cli.completion"}  # complete_rule
    imported, version, typo, check_help, check = command_probe(
        [["--version"], ["chek"], ["check", "--help"], ["check", "profiles", "--format", "json"]]
    )
    # importing the app, the version and "did you mean" load no command at all
    for args, _, loaded in (imported, version, typo):
        assert not modules & set(loaded), (args, loaded)
        assert not {"rich", "numpy"} & set(loaded), (args, loaded)
    assert typo[1] == 2
    # a command (its help, or a run) loads its module and what that imports, nothing else
    for args, exit_code, loaded in (check_help, check):
        assert exit_code == 0, args
        assert modules & set(loaded) == check_needs, (args, loaded)
        assert not {"rich", "numpy"} & set(loaded), (args, loaded)


def test_the_root_help_loads_every_command() -> None:
    from partnerfit.cli.commands import COMMAND_MODULES

    _, (_, exit_code, loaded) = command_probe([["--help"]])
    assert exit_code == 0
    assert {module for names in COMMAND_MODULES.values() for module in names} <= set(loaded)


VERSION_PROBE = """
import json, sys
from typer.testing import CliRunner
from partnerfit.cli import app
steps = []
for args in {commands!r}:
    result = CliRunner().invoke(app, args)
    steps.append([args, result.exit_code, [m for m in ("pydantic", "partnerfit.model", "rich")
                                           if m in sys.modules]])
print(json.dumps(steps))
"""


def test_version_and_a_typo_load_neither_pydantic_nor_the_models() -> None:
    # `--version` and a mistyped command start the program for a line of text: no models
    # (typer itself loads pydantic to parse an argument, so the typo may load that much)
    (version, typo) = run_probe(VERSION_PROBE.format(commands=[["--version"], ["rnak"]]))
    assert version[1:] == (0, [])
    assert typo[1] == 2
    assert "partnerfit.model" not in typo[2]


def test_renderers_that_build_a_whole_document_do_it_when_called() -> None:
    """Only streams may be generator functions: a generator's work happens as it is read, after
    the registry has put the collector's thresholds back, and the records of a whole document
    (a comparison's JSON of 100,000 pairs) set off full collections (0.95 s of 8.4 s)."""
    import importlib
    import inspect

    from partnerfit.render import registry

    streams = {"compare-stream", "compare"}  # the long formats stream their lines as read
    for command, formats in registry.RENDERERS.items():
        for name, reference in formats.items():
            module, _, attribute = reference.partition(":")
            renderer = getattr(importlib.import_module(module), attribute)
            if inspect.isgeneratorfunction(renderer):
                assert command in streams, f"{command} {name} builds when read"
                assert name in ("csv", "jsonl", "matrix", "coverage-matrix"), name


def test_records_are_built_with_fewer_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ranking_to_dict`` from Python (1.2 of its 2.1 s in full collections at 10,000 files),
    ``Comparison.to_records``, and the compare renderers that build a whole document, run with
    rarer collections, and leave the thresholds as they found them."""
    from partnerfit.batch.engine import compare
    from partnerfit.decide.ranking import rank
    from partnerfit.model.profileset import load_profile_set
    from partnerfit.render import COMPARE_FORMATS
    from partnerfit.render.common import RenderOptions
    from partnerfit.render.compare import html as compare_html
    from partnerfit.render.compare import json as compare_json
    from partnerfit.render.compare import table as compare_table
    from partnerfit.render.rank import json as rank_json

    profiles = load_profile_set(ROOT / "tests" / "data" / "small")
    seen: list[int] = []

    def probe(module: Any, name: str) -> None:
        real = getattr(module, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.get_threshold()[0])
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, recorded)

    probe(rank_json, "_candidate")
    probe(compare_json, "comparison_to_dict")
    probe(compare_html, "comparison_to_dict")
    probe(compare_table, "_draw")
    before = gc.get_threshold()
    rank_json.ranking_to_dict(rank("alpha", profiles))
    comparison = compare(profiles, top_k=2)
    for name in ("json", "table", "html"):
        COMPARE_FORMATS[name](comparison, RenderOptions())  # called, not read
    pairs = type(comparison).pairs
    monkeypatch.setattr(
        type(comparison),
        "pairs",
        lambda self: (seen.append(gc.get_threshold()[0]), *pairs(self))[1:],
    )
    assert comparison.to_records()
    assert len(seen) >= 5
    assert min(seen) >= 50_000
    assert gc.get_threshold() == before


_REALLOCATING = """
import sys
sys.path.insert(0, {root!r})
import partnerfit.cli
from tests.tools import reallocation_faults
sys.argv = ["partnerfit", "--version"]
try:
    {entry}()
except SystemExit:
    pass
print(reallocation_faults())
"""


def _faults_after(entry: str) -> int:
    """Page faults of making and freeing four rounds of 10 MB of arrays after ``entry`` ran
    ``partnerfit --version`` in a fresh interpreter."""
    code = _REALLOCATING.format(root=str(ROOT), entry=entry)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_console_script_keeps_freed_memory_and_the_app_alone_does_not() -> None:
    """A run of the command ends with its work, so ``main`` keeps freed memory for the next
    arrays; ``app``, which tests and other programs call in their own process, leaves the
    allocator as it was (glibc then gives fresh pages: about 1,500 faults here)."""
    assert _faults_after("partnerfit.cli.main") < 100
    assert _faults_after("partnerfit.cli.app") > 500
