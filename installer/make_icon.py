"""Draw the app icon: a white shield with a tick on a calm blue tile.

The icon is generated rather than drawn by hand so it can be remade at any size, and it is
drawn large and scaled down (with supersampling) so the 16-pixel version in Explorer and the
taskbar stays crisp. The outputs are committed (``resources/icons/psn-desktop.ico`` and
``.png``); run this again only to change the design::

    python installer/make_icon.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 96, 128, 256]
CANVAS = 1024
TILE = (22, 78, 140, 255)  # a deep, calm blue: readable on light and dark taskbars
TILE_EDGE = (14, 55, 104, 255)
SHIELD = (255, 255, 255, 255)
TICK = (20, 140, 96, 255)  # green tick: "ready"


def _shield_outline(scale: float) -> list[tuple[float, float]]:
    """A shield: flat top with rounded shoulders, sides curving to a point."""
    points: list[tuple[float, float]] = []
    left, right, top, bottom = 236, 788, 190, 850
    mid = (left + right) / 2
    points.append((left, top + 60))
    points.append((mid, top))
    points.append((right, top + 60))
    steps = 24
    for i in range(steps + 1):  # right side: straight, then a curve into the point
        t = i / steps
        x = right - (right - mid) * (t ** 2.6)
        y = top + 60 + (bottom - top - 60) * t
        points.append((x, y))
    for i in range(steps, -1, -1):
        t = i / steps
        x = left + (mid - left) * (t ** 2.6)
        y = top + 60 + (bottom - top - 60) * t
        points.append((x, y))
    return [(x * scale, y * scale) for x, y in points]


def draw(size: int = CANVAS) -> Image.Image:
    scale = size / CANVAS
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = 40 * scale
    radius = 190 * scale
    pen.rounded_rectangle((margin, margin, size - margin, size - margin), radius=radius,
                          fill=TILE_EDGE)
    inset = margin + 18 * scale
    pen.rounded_rectangle((inset, inset, size - inset, size - inset),
                          radius=radius - 18 * scale, fill=TILE)
    pen.polygon(_shield_outline(scale), fill=SHIELD)
    tick = [(392, 520), (482, 612), (640, 430)]
    pen.line([(x * scale, y * scale) for x, y in tick], fill=TICK, width=int(70 * scale),
             joint="curve")
    for x, y in (tick[0], tick[-1]):  # round the ends
        r = 35 * scale
        pen.ellipse((x * scale - r, y * scale - r, x * scale + r, y * scale + r), fill=TICK)
    return image


def write_welcome_bitmap(target: Path) -> Path:
    """The picture down the left of the installer's first and last pages (164×314, the size
    NSIS's Modern UI expects): the icon on the app's blue, instead of NSIS's stock art."""
    width, height = 164, 314
    image = Image.new("RGB", (width, height), TILE[:3])
    pen = ImageDraw.Draw(image)
    for y in range(height):  # a gentle darkening towards the bottom
        shade = tuple(int(c * (1 - 0.35 * y / height)) for c in TILE[:3])
        pen.line([(0, y), (width, y)], fill=shade)
    icon = draw(512).resize((112, 112), Image.Resampling.LANCZOS)
    image.paste(icon, ((width - 112) // 2, 40), icon)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="BMP")
    return target


def write_icons(folder: Path = ICON_DIR) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    master = draw()
    png = folder / "psn-desktop.png"
    master.resize((256, 256), Image.Resampling.LANCZOS).save(png, optimize=True)
    ico = folder / "psn-desktop.ico"
    master.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    return png, ico


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ICON_DIR, help="folder for the icons")
    args = parser.parse_args()
    for path in write_icons(args.output):
        print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
