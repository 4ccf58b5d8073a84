"""Recording a declaration: in the app (name, role, tick, date) or from a signed paper copy.

Each framework the workspace targets gets its own sign-off with the digest of what it
covers. A paper copy records the digest of the state it was printed from (kept when it was
printed), so a change between printing and attaching the scan shows at once as out of date.
"""

from __future__ import annotations

from datetime import date

from psn_desktop.domain.model import SignOff
from psn_desktop.domain.sign_off import content_digest
from psn_desktop.domain.validation import Problem, validate_sign_off
from psn_desktop.workspace.store import Workspace


def sign_problems(name: str, role: str, signed_on: date | None, declared: bool,
                  as_of: date) -> list[Problem]:
    problems = validate_sign_off(SignOff(name, role, signed_on or as_of, declared), as_of)
    if signed_on is None:
        problems.append(Problem("signed_on", "Enter the date the declaration is signed."))
    return problems


def record_sign_off(workspace: Workspace, name: str, role: str, signed_on: date, *,
                    digests: dict[str, str] | None = None) -> list[SignOff]:
    """One sign-off per framework of the workspace; ``digests`` (from a printed copy) win
    over the workspace's current state."""
    data = workspace.load()
    made = []
    for framework_id in data.info.frameworks:
        digest = (digests or {}).get(framework_id) or content_digest(data, framework_id)
        sign_off = SignOff(name.strip(), role.strip(), signed_on, True, framework_id, digest)
        workspace.add_sign_off(sign_off)
        made.append(sign_off)
    return made
