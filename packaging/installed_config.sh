#!/bin/sh
# Writes the installed copy of a deployment (config/NAME.yaml -> /etc/tradehost/NAME.yaml):
# - the repository's relative state paths (var/...) become /var/lib/tradehost/..., so a
#   deployment run from any directory, by hand or as tradehost@NAME.service, journals where
#   the service user may write (the unit makes only that directory writable);
# - host.log.file is dropped, so every line goes to standard error and from there, under
#   systemd, to the system journal (journalctl -u tradehost@NAME);
# - the paths in comments name the installed files;
# - a data file a key names (plugins/NAME/...) is the copy under /usr/share/tradehost.
# usage: installed_config.sh IN OUT
set -eu
awk '
  # Track the enclosing keys: a top-level key (no indent) and a second-level one (2 spaces).
  /^[A-Za-z_]/            { top = $1; sub_ = "" }
  /^  [A-Za-z_]/          { sub_ = $1 }
  top == "host:" && sub_ == "log:" && /^    file:/ { next }
  # "  log:" is held until a key of its own is printed: with file its only key, it goes too.
  top == "host:" && /^  log: *(#.*)?$/ { held = $0; next }
  held != "" && /^    / { print held }
  { held = "" }
  {
    gsub(/config\/README\.md/, "/usr/share/doc/tradehost/config/README.md")
    gsub(/(\.\/build\/)?tradehost run config\//, "tradehost run /etc/tradehost/")
    gsub(/ config\/paper\.yaml/, " /etc/tradehost/paper.yaml")
    gsub(/ plugins\/[a-z_]+\/README\.md/, " /usr/share/doc/tradehost&")
    gsub(/doc\/tradehost +plugins/, "doc/tradehost/plugins")
    gsub(/ var\//, " /var/lib/tradehost/")
    # Data files a deployment names (key: plugins/NAME/...): installed under /usr/share/tradehost.
    if ($0 ~ /: +plugins\/[a-z_0-9]+\// && $0 !~ /README\.md/) sub(/: +plugins\//, ": /usr/share/tradehost/plugins/")
    print
  }
' "$1" > "$2"
