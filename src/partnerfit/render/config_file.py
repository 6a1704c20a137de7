"""A scoring configuration (partnerfit.yaml) written from derived weights, for ``--write-config``.

The file carries the base configuration's synonyms, tiers and limits, so that ``rank``,
``compare`` and ``match`` score exactly as before except for the weights, and says where the
weights came from in ``weights_source``, which those commands show beside the weights.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from partnerfit.model import CRITERIA, Config
from partnerfit.model.config import weights_source_text

WEIGHT_DECIMALS = 6


def rounded_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Every criterion's weight to six decimals, summing to exactly 1 (the largest absorbs it)."""
    scale = 10**WEIGHT_DECIMALS
    total = sum(weights.values())
    units = {c: round(scale * weights.get(c, 0.0) / total) for c in CRITERIA}
    largest = max(units, key=lambda c: (units[c], c))
    units[largest] += scale - sum(units.values())
    return {c: units[c] / scale for c in CRITERIA}


def render_config(
    base: Config,
    weights: Mapping[str, float],
    source: str,
    *,
    command: str,
    tiers: Mapping[str, float] | None = None,
) -> str:
    """The YAML text of ``base`` with ``weights`` (and ``tiers``, when given) replaced."""
    data: dict[str, object] = {
        "weights_source": weights_source_text(source),
        "weights": rounded_weights(weights),
    }
    if base.synonyms:
        data["synonyms"] = {k: list(v) for k, v in base.synonyms.items()}
    chosen_tiers = tiers if tiers is not None else base.tiers
    data["tiers"] = {label: float(value) for label, value in chosen_tiers.items()}
    if "limits" in base.model_fields_set:
        data["limits"] = base.limits.model_dump()
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000)
    header = (
        "# yaml-language-server: $schema=https://partnerfit.github.io/schemas/config.schema.json\n"
        f"# Written by `{command}`; use it with --config.\n"
    )
    return header + body
