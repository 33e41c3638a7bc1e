#!/usr/bin/env bash
# Copies the generated CRDs (config/crds/*.yaml, without kustomization.yaml) into the Helm chart's crds/ folder,
# byte for byte, and removes chart CRDs that no longer exist. Run it after regenerating config/crds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/config/crds"
dest="$root/charts/stream-subscription-operator/crds"

shopt -s nullglob
sources=()
for file in "$src"/*.yaml; do
  [[ "$(basename "$file")" == "kustomization.yaml" ]] && continue
  sources+=("$file")
done
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "no CRD files in $src; generate them first: dotnet run --project tools/CrdGen -- config/crds" >&2
  exit 1
fi

mkdir -p "$dest"
for file in "$dest"/*.yaml; do
  [[ -e "$src/$(basename "$file")" ]] || rm -f -- "$file"
done
for file in "${sources[@]}"; do
  cp -- "$file" "$dest/$(basename "$file")"
done
echo "Synced ${#sources[@]} CRD file(s) into ${dest#"$root"/}"
