"""Speed and time left for an upload, steady enough to read, honest after a drop.

The speed is taken over the last few seconds rather than since the start, so a connection
that slows down (or a resume after a long wait) shows today's speed, not the average of
a better hour. When the server turns out to hold less than was already handed to the
network (a connection dropped with bytes in flight), the count steps back and the window
starts afresh rather than showing a negative speed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 8.0


@dataclass(frozen=True)
class ProgressReading:
    done: int
    total: int
    speed: float  # bytes per second over the recent window; 0 while unknown
    seconds_left: float | None  # None while the speed is unknown

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


class ProgressMeter:
    def __init__(self, clock: Callable[[], float] | None = None,
                 window: float = WINDOW_SECONDS) -> None:
        self._clock = clock or time.monotonic
        self._window = window
        self._samples: deque[tuple[float, int]] = deque()

    def update(self, done: int, total: int) -> ProgressReading:
        now = self._clock()
        if self._samples and done < self._samples[-1][1]:
            self._samples.clear()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self._window:
            self._samples.popleft()
        first_time, first_done = self._samples[0]
        elapsed = now - first_time
        speed = (done - first_done) / elapsed if elapsed > 0.2 else 0.0
        left = (total - done) / speed if speed > 0 else None
        return ProgressReading(done, total, speed, left)


def size_text(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "working out the time left"
    seconds = round(seconds)
    if seconds < 60:
        return f"about {max(seconds, 1)} s left"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"about {minutes} min {seconds:02d} s left"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} h {minutes:02d} min left"


def reading_text(reading: ProgressReading) -> str:
    """One line for a terminal: 45% — 225.0 MB of 500.0 MB, 12.3 MB/s, about 22 s left."""
    speed = f"{size_text(reading.speed)}/s" if reading.speed else "measuring speed"
    return (f"{reading.percent}% - {size_text(reading.done)} of {size_text(reading.total)}, "
            f"{speed}, {duration_text(reading.seconds_left)}")
