#!/usr/bin/env bash
# The store's tests also run on a real PostgreSQL server (tests/postgres_server.py starts one of its own
# from Debian's binaries in a temporary directory; nothing is configured system-wide).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then exit 0; fi
exec bash "$(dirname "$0")/debian-install.sh" ensure-postgres postgresql \
  "no PostgreSQL server binaries in /usr/lib/postgresql. Install them (sudo apt-get install postgresql)"
