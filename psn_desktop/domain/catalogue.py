"""Framework catalogues: the requirements of each compliance framework, loaded from JSON.

The catalogues are data, not code, so that a rule change (a new Cyber Essentials question
set, a revised PSN condition) is a reviewed edit to one file with its own source note and
review date. Every file is checked against catalogue schema v1 and then against the rules
a schema cannot express (ids unique, areas used, mappings pointing somewhere real), because
a broken catalogue found at start-up is a support call, while one found half-way through a
user's submission loses their trust. Errors name the file, the requirement and the field in
plain words, since the person reading them may be the IT provider on the phone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from psn_desktop.resource_files import resource_path

SCHEMA_VERSION = 1
SCHEMA_FILE = "catalogue-v1.schema.json"
ORG_TYPES: tuple[str, ...] = ("school", "gp_surgery", "charity", "council", "other")
STRENGTHS: tuple[str, ...] = ("same", "partly")

_FRAMEWORK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_REQUIREMENT_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,3}$")
_URL = re.compile(r"https://[^\s)\]]+")
_FIX = "Fix the file or reinstall the app."

# Words for JSON types, for people who have never heard of JSON types.
_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}


class CatalogueError(ValueError):
    """A framework file cannot be used; says where and what, so it can be fixed by hand."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        requirement: str | None = None,
        field: str | None = None,
        place: str | None = None,
    ) -> None:
        self.file = file
        self.requirement = requirement
        self.field = field
        self.problem = problem
        parts = [file]
        if requirement is not None:
            parts.append(f"requirement {requirement}")
        if place is None and field is not None:
            place = f"field '{field}'"
        if place:
            parts.append(place)
        super().__init__(", ".join(parts) + f": {problem} {_FIX}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Mapping:
    id: str
    strength: str
    gap: str = ""  # for 'partly': what the other requirement asks beyond this one


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Requirement:
    framework_id: str
    id: str
    area: str
    title: str
    why: str
    evidence: tuple[str, ...]
    applies_to: tuple[str, ...]
    supplied_by_it_provider: bool
    evidence_required: bool
    document_date_matters: bool
    maps_to: tuple[Mapping, ...] = ()
    help: str = ""
    glossary: tuple[str, ...] = ()

    @property
    def qualified_id(self) -> str:
        return qualify(self.framework_id, self.id)

    def applies_to_org(self, org_type: str | None) -> bool:
        """An unknown organisation type sees everything: hiding a requirement is the worse error."""
        if org_type is None or "all" in self.applies_to:
            return True
        return org_type in self.applies_to


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    version: str
    source: str
    reviewed: date
    review_due: date | None
    description: str
    org_types: tuple[str, ...]
    areas: tuple[Area, ...]
    requirements: tuple[Requirement, ...]
    _by_id: dict[str, Requirement] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.requirements})

    @property
    def source_urls(self) -> tuple[str, ...]:
        """The web addresses in the source note, for reports that link to them."""
        return tuple(u.rstrip(".,;:'\"") for u in _URL.findall(self.source))

    def requirement(self, req_id: str) -> Requirement:
        """Accepts ``BND-01`` or ``psn-coco:BND-01``; another framework's id is a KeyError."""
        if ":" in req_id:
            framework_id, _, req_id = req_id.partition(":")
            if framework_id != self.id:
                raise KeyError(req_id)
        try:
            return self._by_id[req_id]
        except KeyError:
            raise KeyError(req_id) from None

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def requirements_in(self, area_id: str) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.area == area_id)

    def applicable(self, org_type: str | None) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.applies_to_org(org_type))


# --- qualified ids ----------------------------------------------------------------------


def qualify(framework_id: str, req_id: str) -> str:
    """Refuses malformed parts so that a bad id never reaches a workspace or a pack."""
    if not _FRAMEWORK_ID.fullmatch(framework_id):
        raise ValueError(
            f"'{framework_id}' is not a framework id: use lower-case letters, digits and "
            "hyphens, for example psn-coco."
        )
    if not _REQUIREMENT_ID.fullmatch(req_id):
        raise ValueError(
            f"'{req_id}' is not a requirement id: use capital letters, a hyphen and two or "
            "three digits, for example BND-01."
        )
    return f"{framework_id}:{req_id}"


def split_qualified(qid: str) -> tuple[str, str]:
    framework_id, sep, req_id = qid.partition(":")
    well_formed = _FRAMEWORK_ID.fullmatch(framework_id) and _REQUIREMENT_ID.fullmatch(req_id)
    if not sep or not well_formed:
        raise ValueError(
            f"'{qid}' is not a requirement reference: write the framework id, a colon and "
            "the requirement id, for example psn-coco:BND-01."
        )
    return framework_id, req_id


# --- loading ----------------------------------------------------------------------------


@cache
def _validator() -> jsonschema.protocols.Validator:
    path = resource_path("schemas", SCHEMA_FILE)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(SCHEMA_FILE, f"cannot be read ({exc}).") from exc
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def load_framework_file(path: Path) -> Framework:
    """Refuses the whole file on any problem: a half-loaded framework would hide requirements.

    The most telling problem is reported, with a count of any others.
    """
    name = path.name
    data = _read_json(path)
    if isinstance(data, dict):
        version = data.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
            raise CatalogueError(
                name,
                f"was written for a newer version of PSN Desktop (format version {version}). "
                "Update the app.",
            )
    errors = list(_validator().iter_errors(data))
    if errors:
        raise _translate(name, data, errors)
    _check_semantics(name, path.stem, data)
    return _build(data)


def _read_json(path: Path) -> Any:
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError(name, "is missing.") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise CatalogueError(name, f"cannot be read ({reason}).") from exc
    try:
        text = raw.decode("utf-8-sig")  # Windows editors like to add a byte-order mark
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            name, f"is not UTF-8 text (bad byte at position {exc.start})."
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            name,
            f"is not valid JSON: {exc.msg.lower()} at line {exc.lineno}, column {exc.colno}.",
        ) from exc


def _where(data: Any, path: Sequence[str | int]) -> tuple[str | None, str | None, str | None]:
    """Turns a JSON path into (requirement id, field name, the place in words)."""
    rest = list(path)
    requirement: str | None = None
    words: list[str] = []
    if len(rest) >= 2 and rest[0] in ("requirements", "areas") and isinstance(rest[1], int):
        kind, index = str(rest[0]), rest[1]
        entries = data.get(kind) if isinstance(data, dict) else None
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str) or not entry_id:
            entry_id = None
        label = "requirement" if kind == "requirements" else "area"
        if kind == "requirements" and entry_id is not None:
            requirement = entry_id
        elif entry_id is not None:
            words.append(f"{label} {entry_id}")
        else:
            words.append(f"{label} number {index + 1} (it has no id)")
        rest = rest[2:]
    names = [i for i, step in enumerate(rest) if isinstance(step, str)]
    field_name: str | None = None
    if names:
        last = names[-1]
        field_name = str(rest[last])
        description = f"field '{field_name}'"
        before, after = rest[:last], rest[last + 1 :]
        if len(before) >= 2 and isinstance(before[-1], int) and isinstance(before[-2], str):
            description += f" in {before[-2]} entry {before[-1] + 1}"
        if after and isinstance(after[0], int):
            description += f" entry {after[0] + 1}"
        words.append(description)
    return requirement, field_name, ", ".join(words) or None


def _translate(name: str, data: Any, errors: list[ValidationError]) -> CatalogueError:
    error = best_match(errors)
    path: list[str | int] = list(error.absolute_path)
    problem: str
    if error.validator == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        quoted = re.match(r"^'(.+)' is a required property$", error.message)
        missing_name = quoted.group(1) if quoted else (missing[0] if missing else "?")
        path.append(missing_name)
        problem = "is missing."
    elif error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in known)
        path.append(extra[0] if extra else "?")
        problem = "is not a field this format knows (check the spelling)."
    else:
        problem = _describe_problem(error)
    requirement, field_name, place = _where(data, path)
    if len(errors) > 1:
        others = len(errors) - 1
        problem += f" ({others} other problem{'s' if others > 1 else ''} in this file too.)"
    return CatalogueError(name, problem, requirement=requirement, field=field_name, place=place)


def _describe_problem(error: ValidationError) -> str:
    value = error.instance
    shown = _show(value)
    kind = error.validator
    rule = error.validator_value
    examples = error.schema.get("examples") if isinstance(error.schema, dict) else None
    example = f" (for example {examples[0]})" if examples else ""
    if kind == "type":
        wanted = rule if isinstance(rule, list) else [rule]
        want = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
        return f"should be {want}, not {_type_word(value)}."
    if kind == "enum":
        return f"{shown} is not allowed; use one of: {', '.join(str(v) for v in rule)}."
    if kind == "const":
        return f"must be {_show(rule)}, not {shown}."
    if kind == "pattern":
        return f"{shown} is not in the right form{example}."
    if kind == "format":
        return f"{shown} is not a real {rule}{example}."
    if kind == "minLength":
        return "is empty." if rule == 1 else f"is too short (at least {rule} characters)."
    if kind == "maxLength":
        return f"is too long (at most {rule} characters; it has {len(value)})."
    if kind == "minItems":
        return (
            "is an empty list; it needs at least one entry."
            if rule == 1
            else (f"needs at least {rule} entries.")
        )
    if kind == "maxItems":
        return f"has too many entries (at most {rule})."
    if kind == "uniqueItems":
        return "lists the same entry more than once."
    return f"{error.message}."


def _type_word(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "empty"


def _show(value: Any) -> str:
    """Quotes a value for a message; hidden characters (a stray line break) are made visible."""
    if isinstance(value, str) and value.isprintable():
        text = f"'{value}'"
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_semantics(name: str, stem: str, data: dict[str, Any]) -> None:
    """The rules a schema cannot say; the data is already known to be well formed."""
    framework_id = data["id"]
    if framework_id != stem:
        raise CatalogueError(
            name,
            f"the id '{framework_id}' does not match the file name; "
            f"the file should be called {framework_id}.json or the id should be '{stem}'.",
            field="id",
        )
    reviewed = date.fromisoformat(data["reviewed"])
    due = data.get("review_due")
    if due is not None and date.fromisoformat(due) < reviewed:
        raise CatalogueError(
            name,
            f"{due} is before the date last reviewed ({data['reviewed']}).",
            field="review_due",
        )

    area_ids: list[str] = []
    for area in data["areas"]:
        if area["id"] in area_ids:
            raise CatalogueError(
                name,
                "this area id is used more than once.",
                field="id",
                place=f"area {area['id']}, field 'id'",
            )
        area_ids.append(area["id"])

    seen: set[str] = set()
    for req in data["requirements"]:
        rid = req["id"]
        if rid in seen:
            raise CatalogueError(
                name,
                "this id is used by more than one requirement.",
                requirement=rid,
                field="id",
            )
        seen.add(rid)
        if not _REQUIREMENT_ID.fullmatch(rid):
            raise CatalogueError(
                name,
                f"{_show(rid)} is not in the right form (for example BND-01).",
                requirement=rid.strip(),
                field="id",
            )
        if req["area"] not in area_ids:
            raise CatalogueError(
                name,
                f"'{req['area']}' is not one of the areas in this file ({', '.join(area_ids)}).",
                requirement=rid,
                field="area",
            )
        if "all" in req["applies_to"] and len(req["applies_to"]) > 1:
            raise CatalogueError(
                name,
                "lists 'all' together with named organisation types; use one or the other.",
                requirement=rid,
                field="applies_to",
            )

    for req in data["requirements"]:
        rid = req["id"]
        targets: set[str] = set()
        for number, mapping in enumerate(req["maps_to"], start=1):
            target = mapping["id"]
            place = f"field 'id' in maps_to entry {number}"
            if target in targets:
                raise CatalogueError(
                    name,
                    f"{target} is listed more than once.",
                    requirement=rid,
                    field="id",
                    place=place,
                )
            targets.add(target)
            try:
                target_framework, target_req = split_qualified(target)
            except ValueError:  # the schema's pattern lets a trailing line break through
                raise CatalogueError(
                    name,
                    f"{_show(target)} is not in the right form (for example "
                    "cyber-essentials:FW-01).",
                    requirement=rid,
                    field="id",
                    place=place,
                ) from None
            if target_framework != framework_id:
                continue
            if target_req == rid:
                raise CatalogueError(
                    name,
                    "a requirement cannot map to itself.",
                    requirement=rid,
                    field="id",
                    place=place,
                )
            if target_req not in seen:
                raise CatalogueError(
                    name,
                    f"{target} is not a requirement in this file.",
                    requirement=rid,
                    field="id",
                    place=place,
                )

    used = {req["area"] for req in data["requirements"]}
    for area_id in area_ids:
        if area_id not in used:
            raise CatalogueError(
                name,
                "has no requirements; add some or remove the area.",
                place=f"area {area_id}",
            )


def _build(data: dict[str, Any]) -> Framework:
    framework_id = data["id"]
    requirements = tuple(
        Requirement(
            framework_id=framework_id,
            id=r["id"],
            area=r["area"],
            title=r["title"],
            why=r["why"],
            evidence=tuple(r["evidence"]),
            applies_to=tuple(r["applies_to"]),
            supplied_by_it_provider=r["supplied_by_it_provider"],
            evidence_required=r.get("evidence_required", True),
            document_date_matters=r["document_date_matters"],
            maps_to=tuple(Mapping(m["id"], m["strength"], m.get("gap", ""))
                          for m in r["maps_to"]),
            help=r.get("help", ""),
            glossary=tuple(r.get("glossary", ())),
        )
        for r in data["requirements"]
    )
    due = data.get("review_due")
    return Framework(
        id=framework_id,
        title=data["title"],
        version=data["version"],
        source=data["source"],
        reviewed=date.fromisoformat(data["reviewed"]),
        review_due=date.fromisoformat(due) if due else None,
        description=data["description"],
        org_types=tuple(data["org_types"]),
        areas=tuple(Area(a["id"], a["title"], a["summary"]) for a in data["areas"]),
        requirements=requirements,
    )


@cache
def load_framework(framework_id: str) -> Framework:
    """Cached: the shipped files cannot change while the app runs."""
    if not _FRAMEWORK_ID.fullmatch(framework_id):
        raise CatalogueError(f"{framework_id}.json", f"'{framework_id}' is not a framework id.")
    path = resource_path("frameworks", f"{framework_id}.json")
    if not path.is_file():
        installed = ", ".join(_installed_ids()) or "none"
        raise CatalogueError(
            path.name, f"is not one of the installed frameworks (installed: {installed})."
        )
    return load_framework_file(path)


def _installed_ids() -> list[str]:
    folder = resource_path("frameworks")
    return sorted(p.stem for p in folder.glob("*.json") if p.is_file())


def available_frameworks() -> tuple[Framework, ...]:
    return tuple(load_framework(framework_id) for framework_id in _installed_ids())


def check_mappings(frameworks: Iterable[Framework]) -> list[str]:
    """Mappings into a framework not yet shipped are allowed, so frameworks can land one at a
    time; a mapping into a shipped framework must name a requirement it really has."""
    by_id = {f.id: f for f in frameworks}
    problems: list[str] = []
    for framework in by_id.values():
        for req in framework.requirements:
            for mapping in req.maps_to:
                target_framework, target_req = split_qualified(mapping.id)
                target = by_id.get(target_framework)
                if target is None:
                    continue
                try:
                    target.requirement(target_req)
                except KeyError:
                    problems.append(
                        f"{req.qualified_id} maps to {mapping.id}, but {target.title} "
                        f"has no requirement {target_req}."
                    )
    return problems
