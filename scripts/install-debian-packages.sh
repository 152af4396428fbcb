#!/usr/bin/env bash
# Installs the Debian packages keybridge's tests use as peers and tools, if any is missing:
# python3-fido2 and libfido2 (other people's FIDO clients, for interop tests), a C compiler and pkg-config
# (the libfido2 harness is compiled by the tests), openssl (regenerates the attestation test CA) and
# libusb (node-hid needs it to load), twine, python3-build, venv/pip (the registry's end-to-end tests) and
# PostgreSQL (the registry suite runs on it too), pymacaroons (narrows API tokens in the interop tests) and oathtool
# (TOTP codes from an independent implementation), gdb (.ci/run prints the stacks of a hung test run with it),
# chromium (the registry's pages are tested in it, driven by playwright-core: never a browser playwright would download),
# and QEMU with a static busybox (the emulator's --uhid kernel device is tested in a guest booting Debian's kernel,
# test/uhid/), linux-libc-dev (its linux/uhid.h is what the uhid event layout is checked against), openssh-client
# (ssh-keygen makes -sk keys on that device) and nginx (the load balancer in front of two registry processes,
# test/registry/scale/; the tests run their own nginx, so the system one the package starts is stopped and disabled),
# and wrk (a C load generator: `npm run bench:scale` loads --workers with it, not part of the tests).
set -euo pipefail
packages=(python3-fido2 libfido2-dev fido2-tools build-essential pkg-config openssl libusb-1.0-0
  twine python3-build python3-venv python3-pip python3-wheel python3-setuptools postgresql python3-pymacaroons oathtool
  gdb chromium qemu-system-x86 busybox-static linux-libc-dev openssh-client nginx wrk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Only an nginx installed just now is stopped and disabled: one that was already there serves something of its owner's.
if [[ " ${missing[*]} " == *" nginx "* ]]; then
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now nginx.service >/dev/null 2>&1 || true
  else
    # No systemd (a container, sysvinit): stop a running one, and keep it from starting at boot.
    [ -s /run/nginx.pid ] && $sudo nginx -s quit 2>/dev/null || true
    command -v update-rc.d >/dev/null && $sudo update-rc.d nginx disable >/dev/null 2>&1 || true
  fi
fi
