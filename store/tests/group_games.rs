//! A trainer's group games (003's promise and responsibility games) in the results: recorded under the
//! class session with each pair's tallies, refused when a tally or a name cannot be, carried by export and
//! import without duplicates, in the group games' CSV, and the table made by migrating an older database.

mod common;

use common::scratch;
use goodwill_store::group_games::{GroupGame, GroupGameKind, GroupPair, PromiseTally};
use goodwill_store::report::{Format, GROUP_GAME_COLUMNS, render};
use goodwill_store::{Store, db};

const CLASS: &str = "周二班";

fn tally(asked: u32, made: u32, declined_well: u32, not_kept: u32) -> PromiseTally {
    PromiseTally {
        asked,
        made,
        declined_well,
        not_kept,
    }
}

fn promise_game(id: &str) -> GroupGame {
    let pair = |a: &str, c: &str, o: Option<&str>, rounds: Vec<PromiseTally>| GroupPair {
        first_agent: a.into(),
        first_customer: c.into(),
        observer: o.map(Into::into),
        case: Some("movers-no-truck".into()),
        scene: None,
        rounds,
    };
    GroupGame {
        id: id.into(),
        class: CLASS.into(),
        game: GroupGameKind::Promise,
        started_at: 1_795_460_052_345,
        finished_at: 1_795_463_652_345,
        round_minutes: 30,
        pairs: vec![
            pair("Ann", "Bob", Some("Cai"), vec![tally(6, 2, 4, 1), tally(5, 0, 5, 0)]),
            pair(" 李明 ", "Dee", None, vec![tally(3, 3, 0, 0), tally(0, 0, 0, 0)]),
        ],
    }
}

fn class_store(name: &str) -> Store {
    let store = Store::open_in(&scratch(name)).unwrap();
    let roster: Vec<String> = ["Ann", "Bob", "Cai", "李明", "Dee"].map(String::from).to_vec();
    store.create_class(CLASS, &roster, &[]).unwrap();
    store
}

#[test]
fn a_promise_game_is_kept_under_its_class_with_every_pairs_tallies() {
    let store = class_store("gg-record");
    let stored = store.record_group_game(&promise_game("g1")).unwrap();
    assert_eq!(
        stored.pairs[1].first_agent, "李明",
        "names are cleaned as everywhere else"
    );
    let games = store.group_games(CLASS).unwrap();
    assert_eq!(games, vec![stored.clone()]);
    assert_eq!(games[0].pairs[0].rounds[0], tally(6, 2, 4, 1));
    assert_eq!(games[0].pairs[0].agent(2), "Bob", "the roles swap in round two");
    // Recording the same game again changes nothing; a different one under its id is refused.
    store.record_group_game(&promise_game("g1")).unwrap();
    assert_eq!(store.group_games(CLASS).unwrap().len(), 1);
    let mut other = promise_game("g1");
    other.pairs[0].rounds[0].asked = 9;
    assert!(store.record_group_game(&other).is_err());
}

/// A change that makes a game impossible.
type Spoil = Box<dyn Fn(&mut GroupGame)>;

#[test]
fn impossible_tallies_names_and_games_are_refused_in_words() {
    let store = class_store("gg-refuse");
    let cases: Vec<(&str, Spoil)> = vec![
        (
            "could not be kept",
            Box::new(|g| g.pairs[0].rounds[0] = tally(1, 1, 0, 2)),
        ),
        ("two places", Box::new(|g| g.pairs[1].first_customer = "Ann".into())),
        (
            "tallies a pair",
            Box::new(|g| g.pairs[0].rounds.pop().map(drop).unwrap_or(())),
        ),
        ("minutes", Box::new(|g| g.round_minutes = 0)),
        ("pairs", Box::new(|g| g.pairs.clear())),
        ("does not exist", Box::new(|g| g.class = "Nobody's class".into())),
        ("name", Box::new(|g| g.pairs[0].observer = Some("\u{202E}".into()))),
    ];
    for (words, spoil) in cases {
        let mut game = promise_game("bad");
        spoil(&mut game);
        let error = store.record_group_game(&game).unwrap_err().to_string();
        assert!(error.contains(words), "{words}: {error}");
    }
    assert!(store.group_games(CLASS).unwrap().is_empty(), "nothing was written");
}

#[test]
fn group_games_travel_with_their_class_and_import_once() {
    let from = class_store("gg-export");
    from.record_group_game(&promise_game("g1")).unwrap();
    let file = scratch("gg-export-file").join("class.json");
    let exchange = from.export_to_file(Some(CLASS), &file).unwrap();
    assert_eq!(exchange.group_games.len(), 1);
    let to = Store::open_in(&scratch("gg-import")).unwrap();
    let first = to.import_file(&file, &[]).unwrap();
    assert_eq!(first.group_games_added, 1);
    assert_eq!(to.group_games(CLASS).unwrap(), from.group_games(CLASS).unwrap());
    let again = to.import_file(&file, &[]).unwrap();
    assert_eq!(again.group_games_added, 0, "importing twice adds nothing twice");
    // A forged tally is refused by the same rule the game records by, and nothing of the file is taken.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"not_kept\": 1", "\"not_kept\": 7");
    let forged = scratch("gg-forged").join("class.json");
    std::fs::write(&forged, text).unwrap();
    let fresh = Store::open_in(&scratch("gg-import-forged")).unwrap();
    let error = fresh.import_file(&forged, &[]).unwrap_err().to_string();
    assert!(
        error.contains("group game") && error.contains("could not be kept"),
        "{error}"
    );
    assert!(fresh.classes().unwrap().is_empty());
}

#[test]
fn the_group_games_csv_has_a_row_per_pair_and_round() {
    let store = class_store("gg-csv");
    store.record_group_game(&promise_game("g1")).unwrap();
    let data = store.report_data(CLASS, Default::default()).unwrap();
    let csv = String::from_utf8(render(Format::GroupGames, &data, goodwill_engine::Lang::Zh)).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, GROUP_GAME_COLUMNS);
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 4, "two pairs, two rounds each");
    assert_eq!(
        rows[0][8..16],
        ["Ann", "Bob", "Cai", "movers-no-truck", "6", "2", "4", "1"]
    );
    assert_eq!(rows[1][8..10], ["Bob", "Ann"], "round two swaps the roles");
}

#[test]
fn an_older_database_gains_the_group_games_table() {
    let dir = scratch("gg-migrate");
    let path = dir.join("goodwill.db");
    drop(db::open_at_version(&path, db::SCHEMA_VERSION - 1).unwrap());
    let store = Store::open(&path).unwrap();
    store.create_class(CLASS, &["Ann".into(), "Bob".into()], &[]).unwrap();
    let mut game = promise_game("g2");
    game.pairs.truncate(1);
    game.pairs[0].observer = None;
    store.record_group_game(&game).unwrap();
    assert_eq!(store.group_games(CLASS).unwrap().len(), 1);
}
