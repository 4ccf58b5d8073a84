#!/bin/sh
# PSN Desktop collector for Mac and Linux, format 1.
# Run it on each computer: open Terminal in this folder and type  sh psn-collector.sh
# It needs no admin rights and changes nothing: it reads the system's version and a few
# security settings, and writes one file, NAME.psn-device.json, into this folder (or, if
# that cannot be written, into your home folder). Bring the files back and choose
# "Import devices" in PSN Desktop.

OUT_DIR=${1:-$(cd "$(dirname "$0")" && pwd)}

# JSON string: escape backslashes and quotes, turn tabs and line breaks into spaces.
json() {
    printf '%s' "$1" | tr '\t\r\n' '   ' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
        -e 's/[[:cntrl:]]//g'
}


NAME=$(hostname 2>/dev/null || uname -n)
NAME=${NAME%%.*}
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
USER_NAME=${USER:-$(id -un 2>/dev/null)}
PLATFORM=linux
OS_NAME=""; OS_VERSION=""; OS_BUILD=""; OS_ID=""; OS_PRETTY=""
FIREWALL=""; ENCRYPTION=""; LAST_UPDATE=""; ADMIN=""

if [ "$(uname -s)" = "Darwin" ]; then
    PLATFORM=macos
    OS_NAME=$(sw_vers -productName 2>/dev/null)
    OS_VERSION=$(sw_vers -productVersion 2>/dev/null)
    OS_BUILD=$(sw_vers -buildVersion 2>/dev/null)
    FIREWALL=$(/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate 2>/dev/null)
    ENCRYPTION=$(fdesetup status 2>/dev/null | head -n 1)
    LAST_UPDATE=$(ls -t /Library/Receipts/InstallHistory.plist 2>/dev/null | head -n 1 | \
        xargs -I{} date -r {} +%Y-%m-%d 2>/dev/null)
    id -Gn 2>/dev/null | tr ' ' '\n' | grep -qx admin && ADMIN=yes || ADMIN=no
else
    if [ -r /etc/os-release ]; then
        OS_ID=$(. /etc/os-release && printf '%s' "$ID")
        OS_VERSION=$(. /etc/os-release && printf '%s' "$VERSION_ID")
        OS_PRETTY=$(. /etc/os-release && printf '%s' "$PRETTY_NAME")
        OS_NAME=$(. /etc/os-release && printf '%s' "$NAME")
    fi
    OS_BUILD=$(uname -r)
    if [ -r /etc/ufw/ufw.conf ]; then
        FIREWALL="ufw $(sed -n 's/^ENABLED=//p' /etc/ufw/ufw.conf)"
    fi
    for log in /var/log/apt/history.log /var/log/dpkg.log /var/log/dnf.rpm.log; do
        if [ -r "$log" ]; then
            found=$(grep -oE '^(Start-Date: )?[0-9]{4}-[0-9]{2}-[0-9]{2}' "$log" | \
                grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | sort | tail -n 1)
            LAST_UPDATE=$(printf '%s\n%s\n' "$found" "$LAST_UPDATE" | sort | tail -n 1)
        fi
    done
    if [ "$(id -u)" = 0 ]; then ADMIN=root
    elif id -Gn 2>/dev/null | tr ' ' '\n' | grep -qxE 'sudo|wheel|admin'; then ADMIN=yes
    else ADMIN=no; fi
fi

FILE_NAME=$(printf '%s' "$NAME" | tr -c 'A-Za-z0-9_-' '_').psn-device.json
write() {
    {
        printf '{\n'
        printf '  "format": "psn-desktop-collector",\n  "format_version": 1,\n'
        printf '  "platform": "%s",\n' "$PLATFORM"
        printf '  "computer_name": "%s",\n' "$(json "$NAME")"
        printf '  "user": "%s",\n' "$(json "$USER_NAME")"
        printf '  "collected_at": "%s",\n' "$NOW"
        printf '  "os": {\n'
        printf '    "name": "%s",\n' "$(json "$OS_NAME")"
        printf '    "version": "%s",\n' "$(json "$OS_VERSION")"
        printf '    "build": "%s",\n' "$(json "$OS_BUILD")"
        printf '    "id": "%s",\n' "$(json "$OS_ID")"
        printf '    "pretty_name": "%s"\n' "$(json "$OS_PRETTY")"
        printf '  },\n'
        printf '  "checks": {\n'
        printf '    "firewall": "%s",\n' "$(json "$FIREWALL")"
        printf '    "disk-encryption": "%s",\n' "$(json "$ENCRYPTION")"
        printf '    "last-update": "%s",\n' "$(json "$LAST_UPDATE")"
        printf '    "admin-accounts": "%s"\n' "$(json "$ADMIN")"
        printf '  }\n}\n'
    } > "$1"
}

for dir in "$OUT_DIR" "$HOME"; do
    if [ -n "$dir" ] && write "$dir/$FILE_NAME" 2>/dev/null; then
        echo "Saved $dir/$FILE_NAME"
        echo "Thank you. Take this file back to whoever runs PSN Desktop."
        exit 0
    fi
done
echo "The result could not be saved anywhere. Ask your IT support for help." >&2
exit 1
