"""The glossary: plain-words explanations of the terms users meet, shared by app and catalogue.

Kept as data (``resources/glossary.json``, schema ``glossary-v1``) so that a clearer wording
is an edit to one file, and so that catalogue requirements can name terms by key and the app
shows the same explanation wherever the term appears. No Qt here: the UI renders it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
from jsonschema.exceptions import best_match

from psn_desktop.resource_files import resource_path

SCHEMA_FILE = "glossary-v1.schema.json"
GLOSSARY_FILE = "glossary.json"


class GlossaryError(ValueError):
    """The glossary file cannot be used; the message says where, for whoever fixes it."""


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    definition: str
    also_known_as: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """Whether a search for ``text`` should show this term (any name, or the definition)."""
        needle = text.strip().casefold()
        if not needle:
            return True
        names = (self.term, self.key.replace("_", " "), *self.also_known_as)
        return any(needle in name.casefold() for name in names) or (
            needle in self.definition.casefold()
        )


@dataclass(frozen=True)
class Glossary:
    title: str
    terms: tuple[Term, ...]

    def get(self, key: str) -> Term | None:
        return next((t for t in self.terms if t.key == key), None)

    def __contains__(self, key: object) -> bool:
        return any(t.key == key for t in self.terms)

    def search(self, text: str) -> list[Term]:
        """Terms whose names match first, then those that only mention the text."""
        needle = text.strip().casefold()
        found = [t for t in self.terms if t.matches(text)]
        return sorted(found, key=lambda t: (needle not in t.term.casefold(),
                                            t.term.casefold()))


def load_glossary_file(path: Path) -> Glossary:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GlossaryError(f"{path.name} could not be read ({error.strerror}). "
                            "Reinstall the app.") from None
    except ValueError as error:
        raise GlossaryError(f"{path.name} is not valid JSON ({error}). Fix the file or "
                            "reinstall the app.") from None
    schema = json.loads(resource_path("schemas", SCHEMA_FILE).read_text(encoding="utf-8"))
    error = best_match(jsonschema.Draft202012Validator(schema).iter_errors(raw))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise GlossaryError(f"{path.name}, at {where}: {error.message}. Fix the file or "
                            "reinstall the app.")
    terms = tuple(
        Term(key=item["key"], term=item["term"], definition=item["definition"],
             also_known_as=tuple(item.get("also_known_as", ())),
             see_also=tuple(item.get("see_also", ())))
        for item in raw["terms"]
    )
    keys = [t.key for t in terms]
    for key in keys:
        if keys.count(key) > 1:
            raise GlossaryError(f"{path.name}: the key '{key}' is used twice. Each term needs "
                                "its own key.")
    for term in terms:
        for other in term.see_also:
            if other not in keys:
                raise GlossaryError(f"{path.name}, term '{term.key}': 'see also' names "
                                    f"'{other}', which is not in the glossary.")
    return Glossary(title=raw["title"], terms=tuple(sorted(terms,
                                                           key=lambda t: t.term.casefold())))


@cache
def load_glossary() -> Glossary:
    return load_glossary_file(resource_path(GLOSSARY_FILE))
