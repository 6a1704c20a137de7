"""The HTML reports in a real browser: Debian's chromium, driven by Playwright.

One browser for the whole module (two cores are shared). Each report is written by the command
line from a small set with a hostile profile in it, beside the JSON of the same run; the page is
opened with every request but the file itself refused and recorded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.hostile import MARKUP_NAME as HOSTILE_NAME
from tests.hostile import MARKUP_PROFILE as HOSTILE
from tests.hostile import markup_partnerships
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.model import CRITERIA

CHROMIUM = Path(os.environ.get("PARTNERFIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Report:
    """A report file and the JSON of the same run."""

    name: str
    html: Path
    data: dict[str, Any]
    charts: int


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture set plus a profile whose name and goal are markup."""
    directory = tmp_path_factory.mktemp("profiles")
    small = Path(__file__).parent.parent / "data" / "small"
    for path in small.iterdir():
        shutil.copy(path, directory / path.name)
    (directory / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    return directory


ROOT = Path(__file__).resolve().parent.parent.parent
REVIEW = ["--as-of", "2026-11-15", "--profiles", str(ROOT / "profiles")]
"""The bundled partnerships (one with markup in it: ``{r}``) reviewed on a fixed day."""
COMMANDS: dict[str, list[str]] = {
    "rank": ["rank", "alpha", "--profiles", "{p}", "--robustness", "300", "--seed", "3"],
    "explain": ["explain", "alpha", "hostile-org", "--profiles", "{p}"],
    "explain-side-by-side": [
        *("explain", "alpha", "beta", "gamma", "hostile-org", "--profiles", "{p}"),
    ],
    "compare": ["compare", "--profiles", "{p}", "--top-k", "3"],
    "match": ["match", "--left", "{p}", "--right", "{p}", "--capacity", "1"],
    "review": ["review", "{r}", *REVIEW],
    "review-explain": ["review", "{r}", *REVIEW, "--explain", "youth-code-futures"],
}
CHARTS = {"rank": 2, "explain": 2, "explain-side-by-side": 1, "compare": 1, "match": 1}
"""How many charts each report draws (review: see ``review_charts``)."""


def reviewed(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The partnerships of a review's JSON: all of them, or the one of ``--explain``."""
    return data["partnerships"] if "partnerships" in data else [data["partnership"]]


def review_charts(data: dict[str, Any]) -> int:
    """The charts of a review report: the overview of health, and one per goal with a target."""
    whole = "partnerships" in data
    goals = [g for p in reviewed(data) for g in p["goals"]]
    drawn = sum(1 for g in goals if g["target"] is not None and g["start"] and g["deadline"])
    return int(whole) + drawn


@pytest.fixture(scope="module")
def reports(profiles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    """Each command's HTML report and JSON output, from the same options."""
    out = tmp_path_factory.mktemp("reports")
    made = {}
    partnerships = markup_partnerships(ROOT / "partnerships", out / "partnerships")
    for name, template in COMMANDS.items():
        args = [a.replace("{p}", str(profiles)).replace("{r}", str(partnerships)) for a in template]
        html = out / f"{name}.html"
        _run([*args, "--format", "html", "--output", str(html)])
        data = json.loads(_run([*args, "--format", "json"]))
        charts = CHARTS[name] if name in CHARTS else review_charts(data)
        made[name] = Report(name, html, data, charts)
    return made


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the module; a missing browser fails, it never skips."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get install chromium fonts-liberation; .ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A report open in a page, with what it tried to fetch and what it logged."""

    page: Any
    requests: list[str]
    errors: list[str]


@pytest.fixture
def open_report(browser: Any) -> Iterator[Callable[..., Opened]]:
    """Open a report with the network blocked: every request but the file itself is refused."""
    contexts: list[Any] = []

    def opener(report: Report, **options: Any) -> Opened:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, [], [])
        target = report.html.as_uri()

        def route(route: Any) -> None:
            if route.request.url == target:
                route.continue_()
            else:
                opened.requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(target)
        page.wait_for_load_state("load")
        return opened

    yield opener
    for context in contexts:
        context.close()


NAMES = list(COMMANDS)


@pytest.mark.parametrize("name", NAMES)
def test_report_opens_offline_shows_answer_and_charts(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports[name]
    opened = open_report(report, viewport=DESKTOP)
    page = opened.page
    assert opened.requests == []
    assert opened.errors == []
    headline = page.locator("#answer .headline")
    assert headline.is_visible()
    assert headline.inner_text().strip()
    figures = page.locator("figure svg")
    assert figures.count() == report.charts
    for index in range(figures.count()):
        figure = figures.nth(index)
        assert figure.is_visible()
        box = figure.bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 50
    # the only script is the report's own, and the policy forbids any other
    assert page.evaluate("document.scripts.length") == 1
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy is not None
    assert "default-src 'none'" in policy


def _cells(page: Any, selector: str) -> list[dict[str, Any]]:
    """Each row of a table: its data attributes and its cells' data-value (or text)."""
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        f"{selector} tbody tr",
        """rows => rows.map(row => ({
            attrs: Object.fromEntries(Array.from(row.attributes).map(a => [a.name, a.value])),
            values: Array.from(row.cells).map(c => c.hasAttribute('data-value')
                ? (c.dataset.value === '' ? null : Number(c.dataset.value)) : c.innerText.trim()),
        }))""",
    )


def test_rank_tables_equal_the_json(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports["rank"]
    page = open_report(report).page
    data = report.data
    criteria = CRITERIA
    rows = _cells(page, "#scores-table")
    assert [r["attrs"]["data-id"] for r in rows] == [c["id"] for c in data["candidates"]]
    for row, candidate in zip(rows, data["candidates"], strict=True):
        rank, _, score, tier, known, *rest = row["values"]
        interval = candidate.get("score_interval")
        if interval:
            low, high, *points = rest
            assert [low, high] == interval
        else:
            points = rest
        assert rank == candidate["rank"]
        assert score == candidate["score"]
        assert tier == (candidate["tier"] or "–")
        assert points == [candidate["criteria"][c]["contribution"] for c in criteria]
        shown = sum(c["weight"] for c in candidate["criteria"].values() if c["score"] is not None)
        assert known == pytest.approx(candidate.get("coverage", shown), abs=1e-6)
    robust = _cells(page, "#robustness-table")
    assert len(robust) == len(data["candidates"])
    for row, candidate in zip(robust, data["candidates"], strict=True):
        r = candidate["robustness"]
        assert row["values"][2:] == [
            r["p_first"],
            r["p_top_k"],
            r["rank_p5"],
            r["rank_p95"],
            r["mean_rank"],
        ]
    weights = _cells(page, "#weights")
    assert [w["values"][1:] for w in weights] == [
        [data["weights"]["given"][c], data["weights"]["normalised"][c]] for c in criteria
    ]
    # left out: excluded by a dealbreaker, then not scored, then without enough evidence
    groups = ("excluded", "unscored", "insufficient_evidence")
    left_out = [e["id"] for key in groups for e in data.get(key, [])]
    excluded = _cells(page, "#excluded-table") if left_out else []
    assert [e["attrs"]["data-id"] for e in excluded] == left_out
    assert data["excluded"], "the fixture set has a dealbreaker"


def test_explain_tables_equal_the_json(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports["explain"]
    page = open_report(report).page
    data = report.data
    rows = _cells(page, "#criteria-table")
    assert [r["attrs"]["data-criterion"] for r in rows] == list(CRITERIA)
    for row, c in zip(rows, [data["criteria"][name] for name in CRITERIA], strict=True):
        _, score, weight, used, points, summary = row["values"]
        expected = None if c["score"] is None else 100 * c["score"]
        assert score == pytest.approx(expected) if expected is not None else score is None
        used_weight = c.get("used_weight", c["weight"])
        assert [weight, used, points] == [c["weight"], used_weight, c["contribution"]]
        assert summary == c["summary"]
    total = page.locator("#criteria-table tfoot td[data-value]").get_attribute("data-value")
    assert float(total or "nan") == data["score"]
    improvements = _cells(page, "#improvements-table")
    assert [r["values"][4:] for r in improvements] == [
        [i["points"], i["new_score"]] for i in data["improvements"]
    ]
    assert [r["values"][1] for r in improvements] == [
        i["description"] for i in data["improvements"]
    ]


def test_compare_tables_equal_the_json_and_sort(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports["compare"]
    opened = open_report(report)
    page = opened.page
    data = report.data
    pairs = [(f["id"], p) for f in data["focals"] for p in f["pairs"]]
    rows = _cells(page, "#pairs-table")
    assert [(r["attrs"]["data-focal"], r["attrs"]["data-candidate"]) for r in rows] == [
        (focal, p["candidate_id"]) for focal, p in pairs
    ]
    criteria = CRITERIA
    for row, (_, pair) in zip(rows, pairs, strict=True):
        values = row["values"]
        assert values[1] == pair["rank"]
        assert values[4] == pair["score"]
        assert values[7 : 7 + len(criteria)] == [pair["criteria"][c] for c in criteria]
    # the inline script sorts by the clicked column, descending on the second click
    header = page.locator("#pairs-table thead th").nth(4)
    header.click()
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    scores = [r["values"][4] for r in _cells(page, "#pairs-table")]
    ranked = [s for s in scores if s is not None]
    assert ranked == sorted(ranked, reverse=True)
    assert scores[: len(ranked)] == ranked
    assert opened.errors == []


def test_match_tables_equal_the_json(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports["match"]
    page = open_report(report).page
    data = report.data
    rows = _cells(page, "#pairs-table")
    assert [(r["attrs"]["data-left"], r["attrs"]["data-right"]) for r in rows] == [
        (p["left"]["id"], p["right"]["id"]) for p in data["pairs"]
    ]
    assert [r["values"][3:] for r in rows] == [
        [p["left_score"], p["right_score"], p["fit"]] for p in data["pairs"]
    ]
    unmatched = _cells(page, "#unmatched-table") if data["unmatched"] else []
    assert [(r["values"][0], r["attrs"]["data-id"]) for r in unmatched] == [
        (u["side"], u["id"]) for u in data["unmatched"]
    ]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_markup_stays_text(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    page = open_report(reports[name]).page
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    text = page.evaluate("document.body.innerText")
    # the name is shown, as the characters it is
    if name == "explain":
        assert HOSTILE_NAME in page.locator("h1").inner_text()
    else:
        assert HOSTILE_NAME in text
    if name.startswith("review"):
        assert "<iframe src=https://example.com></iframe>Enrol" in text


@pytest.mark.parametrize("name", NAMES)
def test_screenshots_at_desktop_and_phone_widths_are_not_blank(
    name: str,
    reports: dict[str, Report],
    open_report: Callable[..., Opened],
    tmp_path: Path,
) -> None:
    from PIL import Image, ImageStat

    for label, viewport, scheme in (
        ("desktop", DESKTOP, "light"),
        ("phone", PHONE, "dark"),
    ):
        page = open_report(reports[name], viewport=viewport, color_scheme=scheme).page
        image = tmp_path / f"{name}-{label}.png"
        page.screenshot(path=str(image), full_page=True)
        with Image.open(image) as shot:
            assert shot.width == viewport["width"]
            stats = ImageStat.Stat(shot.convert("L"))
            assert stats.stddev[0] > 10, f"{image} looks blank"
        # on a phone the page does not scroll sideways: wide tables scroll in their own box
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]


def test_side_by_side_fits_a_desktop_page_and_scrolls_in_its_box_on_a_phone(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    # three candidates (one with a long hostile name) share a desktop page without scrolling
    desktop = open_report(reports["explain-side-by-side"], viewport=DESKTOP).page
    box = "document.querySelector('#side-by-side-table').parentElement"
    sizes = desktop.evaluate(f"[{box}.scrollWidth, {box}.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    # on a phone each candidate keeps a readable column, and the table scrolls in its box
    phone = open_report(reports["explain-side-by-side"], viewport=PHONE).page
    widths = phone.evaluate(
        "[...document.querySelectorAll('#side-by-side-table thead th[scope=col]')]"
        ".map(th => th.getBoundingClientRect().width)"
    )
    assert len(widths) == 3
    assert min(widths) >= 9 * 14 - 1  # 9rem at the phone's 14px root size


@pytest.mark.parametrize("name", ["rank", "review"])
def test_dark_mode_turns_page_and_chart_text_light(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    page = open_report(reports[name], color_scheme="dark").page
    ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
    ink = page.evaluate("getComputedStyle(document.querySelector('figure svg text')).fill")
    assert ground == "rgb(13, 17, 23)"
    assert ink == "rgb(230, 237, 243)"


PRINTED_PAGES = {"rank": 6, "review-explain": 6, "review": 36}
"""Most pages each report may print to (the whole review: under five per partnership)."""


@pytest.mark.parametrize("name", list(PRINTED_PAGES))
def test_report_prints_to_a_sensible_number_of_pages(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened], tmp_path: Path
) -> None:
    page = open_report(reports[name]).page
    page.emulate_media(media="print")
    counts = {}
    for paper in ("A4", "Letter"):
        pdf = tmp_path / f"{name}-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper, print_background=True)
        counts[paper] = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    assert all(1 <= n <= PRINTED_PAGES[name] for n in counts.values()), counts
    assert abs(counts["A4"] - counts["Letter"]) <= max(1, counts["A4"] // 10), counts
    # printed, every chart fits the width of the paper (none is cut at the right margin)
    for paper, width in (("A4", 210), ("Letter", 216)):
        page.set_viewport_size({"width": round(width / 25.4 * 96), "height": 1000})
        wide = page.evaluate(
            "Array.from(document.querySelectorAll('figure svg'))"
            ".filter(s => s.getBoundingClientRect().right > document.documentElement.clientWidth)"
            ".length"
        )
        assert wide == 0, paper


CATEGORICAL = [name for name in COMMANDS if name != "compare"]
"""Reports whose charts colour categories (compare's heat-map is viridis, a sequential scale)."""
NEUTRAL = {"currentcolor", "none", "black", "white", "#000000", "#ffffff"}


@pytest.mark.parametrize("name", CATEGORICAL)
def test_chart_colours_are_the_colour_blind_safe_palette(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    from partnerfit.render.html.charts import PALETTE

    page = open_report(reports[name]).page
    used = page.eval_on_selector_all(
        "figure svg [fill], figure svg [stroke]",
        "marks => marks.flatMap(m => [m.getAttribute('fill'), m.getAttribute('stroke')])",
    )
    colours = {c.lower() for c in used if c} - NEUTRAL
    assert colours, name
    assert colours <= {c.lower() for c in PALETTE}, colours


def test_review_leads_with_the_partnerships_that_need_attention(
    reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports["review"]
    page = open_report(report).page
    items = report.data["partnerships"]
    attention = [p for p in items if p["health"]["status"] != "healthy"]
    assert attention
    listed = page.locator("#answer li").all_inner_texts()
    assert len(listed) == len(attention)
    for text, item in zip(listed, attention, strict=True):
        assert text.startswith(f"{item['name']} {item['id']}: health")
    # worst first, in the overview as in the answer
    health = [p["health"]["score"] for p in items]
    assert health == sorted(health)


@pytest.mark.parametrize("name", ["review", "review-explain"])
def test_review_tables_equal_the_json(
    name: str, reports: dict[str, Report], open_report: Callable[..., Opened]
) -> None:
    report = reports[name]
    page = open_report(report).page
    items = reviewed(report.data)
    if name == "review":
        rows = _cells(page, "#overview-table")
        assert [r["attrs"]["data-id"] for r in rows] == [p["id"] for p in items]
        for row, item in zip(rows, items, strict=True):
            _, _, health, status, delta, fit, achieved, flags = row["values"]
            assert health == item["health"]["score"]
            assert status == item["health"]["status"].replace("-", " ")
            assert delta == item["trend"]["delta"]
            assert fit == item["fit_at_selection"]["mean"]
            assert achieved == item["goal_achievement_rate"]
            assert flags == len(item["flags"])
    for index, item in enumerate(items, start=1):
        section = f"#partnership-{index}"
        components = _cells(page, f"{section} .health-table")
        assert [c["values"][3] for c in components] == [
            c["points"] for c in item["health"]["components"]
        ]
        for goal in item["goals"]:
            values = _cells(page, f'{section} .goal-table[data-goal="{goal["id"]}"]')
            actual = [v["values"][2] for v in values if v["values"][1] == "actual"]
            assert actual == [h["value"] for h in goal["history"]]
            target = [v["values"][2] for v in values if v["values"][1].startswith("target")]
            assert target == ([] if goal["target"] is None else [goal["target"]])
        flags = page.locator(f"{section} .flags li").all_inner_texts()
        assert flags == [f"{f['code']}: {f['reason']}" for f in item["flags"]]
