#!/usr/bin/env bash
# Adds Debian trixie and sid to apt's sources for *downloads only* (kernel sources such as
# linux-source-6.12 and linux-source-7.2, which the fixture recipes build from). A pin of priority 1
# keeps the machine's own release first: nothing from these suites is installed or upgraded unless
# named explicitly, so an ordinary `apt-get install` never pulls sid's C library.
# Then, e.g.:  apt-get download linux-source-7.2
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
cat > /etc/apt/sources.list.d/zboot-explorer-downloads.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat > /etc/apt/preferences.d/zboot-explorer-downloads <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 1

Package: *
Pin: release n=sid
Pin-Priority: 1
PIN
apt-get update -qq
