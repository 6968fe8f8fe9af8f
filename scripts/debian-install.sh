#!/usr/bin/env bash
# Installs a Debian package the tests need, once, when run as root with apt-get (a container or CI
# machine); anyone else is told what to install, since make test never asks for sudo itself.
# Usage: debian-install.sh <caller> <package> <what to do instead>
set -euo pipefail
caller=$1 package=$2 instead=$3
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "$caller: installing Debian's $package (once)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  exit 0
fi
echo "$caller: $instead, then run make test again." >&2
exit 1
