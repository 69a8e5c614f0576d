//! Per-client token buckets, so one phone (or one script) flooding the server is refused with 429 while
//! every other client is served as before.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// How fast one client may ask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

/// The limits of a room.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// Requests carrying a seated token: one bucket per address and seat.
    pub seat: Rate,
    /// Requests without a seat (the page, joins, unknown tokens): one bucket per address, larger than a
    /// seat's because phones behind one NAT share it while they join.
    pub address: Rate,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            seat: Rate {
                per_second: 20.0,
                burst: 40.0,
            },
            address: Rate {
                per_second: 50.0,
                burst: 200.0,
            },
        }
    }
}

/// Who is asking: an address, and the seat when the request carries a valid token (an invalid one is
/// counted as no seat, so inventing tokens earns no fresh bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey {
    pub ip: IpAddr,
    pub seat: Option<usize>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets keyed by client; forgotten when full again so the map stays small.
pub struct Limiter {
    limits: RateLimits,
    buckets: HashMap<ClientKey, Bucket>,
}

/// Past this many buckets, full ones are forgotten.
const PRUNE_ABOVE: usize = 4096;

impl Limiter {
    pub fn new(limits: RateLimits) -> Limiter {
        Limiter {
            limits,
            buckets: HashMap::new(),
        }
    }

    /// Takes one token for `key`; `Err(wait)` says how long until one is there.
    pub fn admit(&mut self, key: ClientKey, now: Instant) -> Result<(), Duration> {
        let rate = if key.seat.is_some() {
            self.limits.seat
        } else {
            self.limits.address
        };
        if self.buckets.len() > PRUNE_ABOVE {
            self.buckets.retain(|k, b| {
                let rate = if k.seat.is_some() {
                    self.limits.seat
                } else {
                    self.limits.address
                };
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate.per_second < rate.burst
            });
        }
        let bucket = self.buckets.entry(key).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            Err(Duration::from_secs_f64(missing / rate.per_second.max(0.001)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn a_burst_is_cut_at_the_limit_and_refills_with_time() {
        let mut limiter = Limiter::new(RateLimits::default());
        let flood = ClientKey {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            seat: Some(1),
        };
        let other = ClientKey {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            seat: Some(2),
        };
        let t0 = Instant::now();
        let admitted = (0..1000).filter(|_| limiter.admit(flood, t0).is_ok()).count();
        assert_eq!(admitted, 40);
        assert!(limiter.admit(other, t0).is_ok(), "another seat has its own bucket");
        assert!(
            limiter.admit(flood, t0 + Duration::from_millis(100)).is_ok(),
            "20/s refills one in 50 ms"
        );
    }
}
