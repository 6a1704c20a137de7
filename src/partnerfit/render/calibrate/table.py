"""Terminal output of ``partnerfit calibrate``: weights before and after, evidence, tiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerfit.decide.calibrate import Calibration
from partnerfit.render.calibrate.common import (
    TIER_HEADERS,
    correlation_sentence,
    success_sentence,
    tier_cells,
)
from partnerfit.render.common import RenderOptions, render_with_console, terminal_text

if TYPE_CHECKING:
    from rich.console import Console


def _draw(c: Calibration, console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    title = Text(f"Calibration on {c.fit.used} past partnerships in {terminal_text(c.source)}")
    weights = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    for header in ("Criterion", "Current", "Fitted", "Change"):
        weights.add_column(header, justify="left" if header == "Criterion" else "right")
    before, after = c.weights_before, c.weights_after
    for name in c.criteria:
        change = 100 * (after[name] - before[name])
        weights.add_row(
            name, f"{100 * before[name]:.1f}%", f"{100 * after[name]:.1f}%", f"{change:+.1f}"
        )
    console.print(weights)
    console.print()
    console.print(Text(correlation_sentence(c)))
    console.print(Text(c.verdict))
    console.print()
    tiers = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        title="Suggested tiers",
        title_justify="left",
    )
    for header in TIER_HEADERS:
        tiers.add_column(header, justify="left" if header == "Tier" else "right")
    for tier in c.tiers:
        tiers.add_row(
            *(
                Text(terminal_text(cell))
                for cell in tier_cells(tier, c.tiers_current.get(tier.label))
            )
        )
    console.print(tiers)
    console.print()
    console.print(Text(success_sentence(c)))
    console.print(Text(f"Current weights: {terminal_text(c.current.source)}."))


def render_calibrate_table(c: Calibration, options: RenderOptions) -> str:
    """Render the calibration as terminal tables."""
    return render_with_console(options, lambda console: _draw(c, console))
