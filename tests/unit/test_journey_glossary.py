"""The glossary file: valid, complete for every term the catalogues and the journey name."""

from __future__ import annotations

import json

import pytest

from psn_desktop.domain.catalogue import available_frameworks
from psn_desktop.domain.glossary import GlossaryError, load_glossary, load_glossary_file
from psn_desktop.journey import default_registry
from psn_desktop.resource_files import resource_path

ISSUE_TERMS = ("psn", "siro", "ithc", "remediation_plan", "code_of_connection", "official",
               "scope", "ip_range", "vpn")


def test_every_term_a_catalogue_or_page_names_is_explained():
    glossary = load_glossary()
    named = {key for framework in available_frameworks() for r in framework.requirements
             for key in r.glossary}
    named |= {key for s in default_registry().sections() for step in s.steps
              for key in step.glossary}
    named |= set(ISSUE_TERMS)
    assert named - {t.key for t in glossary.terms} == set()


def test_search_finds_by_name_abbreviation_and_definition():
    glossary = load_glossary()
    assert glossary.search("SIRO")[0].key == "siro"
    assert glossary.search("pen test")[0].key == "ithc"
    assert glossary.get("vpn").term.startswith("VPN")
    assert "ransomware" in [t.key for t in glossary.search("backups kept apart")]
    assert len(glossary.search("")) == len(glossary.terms)
    assert glossary.search("zzzz-nothing") == []
    assert "psn" in glossary and "nope" not in glossary


def _write(tmp_path, doc):
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["terms"].append(dict(d["terms"][0])), "used twice"),
    (lambda d: d["terms"][0].update(see_also=["missing_term"]), "not in the glossary"),
    (lambda d: d["terms"][0].pop("definition"), "definition"),
    (lambda d: d.update(schema_version=2), "schema_version"),
])
def test_broken_glossary_files_say_what_to_fix(tmp_path, change, message):
    doc = json.loads(resource_path("glossary.json").read_text(encoding="utf-8"))
    change(doc)
    with pytest.raises(GlossaryError, match=message):
        load_glossary_file(_write(tmp_path, doc))


def test_unreadable_glossary(tmp_path):
    path = tmp_path / "glossary.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not valid JSON"):
        load_glossary_file(path)
    with pytest.raises(GlossaryError, match="could not be read"):
        load_glossary_file(tmp_path / "missing.json")
