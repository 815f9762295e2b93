#!/bin/sh
# Every code block in a doc marked "The block below is FILE verbatim" equals FILE.
set -eu
root="$1"
status=0
for doc in "$root"/docs/*.md; do
  grep -o 'The block below is [^ ]* verbatim' "$doc" | awk '{print $5}' | while read -r file; do
    block=$(awk -v f="$file" '
      index($0, "The block below is " f " verbatim") {want=1; next}
      want && /^```/ && !inblock {inblock=1; next}
      inblock && /^```$/ {exit}
      inblock {print}' "$doc")
    if [ "$block" != "$(cat "$root/$file")" ]; then
      echo "$doc: the block quoting $file differs from the file"; exit 1
    fi
  done || status=1
done
[ $status -eq 0 ] && echo "doc examples ok"
exit $status
