#!/bin/sh
# Every relative link in the Markdown files under DIR resolves to a file or folder that
# exists, without leaving ROOT (the install prefix): the installed documentation must be
# readable on its own, offline. Links to web pages and to anchors in the same page are not
# checked here. usage: check_doc_links.sh DIR [ROOT]
set -eu
dir="$1"
root=$(cd "${2:-$1}" && pwd -P)
count=0
bad=0
for md in $(find "$dir" -name '*.md' | sort); do
  base=$(dirname "$md")
  # Markdown links [text](target), target without spaces; code fences are skipped.
  for target in $(awk '/^```/ {code = !code; next} !code {print}' "$md" |
                  grep -o '\](\([^) ]*\))' | sed 's/^](//; s/)$//' | sort -u); do
    case "$target" in http://*|https://*|mailto:*|\#*) continue ;; esac
    path="${target%%#*}"
    count=$((count + 1))
    if [ ! -e "$base/$path" ]; then
      echo "$md: link '$target' does not resolve"
      bad=$((bad + 1))
      continue
    fi
    real=$(cd "$(dirname "$base/$path")" && pwd -P)
    case "$real" in "$root"|"$root"/*) ;; *)
      echo "$md: link '$target' leaves $root"
      bad=$((bad + 1)) ;;
    esac
  done
done
if [ "$count" -eq 0 ]; then echo "no links found under $dir: nothing was installed?"; exit 1; fi
[ "$bad" -eq 0 ] || exit 1
echo "$count relative links under $dir resolve"
