//! Wall-clock timestamps as stored (Unix milliseconds) and as written in reports (RFC 3339, UTC).

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// `2026-11-23 18:54`, checked when the crate compiles.
const SHORT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day] [hour]:[minute]");

fn utc(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    let now = OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// `2026-11-23T18:54:12.345Z`.
pub fn rfc3339(ms: i64) -> String {
    utc(ms).and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()
}

/// `2026-11-23 18:54` for people.
pub fn short(ms: i64) -> String {
    utc(ms).and_then(|t| t.format(SHORT).ok()).unwrap_or_default()
}

/// An ISO 8601 duration, as xAPI wants it: `PT12.34S`.
pub fn iso_duration(ms: i64) -> String {
    let ms = ms.max(0);
    format!("PT{}.{:02}S", ms / 1000, (ms % 1000) / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps_and_durations() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_460_052_345), "2026-11-23T18:54:12.345Z");
        assert_eq!(short(1_795_460_052_345), "2026-11-23 18:54");
        assert_eq!(iso_duration(12_345), "PT12.34S");
    }
}
