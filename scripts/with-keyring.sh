#!/usr/bin/env bash
# Run a command with an unlocked gnome-keyring on the current (private) D-Bus session.
# The password only unlocks a throwaway test keyring that lives as long as this D-Bus.
set -euo pipefail
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"  # its keyring file goes here, not in ~
eval "$(printf 'test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
exec "$@"
