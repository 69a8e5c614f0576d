//! Profiles: pick or create the trainee whose results are kept, and the class session they play under.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key as LogicalKey, KeyboardInput};
use bevy::prelude::*;
use bevy::window::{Ime, PrimaryWindow};
use goodwill_engine::Lang;

use super::Screen;
use crate::game::input::{Focus, UiAction};
use crate::game::records::{Player, ResultsDb};
use crate::game::theme::{Localized, button, label, palette, panel, screen_root, text_field};
use crate::i18n::{Key, colon, tr};

/// "Trainee: Ann · Class session: Monday", or why nothing is saved.
pub fn who_line(player: &Player, saving: bool, lang: Lang) -> String {
    if !saving {
        return tr(Key::NotSaving, lang).to_owned();
    }
    let who = match &player.profile {
        Some(name) => format!("{}{}{name}", tr(Key::Trainee, lang), colon(lang)),
        None => tr(Key::NoTrainee, lang).to_owned(),
    };
    let class = player
        .class
        .clone()
        .unwrap_or_else(|| tr(Key::NoClass, lang).to_owned());
    format!("{who} · {}{}{class}", tr(Key::ClassSession, lang), colon(lang))
}

/// Profiles and class sessions as listed when the screen opened.
#[derive(Resource, Debug, Default)]
struct Choices {
    profiles: Vec<String>,
    classes: Vec<String>,
}

/// The name being typed for a new profile (or class session).
#[derive(Resource, Debug, Default)]
pub struct NameBuffer(pub String);

/// What the input method is composing and has not committed yet (pinyin before it becomes 汉字).
#[derive(Resource, Debug, Default)]
pub struct Composing(pub String);

/// The text field showing [`NameBuffer`].
#[derive(Component)]
pub struct NameField;
#[derive(Component)]
struct ClassLabel;

pub(super) fn plugin(app: &mut App) {
    // Registered by the window plugin in the game; the headless tests have no window.
    app.add_message::<Ime>()
        .init_resource::<Choices>()
        .init_resource::<NameBuffer>()
        .init_resource::<Composing>()
        .add_systems(OnEnter(Screen::Profiles), (load, spawn, enable_ime::<true>).chain())
        .add_systems(OnExit(Screen::Profiles), enable_ime::<false>)
        .add_systems(
            Update,
            (typing, act, show_name, show_class)
                .chain()
                .run_if(in_state(Screen::Profiles)),
        )
        // The class setup screen reuses the same name field.
        .add_systems(OnEnter(Screen::ClassSetup), (clear_buffer, enable_ime::<true>))
        .add_systems(OnExit(Screen::ClassSetup), enable_ime::<false>)
        .add_systems(Update, (typing, show_name).chain().run_if(in_state(Screen::ClassSetup)));
}

fn load(db: Res<ResultsDb>, mut choices: ResMut<Choices>, mut buffer: ResMut<NameBuffer>) {
    choices.profiles = db
        .with(|s| s.profiles())
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name)
        .collect();
    choices.classes = db
        .with(|s| s.classes())
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.name)
        .collect();
    buffer.0.clear();
}

fn clear_buffer(mut buffer: ResMut<NameBuffer>) {
    buffer.0.clear();
}

/// Chinese names are typed through an input method; it only delivers text while IME is enabled.
fn enable_ime<const ON: bool>(mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut window in &mut windows {
        window.ime_enabled = ON;
    }
}

fn spawn(mut commands: Commands, choices: Res<Choices>) {
    let profiles = choices.profiles.clone();
    commands
        .spawn((
            Name::new("Profiles screen"),
            DespawnOnExit(Screen::Profiles),
            screen_root(),
        ))
        .with_children(|root| {
            root.spawn(label(Key::ChooseTrainee, 2.2, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                p.spawn(label(Key::NewTrainee, 1.0, palette::MUTED));
                p.spawn(text_field(NameField));
                p.spawn(button(Key::CreateTrainee, UiAction::CreateProfile, 500));
            });
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::Center,
                column_gap: px(10),
                row_gap: px(10),
                max_width: px(1000),
                ..default()
            })
            .with_children(|list| {
                for (i, name) in profiles.into_iter().enumerate() {
                    list.spawn(button(
                        Localized::dynamic(move |_| name.clone()),
                        UiAction::PickProfile(i),
                        i,
                    ));
                }
            });
            root.spawn((
                ClassLabel,
                label(Localized::dynamic(|_| String::new()), 1.0, palette::INK),
            ));
            root.spawn(button(Key::SwitchClass, UiAction::CycleClass, 501));
            root.spawn(button(Key::Back, UiAction::Back, 1000));
        });
}

/// Typed characters (and IME commits) go into the name; Backspace deletes; Enter creates the profile.
pub(super) fn typing(
    mut keys: MessageReader<KeyboardInput>,
    mut ime: MessageReader<Ime>,
    mut buffer: ResMut<NameBuffer>,
    mut composing: ResMut<Composing>,
    mut focus: ResMut<Focus>,
    mut actions: MessageWriter<UiAction>,
) {
    let before = buffer.0.clone();
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            LogicalKey::Backspace => {
                buffer.0.pop();
            }
            LogicalKey::Enter if !buffer.0.trim().is_empty() => {
                actions.write(UiAction::SubmitText);
            }
            _ => {
                if let Some(text) = &key.text {
                    buffer.0.extend(text.chars().filter(|c| !c.is_control()));
                }
            }
        }
    }
    for event in ime.read() {
        match event {
            Ime::Commit { value, .. } => {
                buffer.0.push_str(value);
                composing.0.clear();
            }
            Ime::Preedit { value, .. } if composing.0 != *value => composing.0.clone_from(value),
            Ime::Disabled { .. } => composing.0.clear(),
            _ => {}
        }
    }
    if buffer.0 != before && !buffer.0.is_empty() {
        // While a name is being typed, Enter means "create", not "press the focused button".
        focus.0 = None;
    }
}

fn show_name(
    buffer: Res<NameBuffer>,
    composing: Res<Composing>,
    mut fields: Query<&mut Localized, With<NameField>>,
    added: Query<(), Added<NameField>>,
) {
    if !buffer.is_changed() && !composing.is_changed() && added.is_empty() {
        return;
    }
    // The text being composed shows at the caret, in brackets, until the input method commits it.
    let pending = if composing.0.is_empty() {
        String::new()
    } else {
        format!("［{}］", composing.0)
    };
    let shown = format!("{}{pending}▏", buffer.0);
    for mut field in &mut fields {
        let text = shown.clone();
        *field = Localized::dynamic(move |_| text.clone());
    }
}

fn show_class(
    player: Res<Player>,
    mut labels: Query<&mut Localized, With<ClassLabel>>,
    added: Query<(), Added<ClassLabel>>,
) {
    if !player.is_changed() && added.is_empty() {
        return;
    }
    let class = player.class.clone();
    for mut text in &mut labels {
        let class = class.clone();
        *text = Localized::dynamic(move |lang| {
            let name = class.clone().unwrap_or_else(|| tr(Key::NoClass, lang).to_owned());
            format!("{}{}{name}", tr(Key::ClassSession, lang), colon(lang))
        });
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut buffer: ResMut<NameBuffer>,
    choices: Res<Choices>,
    mut player: ResMut<Player>,
    db: Res<ResultsDb>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
    for action in actions.read() {
        match action {
            UiAction::Back => next.set(Screen::Title),
            UiAction::PickProfile(i) => {
                if let Some(name) = choices.profiles.get(*i) {
                    player.profile = Some(name.clone());
                    next.set(Screen::Select);
                }
            }
            UiAction::CreateProfile | UiAction::SubmitText => {
                let typed = buffer.0.trim().to_owned();
                if typed.is_empty() {
                    continue;
                }
                let name = if db.is_open() {
                    db.with(|s| s.add_profile(&typed))
                } else {
                    Some(typed)
                };
                if let Some(name) = name {
                    buffer.0.clear();
                    player.profile = Some(name);
                    next.set(Screen::Select);
                }
            }
            UiAction::CycleClass => {
                let at = player
                    .class
                    .as_ref()
                    .and_then(|c| choices.classes.iter().position(|x| x == c));
                player.class = match at {
                    None => choices.classes.first().cloned(),
                    Some(i) => choices.classes.get(i + 1).cloned(),
                };
            }
            _ => {}
        }
    }
}
