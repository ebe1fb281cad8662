#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build and test loyalty.
set -euo pipefail
packages=(build-essential cmake pkg-config tzdata ca-certificates
          libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev openssl libsqlite3-dev libpq-dev catch2
          libcli11-dev curl clang libclang-rt-14-dev)  # curl: the demo; clang and libFuzzer: the connector fuzzers
# The PostgreSQL server (15 on bookworm) runs the tests' throwaway database (tools/test-postgres.sh).
packages+=(postgresql)
# The dashboard's browser test drives Debian's chromium (playwright-core never downloads a browser).
packages+=(chromium)
# The packaging test: dpkg-shlibdeps (dpkg-dev), file and readelf (binutils), systemd-analyze, systemd-sysusers and
# systemd-tmpfiles (systemd), sqlite3 for docs/operations.md's backup check, fakeroot when the test is not run as root.
packages+=(dpkg-dev file binutils systemd sqlite3 fakeroot)
# PHP's FFI runs the PHP binding's tests; php-cli brings FFI (php8.2-common) and opcache (php8.2-opcache),
# which preloads the FFI scope for the `php -S` test. The language bindings need an interpreter, whichever way
# it was installed.
packages+=(php-cli)
# The Python package's test installs it with pip into a venv, offline: venv, and the setuptools and wheel
# wheels pip builds it with (/usr/share/python-wheels).
packages+=(python3-venv python3-setuptools-whl python3-wheel-whl)
command -v python3 >/dev/null || packages+=(python3)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: everything is installed"
  exit 0
fi
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
