//! Floor 3 · A group game run by the game as facilitator (003's promise game and responsibility game): the
//! pairs and their cards, the rounds and their countdown, the swap, the discussion and the promise game's
//! tallies, recorded under the class session when the game ends. The screens (`group_setup`, `group_game`)
//! only show this and call its methods. Time comes from [`GroupClock`], which tests replace with a fake one:
//! nothing here reads the wall clock to time a round.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use goodwill_engine::Scenario;
use goodwill_store::group_games::{GroupGame, GroupGameKind, GroupPair, MAX_ROUND_MINUTES, PromiseTally};

use crate::game::results::ResultsDb;
use crate::game::state::GameSet;

/// Where a group game's time comes from: the game's own running time, or (in tests) a clock that moves
/// only when told to.
#[derive(Resource, Clone, Debug, Default)]
pub struct GroupClock {
    fake: Option<Arc<AtomicU64>>,
}

impl GroupClock {
    /// A clock standing still at zero until [`GroupClock::advance`] moves it.
    pub fn fake() -> Self {
        GroupClock {
            fake: Some(Arc::new(AtomicU64::new(0))),
        }
    }

    /// Moves a fake clock on by `by` (a real clock ignores it).
    pub fn advance(&self, by: Duration) {
        if let Some(ms) = &self.fake {
            ms.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
        }
    }

    fn now(&self, real: &Time<Real>) -> Duration {
        match &self.fake {
            Some(ms) => Duration::from_millis(ms.load(Ordering::SeqCst)),
            None => real.elapsed(),
        }
    }
}

/// The group clock's reading this frame, for the screens and the game alike.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupNow(pub Duration);

/// The document's length of a promise-game round.
pub const PROMISE_MINUTES: u32 = 30;
/// The responsibility game's round: the document sets no time, so this is the game's own default.
pub const RESPONSIBILITY_MINUTES: u32 = 10;
/// What ± on the round's length moves it by, and the shortest round.
pub const ADJUST_MINUTES: u32 = 5;

/// A game's default round, in minutes.
pub fn default_minutes(game: GroupGameKind) -> u32 {
    match game {
        GroupGameKind::Promise => PROMISE_MINUTES,
        GroupGameKind::Responsibility => RESPONSIBILITY_MINUTES,
    }
}

/// What a pair plays from: a shipped case's cards, or a scene the trainer typed on the spot.
#[derive(Debug, Clone)]
pub enum Card {
    Case(Arc<Scenario>),
    Scene(String),
}

/// One pair as the trainer set it up.
#[derive(Debug, Clone)]
pub struct PlannedPair {
    /// Goes first: the agent (or the describer) in round one, the customer (listener) in round two.
    pub first: String,
    pub second: String,
    pub observer: Option<String>,
    pub card: Card,
}

impl PlannedPair {
    /// Who goes first in round `round` (1 or 2) and who answers them: the roles swap in round two.
    pub fn roles(&self, round: u8) -> (&str, &str) {
        if round == 2 {
            (&self.second, &self.first)
        } else {
            (&self.first, &self.second)
        }
    }
}

/// A running round's clock: when it started and how long it has stood paused, on the group clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundClock {
    started: Duration,
    paused_at: Option<Duration>,
    paused_for: Duration,
}

impl RoundClock {
    fn elapsed(&self, now: Duration) -> Duration {
        self.paused_at
            .unwrap_or(now)
            .saturating_sub(self.started)
            .saturating_sub(self.paused_for)
    }

    pub fn paused(&self) -> bool {
        self.paused_at.is_some()
    }
}

/// Where the game stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// The pairs read their cards for round `round`; in round two this is the swap.
    Cards { round: u8 },
    /// Round `round` is being played, against the countdown.
    Running { round: u8, clock: RoundClock },
    /// Both rounds are over: the pairs discuss.
    Discussion,
    /// The tallies side by side, and the record written.
    Results,
}

/// The group game being run: set up by the setup screen, played on the projector.
#[derive(Resource, Debug, Clone)]
pub struct GroupGameRun {
    pub id: String,
    pub class: String,
    pub game: GroupGameKind,
    pub pairs: Vec<PlannedPair>,
    /// The promise game's tally of each pair in each round (for that round's agent).
    pub tallies: Vec<[PromiseTally; 2]>,
    /// The length of a round; ± during a round moves its end.
    pub round_minutes: u32,
    pub stage: Stage,
    /// The pair the keyboard's tally keys count for.
    pub selected: usize,
    started_at_ms: i64,
    /// Whether the record was written, once the game has ended.
    pub saved: Option<Result<(), String>>,
}

impl GroupGameRun {
    pub fn new(class: String, game: GroupGameKind, pairs: Vec<PlannedPair>, round_minutes: u32) -> Self {
        GroupGameRun {
            id: uuid::Uuid::new_v4().to_string(),
            class,
            game,
            tallies: vec![[PromiseTally::default(); 2]; pairs.len()],
            pairs,
            round_minutes: round_minutes.clamp(ADJUST_MINUTES, MAX_ROUND_MINUTES),
            stage: Stage::Cards { round: 1 },
            selected: 0,
            started_at_ms: goodwill_store::clock::now_ms(),
            saved: None,
        }
    }

    /// The round being read for or played (2 in the discussion and after).
    pub fn round(&self) -> u8 {
        match self.stage {
            Stage::Cards { round } | Stage::Running { round, .. } => round,
            Stage::Discussion | Stage::Results => 2,
        }
    }

    /// The time left in the running round (the whole round before it starts, nothing after).
    pub fn remaining(&self, now: Duration) -> Duration {
        let length = Duration::from_secs(u64::from(self.round_minutes) * 60);
        match self.stage {
            Stage::Cards { .. } => length,
            Stage::Running { clock, .. } => length.saturating_sub(clock.elapsed(now)),
            Stage::Discussion | Stage::Results => Duration::ZERO,
        }
    }

    /// Whether the running round's time is up (the game waits for the trainer to move on).
    pub fn time_up(&self, now: Duration) -> bool {
        matches!(self.stage, Stage::Running { .. }) && self.remaining(now).is_zero()
    }

    /// On to the next stage: the cards → the round's clock starts → (round one) the swap's cards → round
    /// two → the discussion → the results.
    pub fn next(&mut self, now: Duration) {
        self.stage = match self.stage {
            Stage::Cards { round } => Stage::Running {
                round,
                clock: RoundClock {
                    started: now,
                    paused_at: None,
                    paused_for: Duration::ZERO,
                },
            },
            Stage::Running { round: 1, .. } => Stage::Cards { round: 2 },
            Stage::Running { .. } => Stage::Discussion,
            Stage::Discussion | Stage::Results => Stage::Results,
        };
    }

    /// Pauses the running round's clock, or starts it again.
    pub fn toggle_pause(&mut self, now: Duration) {
        if let Stage::Running { clock, .. } = &mut self.stage {
            match clock.paused_at.take() {
                Some(at) => clock.paused_for += now.saturating_sub(at),
                None => clock.paused_at = Some(now),
            }
        }
    }

    /// The round made [`ADJUST_MINUTES`] longer or shorter (never under that, nor over the longest round);
    /// a running round's end moves with it.
    pub fn adjust(&mut self, longer: bool) {
        self.round_minutes = if longer {
            (self.round_minutes + ADJUST_MINUTES).min(MAX_ROUND_MINUTES)
        } else {
            self.round_minutes.saturating_sub(ADJUST_MINUTES).max(ADJUST_MINUTES)
        };
    }

    /// Counter `which` (asked, made, declined well, could not keep) of `pair` moved by one in the current
    /// round, in the promise game until its results are shown.
    pub fn count(&mut self, pair: usize, which: usize, up: bool) {
        if !self.game.tallies_promises() || self.stage == Stage::Results {
            return;
        }
        let round = usize::from(self.round()) - 1;
        if let Some(tallies) = self.tallies.get_mut(pair) {
            tallies[round].step(which, up);
            // Nobody breaks more promises than they made: counting one broken counts the promise made.
            if tallies[round].not_kept > tallies[round].made {
                tallies[round].made = tallies[round].not_kept;
            }
        }
    }

    /// The game as it is recorded.
    pub fn record(&self) -> GroupGame {
        GroupGame {
            id: self.id.clone(),
            class: self.class.clone(),
            game: self.game,
            started_at: self.started_at_ms,
            finished_at: goodwill_store::clock::now_ms().max(self.started_at_ms),
            round_minutes: self.round_minutes,
            pairs: self
                .pairs
                .iter()
                .zip(&self.tallies)
                .map(|(pair, tallies)| GroupPair {
                    first_agent: pair.first.clone(),
                    first_customer: pair.second.clone(),
                    observer: pair.observer.clone(),
                    case: match &pair.card {
                        Card::Case(case) => Some(case.id.clone()),
                        Card::Scene(_) => None,
                    },
                    scene: match &pair.card {
                        Card::Scene(scene) => Some(scene.clone()),
                        Card::Case(_) => None,
                    },
                    rounds: if self.game.tallies_promises() {
                        tallies.to_vec()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<GroupClock>()
        .init_resource::<GroupNow>()
        .add_systems(First, read_clock)
        .add_systems(Update, (record_when_ended, keep_countdown_moving).in_set(GameSet::Run));
}

fn read_clock(clock: Res<GroupClock>, real: Res<Time<Real>>, mut now: ResMut<GroupNow>) {
    now.set_if_neq(GroupNow(clock.now(&real)));
}

/// Writes the game under its class session once it reaches its results, and keeps whether that worked.
fn record_when_ended(run: Option<ResMut<GroupGameRun>>, db: Res<ResultsDb>) {
    let Some(mut run) = run else { return };
    if run.stage != Stage::Results || run.saved.is_some() {
        return;
    }
    let saved = match db.lock() {
        Some(store) => store
            .record_group_game(&run.record())
            .map(|_| ())
            .map_err(|e| e.to_string()),
        None => Err(db
            .error
            .clone()
            .unwrap_or_else(|| "the results database is not open".to_owned())),
    };
    run.saved = Some(saved);
}

/// The countdown on the projector moves each second though nobody touches the keyboard (the game's loop
/// otherwise sleeps between inputs).
fn keep_countdown_moving(run: Option<Res<GroupGameRun>>, mut redraw: MessageWriter<RequestRedraw>) {
    if let Some(run) = run
        && let Stage::Running { clock, .. } = run.stage
        && !clock.paused()
    {
        redraw.write(RequestRedraw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(game: GroupGameKind) -> GroupGameRun {
        let pair = PlannedPair {
            first: "Ann".into(),
            second: "Bob".into(),
            observer: None,
            card: Card::Scene("前台".into()),
        };
        GroupGameRun::new("班".into(), game, vec![pair], default_minutes(game))
    }

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn a_round_counts_down_pauses_and_moves_its_end_with_the_length() {
        let mut game = run(GroupGameKind::Promise);
        assert_eq!(game.remaining(Duration::ZERO), 30 * MIN, "the document's 30 minutes");
        game.next(10 * MIN);
        assert_eq!(game.remaining(25 * MIN), 15 * MIN);
        game.toggle_pause(25 * MIN);
        assert_eq!(game.remaining(40 * MIN), 15 * MIN, "a paused clock stands still");
        game.toggle_pause(40 * MIN);
        game.adjust(true);
        assert_eq!(game.remaining(40 * MIN), 20 * MIN);
        assert!(!game.time_up(59 * MIN));
        assert!(game.time_up(60 * MIN));
        for _ in 0..20 {
            game.adjust(false);
        }
        assert_eq!(game.round_minutes, ADJUST_MINUTES, "never shorter than one step");
    }

    #[test]
    fn the_rounds_swap_then_the_pairs_discuss_and_the_tallies_follow_the_round() {
        let mut game = run(GroupGameKind::Promise);
        game.next(Duration::ZERO);
        game.count(0, 0, true);
        game.count(0, 3, true);
        assert_eq!(game.tallies[0][0].counts(), [1, 1, 0, 1], "a broken promise was made");
        game.next(MIN);
        assert_eq!(game.stage, Stage::Cards { round: 2 });
        assert_eq!(game.pairs[0].roles(2), ("Bob", "Ann"));
        game.next(MIN);
        game.count(0, 2, true);
        game.next(2 * MIN);
        assert_eq!(game.stage, Stage::Discussion);
        game.next(2 * MIN);
        assert_eq!(game.stage, Stage::Results);
        game.count(0, 0, true);
        let record = game.record();
        assert_eq!(record.pairs[0].rounds, [game.tallies[0][0], game.tallies[0][1]]);
        assert_eq!(
            record.pairs[0].rounds[1].counts(),
            [0, 0, 1, 0],
            "nothing counts after the end"
        );
        assert_eq!(record.pairs[0].scene.as_deref(), Some("前台"));
    }

    #[test]
    fn the_responsibility_game_keeps_no_tally() {
        let mut game = run(GroupGameKind::Responsibility);
        assert_eq!(game.round_minutes, RESPONSIBILITY_MINUTES);
        game.next(Duration::ZERO);
        game.count(0, 0, true);
        assert!(game.record().pairs[0].rounds.is_empty());
    }
}
