//! Floor 4 · The one-line name field (trainee and class names): typed keys and input-method commits go into
//! [`NameBuffer`] while a [`NameField`] is on screen, and the field shows them. Any screen that spawns a
//! `NameField` gets it; each screen empties the buffer when it opens.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key as LogicalKey, KeyboardInput};
use bevy::prelude::*;
use bevy::window::{Ime, PrimaryWindow};

use super::input::{Focus, UiAction};
use super::theme::Localized;
use crate::game::state::GameSet;

/// The name being typed for a new profile (or class session).
#[derive(Resource, Debug, Default)]
pub struct NameBuffer(pub String);

/// What the input method is composing and has not committed yet (pinyin before it becomes 汉字).
#[derive(Resource, Debug, Default)]
pub struct Composing(pub String);

/// The text field showing [`NameBuffer`].
#[derive(Component)]
pub struct NameField;

/// A [`NameField`] that shows a dot for each character typed (a password), never the text.
#[derive(Component)]
pub struct MaskedField;

pub(super) fn plugin(app: &mut App) {
    // Registered by the window plugin in the game; the headless tests have no window.
    app.add_message::<Ime>()
        .init_resource::<NameBuffer>()
        .init_resource::<Composing>()
        .add_observer(field_shown)
        .add_observer(field_gone)
        .add_systems(
            Update,
            typing.in_set(GameSet::Input).run_if(any_with_component::<NameField>),
        )
        .add_systems(
            Update,
            show_name
                .in_set(GameSet::Present)
                .run_if(any_with_component::<NameField>),
        );
}

/// A name field appeared: let the input method deliver text (Chinese names are typed through one; it
/// only does so while IME is enabled).
fn field_shown(_: On<Add, NameField>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut window in &mut windows {
        window.ime_enabled = true;
    }
}

fn field_gone(_: On<Remove, NameField>, mut windows: Query<&mut Window, With<PrimaryWindow>>) {
    for mut window in &mut windows {
        window.ime_enabled = false;
    }
}

/// Typed characters (and IME commits) go into the name; Backspace deletes; Enter creates the profile.
fn typing(
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
    mut fields: Query<(&mut Localized, Has<MaskedField>), With<NameField>>,
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
    // A password: a dot per character, and nothing of what the input method is composing.
    let masked = format!("{}▏", "•".repeat(buffer.0.chars().count()));
    for (mut field, is_masked) in &mut fields {
        let text = if is_masked { masked.clone() } else { shown.clone() };
        *field = Localized::dynamic(move |_| text.clone());
    }
}
