#!/usr/bin/env bash
# Installs the Debian 12 packages thomas needs, skipping those already present. Idempotent;
# runs apt-get as root, or through sudo when not root.
set -euo pipefail

packages=(
  cmake make g++ pkg-config python3 python3-yaml python3-jsonschema
  libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev nlohmann-json3-dev libedit-dev
)
packages+=("$@")  # callers may ask for extras (e.g. miller for the benchmark)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
