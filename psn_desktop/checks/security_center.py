"""Reading Windows Security Center's productState numbers.

Anti-virus and firewall products register with Windows Security Center, which reports each
one's state as a number. Written in hex it has three bytes: the middle one says whether the
product is on (0x10 or 0x11) and the last whether its definitions are up to date (0x00) or
out of date (0x10). Microsoft has not documented it, but every management tool reads it so.
"""

from __future__ import annotations


def _hex(state: object) -> str | None:
    try:
        value = int(str(state))
    except (TypeError, ValueError):
        return None
    return f"{value:06x}"[-6:]


def product_enabled(state: object) -> bool:
    text = _hex(state)
    return text is not None and text[2:4] in ("10", "11")


def definitions_current(state: object) -> bool | None:
    text = _hex(state)
    if text is None:
        return None
    return text[4:6] == "00"
