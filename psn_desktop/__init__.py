"""PSN Desktop: help a small public body prepare and submit its PSN compliance evidence."""


def __getattr__(name: str) -> str:
    """``__version__``, read from the package metadata when first asked for.

    Reading metadata imports ``importlib.metadata`` (and with it ``email``, ``zipfile`` and
    more), which would delay the window a user is waiting for after a double-click; nothing
    on the way to that window needs the version.
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("psn-desktop")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        version = "0.1.0"
    globals()["__version__"] = version
    return version
