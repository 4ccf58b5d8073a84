"""PSN Desktop: help a small public body prepare and submit its PSN compliance evidence."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("psn-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
