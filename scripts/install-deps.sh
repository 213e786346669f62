#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks, then the npm workspace.
#   scripts/install-deps.sh start   what `make start` needs
#   scripts/install-deps.sh test    plus compilers, sanitizers, Chromium, Redis
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(cmake make g++ nodejs npm emscripten nlohmann-json3-dev)
if [ "${1:-test}" = test ]; then
  pkgs+=(libgtest-dev clang-14 libclang-rt-14-dev chromium redis-server)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
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
