#!/usr/bin/env bash
# Installs the Debian 12 packages chatd builds and tests with. Idempotent: it
# asks apt only when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git binutils
  clang libclang-rt-14-dev clang-format
  libwebsockets-dev libboost-dev libboost-filesystem-dev libtomlplusplus-dev
  libsqlite3-dev nlohmann-json3-dev libspdlog-dev libgtest-dev libgmock-dev
  libssl-dev libsodium-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
