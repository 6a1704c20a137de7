"""The rules ``partnerfit check`` reports: a stable id, a usual severity and a summary each."""

from __future__ import annotations

from dataclasses import dataclass

from partnerfit.io.findings import Severity

__all__ = ["RULES", "Rule"]


@dataclass(frozen=True)
class Rule:
    """A kind of problem: a stable id (for SARIF and CI), its usual severity and a summary."""

    id: str
    severity: Severity
    summary: str


def _rules(*rows: tuple[str, Severity, str]) -> dict[str, Rule]:
    return {rule_id: Rule(rule_id, severity, text) for rule_id, severity, text in rows}


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = _rules(
    # reading the file
    ("unreadable", _E, "The file cannot be read."),
    ("not-a-profile", _E, "A file named that is neither .yaml/.yml nor a profile (not quoted)."),
    ("link-loop", _E, "A symbolic-link loop: the file it names can never be reached."),
    ("not-a-file", _E, "The path is not a regular file."),
    ("file-too-large", _E, "The file is larger than limits.max_file_bytes."),
    ("not-utf8", _E, "The file is not UTF-8 text."),
    ("binary-file", _E, "The file holds NUL bytes: it is binary, not YAML text."),
    ("empty-file", _E, "The file holds no YAML document."),
    ("broken-link", _E, "A symbolic link leads to a missing file."),
    ("link-outside", _W, "A symbolic link leads outside the checked directory; not followed."),
    # YAML syntax and safety
    ("yaml-syntax", _E, "The file is not valid YAML."),
    ("yaml-tab", _E, "A tab is used for indentation, which YAML forbids."),
    ("no-files", _E, "A path given to check holds no .yaml or .yml file."),
    ("control-character", _E, "A control character YAML does not allow (libyaml refuses it)."),
    ("multiple-documents", _E, "The file holds more than one YAML document."),
    ("too-deep", _E, "Mappings and lists are nested deeper than limits.max_depth."),
    ("node-budget", _E, "More YAML nodes than limits.max_nodes once aliases are expanded."),
    ("unsafe-tag", _E, "A python/* YAML tag, which would run code in an unsafe loader."),
    ("unknown-tag", _E, "A YAML tag other than the standard ones."),
    ("yaml-value", _E, "A tagged YAML value that cannot be read."),
    ("invalid-key", _E, "A list or mapping is used as a mapping key."),
    ("invalid-merge", _E, "A `<<` merge key not followed by a mapping or list of mappings."),
    ("duplicate-key", _E, "A key appears twice in one mapping; YAML keeps only the last."),
    ("tag-collision", _E, "Two tags that differ only in case or separators (merged otherwise)."),
    # YAML 1.1 surprises
    ("yaml-boolean", _E, "A plain no/yes/on/off read as a boolean where text is expected."),
    ("yaml-octal", _W, "A number with a leading zero read as octal."),
    ("yaml-sexagesimal", _W, "A number with colons (1:30) read as base 60."),
    ("yaml-float", _E, "A number such as 1.10 whose text does not survive being read."),
    ("yaml-date", _E, "An unquoted date read as a date where text is expected."),
    ("yaml-null", _E, "An empty value or ~ read as null where a value is required."),
    ("yaml-number", _E, "A plain number where text is expected."),
    # the models
    ("not-a-mapping", _E, "The document is not a mapping of fields."),
    ("missing-field", _E, "A required field is missing."),
    ("unknown-field", _E, "A field that the model does not have."),
    ("schema", _E, "A value of the wrong type, out of range, or not one of the choices."),
    ("synonym-conflict", _E, "A synonym in the config maps one word to two canonical tags."),
    # across the set
    ("duplicate-id", _E, "Two files use the same profile id."),
    ("id-filename-mismatch", _W, "A profile's file name does not match its id."),
    ("tag-spelling", _W, "A tag differs only in spelling from one used elsewhere in the set."),
    (
        "unused-dealbreaker",
        _W,
        "A dealbreaker matches no profile but is spelled like a tag the set uses: a likely typo.",
    ),
    # partnership files
    (
        "not-a-partner",
        _E,
        "A role, goal owner, rating or issue names an organisation not partnered.",
    ),
    ("duplicate-partner", _E, "A partnership lists the same partner twice."),
    ("duplicate-role", _E, "A partner has two role entries."),
    ("duplicate-goal", _E, "Two goals of a partnership share an id."),
    ("undeclared-metric", _E, "A goal's metric is neither built in nor declared in `metrics`."),
    ("goal-direction", _E, "A goal's target lies the wrong way from its baseline, or equals it."),
    ("not-smart", _W, "A goal without a metric, a target or a deadline cannot be measured."),
    ("date-order", _E, "Dates in the wrong order (end before start, resolved before raised)."),
    ("review-order", _E, "Reviews are not in date order, or two share a date."),
    ("review-outside", _E, "A review is dated outside the partnership's start and end."),
    ("orphan-actual", _W, "A review reports an actual for a metric that no goal measures."),
    ("out-of-scale", _E, "A satisfaction rating lies outside the file's stated scale."),
    ("unknown-profile", _E, "A partner id has no profile in the profile set."),
    ("unknown-capability", _W, "A role names a capability outside the profiles' vocabulary."),
    ("no-profile-set", _W, "No profiles to check a partnership's partner ids against."),
)
"""Every rule id partnerfit check can report, in a stable order."""

SEVERITIES: dict[str, Severity] = {rule.id: rule.severity for rule in RULES.values()}
"""Rule id -> its severity: what ``--ignore`` may name (warnings only)."""
