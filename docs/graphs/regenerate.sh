#!/bin/sh
# Redraws docs/graphs/ID.svg for every shipped scenario (run from the repository root after changing one).
set -eu
cargo build --release --quiet
for file in scenarios/*.ron; do
    id=$(basename "$file" .ron)
    target/release/goodwill analyze "$file" --graph "docs/graphs/$id.svg" > /dev/null
done
