//! Simulated phones for the class-vote tests and benchmark: a plain HTTP/1.1 client over loopback
//! (one connection per request, as a phone's browser may well do) and an event-stream reader.
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

/// How long any one request may take before the test calls it stuck.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A response as a phone receives it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&addr, REQUEST_TIMEOUT)?;
    stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
    stream.set_write_timeout(Some(REQUEST_TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends one request and reads the whole response.
pub fn request(addr: SocketAddr, method: &str, path: &str, body: Option<&[u8]>) -> io::Result<Response> {
    let mut stream = connect(addr)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if let Some(body) = body {
        // A server may answer (413) before reading a large body and close: the answer still counts.
        if let Err(e) = stream.write_all(body)
            && e.kind() != io::ErrorKind::BrokenPipe
            && e.kind() != io::ErrorKind::ConnectionReset
        {
            return Err(e);
        }
    }
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        // A reset after the answer arrived (the server did not read our whole body) keeps what came.
        Err(e) if e.kind() == io::ErrorKind::ConnectionReset && !raw.is_empty() => {}
        Err(e) => return Err(e),
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> io::Result<Response> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| bad("headers not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    }
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).ok()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

pub fn get(addr: SocketAddr, path: &str) -> io::Result<Response> {
    request(addr, "GET", path, None)
}

pub fn post(addr: SocketAddr, path: &str, body: &Value) -> io::Result<Response> {
    request(addr, "POST", path, Some(body.to_string().as_bytes()))
}

/// An open `GET /api/events` stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Opens the stream; `Err` with the status when the server refuses it.
    pub fn open(addr: SocketAddr, token: &str) -> io::Result<EventStream> {
        let mut stream = connect(addr)?;
        write!(
            stream,
            "GET /api/events?token={token} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )?;
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line)?;
        if !status_line.contains(" 200 ") {
            return Err(io::Error::other(format!("events refused: {}", status_line.trim())));
        }
        // Skip the headers.
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
        }
        Ok(EventStream { reader })
    }

    /// Waits (at most `timeout`) for the next `state` event; returns its data (the room's revision).
    pub fn next_state(&mut self, timeout: Duration) -> io::Result<u64> {
        self.reader.get_ref().set_read_timeout(Some(timeout))?;
        let mut in_state_event = false;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "event stream ended"));
            }
            // Chunk-size lines of the chunked encoding are hex digits only and never start with a field.
            let line = line.trim_end();
            if line == "0" {
                // The last chunk: the server ended this stream.
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "event stream ended"));
            }
            if line == "event: state" || line == "event:state" {
                in_state_event = true;
            } else if let Some(data) = line.strip_prefix("data:")
                && in_state_event
            {
                return data.trim().parse().map_err(|_| io::Error::other("bad revision"));
            }
        }
    }
}

/// One simulated phone.
#[derive(Debug)]
pub struct Phone {
    pub addr: SocketAddr,
    pub token: String,
    pub name: String,
}

impl Phone {
    /// Joins with a roster name; the response is returned when the server refuses.
    pub fn join(addr: SocketAddr, code: &str, name: &str) -> Result<Phone, Response> {
        let response = post(addr, "/api/join", &serde_json::json!({ "code": code, "name": name }))
            .unwrap_or_else(|e| panic!("join {name}: {e}"));
        Phone::from_join(addr, response)
    }

    pub fn join_anonymous(addr: SocketAddr, code: &str) -> Result<Phone, Response> {
        let response = post(
            addr,
            "/api/join",
            &serde_json::json!({ "code": code, "anonymous": true }),
        )
        .unwrap_or_else(|e| panic!("anonymous join: {e}"));
        Phone::from_join(addr, response)
    }

    fn from_join(addr: SocketAddr, response: Response) -> Result<Phone, Response> {
        if response.status != 200 {
            return Err(response);
        }
        let json = response.json();
        match (json["token"].as_str(), json["name"].as_str()) {
            (Some(token), Some(name)) => Ok(Phone {
                addr,
                token: token.to_string(),
                name: name.to_string(),
            }),
            _ => Err(response),
        }
    }

    /// Joins again with the stored token (what the page does after losing its connection).
    pub fn rejoin(&self, code: &str) -> Response {
        post(
            self.addr,
            "/api/join",
            &serde_json::json!({ "code": code, "token": self.token }),
        )
        .unwrap_or_else(|e| panic!("rejoin {}: {e}", self.name))
    }

    pub fn state(&self) -> Response {
        get(self.addr, &format!("/api/state?token={}", self.token))
            .unwrap_or_else(|e| panic!("state {}: {e}", self.name))
    }

    pub fn vote(&self, step: u64, key: &str) -> Response {
        post(
            self.addr,
            "/api/vote",
            &serde_json::json!({ "token": self.token, "step": step, "key": key }),
        )
        .unwrap_or_else(|e| panic!("vote {}: {e}", self.name))
    }

    pub fn events(&self) -> EventStream {
        EventStream::open(self.addr, &self.token).unwrap_or_else(|e| panic!("events {}: {e}", self.name))
    }
}

/// The key a phone's state shows for the answer with this text.
pub fn key_for_text(state: &Value, text: &str) -> Option<String> {
    state["step"]["options"]
        .as_array()?
        .iter()
        .find(|o| o["text"].as_str() == Some(text))
        .and_then(|o| o["key"].as_str())
        .map(str::to_string)
}
