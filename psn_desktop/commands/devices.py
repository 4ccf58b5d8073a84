"""``psn-desktop devices``: import an estate, get the template or the collector, update dates.

``devices import FILE_OR_FOLDER --workspace DIR`` reads a CSV or XLSX list, one collector
file, or a folder of them. Exit codes: 0 every row imported, 1 some rows had problems (the
good ones were still imported), 2 nothing could be imported or bad usage, 3 no network for
``update-support-data``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from psn_desktop.cli import EXIT_ENVIRONMENT, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    devices = commands.add_parser("devices", help="import devices, get the template or the "
                                  "collector for other PCs",
                                  description="Work with the list of devices and software.")
    actions = devices.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = actions.add_parser("import", help="import a CSV/XLSX list or collector files",
                             description="Import devices from a CSV or Excel (.xlsx) list, a "
                                         "collector file, or a folder of collector files. "
                                         "Devices with the same name are updated, not doubled.")
    imp.add_argument("source", metavar="FILE_OR_FOLDER", type=Path)
    imp.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="say which column holds a field, e.g. --map name='Asset tag' "
                          "(fields: name, os, version, build, edition, device_type, owner, "
                          "location, extended_updates, update_expiry)")
    imp.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                     help="judge support dates as of this day (default: today)")
    imp.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    imp.set_defaults(handler=run_import)

    template = actions.add_parser("template", help="save a CSV template to fill in")
    template.add_argument("file", metavar="FILE", type=Path)
    template.set_defaults(handler=run_template)

    collector = actions.add_parser("collector", help="save the collector for other PCs in a "
                                   "folder (a USB stick or shared folder)")
    collector.add_argument("folder", metavar="FOLDER", type=Path)
    collector.set_defaults(handler=run_collector)

    update = actions.add_parser("update-support-data", help="fetch newer software support "
                                "dates from the address in the settings (or --url)")
    update.add_argument("--url", help="fetch from this address instead")
    update.set_defaults(handler=run_update)


def _mapping(args: argparse.Namespace):
    if not args.map or args.source.is_dir() or args.source.suffix.lower() == ".json":
        return None
    from psn_desktop.checks.asset_columns import FIELD_LABELS, guess_mapping, mapping_from_names
    from psn_desktop.checks.asset_table import TableProblem, read_table

    chosen = {}
    for item in args.map:
        field, sep, column = item.partition("=")
        if not sep or field.strip() not in FIELD_LABELS:
            raise CliError(f"--map {item!r} is not FIELD=COLUMN with a known field "
                           f"({', '.join(FIELD_LABELS)}).", EXIT_USAGE)
        chosen[field.strip()] = column.strip()
    try:
        headers = read_table(args.source).headers
    except TableProblem as problem:
        raise CliError(str(problem), EXIT_USAGE) from None
    mapping = guess_mapping(headers)
    picked = mapping_from_names(headers, chosen)
    for field, column in chosen.items():
        if field not in picked.columns:
            raise CliError(f"There is no column “{column}” in {args.source.name}. The columns "
                           f"are: {', '.join(headers)}.", EXIT_USAGE)
    mapping.columns = {f: i for f, i in mapping.columns.items()
                       if i not in picked.columns.values()} | picked.columns
    return mapping


def run_import(args: argparse.Namespace) -> int:
    from psn_desktop.checks.estate import import_estate
    from psn_desktop.checks.support_update import current_support_data, staleness_warning

    as_of = args.as_of or date.today()
    support = current_support_data()
    mapping = _mapping(args)
    warning = staleness_warning(support, as_of)
    if warning:
        print(warning, file=sys.stderr)
    with open_workspace(args.workspace) as workspace:
        outcome = import_estate(workspace, args.source, as_of=as_of, support=support,
                                mapping=mapping)
    if args.json:
        print(json.dumps({
            "added": outcome.added, "updated": outcome.updated, "device_ids": outcome.device_ids,
            "errors": [{"line": e.line, "message": e.message} for e in outcome.errors],
            "notes": outcome.notes, "collected": outcome.collected,
            "findings_added": [f.title for f in outcome.findings.added],
            "findings_updated": [f.title for f in outcome.findings.updated],
        }, indent=2, ensure_ascii=False))
    else:
        print(f"Imported {outcome.imported} device(s): {outcome.added} new, {outcome.updated} "
              "updated.")
        for name in outcome.collected:
            print(f"  from the collector: {name}")
        for finding in outcome.findings.added:
            print(f"  New finding: {finding.title}")
        for note in outcome.notes:
            print(f"  {note}")
    for error in outcome.errors:
        print(f"Not imported: {error}", file=sys.stderr)
    if outcome.imported == 0 and outcome.errors:
        return EXIT_USAGE
    return EXIT_NEGATIVE if outcome.errors else EXIT_OK


def run_template(args: argparse.Namespace) -> int:
    from psn_desktop.checks.asset_import import write_template

    try:
        path = write_template(args.file)
    except OSError as error:
        raise CliError(f"The template could not be saved at {args.file} ({error.strerror}).",
                       EXIT_USAGE) from None
    print(f"Saved the template at {path}. Fill in one row per device, then run "
          f"'psn-desktop devices import {path.name} --workspace DIR'.")
    return EXIT_OK


def run_collector(args: argparse.Namespace) -> int:
    from psn_desktop.checks.collector import write_collector

    try:
        written = write_collector(args.folder)
    except OSError as error:
        raise CliError(f"The collector could not be saved in {args.folder} "
                       f"({error.strerror}). Choose a folder you can write to.",
                       EXIT_USAGE) from None
    print(f"Saved the collector in {args.folder} ({len(written)} files). Run it on each PC "
          "(see READ ME FIRST.txt), then import the folder.")
    return EXIT_OK


def run_update(args: argparse.Namespace) -> int:
    from psn_desktop.checks import support_update

    try:
        if args.url:
            outcome = support_update.fetch_support_data(args.url)
        else:
            outcome = support_update.update_from_settings()
    except support_update.SupportUpdateError as error:
        raise CliError(str(error), EXIT_ENVIRONMENT) from None
    print(outcome.message)
    return EXIT_OK
