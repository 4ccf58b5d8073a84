#!/usr/bin/env bash
# Install everything PSN Desktop needs on a Debian machine, then the app into .venv.
# Sourced by ./run-app and ./run-tests; safe to run again (it installs only what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PSN_VENV:-$ROOT/.venv}"

# Debian packages: Qt's runtime libraries, a virtual screen, a real keyring for the tests,
# poppler to render the PDF report, and the tools later features test against.
APT_PACKAGES=(
    python3 python3-venv python3-pip
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth
    gnome-keyring dbus-x11 poppler-utils fonts-dejavu-core
    unzip
    strongswan-charon strongswan-swanctl strongswan-pki libstrongswan-standard-plugins
    libcharon-extra-plugins iproute2 iputils-ping
    curl
    nsis wine wine64 osslsigncode libpython3.11
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "Installing system packages: ${missing[*]}" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# Python 3.11 or newer: the system one on Debian 12 (3.11), or whatever python3 is first on PATH.
PYTHON="${PSN_PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "PSN Desktop needs Python 3.11 or newer; $("$PYTHON" --version) found." >&2
    exit 3
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
