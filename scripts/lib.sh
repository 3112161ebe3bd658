# shellcheck shell=bash
# Helpers shared by Hangar's scripts. Sourced, never run on its own.

# Messages go to stderr so that a caller's stdout stays clean for data.
log() { printf '[hangar] %s\n' "$*" >&2; }
die() {
  printf '[hangar] ERROR: %s\n' "$*" >&2
  exit 1
}

# Installing packages and starting libvirtd both need root; say so up front
# instead of failing half-way through.
require_root() {
  [[ $(id -u) -eq 0 ]] || die "$(basename "$0") must run as root (it installs Debian packages and starts daemons)."
}

# Names every installed package answers to: its own name and what it Provides.
# NodeSource's nodejs provides "npm"; asking apt for Debian's npm on such a
# machine would try to replace that nodejs, so a provided name counts as present.
installed_names() {
  dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
    awk -F'|' '$1 ~ /^ii/ {
      print $2
      gsub(/\([^)]*\)/, "", $3); gsub(/,/, " ", $3)
      n = split($3, p, " "); for (i = 1; i <= n; i++) print p[i]
    }' | sed 's/:.*$//' | sort -u
}

# Prints, one per line, the packages among "$@" that are missing.
missing_packages() {
  local have
  have=$(installed_names)
  local pkg
  for pkg in "$@"; do
    grep -qxF "$pkg" <<<"$have" || printf '%s\n' "$pkg"
  done
}

# Installs only what is missing; with nothing missing it does not even touch
# the package lists, so a second run stays quick and offline.
apt_install_missing() {
  local missing=()
  mapfile -t missing < <(missing_packages "$@")
  ((${#missing[@]} > 0)) || return 0
  log "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || die "apt-get update failed; the packages ${missing[*]} cannot be installed without Debian's package lists."
  apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
}

# The Debian OpenJDK 17 that apt_install_missing installs, so that Maven builds
# with it even where another JDK comes first on PATH.
debian_jdk17_home() {
  local d
  for d in /usr/lib/jvm/java-17-openjdk-*; do
    [[ -x $d/bin/javac ]] && { printf '%s\n' "$d"; return 0; }
  done
  return 1
}

# Repository root: the parent of the folder holding this file.
HANGAR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export HANGAR_ROOT
