"""Import an IT Health Check provider's findings from their spreadsheet (CSV or XLSX).

Providers export findings in their own layout (a scanner's one row per host, a consultant's
one row per issue with its hosts in a cell), so the file goes through the same reading and
column-mapping step as a device list (:mod:`psn_desktop.tabular`). Then:

* every good row is kept and every bad one reported with its line number and what to fix;
* rows about the same finding on different hosts become one finding with all its hosts;
* hosts are matched to the workspace's devices by name (``server-01.school.local`` matches
  ``SERVER-01``); hosts not in the device list are kept in the finding's text, not lost;
* a finding already in the plan (same title, and the same reference where both have one) is
  not added twice, so the same report can be imported again after a correction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from psn_desktop.checks.asset_import import RowError
from psn_desktop.domain.model import Device, Finding, FindingSource, Severity
from psn_desktop.tabular import ColumnSet, Table, guess_columns, missing_required
from psn_desktop.tabular.columns import describe

FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("title", "Finding (its title)", True),
    ("severity", "Severity or risk rating", False),
    ("hosts", "Affected hosts or devices", False),
    ("reference", "Finding number or ID", False),
    ("detail", "Description", False),
    ("solution", "Recommended fix", False),
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "findingtitle", "finding", "name", "issue", "issuetitle", "vulnerability",
              "vulnerabilityname", "pluginname", "summary", "observation", "findingname"),
    "severity": ("severity", "risk", "riskrating", "rating", "risklevel", "cvss",
                 "cvssscore", "cvssv3basescore", "cvssbasescore", "priority", "impact"),
    "hosts": ("affectedhosts", "hosts", "host", "hostname", "affectedassets", "assets",
              "asset", "affectedsystems", "systems", "ipaddress", "ip", "target", "device",
              "devices", "computer", "affected"),
    "reference": ("findingid", "reference", "ref", "id", "pluginid", "issueid", "vulnid",
                  "findingnumber", "number", "cve"),
    "detail": ("description", "details", "synopsis", "detail", "findingdescription",
               "technicaldetail"),
    "solution": ("solution", "remediation", "recommendation", "recommendations", "fix",
                 "recommendedaction", "mitigation"),
}
COLUMNS = ColumnSet(FIELDS, SYNONYMS)
MAX_TITLE = 300

_SEVERITY_WORDS: tuple[tuple[Severity, tuple[str, ...]], ...] = (
    (Severity.CRITICAL, ("critical", "crit", "very high", "urgent", "severe")),
    (Severity.HIGH, ("high", "important", "major")),
    (Severity.MEDIUM, ("medium", "med", "moderate")),
    (Severity.LOW, ("low", "minor")),
    (Severity.INFO, ("informational", "information", "info", "none", "note", "best practice",
                     "advisory")),
)
_SEVERITY_LETTERS = {"c": Severity.CRITICAL, "h": Severity.HIGH, "m": Severity.MEDIUM,
                     "l": Severity.LOW, "i": Severity.INFO}
_SCORE = re.compile(r"^(?:cvss\s*(?:v?[234](?:\.\d)?)?\s*(?:base\s*)?(?:score)?\s*:?\s*)?"
                    r"(\d+(?:\.\d+)?)\s*(?:/\s*10)?$")
_HOST_SPLIT = re.compile(r"[,;\s]+")


_WORD_PATTERNS = tuple(
    (severity, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))
    for severity, words in _SEVERITY_WORDS)
_RANK = {severity: rank for rank, severity in enumerate(Severity)}


@lru_cache(maxsize=1024)
def severity_from(text: str) -> Severity | None:
    """A rating as providers write it: a word ('High', 'Moderate'), a letter, or a CVSS
    score (9.0 and above critical, 7 high, 4 medium, above 0 low, 0 for information)."""
    folded = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    if not folded:
        return None
    if folded in _SEVERITY_LETTERS:
        return _SEVERITY_LETTERS[folded]
    for severity, pattern in _WORD_PATTERNS:
        if pattern.search(folded):
            return severity
    number = _SCORE.match(folded)
    if number:
        score = float(number[1])
        if score > 10:
            return None
        if score >= 9:
            return Severity.CRITICAL
        if score >= 7:
            return Severity.HIGH
        if score >= 4:
            return Severity.MEDIUM
        return Severity.LOW if score > 0 else Severity.INFO
    return None


def split_hosts(text: str) -> list[str]:
    hosts = []
    for token in _HOST_SPLIT.split(text):
        token = token.strip("()[]<>\"'")
        if token and token not in hosts:
            hosts.append(token)
    return hosts


def device_index(devices: list[Device]) -> dict[str, int]:
    return {d.name.strip().lower(): d.id for d in devices if d.id is not None}


def match_devices(hosts: list[str], devices: list[Device] | dict[str, int]
                  ) -> tuple[list[int], list[str]]:
    """Device ids for the hosts that name a device, and the hosts that do not."""
    by_name = devices if isinstance(devices, dict) else device_index(devices)
    ids: list[int] = []
    unmatched: list[str] = []
    for host in hosts:
        folded = host.lower()
        found = by_name.get(folded)
        if found is None and "." in folded:
            short = folded.split(".", 1)[0]  # server-01.school.local
            if not short.isdigit():  # 10.20.0.5 is an address, not a name
                found = by_name.get(short)
        if found is None:
            unmatched.append(host)
        elif found not in ids:
            ids.append(found)
    return ids, unmatched


@dataclass
class _Draft:
    line: int
    title: str
    severity: Severity
    reference: str
    detail: str
    solution: str
    hosts: dict[str, None] = field(default_factory=dict)  # in order, each once


@dataclass
class FindingsImport:
    """What an import would add, and what it could not use (with line numbers)."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the first line of each finding
    combined_rows: int = 0  # rows folded into a finding already read from the file
    already_in_plan: int = 0
    unmatched_hosts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.findings)} finding(s) to add"]
        if self.combined_rows:
            parts.append(f"{self.combined_rows} row(s) about a finding on another host were "
                         "combined with it")
        if self.already_in_plan:
            parts.append(f"{self.already_in_plan} already in the plan were not added again")
        if self.errors:
            parts.append(f"{len(self.errors)} row(s) could not be used")
        return "; ".join(parts) + "."


def _key(reference: str, title: str) -> tuple[str, str]:
    return (reference.strip().lower(), " ".join(title.lower().split()))


def rows_to_findings(table: Table, columns: Mapping[str, int], *, devices: list[Device],
                     existing: list[Finding], found_on: date,
                     progress: Callable[[int], None] | None = None,
                     stop: Callable[[], bool] | None = None) -> FindingsImport | None:
    """Good rows become findings, bad rows errors with their line numbers; never raises.

    Returns None if ``stop`` said to stop part-way (nothing is half-imported).
    """
    result = FindingsImport(notes=list(table.notes))
    missing = missing_required(columns, COLUMNS)
    if missing:
        labels = " and ".join(COLUMNS.labels[f] for f in missing)
        result.errors.append(RowError(0, f"No column was chosen for {labels}. Choose which "
                                      "column holds it and import again."))
        return result
    result.notes.append("Columns used: " + "; ".join(describe(columns, table.headers, COLUMNS)))
    if "severity" not in columns:
        result.notes.append("No column was chosen for the severity, so each finding is "
                            "marked medium: change any that are not in the plan.")
    # title -> references already in the plan; a blank reference matches any (a re-test
    # spreadsheet often has no numbers).
    known: dict[str, set[str]] = {}
    for finding in existing:
        if finding.source is FindingSource.HEALTH_CHECK:
            reference, title = _key(finding.reference, finding.title)
            known.setdefault(title, set()).add(reference)
    drafts: dict[tuple[str, str], _Draft] = {}
    total = max(len(table.rows), 1)
    width = max(columns.values()) + 1
    blank = [""] * width
    at = {name: columns.get(name) for name, _label, _required in FIELDS}
    title_at, severity_at, hosts_at = at["title"], at["severity"], at["hosts"]
    rated = severity_at is not None
    errors, fold = result.errors, str.lower

    for number, (line, cells) in enumerate(zip(table.lines, table.rows, strict=True)):
        if number % 500 == 0:
            if stop is not None and stop():
                return None
            if progress is not None:
                progress(number * 100 // total)
        try:
            if len(cells) < width:
                cells = [*cells, *blank[len(cells):]]
            title = " ".join(cells[title_at].split())
            if not title:
                errors.append(RowError(line, "there is no finding title. Fill it in, or delete "
                                             "the row if it is not a finding."))
                continue
            if len(title) > MAX_TITLE:
                errors.append(RowError(line, f"the title is {len(title)} characters long; is "
                                             "the right column chosen for the title?"))
                continue
            rating = cells[severity_at].strip() if rated else ""
            severity = severity_from(rating) if rated else Severity.MEDIUM
            if severity is None:
                shown = rating if rating else "(blank)"
                errors.append(RowError(line, f"“{shown[:40]}” is not a severity PSN Desktop "
                                             "recognises. Use critical, high, medium, low or "
                                             "information, or a CVSS score."))
                continue
            reference = cells[at["reference"]].strip()[:100] if at["reference"] is not None \
                else ""
            key = (fold(reference), fold(title))
            refs = known.get(key[1])
            if refs is not None and (not key[0] or "" in refs or key[0] in refs):
                result.already_in_plan += 1
                continue
            hosts = split_hosts(cells[hosts_at]) if hosts_at is not None else []
            draft = drafts.get(key)
            if draft is not None:
                result.combined_rows += 1
                draft.hosts.update(dict.fromkeys(hosts))
                # The worse rating wins: one host at 'high' makes the finding high.
                if _RANK[severity] < _RANK[draft.severity]:
                    draft.severity = severity
                continue
            detail = cells[at["detail"]].strip() if at["detail"] is not None else ""
            solution = cells[at["solution"]].strip() if at["solution"] is not None else ""
            drafts[key] = _Draft(line, title, severity, reference, detail, solution,
                                 dict.fromkeys(hosts))
        except Exception as error:  # a row must never stop the import
            errors.append(RowError(line, f"this row could not be read "
                                         f"({type(error).__name__})."))
    unmatched_all: list[str] = []
    by_name = device_index(devices)
    for draft in drafts.values():
        ids, unmatched = match_devices(list(draft.hosts), by_name)
        detail = draft.detail
        if draft.solution:
            detail = (detail + "\n\n" if detail else "") + f"Recommended fix: {draft.solution}"
        if unmatched:
            detail = (detail + "\n\n" if detail else "") + (
                "Affected hosts not in your device list: " + ", ".join(unmatched))
            unmatched_all += [h for h in unmatched if h not in unmatched_all]
        result.findings.append(Finding(draft.title, FindingSource.HEALTH_CHECK, draft.severity,
                                       [], ids, found_on, detail, draft.reference))
        result.lines.append(draft.line)
    result.unmatched_hosts = unmatched_all
    if unmatched_all:
        shown = ", ".join(unmatched_all[:8]) + (" …" if len(unmatched_all) > 8 else "")
        result.notes.append(f"{len(unmatched_all)} host(s) are not in your device list and "
                            f"were kept in the findings' descriptions: {shown}")
    if progress is not None:
        progress(100)
    return result


def guess(headers: list[str]) -> dict[str, int]:
    return guess_columns(headers, COLUMNS)
