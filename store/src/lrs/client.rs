//! The HTTP side of an LRS (xAPI 1.0.3 over HTTP or HTTPS, basic auth): post a batch of statements, get
//! one by id, read a page of statements. Every failure becomes one line naming the endpoint, never the
//! credentials.

use std::time::Duration;

use ureq::Agent;

use super::{Lrs, LrsError};

/// What an LRS said to a request: its status and (a bounded part of) its body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: String,
}

/// The most of an answer's body read: a page of statements is well under it.
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

pub(crate) struct Client {
    agent: Agent,
    lrs: Lrs,
    authorization: String,
}

impl Client {
    pub fn new(lrs: &Lrs) -> Client {
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let authorization = format!(
            "Basic {}",
            base64(format!("{}:{}", lrs.user, lrs.password.reveal()).as_bytes())
        );
        Client {
            agent,
            lrs: lrs.clone(),
            authorization,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.lrs.endpoint
    }

    /// POSTs `body` (a JSON array of statements) to the statements resource.
    pub fn post_statements(&self, body: &str) -> Result<Answer, LrsError> {
        let url = format!("{}/statements", self.lrs.endpoint);
        let answer = self
            .agent
            .post(&url)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .send(body.as_bytes());
        self.read(answer)
    }

    /// GETs `path_and_query`: relative to the endpoint (`statements?…`), or a `more` link (absolute, or
    /// starting with `/`, which is resolved against the endpoint's scheme and host).
    pub fn get(&self, target: &str) -> Result<Answer, LrsError> {
        let url = if target.starts_with("http://") || target.starts_with("https://") {
            target.to_owned()
        } else if target.starts_with('/') {
            format!("{}{target}", origin(&self.lrs.endpoint))
        } else {
            format!("{}/{target}", self.lrs.endpoint)
        };
        let answer = self
            .agent
            .get(&url)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", "1.0.3")
            .call();
        self.read(answer)
    }

    fn read(&self, answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<Answer, LrsError> {
        let mut response = answer.map_err(|e| self.failed(e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| self.failed(e))?;
        Ok(Answer { status, body })
    }

    /// A failure before any answer, in words: down, unknown host, TLS, timeout.
    fn failed(&self, error: ureq::Error) -> LrsError {
        let endpoint = self.lrs.endpoint.clone();
        match error {
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) | ureq::Error::TlsRequired => {
                LrsError::Tls {
                    endpoint,
                    detail: error.to_string(),
                }
            }
            ureq::Error::Io(ref io) if io.to_string().to_ascii_lowercase().contains("certificate") => LrsError::Tls {
                endpoint,
                detail: error.to_string(),
            },
            ureq::Error::HostNotFound => LrsError::Unreachable {
                endpoint,
                detail: "no such host".into(),
            },
            ureq::Error::Timeout(_) => LrsError::Unreachable {
                endpoint,
                detail: "it did not answer in time".into(),
            },
            ureq::Error::ConnectionFailed | ureq::Error::Io(_) => LrsError::Unreachable {
                endpoint,
                detail: error.to_string(),
            },
            other => LrsError::Unreachable {
                endpoint,
                detail: other.to_string(),
            },
        }
    }
}

/// `scheme://host:port` of an endpoint.
fn origin(endpoint: &str) -> &str {
    let after_scheme = endpoint.find("://").map_or(0, |i| i + 3);
    match endpoint[after_scheme..].find('/') {
        Some(i) => &endpoint[..after_scheme + i],
        None => endpoint,
    }
}

/// Standard base64 (RFC 4648, padded): the basic-auth header.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            ("trainer:密码", "dHJhaW5lcjrlr4bnoIE="),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn more_links_resolve_against_the_endpoints_origin() {
        assert_eq!(origin("http://127.0.0.1:8100/xAPI"), "http://127.0.0.1:8100");
        assert_eq!(origin("https://lrs.example.com"), "https://lrs.example.com");
    }
}
