"""The column-mapping step of any import: which column of the file holds which field.

Each import describes its fields once (name, label for people, whether it is needed) with the
header words common tools use for them; the guess matches headers against those words (case,
spaces and punctuation ignored), exact matches first, so "Host" is not taken for "Hostname"
when both are there. The user sees and corrects the guess before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# (field, label for people, required)
FieldSpec = tuple[str, str, bool]


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass(frozen=True)
class ColumnSet:
    fields: tuple[FieldSpec, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, str]:
        return {name: label for name, label, _required in self.fields}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, _label, required in self.fields if required)


def guess_columns(headers: Sequence[str], columns: ColumnSet) -> dict[str, int]:
    """Field -> column index: exact synonym matches first, then headers containing one."""
    normalised = [normalise(h) for h in headers]
    taken: set[int] = set()
    chosen: dict[str, int] = {}
    for exact in (True, False):
        for name, _label, _required in columns.fields:
            if name in chosen:
                continue
            for synonym in columns.synonyms.get(name, ()):
                target = normalise(synonym)
                index = next((i for i, h in enumerate(normalised) if i not in taken and h and (
                    h == target if exact else (len(target) > 3 and target in h))), None)
                if index is not None:
                    chosen[name] = index
                    taken.add(index)
                    break
    return chosen


def missing_required(chosen: Mapping[str, int], columns: ColumnSet) -> list[str]:
    return [name for name in columns.required if name not in chosen]


def describe(chosen: Mapping[str, int], headers: Sequence[str], columns: ColumnSet) -> list[str]:
    """'Finding: “Name”' for each chosen column, for an import's notes."""
    labels = columns.labels
    return [f"{labels[name]}: “{headers[index]}”" for name, index in chosen.items()
            if name in labels and index < len(headers)]
