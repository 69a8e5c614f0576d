//! Every text readable: on every screen, at every text size, on a 720p and a 1080p window, in Chinese and in
//! English, each text node lies inside the window and inside every ancestor that clips it — or, where an
//! ancestor cuts it, inside the content of a scroll area the wheel and Page Up/Down move — and spills out
//! of no panel, and no warning banner lies over it. The group games' screens (setup, cards, a round, the swap,
//! the discussion, the results) are walked with three pairs. The play screen shows a case made of the longest
//! lines of every shipped case (title, scene, narration, customer line, answers, feedback, promises).

use std::sync::Arc;

use bevy::prelude::*;
use goodwill::game::input::{Scrollable, UiAction};
use goodwill::game::run::{ActiveRun, Phase, StartRun};
use goodwill::game::settings::{ConnectionProblem, LrsEdit, LrsNote, Settings, TextSize};
use goodwill::game::state::Screen;
use goodwill_engine::{Bilingual, Lang, Scenario};

use super::{headless_laid_out_at, laid_out_rect};
use crate::harness::{
    PastAttempt, click, digit, press, record_class_vote, repo, scenario_dir, screen, seed_class, shipped_cases,
    shown_position, sign_in,
};

/// The shipped cases, loaded.
fn shipped() -> Vec<Scenario> {
    shipped_cases()
        .iter()
        .map(|id| {
            goodwill_engine::load_file(&repo().join("scenarios").join(format!("{id}.ron")))
                .scenario
                .expect("a shipped case loads")
        })
        .collect()
}

/// The `rank`-th longest text (0: the longest) in each language, over `texts`.
fn longest<'a>(texts: impl Iterator<Item = &'a Bilingual> + Clone, rank: usize) -> Bilingual {
    let pick = |lang: Lang| {
        let mut all: Vec<&str> = texts.clone().map(|t| t.get(lang)).collect();
        all.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        all.get(rank.min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
            .to_owned()
    };
    Bilingual {
        zh: pick(Lang::Zh),
        en: pick(Lang::En),
    }
}

/// The longest answer to a reflection question the store keeps, in Chinese with an English word too long
/// for a line in it (a pasted address), so both wrapping rules are tried.
fn longest_answer() -> String {
    let sentence = "上次客人自己碰洒了饮料，我先跟他争是谁的错，结果他更生气了。下次我会先道歉，再想办法补救。";
    let mut answer = String::from("https://intranet.example.com/service-desk/complaints/handbook/chapter-seven ");
    while answer.chars().count() + sentence.chars().count() <= goodwill_store::reflection::MAX_ANSWER_CHARS {
        answer.push_str(sentence);
    }
    answer
}

/// A case shaped like the soup case whose every text is the longest of its kind among all the shipped
/// cases: if these fit (or scroll), every shipped case's lines do.
fn longest_lines_case() -> Scenario {
    let cases = shipped();
    let nodes = || cases.iter().flat_map(|c| c.nodes.iter());
    let narrations: Vec<Bilingual> = nodes()
        .flat_map(|n| {
            n.narration
                .iter()
                .chain(n.variants.iter().flat_map(|v| v.narration.iter()))
        })
        .cloned()
        .collect();
    let lines: Vec<Bilingual> = nodes()
        .flat_map(|n| {
            n.customer
                .iter()
                .chain(n.variants.iter().flat_map(|v| v.customer.iter()))
        })
        .cloned()
        .collect();
    let answers: Vec<Bilingual> = nodes().flat_map(|n| n.choices.iter().map(|c| c.text.clone())).collect();
    let feedback: Vec<Bilingual> = nodes()
        .flat_map(|n| n.choices.iter().map(|c| c.feedback.clone()))
        .collect();
    let promises: Vec<Bilingual> = cases
        .iter()
        .flat_map(|c| c.promises.iter().map(|p| p.text.clone()))
        .collect();
    let epilogues: Vec<Bilingual> = cases
        .iter()
        .flat_map(|c| {
            let e = &c.endings;
            [&e.lost, &e.resolved, &e.retained, &e.loyal].map(|ending| ending.epilogue.clone())
        })
        .collect();
    let mut case = cases
        .iter()
        .find(|c| c.id == "spilled-soup")
        .expect("the soup case ships")
        .clone();
    case.id = "longest-lines".into();
    case.title = longest(cases.iter().map(|c| &c.title), 0);
    case.setting = longest(cases.iter().map(|c| &c.setting), 0);
    case.customer.name = longest(cases.iter().map(|c| &c.customer.name), 0);
    for (rank, promise) in case.promises.iter_mut().enumerate() {
        promise.text = longest(promises.iter(), rank);
    }
    for node in &mut case.nodes {
        node.narration = Some(longest(narrations.iter(), 0));
        node.customer = vec![longest(lines.iter(), 0)];
        node.variants.clear();
        for (rank, choice) in node.choices.iter_mut().enumerate() {
            choice.text = longest(answers.iter(), rank);
            choice.feedback = longest(feedback.iter(), rank);
        }
    }
    let questions: Vec<Bilingual> = cases.iter().flat_map(|c| c.reflection.iter().cloned()).collect();
    case.reflection = vec![longest(questions.iter(), 0), longest(questions.iter(), 1)];
    for ending in [
        &mut case.endings.lost,
        &mut case.endings.resolved,
        &mut case.endings.retained,
        &mut case.endings.loyal,
    ] {
        ending.epilogue = longest(epilogues.iter(), 0);
    }
    case
}

/// Whether `entity` or an ancestor is hidden.
fn hidden(app: &App, entity: Entity) -> bool {
    let mut at = Some(entity);
    while let Some(e) = at {
        if app.world().get::<Visibility>(e) == Some(&Visibility::Hidden) {
            return true;
        }
        at = app.world().get::<ChildOf>(e).map(ChildOf::parent);
    }
    false
}

/// Every shown text node can be read where it is, or scrolled to (see the module's doc).
fn assert_every_text_readable(app: &mut App, what: &str) {
    let window = {
        let mut cameras = app.world_mut().query::<&Camera>();
        let size = cameras
            .single(app.world())
            .unwrap()
            .computed
            .target_info
            .as_ref()
            .unwrap()
            .physical_size;
        Rect::new(0.0, 0.0, size.x as f32, size.y as f32)
    };
    // The warnings across the bottom of the window (results not saved, a broken settings file).
    let mut banners = app.world_mut().query_filtered::<(Entity, &Name), With<Node>>();
    let banners: Vec<(Entity, Rect)> = banners
        .iter(app.world())
        .filter(|(_, name)| ["Settings file problem", "Results not saved"].contains(&name.as_str()))
        .map(|(e, _)| e)
        .collect::<Vec<_>>()
        .into_iter()
        .map(|e| (e, laid_out_rect(app, e)))
        .collect();
    let mut texts = app.world_mut().query::<(Entity, &Text)>();
    let texts: Vec<(Entity, String)> = texts
        .iter(app.world())
        .filter(|(_, t)| !t.0.trim().is_empty())
        .map(|(e, t)| (e, t.0.clone()))
        .collect();
    let mut problems = Vec::new();
    for (text, words) in texts {
        if hidden(app, text) {
            continue;
        }
        let short: String = words.chars().take(40).collect();
        let rect = laid_out_rect(app, text);
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            problems.push(format!("«{short}» has no size"));
            continue;
        }
        let within_x = |r: Rect, outer: Rect| r.min.x >= outer.min.x - 0.5 && r.max.x <= outer.max.x + 0.5;
        let within_y = |r: Rect, outer: Rect| r.min.y >= outer.min.y - 0.5 && r.max.y <= outer.max.y + 0.5;
        // What must be seen at once, going out: the text; then, past a scroll area it can be scrolled
        // into, that scroll area.
        let mut must_show = rect;
        // What of it is left uncut by the clipping ancestors, for the banner check.
        let mut seen = rect;
        let mut panel_checked = false;
        let mut passed_clip = false;
        let mut in_banner = false;
        let mut at = text;
        while let Some(parent) = app.world().get::<ChildOf>(at).map(ChildOf::parent) {
            at = parent;
            if banners.iter().any(|(b, _)| *b == parent) {
                in_banner = true;
            }
            let node = app.world().get::<Node>(parent).unwrap();
            let overflow = node.overflow;
            let frame = laid_out_rect(app, parent);
            // The nearest panel, button or box with a colour of its own holds the text whole.
            if !panel_checked
                && app
                    .world()
                    .get::<BackgroundColor>(parent)
                    .is_some_and(|c| c.0.alpha() > 0.0)
            {
                panel_checked = true;
                // Scrolled out of a scroll area inside the panel is that area's business (checked below).
                let scrolled = passed_clip || overflow.y != OverflowAxis::Visible;
                if !(within_x(rect, frame) && (within_y(rect, frame) || scrolled)) {
                    problems.push(format!("«{short}» at {rect:?} spills out of its panel at {frame:?}"));
                }
            }
            if overflow.x != OverflowAxis::Visible && !within_x(must_show, frame) {
                problems.push(format!("«{short}» at {rect:?} is cut at the side by {frame:?}"));
            }
            if overflow.y != OverflowAxis::Visible {
                passed_clip = true;
                seen = seen.intersect(frame);
                if !within_y(must_show, frame) {
                    let computed = app.world().get::<ComputedNode>(parent).unwrap();
                    let scrolls = overflow.y == OverflowAxis::Scroll && app.world().get::<Scrollable>(parent).is_some();
                    // The content's extent, as laid out with the present scroll.
                    let top = frame.min.y - computed.scroll_position.y;
                    let bottom = top + computed.content_size.y.max(computed.size.y);
                    if !scrolls {
                        problems.push(format!(
                            "«{short}» at {rect:?} is cut by {frame:?}, which does not scroll"
                        ));
                    } else if must_show.min.y < top - 0.5 || must_show.max.y > bottom + 0.5 {
                        problems.push(format!(
                            "«{short}» at {rect:?} lies outside what {frame:?} scrolls to ({top}–{bottom})"
                        ));
                    } else {
                        must_show = frame;
                    }
                }
            }
        }
        if !within_x(must_show, window) || !within_y(must_show, window) {
            problems.push(format!("«{short}» at {rect:?} is outside the window"));
        }
        if !in_banner {
            for (_, banner) in &banners {
                if !seen.intersect(*banner).is_empty() {
                    problems.push(format!("«{short}» at {rect:?} is under a banner at {banner:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

/// Checks the screen in Chinese and in English, then goes back to Chinese.
fn check_both_languages(app: &mut App, what: &str) {
    for lang in [Lang::Zh, Lang::En] {
        set_language(app, lang);
        assert_every_text_readable(app, &format!("{what} ({lang:?})"));
    }
    set_language(app, Lang::Zh);
}

fn set_language(app: &mut App, lang: Lang) {
    if app.world().resource::<Settings>().lang != lang {
        app.world_mut().resource_mut::<Settings>().lang = lang;
        settle(app);
    }
}

fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

#[test]
fn every_text_is_readable_on_every_screen_at_every_size_in_both_languages() {
    let longest = Arc::new(longest_lines_case());
    for window in [UVec2::new(1280, 720), UVec2::new(1920, 1080)] {
        for size in TextSize::ALL {
            let dir = scenario_dir(&format!("readable-{size:?}-{}", window.y), true);
            let mut app = headless_laid_out_at(&dir, size, window);
            let what = |screen: &str| format!("{screen} at {size:?} on {}×{}", window.x, window.y);
            seed_class(&app, &["Ann", "李明", "王芳"]);
            // A class vote of the class: its list on the class view, one line a step, must read too.
            let best = goodwill_engine::analyze::analyze(
                app.world()
                    .resource::<goodwill::game::library::Library>()
                    .find("spilled-soup")
                    .unwrap(),
            )
            .best
            .unwrap()
            .choices;
            record_class_vote(
                &app,
                "周一新人班",
                "spilled-soup",
                5,
                &best,
                |_, offered, played| {
                    let other = offered.iter().copied().find(|&c| c != played).unwrap();
                    vec![
                        goodwill_store::Vote::new("Ann", other),
                        goodwill_store::Vote::new("李明", other),
                        goodwill_store::Vote::new("王芳", played),
                    ]
                },
            );
            let soup = app
                .world()
                .resource::<goodwill::game::library::Library>()
                .find("spilled-soup")
                .unwrap()
                .clone();
            let first = goodwill_engine::Session::new(soup, 9).offered()[0];
            PastAttempt::played("Ann", "spilled-soup", 9, &[first])
                .unfinished()
                .record(&app);
            // A broken settings file: its banner leaves the settings' Back (and every line) in view. The
            // parser's words are long; the banner wraps.
            app.world_mut()
                .resource_mut::<goodwill::game::settings::SettingsProblem>()
                .0 = Some(goodwill::game::settings::BrokenSettings {
                fault: goodwill::game::settings::SettingsFault::Rules { line: 3, column: 14 },
                error: "3:14: Unexpected missing field named `text_size` in `Settings`, and more words than fit".into(),
                kept_as: Some(std::env::temp_dir().join("goodwill-test-config/settings.ron.broken")),
            });
            click(&mut app, |b| b.action == UiAction::OpenSettings);
            assert_every_text_readable(&mut app, &what("settings under the broken-file banner"));
            check_both_languages(&mut app, &what("settings"));
            // The LRS section filled in, a field being typed into, and the longest note it shows (the
            // keyring's failure with its detail). Sending stays off: no sender goes looking for that address.
            app.world_mut().resource_mut::<Settings>().lrs = goodwill_store::lrs::LrsSettings {
                enabled: false,
                endpoint: Some("https://lrs.training-centre.example.com:8443/data/xAPI".into()),
                user: Some("trainer-beijing-chaoyang-01".into()),
                account_home_page: Some("https://training-centre.example.com/trainees".into()),
            };
            settle(&mut app);
            click(&mut app, |b| b.action == UiAction::EditField(1));
            app.world_mut().resource_mut::<LrsEdit>().note = Some(LrsNote::KeyringFailed(
                "no OS keyring can be reached here (Platform secure storage failure: org.freedesktop.DBus.Error.\
                 ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files); set \
                 GOODWILL_LRS_PASSWORD to give the LRS password instead"
                    .into(),
            ));
            settle(&mut app);
            check_both_languages(&mut app, &what("settings' LRS section"));
            // Esc leaves the field; the connection's answer is the other long line.
            press(&mut app, KeyCode::Escape);
            app.world_mut().resource_mut::<LrsEdit>().note =
                Some(LrsNote::NotConnected(ConnectionProblem::Unreachable {
                    endpoint: "https://lrs.training-centre.example.com:8443/data/xAPI".into(),
                }));
            settle(&mut app);
            check_both_languages(&mut app, &what("settings' LRS section with a connection test's answer"));
            click(&mut app, |b| b.action == UiAction::Back);
            check_both_languages(&mut app, &what("title"));
            press(&mut app, KeyCode::Escape);
            check_both_languages(&mut app, &what("quit question"));
            press(&mut app, KeyCode::Escape);
            click(&mut app, |b| b.action == UiAction::OpenGuide);
            for page in 0..4 {
                check_both_languages(&mut app, &what(&format!("guide page {}", page + 1)));
                if screen(&app) != Screen::Onboarding {
                    break;
                }
                click(&mut app, |b| b.action == UiAction::NextStep);
            }
            app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
            settle(&mut app);
            click(&mut app, |b| b.action == UiAction::OpenProfiles);
            check_both_languages(&mut app, &what("profiles"));
            sign_in(&mut app, "Ann");
            app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Select);
            settle(&mut app);
            press(&mut app, KeyCode::KeyP);
            check_both_languages(&mut app, &what("case list with its problems"));
            press(&mut app, KeyCode::KeyP);
            // The longest lines, through a whole case: each phase, and the glossary and pause over it.
            app.world_mut().write_message(StartRun::new(Arc::clone(&longest)));
            settle(&mut app);
            assert_eq!(screen(&app), Screen::Play);
            let path = goodwill_engine::analyze::analyze(&longest).worst.unwrap().choices;
            let mut step = 0;
            while screen(&app) == Screen::Play {
                let phase = app.world().resource::<ActiveRun>().phase;
                check_both_languages(&mut app, &what(&format!("play, step {}, {phase:?}", step + 1)));
                match phase {
                    Phase::Choosing => {
                        if step == 0 {
                            press(&mut app, KeyCode::Escape);
                            check_both_languages(&mut app, &what("pause menu"));
                            press(&mut app, KeyCode::Escape);
                            press(&mut app, KeyCode::KeyG);
                            check_both_languages(&mut app, &what("glossary over play"));
                            press(&mut app, KeyCode::KeyG);
                        }
                        let run = app.world().resource::<ActiveRun>();
                        let index = path
                            .get(step)
                            .copied()
                            .filter(|i| run.session.offered().contains(i))
                            .unwrap_or(run.session.offered()[0]);
                        let key = digit(shown_position(&app, index));
                        press(&mut app, key);
                        step += 1;
                    }
                    Phase::Rating(_) => press(&mut app, digit(3)),
                    _ => press(&mut app, KeyCode::Space),
                }
            }
            assert_eq!(screen(&app), Screen::Debrief);
            check_both_languages(&mut app, &what("debrief of the longest lines"));
            // Reflect and plan: the longest questions, the longest answer the store keeps, typed through
            // the input method, and a full plan with own words being typed.
            click(&mut app, |b| b.action == UiAction::OpenReflect);
            assert_eq!(screen(&app), Screen::Reflect);
            app.world_mut().write_message(bevy::window::Ime::Commit {
                window: Entity::PLACEHOLDER,
                value: longest_answer(),
            });
            settle(&mut app);
            click(&mut app, |b| b.action == UiAction::SaveAnswer);
            for item in 0..3 {
                click(&mut app, |b| b.action == UiAction::TogglePlanItem(item));
            }
            click(&mut app, |b| b.action == UiAction::SavePlan);
            click(&mut app, |b| b.action == UiAction::EditField(10));
            check_both_languages(&mut app, &what("reflect and plan"));
            click(&mut app, |b| b.action == UiAction::BackToList);
            click(&mut app, |b| b.action == UiAction::Back);
            check_both_languages(&mut app, &what("title with a plan"));
            click(&mut app, |b| b.action == UiAction::Play);
            click(&mut app, |b| b.action == UiAction::Back);
            click(&mut app, |b| b.action == UiAction::OpenProgress);
            // With the plan and the answer just written on it.
            let mut plans = app.world_mut().query::<&goodwill::game::screens::progress::PlanPanel>();
            assert_eq!(plans.iter(app.world()).count(), 1, "progress shows the plan");
            let mut answers = app
                .world_mut()
                .query::<&goodwill::game::screens::progress::ProgressReflections>();
            assert_eq!(answers.iter(app.world()).count(), 1, "progress shows the answer");
            check_both_languages(&mut app, &what("progress"));
            click(&mut app, |b| b.action == UiAction::OpenAttempt(0));
            check_both_languages(&mut app, &what("replay"));
            click(&mut app, |b| b.action == UiAction::Back);
            click(&mut app, |b| b.action == UiAction::Back);
            // A long answer under the class, for the trainer's screen of the class's answers.
            let in_class = crate::harness::seed_store(&app, |s| s.finished_attempts(Some("Ann"), Some("周一新人班")));
            let asked = longest.reflection[0].clone();
            crate::harness::seed_store(&app, |s| {
                s.save_reflection(
                    &in_class[0].id,
                    goodwill_store::reflection::Reflection {
                        question: 1,
                        asked,
                        answer: longest_answer(),
                        answered_at: 0,
                    },
                )
            });
            click(&mut app, |b| b.action == UiAction::OpenClass);
            check_both_languages(&mut app, &what("class view"));
            click(&mut app, |b| b.action == UiAction::OpenClassAnswers);
            assert_eq!(screen(&app), Screen::ClassAnswers);
            let mut cards = app
                .world_mut()
                .query::<&goodwill::game::screens::class_answers::AnswerCard>();
            assert_eq!(
                cards.iter(app.world()).count(),
                1,
                "the long answer is on the trainer's screen"
            );
            check_both_languages(&mut app, &what("the class's answers"));
            press(&mut app, KeyCode::KeyH);
            check_both_languages(&mut app, &what("the class's answers, names hidden"));
            click(&mut app, |b| b.action == UiAction::Back);
            click(&mut app, |b| b.action == UiAction::NewClass);
            check_both_languages(&mut app, &what("class setup"));
            click(&mut app, |b| b.action == UiAction::Back);
            click(&mut app, |b| b.action == UiAction::Back);
            click(&mut app, |b| b.action == UiAction::OpenPair);
            check_both_languages(&mut app, &what("pair setup"));
            click(&mut app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
            click(&mut app, |b| b.action == UiAction::StartPair);
            check_both_languages(&mut app, &what("look away"));
            click(&mut app, |b| b.action == UiAction::RevealCard);
            check_both_languages(&mut app, &what("role card"));
            click(&mut app, |b| b.action == UiAction::Continue);
            let best = crate::harness::best_path(app.world().resource::<ActiveRun>().session.scenario());
            let mut rated = false;
            for index in best {
                if screen(&app) != Screen::Play {
                    break;
                }
                press(&mut app, KeyCode::Space);
                let key = digit(shown_position(&app, index));
                press(&mut app, key);
                if matches!(app.world().resource::<ActiveRun>().phase, Phase::Rating(_)) {
                    if !rated {
                        check_both_languages(&mut app, &what("sincerity rating"));
                    }
                    rated = true;
                    press(&mut app, digit(4));
                }
                press(&mut app, KeyCode::Space);
            }
            assert!(rated, "the sincerity rating was shown");
            assert_eq!(screen(&app), Screen::Observer);
            check_both_languages(&mut app, &what("observer checklist"));
            click(&mut app, |b| b.action == UiAction::Done);
            check_both_languages(&mut app, &what("pair round debrief"));
            class_vote_screens(&mut app, &longest, &what);
            observer_phone_screens(&mut app, &what);
            group_game_screens(&mut app, &what);
        }
    }
}

/// The group games' screens with three pairs and their observers: the setup, the cards, a round with the
/// promise game's counters, the swap, the discussion, the results side by side, and the class view that
/// lists the game.
fn group_game_screens(app: &mut App, what: &dyn Fn(&str) -> String) {
    const CLASS: &str = "周三下午小组练习班";
    let roster: Vec<String> = [
        "欧阳明月",
        "Bartholomew",
        "司马相如",
        "Maximiliana",
        "王芳",
        "李明",
        "Ann",
        "诸葛亮",
    ]
    .map(String::from)
    .to_vec();
    crate::harness::seed_store(app, |s| s.create_class(CLASS, &roster, &[]));
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
    settle(app);
    click(app, |b| b.action == UiAction::OpenGroupGames);
    assert_eq!(screen(app), Screen::GroupSetup);
    for _ in 0..5 {
        if crate::harness::visible_text(app).contains(CLASS) {
            break;
        }
        click(app, |b| b.action == UiAction::CycleClass);
    }
    for i in 0..6 {
        click(app, |b| b.action == UiAction::AddToPair(i));
    }
    click(app, |b| b.action == UiAction::CyclePairObserver(0));
    click(app, |b| b.action == UiAction::CyclePairObserver(2));
    click(app, |b| b.action == UiAction::CyclePairObserver(2));
    check_both_languages(app, &what("group games setup"));
    click(app, |b| b.action == UiAction::StartGroupGame);
    assert_eq!(screen(app), Screen::GroupGame);
    check_both_languages(app, &what("group game cards"));
    click(app, |b| b.action == UiAction::GroupNext);
    click(app, |b| {
        b.action
            == UiAction::Tally {
                pair: 1,
                which: 0,
                up: true,
            }
    });
    check_both_languages(app, &what("group game round"));
    click(app, |b| b.action == UiAction::GroupNext);
    check_both_languages(app, &what("group game swap"));
    click(app, |b| b.action == UiAction::GroupNext);
    click(app, |b| b.action == UiAction::GroupNext);
    check_both_languages(app, &what("group game discussion"));
    click(app, |b| b.action == UiAction::GroupNext);
    settle(app);
    check_both_languages(app, &what("group game results"));
    click(app, |b| b.action == UiAction::Back);
    assert_eq!(screen(app), Screen::Class);
    check_both_languages(app, &what("class view with a group game"));
}

/// The class vote's screens, with the class's phones joined and voting on the longest lines: the setup,
/// the lobby (code, address, names), a step being voted on, its split, the feedback and the debrief.
fn class_vote_screens(app: &mut App, longest: &Arc<Scenario>, what: &dyn Fn(&str) -> String) {
    use goodwill::game::class_vote::{ClassVote, VoteCommand, VoteRequest};

    use crate::class_vote::phone::{Phone, key_for_text};

    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
    settle(app);
    click(app, |b| b.action == UiAction::OpenClassVote);
    check_both_languages(app, &what("class vote setup"));
    let roster: Vec<String> = ["Ann", "李明", "王芳"].map(String::from).to_vec();
    app.world_mut().write_message(VoteCommand::Open(VoteRequest {
        class: "周一新人班".into(),
        roster: roster.clone(),
        scenario: Arc::clone(longest),
        anonymous: true,
        time_limit: Some(std::time::Duration::from_secs(120)),
    }));
    settle(app);
    assert_eq!(screen(app), Screen::VoteLobby);
    let (addr, code) = {
        let vote = app.world().resource::<ClassVote>();
        (
            std::net::SocketAddr::from(([127, 0, 0, 1], vote.server.port())),
            vote.server.join_code().to_owned(),
        )
    };
    let mut phones: Vec<Phone> = roster
        .iter()
        .map(|n| Phone::join(addr, &code, n).ok().unwrap())
        .collect();
    phones.push(Phone::join_anonymous(addr, &code).ok().unwrap());
    settle(app);
    check_both_languages(app, &what("class vote lobby"));
    click(app, |b| b.action == UiAction::BeginVoteCase);
    let mut step = 0;
    while screen(app) == Screen::Play {
        let phase = app.world().resource::<ActiveRun>().phase;
        if phase != Phase::Choosing {
            if step <= 1 {
                check_both_languages(app, &what(&format!("class vote, step {}, {phase:?}", step + 1)));
            }
            press(app, KeyCode::Space);
            continue;
        }
        let run = app.world().resource::<ActiveRun>();
        let node = run.session.current_node().unwrap();
        let texts: Vec<String> = run
            .session
            .offered()
            .iter()
            .map(|&i| node.choices[i].text.zh.clone())
            .collect();
        // Two phones vote; the count shows, then every phone has voted and the split shows.
        for (n, phone) in phones.iter().enumerate().take(2) {
            let key = key_for_text(&phone.state().json(), &texts[n % texts.len()]).unwrap();
            phone.vote(step as u64, &key);
        }
        settle(app);
        if step == 0 {
            check_both_languages(app, &what("class vote, voting"));
        }
        for phone in &phones[2..] {
            let key = key_for_text(&phone.state().json(), &texts[0]).unwrap();
            phone.vote(step as u64, &key);
        }
        settle(app);
        if step == 0 {
            check_both_languages(app, &what("class vote, the split"));
        }
        click(app, |b| b.action == UiAction::PlayVoteAnswer);
        step += 1;
    }
    assert_eq!(screen(app), Screen::Debrief);
    check_both_languages(app, &what("class vote debrief"));
    click(app, |b| b.action == UiAction::BackToList);
}

/// The pair exercise with the observer on a phone: the setup with the switch on, the look-away screen with
/// the observer's address and join code, the same once the phone has joined, and the role card under it.
fn observer_phone_screens(app: &mut App, what: &dyn Fn(&str) -> String) {
    use goodwill::game::observer_phone::ObserverPhone;
    use goodwill::game::run::pair::PairExercise;

    use crate::class_vote::phone::Phone;

    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Title);
    settle(app);
    click(app, |b| b.action == UiAction::OpenPair);
    click(app, |b| matches!(b.action, UiAction::PickObserver(Some(_))));
    click(app, |b| b.action == UiAction::ToggleObserverPhone);
    check_both_languages(app, &what("pair setup, the observer on a phone"));
    click(app, |b| b.action == UiAction::StartPair);
    assert_eq!(screen(app), Screen::RoleCard);
    check_both_languages(app, &what("look away, the observer's phone joins"));
    let (addr, code) = {
        let phone = app.world().resource::<ObserverPhone>();
        (
            std::net::SocketAddr::from(([127, 0, 0, 1], phone.server.port())),
            phone.server.join_code().to_owned(),
        )
    };
    let observer = app.world().resource::<PairExercise>().observer.clone().unwrap();
    Phone::join(addr, &code, &observer).ok().unwrap();
    settle(app);
    check_both_languages(app, &what("look away, the observer's phone joined"));
    click(app, |b| b.action == UiAction::RevealCard);
    check_both_languages(app, &what("role card, the observer's phone joined"));
    click(app, |b| b.action == UiAction::Back);
}
