"""The framework catalogue: the shipped PSN file, the loader's checks and its error wording.

Broken files are made by mutating a copy of the real catalogue, so every test exercises one
fault in an otherwise valid file and the tests keep up with the catalogue as it grows.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn_desktop.domain.catalogue import (
    ORG_TYPES,
    CatalogueError,
    Framework,
    available_frameworks,
    check_mappings,
    load_framework,
    load_framework_file,
    qualify,
    split_qualified,
)
from psn_desktop.resource_files import resource_path

PSN_AREAS = (
    "GOV", "BND", "CFG", "PAT", "MAL", "ACC", "AUT",
    "LOG", "INC", "REM", "MED", "EML", "BAK", "SUB",
)  # fmt: skip
FRAMEWORK_ID = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"
REQUIREMENT_ID = r"[A-Z][A-Z0-9]*-[0-9]{2,3}"


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return json.loads(resource_path("frameworks", "psn-coco.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def psn() -> Framework:
    return load_framework("psn-coco")


@pytest.fixture
def broken(
    tmp_path: Path, shipped: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], CatalogueError]:
    """Writes a mutated copy of the real file and returns the error loading it raises."""

    def make(mutate: Callable[[dict[str, Any]], None], name: str = "psn-coco") -> CatalogueError:
        data = copy.deepcopy(shipped)
        mutate(data)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        with pytest.raises(CatalogueError) as caught:
            load_framework_file(path)
        return caught.value

    return make


def _req(data: dict[str, Any], req_id: str) -> dict[str, Any]:
    return next(r for r in data["requirements"] if r["id"] == req_id)


# --- the shipped PSN catalogue ----------------------------------------------------------


def test_shipped_file_matches_the_schema(shipped: dict[str, Any]) -> None:
    schema = json.loads(
        resource_path("schemas", "catalogue-v1.schema.json").read_text(encoding="utf-8")
    )
    validator_cls = jsonschema.Draft202012Validator
    validator_cls.check_schema(schema)
    validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER).validate(shipped)


def test_shipped_file_loads(psn: Framework) -> None:
    assert psn.id == "psn-coco"
    assert psn.title == "PSN Code of Connection (customer)"
    assert set(psn.org_types) == set(ORG_TYPES)
    assert isinstance(psn.reviewed, date)
    assert psn.review_due is None or psn.review_due >= psn.reviewed
    assert any(url.startswith("https://www.gov.uk/") for url in psn.source_urls)
    assert 40 <= len(psn.requirements) <= 60


def test_areas_are_the_agreed_ones_and_none_is_empty(psn: Framework) -> None:
    assert tuple(a.id for a in psn.areas) == PSN_AREAS
    for area in psn.areas:
        assert 3 <= len(psn.requirements_in(area.id)) <= 6, area.id
        assert area.title and area.summary


def test_submission_items_are_exactly_the_four_others_rely_on(psn: Framework) -> None:
    assert [r.id for r in psn.requirements_in("SUB")] == ["SUB-01", "SUB-02", "SUB-03", "SUB-04"]
    health_check, plan, diagram, commitment = (psn.requirement(f"SUB-0{n}") for n in range(1, 5))
    assert health_check.document_date_matters and health_check.evidence_required
    assert "health check" in health_check.title.lower()
    assert "plan" in plan.title.lower() and plan.evidence_required
    assert diagram.document_date_matters and diagram.evidence_required
    assert "diagram" in diagram.title.lower()
    assert "SIRO" in commitment.title and not commitment.supplied_by_it_provider


def test_ids_are_unique_and_qualified(psn: Framework) -> None:
    ids = [r.id for r in psn.requirements]
    assert len(ids) == len(set(ids))
    for req in psn.requirements:
        assert re.fullmatch(REQUIREMENT_ID, req.id)
        assert req.qualified_id == f"psn-coco:{req.id}"
        assert req.id.startswith(req.area + "-")
        assert psn.requirement(req.qualified_id) is req
        assert psn.requirement(req.id) is req


def test_every_requirement_is_written_for_people(psn: Framework) -> None:
    for req in psn.requirements:
        assert len(req.title) <= 70, req.id
        assert 1 <= req.why.count(". ") + 1 <= 3, req.id
        assert req.evidence, req.id
        assert req.applies_to == ("all",), req.id


def test_every_mapping_is_well_formed(psn: Framework) -> None:
    seen_frameworks = set()
    for req in psn.requirements:
        for mapping in req.maps_to:
            framework_id, _ = split_qualified(mapping.id)
            assert framework_id != "psn-coco"
            assert mapping.strength in ("same", "partly")
            seen_frameworks.add(framework_id)
    assert seen_frameworks == {"cyber-essentials", "dfe-schools"}
    assert check_mappings([psn]) == []


def test_available_frameworks_finds_psn(psn: Framework) -> None:
    found = available_frameworks()
    assert "psn-coco" in [f.id for f in found]
    assert [f.id for f in found] == sorted(f.id for f in found)
    assert load_framework("psn-coco") is psn  # cached


def test_requirement_lookup_refuses_other_frameworks_and_unknown_ids(psn: Framework) -> None:
    with pytest.raises(KeyError):
        psn.requirement("cyber-essentials:BND-01")
    with pytest.raises(KeyError):
        psn.requirement("ZZZ-99")


def test_unknown_framework_names_what_is_installed() -> None:
    with pytest.raises(CatalogueError, match=r"installed: .*psn-coco"):
        load_framework("no-such-framework")
    with pytest.raises(CatalogueError):
        load_framework("../psn-coco")


def test_applicability_by_organisation_type(
    tmp_path: Path, shipped: dict[str, Any], psn: Framework
) -> None:
    assert psn.applicable("school") == psn.requirements
    assert psn.applicable(None) == psn.requirements
    data = copy.deepcopy(shipped)
    _req(data, "REM-04")["applies_to"] = ["council", "charity"]
    path = tmp_path / "psn-coco.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    framework = load_framework_file(path)
    rem = framework.requirement("REM-04")
    assert rem.applies_to_org("council") and not rem.applies_to_org("school")
    assert rem.applies_to_org(None)
    assert rem not in framework.applicable("gp_surgery")
    assert len(framework.applicable("gp_surgery")) == len(framework.requirements) - 1


def test_optional_fields_take_their_defaults(tmp_path: Path, shipped: dict[str, Any]) -> None:
    data = copy.deepcopy(shipped)
    req = _req(data, "GOV-02")
    for key in ("help", "glossary", "evidence_required"):
        req.pop(key, None)
    data.pop("review_due")
    path = tmp_path / "psn-coco.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    framework = load_framework_file(path)
    gov = framework.requirement("GOV-02")
    assert (gov.help, gov.glossary, gov.evidence_required) == ("", (), True)
    assert framework.review_due is None


# --- broken files: each names the file, the requirement and the field -------------------


def test_missing_field(broken) -> None:
    error = broken(lambda d: _req(d, "BND-01").pop("why"))
    assert (error.file, error.requirement, error.field) == ("psn-coco.json", "BND-01", "why")
    assert str(error) == (
        "psn-coco.json, requirement BND-01, field 'why': is missing. "
        "Fix the file or reinstall the app."
    )


def test_missing_top_level_field(broken) -> None:
    error = broken(lambda d: d.pop("reviewed"))
    assert (error.requirement, error.field) == (None, "reviewed")
    assert str(error).startswith("psn-coco.json, field 'reviewed': is missing.")


def test_requirement_without_id_is_named_by_position(broken) -> None:
    error = broken(lambda d: d["requirements"][2].pop("id"))
    assert error.field == "id"
    assert "requirement number 3 (it has no id), field 'id': is missing" in str(error)


def test_wrong_type(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "PAT-02")["supplied_by_it_provider"] = "yes"

    error = broken(mutate)
    assert (error.requirement, error.field) == ("PAT-02", "supplied_by_it_provider")
    assert "should be true or false, not text" in str(error)


def test_wrong_type_inside_a_list(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "MAL-01")["evidence"][1] = 42

    error = broken(mutate)
    assert (error.requirement, error.field) == ("MAL-01", "evidence")
    assert "field 'evidence' entry 2: should be text, not a number" in str(error)


def test_unknown_field(broken) -> None:
    error = broken(lambda d: _req(d, "CFG-01").update(colour="red"))
    assert (error.requirement, error.field) == ("CFG-01", "colour")
    assert "not a field this format knows" in str(error)


def test_unknown_area(broken) -> None:
    error = broken(lambda d: _req(d, "LOG-02").update(area="XYZ"))
    assert (error.requirement, error.field) == ("LOG-02", "area")
    assert "'XYZ' is not one of the areas in this file" in str(error)


def test_empty_area(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["requirements"] = [r for r in d["requirements"] if r["area"] != "MED"]

    error = broken(mutate)
    assert "area MED: has no requirements" in str(error)


def test_duplicate_requirement_id(broken) -> None:
    error = broken(lambda d: _req(d, "BND-02").update(id="BND-01"))
    assert (error.requirement, error.field) == ("BND-01", "id")
    assert "used by more than one requirement" in str(error)


def test_bad_json_names_line_and_column(tmp_path: Path, shipped: dict[str, Any]) -> None:
    lines = json.dumps(shipped, indent=2).splitlines()
    lines[6] = lines[6].rstrip(",")  # drop a comma between two fields
    path = tmp_path / "psn-coco.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"psn-coco\.json: is not valid JSON") as caught:
        load_framework_file(path)
    assert "line 8, column" in str(caught.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "psn-coco.json"
    path.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(CatalogueError, match="is not UTF-8 text"):
        load_framework_file(path)


def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "psn-coco.json"
    folder.mkdir()  # a folder where the file should be: reading it fails on every platform
    with pytest.raises(CatalogueError, match=r"^psn-coco\.json: cannot be read") as caught:
        load_framework_file(folder)
    assert caught.value.requirement is None and caught.value.field is None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"^psn-coco\.json: is missing\."):
        load_framework_file(tmp_path / "psn-coco.json")


def test_id_differs_from_file_name(broken) -> None:
    error = broken(lambda d: None, name="psn-old")
    assert error.field == "id"
    assert str(error).startswith("psn-old.json, field 'id': the id 'psn-coco' does not match")


def test_bad_mapping_strength(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "BND-01")["maps_to"][0]["strength"] = "maybe"

    error = broken(mutate)
    assert (error.requirement, error.field) == ("BND-01", "strength")
    assert (
        "requirement BND-01, field 'strength' in maps_to entry 1: "
        "'maybe' is not allowed; use one of: same, partly."
    ) in str(error)


def test_malformed_mapping_id(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "BND-01")["maps_to"][1]["id"] = "FW-01"

    error = broken(mutate)
    assert (error.requirement, error.field) == ("BND-01", "id")
    assert "in maps_to entry 2: 'FW-01' is not in the right form" in str(error)


def test_mapping_to_a_missing_requirement_of_the_same_framework(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "BND-01")["maps_to"].append({"id": "psn-coco:ZZZ-01", "strength": "same"})

    error = broken(mutate)
    assert error.requirement == "BND-01"
    assert "psn-coco:ZZZ-01 is not a requirement in this file" in str(error)


def test_mapping_within_the_same_framework_is_allowed(
    tmp_path: Path, shipped: dict[str, Any]
) -> None:
    data = copy.deepcopy(shipped)
    _req(data, "BAK-02")["maps_to"].append({"id": "psn-coco:BAK-01", "strength": "partly"})
    path = tmp_path / "psn-coco.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    framework = load_framework_file(path)
    assert check_mappings([framework]) == []


def test_newer_format_version_asks_for_an_update(broken) -> None:
    error = broken(lambda d: d.update(schema_version=2))
    assert "newer version of PSN Desktop" in str(error)


def test_impossible_date(broken) -> None:
    error = broken(lambda d: d.update(reviewed="2025-02-30"))
    assert error.field == "reviewed"
    assert "'2025-02-30' is not a real date" in str(error)


def test_evidence_list_may_be_empty_only_when_no_evidence_is_required(broken) -> None:
    error = broken(lambda d: _req(d, "GOV-01").update(evidence=[]))
    assert (error.requirement, error.field) == ("GOV-01", "evidence")
    assert "needs at least one entry" in str(error)


def test_all_cannot_be_mixed_with_named_types(broken) -> None:
    error = broken(lambda d: _req(d, "ACC-01").update(applies_to=["all", "school"]))
    assert (error.requirement, error.field) == ("ACC-01", "applies_to")


def test_several_problems_are_counted(broken) -> None:
    def mutate(d: dict[str, Any]) -> None:
        _req(d, "BND-01").pop("why")
        _req(d, "BND-02").pop("why")

    assert "1 other problem in this file too" in str(broken(mutate))


# --- cross-framework mappings -----------------------------------------------------------


def test_check_mappings_reports_targets_missing_from_a_loaded_framework(
    tmp_path: Path, shipped: dict[str, Any], psn: Framework
) -> None:
    other = copy.deepcopy(shipped)
    other["id"] = "cyber-essentials"
    other["areas"] = [{"id": "FW", "title": "Firewalls", "summary": "Firewalls."}]
    other["requirements"] = [
        dict(_req(shipped, "BND-01"), id="FW-01", area="FW", maps_to=[]),
    ]
    path = tmp_path / "cyber-essentials.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    essentials = load_framework_file(path)

    problems = check_mappings([psn, essentials])
    targets = {m.id for r in psn.requirements for m in r.maps_to}
    missing = sorted(
        t for t in targets if t.startswith("cyber-essentials:") and t != "cyber-essentials:FW-01"
    )
    assert missing, "the PSN catalogue should map to more than one Cyber Essentials requirement"
    assert len(problems) == sum(1 for r in psn.requirements for m in r.maps_to if m.id in missing)
    assert all("has no requirement" in p for p in problems)
    assert not any("cyber-essentials:FW-01," in p for p in problems)


# --- qualified ids ----------------------------------------------------------------------


@given(
    framework_id=st.from_regex(rf"\A{FRAMEWORK_ID}\Z", fullmatch=True),
    req_id=st.from_regex(rf"\A{REQUIREMENT_ID}\Z", fullmatch=True),
)
def test_qualify_and_split_round_trip(framework_id: str, req_id: str) -> None:
    qualified = qualify(framework_id, req_id)
    assert split_qualified(qualified) == (framework_id, req_id)


@pytest.mark.parametrize(
    "bad",
    ["BND-01", "psn-coco:", ":BND-01", "PSN:BND-01", "psn-coco:bnd-01", "psn-coco:BND-1",
     "psn-coco:BND-01\n", "psn-coco:BND-01:x", ""],
)  # fmt: skip
def test_split_qualified_refuses_malformed_ids(bad: str) -> None:
    with pytest.raises(ValueError, match="for example psn-coco:BND-01"):
        split_qualified(bad)


@pytest.mark.parametrize(("framework_id", "req_id"), [("PSN", "BND-01"), ("psn-coco", "b-1")])
def test_qualify_refuses_malformed_parts(framework_id: str, req_id: str) -> None:
    with pytest.raises(ValueError, match="for example"):
        qualify(framework_id, req_id)
