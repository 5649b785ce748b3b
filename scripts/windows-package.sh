#!/usr/bin/env bash
# windows-package.sh cross-builds the desk app for Windows (amd64) from Debian
# with cgo and the mingw-w64 compiler, and packages it the Fyne way:
# `fyne package -os windows` links in the icon, a manifest and the version
# from FyneApp.toml, and builds a GUI (no console) release binary.
#
# Usage: scripts/windows-package.sh FYNE OUT.exe
#   FYNE    the fyne command (installed by `make windows` into bin/tools)
#   OUT.exe where to put the packaged program
#
# While it builds, fyne package writes fyne.syso and a metadata .go file into
# the folder it packages. Left in the work tree, they would slip into any
# other build of package main made meanwhile (a Windows object file in a
# Linux link), so the sources are packaged from a copy in bin/windows/src:
# the tracked and untracked-but-not-ignored files, as git lists them. The
# copy has its own go.mod, so `go test ./...` in the work tree never sees it.
set -euo pipefail

fyne=$(realpath "${1:?usage: windows-package.sh FYNE OUT.exe}")
out=$(realpath -m "${2:?usage: windows-package.sh FYNE OUT.exe}")
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$root/bin/windows/src
cc=${WINDOWS_CC:-x86_64-w64-mingw32-gcc}

if ! command -v "$cc" >/dev/null; then
	echo "windows-package.sh: $cc not found: run \`make windows\` (it installs" \
		"gcc-mingw-w64-x86-64)" >&2
	exit 1
fi

rm -rf "$stage"
mkdir -p "$stage"
cd "$root"
# Tracked files deleted in the work tree are left out.
git ls-files -z -co --exclude-standard |
	while IFS= read -r -d '' f; do if [[ -e $f ]]; then printf '%s\0' "$f"; fi; done |
	tar --null -T - -cf - | tar -C "$stage" -xf -

cd "$stage"
# fyne names the program after the app ("Tiếp Sức.exe"); keep no stale one.
rm -f ./*.exe
CC=$cc GOOS=windows GOARCH=amd64 CGO_ENABLED=1 GOFLAGS=-buildvcs=false \
	"$fyne" package -os windows --release
built=(./*.exe)
if [[ ${#built[@]} -ne 1 || ! -f ${built[0]} ]]; then
	echo "windows-package.sh: fyne package made no single .exe in $stage" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
mv -f "${built[0]}" "$out"
echo "packaged $out ($(du -h "$out" | cut -f1))"
