#!/bin/sh
# Redraws the committed conversation pictures (run from anywhere after changing a scenario or the drawing):
# docs/graphs/ID.svg for every shipped scenario (what `goodwill analyze FILE --graph ID.svg` draws), and
# docs/graphs/examples/ (a trainee's path beside the best one; a 1,000-node case drawn collapsed).
# The map is drawn by the root crate (`src/pages/map`), so this builds the game's crate (reusing the build of
# `cargo run`/`cargo test`). To look at one: rsvg-convert -b white docs/graphs/ID.svg -o /tmp/ID.png
set -eu
cd "$(dirname "$0")/../.."
cargo run --quiet --example pictures
