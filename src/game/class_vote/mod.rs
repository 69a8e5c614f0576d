//! Floor 4 · The class vote: a third way to drive a run. The class's phones vote through the vote server
//! (`goodwill_vote`); this driver opens the server for the vote screens only, offers each step to the
//! phones, closes the vote, and sends the runner the answer the class chose (or the trainer's pick) with
//! every trainee's vote, which the runner records like any decision. Screens read [`ClassVote`] and send
//! [`VoteCommand`]s; nothing here draws or scores.

pub mod qr;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use goodwill_engine::{DialogueEvent, Lang, Scenario};
use goodwill_store::Vote;
use goodwill_vote::{
    Majority, RoomView, Tally, VoteConfig, VoteServer, outcome_from_session, step_from_session, summary_from_session,
};

use crate::game::run::{ActiveRun, ClassVoteRun, Phase, RunCommand, RunEvent, StartRun};
use crate::game::settings::Settings;
use crate::game::state::{GameSet, Screen};

/// What the trainer asks of the class vote.
#[derive(Message, Debug, Clone)]
pub enum VoteCommand {
    /// Open the room: the server starts and the projector shows how to join.
    Open(VoteRequest),
    /// Everyone who is coming has joined: play the case.
    BeginCase,
    /// Stop taking votes at this step and show the split.
    Close,
    /// The trainer picks the answer shown at this position (0-based, the projector's order) to be played
    /// instead of the majority's, to make a point.
    Pick(usize),
    /// Play the answer picked (the majority's unless the trainer picked another).
    PlayPick,
    /// Free this trainee's seat for another phone (a flat battery): the next phone to join with the name
    /// takes the seat and its votes.
    ReleaseSeat(String),
    /// Leave the class vote: the server stops, the phones are told the room is closed.
    Leave,
}

/// The class session, case and rules of one class vote, as the setup screen chose them.
#[derive(Debug, Clone)]
pub struct VoteRequest {
    pub class: String,
    pub roster: Vec<String>,
    pub scenario: Arc<Scenario>,
    pub anonymous: bool,
    /// An optional time limit per step; none by default (thinking, not speed, is what is scored).
    pub time_limit: Option<Duration>,
}

/// Where the class vote stands.
#[derive(Debug, Clone, PartialEq)]
pub enum VoteStage {
    /// The room is open; phones join.
    Lobby,
    /// The class is voting on step `.0` (0-based).
    Voting { step: usize, since: Instant },
    /// The vote at this step is closed: the split is shown, `pick` (a position in the projector's order)
    /// is what will be played — the majority's, or the trainer's pick; `None` on a tie or no votes, until
    /// the trainer picks.
    Closed { tally: Tally, pick: Option<usize> },
    /// The answer was played; the class reads the feedback.
    Played,
}

/// The class vote in progress: the server, the stage, and every step's split so far (for the debrief).
#[derive(Resource)]
pub struct ClassVote {
    pub server: VoteServer,
    pub request: VoteRequest,
    pub stage: VoteStage,
    /// The closed steps' tallies, in order, with what was played.
    pub splits: Vec<StepSplit>,
    /// What the room looked like last frame: the projector redraws when it changes.
    pub view: RoomView,
}

/// One step of the class vote as the debrief shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSplit {
    pub tally: Tally,
    /// The file index of the answer played.
    pub played: usize,
    /// Whether the trainer played another answer than the class's clear majority.
    pub overruled: bool,
    /// Whether the class was split evenly (or nobody voted), so the trainer chose.
    pub tie: bool,
}

impl ClassVote {
    /// The seconds left at this step when a time limit is set.
    pub fn seconds_left(&self) -> Option<u64> {
        let (VoteStage::Voting { since, .. }, Some(limit)) = (&self.stage, self.request.time_limit) else {
            return None;
        };
        Some(limit.saturating_sub(since.elapsed()).as_secs())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<VoteCommand>()
        .add_systems(Update, (open_room, follow_commands).chain().in_set(GameSet::Drive))
        .add_systems(
            Update,
            (offer_steps, watch_room, tell_phones)
                .chain()
                .after(GameSet::Run)
                .before(GameSet::Present),
        )
        .add_systems(OnEnter(Screen::Title), leave_room);
}

/// Starts the server for the room the setup screen asked for.
fn open_room(
    mut commands: Commands,
    mut requests: MessageReader<VoteCommand>,
    settings: Res<Settings>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for command in requests.read() {
        let VoteCommand::Open(request) = command else { continue };
        // A vote or a join on a phone must reach the projector at once, though the game sleeps between
        // inputs (reactive rendering): the server wakes the event loop.
        let wake: goodwill_vote::Waker = match proxy.as_deref() {
            Some(proxy) => {
                let proxy = (**proxy).clone();
                Arc::new(move || {
                    let _ = proxy.send_event(WinitUserEvent::WakeUp);
                })
            }
            None => Arc::new(|| {}),
        };
        let config = VoteConfig::new(
            request.roster.clone(),
            request.anonymous,
            settings.lang,
            request.scenario.title.clone(),
        );
        match VoteServer::start(config, wake) {
            Ok(server) => {
                info!("class vote open at {} (code {})", server.join_url(), server.join_code());
                let view = server.view();
                commands.insert_resource(ClassVote {
                    server,
                    request: request.clone(),
                    stage: VoteStage::Lobby,
                    splits: Vec::new(),
                    view,
                });
                next.set(Screen::VoteLobby);
            }
            Err(e) => {
                error!("the class vote could not start its server: {e}");
                commands.insert_resource(VoteProblem(Some(e.to_string())));
            }
        }
    }
}

/// Why the last class vote could not open (the setup screen shows it).
#[derive(Resource, Debug, Default, Clone)]
pub struct VoteProblem(pub Option<String>);

/// Carries out the trainer's commands on the open room.
fn follow_commands(
    mut commands: Commands,
    mut requests: MessageReader<VoteCommand>,
    vote: Option<ResMut<ClassVote>>,
    run: Option<Res<ActiveRun>>,
    mut starts: MessageWriter<StartRun>,
    mut answers: MessageWriter<RunCommand>,
) {
    let Some(mut vote) = vote else {
        requests.clear();
        return;
    };
    for command in requests.read() {
        match command {
            VoteCommand::Open(_) => {}
            VoteCommand::BeginCase => {
                starts.write(StartRun {
                    class_vote: Some(ClassVoteRun {
                        class: vote.request.class.clone(),
                    }),
                    ..StartRun::new(Arc::clone(&vote.request.scenario))
                });
            }
            VoteCommand::Close => close(&mut vote, run.as_deref()),
            VoteCommand::Pick(position) => {
                let offered = run.as_ref().map_or(0, |r| r.session.offered().len());
                if let VoteStage::Closed { pick, .. } = &mut vote.stage
                    && *position < offered
                {
                    *pick = Some(*position);
                }
            }
            VoteCommand::PlayPick => {
                let Some(run) = run.as_deref() else { continue };
                let VoteStage::Closed {
                    tally,
                    pick: Some(position),
                } = &vote.stage
                else {
                    continue;
                };
                let Some(played) = run.session.shown_choice(*position) else {
                    continue;
                };
                let overruled = matches!(tally.majority(), Majority::Clear(choice) if choice != played);
                let tie = matches!(tally.majority(), Majority::Tie(_) | Majority::NoVotes);
                let votes: Vec<Vote> = tally
                    .votes
                    .iter()
                    .map(|(voter, choice)| Vote {
                        voter: voter.clone(),
                        choice: *choice,
                    })
                    .collect();
                let split = StepSplit {
                    tally: tally.clone(),
                    played,
                    overruled,
                    tie,
                };
                answers.write(RunCommand::Voted {
                    position: *position,
                    votes,
                });
                vote.splits.push(split);
                vote.stage = VoteStage::Played;
            }
            VoteCommand::ReleaseSeat(name) => {
                if vote.server.release_seat(name) {
                    info!("class vote: {name}'s seat is free for another phone");
                }
            }
            VoteCommand::Leave => {
                commands.remove_resource::<ClassVote>();
            }
        }
    }
}

/// Closes the step's vote and sets the pick to the majority's answer (none on a tie or no votes).
fn close(vote: &mut ClassVote, run: Option<&ActiveRun>) {
    if !matches!(vote.stage, VoteStage::Voting { .. }) {
        return;
    }
    let Some(tally) = vote.server.close_step() else { return };
    let pick = match (tally.majority(), run) {
        (Majority::Clear(choice), Some(run)) => run.session.offered().iter().position(|&c| c == choice),
        _ => None,
    };
    vote.stage = VoteStage::Closed { tally, pick };
}

/// Each new customer line is offered to the phones as the projector starts to show it.
fn offer_steps(mut events: MessageReader<RunEvent>, vote: Option<ResMut<ClassVote>>, run: Option<Res<ActiveRun>>) {
    let (Some(mut vote), Some(run)) = (vote, run) else {
        events.clear();
        return;
    };
    for event in events.read() {
        if run.class_vote.is_none() {
            continue;
        }
        // A restarted case starts its splits again with its first step.
        if let RunEvent::Started { .. } = event {
            vote.splits.clear();
        }
        if *event != RunEvent::LineShown {
            continue;
        }
        let index = run.session.history().count();
        if let Some(step) = step_from_session(&run.session, index) {
            vote.server.open_step(step);
            vote.stage = VoteStage::Voting {
                step: index,
                since: Instant::now(),
            };
        }
    }
}

/// Reads the room each frame (a cheap snapshot): the projector redraws when someone joins or votes, and
/// the vote closes by itself when every seat has voted or the time limit is over.
fn watch_room(vote: Option<ResMut<ClassVote>>, run: Option<Res<ActiveRun>>, mut redraw: MessageWriter<RequestRedraw>) {
    let Some(mut vote) = vote else { return };
    let view = vote.server.view();
    if view != vote.view {
        vote.view = view;
    }
    if let VoteStage::Voting { .. } = vote.stage {
        let everyone = vote.view.everyone_voted;
        let timed_out = vote.seconds_left() == Some(0);
        if everyone || timed_out {
            close(&mut vote, run.as_deref());
        } else if vote.request.time_limit.is_some() {
            // The countdown on the projector moves each second though nobody touches the keyboard.
            redraw.write(RequestRedraw);
        }
    }
}

/// Tells the phones what the class's answer did, and how the case ended.
fn tell_phones(mut events: MessageReader<RunEvent>, vote: Option<Res<ClassVote>>, run: Option<Res<ActiveRun>>) {
    let (Some(vote), Some(run)) = (vote, run) else {
        events.clear();
        return;
    };
    if run.class_vote.is_none() {
        events.clear();
        return;
    }
    let (mut answered, mut finished) = (false, false);
    for event in events.read() {
        match event {
            RunEvent::Engine(DialogueEvent::AgentSays { .. }) => answered = true,
            RunEvent::Finished => finished = true,
            _ => {}
        }
    }
    // The class reads the last answer's feedback on their phones too; the ending follows with the debrief.
    if answered && matches!(run.phase, Phase::Feedback | Phase::Closed) {
        let step = run.session.history().count().saturating_sub(1);
        if let (Some(mut outcome), Some(last)) = (outcome_from_session(&run.session, step), run.session.last_step()) {
            // The phones read the feedback as the projector shows it: the source named by its title, not
            // only by its number.
            let cited = |lang| crate::describe::cited(last.feedback.get(lang), last.cites, lang);
            outcome.feedback = goodwill_engine::Bilingual::new(cited(Lang::Zh), cited(Lang::En));
            vote.server.show_outcome(outcome);
        }
    }
    if finished {
        let tallies: Vec<Tally> = vote.splits.iter().map(|s| s.tally.clone()).collect();
        if let Some(summary) = summary_from_session(&run.session, &tallies) {
            vote.server.finish(summary);
        }
    }
}

/// Back on the title, the room is closed: the server runs only while a vote screen is open.
fn leave_room(mut commands: Commands) {
    commands.remove_resource::<ClassVote>();
}
