//! The class-vote room, with no IO: seats and their tokens, the open step with its opaque option keys and
//! each seat's shuffled order, one vote per seat per step, the tally and the phase. The server wraps it
//! in a lock; tests drive it directly.

use std::collections::HashMap;

use goodwill_engine::{Bilingual, Lang};
use rand::rngs::{ChaCha8Rng, ChaCha20Rng};
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::model::{Phase, RoomView, StepOutcome, Tally, VoteStep, VoteSummary};

/// The join code's letters: no 0/O, 1/I/L, so a code read off a projector is typed right.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LENGTH: usize = 6;
/// At most this many anonymous seats, so a leaked code cannot fill the server's memory with seats.
pub const MAX_ANONYMOUS: usize = 500;
/// The longest name a join may send (roster names are checked against the roster anyway).
const MAX_NAME_CHARS: usize = 100;
/// Option keys' letters and length: opaque, short, never the file index.
const KEY_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
const KEY_LENGTH: usize = 8;

/// Why a join was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinError {
    WrongCode,
    /// Neither a name nor an anonymous seat was asked for.
    NoName,
    NotOnRoster,
    AnonymousNotAllowed,
    /// Another phone holds that name's seat.
    SeatTaken,
    /// No anonymous seat is left.
    RoomFull,
}

/// Why a vote was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteError {
    UnknownSeat,
    /// The step is not the open one, or it is closed.
    StepNotOpen,
    /// The key was not offered at that step.
    NoSuchKey,
}

/// What a phone asks for when it joins.
#[derive(Debug, Clone, Default)]
pub struct JoinRequest {
    pub code: String,
    pub name: Option<String>,
    pub anonymous: bool,
    /// A token from an earlier join: the same seat is given back.
    pub token: Option<String>,
}

/// A granted seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub token: String,
    pub name: String,
    /// False when a token took its seat back.
    pub new_seat: bool,
}

struct Seat {
    name: String,
    /// Empty while the seat is released (the trainee moves to another phone): no token reaches it.
    token: String,
    /// Draws this seat's order of the options at every step.
    order_seed: u64,
}

struct OpenStep {
    step: VoteStep,
    /// The opaque key of each option (same index as `step.options`).
    keys: Vec<String>,
    /// Seat index → option index.
    votes: HashMap<usize, usize>,
    closed: bool,
}

/// The room of one class vote.
pub struct Room {
    code: String,
    roster: Vec<String>,
    anonymous: bool,
    lang: Lang,
    case_title: Bilingual,
    seats: Vec<Seat>,
    by_token: HashMap<String, usize>,
    anonymous_seats: usize,
    step: Option<OpenStep>,
    phase: Phase,
    outcome: Option<StepOutcome>,
    summary: Option<VoteSummary>,
    /// Counts every change of phase or step: phones re-read their state when it moves.
    revision: u64,
    rng: ChaCha20Rng,
}

/// The roster as the join screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LobbyInfo {
    pub lang: Lang,
    pub case_title: String,
    pub anonymous: bool,
    pub roster: Vec<RosterName>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RosterName {
    pub name: String,
    pub taken: bool,
}

/// One phone's view of the room (`GET /api/state`), in the trainer's language.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneState {
    pub lang: Lang,
    pub case_title: String,
    pub me: String,
    pub phase: Phase,
    pub step: Option<PhoneStep>,
    pub my_vote: Option<String>,
    pub outcome: Option<PhoneOutcome>,
    pub summary: Option<PhoneSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhoneStep {
    pub index: usize,
    pub narration: Option<String>,
    pub customer: String,
    /// This seat's own order.
    pub options: Vec<PhoneOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhoneOption {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhoneOutcome {
    pub step: usize,
    pub played: String,
    pub account: String,
    pub feedback: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhoneSummary {
    pub title: String,
    pub epilogue: String,
    pub split: Vec<String>,
}

impl Room {
    /// A room with a fresh join code. `rng` draws the code, tokens and keys: seed it from the system.
    pub fn new(roster: Vec<String>, anonymous: bool, lang: Lang, case_title: Bilingual, mut rng: ChaCha20Rng) -> Room {
        let code = random_string(&mut rng, CODE_ALPHABET, CODE_LENGTH);
        let mut roster: Vec<String> = roster
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let mut seen = std::collections::HashSet::new();
        roster.retain(|n| seen.insert(n.clone()));
        Room {
            code,
            roster,
            anonymous,
            lang,
            case_title,
            seats: Vec::new(),
            by_token: HashMap::new(),
            anonymous_seats: 0,
            step: None,
            phase: Phase::Lobby,
            outcome: None,
            summary: None,
            revision: 0,
            rng,
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether `code` is this room's code (case and surrounding spaces ignored).
    pub fn code_matches(&self, code: &str) -> bool {
        code.trim().eq_ignore_ascii_case(&self.code)
    }

    /// The seat a token holds.
    pub fn seat_of(&self, token: &str) -> Option<usize> {
        self.by_token.get(token).copied()
    }

    /// The name of the seat a token holds.
    pub fn name_of(&self, token: &str) -> Option<&str> {
        self.seat_of(token).map(|seat| self.seats[seat].name.as_str())
    }

    /// The roster for the join screen, if the code is right.
    pub fn lobby(&self, code: &str) -> Result<LobbyInfo, JoinError> {
        if !self.code_matches(code) {
            return Err(JoinError::WrongCode);
        }
        Ok(LobbyInfo {
            lang: self.lang,
            case_title: self.case_title.get(self.lang).to_string(),
            anonymous: self.anonymous,
            roster: self
                .roster
                .iter()
                .map(|name| RosterName {
                    name: name.clone(),
                    taken: self.seats.iter().any(|s| &s.name == name && !s.token.is_empty()),
                })
                .collect(),
        })
    }

    /// Seats a phone: by its earlier token (the same seat and votes), by a roster name, or anonymously.
    pub fn join(&mut self, request: &JoinRequest) -> Result<Joined, JoinError> {
        if !self.code_matches(&request.code) {
            return Err(JoinError::WrongCode);
        }
        if let Some(seat) = request.token.as_deref().and_then(|t| self.seat_of(t)) {
            let seat = &self.seats[seat];
            return Ok(Joined {
                token: seat.token.clone(),
                name: seat.name.clone(),
                new_seat: false,
            });
        }
        let name = match request.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) if name.chars().count() > MAX_NAME_CHARS => return Err(JoinError::NotOnRoster),
            Some(name) => {
                if !self.roster.iter().any(|r| r == name) {
                    return Err(JoinError::NotOnRoster);
                }
                // A seat the trainer released goes to the next phone that asks for it, with its votes.
                if let Some(at) = self.seats.iter().position(|s| s.name == name && s.token.is_empty()) {
                    let token = self.fresh_token();
                    self.by_token.insert(token.clone(), at);
                    self.seats[at].token.clone_from(&token);
                    self.revision += 1;
                    return Ok(Joined {
                        token,
                        name: name.to_string(),
                        new_seat: false,
                    });
                }
                if self.seats.iter().any(|s| s.name == name) {
                    return Err(JoinError::SeatTaken);
                }
                name.to_string()
            }
            None if request.anonymous => {
                if !self.anonymous {
                    return Err(JoinError::AnonymousNotAllowed);
                }
                if self.anonymous_seats >= MAX_ANONYMOUS {
                    return Err(JoinError::RoomFull);
                }
                self.next_anonymous_name()
            }
            None => return Err(JoinError::NoName),
        };
        let token = self.fresh_token();
        let order_seed = self.rng.random();
        self.by_token.insert(token.clone(), self.seats.len());
        self.seats.push(Seat {
            name: name.clone(),
            token: token.clone(),
            order_seed,
        });
        Ok(Joined {
            token,
            name,
            new_seat: true,
        })
    }

    /// Frees a named seat for another phone (a flat battery, a borrowed phone): the old phone's token no
    /// longer reaches it, and the next phone to join with the name takes the seat with its votes so far.
    /// Whether there was such a seat.
    pub fn release_seat(&mut self, name: &str) -> bool {
        let Some(at) = self.seats.iter().position(|s| s.name == name && !s.token.is_empty()) else {
            return false;
        };
        let token = std::mem::take(&mut self.seats[at].token);
        self.by_token.remove(&token);
        self.revision += 1;
        true
    }

    fn next_anonymous_name(&mut self) -> String {
        loop {
            self.anonymous_seats += 1;
            let name = match self.lang {
                Lang::Zh => format!("匿名 {}", self.anonymous_seats),
                Lang::En => format!("Guest {}", self.anonymous_seats),
            };
            if !self.roster.contains(&name) && !self.seats.iter().any(|s| s.name == name) {
                return name;
            }
        }
    }

    fn fresh_token(&mut self) -> String {
        loop {
            let bytes: [u8; 16] = self.rng.random();
            let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            if !self.by_token.contains_key(&token) {
                return token;
            }
        }
    }

    /// Opens a step for votes. Reopening the step that is already up keeps its keys and votes.
    pub fn open_step(&mut self, step: VoteStep) {
        let kept = match self.step.take() {
            Some(old) if old.step.index == step.index => Some(old),
            _ => None,
        };
        let mut keys = Vec::with_capacity(step.options.len());
        for option in &step.options {
            let old_key = kept.as_ref().and_then(|old| {
                let at = old.step.options.iter().position(|o| o.choice == option.choice)?;
                old.keys.get(at).cloned()
            });
            let key = match old_key {
                Some(key) => key,
                None => loop {
                    let key = random_string(&mut self.rng, KEY_ALPHABET, KEY_LENGTH);
                    if !keys.contains(&key) {
                        break key;
                    }
                },
            };
            keys.push(key);
        }
        let mut votes = HashMap::new();
        if let Some(old) = &kept {
            for (&seat, &at) in &old.votes {
                let choice = old.step.options[at].choice;
                if let Some(new_at) = step.options.iter().position(|o| o.choice == choice) {
                    votes.insert(seat, new_at);
                }
            }
        }
        self.step = Some(OpenStep {
            step,
            keys,
            votes,
            closed: false,
        });
        self.outcome = None;
        self.phase = Phase::Voting;
        self.revision += 1;
    }

    /// Closes the open step: no more votes for it. `None` when no step was ever opened.
    pub fn close_step(&mut self) -> Option<Tally> {
        let open = self.step.as_mut()?;
        if !open.closed {
            open.closed = true;
            if self.phase == Phase::Voting {
                self.phase = Phase::Closed;
            }
            self.revision += 1;
        }
        self.tally()
    }

    /// The current (or last) step's votes so far.
    pub fn tally(&self) -> Option<Tally> {
        let open = self.step.as_ref()?;
        let mut counts: Vec<(usize, u32)> = open.step.options.iter().map(|o| (o.choice, 0)).collect();
        let mut votes = Vec::with_capacity(open.votes.len());
        for (seat_index, seat) in self.seats.iter().enumerate() {
            if let Some(&at) = open.votes.get(&seat_index) {
                counts[at].1 += 1;
                votes.push((seat.name.clone(), open.step.options[at].choice));
            }
        }
        Some(Tally {
            step: open.step.index,
            seats: self.seats.len(),
            counts,
            votes,
        })
    }

    /// Records (or replaces) a seat's vote at the open step.
    pub fn vote(&mut self, token: &str, step: usize, key: &str) -> Result<(), VoteError> {
        let seat = self.seat_of(token).ok_or(VoteError::UnknownSeat)?;
        let open = match &mut self.step {
            Some(open) if open.step.index == step && !open.closed && self.phase == Phase::Voting => open,
            _ => return Err(VoteError::StepNotOpen),
        };
        let at = open.keys.iter().position(|k| k == key).ok_or(VoteError::NoSuchKey)?;
        open.votes.insert(seat, at);
        Ok(())
    }

    /// Shows the phones what was played.
    pub fn show_outcome(&mut self, outcome: StepOutcome) {
        if let Some(open) = &mut self.step {
            open.closed = true;
        }
        self.outcome = Some(outcome);
        self.phase = Phase::Outcome;
        self.revision += 1;
    }

    /// Ends the case on every phone.
    pub fn finish(&mut self, summary: VoteSummary) {
        if let Some(open) = &mut self.step {
            open.closed = true;
        }
        self.summary = Some(summary);
        self.phase = Phase::Finished;
        self.revision += 1;
    }

    pub fn view(&self) -> RoomView {
        let voted = self.step.as_ref().map_or(0, |s| s.votes.len());
        let open_step = self.step.as_ref().filter(|s| !s.closed).map(|s| s.step.index);
        RoomView {
            seats: self.seats.iter().map(|s| s.name.clone()).collect(),
            away: self
                .seats
                .iter()
                .filter(|s| s.token.is_empty())
                .map(|s| s.name.clone())
                .collect(),
            voted,
            open_step,
            everyone_voted: open_step.is_some() && !self.seats.is_empty() && voted == self.seats.len(),
            phase: self.phase,
        }
    }

    /// What one seat's phone shows, or `None` for an unknown token.
    pub fn state_for(&self, token: &str) -> Option<PhoneState> {
        let seat_index = self.seat_of(token)?;
        let seat = &self.seats[seat_index];
        let lang = self.lang;
        let shown_step = self.step.as_ref().filter(|_| self.phase != Phase::Finished);
        let step = shown_step.map(|open| PhoneStep {
            index: open.step.index,
            narration: open.step.narration.as_ref().map(|n| n.get(lang).to_string()),
            customer: open.step.customer.get(lang).to_string(),
            options: seat_order(seat.order_seed, open.step.index, open.step.options.len())
                .into_iter()
                .map(|at| PhoneOption {
                    key: open.keys[at].clone(),
                    text: open.step.options[at].text.get(lang).to_string(),
                })
                .collect(),
        });
        let my_vote = shown_step.and_then(|open| open.votes.get(&seat_index).map(|&at| open.keys[at].clone()));
        Some(PhoneState {
            lang,
            case_title: self.case_title.get(lang).to_string(),
            me: seat.name.clone(),
            phase: self.phase,
            step,
            my_vote,
            outcome: self
                .outcome
                .as_ref()
                .filter(|_| self.phase == Phase::Outcome)
                .map(|o| PhoneOutcome {
                    step: o.step,
                    played: o.played.get(lang).to_string(),
                    account: o.account.get(lang).to_string(),
                    feedback: o.feedback.get(lang).to_string(),
                }),
            summary: self.summary.as_ref().map(|s| PhoneSummary {
                title: s.title.get(lang).to_string(),
                epilogue: s.epilogue.get(lang).to_string(),
                split: s.split.iter().map(|l| l.get(lang).to_string()).collect(),
            }),
        })
    }
}

/// A seat's order of a step's options: its own shuffle, the same every time it asks.
fn seat_order(seed: u64, step: usize, count: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(step as u64);
    let mut order: Vec<usize> = (0..count).collect();
    for i in (1..count).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    order
}

fn random_string(rng: &mut ChaCha20Rng, alphabet: &[u8], length: usize) -> String {
    (0..length)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Majority, VoteOption};

    fn room(roster: &[&str], anonymous: bool) -> Room {
        Room::new(
            roster.iter().map(|s| s.to_string()).collect(),
            anonymous,
            Lang::En,
            Bilingual::new("汤", "Soup"),
            ChaCha20Rng::seed_from_u64(7),
        )
    }

    fn step(index: usize, choices: &[usize]) -> VoteStep {
        VoteStep {
            index,
            narration: None,
            customer: Bilingual::new("顾客", "Customer"),
            options: choices
                .iter()
                .map(|&c| VoteOption {
                    choice: c,
                    text: Bilingual::new(format!("答{c}"), format!("Answer {c}")),
                })
                .collect(),
        }
    }

    fn join(room: &mut Room, name: &str) -> Joined {
        let code = room.code().to_string();
        room.join(&JoinRequest {
            code,
            name: Some(name.into()),
            ..Default::default()
        })
        .expect("join")
    }

    /// The key this seat sees for choice `choice` (by the option's text, as a phone would pick it).
    fn key_for(room: &Room, token: &str, choice: usize) -> String {
        let state = room.state_for(token).expect("state");
        let text = format!("Answer {choice}");
        state
            .step
            .expect("step")
            .options
            .into_iter()
            .find(|o| o.text == text)
            .expect("offered")
            .key
    }

    #[test]
    fn join_code_is_six_unambiguous_letters() {
        let r = room(&[], true);
        assert_eq!(r.code().len(), CODE_LENGTH);
        assert!(r.code().bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(!r.code().contains(['0', 'O', '1', 'I', 'L']));
        assert!(r.code_matches(&format!(" {} ", r.code().to_lowercase())));
    }

    #[test]
    fn roster_seats_are_one_per_name_and_codes_are_checked() {
        let mut r = room(&["Ann", "Bo"], false);
        let wrong = JoinRequest {
            code: "ZZZZZZ".into(),
            name: Some("Ann".into()),
            ..Default::default()
        };
        assert_eq!(r.join(&wrong), Err(JoinError::WrongCode));
        let ann = join(&mut r, "Ann");
        assert!(ann.new_seat);
        let code = r.code().to_string();
        let again = JoinRequest {
            code: code.clone(),
            name: Some("Ann".into()),
            ..Default::default()
        };
        assert_eq!(r.join(&again), Err(JoinError::SeatTaken));
        let stranger = JoinRequest {
            code: code.clone(),
            name: Some("Eve".into()),
            ..Default::default()
        };
        assert_eq!(r.join(&stranger), Err(JoinError::NotOnRoster));
        let anon = JoinRequest {
            code: code.clone(),
            anonymous: true,
            ..Default::default()
        };
        assert_eq!(r.join(&anon), Err(JoinError::AnonymousNotAllowed));
        let rejoin = JoinRequest {
            code,
            token: Some(ann.token.clone()),
            ..Default::default()
        };
        let back = r.join(&rejoin).expect("rejoin");
        assert_eq!(
            (back.token.as_str(), back.name.as_str(), back.new_seat),
            (ann.token.as_str(), "Ann", false)
        );
        assert_eq!(r.view().seats, vec!["Ann".to_string()]);
        let lobby = r.lobby(r.code()).expect("lobby");
        assert!(lobby.roster.iter().any(|n| n.name == "Ann" && n.taken));
        assert!(lobby.roster.iter().any(|n| n.name == "Bo" && !n.taken));
    }

    #[test]
    fn anonymous_seats_are_numbered_guests() {
        let mut r = room(&[], true);
        let code = r.code().to_string();
        let anon = JoinRequest {
            code,
            anonymous: true,
            ..Default::default()
        };
        let a = r.join(&anon).expect("first");
        let b = r.join(&anon).expect("second");
        assert_eq!((a.name.as_str(), b.name.as_str()), ("Guest 1", "Guest 2"));
        assert_ne!(a.token, b.token);
    }

    #[test]
    fn a_released_seat_moves_to_a_new_phone_with_its_vote_and_turns_the_old_phone_away() {
        let mut r = room(&["Ann", "Bo"], false);
        let old_phone = join(&mut r, "Ann");
        join(&mut r, "Bo");
        r.open_step(step(0, &[0, 1]));
        let k = key_for(&r, &old_phone.token, 1);
        r.vote(&old_phone.token, 0, &k).expect("ann votes");
        assert!(!r.release_seat("Eve"), "no such seat");
        assert!(r.release_seat("Ann"));
        assert_eq!(r.view().away, vec!["Ann".to_string()]);
        assert!(
            r.state_for(&old_phone.token).is_none(),
            "the old phone no longer reaches the seat"
        );
        assert_eq!(r.vote(&old_phone.token, 0, &k), Err(VoteError::UnknownSeat));
        let new_phone = join(&mut r, "Ann");
        assert!(!new_phone.new_seat, "the same seat");
        assert_ne!(new_phone.token, old_phone.token);
        assert!(r.view().away.is_empty());
        assert_eq!(r.view().seats.len(), 2);
        let mine = r.state_for(&new_phone.token).and_then(|s| s.my_vote);
        assert_eq!(mine, Some(key_for(&r, &new_phone.token, 1)), "her vote came along");
        // Taken again, the name is refused to a third phone.
        let third = JoinRequest {
            code: r.code().to_string(),
            name: Some("Ann".into()),
            ..Default::default()
        };
        assert_eq!(r.join(&third), Err(JoinError::SeatTaken));
    }

    #[test]
    fn votes_are_one_per_seat_changeable_until_close_and_tallied() {
        let mut r = room(&["Ann", "Bo", "Cy"], false);
        let ann = join(&mut r, "Ann");
        let bo = join(&mut r, "Bo");
        let cy = join(&mut r, "Cy");
        assert_eq!(r.phase(), Phase::Lobby);
        r.open_step(step(0, &[2, 0, 1]));
        assert_eq!(r.view().open_step, Some(0));
        let k = key_for(&r, &ann.token, 1);
        r.vote(&ann.token, 0, &k).expect("ann");
        // Ann changes her mind: one vote per seat, the last one counts.
        let k = key_for(&r, &ann.token, 2);
        r.vote(&ann.token, 0, &k).expect("ann again");
        let k = key_for(&r, &bo.token, 2);
        r.vote(&bo.token, 0, &k).expect("bo");
        assert_eq!(r.view().voted, 2);
        assert!(!r.view().everyone_voted);
        let k = key_for(&r, &cy.token, 0);
        r.vote(&cy.token, 0, &k).expect("cy");
        assert!(r.view().everyone_voted);
        assert_eq!(r.state_for(&cy.token).and_then(|s| s.my_vote), Some(k.clone()));
        assert_eq!(r.vote("nobody", 0, &k), Err(VoteError::UnknownSeat));
        assert_eq!(r.vote(&cy.token, 0, "nokey"), Err(VoteError::NoSuchKey));
        assert_eq!(r.vote(&cy.token, 1, &k), Err(VoteError::StepNotOpen));
        let tally = r.close_step().expect("tally");
        assert_eq!(tally.counts, vec![(2, 2), (0, 1), (1, 0)]);
        assert_eq!(
            tally.votes,
            vec![("Ann".to_string(), 2), ("Bo".to_string(), 2), ("Cy".to_string(), 0)]
        );
        assert_eq!(tally.majority(), Majority::Clear(2));
        assert_eq!((tally.voted(), tally.seats), (3, 3));
        assert_eq!(r.phase(), Phase::Closed);
        assert_eq!(r.vote(&cy.token, 0, &k), Err(VoteError::StepNotOpen));
        assert_eq!(r.view().open_step, None);
    }

    #[test]
    fn ties_and_no_votes_are_told_apart() {
        let mut r = room(&["Ann", "Bo"], false);
        let ann = join(&mut r, "Ann");
        let bo = join(&mut r, "Bo");
        r.open_step(step(3, &[4, 5]));
        assert_eq!(r.tally().expect("tally").majority(), Majority::NoVotes);
        let k = key_for(&r, &ann.token, 4);
        r.vote(&ann.token, 3, &k).expect("ann");
        let k = key_for(&r, &bo.token, 5);
        r.vote(&bo.token, 3, &k).expect("bo");
        assert_eq!(r.close_step().expect("tally").majority(), Majority::Tie(vec![4, 5]));
    }

    #[test]
    fn keys_are_opaque_per_step_and_each_seat_has_its_own_order() {
        let names: Vec<String> = (0..12).map(|i| format!("T{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut r = room(&refs, false);
        let tokens: Vec<String> = refs.iter().map(|n| join(&mut r, n).token).collect();
        r.open_step(step(0, &[0, 1, 2, 3]));
        let orders: Vec<Vec<String>> = tokens
            .iter()
            .map(|t| {
                r.state_for(t)
                    .expect("state")
                    .step
                    .expect("step")
                    .options
                    .into_iter()
                    .map(|o| o.text)
                    .collect()
            })
            .collect();
        // Asking again gives the same order (a refresh does not reshuffle).
        let again: Vec<String> = r
            .state_for(&tokens[0])
            .expect("state")
            .step
            .expect("step")
            .options
            .into_iter()
            .map(|o| o.text)
            .collect();
        assert_eq!(orders[0], again);
        assert!(
            orders.iter().any(|o| o != &orders[0]),
            "12 seats all got the same order"
        );
        let keys: Vec<String> = r
            .state_for(&tokens[0])
            .expect("state")
            .step
            .expect("step")
            .options
            .into_iter()
            .map(|o| o.key)
            .collect();
        for key in &keys {
            assert!(key.parse::<usize>().is_err(), "key {key} looks like an index");
        }
        // The next step's keys are new: a key of step 0 is not offered at step 1.
        r.open_step(step(1, &[0, 1, 2, 3]));
        assert_eq!(r.vote(&tokens[0], 1, &keys[0]), Err(VoteError::NoSuchKey));
    }

    #[test]
    fn reopening_a_step_keeps_its_votes_and_a_rejoined_seat_finds_its_vote() {
        let mut r = room(&["Ann"], false);
        let ann = join(&mut r, "Ann");
        r.open_step(step(0, &[0, 1]));
        let k = key_for(&r, &ann.token, 1);
        r.vote(&ann.token, 0, &k).expect("vote");
        r.open_step(step(0, &[0, 1]));
        let code = r.code().to_string();
        let back = r
            .join(&JoinRequest {
                code,
                token: Some(ann.token.clone()),
                ..Default::default()
            })
            .expect("rejoin");
        assert_eq!(r.state_for(&back.token).and_then(|s| s.my_vote), Some(k));
        assert_eq!(r.tally().expect("tally").votes, vec![("Ann".to_string(), 1)]);
    }

    #[test]
    fn outcome_and_finish_reach_the_phones() {
        let mut r = room(&["Ann"], false);
        let ann = join(&mut r, "Ann");
        r.open_step(step(0, &[0, 1]));
        let before = r.revision();
        r.close_step();
        r.show_outcome(StepOutcome {
            step: 0,
            played: Bilingual::new("好", "Good"),
            account: Bilingual::new("+5", "+5"),
            feedback: Bilingual::new("对", "Right"),
        });
        assert!(r.revision() > before);
        let state = r.state_for(&ann.token).expect("state");
        assert_eq!(state.phase, Phase::Outcome);
        assert_eq!(state.outcome.map(|o| o.played), Some("Good".to_string()));
        r.finish(VoteSummary {
            title: Bilingual::new("完", "The end"),
            epilogue: Bilingual::new("后来", "Later"),
            split: vec![Bilingual::new("第 1 步", "Step 1")],
        });
        let state = r.state_for(&ann.token).expect("state");
        assert_eq!(state.phase, Phase::Finished);
        assert!(state.step.is_none());
        assert_eq!(state.summary.map(|s| s.title), Some("The end".to_string()));
    }
}
