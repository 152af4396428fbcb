#!/usr/bin/env bash
# Usage: fetch-debian-kernel.sh — prints a directory holding Debian's current amd64 kernel (vmlinuz) and the module
# directories the QEMU guest tests load (test/uhid/: HID, uhid, virtio and 9p), fetching it first if needed: the package
# linux-image-amd64 points at, got with `apt-get download` and unpacked with `dpkg-deb -x` (seconds; installing it would
# take minutes and touch /boot), kept outside the repository in ${XDG_CACHE_HOME:-~/.cache}/keybridge/<package>, so
# that later runs need no download at all.
set -euo pipefail
package=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*-amd64\)$/\1/p' | head -n 1)
if [ -z "$package" ]; then
  echo "fetch-debian-kernel: apt knows no linux-image-amd64 (run apt-get update)" >&2
  exit 1
fi
directory="${XDG_CACHE_HOME:-$HOME/.cache}/keybridge/$package"
if [ ! -f "$directory/vmlinuz" ]; then
  echo "fetching $package (apt-get download) into $directory" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # As root, apt warns that its _apt user cannot write here: harmless, and left out.
  download() {
    (cd "$work" && apt-get download -q "$package") 2>&1 | { grep -v '^W: Download is performed unsandboxed' || true; } >&2
    ls "$work"/*.deb >/dev/null 2>&1
  }
  if ! download; then
    # The package lists name a version the mirror no longer has.
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    download
  fi
  dpkg-deb -x "$work"/*.deb "$work/root"
  version=${package#linux-image-}
  kernel="$work/root/lib/modules/$version/kernel"
  mkdir -p "$work/kept/modules"
  cp "$work/root/boot/vmlinuz-$version" "$work/kept/vmlinuz"
  cp "$work/root/boot/config-$version" "$work/kept/config"
  for subtree in drivers/hid drivers/virtio net/9p fs/9p fs/netfs fs/fscache; do
    mkdir -p "$work/kept/modules/$subtree"
    cp -R "$kernel/$subtree/." "$work/kept/modules/$subtree/"
  done
  mkdir -p "$(dirname "$directory")"
  rm -rf "$directory"
  mv "$work/kept" "$directory"
fi
echo "$directory"
