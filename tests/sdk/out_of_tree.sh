#!/bin/sh
# A third-party author's path, end to end, with nothing but the installed SDK:
#   install tradehost into a temporary prefix; scaffold one plugin of every kind with the
#   installed `tradehost new-plugin`; build them with find_package(TradehostSDK 1) and run
#   their own tests; load each with the installed host; run a deployment of scaffolded
#   plugins; and produce the .deb and .tar.gz packages.
# usage: out_of_tree.sh BUILD_DIR
set -eu
build="$1"
work=$(mktemp -d "${TMPDIR:-/tmp}/tradehost-oot-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
th="$prefix/bin/tradehost"

kinds="feed strategy broker risk model sink"
for k in $kinds; do
  "$th" new-plugin "my_$k" --kind "$k" --dir "$work/src/my_$k" >/dev/null
done

# Each project stands alone; the build of all six is one CMake run so the test stays quick.
cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(scaffolds LANGUAGES CXX)
enable_testing()
foreach(k feed strategy broker risk model sink)
  add_subdirectory(my_${k})
endforeach()
CMAKE
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" -j2 >/dev/null
ctest --test-dir "$work/build" --output-on-failure

# tradehost_add_plugin puts every plugin of the build in build/plugins/, target th_NAME.
for k in $kinds; do
  "$th" inspect "$work/build/plugins/th_my_$k.so" --json | grep -q "\"kind\": \"$k\""
done

cat > "$work/deploy.yaml" <<YAML
host:
  journal: $work/journal.db
  api: {enabled: false}
instances:
  feed: {use: my_feed, config: {count: 50, interval: 1ms}}
  model: {use: my_model}
  sink: {use: my_sink}
edges:
  - {from: feed.quotes, to: model.quotes}
  - {from: model.signals, to: sink.in}
YAML
TRADEHOST_PLUGIN_PATH="$work/build/plugins" "$th" run "$work/deploy.yaml" > "$work/run.out"
grep -q "events published: 100" "$work/run.out"

# Both packages' documentation reads offline: every relative link resolves in the prefix.
sh "$(dirname "$0")/check_doc_links.sh" "$prefix/share/doc" "$prefix"

(cd "$build" && cpack -G "TGZ;DEB" -B "$work/pkg" >/dev/null)
ls "$work/pkg"/tradehost_*.deb "$work/pkg"/tradehost-sdk_*.deb "$work/pkg"/*runtime*.tar.gz "$work/pkg"/*sdk*.tar.gz >/dev/null
dpkg-deb -c "$work/pkg"/tradehost-sdk_*.deb > "$work/sdk.list"
grep -q "TradehostSDKConfig.cmake" "$work/sdk.list"
dpkg-deb -c "$work/pkg"/tradehost_*.deb > "$work/runtime.list"
grep -q "bin/tradehost" "$work/runtime.list"
grep -q "th_paper.so" "$work/runtime.list"
echo "out-of-tree plugins: ok"
