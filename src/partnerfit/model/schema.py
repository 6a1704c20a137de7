"""JSON Schema (draft 2020-12) of profiles, the scoring configuration and partnerships.

The schemas come from the pydantic models, then say what the models say in code: a plain
list of values means importance 3 each, tags must not be blank, tier thresholds lie in
0..100. Editors use them through the ``# yaml-language-server: $schema=…`` modeline, and
check-jsonschema agrees with ``partnerfit check`` on what is structurally valid.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from partnerfit.model import Config, Profile
from partnerfit.model.partnership import Partnership

__all__ = [
    "DIALECT",
    "SCHEMA_KINDS",
    "config_schema",
    "json_schema",
    "partnership_schema",
    "profile_schema",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_URI = "https://partnerfit.github.io/schemas"

SchemaKind = Literal["profile", "config", "partnership"]
SCHEMA_KINDS: tuple[SchemaKind, ...] = ("profile", "config", "partnership")


class _Generator(GenerateJsonSchema):
    """pydantic's generator, plus what strip_whitespace means for a required tag."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        out = super().str_schema(schema)
        if (
            schema.get("strip_whitespace")
            and schema.get("min_length", 0) >= 1
            and "pattern" not in out
        ):
            out["pattern"] = r"\S"  # blank text is empty once stripped
        return out


def _tag_keys(node: Any) -> Any:
    """pydantic turns a key pattern into patternProperties; a tag key needs propertyNames."""
    if isinstance(node, list):
        return [_tag_keys(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tag_keys(v) for k, v in node.items()}
    patterns = out.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in out:
        ((pattern, values),) = patterns.items()
        del out["patternProperties"]
        out["additionalProperties"] = values
        out["propertyNames"] = {**out.get("propertyNames", {}), "pattern": pattern}
    return out


def profile_schema() -> dict[str, Any]:
    """The JSON Schema of one profile file."""
    schema = _tag_keys(Profile.model_json_schema(schema_generator=_Generator))
    values = schema["properties"]["values"]
    as_mapping = {k: v for k, v in values.items() if k not in ("title", "description", "default")}
    values.clear()
    values.update(
        {
            "title": "Values",
            "description": "Value tag -> importance 1..5; a plain list means importance 3 each.",
            "anyOf": [
                as_mapping,
                {"type": "array", "items": copy.deepcopy(as_mapping["propertyNames"])},
            ],
        }
    )
    values["anyOf"][1]["items"]["type"] = "string"
    return _finish(
        schema,
        "profile",
        "partnerfit profile",
        "One organisation: who it is, what it values, brings and needs, its goals and "
        "its dealbreakers.",
    )


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the scoring configuration (partnerfit.yaml)."""
    schema = _tag_keys(Config.model_json_schema(schema_generator=_Generator))
    tiers = schema["properties"]["tiers"]["additionalProperties"]
    tiers.update({"minimum": 0, "maximum": 100})
    return _finish(
        schema,
        "config",
        "partnerfit configuration",
        "The scoring configuration: criterion weights, tag synonyms, tier bands and limits.",
    )


def partnership_schema() -> dict[str, Any]:
    """The JSON Schema of one partnership file (``kind: partnership``)."""
    schema = _tag_keys(Partnership.model_json_schema(schema_generator=_Generator))
    # the model's validator: an outcome states a result, a rating, or both
    schema["$defs"]["Outcome"]["anyOf"] = [{"required": ["result"]}, {"required": ["rating"]}]
    return _finish(
        schema,
        "partnership",
        "partnerfit partnership",
        "One partnership over time: partners, roles, governance, SMART goals and reviews.",
    )


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The schema of a profile, of the config, or of a partnership."""
    if kind == "partnership":
        return partnership_schema()
    return profile_schema() if kind == "profile" else config_schema()


def _finish(schema: dict[str, Any], kind: str, title: str, description: str) -> dict[str, Any]:
    head = {
        "$schema": DIALECT,
        "$id": f"{BASE_URI}/{kind}.schema.json",
        "title": title,
        "description": description,
    }
    rest = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return {**head, **rest}
