"""`--format html` without a browser: registries, errors, escaping, the SVG guard, limits."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.hostile import MARKUP_NAME as HOSTILE_NAME
from tests.hostile import MARKUP_PROFILE as HOSTILE
from tests.hostile import markup_partnerships
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.cli.output import check_html_output
from partnerfit.errors import PartnerfitError, UsageError
from partnerfit.render import (
    COMPARE_FORMATS,
    EXPLAIN_FORMATS,
    MATCH_FORMATS,
    RANK_FORMATS,
    REVIEW_EXPLAIN_FORMATS,
    REVIEW_FORMATS,
)
from partnerfit.render.compare import html as compare_html
from partnerfit.render.explain import SIDE_BY_SIDE_FORMATS
from partnerfit.render.html import charts, page

DATA = Path(__file__).parent.parent / "data"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def hostile_set(small_set: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "profiles"
    shutil.copytree(small_set, directory)
    (directory / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    markup_partnerships(ROOT / "partnerships", tmp_path / "partnerships")
    return directory


def _commands(profiles: Path) -> dict[str, list[str]]:
    p = str(profiles)
    review = [
        "review",
        str(profiles.parent / "partnerships"),
        "--as-of",
        "2026-11-15",
        "--profiles",
        str(ROOT / "profiles"),
    ]
    return {
        "rank": ["rank", "alpha", "--profiles", p, "--robustness", "50"],
        "explain": ["explain", "alpha", "hostile-org", "--profiles", p],
        "explain side by side": ["explain", "alpha", "hostile-org", "beta", "--profiles", p],
        "compare": ["compare", "--profiles", p, "--top-k", "2"],
        "match": ["match", "--left", p, "--right", p],
        "review": review,
        "review --explain": [*review, "--explain", "youth-code-futures"],
    }


def _html(args: list[str], output: Path) -> str:
    result = CliRunner().invoke(app, [*args, "--format", "html", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    return output.read_text(encoding="utf-8")


def test_every_report_command_offers_html() -> None:
    registries = (
        RANK_FORMATS,
        EXPLAIN_FORMATS,
        SIDE_BY_SIDE_FORMATS,
        COMPARE_FORMATS,
        MATCH_FORMATS,
        REVIEW_FORMATS,
        REVIEW_EXPLAIN_FORMATS,
    )
    for registry in registries:
        assert "html" in registry
        assert registry["html"].__name__.startswith("render_")


def test_hostile_profile_text_is_escaped_in_every_report(hostile_set: Path, tmp_path: Path) -> None:
    for name, args in _commands(hostile_set).items():
        html = _html(args, tmp_path / f"{name}.html")
        assert HOSTILE_NAME not in html, name
        assert "<img" not in html, name
        assert "<iframe" not in html, name
        # the report's own script is the only one
        assert html.count("<script") == 1, name
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html, name
        assert "Content-Security-Policy" in html
        assert "http://" not in html.replace("http://www.w3.org/", ""), name


def test_reports_are_deterministic(hostile_set: Path, tmp_path: Path) -> None:
    args = _commands(hostile_set)["rank"]
    assert _html(args, tmp_path / "a.html") == _html(args, tmp_path / "b.html")


def test_html_goes_to_stdout_when_piped(small_set: Path) -> None:
    result = CliRunner().invoke(
        app, ["explain", "alpha", "beta", "--profiles", str(small_set), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!DOCTYPE html>\n")
    assert result.output.endswith("</html>\n")


def test_html_is_refused_on_a_terminal_without_output(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(UsageError, match="give --output FILE"):
        check_html_output("html", None)
    check_html_output("html", Path("report.html"))
    check_html_output("table", None)


def test_missing_extra_is_a_usage_error_naming_it(
    small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def without_vl_convert(name: str, *args: object) -> object:
        return None if name == "vl_convert" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(page.importlib.util, "find_spec", without_vl_convert)
    output = tmp_path / "rank.html"
    result = CliRunner().invoke(
        app, ["rank", "alpha", "--profiles", str(small_set), "-f", "html", "-o", str(output)]
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: --format html needs the html extra (vl_convert not installed): "
        "pip install 'partnerfit[html]'\n"
    )
    assert not output.exists()


WITHOUT_EXTRA = """\
import sys
for name in ("jinja2", "markupsafe", "vl_convert"):
    sys.modules[name] = None  # as if the html extra were not installed
from partnerfit.cli import main
sys.argv = ["partnerfit", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("command", ["rank", "review"])
def test_without_the_extra_installed_html_is_a_usage_error(
    command: str, small_set: Path, tmp_path: Path
) -> None:
    """In a fresh process none of the report modules may need the extra just to be imported."""
    output = tmp_path / "report.html"
    args = {
        "rank": ["rank", "alpha", "--profiles", str(small_set)],
        "review": ["review", str(ROOT / "partnerships"), "--profiles", str(ROOT / "profiles")],
    }[command]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA, *args, "-f", "html", "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr == (
        "error: --format html needs the html extra (jinja2, vl_convert not installed): "
        "pip install 'partnerfit[html]'\n"
    )
    assert not output.exists()


@pytest.mark.parametrize(
    ("args", "work"),
    [
        (["compare", "--top-k", "2"], "partnerfit.batch.engine.compare"),
        (["rank", "alpha"], "partnerfit.decide.ranking.rank"),
        (["match", "--left", "{small}", "--right", "{small}"], "partnerfit.batch.match.match"),
    ],
)
def test_without_the_extra_html_is_refused_before_any_work(
    args: list[str], work: str, small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report of a large set is refused at once, not after every pair is scored."""
    import importlib.util

    real = importlib.util.find_spec

    def without_extra(name: str, *rest: Any) -> Any:
        return None if name in ("jinja2", "vl_convert") else real(name, *rest)

    def no_work(*_: object, **__: object) -> None:
        raise AssertionError("the work started before the refusal")

    monkeypatch.setattr(importlib.util, "find_spec", without_extra)
    monkeypatch.setattr(work, no_work)
    output = tmp_path / "report.html"
    args = [arg.format(small=small_set) for arg in args]
    if args[0] != "match":
        args += ["--profiles", str(small_set)]
    result = CliRunner().invoke(app, [*args, "-f", "html", "-o", str(output)])
    assert (result.exit_code, result.output) == (
        2,
        "error: --format html needs the html extra (jinja2, vl_convert not installed): "
        "pip install 'partnerfit[html]'\n",
    )
    assert not output.exists()


def test_output_never_overwrites_an_input(small_set: Path, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    shutil.copytree(small_set, profiles)
    target = profiles / "alpha.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(
        app, ["rank", "alpha", "--profiles", str(profiles), "-f", "html", "-o", str(target)]
    )
    assert result.exit_code == 2
    assert "would overwrite an input" in result.output
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><text>t</text></a></svg>',
    ],
)
def test_svg_guard_refuses_anything_that_could_run(svg: str) -> None:
    with pytest.raises(PartnerfitError, match="internal error: a chart contained"):
        charts.check_inert(svg)


def test_svg_guard_lets_escaped_text_through() -> None:
    charts.check_inert(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt; onload=x href</text></svg>'
    )


def _bar_svg(name: str) -> str:
    """The SVG of a one-bar chart labelled ``name``."""
    spec = charts.spec(
        {
            "data": {"values": [{"name": name, "v": 1}]},
            "mark": "bar",
            "encoding": {
                "y": {"field": "name", "type": "nominal"},
                "x": {"field": "v", "type": "quantitative"},
            },
        },
        description="a test",
    )
    return str(charts.to_svg(spec))


def test_chart_text_from_profiles_is_character_data() -> None:
    svg = _bar_svg("</svg><script>alert(1)</script>")
    assert "<script" not in svg
    assert "&lt;/svg&gt;&lt;script&gt;" in svg


def test_compare_report_refuses_more_than_a_person_can_read(
    small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compare_html, "HEATMAP_MAX_CANDIDATES", 2)
    result = CliRunner().invoke(
        app,
        ["compare", "--profiles", str(small_set), "-f", "html", "-o", str(tmp_path / "c.html")],
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: the html report shows at most 120 focals and 2 candidates, not 5 and 5: "
        "narrow it with --top-k or --focal, or use --format csv or jsonl\n"
    )


@pytest.mark.parametrize(
    ("limits", "extra"),
    [
        ((120, 2), []),  # every candidate a column
        ((120, 3), ["--focal", "alpha"]),  # one focal: its own column left out (4)
        ((120, 4), ["--focal", "alpha", "--focal", "beta"]),
        ((2, 60), []),  # too many focals
        ((2, 60), ["--min-score", "10"]),  # the columns not known before scoring
        ((120, 2), ["--candidates", "{small}", "--focal", "alpha"]),
    ],
)
def test_a_report_without_top_k_too_large_is_refused_before_scoring(
    small_set: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limits: tuple[int, int],
    extra: list[str],
) -> None:
    """Without --top-k every pair would be scored and held before the report could refuse
    (10,000² profiles: minutes and gigabytes): refused first, with the numbers the report's
    own check gives where they are known then."""
    from partnerfit.batch import engine
    from partnerfit.cli import compare as compare_cli

    monkeypatch.setattr(compare_html, "HEATMAP_MAX_FOCALS", limits[0])
    monkeypatch.setattr(compare_html, "HEATMAP_MAX_CANDIDATES", limits[1])
    args = ["compare", "--profiles", str(small_set), "-f", "html", "-o", str(tmp_path / "c.html")]
    args += [arg.format(small=small_set) for arg in extra]
    with monkeypatch.context() as patched:  # scored, then refused by the report
        patched.setattr(compare_cli, "_refuse_large_html", lambda *_: None)
        late = CliRunner().invoke(app, args)

    def unscored(*_: object, **__: object) -> None:
        raise AssertionError("scored before the refusal")

    monkeypatch.setattr(engine, "compare", unscored)
    early = CliRunner().invoke(app, args)
    assert (early.exit_code, late.exit_code) == (2, 2)
    assert early.output.startswith("error: the html report shows at most")
    if "--min-score" in extra:
        assert "not 5 focals:" in early.output
        assert "not 5 and " in late.output
    else:
        assert early.output == late.output
    assert not (tmp_path / "c.html").exists()


def test_a_report_without_top_k_that_fits_is_not_refused(small_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    args = ["compare", "--profiles", str(small_set), "--focal", "alpha", "-f", "html", "-o"]
    result = CliRunner().invoke(app, [*args, str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "alpha"],
        ["rank", "alpha", "--top", "1", "--min-score", "5"],
        ["rank", "alpha", "--min-score", "100"],
        ["rank", "alpha", "--method", "topsis", "--robustness", "20", "--top", "1"],
        ["explain", "alpha", "delta"],
        ["explain", "alpha", "beta", "--suggestions", "0"],
        ["compare", "--focal", "alpha"],
        ["compare", "--min-score", "100"],
        ["match", "--left", "{p}", "--right", "{p}", "--min-score", "100"],
        ["match", "--left", "{p}", "--right", "{p}", "--mode", "stable", "--capacity", "2"],
    ],
    ids=lambda args: " ".join(args),
)
def test_every_shape_of_result_renders(args: list[str], small_set: Path, tmp_path: Path) -> None:
    """Empty rankings, exclusions, no advice, no pairs: each still makes a whole report."""
    args = [a.replace("{p}", str(small_set)) for a in args]
    if args[0] != "match":
        args += ["--profiles", str(small_set)]
    html = _html(args, tmp_path / "report.html")
    assert html.startswith("<!DOCTYPE html>\n")
    assert html.endswith("</html>\n")
    assert 'id="answer"' in html
    assert html.count("<script") == 1


def test_review_reports_escape_partnership_text(hostile_set: Path, tmp_path: Path) -> None:
    commands = _commands(hostile_set)
    for name in ("review", "review --explain"):
        html = _html(commands[name], tmp_path / "review.html")
        assert "&lt;iframe src=https://example.com&gt;&lt;/iframe&gt;Enrol" in html, name
        # one chart per goal with a target (three), and the overview's in the whole review
        charts = html.count("<figure>")
        assert charts == (3 if name.endswith("--explain") else 3 * 8 + 1), name


def test_control_characters_in_chart_text_are_shown_not_fatal() -> None:
    # XML cannot hold an ESC or a BEL: the SVG converter aborted the process on them
    svg = _bar_svg("\x1b[31mRed\x07 =1+1")
    assert "\x1b" not in svg
    assert "\\x1b[31mRed\\x07 =1+1" in svg


def test_control_characters_in_profile_text_reach_no_report_raw(
    hostile_set: Path, tmp_path: Path
) -> None:
    # ESC sequences, a bell and a right-to-left override in a name: the page shows escapes, so
    # neither a browser nor a terminal the page is printed to acts on them
    control = HOSTILE.replace("id: hostile-org", "id: control-org").replace(
        f"name: '{HOSTILE_NAME}'", 'name: "=1+1 \\e[31mRED\\a \\u202Eevil"'
    )
    assert control != HOSTILE
    (hostile_set / "control.yaml").write_text(control, encoding="utf-8")
    commands = _commands(hostile_set)
    commands["rank as focal"] = ["rank", "control-org", "--profiles", str(hostile_set)]
    for name, args in commands.items():
        if name.startswith("review"):
            continue  # partnership files, not profiles: escaped in the review tests
        html = _html(args, tmp_path / f"{name}.html")
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in html, (name, raw)
        if name in ("rank", "rank as focal", "compare", "match"):
            assert "=1+1 \\x1b[31mRED\\x07 \\u202eevil" in html, name
