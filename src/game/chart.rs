//! Charts drawn with UI nodes: several balance curves on one set of axes, with a legend.

use bevy::prelude::*;

use super::theme::{Localized, label, palette};

/// Curve colours, repeated after ten.
pub const SERIES: [Color; 10] = [
    Color::srgb(0.18, 0.44, 0.62),
    Color::srgb(0.75, 0.38, 0.17),
    Color::srgb(0.25, 0.56, 0.31),
    Color::srgb(0.54, 0.31, 0.63),
    Color::srgb(0.72, 0.59, 0.18),
    Color::srgb(0.16, 0.62, 0.56),
    Color::srgb(0.82, 0.29, 0.36),
    Color::srgb(0.36, 0.42, 0.45),
    Color::srgb(0.48, 0.62, 0.24),
    Color::srgb(0.61, 0.40, 0.27),
];

const WIDTH: f32 = 560.0;
const HEIGHT: f32 = 170.0;

/// Balance (0–100, overdraft clipped at -20) against step, one line per named curve.
pub fn line_chart(parent: &mut ChildSpawnerCommands, curves: &[(String, Vec<i32>)]) {
    let steps = curves.iter().map(|(_, c)| c.len()).max().unwrap_or(2).max(2) - 1;
    let x = |i: usize| WIDTH * i as f32 / steps as f32;
    let y = |b: i32| HEIGHT * (1.0 - (b.clamp(-20, 100) as f32 + 20.0) / 120.0);
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(16),
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(|row| {
            row.spawn((
                Node {
                    width: px(WIDTH),
                    height: px(HEIGHT),
                    ..default()
                },
                BackgroundColor(Color::srgb(0.97, 0.96, 0.93)),
            ))
            .with_children(|plot| {
                for level in [0, 30, 60, 80] {
                    plot.spawn((
                        Node {
                            position_type: PositionType::Absolute,
                            left: px(0),
                            top: px(y(level)),
                            width: px(WIDTH),
                            height: px(1),
                            ..default()
                        },
                        BackgroundColor(if level == 0 {
                            palette::WITHDRAWAL
                        } else {
                            Color::srgb(0.85, 0.83, 0.79)
                        }),
                    ));
                }
                for (k, (_, curve)) in curves.iter().enumerate() {
                    let color = SERIES[k % SERIES.len()];
                    // Trainees who took the same path would hide each other: nudge each line a little.
                    let nudge = (k as f32 - (curves.len() as f32 - 1.0) / 2.0) * 3.0;
                    for (i, pair) in curve.windows(2).enumerate() {
                        let (x1, y1, x2, y2) = (x(i), y(pair[0]) + nudge, x(i + 1), y(pair[1]) + nudge);
                        let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
                        let angle = (y2 - y1).atan2(x2 - x1);
                        // A thin bar centred on the segment's midpoint, rotated onto it.
                        plot.spawn((
                            Node {
                                position_type: PositionType::Absolute,
                                left: px((x1 + x2) / 2.0 - length / 2.0),
                                top: px((y1 + y2) / 2.0 - 1.5),
                                width: px(length),
                                height: px(3),
                                ..default()
                            },
                            UiTransform {
                                rotation: Rot2::radians(angle),
                                ..default()
                            },
                            BackgroundColor(color),
                        ));
                    }
                }
            });
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                ..default()
            })
            .with_children(|legend| {
                for (k, (name, curve)) in curves.iter().enumerate() {
                    let text = format!("■ {name} ({})", curve.last().copied().unwrap_or(0));
                    legend.spawn(label(
                        Localized::dynamic(move |_| text.clone()),
                        0.9,
                        SERIES[k % SERIES.len()],
                    ));
                }
            });
        });
}
