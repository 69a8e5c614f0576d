#!/bin/sh
# Redraws docs/graphs/ID.svg for every shipped scenario (run from the repository root after changing one).
# Uses the build `cargo test` already made (any build draws the same picture).
set -eu
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/goodwill"
for file in scenarios/*.ron; do
    id=$(basename "$file" .ron)
    "$bin" analyze "$file" --graph "docs/graphs/$id.svg" 2> /dev/null > /dev/null
done
