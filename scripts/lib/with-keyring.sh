#!/usr/bin/env bash
# Inside a private D-Bus session: starts gnome-keyring's Secret Service, unlocked with a throwaway
# password (the keyring lives in $XDG_DATA_HOME, a temporary folder), then runs the given command.
set -euo pipefail
printf '%s' "sftoken-tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec "$@"
