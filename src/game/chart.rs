//! Floor 4 · Charts drawn with UI nodes: several balance curves on one set of labelled axes, with a legend.

use bevy::prelude::*;

use super::palette;
use super::theme::{Localized, label};
use crate::i18n::{Phrase, tr};

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

const WIDTH: f32 = 640.0;
const HEIGHT: f32 = 220.0;
/// Room left of the plot for the balance values.
const AXIS: f32 = 56.0;
/// The balance values written on the vertical axis, with a faint line across at each.
const LEVELS: [i32; 6] = [-20, 0, 30, 60, 80, 100];

/// A label centred on a point of an axis: a zero-size box there, its text overflowing equally both ways.
fn tick(left: Option<f32>, top: Option<f32>, text: Localized) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: left.map_or(Val::Auto, px),
            right: if left.is_none() { px(6) } else { Val::Auto },
            top: top.map_or(px(14), px),
            width: if left.is_some() { px(0) } else { Val::Auto },
            height: if top.is_some() { px(0) } else { Val::Auto },
            justify_content: if left.is_some() {
                JustifyContent::Center
            } else {
                JustifyContent::FlexEnd
            },
            align_items: AlignItems::Center,
            ..default()
        },
        children![(label(text, 0.8, palette::INK), TextLayout::no_wrap())],
    )
}

/// Balance (−20 to 100, an overdraft clipped at −20) against step, one line per named curve: values on
/// the vertical axis, step numbers under the plot, and a legend naming every line and the red one at 0.
pub fn line_chart(parent: &mut ChildSpawnerCommands, curves: &[(String, Vec<i32>)]) {
    let steps = curves.iter().map(|(_, c)| c.len()).max().unwrap_or(2).max(2) - 1;
    let x = |i: usize| WIDTH * i as f32 / steps as f32;
    let y = |b: i32| HEIGHT * (1.0 - (b.clamp(-20, 100) as f32 + 20.0) / 120.0);
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(24),
            row_gap: px(12),
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(|row| {
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                // Room for the top value, which sits centred on the plot's top edge.
                margin: UiRect::top(px(14)),
                ..default()
            })
            .with_children(|figure| {
                figure
                    .spawn(Node {
                        flex_direction: FlexDirection::Row,
                        ..default()
                    })
                    .with_children(|body| {
                        // The vertical axis: balance values level with their lines.
                        body.spawn(Node {
                            width: px(AXIS),
                            height: px(HEIGHT),
                            ..default()
                        })
                        .with_children(|axis| {
                            for level in LEVELS {
                                axis.spawn(tick(
                                    None,
                                    Some(y(level)),
                                    Localized::dynamic(move |_| level.to_string()),
                                ));
                            }
                        });
                        body.spawn((
                            Node {
                                width: px(WIDTH),
                                height: px(HEIGHT),
                                ..default()
                            },
                            BackgroundColor(Color::srgb(0.97, 0.96, 0.93)),
                        ))
                        .with_children(|plot| plot_lines(plot, curves, &x, &y));
                    });
                // The horizontal axis: step numbers under their points, "start" at 0.
                figure
                    .spawn(Node {
                        margin: UiRect::left(px(AXIS)),
                        width: px(WIDTH),
                        height: px(48),
                        ..default()
                    })
                    .with_children(|axis| {
                        for i in 0..=steps {
                            axis.spawn(tick(
                                Some(x(i)),
                                None,
                                Localized::dynamic(move |lang| {
                                    if i == 0 {
                                        tr(Phrase::ChartStart, lang).to_owned()
                                    } else {
                                        i.to_string()
                                    }
                                }),
                            ));
                        }
                    });
                figure.spawn((
                    Node {
                        margin: UiRect::left(px(AXIS)),
                        ..default()
                    },
                    children![label(
                        Localized::dynamic(|lang| format!(
                            "↑ {} · → {}",
                            tr(Phrase::Balance, lang),
                            tr(Phrase::ChartStep, lang)
                        )),
                        0.8,
                        palette::MUTED
                    )],
                ));
            });
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                max_width: px(420),
                ..default()
            })
            .with_children(|legend| {
                for (k, (name, curve)) in curves.iter().enumerate() {
                    let (name, last) = (name.clone(), curve.last().copied().unwrap_or(0));
                    legend.spawn(label(
                        Localized::dynamic(move |lang| {
                            format!("■ {name} ({})", crate::describe::balance_short(last, lang))
                        }),
                        0.95,
                        SERIES[k % SERIES.len()],
                    ));
                }
                legend
                    .spawn(Node {
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        column_gap: px(8),
                        margin: UiRect::top(px(6)),
                        ..default()
                    })
                    .with_children(|entry| {
                        entry.spawn((
                            Node {
                                width: px(28),
                                height: px(3),
                                flex_shrink: 0.0,
                                ..default()
                            },
                            BackgroundColor(palette::WITHDRAWAL),
                        ));
                        entry.spawn(label(Phrase::LossLine, 0.85, palette::INK));
                    });
            });
        });
}

/// The grid lines, the loss line at 0, and one polyline per curve.
fn plot_lines(
    plot: &mut ChildSpawnerCommands,
    curves: &[(String, Vec<i32>)],
    x: &dyn Fn(usize) -> f32,
    y: &dyn Fn(i32) -> f32,
) {
    for level in LEVELS {
        plot.spawn((
            Node {
                position_type: PositionType::Absolute,
                left: px(0),
                top: px(y(level) - if level == 0 { 1.0 } else { 0.0 }),
                width: px(WIDTH),
                height: px(if level == 0 { 3 } else { 1 }),
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
                    top: px((y1 + y2) / 2.0 - 2.0),
                    width: px(length),
                    height: px(4),
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
}
