#!/bin/sh
# The packages on a fresh Debian 12 root, as a new operator meets them:
#   debootstrap a minimal bookworm; install the tradehost and tradehost-sdk .debs with apt
#   (which pulls exactly their declared Depends); check that the packaged host loads every
#   plugin, that the postinst made the tradehost user and /var/lib/tradehost, that systemd
#   accepts the unit; run the paper deployment the way tradehost@paper.service does (its
#   ExecStartPre/ExecStart, as user tradehost, in its working directory); then scaffold a
#   plugin, build and test it with nothing but the SDK package's dependencies, install it
#   with `cmake --install` and see the packaged host load it.
# Needs root, debootstrap (packaging/bootstrap.sh --fresh-root) and a Debian mirror; exits 77
# (skip) when the mirror cannot be reached. Takes minutes (downloads ~300 MB).
# usage: fresh_root_check.sh BUILD_DIR [MIRROR]
set -eu
build=$(cd "$1" && pwd)
mirror="${2:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "fresh_root_check: run as root (debootstrap and chroot)"; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh_root_check: no debootstrap; run packaging/bootstrap.sh --fresh-root"; exit 1; }
if ! (command -v curl >/dev/null && curl -fsS -m 20 -o /dev/null "$mirror/dists/bookworm/Release"); then
  echo "SKIP: the mirror $mirror cannot be reached"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/tradehost-root-XXXXXX")
root="$work/root"
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
step() { echo "== $*"; }

step "packages"
(cd "$build" && cpack -G DEB -B "$work/debs" >/dev/null)
ls "$work"/debs/*.deb

step "debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log"; exit 1; }
mount -t proc proc "$root/proc"   # the host finds its plugins through /proc/self/exe
mkdir -p "$root/tmp/debs"
cp "$work"/debs/tradehost_*.deb "$work"/debs/tradehost-sdk_*.deb "$root/tmp/debs/"

step "apt install the runtime package (systemd too, to check the unit)"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/debs/"$(basename "$work"/debs/tradehost_*.deb)" systemd > "$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log"; exit 1; }

step "the packaged host loads every packaged plugin"
in_root tradehost plugins
in_root id tradehost
in_root stat -c '%n %U:%G %a' /var/lib/tradehost
# systemd accepts the unit; a minimal root has no man-db, so the Documentation= check of
# man:tradehost(1) cannot pass there and is the one message allowed.
in_root systemd-analyze verify /lib/systemd/system/tradehost@.service > "$work/verify.out" 2>&1 || true
if grep -v -e "^$" -e "Command 'man tradehost(1)' failed" "$work/verify.out"; then
  echo "FAIL: systemd-analyze verify reports the above"; exit 1
fi
in_root ls -l /etc/tradehost

step "the paper deployment, run as tradehost@paper.service runs it"
unit="$root/lib/systemd/system/tradehost@.service"
dir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
for key in ExecStartPre ExecStart; do
  cmd=$(sed -n "s/^$key=//p" "$unit" | sed 's/%i/paper/g')
  echo "\$ $cmd"
  in_root setpriv --reuid=tradehost --regid=tradehost --init-groups sh -c "cd $dir && $cmd" > "$work/run.out" 2>&1 ||
    { cat "$work/run.out"; echo "FAIL: $key"; exit 1; }
  tail -n 12 "$work/run.out"
done
grep -q "fills: [1-9]" "$work/run.out" || { echo "FAIL: the paper session made no fills"; exit 1; }
in_root test -s /var/lib/tradehost/journal.db

step "the SDK package alone builds a scaffolded plugin"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/debs/"$(basename "$work"/debs/tradehost-sdk_*.deb)" > "$work/apt-sdk.log" 2>&1 || { tail -n 30 "$work/apt-sdk.log"; exit 1; }
in_root tradehost new-plugin my_feed --kind feed --dir /tmp/my_feed
in_root cmake -S /tmp/my_feed -B /tmp/my_feed/build -G Ninja > "$work/scaffold.log" 2>&1 || { cat "$work/scaffold.log"; exit 1; }
in_root cmake --build /tmp/my_feed/build >> "$work/scaffold.log" 2>&1 || { cat "$work/scaffold.log"; exit 1; }
in_root ctest --test-dir /tmp/my_feed/build --output-on-failure | tail -n 3
in_root cmake --install /tmp/my_feed/build
in_root tradehost plugins | grep "^my_feed .*/usr/local/lib/tradehost/plugins/th_my_feed.so" ||
  { in_root tradehost plugins; echo "FAIL: the packaged host does not find the installed plugin"; exit 1; }
echo "fresh root: ok"
