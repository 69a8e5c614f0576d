//! Floor 1 · With `GOODWILL_FIRST_FRAME=1` the game prints, once, how long after start its first frame was
//! drawn: the packaging script's start-to-window figure, on Linux and under Wine alike.

use std::sync::OnceLock;
use std::time::Instant;

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy::window::RequestRedraw;

pub const ENV: &str = "GOODWILL_FIRST_FRAME";

/// Frames counted before the report: the first is built, the second presented behind it (pipelined), so
/// the third update runs after a picture is on the screen.
const FRAMES_TO_A_PICTURE: u32 = 3;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes the start; called first thing in `main`, so the figure counts loading the case library and Bevy.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

pub(super) fn plugin(app: &mut App) {
    if std::env::var_os(ENV).is_some_and(|v| v == "1") {
        app.add_systems(Last, report_once);
    }
}

fn report_once(frames: Res<FrameCount>, mut done: Local<bool>, mut redraw: MessageWriter<RequestRedraw>) {
    if *done {
        return;
    }
    if frames.0 < FRAMES_TO_A_PICTURE {
        // The game draws only on events: ask for the next frames rather than wait for the idle tick.
        redraw.write(RequestRedraw);
        return;
    }
    *done = true;
    let started = STARTED.get_or_init(Instant::now);
    // stdout, not the log: the script reads this line whatever the log filter.
    println!("first frame after {:.2} s", started.elapsed().as_secs_f64());
}
