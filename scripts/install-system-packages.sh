#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Botdesk needs to build and test: Chromium (Playwright E2E),
# libsecret + gnome-keyring + dbus (keytar against a real Secret Service), PostgreSQL 15 (server tests),
# and a compiler toolchain for the native modules (better-sqlite3, keytar).
set -euo pipefail
packages=(chromium libsecret-1-dev gnome-keyring dbus postgresql-15 python3 make g++)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && { echo "System packages present."; exit 0; }
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
