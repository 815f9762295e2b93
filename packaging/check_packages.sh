#!/bin/sh
# The packages as an operator meets them (ctest -L packaging):
#   - build the .debs with cpack from this build folder;
#   - every shared library a packaged binary or plugin needs (its ELF NEEDED entries, resolved
#     by the dynamic loader as ldd does) belongs, by `dpkg -S`, to a package the .deb's
#     Depends names (or ships in the .deb itself);
#   - the binaries are stripped (their symbols in tradehost-dbgsym) and hardened (RELRO,
#     BIND_NOW, PIE);
#   - every file under /etc is a conffile, and the installed deployments validate;
#   - the packaged host loads every packaged plugin (`tradehost plugins` exits 0);
#   - lintian reports no error.
# usage: check_packages.sh BUILD_DIR [SANITIZE]
# Exits 77 (ctest SKIP_RETURN_CODE) in a sanitizer build: its binaries are not what ships.
set -eu
build="$1"
if [ "${2:-OFF}" = "ON" ]; then
  echo "SKIP: packaging is checked in the normal build; this build is instrumented (TRADEHOST_SANITIZE=ON)"
  exit 77
fi
for tool in cpack dpkg-deb dpkg-shlibdeps lintian readelf ldd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check_packages: '$tool' not found; run packaging/bootstrap.sh"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tradehost-pkg-XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }

fail=0
problem() { echo "FAIL: $*"; fail=1; }

# The package names a Depends field lists (versions and alternatives' bars dropped).
depends_names() {
  dpkg-deb -f "$1" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/:.*//; s/[[:space:]]//g' | grep -v '^$' || true
}

# The package that owns a file, trying the path and its other form under usrmerge
# (/lib/x/libc.so.6 is registered as such, /usr/lib/x/libsimdjson.so.14 with /usr).
owner_of() {
  for p in "$1" "/usr$1" "${1#/usr}" "$(readlink -f "$1")"; do
    o=$(dpkg -S "$p" 2>/dev/null | head -n 1 | sed 's/:.*//; s/,.*//') && [ -n "$o" ] && { echo "$o"; return; }
  done
}

for deb in "$work"/out/*.deb; do
  name=$(dpkg-deb -f "$deb" Package)
  root="$work/x/$name"
  mkdir -p "$root"
  dpkg-deb -x "$deb" "$root"
  depends_names "$deb" > "$work/$name.depends"
  checked=0
  for f in $(find "$root" -type f | sort); do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    checked=$((checked + 1))
    rel=${f#"$root"}
    readelf -S "$f" | grep -q '\.debug_info' && problem "$name: $rel is not stripped"
    # Debian's hardening (cmake/TradehostHardening.cmake): full RELRO with immediate binding,
    # and a position-independent executable.
    readelf -d "$f" | grep -q 'BIND_NOW' || problem "$name: $rel lacks -z now (BIND_NOW)"
    readelf -lW "$f" | grep -q 'GNU_RELRO' || problem "$name: $rel lacks RELRO"
    case "$rel" in */bin/*) readelf -h "$f" | grep -q 'Type:.*DYN' || problem "$name: $rel is not PIE" ;; esac
    readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' > "$work/needed"
    ldd "$f" > "$work/ldd" 2>&1 || true
    while read -r lib; do
      if find "$root" -name "$lib" | grep -q .; then continue; fi  # shipped in the package
      # "libx.so.1 => /path (addr)", or for the loader itself "/lib64/ld-linux-x86-64.so.2 (addr)"
      path=$(awk -v l="$lib" '$1 == l && $2 == "=>" {print $3} $1 ~ "/" l "$" {print $1}' "$work/ldd" | head -n 1)
      case "$path" in /*) ;; *) problem "$name: $rel needs $lib, which the loader does not find"; continue ;; esac
      pkg=$(owner_of "$path")
      if [ -z "$pkg" ]; then problem "$name: $rel needs $lib ($path), which no installed package owns"; continue; fi
      # A Depends may name a virtual package the owner provides (libspdlog1.10-fmt9).
      provides=$(dpkg-query -W -f='${Provides}' "$pkg" 2>/dev/null | tr ',' '\n' | sed 's/(.*)//; s/[[:space:]]//g')
      printf '%s\n%s\n' "$pkg" "$provides" | grep -v '^$' | grep -qxF -f - "$work/$name.depends" ||
        problem "$name: $rel needs $lib from package $pkg, which Depends does not name ($(dpkg-deb -f "$deb" Depends))"
    done < "$work/needed"
  done
  echo "$name: $checked ELF file(s), Depends: $(dpkg-deb -f "$deb" Depends)"

  # Files under /etc are the operator's: every one must be a conffile (kept on upgrade).
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles 2>/dev/null | sort > "$work/$name.conffiles" || true
  (cd "$root" && find etc -type f 2>/dev/null | sed 's|^|/|' | sort) > "$work/$name.etc"
  comm -23 "$work/$name.etc" "$work/$name.conffiles" | while read -r c; do problem "$name: $c is not a conffile"; done
done

rt="$work/x/tradehost"
[ -x "$rt/usr/bin/tradehost" ] || problem "tradehost: no /usr/bin/tradehost"
grep -qx libsimdjson14 "$work/tradehost.depends" || problem "tradehost: Depends lacks libsimdjson14 (the venue plugins need it)"
grep -qx tradehost "$work/tradehost-sdk.depends" || problem "tradehost-sdk: Depends lacks the matching tradehost"

# The stripped host loads every packaged plugin, and the shipped deployments are valid
# (the venue ones need their credentials' variables set: placeholders here).
if ! "$rt/usr/bin/tradehost" plugins > "$work/plugins.out" 2>&1; then
  cat "$work/plugins.out"; problem "tradehost: the packaged host does not load every packaged plugin"
fi
plugins=$(ls "$rt/usr/lib/tradehost/plugins" | grep -c '\.so$' || true)  # not the data folders beside them
loaded=$(grep -c "ABI " "$work/plugins.out" || true)
[ "$plugins" -gt 0 ] && [ "$loaded" = "$plugins" ] || problem "tradehost: $loaded of $plugins packaged plugins load"
for y in "$rt"/etc/tradehost/*.yaml; do
  # The data files a deployment names are the package's copies under /usr/share/tradehost:
  # here, in the unpacked tree (the copy sits beside the original, so `extends` still resolves).
  # State (journals, ledgers, logs some plugins open in create) goes to a scratch folder as
  # it goes to /var/lib/tradehost, which the postinst makes, on an installed system.
  v="${y%.yaml}.check.yaml"
  mkdir -p "$work/state"
  sed -e "s#: /usr/share/tradehost/#: $rt/usr/share/tradehost/#" -e "s#/var/lib/tradehost/#$work/state/#g" "$y" > "$v"
  env COINBASE_ENV=sandbox OANDA_ACCOUNT_ID=101-001-0000000-001 "$rt/usr/bin/tradehost" validate "$v" > "$work/validate.out" 2>&1 ||
    { cat "$work/validate.out"; problem "tradehost: ${y#"$rt"} does not validate"; }
  rm -f "$v"
  for d in $(sed -n 's#.*: /usr/share/tradehost/\([^ ]*\).*#\1#p' "$y"); do
    [ -e "$rt/usr/share/tradehost/$d" ] || problem "tradehost: ${y#"$rt"} names /usr/share/tradehost/$d, which the package lacks"
  done
done

# Debug symbols: one .debug file per stripped ELF file, under the build ids.
ddeb=$(ls "$work"/out/tradehost-dbgsym_*.ddeb 2>/dev/null | head -n 1)
if [ -z "$ddeb" ]; then problem "no tradehost-dbgsym package"
else
  n=$(dpkg-deb -c "$ddeb" | grep -c '/usr/lib/debug/.build-id/.*\.debug$' || true)
  [ "$n" -ge "$plugins" ] || problem "tradehost-dbgsym holds $n .debug files"
fi

# lintian: no errors (warnings and infos are printed, not fatal).
if ! lintian --fail-on error --tag-display-limit 0 "$work"/out/*.deb > "$work/lintian.out" 2>&1; then
  problem "lintian reports errors"
fi
grep -v "running with root privileges" "$work/lintian.out" || true

[ "$fail" = 0 ] && echo "packages: ok"
exit "$fail"
