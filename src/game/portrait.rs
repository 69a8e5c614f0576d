//! Floor 1 · The customer, drawn from UI shapes: sex, age, hairstyle and glasses follow the scenario's customer
//! (see `Customer::appearance`); face colour, brows, cheeks, mouth and posture follow the mood.

use bevy::prelude::*;
use goodwill_engine::Mood;
use goodwill_engine::schema::{Age, Appearance, Customer, Sex};

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

/// Hair, clothes and the lines of age for one customer.
struct Dress {
    hair: Color,
    clothes: Color,
    collar: Color,
}

fn dress(a: Appearance) -> Dress {
    let hair = match (a.age, a.sex, a.hair) {
        (Age::Older, _, _) => Color::srgb(0.66, 0.65, 0.63),
        (_, Sex::Female, 1) => Color::srgb(0.42, 0.26, 0.16),
        (_, _, 2) => Color::srgb(0.30, 0.22, 0.16),
        _ => Color::srgb(0.17, 0.14, 0.12),
    };
    let clothes = match (a.sex, a.clothes) {
        (Sex::Male, 0) => Color::srgb(0.22, 0.28, 0.38),
        (Sex::Male, 1) => Color::srgb(0.33, 0.36, 0.30),
        (Sex::Male, 2) => Color::srgb(0.45, 0.30, 0.22),
        (Sex::Male, _) => Color::srgb(0.20, 0.20, 0.22),
        (Sex::Female, 0) => Color::srgb(0.62, 0.30, 0.36),
        (Sex::Female, 1) => Color::srgb(0.26, 0.50, 0.52),
        (Sex::Female, 2) => Color::srgb(0.50, 0.36, 0.60),
        (Sex::Female, _) => Color::srgb(0.80, 0.62, 0.30),
    };
    let collar = match a.sex {
        Sex::Male => Color::srgb(0.95, 0.95, 0.95),
        Sex::Female => Color::srgb(0.98, 0.93, 0.88),
    };
    Dress { hair, clothes, collar }
}

/// A 200×220 figure of this customer in this mood: sex, age, hairstyle and glasses from the scenario's
/// customer, and the face, colour and posture from the mood.
pub fn portrait(customer: &Customer, mood: Mood) -> impl Bundle {
    let a = customer.appearance();
    let l = look(mood);
    let d = dress(a);
    let ink = Color::srgb(0.15, 0.12, 0.10);
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
    // Long hair falls behind the head and shoulders, so it is drawn first.
    let long_hair = a.sex == Sex::Female && a.hair != 2;
    let back_hair = shape(40.0, 14.0, 120.0, if long_hair { 150.0 } else { 0.0 }, 46.0, d.hair);
    // The hair on top of the head: a cap, cut by style.
    let (cap_left, cap_top, cap_width, cap_height, cap_radius) = match (a.sex, a.hair) {
        (Sex::Male, 2) => (52.0, 16.0, 96.0, 30.0, 30.0),
        (Sex::Male, 3) => (52.0, 18.0, 96.0, 24.0, 24.0),
        (Sex::Male, _) => (46.0, 12.0, 108.0, 44.0, 30.0),
        (Sex::Female, 2) => (42.0, 10.0, 116.0, 70.0, 40.0),
        (Sex::Female, _) => (44.0, 10.0, 112.0, 48.0, 40.0),
    };
    let cap = shape(cap_left, cap_top, cap_width, cap_height, cap_radius, d.hair);
    // A side parting, a bun, or nothing.
    let accent = match (a.sex, a.hair) {
        (Sex::Male, 1) => shape(58.0, 30.0, 40.0, 22.0, 11.0, d.hair),
        (Sex::Female, 3) => shape(80.0, -6.0, 40.0, 32.0, 16.0, d.hair),
        _ => shape(0.0, 0.0, 0.0, 0.0, 0.0, Color::NONE),
    };
    // Lines of age across the forehead.
    let wrinkle = if a.age == Age::Older {
        Color::srgba(0.45, 0.30, 0.25, 0.55)
    } else {
        Color::NONE
    };
    let glasses = |left: f32| {
        (
            Node {
                position_type: PositionType::Absolute,
                left: px(left),
                top: px(66),
                width: px(30),
                height: px(26),
                border: UiRect::all(px(if a.glasses { 3.0 } else { 0.0 })),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
            BorderColor::all(ink),
        )
    };
    let bridge = shape(96.0, 76.0, if a.glasses { 12.0 } else { 0.0 }, 3.0, 1.0, ink);
    // Cheeks: flushed red when angry, pink when delighted.
    let cheeks = match mood {
        Mood::Furious | Mood::Angry => Color::srgba(0.85, 0.20, 0.15, 0.45),
        Mood::Delighted | Mood::Satisfied => Color::srgba(0.95, 0.50, 0.55, 0.40),
        _ => Color::NONE,
    };
    // Young faces are a little narrower and rounder.
    let (head_left, head_width) = match a.age {
        Age::Young => (54.0, 92.0),
        _ => (50.0, 100.0),
    };
    (
        Portrait(mood),
        Node {
            width: px(200),
            height: px(220),
            ..default()
        },
        children![
            back_hair,
            // Body, with shoulders raised and a lean when upset.
            rotated(shape(30.0, 150.0 - l.shoulders, 140.0, 90.0, 40.0, d.clothes), l.lean),
            shape(88.0, 140.0 - l.shoulders, 24.0, 30.0, 6.0, d.collar),
            // Head and hair.
            shape(head_left, 20.0, head_width, 125.0, 50.0, l.skin),
            cap,
            accent,
            shape(76.0, 46.0, 48.0, 2.0, 1.0, wrinkle),
            shape(82.0, 52.0, 36.0, 2.0, 1.0, wrinkle),
            // Brows tilt inwards when angry.
            rotated(shape(64.0, 62.0, 26.0, 5.0, 2.0, d.hair.darker(0.2)), l.brow),
            rotated(shape(110.0, 62.0, 26.0, 5.0, 2.0, d.hair.darker(0.2)), -l.brow),
            // Eyes, and glasses over them.
            shape(72.0, 74.0, 10.0, 10.0, 5.0, ink),
            shape(118.0, 74.0, 10.0, 10.0, 5.0, ink),
            glasses(62.0),
            glasses(108.0),
            bridge,
            shape(60.0, 94.0, 20.0, 12.0, 6.0, cheeks),
            shape(120.0, 94.0, 20.0, 12.0, 6.0, cheeks),
            mouth,
        ],
    )
}
