"""Recognise operating system names as people and tools write them.

Asset lists say "Win10 22H2", "Windows 7 Pro", "Microsoft Windows 11 Enterprise", a build
number such as 10.0.19045, or a French Windows' "Professionnel". The support dates need
slugs (product, feature release, edition family), so this module turns the free text into
those, and says plainly what it could not tell rather than guessing: an unknown edition
stays blank so the support answer can say "depends on edition" and ask.

Build-number tables are facts about how Microsoft numbers releases, not support dates, so
they live here; every end date stays in ``resources/support``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from psn_desktop.domain.model import DeviceType

__all__ = ["OsGuess", "edition_family", "recognise_linux", "recognise_os"]

# Windows 10/11 client builds (the third part of 10.0.x.y) and the release each one is.
WINDOWS_10_BUILDS = {
    10240: "1507", 10586: "1511", 14393: "1607", 15063: "1703", 16299: "1709",
    17134: "1803", 17763: "1809", 18362: "1903", 18363: "1909", 19041: "2004",
    19042: "20H2", 19043: "21H1", 19044: "21H2", 19045: "22H2",
}  # fmt: skip
WINDOWS_11_BUILDS = {22000: "21H2", 22621: "22H2", 22631: "23H2", 26100: "24H2", 26200: "25H2"}
WINDOWS_SERVER_BUILDS = {14393: "2016", 17763: "2019", 20348: "2022", 26100: "2025"}
# NT 5.x and 6.x: (major, minor) -> (client product, server product).
WINDOWS_NT = {
    (5, 1): ("windows-xp", "windows-server-2003"),
    (5, 2): ("windows-xp", "windows-server-2003"),
    (6, 0): ("windows-vista", "windows-server-2008"),
    (6, 1): ("windows-7", "windows-server-2008-r2"),
    (6, 2): ("windows-8", "windows-server-2012"),
    (6, 3): ("windows-8.1", "windows-server-2012-r2"),
}
WINDOWS_RELEASES = (
    "1507", "1511", "1607", "1703", "1709", "1803", "1809", "1903", "1909", "2004",
    "20H2", "21H1", "21H2", "22H2", "23H2", "24H2", "25H2",
)  # fmt: skip
WINDOWS_NAMES = {
    "windows-xp": "Windows XP", "windows-vista": "Windows Vista", "windows-7": "Windows 7",
    "windows-8": "Windows 8", "windows-8.1": "Windows 8.1", "windows-10": "Windows 10",
    "windows-11": "Windows 11",
}  # fmt: skip

# Edition words in English and in the languages Windows most often reports them in here,
# plus the registry's EditionID values; longest first so "pro education" beats "pro".
_EDITION_WORDS: tuple[tuple[str, str], ...] = (
    ("iot enterprise ltsc", "ltsc"), ("enterprise ltsc", "ltsc"), ("enterprise ltsb", "ltsc"),
    ("iotenterprises", "ltsc"), ("enterprises", "ltsc"), ("ltsc", "ltsc"), ("ltsb", "ltsc"),
    ("pro for workstations", "home-pro"), ("pro education", "home-pro"),
    ("professionaleducation", "home-pro"), ("professionalworkstation", "home-pro"),
    ("pro education", "home-pro"), ("professional", "home-pro"), ("professionnel", "home-pro"),
    ("profesional", "home-pro"), ("professionale", "home-pro"), ("профессиональная", "home-pro"),
    ("pro", "home-pro"), ("home", "home-pro"), ("famille", "home-pro"), ("thuis", "home-pro"),
    ("hogar", "home-pro"), ("домашняя", "home-pro"), ("coresinglelanguage", "home-pro"),
    ("core", "home-pro"), ("se", "home-pro"),
    ("iot enterprise", "enterprise-education"), ("iotenterprise", "enterprise-education"),
    ("enterprise", "enterprise-education"), ("entreprise", "enterprise-education"),
    ("empresa", "enterprise-education"), ("корпоративная", "enterprise-education"),
    ("education", "enterprise-education"), ("education", "enterprise-education"),
    ("educacion", "enterprise-education"), ("bildung", "enterprise-education"),
    ("для образовательных учреждений", "enterprise-education"),
)  # fmt: skip
# Win32_OperatingSystem.OperatingSystemSKU: the same in every language, so preferred.
WINDOWS_SKUS = {
    48: "home-pro", 49: "home-pro", 98: "home-pro", 99: "home-pro", 100: "home-pro",
    101: "home-pro", 161: "home-pro", 162: "home-pro", 164: "home-pro", 165: "home-pro",
    4: "enterprise-education", 27: "enterprise-education", 121: "enterprise-education",
    122: "enterprise-education", 188: "enterprise-education",
    125: "ltsc", 126: "ltsc", 191: "ltsc",
}  # fmt: skip

_MAC_NAMES = {
    "sierra": "10.12", "high sierra": "10.13", "mojave": "10.14", "catalina": "10.15",
    "big sur": "11", "monterey": "12", "ventura": "13", "sonoma": "14", "sequoia": "15",
    "tahoe": "26",
}  # fmt: skip
_UBUNTU_NAMES = {
    "xenial": "16.04", "bionic": "18.04", "focal": "20.04", "jammy": "22.04", "noble": "24.04",
    "oracular": "24.10", "plucky": "25.04", "questing": "25.10", "resolute": "26.04",
}  # fmt: skip
_DEBIAN_NAMES = {"stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12",
                 "trixie": "13"}  # fmt: skip


@dataclass(frozen=True)
class OsGuess:
    """What a system name says: support-data slugs, a label, and what is still unknown.

    ``product`` is blank when the name is not recognised; ``problem`` then says why in words
    for the person who typed it. ``version`` and ``edition`` are blank when unknown.
    """

    product: str = ""
    version: str = ""
    edition: str = ""
    label: str = ""
    problem: str = ""
    device_type: DeviceType | None = None

    @property
    def recognised(self) -> bool:
        return bool(self.product)


def _fold(text: str) -> str:
    """Lower case, accents and trademark signs off, separators as single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("®", " ").replace("™", " ").replace("(r)", " ").replace("(tm)", " ")
    text = re.sub(r"[_,;:|()\[\]/]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def edition_family(text: str | int | None) -> str:
    """The edition family slug for an edition name, EditionID or SKU number ("" if unknown)."""
    if text is None or text == "":
        return ""
    if isinstance(text, int) or str(text).strip().isdigit():
        return WINDOWS_SKUS.get(int(text), "")
    folded = f" {_fold(str(text)).replace('-', ' ')} "
    for word, family in _EDITION_WORDS:
        if f" {_fold(word)} " in folded:
            return family
    return ""


@lru_cache(maxsize=8192)
def recognise_os(text: str, *, version: str = "", build: str = "", edition: str = "",
                 sku: int | str | None = None) -> OsGuess:
    """Read a system name (with optional separate version, build, edition or SKU fields).

    Cached: an estate of thousands of PCs has only a few dozen distinct system names.
    """
    raw = " ".join(p for p in (text, version, build) if p and str(p).strip())
    folded = _fold(raw)
    if not folded:
        return OsGuess(problem="No operating system was given.")
    for reader in (_windows, _apple, _chromeos, _linux_text):
        guess = reader(folded, edition=edition, sku=sku)
        if guess is not None:
            return guess
    if "android" in folded:
        return OsGuess(problem="PSN Desktop has no support dates for Android: check with the "
                       "phone's maker that it still gets security updates, and record it by "
                       "hand.", device_type=DeviceType.PHONE)
    return OsGuess(problem=f"“{text.strip() or raw}” is not an operating system PSN Desktop "
                   "recognises. Write it like “Windows 11 Pro 23H2”, “macOS 14” or "
                   "“Ubuntu 22.04”.")


# --- Windows ---------------------------------------------------------------------------------

_BUILD = re.compile(r"\b(\d{1,2})\.(\d)\.(\d{4,5})(?:\.\d+)?\b")
_BARE_BUILD = re.compile(r"\b(?:build|os build|compilacion|build number)\s*(\d{4,5})\b")


def _windows(folded: str, *, edition: str, sku: int | str | None) -> OsGuess | None:
    is_windows = bool(re.search(r"\bw(?:in(?:dows)?)?\s?(?:xp|vista|7|8|8\.1|10|11)\b", folded)
                      or "windows" in folded or _BUILD.search(folded))
    if not is_windows:
        return None
    server = "server" in folded
    family = edition_family(sku) if sku not in (None, "") else ""
    family = family or edition_family(edition) or edition_family(folded)
    if server:
        return _windows_server(folded)

    # A build number is exact, and beats the name: early Windows 11 PCs still call
    # themselves "Windows 10" in the registry. The name fills in what the build cannot say.
    product, release = _from_build_text(folded)
    named = _windows_product_from_name(folded)
    if not product or (named and not release and named != product):
        product = named or product
    if not product:
        if re.search(r"\bwindows\b", folded):
            return OsGuess(problem="This says Windows but not which one (XP, 7, 10, 11…). "
                           "Add the version, for example “Windows 11 Pro 23H2”.")
        return None
    if product in ("windows-10", "windows-11"):
        release = release or _feature_release(folded)
        if product == "windows-10" and not release and re.search(r"\b2009\b", folded):
            release = "20H2"  # Windows 10 20H2 reports ReleaseId 2009
        label_edition = _edition_label(family)
    else:
        release, label_edition = "", ""
    label = " ".join(p for p in (WINDOWS_NAMES[product], release, label_edition) if p)
    return OsGuess(product, release, family, label)


def _from_build_text(folded: str) -> tuple[str, str]:
    if build := _BUILD.search(folded):
        major, minor, number = int(build[1]), int(build[2]), int(build[3])
        if (major, minor) in WINDOWS_NT:
            return WINDOWS_NT[(major, minor)][0], ""
        if major == 10:
            return _from_build(number)
        return "", ""
    if bare := _BARE_BUILD.search(folded):
        return _from_build(int(bare[1]))
    return "", ""


def _from_build(number: int) -> tuple[str, str]:
    if number in WINDOWS_11_BUILDS:
        return "windows-11", WINDOWS_11_BUILDS[number]
    if number in WINDOWS_10_BUILDS:
        return "windows-10", WINDOWS_10_BUILDS[number]
    if number >= 22000:
        return "windows-11", ""
    if number >= 10240:
        return "windows-10", ""
    return "", ""


def _windows_product_from_name(folded: str) -> str:
    patterns = (
        ("windows-8.1", r"\bw(?:in(?:dows)?)?\s?8\.1\b"),
        ("windows-xp", r"\bw(?:in(?:dows)?)?\s?xp\b"),
        ("windows-vista", r"\b(?:windows\s)?vista\b"),
        ("windows-11", r"\bw(?:in(?:dows)?)?\s?11\b"),
        ("windows-10", r"\bw(?:in(?:dows)?)?\s?10\b(?!\.\d)"),
        ("windows-8", r"\bw(?:in(?:dows)?)?\s?8\b(?!\.\d)"),
        ("windows-7", r"\bw(?:in(?:dows)?)?\s?7\b"),
    )
    for product, pattern in patterns:
        if re.search(pattern, folded):
            return product
    return ""


def _feature_release(folded: str) -> str:
    for release in WINDOWS_RELEASES:
        if re.search(rf"\b{release.lower()}\b", folded):
            return release
    return ""


def _edition_label(family: str) -> str:
    return {"home-pro": "Home or Pro", "enterprise-education": "Enterprise or Education",
            "ltsc": "LTSC"}.get(family, "")


def _windows_server(folded: str) -> OsGuess:
    year = ""
    if match := re.search(r"\b(2003|2008|2012|2016|2019|2022|2025)\b(\s?r2\b)?", folded):
        year = match[1] + ("-r2" if match[2] and match[1] in ("2008", "2012") else "")
    elif build := _BUILD.search(folded):
        major, minor, number = int(build[1]), int(build[2]), int(build[3])
        if (major, minor) in WINDOWS_NT:
            return _server_guess(WINDOWS_NT[(major, minor)][1].removeprefix("windows-server-"))
        year = WINDOWS_SERVER_BUILDS.get(number, "")
    if not year:
        return OsGuess(problem="This says Windows Server but not which year (2016, 2019, "
                       "2022…). Add it, for example “Windows Server 2019”.",
                       device_type=DeviceType.SERVER)
    return _server_guess(year)


def _server_guess(year: str) -> OsGuess:
    label = "Windows Server " + year.replace("-r2", " R2")
    return OsGuess(f"windows-server-{year}", "", "", label, device_type=DeviceType.SERVER)


# --- Apple, Google ---------------------------------------------------------------------------


def _apple(folded: str, **_: object) -> OsGuess | None:
    mobile = re.search(r"\b(ipados|ios|iphone os|iphone|ipad)\b", folded)
    if mobile and "macos" not in folded:
        product = "ipados" if mobile[1] in ("ipados", "ipad") else "ios"
        name = "iPadOS" if product == "ipados" else "iOS"
        kind = DeviceType.TABLET if product == "ipados" else DeviceType.PHONE
        named = re.search(r"\b(?:ipados|ios|iphone os)\s?(\d{1,2})\b", folded)
        number = named[1] if named else ""
        if not number:
            return OsGuess(product, "", "", name, f"Which {name} version? Add it, for example "
                           f"“{name} 18”.", kind)
        return OsGuess(product, number, "", f"{name} {number}", device_type=kind)
    if not re.search(r"\b(macos|mac os|os x|osx|mac|darwin)\b", folded):
        return None
    for name, version in _MAC_NAMES.items():
        if re.search(rf"\b{name}\b", folded):
            return OsGuess("macos", version, "", f"macOS {version}")
    if match := re.search(r"\bdarwin\s?(\d{2})\b", folded):
        major = int(match[1])
        version = str(major - 9) if major <= 24 else str(major + 1)
        if major < 20:
            version = f"10.{major - 4}"
        return OsGuess("macos", version, "", f"macOS {version}")
    if match := re.search(r"\b(10)\.(\d{1,2})\b|\b(1[1-9]|2\d)(?:\.\d+)*\b", folded):
        version = f"10.{match[2]}" if match[1] else match[3]
        return OsGuess("macos", version, "", f"macOS {version}")
    return OsGuess("macos", "", "", "macOS", "Which macOS version? Add it, for example "
                   "“macOS 14” (Apple menu, About This Mac).")


def _chromeos(folded: str, **_: object) -> OsGuess | None:
    if not re.search(r"\b(chrome ?os|chromebook|chrome os flex)\b", folded):
        return None
    from psn_desktop.domain.support_rules import parse_expiry_month

    month = ""
    months = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    for match in re.finditer(rf"\b(\d{{4}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{4}}|"
                             rf"(?:{months})[a-z]*\.? \d{{4}})\b", folded):
        end = parse_expiry_month(match[1])
        if end is not None:
            month = f"{end.year}-{end.month:02d}"
            break
    return OsGuess("chromeos", month, "", "ChromeOS", device_type=DeviceType.LAPTOP)


# --- Linux -----------------------------------------------------------------------------------


def _linux_text(folded: str, **_: object) -> OsGuess | None:
    number = re.search(r"\b(\d{1,2}(?:\.\d{1,2})?)", folded)
    if "ubuntu" in folded or any(re.search(rf"\b{n}\b", folded) for n in _UBUNTU_NAMES):
        version = ""
        if match := re.search(r"\b(\d{2}\.\d{2})", folded):
            version = match[1]
        for name, release in _UBUNTU_NAMES.items():
            if not version and re.search(rf"\b{name}\b", folded):
                version = release
        return _linux_guess("ubuntu", "Ubuntu", version)
    if "debian" in folded or any(re.search(rf"\b{n}\b", folded) for n in _DEBIAN_NAMES):
        version = ""
        if match := re.search(r"\b(\d{1,2})(?:\.\d+)*\b", folded):
            version = match[1]
        for name, release in _DEBIAN_NAMES.items():
            if not version and re.search(rf"\b{name}\b", folded):
                version = release
        return _linux_guess("debian", "Debian", version)
    if "linux mint" in folded or re.search(r"\bmint\b", folded):
        version = number[1].split(".")[0] if number else ""
        return _linux_guess("linux-mint", "Linux Mint", version)
    if re.search(r"\b(red hat|redhat|rhel|rocky|almalinux|alma linux)\b", folded):
        version = number[1].split(".")[0] if number else ""
        return _linux_guess("rhel", "Red Hat Enterprise Linux", version)
    return None


def _linux_guess(product: str, name: str, version: str) -> OsGuess:
    if not version:
        return OsGuess(product, "", "", name, f"Which {name} release? Add it, for example "
                       f"“{name} {'22.04' if product == 'ubuntu' else '12'}”.")
    return OsGuess(product, version, "", f"{name} {version}")


def recognise_linux(os_release: dict[str, str]) -> OsGuess:
    """Read ``/etc/os-release`` fields (ID, VERSION_ID, PRETTY_NAME, ID_LIKE)."""
    ident = os_release.get("ID", "").strip().lower()
    version = os_release.get("VERSION_ID", "").strip()
    pretty = os_release.get("PRETTY_NAME", "") or os_release.get("NAME", "")
    products = {"ubuntu": ("ubuntu", "Ubuntu"), "debian": ("debian", "Debian"),
                "linuxmint": ("linux-mint", "Linux Mint"), "rhel": ("rhel", "Red Hat "
                "Enterprise Linux"), "rocky": ("rhel", "Red Hat Enterprise Linux"),
                "almalinux": ("rhel", "Red Hat Enterprise Linux")}
    if ident in products:
        product, name = products[ident]
        if product != "ubuntu":
            version = version.split(".")[0]
        return _linux_guess(product, name, version)
    guess = recognise_os(pretty) if pretty else OsGuess()
    if guess.recognised:
        return guess
    shown = pretty or ident or "this Linux"
    return OsGuess(problem=f"PSN Desktop has no support dates for {shown}. Check on the "
                   "distribution's website that this release still gets security updates.")
