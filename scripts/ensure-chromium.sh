#!/usr/bin/env bash
# The browser tests drive a system Chromium (playwright cannot download its own browser here).
set -euo pipefail
chromium=${BACKPROP_LAB_CHROMIUM:-/usr/bin/chromium}
if [[ -x $chromium ]]; then exit 0; fi
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing Debian's chromium (once)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ensure-chromium: no Chromium at $chromium. Install it (sudo apt-get install chromium)" \
     "or set BACKPROP_LAB_CHROMIUM to a Chromium binary, then run make test again." >&2
exit 1
