"""Frameworks offered by organisation type: a GP surgery gets the NHS toolkit, a school the DfE
standards, everyone Cyber Essentials, a PSN connection the Code of Connection."""

from __future__ import annotations

import pytest

from psn_desktop.domain.model import Connection, Organisation, OrgType, Route
from psn_desktop.domain.suggest import connects_to_psn, suggest_frameworks, suggested_ids
from psn_desktop.workspace.store import Workspace
from tests.unit.reuse_builders import workspace_data


@pytest.mark.parametrize(("org_type", "psn", "expected"), [
    (OrgType.GP_SURGERY, False, ["nhs-dspt-gp", "cyber-essentials"]),
    (OrgType.SCHOOL, False, ["dfe-schools", "cyber-essentials"]),
    (OrgType.SCHOOL, True, ["psn-coco", "dfe-schools", "cyber-essentials"]),
    (OrgType.GP_SURGERY, True, ["psn-coco", "nhs-dspt-gp", "cyber-essentials"]),
    (OrgType.CHARITY, False, ["cyber-essentials"]),
    (OrgType.COUNCIL, False, ["psn-coco", "cyber-essentials"]),
    (OrgType.OTHER, True, ["psn-coco", "cyber-essentials"]),
    (None, False, ["cyber-essentials"]),
    ("school", False, ["dfe-schools", "cyber-essentials"]),
    ("not-a-type", False, ["cyber-essentials"]),
])
def test_suggested_ids(org_type, psn: bool, expected: list[str]) -> None:
    assert suggested_ids(org_type, psn_connection=psn) == expected


def test_gp_workspace_on_disk_is_offered_the_nhs_toolkit(empty_workspace: Workspace) -> None:
    empty_workspace.set_organisation(Organisation("Riverside Surgery", OrgType.GP_SURGERY,
                                                  ods_code="A12345"))
    empty_workspace.set_frameworks([])
    suggestions = suggest_frameworks(empty_workspace.load())
    assert [s.framework_id for s in suggestions] == ["nhs-dspt-gp", "cyber-essentials"]
    toolkit = suggestions[0]
    assert toolkit.title == "NHS Data Security and Protection Toolkit (GP practice)"
    assert "30 June" in toolkit.reason and toolkit.suggested and not toolkit.chosen


def test_school_workspace_on_disk_is_offered_the_dfe_standards(
    empty_workspace: Workspace,
) -> None:
    empty_workspace.set_organisation(Organisation("Oak School", OrgType.SCHOOL))
    empty_workspace.set_connection(Connection(route=Route.INTERNET_ENCRYPTED))
    suggestions = suggest_frameworks(empty_workspace.load())
    assert [(s.framework_id, s.chosen) for s in suggestions] == [
        ("psn-coco", True), ("dfe-schools", False), ("cyber-essentials", False)]
    assert "Department for Education" in suggestions[1].reason


def test_frameworks_chosen_earlier_are_kept_and_marked() -> None:
    data = workspace_data(OrgType.GP_SURGERY, ("psn-coco", "dfe-schools"))
    suggestions = suggest_frameworks(data)
    assert [(s.framework_id, s.suggested, s.chosen) for s in suggestions] == [
        ("nhs-dspt-gp", True, False), ("cyber-essentials", True, False),
        ("psn-coco", False, True), ("dfe-schools", False, True)]
    assert suggestions[2].reason == "Already chosen for this workspace."


def test_only_installed_frameworks_are_suggested() -> None:
    data = workspace_data(OrgType.SCHOOL, ())
    ids = [s.framework_id for s in suggest_frameworks(data, installed=["cyber-essentials"])]
    assert ids == ["cyber-essentials"]


def test_a_hosted_psn_service_counts_as_a_connection() -> None:
    data = workspace_data(OrgType.CHARITY, ())
    assert not connects_to_psn(data)
    data.scope.psn_services_hosted = ["SRV_1234"]
    assert connects_to_psn(data)
    assert suggest_frameworks(data)[0].framework_id == "psn-coco"
