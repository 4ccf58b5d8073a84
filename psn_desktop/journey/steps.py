"""One page of a section: its question, when it applies, and what makes its answer valid.

A step holds no widgets. The Qt page that renders it reports edits to the store; the
engine asks the step for its problems (from the domain validators) to decide whether the
user may continue, and for its summary rows for the section's "check your answers" page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from psn_desktop.domain.validation import Problem

if TYPE_CHECKING:
    from psn_desktop.journey.facts import Facts


class StepKind(StrEnum):
    QUESTION = "question"  # one question, or a small group, on a page
    LIST = "list"  # a list of things with add / change / remove (e.g. cloud services)
    ITEM = "item"  # one thing of a list, reached only from its list step
    CHECK = "check"  # "check your answers": the section's last page


@dataclass(frozen=True)
class SummaryRow:
    """One line of a "check your answers" page; its Change link goes to ``step_id``."""

    step_id: str
    label: str
    value: str  # "" shows as "Not given"
    item: int | None = None
    translate_value: bool = False  # the value is app text (a type's label), not user data


def _always(_facts: Facts) -> bool:
    return True


def _no_problems(_facts: Facts, _item: int | None) -> list[Problem]:
    return []


def _no_rows(_facts: Facts) -> list[SummaryRow]:
    return []


def _any_item(_facts: Facts, _item: int) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    id: str
    title: str  # the page heading: the question itself, in plain words
    kind: StepKind = StepKind.QUESTION
    hint: str = ""  # one or two sentences under the heading
    fields: tuple[str, ...] = ()  # the field names the page edits (error summary links)
    glossary: tuple[str, ...] = ()  # glossary keys of the terms the page uses
    applies: Callable[[Facts], bool] = _always
    check: Callable[[Facts, int | None], list[Problem]] = _no_problems
    summary: Callable[[Facts], list[SummaryRow]] = _no_rows
    parent: str = ""  # for ITEM steps: the LIST step it belongs to
    item_exists: Callable[[Facts, int], bool] = _any_item  # for ITEM steps

    def problems(self, facts: Facts, item: int | None = None) -> list[Problem]:
        return list(self.check(facts, item))
