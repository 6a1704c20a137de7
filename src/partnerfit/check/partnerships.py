"""Partnership files among the checked paths: each file's own problems, then across the files.

A partnership's schema and the consistency of its fields are the model's
(``partnerfit.model.partnership_set``); here the files are also checked against each other
(an id used twice, a file name unlike its id) and against the profile set, so that a
partner id with no profile is caught in CI.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from partnerfit.check.across import finding_at
from partnerfit.io.document import Document, node_at
from partnerfit.io.findings import Finding
from partnerfit.model.config import Config
from partnerfit.model.partnership_set import validate_partnership
from partnerfit.model.profile import Profile
from partnerfit.model.profileset import ProfileSet, load_profile_set

__all__ = ["check_partnerships", "partner_profiles"]


def partner_profiles(
    checked: Sequence[Profile], config: Config, profiles_path: Path | str | None
) -> ProfileSet | None:
    """The profiles partnerships are checked against: those checked here, else the given set."""
    if checked:
        profiles = tuple(sorted(checked, key=lambda p: p.id))
        return ProfileSet(profiles, {}, config, None)
    if profiles_path is None:
        return None
    # the set's own problems are its check's to report; here it only answers "does id X exist"
    return load_profile_set(profiles_path, skip_invalid=True)


def check_partnerships(
    docs: Sequence[Document], profiles: ProfileSet | None
) -> dict[str, tuple[Finding, ...]]:
    """Every partnership file's findings, by the file's displayed name."""
    out: dict[str, tuple[Finding, ...]] = {}
    first_with_id: dict[str, str] = {}
    for doc in docs:
        loaded = validate_partnership(doc, profiles)
        findings = list(loaded.findings)
        # the id as written: duplicates and file names are worth reporting beside other errors
        written = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(written, str):
            node = node_at(doc, ("id",))
            if written in first_with_id:
                findings.append(
                    finding_at(
                        doc.display,
                        node,
                        "duplicate-id",
                        f"partnership id `{written}` is also used by {first_with_id[written]}",
                        "ids must be unique among the partnerships; rename one of them",
                    )
                )
            first_with_id.setdefault(written, doc.display)
            name = Path(doc.display).name
            if name.rsplit(".", 1)[0] != written:
                findings.append(
                    finding_at(
                        doc.display,
                        node,
                        "id-filename-mismatch",
                        f"the file name `{name}` does not match the id `{written}`",
                        f"rename the file to {written}{Path(name).suffix}, or change the id",
                    )
                )
        if profiles is None and loaded.model is not None:
            findings.append(
                finding_at(
                    doc.display,
                    node_at(doc, ("partners",)),
                    "no-profile-set",
                    "partner ids not checked: no profiles among the checked paths",
                    "check the profiles with the partnerships, or pass --profiles DIR",
                )
            )
        out[doc.display] = tuple(sorted(findings, key=Finding.sort_key))
    return out
