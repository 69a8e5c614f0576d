//! Floor 2 · Player settings: language, text size, fullscreen, feedback timing, whether the first-run guide was seen,
//! the trainer PIN that locks the class-wide ones, and where results go (the LRS section, `lrs_section`).
//! Saved whenever they change; a broken file is set aside (never overwritten) and reported (the banner that
//! says so is `screens::banners`).

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::text::RemSize;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use goodwill_engine::Lang;
use goodwill_store::lrs::LrsSettings;
use serde::{Deserialize, Serialize};

mod lrs_section;
mod pin;

pub use lrs_section::{ConnectionProblem, LrsEdit, LrsField, LrsNote};
pub use pin::{PIN_LENGTH, PinHash, valid_pin};

use crate::game::state::{GameSet, Screen};

pub use crate::config::{CONFIG_ENV, config_dir};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TextSize {
    Small,
    #[default]
    Medium,
    Large,
    ExtraLarge,
}

impl TextSize {
    pub const ALL: [TextSize; 4] = [TextSize::Small, TextSize::Medium, TextSize::Large, TextSize::ExtraLarge];

    /// Pixels per rem: every font size in the game is given in rem.
    pub fn rem(self) -> f32 {
        match self {
            TextSize::Small => 16.0,
            TextSize::Medium => 20.0,
            TextSize::Large => 25.0,
            TextSize::ExtraLarge => 31.0,
        }
    }

    /// One size larger, wrapping from the largest to the smallest.
    pub fn next(self) -> TextSize {
        self.step(1)
    }

    /// One size smaller, wrapping from the smallest to the largest.
    pub fn previous(self) -> TextSize {
        self.step(Self::ALL.len() - 1)
    }

    fn step(self, by: usize) -> TextSize {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + by) % Self::ALL.len()]
    }
}

/// How fast the customer's line appears: a slow reader, a projector audience, or someone who wants it
/// all at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TextSpeed {
    Slow,
    #[default]
    Normal,
    Fast,
    Instant,
}

impl TextSpeed {
    pub const ALL: [TextSpeed; 4] = [TextSpeed::Slow, TextSpeed::Normal, TextSpeed::Fast, TextSpeed::Instant];

    /// Characters revealed per second; `None` shows the whole line at once.
    pub fn chars_per_second(self) -> Option<f32> {
        match self {
            TextSpeed::Slow => Some(22.0),
            TextSpeed::Normal => Some(45.0),
            TextSpeed::Fast => Some(90.0),
            TextSpeed::Instant => None,
        }
    }

    /// The next speed, or the previous one with `back`, wrapping round.
    pub fn cycle(self, back: bool) -> TextSpeed {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(1);
        let n = Self::ALL.len();
        Self::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
// Unknown fields are errors, as in scenario files: a misspelt `trainer_pin` must not silently unlock a class.
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub lang: Lang,
    pub text_size: TextSize,
    pub fullscreen: bool,
    /// Show the feedback note right after each choice (otherwise only in the debrief).
    pub feedback_after_choice: bool,
    /// How fast the customer's line is revealed on the play screen.
    pub text_speed: TextSpeed,
    /// The first-run guide was finished or skipped, so launching again goes straight to the title.
    pub onboarding_seen: bool,
    /// Set by a trainer: language, text size and feedback timing stay as they are until the PIN is entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trainer_pin: Option<PinHash>,
    /// Where results go (a learning record store) and whether the game sends them by itself. Left out of
    /// the file until set; checked by its rules when read (`goodwill_store::lrs::LrsSettings`).
    #[serde(skip_serializing_if = "LrsSettings::is_unset")]
    pub lrs: LrsSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Zh,
            text_size: TextSize::Medium,
            fullscreen: false,
            feedback_after_choice: true,
            text_speed: TextSpeed::Normal,
            onboarding_seen: false,
            trainer_pin: None,
            lrs: LrsSettings::default(),
        }
    }
}

/// Why the settings file could not be used, for the title and settings screens. The file itself was moved
/// to `kept_as`, untouched, so fixing it by hand loses nothing.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct SettingsProblem(pub Option<BrokenSettings>);

impl SettingsProblem {
    /// A broken file that could not be moved aside is still in place: saving would overwrite it.
    pub fn blocks_saving(&self) -> bool {
        self.0.as_ref().is_some_and(|b| b.kept_as.is_none())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BrokenSettings {
    /// What is wrong, in the player's words in either language.
    pub fault: SettingsFault,
    /// The checker's own detail (English, for the log and an English banner).
    pub error: String,
    pub kept_as: Option<PathBuf>,
}

/// What is wrong with a settings file, so the banner can say it in the player's language.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsFault {
    /// Saved as UTF-16 (Windows Notepad's "Unicode"): RON files are UTF-8.
    Utf16,
    /// Not UTF-8: a comment typed in GBK ("ANSI" in Notepad), or a binary file. `line` is where.
    NotUtf8 { line: usize },
    /// The text is not what the game writes: a syntax error, an unknown field, a PIN typed in by hand.
    Rules { line: usize, column: usize },
    /// It could not be read at all (permissions, a folder of that name).
    Unreadable,
}

impl SettingsFault {
    /// The fault in `lang`, with where it is.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (SettingsFault::Utf16, Lang::Zh) => "文件是 UTF-16 编码，即记事本的“Unicode”；请另存为 UTF-8".into(),
            (SettingsFault::Utf16, Lang::En) => {
                "the file is saved as UTF-16, Notepad's \"Unicode\"; save it as UTF-8".into()
            }
            (SettingsFault::NotUtf8 { line }, Lang::Zh) => {
                format!("第 {line} 行不是 UTF-8 编码，可能是以 GBK/ANSI 保存的；请另存为 UTF-8")
            }
            (SettingsFault::NotUtf8 { line }, Lang::En) => {
                format!("line {line} is not UTF-8, perhaps saved as GBK/ANSI; save it as UTF-8")
            }
            (SettingsFault::Rules { line, column }, Lang::Zh) => {
                format!("第 {line} 行第 {column} 列不符合设置文件的格式")
            }
            (SettingsFault::Rules { .. }, Lang::En) => String::new(),
            (SettingsFault::Unreadable, Lang::Zh) => "文件无法读取".into(),
            (SettingsFault::Unreadable, Lang::En) => "the file cannot be read".into(),
        }
    }
}

impl Settings {
    fn path() -> Option<PathBuf> {
        crate::config::settings_file()
    }

    /// Reads a settings file's text by the rules the game keeps when it writes one: known fields only, a
    /// PIN only in its hashed form.
    pub fn parse(text: &str) -> Result<Settings, String> {
        // `trainer_pin: "…"` as well as `Some("…")`: a hand-written PIN is then refused for what it is.
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| e.to_string())
    }

    /// Loads saved settings; a missing file gives the defaults (first launch).
    pub fn load() -> (Settings, SettingsProblem) {
        match Self::path() {
            Some(path) => Self::load_from(&path),
            None => (Settings::default(), SettingsProblem::default()),
        }
    }

    /// Loads `path`. A file that breaks the rules — or is not UTF-8 text at all (a GBK comment, a file
    /// saved as UTF-16) — is renamed aside (`settings.ron.broken`, numbered if that exists) so the next save
    /// cannot overwrite it, and the game starts from the defaults. A UTF-8 byte order mark (Notepad adds
    /// one) is fine.
    pub fn load_from(path: &Path) -> (Settings, SettingsProblem) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Settings::default(), SettingsProblem::default());
            }
            Err(e) => return Self::broken(path, SettingsFault::Unreadable, e.to_string()),
        };
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Self::broken(path, SettingsFault::Utf16, "the file is UTF-16, not UTF-8".into());
        }
        let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)) {
            Ok(text) => text,
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
                let detail = format!("line {line} is not UTF-8 text");
                return Self::broken(path, SettingsFault::NotUtf8 { line }, detail);
            }
        };
        match Self::parse_spanned(text) {
            Ok(settings) => (settings, SettingsProblem::default()),
            Err((fault, error)) => Self::broken(path, fault, error),
        }
    }

    /// [`Self::parse`], with where the first problem is.
    fn parse_spanned(text: &str) -> Result<Settings, (SettingsFault, String)> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| {
                let at = SettingsFault::Rules {
                    line: e.span.start.line,
                    column: e.span.start.col,
                };
                (at, e.to_string())
            })
    }

    /// Moves a broken settings file aside and starts from the defaults. When it cannot be moved, it stays
    /// where it is and is not saved over ([`SettingsProblem::blocks_saving`]).
    fn broken(path: &Path, fault: SettingsFault, error: String) -> (Settings, SettingsProblem) {
        warn!("settings file {}: {error}", path.display());
        let kept_as = (0..100)
            .map(|n| {
                let suffix = if n == 0 {
                    "broken".to_owned()
                } else {
                    format!("broken-{n}")
                };
                path.with_extension(format!("ron.{suffix}"))
            })
            .find(|candidate| std::fs::symlink_metadata(candidate).is_err())
            .filter(|candidate| std::fs::rename(path, candidate).is_ok());
        // Someone has used this machine before: the guide need not greet them again.
        let settings = Settings {
            onboarding_seen: true,
            ..Settings::default()
        };
        (
            settings,
            SettingsProblem(Some(BrokenSettings { fault, error, kept_as })),
        )
    }

    /// Writes the settings through the store's one output guard (never over the results database's files)
    /// and its atomic writer (temporary file, fsync, rename).
    pub fn save_to(&self, path: &Path) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).map_err(|e| e.to_string())?;
        goodwill_store::output::OutputGuard::for_data_dir(&goodwill_store::data_dir(None))
            .replace_in_own_folder(path, text.as_bytes())
            .map_err(|e| e.to_string())
    }

    /// Saves to the settings file; whether it was written.
    pub fn save(&self) -> bool {
        let Some(path) = Self::path() else { return false };
        match self.save_to(&path) {
            Ok(()) => true,
            Err(e) => {
                warn!("could not save settings to {}: {e}", path.display());
                false
            }
        }
    }

    /// Whether language, text size and feedback timing are held by a trainer PIN right now.
    pub fn locked(&self, lock: &TrainerLock) -> bool {
        self.trainer_pin.is_some() && !lock.unlocked
    }
}

/// Whether the trainer PIN has been entered during this run of the game (never saved: the next launch is
/// locked again), and the values the lock holds.
#[derive(Resource, Debug, Default)]
pub struct TrainerLock {
    pub unlocked: bool,
    held: Option<Held>,
}

/// The settings a trainer PIN holds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Held {
    lang: Lang,
    text_size: TextSize,
    feedback_after_choice: bool,
}

impl Held {
    fn of(settings: &Settings) -> Held {
        Held {
            lang: settings.lang,
            text_size: settings.text_size,
            feedback_after_choice: settings.feedback_after_choice,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let (settings, problem) = Settings::load();
    lrs_section::plugin(app);
    app.insert_resource(settings)
        .insert_resource(problem)
        .init_resource::<TrainerLock>()
        .add_systems(Startup, apply_settings)
        .add_systems(
            Update,
            (hold_locked_settings, (apply_settings, save_settings))
                .chain()
                .after(GameSet::Act)
                .before(GameSet::Run)
                .run_if(resource_changed::<Settings>.or_else(resource_changed::<TrainerLock>)),
        )
        .init_resource::<PinFor>()
        .add_systems(Update, keep_behind_pin.after(GameSet::Act).before(GameSet::Run))
        .add_systems(OnEnter(Screen::Class), turn_back_at_the_pin)
        .add_systems(OnEnter(Screen::ClassSetup), turn_back_at_the_pin)
        .add_systems(OnEnter(Screen::VoteSetup), turn_back_at_the_pin)
        .add_systems(OnEnter(Screen::ClassAnswers), turn_back_at_the_pin)
        .add_systems(OnEnter(Screen::GroupSetup), turn_back_at_the_pin)
        .add_systems(Update, scale_to_window);
}

/// The trainer's screens: a class's results and names, creating a class, exporting its report, opening a
/// class vote, the class's reflection answers, running a group game. While a PIN is set and not entered they
/// open only through it.
pub const BEHIND_PIN: [Screen; 5] = [
    Screen::Class,
    Screen::ClassSetup,
    Screen::VoteSetup,
    Screen::ClassAnswers,
    Screen::GroupSetup,
];

/// A screen behind the PIN that was asked for while locked: the settings screen opens on the PIN field
/// and goes on to it once the PIN is entered.
#[derive(Resource, Debug, Default)]
pub struct PinFor(pub Option<Screen>);

/// A trainer's screen entered while the PIN holds by a way [`keep_behind_pin`] did not see (a state set
/// from outside the frame's systems): straight on to the PIN.
fn turn_back_at_the_pin(
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    settings: Res<Settings>,
    lock: Res<TrainerLock>,
    mut pin_for: ResMut<PinFor>,
) {
    if settings.locked(&lock) {
        pin_for.0 = Some(*screen.get());
        next.set(Screen::Settings);
    }
}

/// Whatever asks for a trainer's screen while the PIN holds — the title's button, a shortcut, anything
/// added later — is sent to the PIN instead, here in one place, before the screen is built.
fn keep_behind_pin(
    mut next: ResMut<NextState<Screen>>,
    settings: Res<Settings>,
    lock: Res<TrainerLock>,
    mut pin_for: ResMut<PinFor>,
) {
    let (NextState::Pending(wanted) | NextState::PendingIfNeq(wanted)) = *next else {
        return;
    };
    if BEHIND_PIN.contains(&wanted) && settings.locked(&lock) {
        pin_for.0 = Some(wanted);
        next.set(Screen::Settings);
    }
}

/// While locked, whatever changed the held settings — a settings button, the title's L key, anything added
/// later — is undone here, in one place, before the change is applied or saved.
fn hold_locked_settings(mut settings: ResMut<Settings>, mut lock: ResMut<TrainerLock>) {
    let now = Held::of(&settings);
    let held = match lock.held {
        Some(held) if settings.locked(&lock) => held,
        _ => {
            if lock.held != Some(now) {
                lock.held = Some(now);
            }
            return;
        }
    };
    if now != held {
        info!("settings are locked by the trainer PIN; keeping them");
        settings.lang = held.lang;
        settings.text_size = held.text_size;
        settings.feedback_after_choice = held.feedback_after_choice;
    }
}

/// The layout is designed for 1280×720. A taller window (a 1080p projector, a 4K screen) scales the whole
/// interface up with it — text, spacing and charts alike — instead of leaving small text in a sea of
/// background; the text-size setting applies on top. Smaller windows keep the designed size.
pub const DESIGN_HEIGHT: f32 = 720.0;

fn scale_to_window(windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>, scale: Option<ResMut<UiScale>>) {
    let Some(mut scale) = scale else { return };
    for window in &windows {
        let wanted = (window.height() / DESIGN_HEIGHT).max(1.0);
        if (scale.0 - wanted).abs() > 0.01 {
            scale.0 = wanted;
        }
    }
}

fn apply_settings(
    settings: Res<Settings>,
    mut rem: ResMut<RemSize>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    rem.0 = settings.text_size.rem();
    for mut window in &mut windows {
        let mode = if settings.fullscreen {
            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
        if window.mode != mode {
            window.mode = mode;
        }
    }
}

fn save_settings(settings: Res<Settings>, mut problem: ResMut<SettingsProblem>) {
    if settings.is_changed()
        && !settings.is_added()
        && !problem.blocks_saving()
        && settings.save()
        && problem.0.is_some()
    {
        // A good file now stands where the broken one was (which stays kept aside): the warning is over.
        problem.0 = None;
    }
}
