#!/bin/sh
# deps.sh - make sure the Debian packages the build and tests need are
# installed: installs the missing ones when run as root, otherwise prints the
# exact command to run and fails.
set -eu
PACKAGES="gcc clang libc6-dev make cmake pkg-config libcmocka-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcjson-dev libyaml-dev libedit-dev fonts-dejavu-core"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; install by hand: $PACKAGES" >&2
	exit 0
fi
missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends$missing
