#!/usr/bin/env bash
# The page's pure modules are unit-tested with Node's built-in runner (node:test, Node 18 or newer);
# nothing is installed from npm.
set -euo pipefail
if command -v node >/dev/null; then exit 0; fi
exec bash "$(dirname "$0")/debian-install.sh" ensure-node nodejs \
  "no node on PATH. Install Node.js 18 or newer (sudo apt-get install nodejs)"
