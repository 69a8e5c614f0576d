//! Floor 5 · Settings screen: language, text size, fullscreen, feedback timing — each changed with Enter or a click
//! (forward) or ←/→ (either way) — the trainer PIN that locks the class-wide ones, where results go (the
//! learning record store: on/off, address, user, account homePage, a password kept in the OS keyring, and a
//! connection test; behind the PIN like the class screens), and the guide again. Changes apply and save at
//! once.

use bevy::prelude::*;
use goodwill_engine::Lang;

use crate::game::input::{ActionButton, ESC_BACK, Focus, UiAction, number_pressed};
use crate::game::palette;
use crate::game::settings::{
    LrsEdit, LrsField, PinFor, PinHash, Settings, TextSize, TextSpeed, TrainerLock, valid_pin,
};
use crate::game::state::GameSet;
use crate::game::state::Screen;
use crate::game::text_input::{MaskedField, NameBuffer, NameField};
use crate::game::theme::{Localized, button, label, panel, screen_root, text_field};
use crate::i18n::{Phrase, colon, tr};

/// Focus order of the PIN line's first button (set, unlock or lock again), where the highlight returns
/// once a PIN has been typed.
const PIN_ORDER: usize = 5;
/// Focus order of the LRS section's first button (on/off); its fields follow, then "Test connection".
const LRS_ORDER: usize = 10;
const LRS_TEST_ORDER: usize = LRS_ORDER + 1 + LrsField::ALL.len();

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PinEntry>()
        .init_resource::<PinTries>()
        .add_systems(OnEnter(Screen::Settings), spawn)
        .add_systems(
            Update,
            (
                (type_pin, arrows_change_the_focused_setting).in_set(GameSet::Input),
                act.in_set(GameSet::Act),
            )
                .run_if(in_state(Screen::Settings)),
        );
}

/// A PIN being typed (shown as dots), what it is for, and the last thing to tell the trainer about it.
#[derive(Resource, Debug, Default)]
struct PinEntry {
    typing: Option<PinPurpose>,
    digits: String,
    /// A new PIN's first typing, until it is typed again to confirm it (kept in memory only).
    first: Option<String>,
    note: Option<Phrase>,
    /// Seconds before another PIN is tried, after too many wrong ones.
    wait: Option<u64>,
}

/// Wrong PINs in a row, and until when (seconds of the game's running time) no PIN is tried. Kept while
/// the game runs, across visits to the screen: a trainee can't guess a 4-digit PIN by trying them all.
#[derive(Resource, Debug, Default)]
pub struct PinTries {
    pub wrong_in_a_row: u32,
    pub refused_until: Option<f64>,
}

/// Wrong PINs allowed before each further try must wait.
const FREE_TRIES: u32 = 3;

/// The wait after the `wrong`-th wrong PIN in a row: none for the first few, then 30 s, doubling, at most
/// a quarter of an hour.
fn wait_after(wrong: u32) -> Option<u64> {
    let over = wrong.checked_sub(FREE_TRIES)?;
    Some((30u64 << over.min(5)).min(900))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PinPurpose {
    /// No PIN yet: the digits become the PIN once typed a second time.
    Set,
    /// The new PIN again: it is set only if both typings agree, so a slip of the finger can't set a PIN
    /// nobody knows.
    Confirm,
    /// A PIN is set: the digits must match it.
    Unlock,
}

fn size_key(size: TextSize) -> Phrase {
    match size {
        TextSize::Small => Phrase::Small,
        TextSize::Medium => Phrase::Medium,
        TextSize::Large => Phrase::Large,
        TextSize::ExtraLarge => Phrase::ExtraLarge,
    }
}

/// A button whose label shows the setting's current value, e.g. "Text size: Large", and says so when a
/// trainer has locked it.
fn speed_key(speed: TextSpeed) -> Phrase {
    match speed {
        TextSpeed::Slow => Phrase::SpeedSlow,
        TextSpeed::Normal => Phrase::SpeedNormal,
        TextSpeed::Fast => Phrase::SpeedFast,
        TextSpeed::Instant => Phrase::SpeedInstant,
    }
}

fn setting_button(name: Phrase, value: Localized, action: UiAction, order: usize, locked: bool) -> impl Bundle {
    button(
        Localized::dynamic(move |lang| {
            let mut line = format!("{}{}{}", tr(name, lang), colon(lang), value.render(lang));
            if locked {
                line.push_str(&match lang {
                    Lang::Zh => format!("（{}）", tr(Phrase::Locked, lang)),
                    Lang::En => format!(" ({})", tr(Phrase::Locked, lang)),
                });
            }
            line
        }),
        action,
        order,
    )
}

fn spawn(mut commands: Commands, mut entry: ResMut<PinEntry>, pin_for: Res<PinFor>, mut lrs: ResMut<LrsEdit>) {
    lrs.editing = None;
    if !lrs.busy() {
        lrs.note = None;
    }
    // Sent here by a screen behind the PIN: the field is open, and says why.
    *entry = match pin_for.0 {
        Some(wanted) => PinEntry {
            typing: Some(PinPurpose::Unlock),
            note: Some(if wanted == Screen::GroupSetup {
                Phrase::GroupGamesNeedPin
            } else {
                Phrase::ClassNeedsPin
            }),
            ..default()
        },
        None => PinEntry::default(),
    };
    commands.spawn((
        Name::new("Settings screen"),
        DespawnOnExit(Screen::Settings),
        SettingsRoot,
        screen_root(),
        ESC_BACK,
    ));
}

#[derive(Component)]
struct SettingsRoot;

/// The settings a trainer PIN holds; the others change freely.
const HELD: [UiAction; 4] = [
    UiAction::ToggleLanguage,
    UiAction::CycleTextSize,
    UiAction::CycleTextSizeBack,
    UiAction::ToggleFeedback,
];

fn rebuild(
    commands: &mut Commands,
    root: Entity,
    settings: &Settings,
    lock: &TrainerLock,
    entry: &PinEntry,
    lrs: &LrsEdit,
) {
    let locked = settings.locked(lock);
    commands
        .entity(root)
        .despawn_related::<Children>()
        .with_children(|root| {
            root.spawn(label(Phrase::Settings, 2.2, palette::ACCENT));
            root.spawn(panel()).with_children(|p| {
                let language = Localized::dynamic(|lang| {
                    match lang {
                        Lang::Zh => "中文",
                        Lang::En => "English",
                    }
                    .to_owned()
                });
                p.spawn(setting_button(
                    Phrase::Language,
                    language,
                    UiAction::ToggleLanguage,
                    0,
                    locked,
                ));
                p.spawn(setting_button(
                    Phrase::TextSize,
                    size_key(settings.text_size).into(),
                    UiAction::CycleTextSize,
                    1,
                    locked,
                ));
                p.spawn(setting_button(
                    Phrase::Fullscreen,
                    (if settings.fullscreen { Phrase::On } else { Phrase::Off }).into(),
                    UiAction::ToggleFullscreen,
                    2,
                    false,
                ));
                let feedback = if settings.feedback_after_choice {
                    Phrase::AfterEachChoice
                } else {
                    Phrase::OnlyInDebrief
                };
                p.spawn(setting_button(
                    Phrase::FeedbackTiming,
                    feedback.into(),
                    UiAction::ToggleFeedback,
                    3,
                    locked,
                ));
                p.spawn(setting_button(
                    Phrase::TextSpeed,
                    speed_key(settings.text_speed).into(),
                    UiAction::CycleTextSpeed,
                    4,
                    false,
                ));
            });
            root.spawn(panel())
                .with_children(|p| pin_section(p, settings, lock, entry));
            root.spawn((Name::new("LRS settings"), LrsSection, panel()))
                .with_children(|p| lrs_section(p, settings, locked, lrs));
            root.spawn(button(Phrase::GuideAgain, UiAction::OpenGuide, LRS_TEST_ORDER + 2));
            root.spawn(button(Phrase::Back, UiAction::Back, LRS_TEST_ORDER + 3));
            root.spawn(label(Phrase::SettingsHint, 0.9, palette::MUTED));
        });
}

/// The trainer PIN: its state, the field while one is typed, and what can be done with it.
fn pin_section(p: &mut ChildSpawnerCommands, settings: &Settings, lock: &TrainerLock, entry: &PinEntry) {
    let state = match (settings.trainer_pin.is_some(), lock.unlocked) {
        (false, _) => Phrase::PinNotSet,
        (true, false) => Phrase::PinLocked,
        (true, true) => Phrase::PinUnlocked,
    };
    p.spawn(label(
        Localized::dynamic(move |lang| format!("{}{}{}", tr(Phrase::TrainerPin, lang), colon(lang), tr(state, lang))),
        1.0,
        palette::INK,
    ));
    if let Some(purpose) = entry.typing {
        let prompt = match purpose {
            PinPurpose::Set => Phrase::TypeNewPin,
            PinPurpose::Confirm => Phrase::ConfirmNewPin,
            PinPurpose::Unlock => Phrase::TypePin,
        };
        p.spawn(label(prompt, 0.9, palette::MUTED));
        let dots = format!("{}▏", "•".repeat(entry.digits.chars().count()));
        p.spawn((
            PinField,
            Node {
                min_width: px(240),
                padding: UiRect::axes(px(12), px(6)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BorderColor::all(palette::ACCENT),
            BackgroundColor(Color::WHITE),
            children![label(Localized::dynamic(move |_| dots.clone()), 1.3, palette::INK)],
        ));
    } else if settings.trainer_pin.is_none() {
        p.spawn(button(Phrase::SetPin, UiAction::EnterPin, PIN_ORDER));
    } else if !lock.unlocked {
        p.spawn(button(Phrase::UnlockWithPin, UiAction::EnterPin, PIN_ORDER));
    } else {
        p.spawn(button(Phrase::LockAgain, UiAction::LockSettings, PIN_ORDER));
        p.spawn(button(Phrase::ClearPin, UiAction::ClearPin, 6));
    }
    if let Some(seconds) = entry.wait {
        p.spawn(label(
            Localized::dynamic(move |lang| crate::i18n::pin_wait(seconds, lang)),
            0.95,
            palette::WITHDRAWAL,
        ));
    }
    if let Some(note) = entry.note {
        let color = if matches!(
            note,
            Phrase::WrongPin
                | Phrase::PinTooShort
                | Phrase::AskTrainer
                | Phrase::PinMismatch
                | Phrase::ClassNeedsPin
                | Phrase::GroupGamesNeedPin
        ) {
            palette::WITHDRAWAL
        } else {
            palette::DEPOSIT
        };
        p.spawn(label(note, 0.95, color));
    }
}

/// Marks the PIN field, for tests.
#[derive(Component)]
pub struct PinField;

/// Marks the LRS section's panel, for tests.
#[derive(Component)]
pub struct LrsSection;

fn field_name(field: LrsField) -> Phrase {
    match field {
        LrsField::Endpoint => Phrase::LrsEndpoint,
        LrsField::User => Phrase::LrsUser,
        LrsField::HomePage => Phrase::LrsHomePage,
        LrsField::Password => Phrase::LrsPassword,
    }
}

/// Where results go: on/off, the address, user and account homePage (each a button showing its value, which
/// opens a text field), the password (never shown), "Test connection", and the last note in words.
fn lrs_section(p: &mut ChildSpawnerCommands, settings: &Settings, locked: bool, lrs: &LrsEdit) {
    p.spawn(label(Phrase::LrsHeading, 1.2, palette::INK));
    let sending = if settings.lrs.enabled { Phrase::On } else { Phrase::Off };
    p.spawn(setting_button(
        Phrase::LrsSending,
        sending.into(),
        UiAction::ToggleLrs,
        LRS_ORDER,
        locked,
    ));
    for (i, field) in LrsField::ALL.into_iter().enumerate() {
        let order = LRS_ORDER + 1 + i;
        if lrs.editing == Some(field) {
            p.spawn(label(
                Localized::dynamic(move |lang| {
                    format!(
                        "{}{}{}",
                        tr(field_name(field), lang),
                        colon(lang),
                        tr(Phrase::LrsTyping, lang)
                    )
                }),
                0.9,
                palette::MUTED,
            ));
            if field == LrsField::Password {
                p.spawn(text_field((NameField, MaskedField)));
            } else {
                p.spawn(text_field(NameField));
            }
            continue;
        }
        let value: Localized = match field {
            LrsField::Password => Phrase::LrsPasswordHidden.into(),
            _ => match field.value(&settings.lrs) {
                text if text.is_empty() => Phrase::LrsNotSet.into(),
                text => Localized::dynamic(move |_| text.clone()),
            },
        };
        p.spawn(setting_button(
            field_name(field),
            value,
            UiAction::EditField(i),
            order,
            locked,
        ));
    }
    p.spawn(button(Phrase::LrsTest, UiAction::TestLrs, LRS_TEST_ORDER));
    if let Some(note) = lrs.note.clone() {
        let color = if note.is_problem() {
            palette::WITHDRAWAL
        } else {
            palette::DEPOSIT
        };
        p.spawn(label(Localized::dynamic(move |lang| note.describe(lang)), 0.95, color));
    }
}

/// Digits typed while a PIN is asked for go into it (never on screen: dots only); Backspace deletes,
/// Enter submits. Esc cancels through the screen's Esc → Back.
fn type_pin(
    keys: Res<ButtonInput<KeyCode>>,
    mut entry: ResMut<PinEntry>,
    mut focus: ResMut<Focus>,
    mut actions: MessageWriter<UiAction>,
) {
    if entry.typing.is_none() {
        return;
    }
    if let Some(number) = number_pressed(&keys) {
        if entry.digits.len() < *crate::game::settings::PIN_LENGTH.end() {
            entry
                .digits
                .push(char::from_digit((number % 10) as u32, 10).unwrap_or('0'));
        }
        // While a PIN is typed, Enter means "done", not "press the focused button".
        focus.0 = None;
    }
    if keys.just_pressed(KeyCode::Backspace) {
        entry.digits.pop();
    }
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) && focus.0.is_none() {
        actions.write(UiAction::SubmitText);
    }
}

/// → changes the focused setting the way Enter does; ← changes it the other way (for the text size, one
/// step smaller; the others have two values, so both ways are the same).
fn arrows_change_the_focused_setting(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<Focus>,
    entry: Res<PinEntry>,
    buttons: Query<&ActionButton>,
    mut actions: MessageWriter<UiAction>,
) {
    let forward = keys.just_pressed(KeyCode::ArrowRight);
    let backward = keys.just_pressed(KeyCode::ArrowLeft);
    if (!forward && !backward) || entry.typing.is_some() {
        return;
    }
    let Some(focused) = focus.0.and_then(|order| buttons.iter().find(|b| b.order == order)) else {
        return;
    };
    let action = match (focused.action, backward) {
        (UiAction::CycleTextSize, true) => UiAction::CycleTextSizeBack,
        (UiAction::CycleTextSpeed, true) => UiAction::CycleTextSpeedBack,
        (
            action @ (UiAction::ToggleLanguage
            | UiAction::CycleTextSize
            | UiAction::ToggleFullscreen
            | UiAction::CycleTextSpeed
            | UiAction::ToggleFeedback),
            _,
        ) => action,
        _ => return,
    };
    actions.write(action);
}

fn act(
    mut commands: Commands,
    mut actions: MessageReader<UiAction>,
    mut settings: ResMut<Settings>,
    mut lock: ResMut<TrainerLock>,
    mut entry: ResMut<PinEntry>,
    mut tries: ResMut<PinTries>,
    time: Res<Time<Real>>,
    mut focus: ResMut<Focus>,
    mut next: ResMut<NextState<Screen>>,
    mut pin_for: ResMut<PinFor>,
    mut lrs: ResMut<LrsEdit>,
    mut buffer: ResMut<NameBuffer>,
    roots: Query<(Entity, Has<Children>), With<SettingsRoot>>,
) {
    for action in actions.read() {
        let lrs_action = matches!(action, UiAction::ToggleLrs | UiAction::TestLrs | UiAction::EditField(_));
        if (HELD.contains(action) || lrs_action) && settings.locked(&lock) {
            entry.note = Some(Phrase::AskTrainer);
            continue;
        }
        match action {
            UiAction::ToggleLrs => lrs.toggle(&mut settings.lrs),
            UiAction::TestLrs if !lrs.busy() => lrs.test(&settings.lrs),
            UiAction::EditField(i) if !lrs.busy() => {
                if let Some(&field) = LrsField::ALL.get(*i) {
                    *entry = PinEntry::default();
                    lrs.editing = Some(field);
                    lrs.note = None;
                    buffer.0 = field.value(&settings.lrs);
                    // Enter now saves what is typed, not the focused button.
                    focus.0 = None;
                }
            }
            UiAction::SubmitText if lrs.editing.is_some() => {
                if let Some(field) = lrs.editing.take() {
                    let typed = std::mem::take(&mut buffer.0);
                    lrs.commit(field, &typed, &mut settings.lrs);
                    let i = LrsField::ALL.iter().position(|f| *f == field).unwrap_or(0);
                    focus.0 = Some(LRS_ORDER + 1 + i);
                }
            }
            UiAction::Back if lrs.editing.is_some() => {
                let i = lrs
                    .editing
                    .take()
                    .and_then(|field| LrsField::ALL.iter().position(|f| *f == field))
                    .unwrap_or(0);
                buffer.0.clear();
                focus.0 = Some(LRS_ORDER + 1 + i);
            }
            UiAction::ToggleLanguage => settings.lang = settings.lang.other(),
            UiAction::CycleTextSize => settings.text_size = settings.text_size.next(),
            UiAction::CycleTextSizeBack => settings.text_size = settings.text_size.previous(),
            UiAction::ToggleFullscreen => settings.fullscreen = !settings.fullscreen,
            UiAction::CycleTextSpeed => settings.text_speed = settings.text_speed.cycle(false),
            UiAction::CycleTextSpeedBack => settings.text_speed = settings.text_speed.cycle(true),
            UiAction::ToggleFeedback => settings.feedback_after_choice = !settings.feedback_after_choice,
            UiAction::EnterPin => {
                lrs.editing = None;
                buffer.0.clear();
                let purpose = if settings.trainer_pin.is_some() {
                    PinPurpose::Unlock
                } else {
                    PinPurpose::Set
                };
                *entry = PinEntry {
                    typing: Some(purpose),
                    ..default()
                };
                focus.0 = None;
            }
            UiAction::SubmitText => {
                let now = time.elapsed_secs_f64();
                submit_pin(&mut settings, &mut lock, &mut entry, &mut tries, now);
                // Unlocked for the screen that asked: go on to it.
                if !settings.locked(&lock)
                    && let Some(screen) = pin_for.0.take()
                {
                    next.set(screen);
                } else if entry.typing.is_none() {
                    // Typing is over: the highlight comes back, on the PIN line (set, unlock or lock again).
                    focus.0 = Some(PIN_ORDER);
                }
            }
            UiAction::LockSettings => {
                lock.unlocked = false;
                entry.note = None;
            }
            UiAction::ClearPin if !settings.locked(&lock) => {
                settings.trainer_pin = None;
                entry.note = Some(Phrase::PinCleared);
            }
            UiAction::Back if entry.typing.is_some() && pin_for.0.is_none() => {
                *entry = PinEntry::default();
                focus.0 = Some(PIN_ORDER);
            }
            UiAction::Back => {
                pin_for.0 = None;
                next.set(Screen::Title);
            }
            _ => {}
        }
    }
    for (root, built) in &roots {
        if settings.is_changed() || lock.is_changed() || entry.is_changed() || lrs.is_changed() || !built {
            rebuild(&mut commands, root, &settings, &lock, &entry, &lrs);
        }
    }
}

/// Enter in the PIN field: a new PIN is asked for twice, then hashed; the trainer who set it stays unlocked
/// until they press *Lock again* or close the game (locking them out at once would make them type it
/// again to finish setting up). An entered PIN unlocks for this session if it matches. After
/// [`FREE_TRIES`] wrong ones in a row, each further try waits ([`wait_after`]); a PIN typed during the wait
/// is not tried at all.
fn submit_pin(settings: &mut Settings, lock: &mut TrainerLock, entry: &mut PinEntry, tries: &mut PinTries, now: f64) {
    let Some(purpose) = entry.typing else { return };
    let digits = std::mem::take(&mut entry.digits);
    entry.wait = None;
    match purpose {
        PinPurpose::Set if valid_pin(&digits) => {
            *entry = PinEntry {
                typing: Some(PinPurpose::Confirm),
                first: Some(digits),
                ..default()
            };
        }
        PinPurpose::Set => entry.note = Some(Phrase::PinTooShort),
        PinPurpose::Confirm => {
            let first = entry.first.take().unwrap_or_default();
            match PinHash::new(&digits) {
                Some(hash) if digits == first => {
                    settings.trainer_pin = Some(hash);
                    lock.unlocked = true;
                    *entry = PinEntry {
                        note: Some(Phrase::PinSetUnlocked),
                        ..default()
                    };
                }
                _ => {
                    *entry = PinEntry {
                        typing: Some(PinPurpose::Set),
                        note: Some(Phrase::PinMismatch),
                        ..default()
                    };
                }
            }
        }
        PinPurpose::Unlock => {
            if let Some(until) = tries.refused_until
                && now < until
            {
                entry.note = None;
                entry.wait = Some((until - now).ceil() as u64);
            } else if settings.trainer_pin.as_ref().is_some_and(|pin| pin.matches(&digits)) {
                lock.unlocked = true;
                *tries = PinTries::default();
                *entry = PinEntry::default();
            } else {
                tries.wrong_in_a_row += 1;
                entry.note = Some(Phrase::WrongPin);
                if let Some(seconds) = wait_after(tries.wrong_in_a_row) {
                    tries.refused_until = Some(now + seconds as f64);
                    entry.wait = Some(seconds);
                }
            }
        }
    }
}
