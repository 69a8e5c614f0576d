//! The HTTP API phones use: the page, join, state, vote and the event stream. Every error is JSON
//! `{"error": "..."}` with its status; bodies over 4 KiB get 413 and a client asking too fast gets 429.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use goodwill_engine::Lang;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::sync::Notify;

use crate::limit::ClientKey;
use crate::observer::MarkError;
use crate::room::{JoinError, JoinRequest, VoteError};
use crate::server::{Shared, lock};

/// The largest request body accepted.
pub const MAX_BODY: usize = 4096;
/// The most event streams one seat holds open at once; a newer one ends the oldest.
pub const MAX_STREAMS_PER_SEAT: usize = 4;
/// How often an idle event stream gets a comment, so proxies and phones keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

const PHONE_PAGE: &str = include_str!("../assets/phone.html");
const OBSERVER_PAGE: &str = include_str!("../assets/observer.html");

/// The phone page with the trainer's language filled in, so even the join screen speaks it.
pub(crate) fn phone_page(lang: Lang) -> String {
    PHONE_PAGE.replace("{{LANG}}", lang.code())
}

/// The observer's page with the trainer's language filled in.
pub(crate) fn observer_page(lang: Lang) -> String {
    OBSERVER_PAGE.replace("{{LANG}}", lang.code())
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/healthz", get(healthz))
        .route("/api/room", get(lobby))
        .route("/api/join", post(join))
        .route("/api/state", get(state))
        .route("/api/vote", post(vote))
        .route("/api/events", get(events))
        .route("/api/marks", get(marks_state).post(mark))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(shared)
}

/// A refusal, sent as JSON.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    retry_after: Option<Duration>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json(self.status, &serde_json::json!({ "error": self.message }));
        if let Some(wait) = self.retry_after {
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            status,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Takes one request from the client's bucket: its address, and its seat when `token` is a seated one.
fn admit(shared: &Shared, ip: IpAddr, token: Option<&str>) -> Result<(), ApiError> {
    let seat = token.and_then(|t| lock(&shared.room).seat_of(t));
    lock(&shared.limiter)
        .admit(ClientKey { ip, seat }, Instant::now())
        .map_err(|wait| ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: "too many requests; wait a moment".into(),
            retry_after: Some(wait),
        })
}

/// One query parameter's value (tokens and codes are plain letters and digits: no decoding needed).
fn query_param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A JSON body, admitted by the rate limit under the seat it names: a body that does not parse still
/// counts against its address, so a flood of bad bodies is refused as any flood is.
async fn read_admitted<T: DeserializeOwned>(
    shared: &Shared,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
    token: impl Fn(&T) -> Option<&str>,
) -> Result<T, ApiError> {
    match read_json(headers, body).await {
        Ok(body) => {
            admit(shared, peer.ip(), token(&body))?;
            Ok(body)
        }
        Err(e) => {
            admit(shared, peer.ip(), None)?;
            Err(e)
        }
    }
}

/// Reads a JSON body of at most [`MAX_BODY`] bytes.
async fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: Body) -> Result<T, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is over {MAX_BODY} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| too_large())?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))
}

async fn page(State(shared): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Err(refused) = admit(&shared, peer.ip(), None) {
        return refused.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            // Nothing but this page's own inline code, talking to this server.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        shared.page.clone(),
    )
        .into_response()
}

async fn healthz() -> Response {
    json(StatusCode::OK, &serde_json::json!({ "ok": true }))
}

async fn not_found(State(shared): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> ApiError {
    if let Err(refused) = admit(&shared, peer.ip(), None) {
        return refused;
    }
    ApiError::new(StatusCode::NOT_FOUND, "no such page")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
}

async fn lobby(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Result<Response, ApiError> {
    admit(&shared, peer.ip(), None)?;
    let code = query_param(&uri, "code").unwrap_or("");
    let info = lock(&shared.room).lobby(code).map_err(join_error)?;
    Ok(json(StatusCode::OK, &info))
}

#[derive(Deserialize)]
struct JoinBody {
    code: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    anonymous: bool,
    #[serde(default)]
    token: Option<String>,
}

fn join_error(error: JoinError) -> ApiError {
    match error {
        JoinError::WrongCode => ApiError::new(StatusCode::FORBIDDEN, "wrong join code"),
        JoinError::NoName => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "pick a name or an anonymous seat"),
        JoinError::NotOnRoster => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "that name is not on the class list"),
        JoinError::AnonymousNotAllowed => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "this class vote has no anonymous seats",
        ),
        JoinError::SeatTaken => ApiError::new(StatusCode::CONFLICT, "another phone already has that name"),
        JoinError::RoomFull => ApiError::new(StatusCode::CONFLICT, "no anonymous seat is left"),
    }
}

async fn join(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let body: JoinBody = read_admitted(&shared, peer, &headers, body, |b: &JoinBody| b.token.as_deref()).await?;
    let joined = lock(&shared.room)
        .join(&JoinRequest {
            code: body.code,
            name: body.name,
            anonymous: body.anonymous,
            token: body.token,
        })
        .map_err(join_error)?;
    if joined.new_seat {
        (shared.wake)();
    }
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({ "token": joined.token, "name": joined.name }),
    ))
}

fn unknown_seat() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unknown token: join again")
}

async fn state(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let token = query_param(&uri, "token");
    admit(&shared, peer.ip(), token)?;
    let state = lock(&shared.room)
        .state_for(token.unwrap_or(""))
        .ok_or_else(unknown_seat)?;
    Ok(json(StatusCode::OK, &state))
}

#[derive(Deserialize)]
struct VoteBody {
    token: String,
    step: usize,
    key: String,
}

async fn vote(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let body: VoteBody = read_admitted(&shared, peer, &headers, body, |b: &VoteBody| Some(b.token.as_str())).await?;
    let counted = lock(&shared.room).vote(&body.token, body.step, &body.key);
    match counted {
        Ok(()) => {
            (shared.wake)();
            Ok(json(StatusCode::OK, &serde_json::json!({ "ok": true })))
        }
        Err(VoteError::UnknownSeat) => Err(unknown_seat()),
        Err(VoteError::StepNotOpen) => Err(ApiError::new(StatusCode::CONFLICT, "that step is not open for votes")),
        Err(VoteError::NoSuchKey) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "that answer was not offered at this step",
        )),
    }
}

/// The observer's checklist, or 404 in a class vote (which has none).
fn checklist_of(shared: &Shared) -> Result<&std::sync::Mutex<crate::observer::Checklist>, ApiError> {
    shared
        .checklist
        .as_deref()
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such page"))
}

async fn marks_state(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let token = query_param(&uri, "token");
    admit(&shared, peer.ip(), token)?;
    let checklist = checklist_of(&shared)?;
    let (me, lang) = {
        let room = lock(&shared.room);
        let me = room.name_of(token.unwrap_or("")).ok_or_else(unknown_seat)?.to_owned();
        (me, room.lang())
    };
    let state = lock(checklist).state_for(&me, lang);
    Ok(json(StatusCode::OK, &state))
}

#[derive(Deserialize)]
struct MarkBody {
    token: String,
    /// 1 to 7.
    step: usize,
    /// `true` applied, `false` not applied, `null` (or left out) takes the mark back.
    #[serde(default)]
    applied: Option<bool>,
}

async fn mark(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let body: MarkBody = read_admitted(&shared, peer, &headers, body, |b: &MarkBody| Some(b.token.as_str())).await?;
    let checklist = checklist_of(&shared)?;
    if lock(&shared.room).seat_of(&body.token).is_none() {
        return Err(unknown_seat());
    }
    let marked = lock(checklist).mark(body.step, body.applied);
    match marked {
        Ok(()) => Ok(json(StatusCode::OK, &serde_json::json!({ "ok": true }))),
        Err(MarkError::StepOutOfRange) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "steps are numbered 1 to 7",
        )),
        Err(MarkError::RoundClosed) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "the round is over: its marks are recorded",
        )),
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let token = query_param(&uri, "token");
    admit(&shared, peer.ip(), token)?;
    let seat = lock(&shared.room)
        .seat_of(token.unwrap_or(""))
        .ok_or_else(unknown_seat)?;
    let slot = StreamSlot::open(Arc::clone(&shared), seat);
    // A watch channel keeps only the latest revision: a slow phone can never make the server queue.
    let changes = shared.changes.subscribe();
    let stream = futures_util::stream::unfold((changes, true, slot), |(mut changes, first, slot)| async move {
        if !first {
            tokio::select! {
                changed = changes.changed() => changed.ok()?,
                _ = slot.ended.notified() => return None,
            }
        }
        let revision = *changes.borrow_and_update();
        let mut event = Event::default().event("state").data(revision.to_string());
        if first {
            // How soon a phone's EventSource reconnects after a drop.
            event = event.retry(Duration::from_secs(2));
        }
        Some((Ok::<Event, Infallible>(event), (changes, false, slot)))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response())
}

/// One open event stream of a seat; it leaves the seat's list when the stream is dropped.
struct StreamSlot {
    shared: Arc<Shared>,
    seat: usize,
    id: u64,
    /// Signalled when a newer stream of the same seat pushes this one out.
    ended: Arc<Notify>,
}

impl StreamSlot {
    /// Registers a new stream for `seat`, ending the seat's oldest when it already holds the most allowed:
    /// the newest connection is the phone's live one.
    fn open(shared: Arc<Shared>, seat: usize) -> StreamSlot {
        let id = shared.next_stream.fetch_add(1, Ordering::Relaxed);
        let ended = Arc::new(Notify::new());
        {
            let mut streams = lock(&shared.streams);
            let open = streams.entry(seat).or_default();
            while open.len() >= MAX_STREAMS_PER_SEAT {
                if let Some((_, oldest)) = open.pop_front() {
                    oldest.notify_one();
                }
            }
            open.push_back((id, Arc::clone(&ended)));
        }
        StreamSlot {
            shared,
            seat,
            id,
            ended,
        }
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = lock(&self.shared.streams);
        if let Some(open) = streams.get_mut(&self.seat) {
            open.retain(|(id, _)| *id != self.id);
            if open.is_empty() {
                streams.remove(&self.seat);
            }
        }
    }
}
