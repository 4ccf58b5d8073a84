"""Software support end dates and the question "is this still supported on that day?".

The dates live in ``resources/support/*.json`` (schema ``resources/schemas/support-v1.schema.json``)
so that a vendor changing a lifecycle is a data edit with a source and a review date, never a
code change. Every answer takes an explicit as-of date, so a pack rebuilt next year for the same
sign-off date says the same thing. Reasons are written for a school business manager, not a
security specialist: plain English, UK dates and a next step.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from psn_desktop.resource_files import resource_path

__all__ = [
    "SupportData",
    "SupportDataError",
    "SupportEntry",
    "SupportRule",
    "SupportState",
    "SupportVerdict",
    "data_is_stale",
    "edition_words",
    "format_uk_date",
    "load_support_data",
    "load_support_file",
    "support_status",
]

SCHEMA_PARTS = ("schemas", "support-v1.schema.json")
SUPPORT_FOLDER_PARTS = ("support",)
ALL_EDITIONS = "all"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Readers of the error messages edit JSON by hand; they know "end of support date", not
# "end_of_support".
_FIELD_WORDS = {
    "schema_version": "schema version",
    "family": "family name",
    "title": "title",
    "reviewed": "review date",
    "entries": "list of entries",
    "product": "product id",
    "product_name": "product name",
    "version": "version",
    "editions": "edition family",
    "released": "release date",
    "end_of_support": "end of support date",
    "extended_updates": "extended updates details",
    "extended_updates.name": "extended updates name",
    "extended_updates.end": "extended updates end date",
    "extended_updates.note": "extended updates note",
    "source": "source link",
    "note": "note",
    "rule": "rule",
}
_DATE_FIELDS = frozenset({"reviewed", "released", "end_of_support", "extended_updates.end"})

_EDITION_WORDS = {
    ALL_EDITIONS: "",
    "home-pro": "Home and Pro",
    "enterprise-education": "Enterprise and Education",
    "ltsc": "LTSC",
    "semi-annual-enterprise": "Semi-Annual Enterprise Channel",
}


class SupportDataError(ValueError):
    """A support dates file cannot be used.

    The message names the file, the entry and the field in words a person editing the JSON
    can act on; the same facts are kept as attributes for callers that want to show them apart.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.entry = entry
        self.field = field


@dataclass(frozen=True, slots=True)
class SupportEntry:
    """One product release and edition family, as read from a support dates file."""

    product: str
    product_name: str
    version: str | None
    editions: str
    released: date | None
    end_of_support: date
    extended_updates_end: date | None
    extended_updates_name: str | None
    extended_updates_note: str | None
    source: str
    reviewed: date
    note: str

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.product, self.version, self.editions)

    @property
    def label(self) -> str:
        """The name a user recognises, e.g. "Windows 11 23H2 Home and Pro"."""
        return _join(self.product_name, self.version, edition_words(self.editions))

    @property
    def last_possible_date(self) -> date:
        """The last day any kind of update (free or paid) covers this release."""
        if self.extended_updates_end is not None:
            return max(self.end_of_support, self.extended_updates_end)
        return self.end_of_support


@dataclass(frozen=True, slots=True)
class SupportRule:
    """A product whose support ends on a date each device carries, not one per release.

    ChromeOS is the case: every Chromebook model has its own Auto Update Expiration month,
    so the data can only state the rule; the device's recorded version is that month.
    """

    product: str
    product_name: str
    rule: str
    source: str
    reviewed: date
    note: str


class SupportState(StrEnum):
    YES = "yes"
    NO = "no"
    DEPENDS = "depends"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SupportVerdict:
    """The answer to "is it supported?" with the reason a user reads.

    ``depends_on`` says what the user must find out when the answer is DEPENDS: "edition",
    "version" or "extended_updates". ``end_date`` is the date that matters for the answer:
    the last supported day for YES, the day support stopped for NO, and the last day of the
    favourable case for DEPENDS. ``entry`` is set when the answer rests on one entry only.
    """

    state: SupportState
    reason: str
    depends_on: str | None = None
    end_date: date | None = None
    entry: SupportEntry | None = None


@dataclass(frozen=True, slots=True)
class SupportData:
    """Every support entry the app knows, with the date the data was last reviewed.

    ``reviewed`` is the oldest review date of the files, because the data is only as fresh
    as its stalest file.
    """

    entries: tuple[SupportEntry, ...]
    reviewed: date
    rules: tuple[SupportRule, ...] = ()

    def rule_for(self, product: str) -> SupportRule | None:
        """The rule for ``product`` (slug or name, any case), if its dates come from a rule."""
        wanted = product.strip().lower()
        for rule in self.rules:
            if wanted in (rule.product, rule.product_name.lower()):
                return rule
        return None

    def products(self) -> tuple[str, ...]:
        """Product slugs in the order the files list them (oldest products first)."""
        return tuple(dict.fromkeys(e.product for e in self.entries))

    def find(self, product: str, version: str | None) -> tuple[SupportEntry, ...]:
        """Entries that apply to ``product`` at ``version``.

        ``product`` may be the slug or the product name, in any case. With ``version`` None
        every entry of the product is returned. A product without feature releases (Windows 7,
        Windows Server 2019) has one set of dates whatever its build, so its entries are
        returned for any ``version``.
        """
        matches = self._product_entries(product)
        if version is None or all(e.version is None for e in matches):
            return matches
        wanted = _normalise_version(version)
        return tuple(e for e in matches if e.version == wanted)

    def _product_entries(self, product: str) -> tuple[SupportEntry, ...]:
        wanted = product.strip().lower()
        by_slug = tuple(e for e in self.entries if e.product == wanted)
        if by_slug:
            return by_slug
        return tuple(e for e in self.entries if e.product_name.lower() == wanted)


# --- Loading -------------------------------------------------------------------------------


def load_support_file(path: Path | str) -> list[SupportEntry]:
    """Read one support dates file, checked against the schema and for sense.

    Raises SupportDataError naming the file, the entry and the field when anything is wrong,
    so a bad edit is caught when the file is loaded instead of turning into a wrong verdict.
    """
    _reviewed, entries, _rules = _read_file(Path(path))
    return entries


def load_support_data(folder: Path | None = None) -> SupportData:
    """Load every ``*.json`` file in the support folder (the bundled one by default).

    The bundled data is read once per process: it cannot change while the app runs.
    """
    if folder is None:
        return _load_default()
    return _load_folder(Path(folder))


@cache
def _load_default() -> SupportData:
    return _load_folder(resource_path(*SUPPORT_FOLDER_PARTS))


def _load_folder(folder: Path) -> SupportData:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise SupportDataError(
            f"No support dates files were found in {folder}. Reinstall PSN Desktop.",
            file=str(folder),
        )
    entries: list[SupportEntry] = []
    reviewed: list[date] = []
    product_file: dict[str, Path] = {}
    rules: list[SupportRule] = []
    for path in files:
        file_reviewed, file_entries, file_rules = _read_file(path)
        reviewed.append(file_reviewed)
        rules.extend(file_rules)
        for entry in [*file_entries, *file_rules]:
            first = product_file.setdefault(entry.product, path)
            if first != path:
                raise SupportDataError(
                    f"Support dates file {path.name}: product {entry.product!r} is also in "
                    f"{first.name}. Keep each product in one file.",
                    file=str(path),
                    entry=entry.product_name,
                    field=_FIELD_WORDS["product"],
                )
        entries.extend(file_entries)
    return SupportData(entries=tuple(entries), reviewed=min(reviewed), rules=tuple(rules))


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(resource_path(*SCHEMA_PARTS).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _read_file(path: Path) -> tuple[date, list[SupportEntry], list[SupportRule]]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SupportDataError(
            f"Support dates file {name} cannot be read ({exc}). Reinstall PSN Desktop or "
            "restore the file.",
            file=str(path),
        ) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SupportDataError(
            f"Support dates file {name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}. Fix the file there (a missing comma or quote is usual).",
            file=str(path),
        ) from exc

    errors = sorted(_validator().iter_errors(doc), key=_error_order)
    if errors:
        raise _schema_error(path, doc, errors[0])
    entries = _parse_entries(path, doc)
    return date.fromisoformat(doc["reviewed"]), entries, _parse_rules(path, doc, entries)


def _error_order(error: ValidationError) -> list[str]:
    # Report the earliest entry's problem first, so fixing errors top to bottom works.
    return [f"{p:08d}" if isinstance(p, int) else str(p) for p in error.absolute_path]


def _schema_error(path: Path, doc: Any, error: ValidationError) -> SupportDataError:
    where = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, Mapping):
        missing = [f for f in error.validator_value if f not in instance]
        where.append(missing[0])
        problem, fix = "is missing", "Add it."
    elif error.validator == "additionalProperties" and isinstance(instance, Mapping):
        known = error.schema.get("properties", {})
        extra = sorted(k for k in instance if k not in known)
        where.append(extra[0] if extra else "?")
        problem, fix = "is not part of this format", "Check its spelling or remove it."
    else:
        problem, fix = _value_problem(where, error)

    entry_desc = None
    if len(where) >= 2 and where[0] in ("entries", "rules") and isinstance(where[1], int):
        entry_desc = _describe_raw_entry(doc[where[0]], where[1])
        if where[0] == "rules":
            entry_desc = entry_desc.replace("entry", "rule", 1)
        field_key = ".".join(str(p) for p in where[2:] if isinstance(p, str))
    else:
        field_key = ".".join(str(p) for p in where if isinstance(p, str))
    field_words = (_FIELD_WORDS.get(field_key) or f"field “{field_key}”") if field_key else None
    return _data_error(path, entry_desc, field_words, problem, fix)


def _value_problem(where: list[Any], error: ValidationError) -> tuple[str, str]:
    field_key = ".".join(str(p) for p in where[2:] if isinstance(p, str)) or (
        str(where[-1]) if where else ""
    )
    value = json.dumps(error.instance, ensure_ascii=False)
    if not where:
        return "is not an object with the support dates fields", "Start again from a good copy."
    if field_key in _DATE_FIELDS:
        if error.validator == "format":
            return f"{value} is not a real date", "Check the day and month."
        return (
            f"{value} is not a date written as YYYY-MM-DD",
            "Write it like 2025-10-14.",
        )
    if field_key == "version":
        return (
            f"{value} is not a feature release such as 23H2 (or null for a product without them)",
            "Correct it.",
        )
    if field_key == "schema_version":
        return f"{value} is not 1", "This PSN Desktop only reads version 1 files."
    if error.validator in ("minLength", "minItems"):
        return "is empty", "Fill it in."
    if error.validator == "pattern":
        return f"{value} is not in the expected form", _pattern_hint(field_key)
    if error.validator == "type":
        return f"{value} has the wrong type (expected {error.validator_value})", "Correct it."
    return error.message, "Correct it."


def _pattern_hint(field_key: str) -> str:
    if field_key == "source":
        return "Use the https:// address of the vendor's lifecycle page."
    return "Use lower-case letters, digits, dots and hyphens, like windows-11 or home-pro."


def _describe_raw_entry(entries: Sequence[Any], index: int) -> str:
    raw = entries[index] if 0 <= index < len(entries) else None
    number = f"entry {index + 1}"
    if not isinstance(raw, Mapping):
        return number
    name = raw.get("product_name") or raw.get("product")
    version = raw.get("version")
    editions = raw.get("editions")
    parts = [
        p
        for p in (
            name if isinstance(name, str) else None,
            version if isinstance(version, str) else None,
            edition_words(editions) if isinstance(editions, str) else None,
        )
        if p
    ]
    return f"{number} ({' '.join(parts)})" if parts else number


def _data_error(
    path: Path, entry: str | None, field: str | None, problem: str, fix: str
) -> SupportDataError:
    where = f"Support dates file {path.name}"
    if entry:
        where += f", {entry}"
    subject = f"the {field}" if field else "the file"
    message = f"{where}: {subject} {problem}. {fix}"
    return SupportDataError(message, file=str(path), entry=entry, field=field)


def _parse_entries(path: Path, doc: Mapping[str, Any]) -> list[SupportEntry]:
    file_reviewed = date.fromisoformat(doc["reviewed"])
    entries: list[SupportEntry] = []
    seen: dict[tuple[str, str | None, str], int] = {}
    for index, raw in enumerate(doc["entries"]):
        desc = _describe_raw_entry(doc["entries"], index)
        esu = raw.get("extended_updates")
        entry = SupportEntry(
            product=raw["product"],
            product_name=raw["product_name"],
            version=raw["version"],
            editions=raw["editions"],
            released=date.fromisoformat(raw["released"]) if "released" in raw else None,
            end_of_support=date.fromisoformat(raw["end_of_support"]),
            extended_updates_end=date.fromisoformat(esu["end"]) if esu else None,
            extended_updates_name=esu["name"] if esu else None,
            extended_updates_note=esu["note"] if esu else None,
            source=raw["source"],
            reviewed=date.fromisoformat(raw["reviewed"]),
            note=raw.get("note", ""),
        )

        if entry.key in seen:
            raise _data_error(
                path, desc, _FIELD_WORDS["editions"],
                f"{entry.editions!r} repeats entry {seen[entry.key] + 1}, which has the same "
                "product and version",
                "Remove one of the two or correct its edition family.",
            )  # fmt: skip
        seen[entry.key] = index
        if entry.released is not None and entry.end_of_support < entry.released:
            raise _data_error(
                path, desc, _FIELD_WORDS["end_of_support"],
                f"({format_uk_date(entry.end_of_support)}) is before the release date "
                f"({format_uk_date(entry.released)})",
                "One of the two dates is wrong: check them against the source.",
            )  # fmt: skip
        if (
            entry.extended_updates_end is not None
            and entry.extended_updates_end <= entry.end_of_support
        ):
            raise _data_error(
                path, desc, _FIELD_WORDS["extended_updates.end"],
                f"({format_uk_date(entry.extended_updates_end)}) is not after the end of "
                f"support date ({format_uk_date(entry.end_of_support)})",
                "Extended updates start when free updates stop: check both dates.",
            )  # fmt: skip
        if entry.reviewed > file_reviewed:
            raise _data_error(
                path, desc, _FIELD_WORDS["reviewed"],
                f"({format_uk_date(entry.reviewed)}) is later than the file's review date "
                f"({format_uk_date(file_reviewed)})",
                "Update the review date at the top of the file.",
            )  # fmt: skip
        entries.append(entry)

    _check_products(path, entries)
    return entries


def _parse_rules(
    path: Path, doc: Mapping[str, Any], entries: Sequence[SupportEntry]
) -> list[SupportRule]:
    file_reviewed = date.fromisoformat(doc["reviewed"])
    products = {e.product for e in entries}
    rules: list[SupportRule] = []
    for index, raw in enumerate(doc.get("rules", [])):
        desc = _describe_raw_entry(doc["rules"], index).replace("entry", "rule", 1)
        rule = SupportRule(
            product=raw["product"],
            product_name=raw["product_name"],
            rule=raw["rule"],
            source=raw["source"],
            reviewed=date.fromisoformat(raw["reviewed"]),
            note=raw["note"],
        )
        if rule.product in products:
            raise _data_error(
                path, desc, _FIELD_WORDS["product"],
                f"{rule.product!r} also has entries with dates",
                "Give a product either a rule or dated entries, not both.",
            )  # fmt: skip
        products.add(rule.product)
        if rule.reviewed > file_reviewed:
            raise _data_error(
                path, desc, _FIELD_WORDS["reviewed"],
                f"({format_uk_date(rule.reviewed)}) is later than the file's review date "
                f"({format_uk_date(file_reviewed)})",
                "Update the review date at the top of the file.",
            )  # fmt: skip
        rules.append(rule)
    return rules


def _check_products(path: Path, entries: list[SupportEntry]) -> None:
    """Checks across entries that keep support_status's answers well defined."""
    by_product: dict[str, list[SupportEntry]] = {}
    for entry in entries:
        by_product.setdefault(entry.product, []).append(entry)
    for product, group in by_product.items():
        names = {e.product_name for e in group}
        if len(names) > 1:
            raise _data_error(
                path, f"product {product!r}", _FIELD_WORDS["product_name"],
                f"differs between entries ({', '.join(sorted(names))})",
                "Use one name for one product.",
            )  # fmt: skip
        versioned = {e.version is not None for e in group}
        if len(versioned) > 1:
            raise _data_error(
                path, f"product {product!r}", _FIELD_WORDS["version"],
                "is null in some entries and set in others",
                "Give every entry of this product a version, or none of them.",
            )  # fmt: skip
        releases: dict[str | None, set[str]] = {}
        for entry in group:
            releases.setdefault(entry.version, set()).add(entry.editions)
        for version, editions in releases.items():
            if ALL_EDITIONS in editions and len(editions) > 1:
                raise _data_error(
                    path, _join(group[0].product_name, version),
                    _FIELD_WORDS["editions"],
                    "is 'all' in one entry but the same release also has other edition "
                    "families",
                    "Use either 'all' or separate edition families, not both.",
                )  # fmt: skip


# --- Questions -----------------------------------------------------------------------------


def support_status(
    product: str,
    version: str | None,
    edition: str | None,
    as_of: date,
    *,
    extended_updates: bool | None = False,
    data: SupportData | None = None,
) -> SupportVerdict:
    """Is ``product`` at ``version`` and ``edition`` getting security updates on ``as_of``?

    ``edition`` is an edition family slug (home-pro, enterprise-education...) or None when
    nobody knows it. ``extended_updates`` says whether the organisation pays for the vendor's
    extended updates: True (it does), False (it does not) or None (nobody knows). A day counts
    as supported up to and including the end date.
    """
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    data = data if data is not None else load_support_data()

    product_entries = data.find(product, None)
    rule = None if product_entries else data.rule_for(product)
    if rule is not None:
        from psn_desktop.domain.support_rules import rule_verdict

        return rule_verdict(rule, version, as_of)
    if not product_entries:
        return SupportVerdict(
            SupportState.UNKNOWN,
            f"PSN Desktop has no support dates for “{product}”. Check the product name is "
            "spelt as the vendor spells it; if it is right, look up its end of support date "
            "on the vendor's website and record it by hand.",
        )
    product_name = product_entries[0].product_name
    versioned = any(e.version is not None for e in product_entries)

    version_known = version is not None and version.strip() != ""
    if versioned and version_known:
        assert version is not None
        candidates = data.find(product, version)
        if not candidates:
            known = ", ".join(dict.fromkeys(e.version for e in product_entries if e.version))
            return SupportVerdict(
                SupportState.UNKNOWN,
                f"PSN Desktop has no support dates for {product_name} version “{version}”. "
                f"Check the version shown on the device (known versions: {known}); if it is "
                "right, look up its end of support date on the vendor's website.",
            )
    else:
        candidates = product_entries

    if edition is not None and edition.strip() != "":
        wanted = edition.strip().lower()
        matching = tuple(e for e in candidates if e.editions in (wanted, ALL_EDITIONS))
        if not matching:
            known = ", ".join(
                edition_words(e) or e for e in dict.fromkeys(c.editions for c in candidates)
            )
            return SupportVerdict(
                SupportState.UNKNOWN,
                f"PSN Desktop has no support dates for the “{edition}” edition of "
                f"{_join(product_name, version if versioned else None)}. Check the edition "
                f"(known here: {known}); if it is right, look up its end of support date on "
                "the vendor's website.",
            )
    else:
        matching = candidates

    if versioned and not version_known:
        # Releases that did not exist yet on that day cannot be what the device runs.
        released = tuple(e for e in matching if e.released is None or e.released <= as_of)
        matching = released or matching
        group_label, dimension = product_name, "version"
    else:
        group_label = _join(product_name, matching[0].version)
        dimension = "edition"

    verdicts = [_entry_verdict(e, as_of, extended_updates, product_entries) for e in matching]
    if len(verdicts) == 1:
        return verdicts[0]
    return _combine(matching, verdicts, as_of, group_label, dimension, product_entries)


def data_is_stale(data: SupportData, as_of: date, max_age_days: int = 365) -> bool:
    """True when the oldest file was last reviewed more than ``max_age_days`` before as_of.

    Lifecycle dates move (extensions, new releases), so answers from old data must be flagged.
    """
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    return (as_of - data.reviewed).days > max_age_days


def format_uk_date(day: date) -> str:
    """Dates like "14 October 2025": what our users read easily, whatever the PC locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def edition_words(editions: str) -> str:
    """Words for an edition family slug; "" for all editions."""
    if editions in _EDITION_WORDS:
        return _EDITION_WORDS[editions]
    return editions.replace("-", " ").title()


# --- Verdicts ------------------------------------------------------------------------------

def _entry_verdict(
    entry: SupportEntry,
    as_of: date,
    extended_updates: bool | None,
    product_entries: Sequence[SupportEntry],
) -> SupportVerdict:
    label = entry.label
    eos = format_uk_date(entry.end_of_support)
    if as_of <= entry.end_of_support:
        return SupportVerdict(
            SupportState.YES,
            f"{label} gets security updates until {eos}. Nothing to do now; plan the "
            "upgrade before then.",
            end_date=entry.end_of_support,
            entry=entry,
        )

    step = _next_step(entry, as_of, product_entries)
    esu_end = entry.extended_updates_end
    esu_name = entry.extended_updates_name or "extended updates"
    if esu_end is not None and as_of <= esu_end:
        esu = format_uk_date(esu_end)
        if extended_updates is True:
            return SupportVerdict(
                SupportState.YES,
                f"{label} stopped getting free security updates on {eos}. It is covered only "
                f"because your organisation pays for {esu_name}, which run until {esu}. "
                "Plan the upgrade before then.",
                end_date=esu_end,
                entry=entry,
            )
        if extended_updates is None:
            return SupportVerdict(
                SupportState.DEPENDS,
                f"{label} stopped getting free security updates on {eos}. It is supported "
                f"only if your organisation pays for {esu_name}, which run until {esu}. "
                f"Check whether they were bought for this device; if not, {_lower_first(step)}",
                depends_on="extended_updates",
                end_date=esu_end,
                entry=entry,
            )
        return SupportVerdict(
            SupportState.NO,
            f"{label} stopped getting security updates on {eos}. {step} As a stopgap, your "
            f"organisation can pay for {esu_name}, which run until {esu}.",
            end_date=entry.end_of_support,
            entry=entry,
        )

    ended = f"{label} stopped getting security updates on {eos}"
    if esu_end is not None:
        ended += f", and the paid {esu_name} ended on {format_uk_date(esu_end)}"
    return SupportVerdict(
        SupportState.NO, f"{ended}. {step}", end_date=entry.end_of_support, entry=entry
    )


def _next_step(entry: SupportEntry, as_of: date, product_entries: Sequence[SupportEntry]) -> str:
    """Point to the newest supported release of the same product if there is one."""
    newer = [
        e
        for e in product_entries
        if e.version != entry.version
        and e.editions in (entry.editions, ALL_EDITIONS)
        and as_of <= e.end_of_support
        and (e.released is None or e.released <= as_of)
    ]
    if newer:
        best = max(newer, key=lambda e: (e.released or date.min, e.end_of_support))
        return (
            f"Update it to {best.label}, which gets security updates until "
            f"{format_uk_date(best.end_of_support)}."
        )
    return "Upgrade or replace it; until then, keep it off the internet."


def _combine(
    entries: Sequence[SupportEntry],
    verdicts: Sequence[SupportVerdict],
    as_of: date,
    group_label: str,
    dimension: str,
    product_entries: Sequence[SupportEntry],
) -> SupportVerdict:
    """One answer for several entries: the answer that holds for all of them, if there is one.

    Used when the edition or the version is unknown. If every candidate agrees, that is the
    answer; if none is supported outright but some could be with paid updates, it depends on
    those; otherwise it depends on the missing fact (edition or version).
    """
    pairs = list(zip(entries, verdicts, strict=True))
    yes = [(e, v.end_date) for e, v in pairs if v.state is SupportState.YES]
    esu = [e for e, v in pairs if v.depends_on == "extended_updates"]
    word = "release" if dimension == "version" else "edition"

    if len(yes) == len(pairs):
        first = min(d or date.max for _e, d in yes)
        reason = f"{group_label} gets security updates until at least {format_uk_date(first)}"
        if any(e.end_of_support < as_of for e, _d in yes):
            reason += ", counting the paid extended updates your organisation has bought"
        return SupportVerdict(
            SupportState.YES,
            reason + ". Nothing to do now; plan the upgrade before then.",
            end_date=first,
        )

    if yes:
        listed = _parts(yes, entries, dimension)
        return SupportVerdict(
            SupportState.DEPENDS,
            f"Whether {group_label} is supported depends on the {word}: "
            f"{_and_list(listed)} still {'gets' if len(listed) == 1 else 'get'} security "
            f"updates, but the other {word}s do not. Check which {word} this device runs and "
            "record it.",
            depends_on=dimension,
            end_date=max(d for _e, d in yes if d is not None),
        )

    last_free = max(e.end_of_support for e in entries)
    if esu:
        esu_end = max(e.extended_updates_end for e in esu if e.extended_updates_end)
        esu_name = esu[0].extended_updates_name or "extended updates"
        if len(esu) < len(pairs):
            covered = _and_list(_parts([(e, None) for e in esu], entries, dimension))
            who = f"Only {group_label} {covered} can still be covered, and only"
        else:
            who = f"A device on {group_label} is supported only"
        return SupportVerdict(
            SupportState.DEPENDS,
            f"No {word} of {group_label} gets free security updates any more (the last "
            f"stopped on {format_uk_date(last_free)}). {who} if your organisation pays for "
            f"{esu_name}, which run until {format_uk_date(esu_end)}. Check the {word} and "
            "whether they were bought for this device; if not, upgrade or replace it.",
            depends_on="extended_updates",
            end_date=esu_end,
        )

    latest = max(entries, key=lambda e: e.end_of_support)
    if all(e.end_of_support == last_free for e in entries):
        reason = f"{group_label} stopped getting security updates on {format_uk_date(last_free)}."
    else:
        reason = (
            f"No {word} of {group_label} gets security updates any more; the last stopped on "
            f"{format_uk_date(last_free)}."
        )
    reason += " " + _next_step(latest, as_of, product_entries)
    buyable = [
        e for e in entries if e.extended_updates_end is not None and as_of <= e.extended_updates_end
    ]
    if buyable:
        esu_end = max(e.extended_updates_end for e in buyable if e.extended_updates_end)
        name = buyable[0].extended_updates_name or "extended updates"
        reason += (
            f" As a stopgap, your organisation can pay for {name}, which run until "
            f"{format_uk_date(esu_end)}"
        )
        if len(buyable) < len(entries):
            parts = _parts([(e, None) for e in buyable], entries, dimension)
            reason += f" (for {_and_list(parts)} only)"
        reason += "."
    return SupportVerdict(SupportState.NO, reason, end_date=last_free)


def _parts(
    subset: Sequence[tuple[SupportEntry, date | None]],
    pool: Sequence[SupportEntry],
    dimension: str,
) -> list[str]:
    """Short names for some of the candidates, e.g. "22H2" rather than every edition of it.

    A release is named once when all of its editions are in ``subset`` with the same date.
    """

    def until(day: date | None) -> str:
        return f" (until {format_uk_date(day)})" if day is not None else ""

    if dimension == "edition":
        return [f"{edition_words(e.editions) or 'all editions'}{until(d)}" for e, d in subset]
    by_version: dict[str | None, list[tuple[SupportEntry, date | None]]] = {}
    for item in subset:
        by_version.setdefault(item[0].version, []).append(item)
    parts: list[str] = []
    for version, group in by_version.items():
        whole = len(group) == sum(1 for e in pool if e.version == version)
        days = {d for _e, d in group}
        if whole and len(days) == 1:
            parts.append(f"{version}{until(days.pop())}")
        else:
            parts.extend(f"{_join(version, edition_words(e.editions))}{until(d)}" for e, d in group)
    return parts


# --- Small helpers -------------------------------------------------------------------------


def _normalise_version(version: str) -> str:
    return version.strip().upper()


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _and_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
