"""Charts as Vega-Lite specifications, rendered to inline SVG by vl-convert (offline, no script).

Colours: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies, and
legible on light and dark backgrounds) and viridis for scales. Axis, label and title colours are
``currentColor``, so one SVG follows the page's light or dark text colour.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # markupsafe comes with jinja2, in the html extra: imported once require_extra has passed
    from markupsafe import Markup

from partnerfit.errors import PartnerfitError
from partnerfit.io.printable import printable

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe–Ito, without black (the page's text colour is the seventh hue in dark mode)."""

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
"""Metric-compatible with Arial: text is measured the same when the SVG is made and read."""

LABEL_LIMIT = 220
"""Widest axis label in pixels; longer names are cut with an ellipsis (the tables keep them)."""

# what an SVG made from data must never contain: elements or attributes that run or load
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "object", "embed", "image"})

Spec = dict[str, Any]


def config() -> dict[str, Any]:
    """Vega-Lite config shared by every chart: page colours, the font, a transparent ground."""
    ink = "currentColor"
    return {
        "background": None,
        "font": FONT,
        "view": {"stroke": None},
        "axis": {
            "labelColor": ink,
            "titleColor": ink,
            "domainColor": ink,
            "tickColor": ink,
            "gridColor": ink,
            "gridOpacity": 0.15,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "labelLimit": LABEL_LIMIT,
        },
        "legend": {
            "labelColor": ink,
            "titleColor": ink,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "horizontal",
        },
        "title": {"color": ink, "fontSize": 13, "anchor": "start"},
        "text": {"color": ink},
    }


def spec(body: Spec, *, description: str) -> Spec:
    """A complete Vega-Lite specification: the body, its description and the shared config."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "config": config(),
        **body,
    }


def colour_scale(domain: Sequence[str]) -> dict[str, Any]:
    """A categorical scale giving each name of the domain its Okabe–Ito colour, in order."""
    return {"domain": list(domain), "range": list(PALETTE[: len(domain)])}


def by_name(field: str, scale: Spec, **options: Any) -> Spec:
    """An encoding of a nominal ``field`` on ``scale``, with its title or legend in ``options``."""
    return {"field": field, "type": "nominal", "scale": scale, **options}


def rows_axis(field: str, order: Sequence[str], label_limit: int | None = None) -> Spec:
    """The y encoding of a chart with a row per name, in the given order, names as labels."""
    y: Spec = {"field": field, "type": "nominal", "sort": list(order), "title": None}
    if label_limit is not None:
        y["axis"] = {"labelLimit": label_limit}
    return y


def end_labels(y: dict[str, Any], x_field: str) -> Spec:
    """A layer writing each row's ``text`` just after the end of its bar at ``x_field``."""
    return {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
        "encoding": {
            "y": y,
            "x": {"field": x_field, "type": "quantitative"},
            "text": {"field": "text"},
        },
    }


def to_svg(chart: Spec) -> Markup:
    """Render a Vega-Lite specification to an SVG element safe to place in the page."""
    from partnerfit.render.html.page import require_extra

    require_extra()
    import vl_convert
    from markupsafe import Markup

    svg = vl_convert.vegalite_to_svg(_printable_strings(chart))
    check_inert(svg)
    svg = re.sub(r"<svg ", '<svg focusable="false" ', svg, count=1)
    return Markup(svg)  # made by Vega from escaped data, checked above


def _printable_strings(value: Any) -> Any:
    """The specification with control characters in every string written as visible escapes.

    A profile's name may hold an ESC or a BEL; XML cannot hold them, and the SVG converter then
    aborts the whole process (a panic in compiled code, not an exception) instead of drawing.
    """
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_strings(item) for item in value]
    return value


def _local(name: str) -> str:
    return name.rpartition("}")[2].lower()


def check_inert(svg: str) -> None:
    """Refuse an SVG with an element or attribute that could run code or load a resource.

    Vega escapes every text it draws, so profile text can only ever be character data; this
    check makes any regression of that loud instead of silent.
    """
    for element in ET.fromstring(svg).iter():
        if _local(element.tag) in _FORBIDDEN_ELEMENTS:
            raise PartnerfitError(f"internal error: a chart contained <{_local(element.tag)}>")
        for attribute in element.attrib:
            name = _local(attribute)
            if name.startswith("on") or name == "href":
                raise PartnerfitError(f"internal error: a chart contained the attribute {name}")
