#!/bin/sh
# Adds Goodwill to this user's applications menu, pointing at this unpacked folder (no root needed).
# Run it again after moving the folder; remove ~/.local/share/applications/goodwill.desktop to undo.
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|^Exec=.*|Exec=\"$here/goodwill\"|" -e "s|^Icon=.*|Icon=$here/assets/icon/goodwill.png|" \
  "$here/goodwill.desktop" > "$apps/goodwill.desktop.tmp"
mv "$apps/goodwill.desktop.tmp" "$apps/goodwill.desktop"
echo "Goodwill is in the applications menu (from $here)."
