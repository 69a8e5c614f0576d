#!/bin/sh
# Redraws the committed conversation pictures (run from anywhere after changing a scenario or the drawing):
# docs/graphs/ID.svg for every shipped scenario (what `goodwill analyze FILE --graph ID.svg` draws), and
# docs/graphs/examples/ (a trainee's path beside the best one; a 1,000-node case drawn collapsed).
# Engine only: no Bevy to build. To look at one: rsvg-convert -b white docs/graphs/ID.svg -o /tmp/ID.png
set -eu
cargo run --quiet --release -p goodwill-engine --example pictures
