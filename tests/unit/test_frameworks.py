"""The three new catalogues: each validates, has the real regime's shape, and maps both ways.

Shapes are pinned to the official documents (5 Cyber Essentials themes, the National Data
Guardian's 10 standards, the DfE's 7 standards) so that a careless edit that drops an area
fails here, and every mapping is checked from both ends, because reuse is only honest if
'the same' really is the same in both catalogues.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from psn_desktop.domain.catalogue import (
    ORG_TYPES,
    Framework,
    available_frameworks,
    check_mappings,
    load_framework,
    split_qualified,
)
from psn_desktop.resource_files import resource_path

NEW = ("cyber-essentials", "nhs-dspt-gp", "dfe-schools")
SHIPPED = (*NEW, "psn-coco")

CE_THEMES = {
    "FW": "firewall",
    "SC": "secure configuration",
    "UP": "security update",
    "UA": "user access",
    "MW": "malware",
}
NDG_STANDARDS = (
    "personal confidential data", "staff responsibilities", "training", "managing data access",
    "process reviews", "responding to incidents", "continuity planning", "unsupported systems",
    "it protection", "accountable suppliers",
)  # fmt: skip
DFE_STANDARDS = (
    "risk assessment", "awareness", "anti-malware and firewall", "accounts",
    "licensed and up-to-date", "backup", "reporting cyber attacks",
)  # fmt: skip
# The ids the PSN catalogue has pointed at since the foundation: their meaning is fixed.
PSN_TARGETS = {
    "cyber-essentials:FW-01": "firewall", "cyber-essentials:FW-02": "firewall",
    "cyber-essentials:FW-03": "firewall", "cyber-essentials:SC-01": "need",
    "cyber-essentials:SC-02": "password", "cyber-essentials:SC-03": "pin",
    "cyber-essentials:SC-04": "running by themselves", "cyber-essentials:UP-01": "supported",
    "cyber-essentials:UP-02": "14 days", "cyber-essentials:UA-01": "own account",
    "cyber-essentials:UA-02": "admin", "cyber-essentials:UA-03": "multi-factor",
    "cyber-essentials:UA-04": "password", "cyber-essentials:MW-01": "anti-malware",
    "cyber-essentials:MW-02": "approved programs", "dfe-schools:FW-01": "firewall",
    "dfe-schools:MW-01": "anti-malware", "dfe-schools:UP-01": "up to date",
    "dfe-schools:BK-01": "back up", "dfe-schools:AU-01": "second check",
    "dfe-schools:IR-01": "response plan", "dfe-schools:TR-01": "train",
    "dfe-schools:RA-01": "risk assessment",
}  # fmt: skip


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return {f.id: f for f in available_frameworks()}


def _raw(framework_id: str) -> dict[str, Any]:
    path = resource_path("frameworks", f"{framework_id}.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework_id", NEW)
def test_catalogue_matches_the_schema_and_loads(framework_id: str) -> None:
    schema = json.loads(resource_path("schemas", "catalogue-v1.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(_raw(framework_id))
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    assert framework.review_due and framework.review_due > framework.reviewed
    assert framework.source_urls, "the source note must name where the rules come from"


def test_every_shipped_framework_is_installed(frameworks: dict[str, Framework]) -> None:
    assert set(SHIPPED) <= set(frameworks)


def test_cyber_essentials_has_the_five_themes(frameworks: dict[str, Framework]) -> None:
    ce = frameworks["cyber-essentials"]
    assert [a.id for a in ce.areas] == list(CE_THEMES)
    for area in ce.areas:
        assert CE_THEMES[area.id] in area.title.lower()
        assert ce.requirements_in(area.id), area.id
    assert set(ce.org_types) == set(ORG_TYPES)
    assert "2026" in ce.version


def test_cyber_essentials_names_its_automatic_fails_and_unsupported_software(
    frameworks: dict[str, Framework],
) -> None:
    ce = frameworks["cyber-essentials"]
    mfa, updates, supported = (ce.requirement(i) for i in ("UA-03", "UP-02", "UP-01"))
    assert "fails the assessment outright" in mfa.why and "cloud service" in mfa.why
    assert "fails the assessment outright" in updates.why and "14 days" in updates.why
    assert "removed" in supported.why and "no internet access" in supported.why
    assert "automatic" not in ce.requirement("FW-01").why.lower()


def test_toolkit_has_the_ten_standards_and_its_deadline(frameworks: dict[str, Framework]) -> None:
    dspt = frameworks["nhs-dspt-gp"]
    assert len(dspt.areas) == 10
    for number, (area, words) in enumerate(zip(dspt.areas, NDG_STANDARDS, strict=True), 1):
        assert area.title.lower() == f"{number}. {words}"
        assert dspt.requirements_in(area.id), area.id
    assert dspt.org_types == ("gp_surgery",)
    assert "30 June" in dspt.description
    from_provider = [r for r in dspt.requirements if r.supplied_by_it_provider]
    assert 5 <= len(from_provider) < len(dspt.requirements)
    assert {"ITP-01", "UNS-02", "INC-03"} <= {r.id for r in from_provider}


def test_schools_catalogue_has_every_dfe_standard(frameworks: dict[str, Framework]) -> None:
    dfe = frameworks["dfe-schools"]
    assert len(dfe.areas) == len(DFE_STANDARDS) == 7
    for number, (area, words) in enumerate(zip(dfe.areas, DFE_STANDARDS, strict=True), 1):
        assert area.title.startswith(f"{number}. ")
        assert all(word in area.title.lower() for word in words.split(" and ")), area.title
        assert dfe.requirements_in(area.id), area.id
    assert dfe.org_types == ("school",)
    texts = " ".join(r.title + " " + r.why for r in dfe.requirements).lower()
    for topic in ("multi-factor", "off-site", "14 days", "governor", "data protection impact"):
        assert topic in texts, topic


@pytest.mark.parametrize("framework_id", NEW)
def test_requirements_are_written_for_people(framework_id: str) -> None:
    framework = load_framework(framework_id)
    glossary = {t["key"] for t in json.loads(
        resource_path("glossary.json").read_text("utf-8"))["terms"]}
    for req in framework.requirements:
        assert len(req.title) <= 70, req.id
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", req.why)) <= 3, req.id
        assert req.evidence, req.id
        assert req.applies_to == ("all",), req.id  # the framework's org_types narrow it
        assert set(req.glossary) <= glossary, req.id
        assert req.id.split("-")[0] == req.area or framework_id == "dfe-schools", req.id


def test_the_ids_the_psn_catalogue_names_exist_with_that_meaning(
    frameworks: dict[str, Framework],
) -> None:
    for qid, words in PSN_TARGETS.items():
        framework_id, req_id = split_qualified(qid)
        req = frameworks[framework_id].requirement(req_id)
        assert words in (req.title + " " + req.why).lower(), qid


def test_every_mapping_resolves(frameworks: dict[str, Framework]) -> None:
    assert check_mappings(frameworks.values()) == []
    for framework in frameworks.values():
        for req in framework.requirements:
            for mapping in req.maps_to:
                target_framework, _ = split_qualified(mapping.id)
                assert target_framework in frameworks, (req.qualified_id, mapping.id)
                assert target_framework != framework.id, (req.qualified_id, mapping.id)


def test_every_mapping_is_mirrored_with_the_same_strength(
    frameworks: dict[str, Framework],
) -> None:
    """'Filled both ways': B lists A whenever A lists B, and they agree how much."""
    count = 0
    for framework in frameworks.values():
        for req in framework.requirements:
            for mapping in req.maps_to:
                target_framework, target_id = split_qualified(mapping.id)
                target = frameworks[target_framework].requirement(target_id)
                back = [m for m in target.maps_to if m.id == req.qualified_id]
                assert back, f"{mapping.id} does not map back to {req.qualified_id}"
                assert back[0].strength == mapping.strength, (req.qualified_id, mapping.id)
                count += 1
    assert count >= 100


def test_same_mappings_never_contradict_each_other(frameworks: dict[str, Framework]) -> None:
    """If A is the same as B and B as C, A cannot be only partly C."""
    strength = {(r.qualified_id, m.id): m.strength
                for f in frameworks.values() for r in f.requirements for m in r.maps_to}
    for (a, b), ab in strength.items():
        if ab != "same":
            continue
        for (b2, c), bc in strength.items():
            if b2 == b and bc == "same" and c != a and (a, c) in strength:
                assert strength[(a, c)] == "same", (a, b, c)


def test_partly_mappings_in_new_catalogues_say_what_is_missing(
    frameworks: dict[str, Framework],
) -> None:
    for framework_id in NEW:
        for req in frameworks[framework_id].requirements:
            for mapping in req.maps_to:
                if mapping.strength == "partly":
                    assert len(mapping.gap) > 20, (req.qualified_id, mapping.id)
                else:
                    assert mapping.gap == "", (req.qualified_id, mapping.id)


def test_each_regime_overlaps_where_the_domain_says_it_does(
    frameworks: dict[str, Framework],
) -> None:
    """Firewalls, updates, malware and accounts recur in all of them (the point of reuse)."""
    def mapped(a: str, b: str) -> int:
        return sum(1 for r in frameworks[a].requirements for m in r.maps_to
                   if m.id.startswith(b + ":"))

    assert mapped("cyber-essentials", "psn-coco") >= 15
    assert mapped("dfe-schools", "psn-coco") >= 15
    assert mapped("cyber-essentials", "dfe-schools") >= 10
    assert mapped("nhs-dspt-gp", "cyber-essentials") >= 8
    # A school never needs the NHS toolkit nor a practice the schools standards.
    assert mapped("nhs-dspt-gp", "dfe-schools") == 0
