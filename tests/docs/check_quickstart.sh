#!/bin/sh
# The README's quick start holds exactly two commands in one fenced block under
# "## Quick start", and .ci/run runs the second one verbatim.
set -eu
root="$1"
block=$(awk '/^## Quick start/{q=1} q&&/^```/{n++; next} q&&n==1{print} n>=2{exit}' "$root/README.md")
count=$(printf '%s\n' "$block" | grep -c .)
if [ "$count" -ne 2 ]; then
  echo "README quick start has $count commands, expected 2:"; printf '%s\n' "$block"; exit 1
fi
test_cmd=$(printf '%s\n' "$block" | sed -n 2p)
case "$test_cmd" in *ctest*) ;; *) echo "second quick-start command does not run ctest: $test_cmd"; exit 1;; esac
if ! grep -qxF "$test_cmd" "$root/.ci/run"; then
  echo ".ci/run does not run the README's test command verbatim: $test_cmd"; exit 1
fi
run_cmd=$(printf '%s\n' "$block" | sed -n 1p)
case "$run_cmd" in *"tradehost run config/paper.yaml"*) ;; *) echo "first command does not run config/paper.yaml"; exit 1;; esac
echo "quick start ok"
