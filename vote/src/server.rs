//! The class-vote server: the room behind a lock, served by axum on a current-thread tokio runtime in its
//! own thread. The game calls these methods from its own thread; dropping the server stops it and frees
//! the port.

use std::collections::{HashMap, VecDeque};
use std::future::IntoFuture;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use goodwill_engine::{Bilingual, Lang};
use rand::SeedableRng;
use rand::rngs::{ChaCha20Rng, SysRng};
use tokio::sync::{Notify, oneshot, watch};

use crate::http;
use crate::lan;
use crate::limit::{Limiter, RateLimits};
use crate::model::{RoomView, StepOutcome, Tally, VoteStep, VoteSummary};
use crate::observer::{Checklist, Marks, ObserverView, golden_step_names};
use crate::room::Room;

/// Called after any change the projector shows (a seat taken, a vote counted): the game wakes its
/// event loop with it. It runs on the server's thread, so it must be quick.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// How a class vote is set up.
#[derive(Debug, Clone)]
pub struct VoteConfig {
    /// Where to listen: `0.0.0.0:0` (every interface, a port from the OS) by default.
    pub bind: SocketAddr,
    /// The class session's trainees (may be empty when anonymous seats are allowed).
    pub roster: Vec<String>,
    /// Whether a phone may take an anonymous seat ("匿名 1" / "Guest 1").
    pub anonymous: bool,
    /// The trainer's language: the phones follow it.
    pub language: Lang,
    pub case_title: Bilingual,
    /// How fast one client may ask before it is refused with 429.
    pub limits: RateLimits,
}

impl VoteConfig {
    /// A room on every interface, at a port the OS picks, with the default rate limits.
    pub fn new(roster: Vec<String>, anonymous: bool, language: Lang, case_title: Bilingual) -> VoteConfig {
        VoteConfig {
            bind: SocketAddr::from(([0, 0, 0, 0], 0)),
            roster,
            anonymous,
            language,
            case_title,
            limits: RateLimits::default(),
        }
    }
}

/// A seat's open event streams, oldest first: each one's number and the signal that ends it.
pub(crate) type SeatStreams = VecDeque<(u64, Arc<Notify>)>;

/// What the server's handlers share with the game's side.
pub(crate) struct Shared {
    pub room: Mutex<Room>,
    /// The room's revision: every phone's event stream follows it.
    pub changes: watch::Sender<u64>,
    pub wake: Waker,
    pub limiter: Mutex<Limiter>,
    /// Open event streams per seat, oldest first, each with the signal that ends it: a phone needs one
    /// (a few while a page reloads or a dead Wi-Fi connection lingers), so past a few the oldest is ended.
    pub streams: Mutex<HashMap<usize, SeatStreams>>,
    /// Numbers the event streams.
    pub next_stream: AtomicU64,
    /// The phone page, in the trainer's language.
    pub page: String,
    /// The observer's checklist when the server was started for a pair round's observer; `None` in a
    /// class vote (the marks API then answers 404).
    pub checklist: Option<Arc<Mutex<Checklist>>>,
}

/// Locks a mutex; a panic elsewhere while it was held leaves data that is still consistent (every
/// change to the room is made in one step), so the lock is taken anyway.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running class vote.
pub struct VoteServer {
    shared: Arc<Shared>,
    port: u16,
    join_url: String,
    code: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl VoteServer {
    /// Binds the port and starts serving on a thread of its own.
    pub fn start(config: VoteConfig, wake: Waker) -> std::io::Result<VoteServer> {
        let rng = ChaCha20Rng::try_from_rng(&mut SysRng).map_err(std::io::Error::other)?;
        let room = Room::new(config.roster, config.anonymous, config.language, config.case_title, rng);
        let page = http::phone_page(config.language);
        VoteServer::serve(room, page, None, config.bind, config.limits, wake)
    }

    /// Serves `room` (and the observer's checklist, when there is one) on a thread of its own.
    fn serve(
        room: Room,
        page: String,
        checklist: Option<Arc<Mutex<Checklist>>>,
        bind: SocketAddr,
        limits: RateLimits,
        wake: Waker,
    ) -> std::io::Result<VoteServer> {
        let listener = TcpListener::bind(bind)?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let code = room.code().to_string();
        let (changes, _) = watch::channel(room.revision());
        let shared = Arc::new(Shared {
            room: Mutex::new(room),
            changes,
            wake,
            limiter: Mutex::new(Limiter::new(limits)),
            streams: Mutex::default(),
            next_stream: AtomicU64::new(0),
            page,
            checklist,
        });
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let app = http::router(Arc::clone(&shared)).into_make_service_with_connect_info::<SocketAddr>();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("goodwill-vote".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        _ = axum::serve(listener, app).into_future() => {}
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime drops every connection and the listener: the port is free.
                drop(runtime);
            })?;
        // `SocketAddr` writes an IPv6 host in brackets, as a URL needs.
        let join_url = format!("http://{}/", SocketAddr::new(lan::join_host(bind), port));
        Ok(VoteServer {
            shared,
            port,
            join_url,
            code,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://<LAN IPv4 address>:<port>/` (127.0.0.1 when there is no network).
    pub fn join_url(&self) -> String {
        self.join_url.clone()
    }

    /// Six letters from an unambiguous alphabet (no 0/O/1/I/L).
    pub fn join_code(&self) -> &str {
        &self.code
    }

    /// Puts a step to the vote; phones are told at once. Reopening the current step keeps its votes.
    pub fn open_step(&self, step: VoteStep) {
        self.change(|room| room.open_step(step));
    }

    /// Closes the open step: later votes for it get 409. `None` when no step was ever opened.
    pub fn close_step(&self) -> Option<Tally> {
        self.change(Room::close_step)
    }

    /// Frees a named seat for another phone: the old phone is turned away, the next to join with the name
    /// takes the seat and its votes. Whether there was such a seat.
    pub fn release_seat(&self, name: &str) -> bool {
        self.change(|room| room.release_seat(name))
    }

    /// The open (or last) step's votes so far.
    pub fn tally(&self) -> Option<Tally> {
        lock(&self.shared.room).tally()
    }

    /// Shows the phones what was played and how the account moved.
    pub fn show_outcome(&self, outcome: StepOutcome) {
        self.change(|room| room.show_outcome(outcome));
    }

    /// Ends the case on every phone.
    pub fn finish(&self, summary: VoteSummary) {
        self.change(|room| room.finish(summary));
    }

    /// The projector's snapshot.
    pub fn view(&self) -> RoomView {
        lock(&self.shared.room).view()
    }

    /// Stops the server and frees the port (dropping it does the same).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn change<R>(&self, f: impl FnOnce(&mut Room) -> R) -> R {
        let result = f(&mut lock(&self.shared.room));
        notify_change(&self.shared);
        result
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already have ended (its thread panicked): nothing is listening then.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How a pair round's observer is served: one named seat (the observer's phone), the seven golden steps to
/// mark, the round's title.
#[derive(Debug, Clone)]
pub struct ObserverConfig {
    /// Where to listen: `0.0.0.0:0` by default.
    pub bind: SocketAddr,
    /// The observer's name: the one seat the room has.
    pub observer: String,
    /// The trainer's language: the phone follows it.
    pub language: Lang,
    /// The golden steps' names, in the checklist's order.
    pub steps: [Bilingual; goodwill_engine::GOLDEN_STEP_COUNT],
    /// The round being played ("第1轮 · 汤洒了").
    pub round_title: Bilingual,
    pub limits: RateLimits,
}

impl ObserverConfig {
    /// An observer room on every interface, at a port the OS picks, with the engine's golden steps and the
    /// default rate limits.
    pub fn new(observer: String, language: Lang, round_title: Bilingual) -> ObserverConfig {
        ObserverConfig {
            bind: SocketAddr::from(([0, 0, 0, 0], 0)),
            observer,
            language,
            steps: golden_step_names(),
            round_title,
            limits: RateLimits::default(),
        }
    }
}

/// The server of a pair exercise's observer: the observer's phone marks the seven steps during the round,
/// where the agent cannot see; the game reads the marks when the round ends. Same join code, rate
/// limits, body limit, stored token and event stream as a class vote. Dropping it (or `stop`) shuts it
/// down and frees the port.
pub struct ObserverServer {
    server: VoteServer,
    checklist: Arc<Mutex<Checklist>>,
    observer: String,
}

impl ObserverServer {
    /// Binds the port and starts serving the observer's page on a thread of its own; the round is open
    /// for marks at once.
    pub fn start(config: ObserverConfig, wake: Waker) -> std::io::Result<ObserverServer> {
        let rng = ChaCha20Rng::try_from_rng(&mut SysRng).map_err(std::io::Error::other)?;
        let observer = config.observer.trim().to_owned();
        let room = Room::new(
            vec![observer.clone()],
            false,
            config.language,
            config.round_title.clone(),
            rng,
        );
        let checklist = Arc::new(Mutex::new(Checklist::new(config.steps, config.round_title)));
        let page = http::observer_page(config.language);
        let server = VoteServer::serve(
            room,
            page,
            Some(Arc::clone(&checklist)),
            config.bind,
            config.limits,
            wake,
        )?;
        Ok(ObserverServer {
            server,
            checklist,
            observer,
        })
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// `http://<LAN IPv4 address>:<port>/`.
    pub fn join_url(&self) -> String {
        self.server.join_url()
    }

    pub fn join_code(&self) -> &str {
        self.server.join_code()
    }

    /// Whether the observer's phone is seated, and the marks so far (for the game's records only: the
    /// agent must never see them during the round).
    pub fn view(&self) -> ObserverView {
        let joined = {
            let view = self.server.view();
            !view.seats.is_empty() && view.away.is_empty()
        };
        let checklist = self.checklist();
        ObserverView {
            joined,
            marks: checklist.marks(),
            open: checklist.is_open(),
        }
    }

    /// Ends the round's marking (later marks get 409) and hands back the marks.
    pub fn close_round(&self) -> Marks {
        self.change(Checklist::close_round)
    }

    /// Opens the next round with no marks; the phone is told at once.
    pub fn open_round(&self, round_title: Bilingual) {
        self.change(|checklist| checklist.open_round(round_title));
    }

    /// Frees the observer's seat for another phone (a flat battery): the old phone is turned away, the next
    /// to join takes the seat, and the marks so far stay. Whether a phone held the seat.
    pub fn release_phone(&self) -> bool {
        self.server.release_seat(&self.observer)
    }

    /// Stops the server and frees the port (dropping it does the same).
    pub fn stop(self) {
        self.server.stop();
    }

    fn checklist(&self) -> MutexGuard<'_, Checklist> {
        lock(&self.checklist)
    }

    fn change<R>(&self, f: impl FnOnce(&mut Checklist) -> R) -> R {
        let result = f(&mut self.checklist());
        notify_change(&self.server.shared);
        result
    }
}

/// Tells every open event stream that something changed: the room's revision and the checklist's, summed,
/// only ever grow.
pub(crate) fn notify_change(shared: &Shared) {
    let room = lock(&shared.room).revision();
    let checklist = shared.checklist.as_ref().map_or(0, |c| lock(c).revision());
    shared.changes.send_replace(room + checklist);
}

impl Drop for VoteServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}
