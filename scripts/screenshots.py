#!/usr/bin/env python3
"""Screenshots of every page of the app, from a real window on a virtual screen (Xvfb).

Drives the app the way a new user would (first run, then every section), saving a PNG of
each page into docs/screenshots/. Starts its own Xvfb unless --display is given, and keeps
the app's files in a throwaway folder, so it never touches a real user's workspaces.

    python scripts/screenshots.py            # all pages into docs/screenshots/
    python scripts/screenshots.py --only home
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
AS_OF = date(2026, 11, 23)
SIZE = (1180, 860)


def start_xvfb(display: str) -> subprocess.Popen:
    process = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1200x24", "-nolisten",
                                "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path("/tmp/.X11-unix") / f"X{display.lstrip(':')}"
    for _ in range(100):
        if socket.exists():
            return process
        if process.poll() is not None:
            raise SystemExit(f"Xvfb {display} did not start (is another X server using it?)")
        time.sleep(0.05)
    process.terminate()
    raise SystemExit(f"Xvfb {display} did not start in time")


class Shooter:
    def __init__(self, only: str | None) -> None:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.only = only
        self.count = 0
        self.process = QCoreApplication.processEvents
        self.taken: list[str] = []

    def settle(self, seconds: float = 0.15) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.process()
            time.sleep(0.01)

    def wait(self, predicate, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.process()
            if predicate():
                return
            time.sleep(0.01)
        raise SystemExit("The app did not reach the expected page in time.")

    def shot(self, window, name: str) -> None:
        self.count += 1
        filename = f"{self.count:02d}-{name}.png"
        if self.only and self.only not in name:
            return
        self.settle()
        screen = window.screen()
        image = screen.grabWindow(window.winId())
        if image.isNull():  # some X servers refuse; the widget's own rendering is the same
            image = window.grab()
        image.save(str(OUT / filename))
        self.taken.append(filename)


def drive(shooter: Shooter, home: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from psn_desktop.domain.model import AuthMethod, OrgType, Route
    from psn_desktop.journey import Position
    from psn_desktop.journey.first_run import StartChoice
    from psn_desktop.ui.app import create_application
    from psn_desktop.ui.main_window import MainWindow
    from psn_desktop.ui.widgets.fields import TextField

    def new_window(scale: float = 1.0) -> MainWindow:
        create_application(scale)
        window = MainWindow(as_of=AS_OF)
        window.resize(*SIZE)
        window.move(0, 0)
        window.show()
        shooter.settle(0.3)
        return window

    def type_into(window, name: str, text: str) -> None:
        field = window.view.page.fields[name]
        widget = field.line if isinstance(field, TextField) else field.edit
        widget.setFocus()
        widget.selectAll()
        QTest.keyClick(widget, Qt.Key.Key_Delete)
        for number, line in enumerate(text.split("\n")):
            if number:
                QTest.keyClick(widget, Qt.Key.Key_Return)
            QTest.keyClicks(widget, line)

    def choose(window, name: str, value) -> None:
        window.view.page.fields[name].buttons[value].click()

    def proceed(window) -> None:
        window.view.continue_button.click()
        shooter.settle(0.1)

    def at(window, section: str, step: str) -> None:
        shooter.wait(lambda: getattr(getattr(window.view, "page", None), "context", None)
                     is not None and window.view.page.context.position is not None
                     and (window.view.page.context.position.section,
                          window.view.page.context.position.step) == (section, step))

    window = new_window()
    window.start()
    shooter.shot(window, "welcome")
    proceed(window)
    shooter.shot(window, "choose-a-workspace")
    choose(window, "choice", StartChoice.CREATE)
    shooter.shot(window, "choose-new-workspace")
    proceed(window)
    at(window, "organisation", "about")
    proceed(window)  # show the error summary, as a user who skips a question sees it
    shooter.shot(window, "first-run-organisation-errors")
    type_into(window, "name", "Riverside Primary School")
    choose(window, "org_type", OrgType.SCHOOL)
    shooter.shot(window, "first-run-organisation")
    proceed(window)
    at(window, "organisation", "siro")
    for name, text in (("name", "Amara Okonkwo"), ("job_title", "Headteacher"),
                       ("email", "head@riverside.example.sch.uk")):
        type_into(window, name, text)
    shooter.shot(window, "first-run-signer")
    proceed(window)
    at(window, "organisation", "contact")
    for name, text in (("name", "Tom Hughes"), ("job_title", "School Business Manager"),
                       ("email", "sbm@riverside.example.sch.uk")):
        type_into(window, name, text)
    shooter.shot(window, "first-run-contact")
    proceed(window)
    at(window, "connection", "route")
    choose(window, "route", Route.INTERNET_ENCRYPTED)
    shooter.shot(window, "first-run-connection")
    proceed(window)
    shooter.wait(lambda: type(window.view).__name__ == "HomeView")
    shooter.shot(window, "home-after-first-run")

    # Every section, from the task list.
    window.view.tasks.rows["organisation"].button.click()
    at(window, "organisation", "address")  # the first page with something missing
    window.show_position(Position("organisation", "reference"))
    type_into(window, "urn", "123456")
    shooter.shot(window, "organisation-reference")
    proceed(window)
    at(window, "organisation", "address")
    for name, text in (("line1", "12 Mill Road"), ("town", "Riverside"),
                       ("postcode", "RV1 2AB")):
        type_into(window, name, text)
    shooter.shot(window, "organisation-address")
    window.show_position(Position("organisation", "it_provider"))
    for name, text in (("company", "Schools IT Example Ltd"), ("name", "Dana Okafor"),
                       ("email", "support@schools-it.example.co.uk")):
        type_into(window, name, text)
    shooter.shot(window, "organisation-it-support")
    proceed(window)
    at(window, "organisation", "check")
    shooter.shot(window, "organisation-check-answers")
    window.go_home()
    window.view.tasks.rows["scope"].button.click()
    at(window, "scope", "environment")
    type_into(window, "environment_name", "Riverside school network")
    type_into(window, "description", "Office and classroom computers and the server. The "
                                     "guest Wi-Fi is separate and not included.")
    shooter.shot(window, "scope-environment")
    proceed(window)
    at(window, "scope", "size")
    type_into(window, "user_count", "38")
    type_into(window, "site_count", "1")
    shooter.shot(window, "scope-size")
    proceed(window)
    at(window, "scope", "ip_ranges")
    type_into(window, "ip_ranges", "10.30.0.0/16\n8.8.8.0/24\n192.168.10.5/24")
    proceed(window)
    shooter.shot(window, "scope-ip-ranges-errors")
    type_into(window, "ip_ranges", "10.30.0.0/16\n192.168.10.0/24")
    shooter.shot(window, "scope-ip-ranges")
    proceed(window)
    at(window, "scope", "services")
    shooter.shot(window, "scope-services")
    proceed(window)
    at(window, "scope", "check")
    shooter.shot(window, "scope-check-answers")
    window.go_home()
    window.view.tasks.rows["connection"].button.click()
    at(window, "connection", "gateway")
    type_into(window, "gateway", "vpn.psn-access.example.gov.uk")
    type_into(window, "remote_ranges", "51.0.0.0/16")
    shooter.shot(window, "connection-gateway")
    proceed(window)
    at(window, "connection", "identity")
    choose(window, "auth_method", AuthMethod.CERTIFICATE)
    shooter.shot(window, "connection-identity")
    proceed(window)
    at(window, "connection", "check")
    shooter.shot(window, "connection-check-answers")
    window.show_position(Position("connection", "provider"))
    shooter.shot(window, "connection-provider")
    window.go_home()
    window.view.tasks.rows["cloud"].button.click()
    at(window, "cloud", "uses")
    choose(window, "uses", True)
    shooter.shot(window, "cloud-uses")
    proceed(window)
    at(window, "cloud", "services")
    window.view.page.add.click()
    at(window, "cloud", "service")
    type_into(window, "name", "Microsoft 365")
    type_into(window, "purpose", "Email, documents and Teams")
    choose(window, "assessed", True)
    shooter.shot(window, "cloud-service")
    proceed(window)
    at(window, "cloud", "services")
    window.view.page.add.click()
    at(window, "cloud", "service")
    type_into(window, "name", "ParentMail")
    type_into(window, "purpose", "Messages to parents")
    choose(window, "assessed", False)
    type_into(window, "notes", "Asked the supplier for their security statement.")
    proceed(window)
    at(window, "cloud", "services")
    shooter.shot(window, "cloud-services")
    proceed(window)
    at(window, "cloud", "check")
    shooter.shot(window, "cloud-check-answers")
    window.go_home()
    shooter.shot(window, "home-sections-complete")
    window.open_glossary("siro")
    shooter.settle(0.3)
    shooter.shot(window.glossary, "glossary")
    window.glossary.close()

    # The demo school, as an IT support firm with two workspaces would switch to it.
    from psn_desktop.demo import build_demo
    from psn_desktop.journey.opening import remember

    demo = build_demo(home / "Oakfield demo", as_of=AS_OF)
    remember(demo)
    demo.close()
    window.open_folder(home / "Oakfield demo")
    shooter.wait(lambda: type(window.view).__name__ == "HomeView"
                 and window.session.workspace.folder.name == "Oakfield demo")
    shooter.shot(window, "home-demo-school")
    part_two(shooter, window, home, at, proceed, type_into, choose)
    window.close()
    shooter.settle(0.2)

    large = new_window(2.0)
    large.start(home / "Oakfield demo")
    shooter.wait(lambda: type(large.view).__name__ == "HomeView")
    shooter.shot(large, "home-at-200-percent-text")
    large.show_position(Position("organisation", "siro"))
    shooter.shot(large, "signer-at-200-percent-text")
    large.show_position(Position("psn-coco:MED", "MED-01"))
    shooter.shot(large, "requirement-at-200-percent-text")
    large.show_position(Position("plan", "plan"))
    shooter.shot(large, "plan-at-200-percent-text")
    large.close()
    create_application(1.0)


def part_two(shooter: Shooter, window, home: Path, at, proceed, type_into, choose) -> None:
    """The demo school's requirement pages, health check, plan, review and sign-off."""
    from dataclasses import replace
    from datetime import timedelta

    from psn_desktop.domain.model import ActionStatus, AnswerStatus, Severity
    from psn_desktop.journey import Position

    workspace = window.session.workspace
    late = next(a for a in workspace.actions() if a.status is ActionStatus.PLANNED)
    workspace.save_action(replace(late, target_date=AS_OF - timedelta(days=5)))  # overdue

    def show(section: str, step: str, item=None) -> None:
        window.show_position(Position(section, step, item))
        at(window, section, step)

    def wait_task(page) -> None:
        shooter.wait(lambda: page.task is None)
        shooter.settle(0.2)

    show("psn-coco:SUB", "SUB-03")
    shooter.shot(window, "requirement-diagram-with-evidence")
    show("psn-coco:AUT", "AUT-02")
    proceed(window)
    shooter.shot(window, "requirement-not-answered-error")
    choose(window, "answer", AnswerStatus.MET)
    folder = home / "documents"
    folder.mkdir(exist_ok=True)
    policy = folder / "Password policy 2026.pdf"
    policy.write_bytes(b"%PDF-1.4 sample")
    field = window.view.page.fields["evidence"]
    field.attach([policy])
    wait_task(field)
    shooter.shot(window, "requirement-met-with-evidence")
    show("psn-coco:REM", "REM-02")
    offer = window.view.page.fields["plan"]
    offer.notes.set_text("Encrypt the two older laptops with BitLocker.")
    offer.owner.set_value("Dana Okafor")
    offer.target.line.setText("15/1/2027")
    shooter.shot(window, "requirement-not-met-plan-the-fix")
    offer.add_button.click()
    shooter.settle(0.2)
    shooter.shot(window, "requirement-not-met-planned")
    show("psn-coco:BND", "check")
    shooter.shot(window, "requirement-area-check-answers")
    show("health_check", "details")
    shooter.shot(window, "health-check-details")
    show("health_check", "report")
    shooter.shot(window, "health-check-report")
    show("health_check", "findings")
    sheet = home / "retest-findings.csv"
    sheet.write_text("Finding ID,Finding,Risk Rating,Affected Hosts,Recommendation\r\n"
                     "RT-01,Guest Wi-Fi can reach the office printer,Medium,OFFICE-PC-01,"
                     "Separate the guest network.\r\n"
                     "RT-02,,High,SERVER-01,A row with no title\r\n"
                     "RT-03,SMB signing not required,Amber,SERVER-01,\r\n", encoding="utf-8")
    findings = window.view.page
    findings.start_import(sheet)
    shooter.wait(lambda: findings.mapping_dialog is not None)
    shooter.settle(0.3)
    shooter.shot(findings.mapping_dialog, "health-check-import-columns")
    findings.mapping_dialog.accept()
    wait_task(findings)
    shooter.shot(window, "health-check-findings-imported")
    show("health_check", "finding", None)
    type_into(window, "title", "Staff can install software")
    choose(window, "severity", Severity.HIGH)
    shooter.shot(window, "health-check-finding-by-hand")
    show("plan", "plan")
    shooter.shot(window, "plan")
    unplanned = next(f for f in workspace.findings() if not workspace.load().actions_for(f.id))
    show("plan", "action", unplanned.id)
    type_into(window, "owner", "Dana Okafor")
    window.view.page.fields["target_date"].line.setText("31/1/2027")
    choose(window, "status", ActionStatus.PLANNED)
    shooter.shot(window, "plan-the-fix")
    show("review", "review")
    shooter.shot(window, "review")
    show("sign_off", "sign_off")
    shooter.shot(window, "sign-off")
    page = window.view.page
    page.declared.box.setChecked(True)
    page.sign_button.click()
    shooter.settle(0.2)
    shooter.shot(window, "sign-off-signed")
    scope = workspace.scope()
    workspace.set_scope(replace(scope, user_count=(scope.user_count or 0) + 3))
    show("sign_off", "sign_off")
    shooter.shot(window, "sign-off-out-of-date")
    window.go_home()
    shooter.shot(window, "home-demo-after-part-two")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", help="use this X display instead of starting Xvfb")
    parser.add_argument("--only", help="only save screenshots whose name contains this")
    args = parser.parse_args()
    xvfb = None
    if args.display:
        os.environ["DISPLAY"] = args.display
    else:
        os.environ["DISPLAY"] = ":99"
        xvfb = start_xvfb(":99")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    home = Path(tempfile.mkdtemp(prefix="psn-screenshots-"))
    os.environ["PSN_DESKTOP_HOME"] = str(home)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.only:
        for old in OUT.glob("*.png"):
            old.unlink()
    try:
        sys.path.insert(0, str(ROOT))
        from psn_desktop.ui.app import create_application

        create_application(1.0)
        shooter = Shooter(args.only)
        drive(shooter, home)
        print(f"{len(shooter.taken)} screenshots in {OUT.relative_to(ROOT)}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
