#!/usr/bin/env bash
# Installs the real coding-agent CLIs that test/agents/ drives offline, against local
# scripted model servers, under .cache/agents/ (git-ignored), with `npm i` in that folder:
#   - required: Claude Code (@anthropic-ai/claude-code) and Codex (@openai/codex);
#   - optional: Gemini CLI (@google/gemini-cli), GitHub Copilot CLI (@github/copilot) and
#     opencode (opencode-ai), for argument-parsing checks only. One that does not install
#     or does not start is recorded as unavailable in the stamp (the reason is in the log)
#     and is not tried again until --force.
# All five ship prebuilt native binaries inside their registry packages (Claude Code's and
# opencode's postinstall only copy the platform package's binary into place): nothing is
# downloaded from outside the npm registry.
# Idempotent: a stamp written on success (with the versions) makes later runs silent and
# instant. Prints one line per step it actually does; on failure, one line saying which
# step failed and where its log is, and a non-zero exit.
# Usage: bash scripts/setup-agents.sh [--force]
set -euo pipefail

CLAUDE_CODE_VERSION=2.1.332
CODEX_VERSION=0.171.0
GEMINI_VERSION=0.61.0
COPILOT_VERSION=1.0.102
OPENCODE_VERSION=1.18.33

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENTS_DIR="$ROOT/.cache/agents"
STAMP="$AGENTS_DIR/stamp"
LOG="$AGENTS_DIR/setup.log"
BIN="$AGENTS_DIR/node_modules/.bin"
# The CLIs write config and caches even for --version: keep those here, not in $HOME.
CHECK_HOME="$AGENTS_DIR/check-home"

# When started from an npm script (npm test), the outer npm's settings are in the
# environment as npm_* variables, and a nested npm reads them as its own config (they
# would point the install back at this repository). None of them is ours: drop them all.
while IFS= read -r var; do
  case "$var" in npm_*|NODE) unset "$var" ;; esac
done < <(compgen -e)

say() { echo "setup-agents: $*"; }
die() { echo "setup-agents: error: $*" >&2; exit 1; }

# The line of the last step's output that best says why it failed: npm's first error line
# that is more than an error code or a pointer to its own log, else its last line.
failure_line() {
  awk '/^=== /{n=0; next} NF{lines[++n]=$0} END{
    for (i=1; i<=n; i++) if (lines[i] ~ /^npm error / && lines[i] !~ /^npm error (code [A-Z0-9_]+$|A complete log)/) { print lines[i]; exit }
    for (i=1; i<=n; i++) if (lines[i] ~ /^npm error /) { print lines[i]; exit }
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

# Like step, but a failure is reported and returns 1 instead of exiting.
try_step() {
  local what="$1"; shift
  say "$what"
  echo "=== $(date -u +%FT%TZ) $what" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    say "$what failed (optional, skipped): $(failure_line) (full log: $LOG)"
    return 1
  fi
}

# Runs an installed CLI with a private HOME and no network-relevant settings of ours.
run_cli() {
  mkdir -p "$CHECK_HOME/.config" "$CHECK_HOME/.cache" "$CHECK_HOME/.local/share" "$CHECK_HOME/.local/state" "$CHECK_HOME/.codex" "$CHECK_HOME/tmp"
  env -i PATH="$(dirname "$(command -v node)"):/usr/local/bin:/usr/bin:/bin" HOME="$CHECK_HOME" TMPDIR="$CHECK_HOME/tmp" \
    XDG_CONFIG_HOME="$CHECK_HOME/.config" XDG_CACHE_HOME="$CHECK_HOME/.cache" \
    XDG_DATA_HOME="$CHECK_HOME/.local/share" XDG_STATE_HOME="$CHECK_HOME/.local/state" \
    CODEX_HOME="$CHECK_HOME/.codex" CLAUDE_CONFIG_DIR="$CHECK_HOME/.claude" \
    DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 NO_COLOR=1 \
    timeout 60 "$@" </dev/null 2>/dev/null
}

# The version each CLI reports, or nothing.
claude_version() { run_cli "$BIN/claude" --version | awk '/Claude Code/{print $1; exit}'; }
codex_version() { run_cli "$BIN/codex" --version | awk '/^codex-cli /{print $2; exit}'; }
gemini_version() { run_cli "$BIN/gemini" --version | awk 'NF{print $1; exit}'; }
copilot_version() { run_cli "$BIN/copilot" --version | sed -n 's/^GitHub Copilot CLI \([0-9.]*\)\.$/\1/p' | head -n 1; }
opencode_version() { run_cli "$BIN/opencode" --version | awk 'NF{print $1; exit}'; }

stamp_value() { sed -n "s/^$1=//p" "$STAMP" 2>/dev/null | head -n 1; }

# Fast path: everything a previous successful run recorded is still there. An optional CLI
# recorded as unavailable for the same version is not retried (use --force).
optional_ok() { # name version binary
  local v; v="$(stamp_value "$1")"
  [ "$v" = "$2" ] && [ -x "$BIN/$3" ] && return 0
  [ "$v" = "unavailable-$2" ]
}
if [ "${1:-}" != "--force" ] && [ -f "$STAMP" ] \
  && [ "$(stamp_value claude-code)" = "$CLAUDE_CODE_VERSION" ] && [ -x "$BIN/claude" ] \
  && [ "$(stamp_value codex)" = "$CODEX_VERSION" ] && [ -x "$BIN/codex" ] \
  && optional_ok gemini-cli "$GEMINI_VERSION" gemini \
  && optional_ok copilot "$COPILOT_VERSION" copilot \
  && optional_ok opencode "$OPENCODE_VERSION" opencode; then
  exit 0
fi

command -v npm >/dev/null || die "npm not found on PATH"
command -v node >/dev/null || die "node not found on PATH"
mkdir -p "$AGENTS_DIR" || die "cannot create $AGENTS_DIR"
: >"$LOG"
rm -f "$STAMP"

# npm >= 11.19 runs a dependency's install script only when allowScripts names it: Claude
# Code's and opencode's postinstall put the platform binary in place of their bin stub.
# Claude Code declares engines node >= 22; it is a native binary, so Node 20's npm only warns.
if [ ! -f "$AGENTS_DIR/package.json" ]; then
  cat >"$AGENTS_DIR/package.json" <<'EOF'
{
  "private": true,
  "description": "Coding-agent CLIs for test/agents (offline, against local scripted model servers)",
  "allowScripts": { "@anthropic-ai/claude-code": true, "opencode-ai": true }
}
EOF
fi

npm_install() {
  npm --prefix "$AGENTS_DIR" install --save-exact --no-audit --no-fund --loglevel=error "$@"
}

# 1. Claude Code and Codex (required).
if [ "$(claude_version || true)" != "$CLAUDE_CODE_VERSION" ] || [ "$(codex_version || true)" != "$CODEX_VERSION" ]; then
  step "installing Claude Code $CLAUDE_CODE_VERSION and Codex $CODEX_VERSION (npm i, ~700 MB of native binaries)" \
    npm_install "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@openai/codex@$CODEX_VERSION"
  got="$(claude_version || true)"
  [ "$got" = "$CLAUDE_CODE_VERSION" ] || die "Claude Code installed but \`claude --version\` says '${got:-nothing}' (want $CLAUDE_CODE_VERSION); full log: $LOG"
  got="$(codex_version || true)"
  [ "$got" = "$CODEX_VERSION" ] || die "Codex installed but \`codex --version\` says '${got:-nothing}' (want $CODEX_VERSION); full log: $LOG"
fi

# 2. The optional CLIs, each on its own so that one failing leaves the others.
declare -A OPTIONAL_RESULT
optional() { # stamp-name package version binary version-fn
  local name="$1" pkg="$2" version="$3" bin="$4" fn="$5"
  if [ "$("$fn" || true)" = "$version" ]; then
    OPTIONAL_RESULT[$name]="$version"
    return
  fi
  if try_step "installing $pkg@$version (optional)" npm_install "$pkg@$version"; then
    local got; got="$("$fn" || true)"
    if [ "$got" = "$version" ]; then
      OPTIONAL_RESULT[$name]="$version"
      return
    fi
    say "$pkg@$version installed but \`$bin --version\` says '${got:-nothing}' (optional, skipped)"
  fi
  OPTIONAL_RESULT[$name]="unavailable-$version"
}
optional gemini-cli @google/gemini-cli "$GEMINI_VERSION" gemini gemini_version
optional copilot @github/copilot "$COPILOT_VERSION" copilot copilot_version
optional opencode opencode-ai "$OPENCODE_VERSION" opencode opencode_version

cat >"$STAMP" <<EOF
claude-code=$CLAUDE_CODE_VERSION
codex=$CODEX_VERSION
gemini-cli=${OPTIONAL_RESULT[gemini-cli]}
copilot=${OPTIONAL_RESULT[copilot]}
opencode=${OPTIONAL_RESULT[opencode]}
claude=$BIN/claude
codex-bin=$BIN/codex
EOF
say "ready: Claude Code $CLAUDE_CODE_VERSION, Codex $CODEX_VERSION, gemini ${OPTIONAL_RESULT[gemini-cli]}, copilot ${OPTIONAL_RESULT[copilot]}, opencode ${OPTIONAL_RESULT[opencode]}"
