//! Shared text and time formatting: moments as `m:ss`, dates, folder-safe names and shortened
//! text for messages. Pure: no I/O, so every layer (the CLI, the window, the HTML report, the
//! library's messages) can format the same way.

/// Formats seconds as `m:ss` (whole seconds, rounded down; negative or not-a-number as `0:00`).
pub fn mmss(s: f64) -> String {
    let s = if s.is_finite() { s.max(0.0) } else { 0.0 };
    let whole = s.floor() as u64;
    format!("{}:{:02}", whole / 60, whole % 60)
}

/// `YYYY-MM-DD HH:MM UTC` for seconds since the Unix epoch.
pub fn utc_datetime(unix: u64) -> String {
    let days = i64::try_from(unix / 86_400).unwrap_or(0);
    let secs = unix % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// `12 Nov 2026` for seconds since the Unix epoch (UTC): how messages name an earlier attempt.
pub fn day_month_year(unix: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil_from_days(i64::try_from(unix / 86_400).unwrap_or(0));
    let month = MONTHS
        .get(usize::try_from(m).unwrap_or(1).saturating_sub(1))
        .unwrap_or(&"Jan");
    format!("{d} {month} {y}")
}

/// Proleptic Gregorian (year, month, day) for days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), to avoid a date library for one formatting need.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Both are small and positive by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Longest [`slug`], in characters: folder names stay well inside every file system's limit.
pub const MAX_SLUG_CHARS: usize = 60;

/// A folder-safe form of a name: ASCII letters, digits and `-` kept, everything else `_`, at
/// most [`MAX_SLUG_CHARS`] characters, never empty. The library names folders with it, so the
/// rule must not change: a different slug would lose the folders already on disk.
pub fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_SLUG_CHARS)
        .collect();
    if out.is_empty() { "_".into() } else { out }
}

/// A lower-case [`slug`] of `s` with hyphens between words, for a default file name
/// ("Lin Chen" -> "lin-chen", as in "feedback-for-lin-chen.icfeedback").
pub fn file_stem(s: &str) -> String {
    slug(s.trim()).to_lowercase().replace('_', "-")
}

/// The first `max` characters of `s`, with `…` when something was cut. Used wherever a value
/// is quoted in a message, so a long (or hostile, megabytes long) value does not become the
/// message.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_whole_minutes_and_seconds() {
        assert_eq!(mmss(0.0), "0:00");
        assert_eq!(mmss(5.9), "0:05");
        assert_eq!(mmss(65.0), "1:05");
        assert_eq!(mmss(600.2), "10:00");
        assert_eq!(mmss(-3.0), "0:00");
        assert_eq!(mmss(f64::NAN), "0:00");
        assert_eq!(mmss(f64::INFINITY), "0:00");
    }

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(utc_datetime(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_datetime(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_datetime(1_709_217_900), "2024-02-29 14:45 UTC");
        assert_eq!(day_month_year(1_709_217_900), "29 Feb 2024");
        assert_eq!(day_month_year(0), "1 Jan 1970");
        assert_eq!(utc_datetime(1_735_689_599), "2024-12-31 23:59 UTC");
        assert_eq!(utc_datetime(1_795_309_500), "2026-11-22 01:05 UTC");
        // Far future must not panic.
        let _ = utc_datetime(u64::MAX);
    }

    #[test]
    fn slugs_are_folder_safe() {
        assert_eq!(slug("Lin Chen"), "Lin_Chen");
        assert_eq!(slug("why-peds"), "why-peds");
        assert_eq!(slug("../etc/passwd"), "___etc_passwd");
        assert_eq!(slug("Zoë"), "Zo_");
        assert_eq!(slug(""), "_");
        assert_eq!(slug(&"x".repeat(100)).chars().count(), MAX_SLUG_CHARS);
        assert_eq!(file_stem(" Ana Ruiz "), "ana-ruiz");
        assert_eq!(file_stem("../x"), "---x");
    }

    #[test]
    fn clip_cuts_on_characters_and_marks_the_cut() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly", 7), "exactly");
        assert_eq!(clip("abcdef", 3), "abc…");
        // Multi-byte characters are never split.
        assert_eq!(clip("ééééé", 2), "éé…");
        assert_eq!(clip("", 0), "");
    }
}
