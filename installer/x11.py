"""A private X display for looking at programs from outside: when their first window
appears, what it looks like, and pressing keys in it.

Used by the start-up benchmark (``bench/bench_installer.py``), which times the app and a bare
window exactly alike without any hook in either, and by the screenshot script
(``installer/screenshots.py``), which walks the real installer under Wine. It talks to the X
server through libX11 and libXtst with ctypes, so it needs no tool beyond Xvfb.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_IS_VIEWABLE = 2
# Windows come and go while we look; Xlib's default error handler would end this process
# when one vanishes between listing and asking about it. Errors are ignored instead.
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_ignore_errors = _ERROR_HANDLER(lambda _display, _event: 0)
_Z_PIXMAP = 2
_ALL_PLANES = 0xFFFFFFFFFFFFFFFF


class _WindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
        ("height", ctypes.c_int), ("border_width", ctypes.c_int), ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


class _Image(ctypes.Structure):  # the start of XImage: enough to read the pixels
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_char)),
        ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


@dataclass(frozen=True)
class Window:
    x: int
    y: int
    width: int
    height: int


def _library(name: str) -> ctypes.CDLL:
    found = ctypes.util.find_library(name)
    if found is None:
        raise RuntimeError(f"lib{name} is not installed")
    return ctypes.CDLL(found)


class XDisplay:
    def __init__(self, display: str) -> None:
        x = self._x = _library("X11")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                 ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                           ctypes.POINTER(_WindowAttributes)]
        x.XGetImage.restype = ctypes.POINTER(_Image)
        x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x.XKeysymToKeycode.restype = ctypes.c_ubyte
        x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.XStringToKeysym.restype = ctypes.c_ulong
        x.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
        x.XSetErrorHandler.restype = ctypes.c_void_p
        x.XSetErrorHandler(_ignore_errors)
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")
        self._root = x.XDefaultRootWindow(self._display)
        self._xtest: ctypes.CDLL | None = None

    # ----- windows ---------------------------------------------------------------------------

    def windows(self) -> list[Window]:
        """The viewable top-level windows (with no window manager: every program's)."""
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        if not self._x.XQueryTree(self._display, self._root, ctypes.byref(root),
                                  ctypes.byref(parent), ctypes.byref(children),
                                  ctypes.byref(count)):
            return []
        found = []
        try:
            attributes = _WindowAttributes()
            for index in range(count.value):
                if (self._x.XGetWindowAttributes(self._display, children[index],
                                                 ctypes.byref(attributes))
                        and attributes.map_state == _IS_VIEWABLE
                        and attributes.width > 1 and attributes.height > 1):
                    found.append(Window(attributes.x, attributes.y, attributes.width,
                                        attributes.height))
        finally:
            if children:
                self._x.XFree(children)
        return found

    def wait_for_window(self, started: float, timeout: float,
                        alive: Callable[[], bool] = lambda: True,
                        matches: Callable[[Window], bool] = lambda window: True) -> float:
        """Seconds from ``started`` (a perf_counter time) until a matching window is
        viewable."""
        while time.perf_counter() - started < timeout:
            if any(matches(window) for window in self.windows()):
                return time.perf_counter() - started
            if not alive():
                raise RuntimeError("the program exited before showing a window")
            time.sleep(0.003)
        raise TimeoutError(f"no window within {timeout:.0f} s")

    # ----- pictures and keys ---------------------------------------------------------------

    def grab(self, window: Window):  # type: ignore[no-untyped-def]
        """The window's pixels as a Pillow image."""
        from PIL import Image

        image = self._x.XGetImage(self._display, self._root, window.x, window.y, window.width,
                                  window.height, _ALL_PLANES, _Z_PIXMAP)
        if not image:
            raise RuntimeError("XGetImage failed")
        info = image.contents
        try:
            size = info.bytes_per_line * info.height
            data = ctypes.string_at(info.data, size)
            return Image.frombuffer("RGB", (info.width, info.height), data, "raw", "BGRX",
                                    info.bytes_per_line, 1).copy()
        finally:
            self._x.XFree(info.data)
            self._x.XFree(image)

    def press(self, key: str) -> None:
        """Press and release one key by its X name ("Return", "space", "Tab")."""
        if self._xtest is None:
            self._xtest = _library("Xtst")
            self._xtest.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint,
                                                      ctypes.c_int, ctypes.c_ulong]
        code = self._x.XKeysymToKeycode(self._display, self._x.XStringToKeysym(key.encode()))
        for down in (True, False):
            self._xtest.XTestFakeKeyEvent(self._display, code, down, 0)
            self._x.XFlush(self._display)
            time.sleep(0.05)

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None


@contextlib.contextmanager
def private_display(width: int = 1280, height: int = 800) -> Iterator[str]:
    """Start Xvfb on a free display number; yield its name (":93")."""
    server = None
    for number in range(90, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0",
                                   f"{width}x{height}x24", "-nolisten", "tcp"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(250):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.02)
        else:
            server.kill()
            server.wait()
            server = None
            continue
        break
    if server is None:
        raise RuntimeError("could not start Xvfb")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)
