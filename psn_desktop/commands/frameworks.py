"""``psn-desktop frameworks``: which regimes a workspace targets, and all of them side by side.

IT support firms prepare several regimes for one customer; this shows, from a script or a
terminal, what the app shows on its overview page: the frameworks suggested for the
organisation, and each targeted framework's readiness with what was answered once and
reused, and exactly what is left.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from psn_desktop.cli import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, CliError
from psn_desktop.commands.common import as_of_date, open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "frameworks", help="the frameworks a workspace targets, side by side",
        description="List the installed frameworks, suggest which ones a workspace should "
                    "target, choose them, or compare the workspace's readiness for each.")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the installed frameworks")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)

    suggest = actions.add_parser("suggest", help="frameworks suggested for the organisation")
    suggest.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    suggest.add_argument("--json", action="store_true", help="machine-readable output")
    suggest.set_defaults(handler=run_suggest)

    choose = actions.add_parser("choose", help="set the frameworks the workspace targets")
    choose.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    choose.add_argument("ids", nargs="*", metavar="ID", help="framework ids, in order")
    choose.add_argument("--suggested", action="store_true",
                        help="add the suggested frameworks to those already chosen")
    choose.set_defaults(handler=run_choose)

    compare = actions.add_parser(
        "compare", help="readiness for each targeted framework, side by side",
        description="Exit code 0 when every framework compared is ready, 1 when not.")
    compare.add_argument("--workspace", required=True, metavar="DIR", type=Path)
    compare.add_argument("--framework", action="append", metavar="ID", dest="frameworks",
                         help="a framework to compare (repeatable; default: those the "
                              "workspace targets)")
    compare.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD",
                         help="assess as of this date (default: today)")
    compare.add_argument("--json", action="store_true", help="machine-readable output")
    compare.set_defaults(handler=run_compare)


def run_list(args: argparse.Namespace) -> int:
    from psn_desktop.domain.reuse import installed_frameworks

    frameworks = installed_frameworks()
    if args.json:
        print(json.dumps([{"id": f.id, "title": f.title, "version": f.version,
                           "reviewed": f.reviewed.isoformat(), "org_types": list(f.org_types)}
                          for f in frameworks], indent=2, ensure_ascii=False))
    else:
        width = max((len(f.id) for f in frameworks), default=10)
        for f in frameworks:
            print(f"{f.id:<{width}}  {f.title} ({f.version})")
    return EXIT_OK


def run_suggest(args: argparse.Namespace) -> int:
    from psn_desktop.domain.suggest import suggest_frameworks

    with open_workspace(Path(args.workspace), read_only=True) as workspace:
        data = workspace.load()
    suggestions = suggest_frameworks(data)
    if args.json:
        print(json.dumps([{"id": s.framework_id, "title": s.title, "reason": s.reason,
                           "suggested": s.suggested, "chosen": s.chosen}
                          for s in suggestions], indent=2, ensure_ascii=False))
        return EXIT_OK
    if data.organisation.org_type is None:
        print("Tip: set the organisation's type to get suggestions for your sector.")
    for s in suggestions:
        mark = "chosen   " if s.chosen else "suggested"
        print(f"[{mark}] {s.title} ({s.framework_id})\n            {s.reason}")
    return EXIT_OK


def run_choose(args: argparse.Namespace) -> int:
    from psn_desktop.domain.reuse import installed_frameworks
    from psn_desktop.domain.suggest import suggest_frameworks

    installed = [f.id for f in installed_frameworks()]
    unknown = [i for i in args.ids if i not in installed]
    if unknown:
        raise CliError(f"Not an installed framework: {', '.join(unknown)}. Installed: "
                       f"{', '.join(installed)}.", EXIT_USAGE)
    if not args.ids and not args.suggested:
        raise CliError("Name at least one framework id, or use --suggested.", EXIT_USAGE)
    with open_workspace(Path(args.workspace)) as workspace:
        data = workspace.load()
        chosen = list(args.ids) if args.ids else list(data.info.frameworks)
        if args.suggested:
            chosen += [s.framework_id for s in suggest_frameworks(data, installed) if s.suggested]
        chosen = list(dict.fromkeys(chosen))
        workspace.set_frameworks(chosen)
    print("This workspace now targets: " + ", ".join(chosen) + ".")
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    from psn_desktop.domain.catalogue import CatalogueError
    from psn_desktop.domain.side_by_side import side_by_side
    from psn_desktop.domain.support import SupportDataError

    as_of = args.as_of or date.today()
    with open_workspace(Path(args.workspace), read_only=True) as workspace:
        data = workspace.load()
    ids = args.frameworks or data.info.frameworks
    try:
        summaries = side_by_side(data, ids, as_of)
    except (CatalogueError, SupportDataError) as error:
        raise CliError(str(error), EXIT_USAGE) from None
    if args.json:
        print(json.dumps(_as_dict(data.organisation.name, as_of, summaries), indent=2,
                         ensure_ascii=False))
    else:
        print(_as_text(data.organisation.name, as_of, summaries))
    return EXIT_OK if all(s.readiness.ready for s in summaries) else EXIT_NEGATIVE


def _gap_words(row: Any) -> str:
    said = row.reuse.explanation if row.reuse is not None else row.status.label.lower()
    return f"{row.requirement.qualified_id} {row.requirement.title}: {said}"


def _as_text(name: str, as_of: date, summaries: list[Any]) -> str:
    from psn_desktop.domain.dates import uk_date

    lines = [f"{name or '(organisation not named yet)'}, as of {uk_date(as_of)}", ""]
    width = max((len(s.framework.title) for s in summaries), default=10)
    for s in summaries:
        verdict = "ready" if s.readiness.ready else f"{len(s.readiness.blockers)} to sort out"
        due = f", due {uk_date(s.readiness.deadline)}" if s.readiness.deadline else ""
        lines.append(f"{s.framework.title:<{width}}  {s.done_percent:>3}% done  "
                     f"{s.answered_here} answered here, {s.provided_elsewhere} from other "
                     f"answers, {s.partly_elsewhere} partly  ({verdict}{due})")
    for s in summaries:
        if not s.gaps and not s.readiness.blockers:
            continue
        lines += ["", f"Still to do for {s.framework.title}:"]
        for row in s.gaps:
            lines.append(f"  - {_gap_words(row)}")
            lines += [f"      missing: {item}" for item in row.missing]
        others = [i for i in s.readiness.blockers if i.code != "area-incomplete"]
        lines += [f"  - {issue.message}" for issue in others]
    return "\n".join(lines)


def _as_dict(name: str, as_of: date, summaries: list[Any]) -> dict[str, Any]:
    return {
        "organisation": name,
        "as_of": as_of.isoformat(),
        "frameworks": [
            {
                "id": s.framework.id, "title": s.framework.title,
                "version": s.framework.version, "ready": s.readiness.ready,
                "deadline": s.readiness.deadline.isoformat() if s.readiness.deadline else None,
                "total": s.total, "answered_here": s.answered_here,
                "provided_elsewhere": s.provided_elsewhere,
                "partly_elsewhere": s.partly_elsewhere, "done_percent": s.done_percent,
                "gaps": [
                    {"id": r.requirement.qualified_id, "status": r.status.value,
                     "missing": list(r.missing),
                     "from": [c.requirement.qualified_id for c in r.reuse.sources]
                     if r.reuse else []}
                    for r in s.gaps
                ],
                "blockers": [{"code": i.code, "message": i.message, "target": i.target}
                             for i in s.readiness.blockers],
                "warnings": [{"code": i.code, "message": i.message, "target": i.target}
                             for i in s.readiness.warnings],
            }
            for s in summaries
        ],
    }
