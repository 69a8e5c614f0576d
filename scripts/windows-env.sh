# Sourced, not run: the environment that cross-builds goodwill.exe (x86_64-pc-windows-gnu) on Debian with
# only Debian's packages — rustup cannot download another target here.
#
#   rustc-web, cargo-web   Debian's Rust 1.96 (/usr/bin/rustc, /usr/bin/cargo), beside rustup's toolchain
#   rust-web-src           the standard library's sources, which cargo's -Zbuild-std compiles for Windows
#                          (RUSTC_BOOTSTRAP=1 lets the stable compiler take that unstable flag)
#   gcc-mingw-w64-x86-64   the linker and C compiler (SQLite, ring), and windres for the icon
#
# It sets WIN_CARGO (the cargo to call), WIN_TARGET, WIN_TARGET_DIR, and `win_cargo_args` for the build-std
# flags; scripts/dist.sh and .ci/wine use them. Wine (wine64) runs what is built: cargo uses it as the
# runner for `cargo test --target "$WIN_TARGET"`.

export WIN_TARGET=x86_64-pc-windows-gnu
export WIN_CARGO=/usr/bin/cargo
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export RC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-windres
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export WINEDEBUG=-all
# Apart from the Linux build's directory: another compiler, so nothing there could be reused anyway.
export WIN_TARGET_DIR="${WIN_TARGET_DIR:-$HOME/.cache/goodwill-target-windows}"
win_cargo_args=(-Zbuild-std=std,panic_unwind --target "$WIN_TARGET")

# Checks that the toolchain is here, with one line naming what to install when it is not.
win_toolchain_check() {
  local missing=()
  [ -x /usr/bin/rustc ] && /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1\.\(9[6-9]\|[1-9][0-9][0-9]\)' \
    || missing+=(rustc-web)
  [ -x /usr/bin/cargo ] || missing+=(cargo-web)
  [ -d /usr/lib/rustlib/src/rust/library/std ] || missing+=(rust-web-src)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "the Windows build needs Debian's ${missing[*]} (apt-get install ${missing[*]})" >&2
    return 1
  fi
}
