"""Writing user-typed values into a PowerShell script or a swanctl.conf, safely or not at all.

A generated profile is run with the user's rights (or an administrator's), so a value that
can end a string early is a way to run someone else's commands. Names of organisations contain
apostrophes ("St Mary's"), and Windows PowerShell also ends a single-quoted string at the
typographic quotes that word processors put in (' ' and the low-9 quote), which naive escaping
misses. So every value goes through one of the two functions here:

* :func:`powershell_literal` makes a single-quoted (verbatim) PowerShell string, in which
  nothing is expanded, doubling every character PowerShell treats as a single quote;
* :func:`strongswan_literal` makes a double-quoted strongSwan value, refusing the two
  characters that could end or escape it.

Both refuse line breaks and invisible control or formatting characters outright: a line break
could start a new command or setting, and a right-to-left override can make a script read
differently from what it does. Refusing is better than cleaning up here, because a silently
changed identity or name would make a profile that fails later for no visible reason.
"""

from __future__ import annotations

import re
import unicodedata

# PowerShell's tokenizer treats these four as single quotes (SpecialChars.IsSingleQuote).
POWERSHELL_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
_PS_QUOTE = re.compile(f"[{POWERSHELL_SINGLE_QUOTES}]")

# Unicode categories that never belong in a name, address or identity: control (Cc),
# formatting such as bidirectional overrides and zero-width characters (Cf), surrogates (Cs),
# private use (Co), unassigned (Cn) and the line/paragraph separators (Zl, Zp).
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

MAX_LENGTH = 255


class UnsafeValue(ValueError):
    """A value that cannot be written safely; the message says which and what to do."""


def describe_character(char: str) -> str:
    if char in "\r\n":
        return "a line break"
    if char == "\t":
        return "a tab"
    name = unicodedata.name(char, "")
    return f"an invisible character ({name.title() or f'U+{ord(char):04X}'})"


def check_plain_text(value: str, what: str) -> None:
    """Refuse text with line breaks or invisible characters, naming the first one found."""
    if len(value) > MAX_LENGTH:
        raise UnsafeValue(f"{what} is {len(value)} characters long; shorten it to "
                          f"{MAX_LENGTH} or fewer.")
    for char in value:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES or char == "\t":
            raise UnsafeValue(f"{what} contains {describe_character(char)}. Type it again on "
                              "one line, without pasting it from another document.")


def powershell_literal(value: str, what: str = "A value") -> str:
    """A single-quoted PowerShell string whose content is exactly ``value``."""
    check_plain_text(value, what)
    return "'" + _PS_QUOTE.sub(lambda match: match.group(0) * 2, value) + "'"


def strongswan_literal(value: str, what: str = "A value") -> str:
    """A double-quoted strongSwan settings value whose content is exactly ``value``."""
    check_plain_text(value, what)
    for char in ('"', "\\"):
        if char in value:
            raise UnsafeValue(f"{what} contains {char}, which strongSwan settings cannot hold "
                              "safely. Remove it, or ask your connection provider for a value "
                              "without it.")
    return f'"{value}"'


def comment_text(value: str, what: str = "A value") -> str:
    """Text for the end of a comment line: one line, nothing that could end the comment."""
    check_plain_text(value, what)
    # A PowerShell block comment ends at "#>"; neither generator uses block comments around
    # user text, but a name never needs that pair, so keep it out anyway.
    return value.replace("#>", "# >")
