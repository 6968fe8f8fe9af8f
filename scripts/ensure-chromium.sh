#!/usr/bin/env bash
# The browser tests drive a system Chromium (playwright cannot download its own browser here).
set -euo pipefail
chromium=${BACKPROP_LAB_CHROMIUM:-/usr/bin/chromium}
if [[ -x $chromium ]]; then exit 0; fi
exec bash "$(dirname "$0")/debian-install.sh" ensure-chromium chromium \
  "no Chromium at $chromium. Install it (sudo apt-get install chromium) or set BACKPROP_LAB_CHROMIUM to a Chromium binary"
