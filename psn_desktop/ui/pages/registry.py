"""Which Qt page renders which journey step.

A feature's UI module decorates its page classes with :func:`register_page` and adds its
module name to :data:`PAGE_MODULES`. A section's "check your answers" step needs no page
class of its own: the generic one renders the step's summary rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from psn_desktop.journey import StepKind
from psn_desktop.ui.pages.base import StepPage

FIRST_RUN = "first_run"  # the "section" id of the wizard's welcome and start pages

PAGE_MODULES: list[str] = [
    "ui.pages.first_run",
    "ui.pages.organisation",
    "ui.frameworks.page",
    "ui.pages.scope",
    "ui.pages.connection",
    "ui.connect.check_page",
    "ui.pages.cloud",
    "ui.devices.page",
    "ui.requirements.page",
    "ui.health_check.pages",
    "ui.plan.pages",
    "ui.review.page",
    "ui.sign_off.page",
    "ui.credentials.page",
    "ui.pack.page",
]

_PAGES: dict[tuple[str, str], type[StepPage]] = {}
_loaded = False


def register_page(section_id: str, step_id: str) -> Callable[[type[StepPage]], type[StepPage]]:
    def decorator(cls: type[StepPage]) -> type[StepPage]:
        _PAGES[(section_id, step_id)] = cls
        return cls
    return decorator


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in PAGE_MODULES:
            importlib.import_module(f"psn_desktop.{name}")
        _loaded = True


def page_class(section_id: str, step_id: str, kind: StepKind | None = None) -> type[StepPage]:
    _load()
    cls = _PAGES.get((section_id, step_id))
    if cls is not None:
        return cls
    if kind is StepKind.CHECK:
        from psn_desktop.ui.pages.check_answers import CheckAnswersPage

        return CheckAnswersPage
    raise KeyError(f"No page is registered for {section_id}/{step_id}.")
