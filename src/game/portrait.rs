//! The customer, drawn from UI shapes: face colour, brows, eyes, mouth and posture follow the mood.

use bevy::prelude::*;
use goodwill_engine::Mood;

/// Marks the portrait's root so tests can read which mood it shows.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Portrait(pub Mood);

struct Look {
    skin: Color,
    /// Brow tilt in radians (positive: angry V shape).
    brow: f32,
    /// Mouth curve: positive smiles, negative frowns.
    smile: f32,
    mouth_width: f32,
    /// Shoulders raised (px) and body lean (radians).
    shoulders: f32,
    lean: f32,
}

fn look(mood: Mood) -> Look {
    let base = Color::srgb(0.96, 0.80, 0.66);
    match mood {
        Mood::Furious => Look {
            skin: Color::srgb(0.93, 0.55, 0.45),
            brow: 0.45,
            smile: -1.0,
            mouth_width: 44.0,
            shoulders: 10.0,
            lean: 0.10,
        },
        Mood::Angry => Look {
            skin: Color::srgb(0.95, 0.66, 0.55),
            brow: 0.32,
            smile: -0.7,
            mouth_width: 38.0,
            shoulders: 6.0,
            lean: 0.06,
        },
        Mood::Upset => Look {
            skin: base,
            brow: 0.15,
            smile: -0.35,
            mouth_width: 32.0,
            shoulders: 3.0,
            lean: 0.0,
        },
        Mood::Neutral => Look {
            skin: base,
            brow: 0.0,
            smile: 0.0,
            mouth_width: 30.0,
            shoulders: 0.0,
            lean: 0.0,
        },
        Mood::Satisfied => Look {
            skin: base,
            brow: -0.08,
            smile: 0.5,
            mouth_width: 34.0,
            shoulders: 0.0,
            lean: -0.03,
        },
        Mood::Delighted => Look {
            skin: Color::srgb(0.97, 0.78, 0.66),
            brow: -0.15,
            smile: 1.0,
            mouth_width: 42.0,
            shoulders: -2.0,
            lean: -0.05,
        },
    }
}

fn shape(left: f32, top: f32, width: f32, height: f32, radius: f32, color: Color) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: px(left),
            top: px(top),
            width: px(width),
            height: px(height),
            border_radius: BorderRadius::all(px(radius)),
            ..default()
        },
        BackgroundColor(color),
    )
}

fn rotated(bundle: impl Bundle, radians: f32) -> impl Bundle {
    (
        bundle,
        UiTransform {
            rotation: Rot2::radians(radians),
            ..default()
        },
    )
}

/// A 200×220 figure for `mood`.
pub fn portrait(mood: Mood) -> impl Bundle {
    let l = look(mood);
    let hair = Color::srgb(0.20, 0.17, 0.15);
    let ink = Color::srgb(0.15, 0.12, 0.10);
    let suit = Color::srgb(0.22, 0.28, 0.38);
    let mouth_top = 112.0;
    // The mouth is the bottom (smile) or top (frown) edge of a rounded box.
    let curve = l.smile.abs();
    let mouth_height = 4.0 + 14.0 * curve;
    let mouth = (
        Node {
            position_type: PositionType::Absolute,
            left: px(100.0 - l.mouth_width / 2.0),
            top: px(if l.smile >= 0.0 {
                mouth_top - mouth_height
            } else {
                mouth_top
            }),
            width: px(l.mouth_width),
            height: px(mouth_height),
            border: if l.smile >= 0.0 {
                UiRect::bottom(px(4))
            } else {
                UiRect::top(px(4))
            },
            border_radius: BorderRadius::all(px(mouth_height.max(8.0))),
            ..default()
        },
        BorderColor::all(ink),
    );
    (
        Portrait(mood),
        Node {
            width: px(200),
            height: px(220),
            ..default()
        },
        children![
            // Body, with shoulders raised and a lean when upset.
            rotated(shape(30.0, 150.0 - l.shoulders, 140.0, 90.0, 40.0, suit), l.lean),
            shape(
                88.0,
                140.0 - l.shoulders,
                24.0,
                30.0,
                6.0,
                Color::srgb(0.95, 0.95, 0.95)
            ),
            // Head and hair.
            shape(50.0, 20.0, 100.0, 125.0, 50.0, l.skin),
            shape(46.0, 12.0, 108.0, 44.0, 30.0, hair),
            // Brows tilt inwards when angry.
            rotated(shape(64.0, 62.0, 26.0, 5.0, 2.0, hair), l.brow),
            rotated(shape(110.0, 62.0, 26.0, 5.0, 2.0, hair), -l.brow),
            // Eyes.
            shape(72.0, 74.0, 10.0, 10.0, 5.0, ink),
            shape(118.0, 74.0, 10.0, 10.0, 5.0, ink),
            mouth,
        ],
    )
}
