"""Everything a status function or a step rule may read, taken in one go.

Sections never read the store themselves: the caller loads one snapshot (the workspace's
data, the journey's own answers kept in workspace settings, and the readiness of each
framework) so that a whole task list is worked out from one consistent state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from psn_desktop.domain.model import WorkspaceData
from psn_desktop.domain.readiness import Readiness

ANSWERS_KEY = "journey.answers"


class SettingsStore(Protocol):
    """The part of :class:`~psn_desktop.workspace.store.Workspace` the journey needs."""

    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


class FactSource(SettingsStore, Protocol):
    def load(self) -> WorkspaceData: ...


@dataclass(frozen=True)
class Facts:
    data: WorkspaceData
    as_of: date
    # Answers that shape the journey but are not part of the model (e.g. "uses no cloud
    # services"), kept per workspace under ANSWERS_KEY.
    answers: Mapping[str, Any] = field(default_factory=dict)
    readiness: tuple[Readiness, ...] = ()
    readiness_problem: str = ""  # why readiness could not be worked out (a broken catalogue)

    def answer(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)


def read_answers(store: SettingsStore) -> dict[str, Any]:
    value = store.setting(ANSWERS_KEY, {})
    return dict(value) if isinstance(value, dict) else {}


def write_answer(store: SettingsStore, key: str, value: Any) -> None:
    """Record one journey answer (``None`` removes it) in the workspace."""
    answers = read_answers(store)
    if value is None:
        answers.pop(key, None)
    else:
        answers[key] = value
    store.set_setting(ANSWERS_KEY, answers)


def gather(store: FactSource, as_of: date) -> Facts:
    """Load a snapshot and assess it against each of the workspace's frameworks."""
    from psn_desktop.domain.catalogue import CatalogueError, load_framework
    from psn_desktop.domain.readiness import assess
    from psn_desktop.domain.support import SupportDataError

    data = store.load()
    readiness: list[Readiness] = []
    problem = ""
    for framework_id in data.info.frameworks:
        try:
            readiness.append(assess(data, load_framework(framework_id), as_of))
        except (CatalogueError, SupportDataError) as error:
            problem = str(error)
    return Facts(data=data, as_of=as_of, answers=read_answers(store),
                 readiness=tuple(readiness), readiness_problem=problem)
