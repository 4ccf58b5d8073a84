"""Which column holds what: the mapping step, with guesses for common exports.

People import lists from Excel, Intune, Lansweeper, PDQ, ConfigMgr, Google Admin, Jamf or
an RMM tool; each names its columns its own way. The guess matches header words (case,
spaces and punctuation ignored) against the names those tools use; the user can correct
any column before importing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS: tuple[tuple[str, str, bool], ...] = (
    # (field, label for people, required)
    ("name", "Device name", True),
    ("os", "Operating system", True),
    ("version", "Version or release", False),
    ("build", "Build number", False),
    ("edition", "Edition", False),
    ("device_type", "Type of device", False),
    ("owner", "Owner or user", False),
    ("location", "Location", False),
    ("extended_updates", "Paid extended updates (yes/no)", False),
    ("update_expiry", "Auto update expiration (Chromebooks)", False),
)
FIELD_LABELS = {name: label for name, label, _ in FIELDS}
REQUIRED = tuple(name for name, _label, required in FIELDS if required)

# Normalised header words for each field, most specific first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("devicename", "computername", "hostname", "assetname", "machinename",
             "displayname", "name", "device", "computer", "host", "asset", "pcname",
             "annotatedassetid", "serialnumber", "assettag"),
    "os": ("operatingsystemnameandversion", "operatingsystem", "osname", "os", "platform",
           "operatingsystemname", "system", "ostype", "osdescription", "caption"),
    "version": ("osversion", "operatingsystemversion", "osrelease", "release", "version",
                "featureupdate", "displayversion", "releaseid", "windowsversion"),
    "build": ("osbuild", "buildnumber", "build", "osbuildnumber", "kernelversion"),
    "edition": ("edition", "osedition", "sku", "editionid", "operatingsystemsku"),
    "device_type": ("devicetype", "type", "assettype", "chassistype", "formfactor", "category",
                    "chassis", "class"),
    "owner": ("primaryuserupn", "primaryuser", "assigneduser", "annotateduser", "owner",
              "user", "username", "lastloggedonuser", "assignedto", "userprincipalname"),
    "location": ("location", "site", "room", "office", "building", "annotatedlocation",
                 "orgunitpath", "department"),
    "extended_updates": ("extendedsecurityupdates", "esu", "extendedupdates", "esuenrolled",
                         "esulicensed"),
    "update_expiry": ("autoupdateexpiration", "aue", "aueddate", "autoupdateexpiry",
                      "updateexpiry", "updateexpiration", "endofupdates", "aue date"),
}


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass
class Mapping:
    """Field name -> column index. Unmapped fields are absent."""

    columns: dict[str, int]

    def missing_required(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.columns]

    def describe(self, headers: list[str]) -> list[str]:
        return [f"{FIELD_LABELS[f]}: “{headers[i]}”" for f, i in self.columns.items()
                if i < len(headers)]


def guess_mapping(headers: list[str]) -> Mapping:
    """Best guess: exact synonym matches first, then headers that contain a synonym (the
    shared mapping step in :mod:`psn_desktop.tabular.columns`)."""
    from psn_desktop.tabular.columns import ColumnSet, guess_columns

    return Mapping(guess_columns(headers, ColumnSet(FIELDS, SYNONYMS)))


def mapping_from_names(headers: list[str], chosen: dict[str, str]) -> Mapping:
    """A mapping from field -> header text (as the user picked it); unknown headers ignored."""
    normalised = {normalise(h): i for i, h in enumerate(headers)}
    columns = {}
    for field, header in chosen.items():
        if field in FIELD_LABELS and normalise(header) in normalised:
            columns[field] = normalised[normalise(header)]
    return Mapping(columns)
