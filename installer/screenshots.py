"""Screenshots of the real installer and uninstaller for the staff install guide.

Runs the NSIS installer under Wine (in a throwaway prefix set to Windows 10) on a private
Xvfb display, presses the keys a person would, and saves each page as a PNG::

    python installer/screenshots.py                  # uses installer/dist's installer,
                                                     # or builds one with a stand-in payload
    python installer/screenshots.py --installer PSN-Desktop-Setup-0.1.0.exe

The pages do not depend on what the installer carries, so a stand-in payload gives the same
pictures in seconds. Needs Debian's xvfb and wine packages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.build import build
from installer.project_info import CLI_PROGRAM, GUI_PROGRAM, ROOT, read_project
from installer.x11 import XDisplay, private_display

OUT = ROOT / "docs" / "images" / "install"
DESKTOP = "700x520"  # Wine's virtual desktop: room for the installer's window


class WineSession:
    def __init__(self, scratch: Path, display: str) -> None:
        home = scratch / "home"
        home.mkdir()
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(("WINE", "XDG_"))},
                    "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
                    "XDG_CONFIG_HOME": str(home / ".config"), "DISPLAY": display,
                    "WINEPREFIX": str(scratch / "prefix"), "WINEARCH": "win64",
                    "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
                    "WINEDEBUG": "-all"}
        self.run(["wineboot", "--init"])
        self.run(["wine", "winecfg", "-v", "win10"])

    def run(self, command: list[str]) -> str:
        result = subprocess.run(command, env=self.env, capture_output=True, text=True,
                                timeout=300, check=False)
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300, check=False)
        return result.stdout

    def start(self, program: str) -> subprocess.Popen:
        return subprocess.Popen(["wine", "explorer", f"/desktop=psn,{DESKTOP}", program],
                                env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False)

    def local_appdata(self) -> Path:
        out = self.run(["wine", "cmd", "/c", "echo", "%LOCALAPPDATA%"]).strip()
        return Path(self.run(["winepath", "-u", out]).strip())


class Camera:
    def __init__(self, display: XDisplay, out: Path) -> None:
        self.display, self.out, self.last = display, out, None
        out.mkdir(parents=True, exist_ok=True)

    def settled(self, timeout: float = 60):  # type: ignore[no-untyped-def]
        """The screen once it has changed from the last picture and stopped changing."""
        deadline = time.monotonic() + timeout
        previous = None
        while time.monotonic() < deadline:
            windows = self.display.windows()
            if windows:
                image = self.display.grab(windows[0])
                if previous is not None and image.tobytes() == previous.tobytes() \
                        and (self.last is None or image.tobytes() != self.last.tobytes()):
                    return image
                previous = image
            time.sleep(0.7)
        raise TimeoutError("the screen did not settle")

    def shoot(self, name: str) -> Path:
        image = self.settled()
        self.last = image
        path = self.out / f"{name}.png"
        _without_desktop(image).save(path, optimize=True)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return path


def _without_desktop(image):  # type: ignore[no-untyped-def]
    """Crop Wine's plain desktop away, keeping the windows on it."""
    from PIL import Image, ImageChops

    background = image.getpixel((image.width - 1, image.height - 1))
    plain = Image.new(image.mode, image.size, background)
    box = ImageChops.difference(image, plain).getbbox()
    return image.crop(box) if box else image


def splash_picture(out: Path) -> Path:
    """The app's own start-up window, drawn offscreen by the app's code."""
    path = out / "07-starting.png"
    code = ("import sys\nfrom psn_desktop.ui.splash import show_splash\n"
            f"show_splash().grab().save({str(path)!r})\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    print(f"  {path}")
    return path


def stand_in_installer(folder: Path) -> Path:
    payload = folder / "payload" / "PSN Desktop"
    (payload / "_internal" / "resources" / "frameworks").mkdir(parents=True)
    for program in (GUI_PROGRAM, CLI_PROGRAM):
        (payload / program).write_bytes(b"stand-in")
    (payload / "_internal" / "resources" / "frameworks" / "psn-coco.json").write_text("{}")
    return build(work=folder / "work", dist=folder / "dist", payload=payload).installer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installer", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psn-shots-") as scratch_name:
        scratch = Path(scratch_name)
        installer = args.installer
        if installer is None:
            built = ROOT / "installer" / "dist" / read_project().installer_name
            installer = built if built.is_file() else stand_in_installer(scratch / "build")
        print(f"Screenshots of {installer.name}:")
        with private_display(1024, 768) as name:
            display = XDisplay(name)
            wine = WineSession(scratch, name)
            camera = Camera(display, args.out)
            try:
                wine.start(str(installer))
                camera.shoot("01-welcome")
                display.press("Return")
                camera.shoot("02-shortcuts")
                display.press("Return")
                camera.shoot("03-finished")
                wine.stop()  # leave without starting the (stand-in) app
                data = wine.local_appdata() / "PSN Desktop" / "PSN Desktop" / "workspaces"
                data.mkdir(parents=True, exist_ok=True)
                uninstaller = (wine.local_appdata() / "Programs" / "PSN Desktop" /
                               "Uninstall.exe")
                wine.start(str(uninstaller))
                camera.shoot("04-uninstall")
                display.press("Return")
                camera.shoot("05-keep-workspaces")
                display.press("Return")
                camera.shoot("06-uninstalled")
            finally:
                wine.stop()
                display.close()
    splash_picture(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
