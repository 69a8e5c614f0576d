#!/usr/bin/env bash
# Builds the packages a trainer downloads, from this checkout, and prints their sizes and build times:
#   dist/goodwill-VERSION-windows-x86_64.zip   goodwill.exe (icon, no console window), scenarios/, assets/,
#                                             README.txt (使用说明 + English)
#   dist/goodwill-VERSION-linux-x86_64.tar.gz  goodwill, scenarios/, assets/, goodwill.desktop,
#                                             install-menu-entry.sh, README.txt
#   dist/goodwill_VERSION_amd64.deb           the same, installed under /usr/lib/goodwill with a menu entry
# Each opens from wherever it is unpacked: the game finds scenarios/ and assets/ beside its executable, and
# keeps results and settings in the user's data and config folders (%APPDATA%\goodwill on Windows).
#
# usage: scripts/dist.sh [--profile release|dev] [--only linux|windows] [--out DIR] [--linux-binary FILE]
#   --profile dev         the quick build CI packages and tries under Wine (same code, unoptimised own crates)
#   --linux-binary FILE   package this Linux binary instead of building one (CI: the one `cargo test` built,
#                         whose dependencies' features differ from a plain `cargo build`'s)
# The Windows build needs Debian's rustc-web, cargo-web, rust-web-src and gcc-mingw-w64-x86-64
# (scripts/windows-env.sh says which are missing); the Linux build needs only the usual toolchain.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

profile=release; only=""; out="$root/dist"; linux_binary=""
while [ $# -gt 0 ]; do
  case $1 in
    --profile) profile=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --linux-binary) linux_binary=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $profile in release) profile_dir=release ;; dev) profile_dir=debug ;;
  *) echo "--profile is release or dev, not $profile" >&2; exit 2 ;; esac
case $only in ""|linux|windows) ;; *) echo "--only is linux or windows, not $only" >&2; exit 2 ;; esac

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
mkdir -p "$out"
out=$(cd "$out" && pwd)
figures=()
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }

# What both packages carry beside the executable: the cases, the font (with its licence) and the icon.
stage_common() {
  local dir=$1
  mkdir -p "$dir/scenarios" "$dir/assets/fonts" "$dir/assets/icon"
  cp scenarios/*.ron "$dir/scenarios/"
  cp assets/fonts/*.otf assets/fonts/OFL.txt "$dir/assets/fonts/"
  cp assets/icon/goodwill.png "$dir/assets/icon/"
}

# The trainers' README with the version filled in; Windows gets a BOM and CRLF so Notepad on a Chinese
# Windows (GBK by default before 2019) reads it as UTF-8.
readme() {
  local style=$1 dest=$2
  if [ "$style" = windows ]; then
    { printf '\xef\xbb\xbf'; sed "s/{VERSION}/$version/" packaging/README-trainers.txt | sed 's/$/\r/'; } > "$dest"
  else
    sed "s/{VERSION}/$version/" packaging/README-trainers.txt > "$dest"
  fi
}

build_linux() {
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/goodwill-target}"
  local t0 t1 bin name stage deb
  t0=$(date +%s)
  if [ -n "$linux_binary" ]; then
    bin=$linux_binary
  else
    cargo build --profile "$profile" --bin goodwill
    bin="$CARGO_TARGET_DIR/$profile_dir/goodwill"
  fi
  t1=$(date +%s)
  name="goodwill-$version-linux-x86_64"
  stage="$scratch/linux"
  mkdir -p "$stage/$name"
  cp "$bin" "$stage/$name/goodwill"
  stage_common "$stage/$name"
  cp packaging/install-menu-entry.sh "$stage/$name/"
  # In the folder itself the entry starts the executable beside it; install-menu-entry.sh writes one with
  # absolute paths into the menu.
  sed -e "s|^Exec=.*|Exec=sh -c 'exec \"\$(dirname \"\$1\")/goodwill\"' sh %k|" -e "s|^Icon=.*|Icon=goodwill|" \
    packaging/goodwill.desktop > "$stage/$name/goodwill.desktop"
  readme linux "$stage/$name/README.txt"
  tar -C "$stage" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"

  # The .deb: /usr/lib/goodwill holds the folder as above, /usr/bin/goodwill links to it (the game finds
  # scenarios/ beside the link's target), the menu entry and icon where desktops look for them.
  deb="$stage/deb"
  mkdir -p "$deb/DEBIAN" "$deb/usr/lib/goodwill" "$deb/usr/bin" "$deb/usr/share/applications" \
    "$deb/usr/share/icons/hicolor/256x256/apps" "$deb/usr/share/doc/goodwill"
  cp "$bin" "$deb/usr/lib/goodwill/goodwill"
  stage_common "$deb/usr/lib/goodwill"
  ln -s ../lib/goodwill/goodwill "$deb/usr/bin/goodwill"
  cp packaging/goodwill.desktop "$deb/usr/share/applications/goodwill.desktop"
  cp assets/icon/goodwill.png "$deb/usr/share/icons/hicolor/256x256/apps/goodwill.png"
  readme linux "$deb/usr/share/doc/goodwill/README.txt"
  cat > "$deb/DEBIAN/control" <<CONTROL
Package: goodwill
Version: $version
Architecture: amd64
Maintainer: Goodwill developers <goodwill@example.org>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: libc6 (>= 2.34), libgcc-s1, libvulkan1, libx11-6, libxcursor1, libxi6, libxrandr2, libxkbcommon-x11-0
Recommends: mesa-vulkan-drivers
Section: education
Priority: optional
Description: role-play training for handling customer complaints
 Goodwill (善意) trains customer-service staff to handle complaints: the player
 chooses what the agent says, and every choice is scored against the customer's
 emotional account. Chinese first, with English.
CONTROL
  dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/goodwill_${version}_amd64.deb" >/dev/null
  if [ -n "$linux_binary" ]; then
    figures+=("linux binary (given, not built): $(mib "$bin")")
  else
    figures+=("linux build ($profile): $((t1 - t0)) s; binary $(mib "$bin")")
  fi
  figures+=("$name.tar.gz: $(mib "$out/$name.tar.gz"); goodwill_${version}_amd64.deb: $(mib "$out/goodwill_${version}_amd64.deb")")
}

build_windows() {
  # shellcheck source=windows-env.sh
  . "$root/scripts/windows-env.sh"
  win_toolchain_check
  local t0 t1 exe name stage dlls
  t0=$(date +%s)
  CARGO_TARGET_DIR="$WIN_TARGET_DIR" "$WIN_CARGO" build "${win_cargo_args[@]}" --profile "$profile" --bin goodwill
  t1=$(date +%s)
  exe="$WIN_TARGET_DIR/$WIN_TARGET/$profile_dir/goodwill.exe"
  # Only system DLLs: a mingw runtime DLL (libgcc_s, libwinpthread) would have to ship beside it.
  dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | sort -fu | tr '\n' ' ')
  if grep -qiE 'libgcc|libwinpthread|libstdc' <<<"$dlls"; then
    echo "goodwill.exe needs a mingw runtime DLL: $dlls" >&2; exit 1
  fi
  # A double-click opens no console window (the GUI subsystem), and Explorer shows the icon (a resource).
  # (Read whole first: `grep -q` stopping early would fail the pipe under pipefail.)
  local headers sections
  headers=$(x86_64-w64-mingw32-objdump -p "$exe"); sections=$(x86_64-w64-mingw32-objdump -h "$exe")
  grep -q 'Subsystem.*(Windows GUI)' <<<"$headers" \
    || { echo "goodwill.exe is not a windowed (GUI subsystem) program" >&2; exit 1; }
  grep -q '\.rsrc' <<<"$sections" || { echo "goodwill.exe carries no resources (the icon)" >&2; exit 1; }
  name="goodwill-$version-windows-x86_64"
  stage="$scratch/windows"
  mkdir -p "$stage/$name"
  cp "$exe" "$stage/$name/goodwill.exe"
  stage_common "$stage/$name"
  readme windows "$stage/$name/README.txt"
  rm -f "$out/$name.zip"
  # Python's zipfile marks non-ASCII names as UTF-8; every name here is ASCII anyway.
  (cd "$stage" && python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for base, dirs, files in sorted(os.walk(sys.argv[2])):
        dirs.sort()
        for f in sorted(files):
            z.write(os.path.join(base, f))' "$out/$name.zip" "$name")
  figures+=("windows build ($profile): $((t1 - t0)) s; goodwill.exe $(mib "$exe"); imports: $dlls")
  figures+=("$name.zip: $(mib "$out/$name.zip")")
}

[ "$only" = windows ] || build_linux
[ "$only" = linux ] || build_windows
echo "packages in $out:"
printf '  %s\n' "${figures[@]}"
