#!/usr/bin/env bash
# Puts Node.js 24 first on PATH when the machine's node is older than 22.12 (Node 20 is end-of-life).
# Node comes from the npm registry (the `node` package), cached under ~/.cache/casus-node.
# Usage: source scripts/provision-node.sh
set -euo pipefail
casus_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! casus_node_ok; then
  prefix="${CASUS_NODE_PREFIX:-$HOME/.cache/casus-node}"
  if [ ! -x "$prefix/bin/node" ] || ! "$prefix/bin/node" -e 'process.exit(Number(process.versions.node.split(".")[0])>=24?0:1)'; then
    echo "Provisioning Node.js 24 from the npm registry into $prefix" >&2
    npm install --global --prefix "$prefix" --allow-scripts=node node@24 >&2
  fi
  export PATH="$prefix/bin:$PATH"
fi
echo "Using Node $(node --version), npm $(npm --version)" >&2
set +euo pipefail
