//! Floor 4 · Screenshot tour for CI and reviewers: with `GOODWILL_SCREENSHOTS=DIR` the game seeds its results
//! database with a small class (use a scratch `GOODWILL_DATA_DIR`), then drives itself through every screen —
//! the first-run guide, title, profiles, select, play, the glossary, pause, debrief, progress, transcript,
//! class view, the pair exercise, settings, the class vote and the group games, then the play screen of every case — in Chinese and in
//! English, saving a PNG of each into DIR, then quits. It sends the same `UiAction`s a player's keys and clicks send.

use std::path::PathBuf;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key as LogicalKey, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::winit::WinitSettings;
use goodwill_engine::Lang;

use super::class_vote::{ClassVote, VoteStage};
use super::input::UiAction;
use super::library::Library;
use super::results::ResultsDb;
use super::run::{ActiveRun, Phase, StartRun};
use super::settings::Settings;

pub const ENV: &str = "GOODWILL_SCREENSHOTS";
/// With the tour: only these cases' play screens (comma-separated ids).
pub const CASES_ENV: &str = "GOODWILL_TOUR_CASES";
/// With the tour: `GOODWILL_TOUR_SHORT=1` shoots only the title, the case list, the play screen and the
/// debrief, in Chinese — the Windows build's look under Wine, where rendering is several times slower.
pub const SHORT_ENV: &str = "GOODWILL_TOUR_SHORT";

#[derive(Debug, Clone)]
enum Step {
    Lang(Lang),
    Act(UiAction),
    /// Press a key, as a player would (for the keyboard's own moves: focus, scrolling, Esc).
    Key(KeyCode),
    /// Skip the reveal until the answers are shown.
    UntilChoosing,
    /// Start the first playable scenario.
    Start,
    /// Start the case with this id (the play screen of every case is shot).
    StartCase(String),
    /// Answer with this 0-based choice once the choices are shown (skipping reveal and feedback).
    Answer(usize),
    /// Keep answering with the first choice until the debrief (rating 3 when asked).
    Finish,
    /// Pick a line the customer player must rate, so the rating prompt shows.
    AnswerRated,
    Shot(&'static str),
    /// Class vote: write the room's address and code for the phones (a browser script in CI reads it),
    /// then wait until `.0` phones have joined, or go on without them once [`PHONE_WAIT_FRAMES`] pass.
    InvitePhones(usize),
    /// Class vote: wait until the vote at this step has closed (every phone voted), or close it after
    /// [`PHONE_WAIT_FRAMES`]; with no votes the trainer picks the first answer.
    UntilVoteClosed,
    /// Class vote: play the picked answer and read its feedback, step after step, to the debrief; each
    /// step waits for the phones as `UntilVoteClosed` does.
    FinishVote,
}

/// With the tour: how many phones join the class vote (CI's browser script joins the seeded class's three
/// trainees). Unset, the tour plays the class vote with no phones, the trainer picking every answer.
pub const PHONES_ENV: &str = "GOODWILL_TOUR_PHONES";
/// How long the tour waits for phones at a step (frames of about 1/60 s, rendering continuously).
const PHONE_WAIT_FRAMES: u32 = 60 * 90;

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    steps: Vec<Step>,
    next: usize,
    wait: u32,
    /// Frames spent waiting for the phones at the current step.
    waited: u32,
}

pub fn configure(app: &mut App) {
    let Some(dir) = std::env::var_os(ENV).map(PathBuf::from) else {
        return;
    };
    let _ = std::fs::create_dir_all(&dir);
    let mut steps = Vec::new();
    // `GOODWILL_TOUR_CASES=a,b`: only those cases' play screens (a quick look at a 4K window, where the
    // whole tour takes a quarter of an hour).
    let only_cases: Option<Vec<String>> = std::env::var(CASES_ENV).ok().map(|list| {
        list.split(',')
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .collect()
    });
    let phones: usize = std::env::var(PHONES_ENV).ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let short = std::env::var_os(SHORT_ENV).is_some_and(|v| v == "1");
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let shot = |name: &str| Step::Shot(Box::leak(format!("{name}-{code}").into_boxed_str()));
        if short {
            if lang == Lang::Zh {
                steps.extend([
                    Step::Lang(lang),
                    Step::Act(UiAction::OpenGuide),
                    Step::Act(UiAction::Done),
                    shot("1-title"),
                    Step::Act(UiAction::OpenProfiles),
                    Step::Act(UiAction::PickProfile(0)),
                    shot("2-select"),
                    Step::Start,
                    Step::UntilChoosing,
                    shot("4-play-answers"),
                    Step::Answer(0),
                    shot("4-play"),
                    Step::Finish,
                    shot("6-debrief"),
                ]);
            }
            continue;
        }
        if let Some(ids) = &only_cases {
            steps.push(Step::Lang(lang));
            for id in ids {
                steps.extend([
                    Step::StartCase(id.clone()),
                    Step::UntilChoosing,
                    shot(&format!("15-play-{id}")),
                ]);
            }
            continue;
        }
        steps.extend([
            Step::Lang(lang),
            // The first launch opens on the guide; the second language reopens it from the title.
            Step::Act(UiAction::OpenGuide),
            shot("0-guide-account"),
            Step::Act(UiAction::NextStep),
            Step::Act(UiAction::NextStep),
            shot("0-guide-steps"),
            Step::Act(UiAction::Done),
            shot("1-title"),
            // Esc asks before quitting; Esc again stays.
            Step::Key(KeyCode::Escape),
            shot("1-quit-confirm"),
            Step::Key(KeyCode::Escape),
            Step::Act(UiAction::OpenProfiles),
            shot("2-profiles"),
            Step::Act(UiAction::PickProfile(0)),
            shot("2-select"),
            // The details of broken files (none in the shipped folder; run with GOODWILL_SCENARIOS set to
            // a folder holding a broken file to see the cards), shown and hidden again with P.
            Step::Key(KeyCode::KeyP),
            shot("2-select-problems"),
            Step::Key(KeyCode::KeyP),
        ]);
        // ↓ to the last row of cards: the list follows the highlight.
        steps.extend(std::iter::repeat_n(Step::Key(KeyCode::ArrowDown), 6));
        steps.extend([
            Step::Key(KeyCode::ArrowRight),
            shot("2-select-last"),
            Step::Start,
            Step::Answer(1),
            Step::Act(UiAction::Continue),
            shot("3-play-feedback"),
            Step::UntilChoosing,
        ]);
        // The answers by keyboard alone: ↓ to the last one, which the column scrolls into view.
        steps.extend(std::iter::repeat_n(Step::Key(KeyCode::ArrowDown), 4));
        steps.extend([
            shot("4-play-answers"),
            Step::Answer(0),
            shot("4-play"),
            Step::Act(UiAction::OpenGlossary),
            shot("4-glossary"),
            Step::Act(UiAction::CloseGlossary),
            Step::Act(UiAction::Pause),
            shot("5-pause"),
            Step::Act(UiAction::Resume),
            Step::Finish,
            shot("6-debrief"),
            // Further down: the accuracy beside the outcome, then every step marked with its judgement.
            Step::Key(KeyCode::PageDown),
            shot("6-debrief-accuracy"),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            shot("6-debrief-steps"),
            Step::Act(UiAction::BackToList),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::OpenProgress),
            shot("8-progress"),
            Step::Act(UiAction::OpenAttempt(0)),
            Step::Act(UiAction::NextStep),
            shot("9-transcript"),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::OpenClass),
            shot("10-class"),
            Step::Act(UiAction::NewClass),
            shot("10-class-setup"),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::OpenPair),
            // The seeded class has three trainees: the third observes.
            Step::Act(UiAction::PickObserver(Some(2))),
            shot("11-pair-setup"),
            Step::Act(UiAction::StartPair),
            shot("12-look-away"),
            Step::Act(UiAction::RevealCard),
            shot("12-role-card"),
            Step::Act(UiAction::Continue),
            Step::AnswerRated,
            shot("13-rating"),
            Step::Act(UiAction::Rate(4)),
            Step::Finish,
            Step::Act(UiAction::ToggleObserverStep(0)),
            shot("13-observer"),
            Step::Act(UiAction::Done),
            Step::Act(UiAction::NextRound),
            Step::Act(UiAction::RevealCard),
            Step::Act(UiAction::Continue),
            Step::Finish,
            Step::Act(UiAction::Done),
            Step::Act(UiAction::NextRound),
            shot("14-pair-debrief"),
            Step::Act(UiAction::Back),
            Step::Act(UiAction::OpenSettings),
            shot("7-settings"),
            Step::Act(UiAction::Back),
            // The class vote: setup, the lobby with its QR code, a step being voted on, the split, the
            // feedback, and the debrief with the class's split.
            Step::Act(UiAction::OpenClassVote),
            shot("16-vote-setup"),
            Step::Act(UiAction::OpenVoteRoom),
            Step::InvitePhones(phones),
            shot("16-vote-lobby"),
            Step::Act(UiAction::BeginVoteCase),
            Step::UntilChoosing,
            shot("16-vote-voting"),
            Step::UntilVoteClosed,
            shot("16-vote-split"),
            Step::Act(UiAction::PlayVoteAnswer),
            shot("16-vote-feedback"),
            Step::FinishVote,
            shot("16-vote-debrief"),
            Step::Act(UiAction::BackToList),
            Step::Act(UiAction::Back),
            // Group games: the promise game for three pairs of the seeded group class, through its stages.
            Step::Act(UiAction::OpenGroupGames),
        ]);
        // The setup opens on the signed-in trainee's class, then remembers the last one shown: the first
        // language switches to the group class once, and its pairs are kept for the second.
        if lang == Lang::Zh {
            steps.push(Step::Act(UiAction::CycleClass));
        }
        steps.extend((0..6).map(|i| Step::Act(UiAction::AddToPair(i))));
        steps.extend([
            Step::Act(UiAction::CyclePairObserver(0)),
            shot("17-group-setup"),
            // Further down: the pairs, each with its observer and cards.
            Step::Key(KeyCode::PageDown),
            Step::Key(KeyCode::PageDown),
            shot("17-group-setup-pairs"),
            Step::Act(UiAction::StartGroupGame),
            shot("17-group-cards"),
            Step::Act(UiAction::GroupNext),
        ]);
        for (pair, which) in [(0, 0), (0, 0), (0, 2), (1, 0), (1, 1), (2, 0), (2, 3)] {
            steps.push(Step::Act(UiAction::Tally { pair, which, up: true }));
        }
        steps.extend([
            shot("17-group-round"),
            Step::Act(UiAction::GroupNext),
            shot("17-group-swap"),
            Step::Act(UiAction::GroupNext),
            Step::Act(UiAction::Tally {
                pair: 0,
                which: 0,
                up: true,
            }),
            Step::Act(UiAction::GroupNext),
            shot("17-group-discussion"),
            Step::Act(UiAction::GroupNext),
            shot("17-group-results"),
            Step::Act(UiAction::Back),
        ]);
        // The class view, scrolled to its group games at the bottom.
        steps.extend(std::iter::repeat_n(Step::Key(KeyCode::PageDown), 12));
        steps.extend([shot("17-group-class"), Step::Act(UiAction::Back)]);
        // The play screen of every case, its first line and answers: the longest scenes and lines are
        // where a large text size breaks first.
        for id in case_ids() {
            steps.extend([
                Step::StartCase(id.clone()),
                Step::UntilChoosing,
                shot(&format!("15-play-{id}")),
            ]);
        }
        steps.extend([Step::Act(UiAction::Pause), Step::Act(UiAction::BackToList)]);
    }
    let seeded = app.world().get_resource::<ResultsDb>().is_some_and(seed_results);
    if seeded {
        // Ann, whose attempt was left unfinished, is at the keyboard: the title offers only the signed-in
        // trainee's own attempt, so the resume card shows for her.
        app.insert_resource(crate::game::results::Player {
            profile: Some("Ann".into()),
            class: Some(SEEDED_CLASS.into()),
        });
    }
    // Render continuously while touring: nobody is there to send input.
    app.insert_resource(WinitSettings::game())
        .insert_resource(Tour {
            dir,
            steps,
            next: 0,
            wait: 30,
            waited: 0,
        })
        .add_systems(Update, drive.in_set(crate::game::state::GameSet::Input));
}
fn drive(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    mut settings: ResMut<Settings>,
    library: Res<Library>,
    run: Option<Res<ActiveRun>>,
    mut actions: MessageWriter<UiAction>,
    mut starts: MessageWriter<StartRun>,
    mut exit: MessageWriter<AppExit>,
    mut keys: MessageWriter<KeyboardInput>,
    vote: Option<Res<ClassVote>>,
    db: Option<Res<ResultsDb>>,
) {
    let db_dir = db.as_ref().map(|db| db.dir.clone()).unwrap_or_default();
    if tour.wait > 0 {
        tour.wait -= 1;
        return;
    }
    let Some(step) = tour.steps.get(tour.next).cloned() else {
        exit.write(AppExit::Success);
        return;
    };
    let mut done = true;
    let waits_on_phones = matches!(step, Step::InvitePhones(_) | Step::UntilVoteClosed | Step::FinishVote);
    match step {
        Step::Lang(lang) => settings.lang = lang,
        Step::Act(action) => {
            actions.write(action);
        }
        Step::Key(key) => {
            for state in [ButtonState::Pressed, ButtonState::Released] {
                keys.write(KeyboardInput {
                    key_code: key,
                    logical_key: LogicalKey::Unidentified(NativeKey::Unidentified),
                    state,
                    text: None,
                    repeat: false,
                    window: Entity::PLACEHOLDER,
                });
            }
        }
        Step::UntilChoosing => match run.as_ref().map(|r| r.phase) {
            Some(Phase::Choosing) => {}
            _ => {
                done = false;
                actions.write(UiAction::Continue);
            }
        },
        Step::StartCase(id) => match library.find(&id) {
            Some(s) => {
                starts.write(StartRun::new(s.clone()));
            }
            None => done = library.ready,
        },
        Step::Start => match library.playable().next() {
            Some(s) => {
                starts.write(StartRun::new(s.clone()));
            }
            None => done = library.ready,
        },
        Step::Answer(_) | Step::Finish | Step::AnswerRated if run.is_none() => done = false,
        Step::AnswerRated => {
            let run = run.as_ref().expect("checked above");
            match run.phase {
                Phase::Choosing => {
                    let offered = run.session.offered();
                    match offered.iter().position(|&i| run.session.wants_rating(i)) {
                        Some(position) => {
                            actions.write(UiAction::Choose(position));
                        }
                        None => {
                            done = false;
                            actions.write(UiAction::Choose(0));
                        }
                    }
                }
                _ => {
                    done = false;
                    actions.write(UiAction::Continue);
                }
            }
        }
        Step::Answer(i) => {
            let run = run.as_ref().expect("checked above");
            match run.phase {
                Phase::Choosing => actions.write(UiAction::Choose(i)),
                _ => {
                    done = false;
                    actions.write(UiAction::Continue)
                }
            };
        }
        Step::Finish => {
            let run = run.as_ref().expect("checked above");
            if run.session.is_over() && run.phase != Phase::Reveal && run.phase != Phase::Choosing {
                actions.write(UiAction::Continue);
            } else {
                done = false;
                actions.write(match run.phase {
                    Phase::Choosing => UiAction::Choose(0),
                    Phase::Rating(_) => UiAction::Rate(3),
                    _ => UiAction::Continue,
                });
            }
        }
        Step::InvitePhones(_) | Step::UntilVoteClosed | Step::FinishVote if vote.is_none() => done = false,
        Step::InvitePhones(phones) => {
            let vote = vote.as_ref().expect("checked above");
            if tour.waited == 0 {
                let invite = serde_json::json!({
                    "url": vote.server.join_url(),
                    "code": vote.server.join_code(),
                    "roster": vote.request.roster,
                    "lang": settings.lang.code(),
                });
                // The browser script waits for this file; the tour goes on without phones if none come.
                let file = tour.dir.join(format!("class-vote-{}.json", settings.lang.code()));
                let guard = goodwill_store::output::OutputGuard::for_data_dir(&db_dir);
                if let Err(e) = guard.replace(&file, invite.to_string().as_bytes()) {
                    error!("tour: cannot write {}: {e}", file.display());
                }
            }
            done = vote.view.seats.len() >= phones || tour.waited >= PHONE_WAIT_FRAMES;
            tour.waited += 1;
        }
        Step::UntilVoteClosed => {
            let vote = vote.as_ref().expect("checked above");
            done = wait_for_the_vote(vote, &mut tour.waited, &mut actions);
        }
        Step::FinishVote => {
            let vote = vote.as_ref().expect("checked above");
            match run.as_ref().map(|r| (r.phase, r.session.is_over())) {
                Some((Phase::Choosing, _)) => {
                    done = false;
                    if wait_for_the_vote(vote, &mut tour.waited, &mut actions) {
                        tour.waited = 0;
                        actions.write(UiAction::PlayVoteAnswer);
                    }
                }
                Some((_, true)) | None => {
                    // The last feedback read: on to the debrief.
                    done = run.is_none()
                        || matches!(run.as_ref().map(|r| r.phase), Some(Phase::Feedback | Phase::Closed)) && {
                            actions.write(UiAction::Continue);
                            true
                        };
                }
                Some(_) => {
                    done = false;
                    actions.write(UiAction::Continue);
                }
            }
        }
        Step::Shot(name) => {
            let path = tour.dir.join(format!("{name}.png"));
            commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
        }
    }
    if done {
        tour.next += 1;
        tour.waited = 0;
        tour.wait = 20;
    } else if waits_on_phones {
        // Waiting on phones: look again next frame.
        tour.wait = 0;
    } else {
        tour.wait = 20;
    }
}

/// Whether the vote at this step has closed with an answer picked. Waits for the phones while they may
/// still come; then closes the vote, and with no votes (or a tie) picks the first answer as a trainer would.
fn wait_for_the_vote(vote: &ClassVote, waited: &mut u32, actions: &mut MessageWriter<UiAction>) -> bool {
    *waited += 1;
    match &vote.stage {
        VoteStage::Closed { pick: Some(_), .. } => true,
        VoteStage::Closed { pick: None, .. } => {
            actions.write(UiAction::Choose(0));
            false
        }
        VoteStage::Voting { .. } if *waited >= PHONE_WAIT_FRAMES || vote.view.seats.is_empty() => {
            actions.write(UiAction::CloseVote);
            false
        }
        _ => false,
    }
}

/// The ids of the cases in the scenarios folder (the files' names), sorted: the tour shoots each one's
/// play screen. Read from the folder, not the library, which is still loading when the tour is planned.
pub fn case_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(crate::paths::scenarios_dir())
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "ron").then_some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// Fills an empty results database with a small class, so the progress, class and pair screens have
/// something to show: three trainees, a few finished attempts, and one left unfinished (the resume card).
/// Whether it seeded them (only into an empty database).
fn seed_results(db: &ResultsDb) -> bool {
    use goodwill_store::NewAttempt;
    if db.read(|s| s.profiles()).is_none_or(|p| !p.is_empty()) {
        return false;
    }
    let dir = crate::paths::scenarios_dir();
    let load = |id: &str| {
        goodwill_engine::load_file(&dir.join(format!("{id}.ron")))
            .scenario
            .map(std::sync::Arc::new)
    };
    let (Some(soup), Some(roaming)) = (load("spilled-soup"), load("roaming-charge")) else {
        return false;
    };
    let class = SEEDED_CLASS;
    // Seeding is the tour's own set-up: a failure shows in the log and in the screenshots' empty views.
    // The group games' class first, so the seeded class stays the newest (the class view opens on it).
    db.write(&mut super::results::SaveProblem::default(), |s| {
        let roster = ["王芳", "李明", "Ann", "Bob", "Cai", "Dee", "Eve"].map(String::from);
        s.create_class(GROUP_CLASS, &roster, &[])
    });
    db.write(&mut super::results::SaveProblem::default(), |s| {
        s.create_class(
            class,
            &["王芳".into(), "李明".into(), "Ann".into()],
            &["spilled-soup".into(), "roaming-charge".into()],
        )
    });
    // The best and worst paths by the engine's analysis (0-based file indices), so the seeded results
    // stay meaningful whatever the content says.
    let paths = |s: &goodwill_engine::Scenario| {
        let analysis = goodwill_engine::analyze::analyze(s);
        let choices = |end: Option<goodwill_engine::analyze::PathEnd>| end.map(|e| e.choices).unwrap_or_default();
        (choices(analysis.best), choices(analysis.worst))
    };
    let ((soup_best, soup_worst), (roaming_best, roaming_worst)) = (paths(&soup), paths(&roaming));
    let plays: [(&str, &std::sync::Arc<goodwill_engine::Scenario>, &[usize]); 7] = [
        ("王芳", &soup, &soup_worst),
        ("王芳", &soup, &soup_best),
        ("王芳", &roaming, &roaming_best),
        ("李明", &soup, &soup_best),
        ("李明", &roaming, &roaming_worst),
        ("Ann", &soup, &soup_worst),
        ("Ann", &roaming, &roaming_best[..2]),
    ];
    for (seed, (who, scenario, path)) in plays.into_iter().enumerate() {
        let mut session = goodwill_engine::Session::new(std::sync::Arc::clone(scenario), seed as u64 + 1);
        let new = NewAttempt {
            class: Some(class.into()),
            ..NewAttempt::solo(who, &scenario.id, scenario.version, session.seed())
        };
        let Some(store) = db.lock() else { return true };
        let Ok(id) = store.start_attempt(&new) else { return true };
        for &index in path {
            let played = goodwill_store::play_and_record(&mut session, index, None, 4000, Some((&store, &id)));
            if !played.is_ok_and(|p| p.saved.is_ok()) {
                break;
            }
        }
    }
    true
}

/// The class the tour seeds.
const SEEDED_CLASS: &str = "周一新人班";
/// The class the tour runs a group game with: three pairs and an observer.
const GROUP_CLASS: &str = "周三小组练习";
