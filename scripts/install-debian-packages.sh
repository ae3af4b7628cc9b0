#!/usr/bin/env bash
# Install the Debian packages listed in a file (one per line, # comments) that are not installed yet.
# Non-interactive; runs apt-get update first, and only when something is missing.
set -euo pipefail
list="${1:-debian-packages.txt}"
missing=()
while read -r pkg; do
  pkg="${pkg%%#*}"; pkg="$(echo "$pkg" | tr -d '[:space:]')"
  [ -z "$pkg" ] && continue
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done < "$list"
if [ ${#missing[@]} -eq 0 ]; then
  echo "debian packages: all present" >&2
  exit 0
fi
echo "debian packages: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
