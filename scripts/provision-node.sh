#!/usr/bin/env bash
# Puts Node.js 24 first on PATH when the machine's node is older than 22.12 (Node 20 is end-of-life).
# Node comes from the npm registry as the platform package `node-linux-<arch>` (the binary alone, no
# install scripts), cached under ~/.cache/casus-node; the machine's npm then runs on it.
# Usage: source scripts/provision-node.sh
casus_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! casus_node_ok; then
  casus_prefix="${CASUS_NODE_PREFIX:-$HOME/.cache/casus-node}"
  if [ ! -x "$casus_prefix/bin/node" ] || ! "$casus_prefix/bin/node" -e 'process.exit(Number(process.versions.node.split(".")[0])>=24?0:1)'; then
    case "$(uname -m)" in
      x86_64) casus_arch=x64 ;;
      aarch64) casus_arch=arm64 ;;
      *) casus_arch="$(uname -m)" ;;
    esac
    echo "Provisioning Node.js 24 (node-linux-$casus_arch) from the npm registry into $casus_prefix" >&2
    npm install --global --prefix "$casus_prefix" --no-audit --no-fund "node-linux-$casus_arch@24" </dev/null >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$casus_prefix/bin:$PATH"
fi
echo "Using Node $(node --version), npm $(npm --version)" >&2
