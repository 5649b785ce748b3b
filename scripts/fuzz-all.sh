#!/usr/bin/env bash
# fuzz-all.sh runs every Fuzz target of the module for the given time each
# (default 20s). Targets are found with `go test -list`, so new ones join
# without editing this file. A failing target does not stop the others; the
# script lists the failures and exits 1. Usage: scripts/fuzz-all.sh [FUZZTIME]
set -euo pipefail

fuzztime=${1:-20s}
go=${GO:-go}
cd "$(dirname "$0")/.."

# Only packages whose test files mention a Fuzz function need compiling.
mapfile -t pkgs < <("$go" list -f \
	'{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}} {{.Dir}}{{end}}' ./...)

ran=0
failed=()
for line in "${pkgs[@]}"; do
	pkg=${line% *}
	dir=${line#* }
	if ! grep -qs '^func Fuzz' "$dir"/*_test.go; then
		continue
	fi
	targets=$("$go" test -list '^Fuzz' "$pkg")
	for target in $targets; do
		[[ "$target" == Fuzz* ]] || continue
		echo "== $pkg $target ($fuzztime)"
		if ! "$go" test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"; then
			failed+=("$pkg $target")
		fi
		ran=$((ran + 1))
	done
done

echo "fuzz: $ran targets ran for $fuzztime each, ${#failed[@]} failed"
if [[ ${#failed[@]} -gt 0 ]]; then
	printf '  failed: %s\n' "${failed[@]}"
	echo "  each failing input is saved under the package's testdata/fuzz/; keep it as a table row"
	exit 1
fi
