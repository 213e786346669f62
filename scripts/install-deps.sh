#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks, then the npm workspace.
#   scripts/install-deps.sh start   what `make start` needs
#   scripts/install-deps.sh test    plus GoogleTest, clang-14 + sanitizers, Chromium, Redis
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# Tools count as present when the command exists, whoever installed it
# (a newer Node/npm from elsewhere must not be replaced by Debian's).
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing+=("$1"); }

need_cmd cmake cmake
need_cmd g++ g++
need_cmd node nodejs
need_cmd npm npm
need_cmd emcc emscripten
need_pkg nlohmann-json3-dev
if [ "${1:-test}" = test ]; then
  need_pkg libgtest-dev
  need_cmd clang++-14 clang-14
  need_pkg libclang-rt-14-dev
  need_cmd chromium chromium
  need_cmd redis-server redis-server
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages: (re)install when node_modules is missing or older than the lock.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
