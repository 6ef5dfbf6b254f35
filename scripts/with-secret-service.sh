#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keytar talks to a
# real Secret Service (as on a Linux desktop). Usage: scripts/with-secret-service.sh <command...>
set -euo pipefail
if [ -z "${BOTDESK_IN_SECRET_SERVICE:-}" ]; then
  exec dbus-run-session -- env BOTDESK_IN_SECRET_SERVICE=1 "$0" "$@"
fi
export XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
# An empty keyring password fails to unlock; any fixed one works for a throwaway keyring.
eval "$(printf 'botdesk-ci' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
