#!/usr/bin/env bash
# Installs the Debian packages Ambito needs, when they are missing and we may install them.
#   scripts/system-deps.sh run    PDF libraries (WeasyPrint: Pango, HarfBuzz, fonts)
#   scripts/system-deps.sh test   the same, plus Chromium (browser tests) and poppler-utils
#   scripts/system-deps.sh venv   python3-venv, when `python3 -m venv` is not available
# Never fails the build by itself: what cannot be installed is reported; the test suite
# then skips the browser tests (or fails them under CI=true).
set -u
mode=${1:-run}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$mode" = "venv" ]; then
  packages=(python3-venv)
fi
if [ "$mode" = "test" ]; then
  packages+=(chromium poppler-utils)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; please install: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "system-deps: cannot install ${missing[*]} (not root, no passwordless sudo)." >&2
  echo "system-deps: run: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "system-deps: apt-get could not install ${missing[*]}" >&2
exit 0
