#!/bin/sh
# The SDK package alone (cmake --install --component sdk) carries the plugin author guide
# and everything it links, transitively: every relative link in its installed Markdown
# resolves inside the install prefix. usage: installed_docs.sh BUILD_DIR
set -eu
build="$1"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tradehost-docs-XXXXXX")
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --component sdk --prefix "$work/prefix" >/dev/null
docs="$work/prefix/share/doc/tradehost-sdk"
for f in docs/plugin-author-guide.md docs/abi.md docs/hot-reload.md docs/examples/counter_c/counter.c \
         docs/examples/echo_cpp/echo.cpp config/README.md plugins/log_sink/README.md; do
  [ -f "$docs/$f" ] || { echo "the SDK does not install $f"; exit 1; }
done
sh "$here/check_doc_links.sh" "$docs" "$work/prefix"
