#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser test (test/report/html-report.test.ts);
# .ci/run calls it before npm test, and that test fails under CI=true without it.
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (or sudo) and
# Debian's package archive; prints one line and exits non-zero when it cannot install.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else echo "ensure-chromium: not root and no sudo; install Debian's chromium package by hand" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
# Fonts too: a page's text needs one, and Debian's chromium does not pull any in.
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x /usr/bin/chromium ] || { echo "ensure-chromium: apt-get ran but /usr/bin/chromium is missing" >&2; exit 1; }
