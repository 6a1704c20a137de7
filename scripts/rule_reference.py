"""Print the rule reference of docs/checking-in-ci.md: one heading per `partnerfit check` rule.

SARIF results link each rule to its heading (``helpUri``), so every rule needs one; the docs
regenerate this section with ``python scripts/readme_examples.py``.
"""

from __future__ import annotations

from partnerfit.check.rules import RULES


def main() -> None:
    for rule in sorted(RULES.values(), key=lambda rule: rule.id):
        print(f"#### `{rule.id}`\n\n{rule.severity.value}: {rule.summary}\n")


if __name__ == "__main__":
    main()
