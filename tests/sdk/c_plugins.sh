#!/bin/sh
# A C author's path with nothing but the SDK package (cmake --install --component sdk):
# scaffold a C99 plugin of every kind that has a C template with `tradehost new-plugin
# --lang c`, build them with find_package(TradehostSDK 1), run their C tests (the SDK's C
# harness, snapshot/restore through tradehost/blob.h), and check what tradehost_add_plugin
# promises out of tree: the target th_NAME, the library in build/plugins/, and the
# warnings as errors. usage: c_plugins.sh BUILD_DIR
set -eu
build="$1"
th="$build/tradehost"
work=$(mktemp -d "${TMPDIR:-/tmp}/tradehost-c-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --component sdk --prefix "$prefix" >/dev/null

kinds="feed model sink"
for k in $kinds; do
  "$th" new-plugin "c_$k" --kind "$k" --lang c --dir "$work/src/c_$k" >/dev/null
  [ -f "$work/src/c_$k/src/c_$k.c" ] && [ -f "$work/src/c_$k/tests/test_c_$k.c" ]
done
# A kind without a C template is refused with a usage error that says which kinds have one.
if "$th" new-plugin c_broker --kind broker --lang c --dir "$work/src/c_broker" 2>"$work/err"; then
  echo "new-plugin --lang c --kind broker should have failed"; exit 1
fi
grep -q "feed, model and sink" "$work/err"

cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(c_scaffolds LANGUAGES C CXX)
enable_testing()
foreach(k feed model sink)
  add_subdirectory(c_${k})
endforeach()
CMAKE
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
# Target names are th_NAME: build the plugins by name, then everything.
cmake --build "$work/build" --target th_c_feed th_c_model th_c_sink >/dev/null
cmake --build "$work/build" -j2 >/dev/null
ctest --test-dir "$work/build" --output-on-failure

for k in $kinds; do
  so="$work/build/plugins/th_c_$k.so"
  [ -f "$so" ] || { echo "th_c_$k.so is not in build/plugins/"; exit 1; }
  "$th" inspect "$so" --json | grep -q "\"kind\": \"$k\""
  "$th" inspect "$so" --json | grep -q "\"hot_reload_state\": true"
done

# The SDK's warnings are errors out of tree too: an unused variable fails the build ...
printf 'int c_sink_probe(void);\nint c_sink_probe(void) { int unused; return 0; }\n' >> "$work/src/c_sink/src/c_sink.c"
if cmake --build "$work/build" --target th_c_sink > "$work/warn.out" 2>&1; then
  echo "an unused variable did not fail the build: warnings are not errors"; exit 1
fi
grep -q "Werror" "$work/warn.out"
# ... unless the author opts out.
cmake -S "$work/src" -B "$work/build" -DTRADEHOST_PLUGIN_WERROR=OFF >/dev/null
cmake --build "$work/build" --target th_c_sink > "$work/warn.out" 2>&1
grep -q "unused variable" "$work/warn.out"
echo "C plugins against the installed SDK: ok"
