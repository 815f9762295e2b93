#!/bin/sh
# Installs the Debian 12 packages tradehost needs to build and test, skipping those already
# installed. Idempotent; run as root (or with sudo available).
set -eu

PACKAGES="cmake ninja-build g++ gcc pkg-config
libboost-dev libyaml-cpp-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libsqlite3-dev sqlite3
libgtest-dev libbenchmark-dev libtbb-dev
libssl-dev libcurl4-openssl-dev libwebsockets-dev libsimdjson-dev
prometheus chromium openssl curl
dpkg-dev lintian
libexpat1-dev
coinor-libcbc-dev coinor-cbc
libnats-dev nats-server
libxgboost-dev libsecp256k1-dev nettle-dev
libeigen3-dev"
# dpkg-dev: dpkg-shlibdeps, which computes the .debs' Depends; lintian: ctest -L packaging.
# libexpat1-dev: the rss plugin's XML parser.
# libxgboost-dev: tree_model's test and bench compare its predictions with libxgboost's own;
# tradehost-models (`tradehost train`) trains through its C API.
# libeigen3-dev: the nn_model plugin's inference (header-only).
# libsecp256k1-dev, nettle-dev: the polymarket plugin's ECDSA (secp256k1) and the Keccak-f
# permutation its Keccak-256 is built on.
# libnats-dev: the NATS C client behind `transport: nats` edges; nats-server: the NATS
# tests (label nats) start one on loopback with JetStream.
# coinor-libcbc-dev, coinor-cbc: the lineup optimiser's MILP solver (library, and the program dfs_bench times beside it).
# prometheus: its promtool lints /metrics in the suite (Api.MetricsPassPromtoolCheck).
# chromium: the console's browser test (tests/console), with playwright-core from npm below.
# openssl, curl: the operator endpoint's HTTPS test makes a certificate and fetches through it.
# Node.js and npm for that test, from Debian unless the machine has them already.
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
# --fuzz: also clang and its runtimes, to build fuzz/ as libFuzzer fuzzers (.ci/run does).
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES="$PACKAGES clang-14 libclang-rt-14-dev"
fi
# --fresh-root: also debootstrap, for packaging/fresh_root_check.sh.
if [ "${1:-}" = "--fresh-root" ]; then
  PACKAGES="$PACKAGES debootstrap"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

# The console test's npm packages, pinned by tests/console/package-lock.json.
npm_install() {
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$here/tests/console/node_modules/playwright-core" ]; then
    echo "bootstrap: npm ci in tests/console"
    (cd "$here/tests/console" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

if [ -z "$missing" ]; then
  echo "bootstrap: all build dependencies are installed"
  npm_install
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "bootstrap: missing packages:$missing; run as root to install them" >&2
    exit 1
  fi
fi
echo "bootstrap: installing$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
npm_install
