"""The page around every report: the jinja2 environment, the stylesheet and the one script.

A report is one self-contained file: its styles and its only script (which sorts tables) are
written into it, its charts are inline SVG, and a Content-Security-Policy forbids every request
and every script but that one (by its hash), so that nothing from profile data can run or load.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from partnerfit._version import __version__
from partnerfit.errors import UsageError
from partnerfit.io.printable import printable_lines

if TYPE_CHECKING:
    from jinja2 import Environment

EXTRA_MODULES = ("jinja2", "vl_convert")
INSTALL_HINT = "pip install 'partnerfit[html]'"


def require_extra() -> None:
    """Raise a usage error naming the extra to install when a report's libraries are missing."""
    missing = [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"--format html needs the html extra ({', '.join(missing)} not installed): "
            f"{INSTALL_HINT}"
        )


@functools.cache
def environment() -> Environment:
    """The jinja2 environment of the report templates: autoescaped, strict about names."""
    require_extra()
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("partnerfit.render.html", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.filters["fixed"] = fixed
    env.filters["percent"] = percent
    return env


def _shown(value: object) -> object:
    """Every text a template writes, with its control characters as visible escapes
    (``printable_lines``: a name holding ESC sequences or a bidirectional override reaches no
    browser, and no terminal the page is printed to, raw); markup the code made (``Markup``:
    charts, the stylesheet, macros) is written as it is. Autoescaping then escapes the rest."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable_lines(value)
    return value


@functools.cache
def _asset(name: str) -> str:
    return files("partnerfit.render.html").joinpath("templates", name).read_text("utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def fixed(value: float | None, digits: int = 1) -> str:
    """A number with a fixed count of decimals, or an en dash for none."""
    return "–" if value is None else f"{value:.{digits}f}"


def percent(value: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage, or an en dash for none."""
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def render_page(template: str, *, title: str, **context: Any) -> str:
    """Fill a report template; the page carries its stylesheet, its script and its policy."""
    require_extra()
    from markupsafe import Markup

    script = _asset("sort.js")
    policy = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{_sha256(script)}'; base-uri 'none'; form-action 'none'"
    )
    return (
        environment()
        .get_template(template)
        .render(
            title=title,
            version=__version__,
            policy=policy,
            stylesheet=Markup(_asset("report.css")),  # the package's own file
            script=Markup(script),  # allowed by its hash in the policy
            **context,
        )
    )
