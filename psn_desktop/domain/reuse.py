"""One answer, many regimes: an answer or file given for one framework counts wherever it maps.

Our users face overlapping questionnaires (the PSN, Cyber Essentials, the NHS toolkit, the
schools standards) that ask for the same firewall, the same updates and the same accounts.
Catalogues record that overlap as ``maps_to`` entries, declared on the requirement whose
evidence serves another: ``same`` means it serves fully, ``partly`` that it helps but is not
enough. This module turns those entries and the workspace's answers into what each
unanswered requirement can show:

* a ``same`` mapping carries the answer over as it is, judged by the target's own evidence
  rule: met with evidence shows as met (provided), a 'not met' stays not met, and a 'partly'
  stays partly with the reason given;
* a ``partly`` mapping from a met or partly met answer shows as *partly covered*, listing what
  is still missing (the mapping's ``gap`` text, or else what the target asks for as evidence).

A direct answer always wins: reuse only fills requirements nobody answered for their own
framework, so a user can overrule it by answering. Only one step is followed (no chains):
each result names the answer it came from, which a user can check in one click.

No Qt and no I/O beyond reading the shipped catalogues, like the rest of ``domain``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from psn_desktop.domain.catalogue import (
    CatalogueError,
    Framework,
    Mapping,
    Requirement,
    load_framework,
    split_qualified,
)
from psn_desktop.domain.model import Answer, AnswerStatus, EvidenceFile, EvidenceUse, WorkspaceData
from psn_desktop.domain.readiness import RequirementStatus, requirement_status
from psn_desktop.resource_files import resource_path

log = logging.getLogger(__name__)

SAME = "same"
PARTLY = "partly"

# Most useful first: when several answers map to one requirement, the best one decides.
_RANK = {
    RequirementStatus.MET: 0,
    RequirementStatus.NOT_APPLICABLE: 1,
    RequirementStatus.PARTLY: 2,
    RequirementStatus.PARTLY_PROVIDED: 3,
    RequirementStatus.NEEDS_EVIDENCE: 4,
    RequirementStatus.NEEDS_REASON: 5,
    RequirementStatus.NOT_MET: 6,
}
# Answers that say a control is (at least partly) in place, so their files serve the target.
_POSITIVE = (AnswerStatus.MET, AnswerStatus.PARTLY)


@dataclass(frozen=True)
class Link:
    """One catalogue mapping: evidence for ``source`` serves ``target`` with a strength."""

    source: Requirement
    target: Requirement
    mapping: Mapping

    @property
    def strength(self) -> str:
        return self.mapping.strength


class MappingIndex:
    """Every mapping between the given frameworks, looked up from either end.

    Mappings into a framework that is not in the index are left out, so a catalogue can
    name a framework that has not shipped yet.
    """

    def __init__(self, frameworks: Iterable[Framework]) -> None:
        self.frameworks: dict[str, Framework] = {f.id: f for f in frameworks}
        self._into: dict[str, list[Link]] = {}
        self._out_of: dict[str, list[Link]] = {}
        for framework in self.frameworks.values():
            for source in framework.requirements:
                for mapping in source.maps_to:
                    target = self.requirement(mapping.id)
                    if target is None:
                        continue
                    link = Link(source, target, mapping)
                    self._into.setdefault(target.qualified_id, []).append(link)
                    self._out_of.setdefault(source.qualified_id, []).append(link)

    def requirement(self, qualified_id: str) -> Requirement | None:
        try:
            framework_id, req_id = split_qualified(qualified_id)
            return self.frameworks[framework_id].requirement(req_id)
        except (ValueError, KeyError):
            return None

    def into(self, qualified_id: str) -> tuple[Link, ...]:
        """The requirements whose answers serve this one."""
        return tuple(self._into.get(qualified_id, ()))

    def out_of(self, qualified_id: str) -> tuple[Link, ...]:
        """Where an answer to this requirement also counts ('this also covers...')."""
        return tuple(self._out_of.get(qualified_id, ()))


def installed_frameworks() -> list[Framework]:
    """Every shipped catalogue that loads; a broken one is logged and left out, so that one
    bad file cannot stop the others being assessed (the catalogue tests catch it first)."""
    folder = resource_path("frameworks")
    frameworks = []
    for framework_id in sorted(p.stem for p in folder.glob("*.json") if p.is_file()):
        try:
            frameworks.append(load_framework(framework_id))
        except CatalogueError as error:
            log.warning("Framework left out of reuse: %s", error)
    return frameworks


@cache
def installed_index() -> MappingIndex:
    """Cached: the shipped catalogues cannot change while the app runs."""
    return MappingIndex(installed_frameworks())


@dataclass(frozen=True)
class SourceUse:
    """An answer given for another framework's requirement that maps to this one."""

    link: Link
    answer: Answer
    evidence: tuple[EvidenceUse, ...]
    status: RequirementStatus  # what it makes of the target requirement

    @property
    def requirement(self) -> Requirement:
        return self.link.source

    @property
    def strength(self) -> str:
        return self.link.strength

    def label(self, index: MappingIndex | None = None) -> str:
        """'PSN Code of Connection (customer) BND-01 (Put a firewall...)', for messages."""
        source = self.link.source
        framework = (index or installed_index()).frameworks.get(source.framework_id)
        name = framework.title if framework else source.framework_id
        return f"{name} {source.id} ({source.title})"


@dataclass(frozen=True)
class Reuse:
    """What answers given elsewhere make of one requirement nobody answered directly."""

    requirement: Requirement
    status: RequirementStatus
    sources: tuple[SourceUse, ...]  # every mapped answer, the deciding one first
    evidence: tuple[EvidenceUse, ...]  # the files that serve it, each use once
    missing: tuple[str, ...]  # what is still to show, in plain words; empty when provided
    conflicts: tuple[SourceUse, ...] = ()  # 'same' answers that disagree with the deciding one

    @property
    def provided(self) -> bool:
        return self.status is RequirementStatus.MET

    @property
    def deciding(self) -> SourceUse:
        return self.sources[0]

    @property
    def explanation(self) -> str:
        """One sentence for the task list: where the status came from."""
        source = self.deciding
        label = source.label()
        if self.status is RequirementStatus.PARTLY_PROVIDED:
            return f"Partly covered by your answer to {label}."
        if self.status is RequirementStatus.MET:
            return f"Provided by your answer to {label}."
        return f"Taken from your answer to {label}: {self.status.label.lower()}."

    @property
    def conflict_message(self) -> str:
        others = ", ".join(c.label() for c in self.conflicts)
        return (f"{self.requirement.qualified_id}: the answers to {self.deciding.label()} and "
                f"{others} disagree although they ask for the same thing. Check which is "
                "right and change the other, or answer this requirement directly.")


def reuse_for(data: WorkspaceData, requirement: Requirement,
              index: MappingIndex | None = None) -> Reuse | None:
    """None when no mapped requirement has been answered."""
    index = index or installed_index()
    candidates: list[SourceUse] = []
    for link in index.into(requirement.qualified_id):
        answer = data.answers.get(link.source.qualified_id)
        if answer is None:
            continue
        evidence = tuple(data.evidence_for(link.source.qualified_id))
        if link.strength == SAME:
            status = requirement_status(requirement, answer, list(evidence))
        elif requirement_status(link.source, answer, list(evidence)) in (
                RequirementStatus.MET, RequirementStatus.PARTLY):
            status = RequirementStatus.PARTLY_PROVIDED
        else:  # a 'not met' or unfinished answer says nothing about a partial overlap
            continue
        candidates.append(SourceUse(link, answer, evidence, status))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (_RANK[c.status], c.strength != SAME,
                                   c.link.source.qualified_id))
    best = candidates[0]
    deciding = [c for c in candidates if c.status is best.status]
    conflicts = tuple(c for c in candidates
                      if c.strength == SAME and best.strength == SAME
                      and c.answer.status is not best.answer.status)
    evidence = _unique(use for c in candidates if c.answer.status in _POSITIVE
                       for use in c.evidence)
    return Reuse(requirement, best.status, tuple(candidates), evidence,
                 _missing(requirement, best.status, deciding), conflicts)


def _missing(requirement: Requirement, status: RequirementStatus,
             deciding: list[SourceUse]) -> tuple[str, ...]:
    if status is RequirementStatus.MET:
        return ()
    if status is RequirementStatus.PARTLY_PROVIDED:
        gaps = [c.link.mapping.gap for c in deciding]
        if all(gaps):
            return tuple(dict.fromkeys(gaps))
        return tuple(f"Still to show: {item}" for item in requirement.evidence)
    if status is RequirementStatus.NEEDS_EVIDENCE:
        return tuple(f"Still to show: {item}" for item in requirement.evidence)
    answer = deciding[0].answer
    if status is RequirementStatus.NEEDS_REASON:
        return (f"A reason for the answer given to {deciding[0].requirement.qualified_id}.",)
    return (answer.reason,) if answer.reason.strip() else ()


def _unique(uses: Iterable[EvidenceUse]) -> tuple[EvidenceUse, ...]:
    seen: set[int] = set()
    result = []
    for use in uses:
        if id(use) not in seen:
            seen.add(id(use))
            result.append(use)
    return tuple(result)


@dataclass(frozen=True)
class Effective:
    """A requirement's status as the user sees it: their own answer, else reuse."""

    status: RequirementStatus
    answer: Answer | None
    evidence: tuple[EvidenceUse, ...]
    reuse: Reuse | None = None

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The requirement ids that decided the status: a reused one's sources, not itself."""
        if self.reuse is None:
            return ()
        return tuple(c.requirement.qualified_id for c in self.reuse.sources)


def effective(data: WorkspaceData, requirement: Requirement,
              index: MappingIndex | None = None) -> Effective:
    """What framework rules judge (an automatic fail is a fail wherever it was answered)."""
    direct = data.evidence_for(requirement.qualified_id)
    answer = data.answers.get(requirement.qualified_id)
    if answer is not None:
        return Effective(requirement_status(requirement, answer, direct), answer, tuple(direct))
    reused = reuse_for(data, requirement, index)
    if reused is None:
        return Effective(RequirementStatus.NOT_STARTED, None, tuple(direct))
    return Effective(reused.status, None, _unique([*direct, *reused.evidence]), reused)


# --- per-framework evidence index (what a framework's pack carries) ----------------------


@dataclass(frozen=True)
class EvidenceEntry:
    """One stored file in one framework's pack, with every requirement of it the file serves."""

    sha256: str
    file: EvidenceFile | None  # None only if the workspace lost the record (a pack refuses)
    requirement_ids: tuple[str, ...]  # qualified ids in this framework, sorted
    titles: tuple[str, ...]  # the titles the user gave its uses, in order of first use
    reused: bool  # True when it reaches this framework only through another's answer


def evidence_index(data: WorkspaceData, framework: Framework,
                   index: MappingIndex | None = None) -> list[EvidenceEntry]:
    """Each file once, sorted by name then content hash, so a pack built twice is identical.

    Only requirements that apply to the workspace's organisation type are counted, and a
    file reached through reuse is included only where the reuse makes the requirement met or
    partly met (a file from a 'not met' answer proves nothing for another framework).
    """
    index = index or installed_index()
    org_type = data.organisation.org_type.value if data.organisation.org_type else None
    served: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    direct_shas: set[str] = set()
    for requirement in framework.applicable(org_type):
        state = effective(data, requirement, index)
        direct = set(map(id, data.evidence_for(requirement.qualified_id)))
        for use in state.evidence:
            if id(use) in direct:
                direct_shas.add(use.sha256)
            served.setdefault(use.sha256, [])
            if requirement.qualified_id not in served[use.sha256]:
                served[use.sha256].append(requirement.qualified_id)
            if use.title and use.title not in titles.setdefault(use.sha256, []):
                titles[use.sha256].append(use.title)
    entries = [
        EvidenceEntry(sha, data.evidence_files.get(sha), tuple(sorted(ids)),
                      tuple(titles.get(sha, ())), sha not in direct_shas)
        for sha, ids in served.items()
    ]
    entries.sort(key=lambda e: ((e.file.original_name.casefold() if e.file else ""), e.sha256))
    return entries
