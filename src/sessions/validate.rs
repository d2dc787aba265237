//! One set of rules for values read from files other people send (bundles from students,
//! feedback files from coaches) and checked again before writing them: ids, names, one-line
//! values, free text, numbers, and the limits that keep a hostile file from filling memory or
//! the screen. Each rule lives here once so a bundle and a feedback file can never disagree on
//! what a valid id or name is.

use crate::format::clip;

/// Longest question text accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 4_000;
/// Longest transcript accepted, in characters.
pub const MAX_TRANSCRIPT_CHARS: usize = 200_000;
/// Most transcript words accepted (and so the largest word index that can be valid).
pub const MAX_WORDS: usize = 100_000;
/// Longest attempt id or mock id accepted, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Longest person's name (student, coach) accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest label (an app version, a delivery aspect, a pause source) accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Latest time accepted anywhere in a report or comment, in seconds (a day: recordings are
/// minutes long, and a 1 GiB WAV at 48 kHz stereo is 93 minutes).
pub const MAX_SECONDS: f64 = 86_400.0;
/// Highest rate accepted (words or fillers per minute); far above speech, but keeps nonsense
/// such as 1e300 out of charts.
pub const MAX_RATE: f64 = 100_000.0;
/// Longest short text (a word, a label, a file path, a note) accepted, in characters.
pub const MAX_SHORT_CHARS: usize = 4_096;
/// Most list items (notes, warnings, suggestions) accepted where a report has a handful.
pub const MAX_FEW: usize = 1_000;
/// Highest score, automatic or a coach's.
pub const MAX_SCORE: u8 = 100;
/// Longest coach comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;
/// Most comments accepted per attempt.
pub const MAX_COMMENTS: usize = 5_000;
/// Longest pack file name accepted, in bytes (`.toml` included).
pub const MAX_PACK_NAME_CHARS: usize = 100;
/// Highest pitch accepted, Hz: the tracker searches 75-600 Hz; a few times that leaves room for
/// other trackers and keeps nonsense out of the pitch chart.
pub const MAX_PITCH_HZ: f64 = 2_000.0;
/// Largest pitch variation accepted, semitones (four octaves; speech varies by a few).
pub const MAX_SEMITONES: f64 = 48.0;
/// Largest loudness figure accepted (a spread or a drop), dB: more than the range of 24-bit audio.
pub const MAX_DB: f64 = 200.0;
/// Most pitch contour points accepted: one per voiced 10 ms frame of 83 minutes of voicing, more
/// than the longest recording a bundle takes has (93 minutes, of which speech is voiced only part
/// of the time), and few enough that the list fits an attempt record's size limit.
pub const MAX_CONTOUR_POINTS: usize = 500_000;
/// Longest value quoted in a message, in characters.
pub const MAX_QUOTED_CHARS: usize = 80;

/// A value that breaks one of the rules; the message names the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    /// The same problem, with the field named inside `prefix` ("report." + "file ...").
    pub fn within(self, prefix: &str) -> Self {
        Self(format!("{prefix}{}", self.0))
    }
}

/// Shorthand for the result of a check.
pub type Checked = Result<(), Invalid>;

fn fail(message: String) -> Checked {
    Err(Invalid(message))
}

/// A value quoted in a message: clipped, so a hostile 16 MiB string does not become the
/// message.
pub fn quoted(s: &str) -> String {
    clip(s, MAX_QUOTED_CHARS)
}

/// Whether `s` is a uid as [`super::new_uid`] makes them: a hyphenated lower-case UUID. Only the
/// canonical spelling is accepted so two spellings of one id cannot name two folders (which
/// would collide on case-insensitive file systems) or two comments.
pub fn is_uid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// Checks a uid ([`is_uid`]).
pub fn check_uid(field: &str, s: &str) -> Checked {
    if is_uid(s) {
        Ok(())
    } else {
        fail(format!(
            "{field} is {:?}, not a valid id (a lower-case UUID)",
            quoted(s)
        ))
    }
}

/// Attempt ids are folder names on the student's machine: `[A-Za-z0-9_-]`, 1 to
/// [`MAX_ID_CHARS`] characters.
pub fn check_id(field: &str, s: &str) -> Checked {
    if s.is_empty() || s.chars().count() > MAX_ID_CHARS {
        return fail(format!(
            "{field} must be 1-{MAX_ID_CHARS} characters (it has {})",
            s.chars().count()
        ));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return fail(format!(
            "{field} {:?} may hold only letters, digits, \"-\" and \"_\"",
            quoted(s)
        ));
    }
    Ok(())
}

/// Characters that reorder text when displayed, so a name could pretend to be another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A one-line value (a name, an id, a label): `min..=max` characters, no control characters
/// (line breaks and text-direction controls included).
pub fn check_line(field: &str, s: &str, min: usize, max: usize) -> Checked {
    let n = s.chars().count();
    if n < min || n > max {
        return fail(format!(
            "{field} must be {min}-{max} characters (it has {n})"
        ));
    }
    if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return fail(format!("{field} contains control characters"));
    }
    Ok(())
}

/// A person's name (a student, a coach): a line of 1 to [`MAX_NAME_CHARS`] characters that is
/// not blank.
pub fn check_name(field: &str, s: &str) -> Checked {
    check_line(field, s, 1, MAX_NAME_CHARS)?;
    if s.trim().is_empty() {
        return fail(format!("{field} is blank"));
    }
    Ok(())
}

/// Free text (a transcript, a note, a comment): at most `max` characters; line breaks and tabs
/// allowed, other control characters not.
pub fn check_text(field: &str, s: &str, max: usize) -> Checked {
    // Counting stops early so a huge string costs no more than the cap.
    if s.chars().nth(max).is_some() {
        return fail(format!("{field} is longer than {max} characters"));
    }
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return fail(format!("{field} contains control characters"));
    }
    Ok(())
}

/// A coach's comment: free text of 1 to [`MAX_COMMENT_CHARS`] characters that is not blank.
pub fn check_comment(field: &str, s: &str) -> Checked {
    let n = s.chars().count();
    if s.trim().is_empty() || n > MAX_COMMENT_CHARS {
        return fail(format!(
            "{field} must be 1-{MAX_COMMENT_CHARS} characters (it has {n})"
        ));
    }
    check_text(field, s, MAX_COMMENT_CHARS)
}

/// A list of at most `max` items.
pub fn check_count(field: &str, n: usize, max: usize) -> Checked {
    if n > max {
        return fail(format!(
            "{field} has {n} items, more than the {max} allowed"
        ));
    }
    Ok(())
}

/// A moment: finite, 0 to [`MAX_SECONDS`].
pub fn check_seconds(field: &str, v: f64) -> Checked {
    if !(v.is_finite() && (0.0..=MAX_SECONDS).contains(&v)) {
        return fail(format!(
            "{field} is {v}, not a time between 0 and {MAX_SECONDS} s"
        ));
    }
    Ok(())
}

/// A stretch of time: two moments, in order.
pub fn check_span(field: &str, start: f64, end: f64) -> Checked {
    check_seconds(&format!("{field}.start"), start)?;
    check_seconds(&format!("{field}.end"), end)?;
    if start > end {
        return fail(format!(
            "{field} ends ({end} s) before it starts ({start} s)"
        ));
    }
    Ok(())
}

/// A stretch of time whose ends may be unknown.
pub fn check_opt_span(field: &str, start: Option<f64>, end: Option<f64>) -> Checked {
    match (start, end) {
        (Some(s), Some(e)) => check_span(field, s, e),
        (Some(s), None) => check_seconds(&format!("{field}.start_s"), s),
        (None, Some(e)) => check_seconds(&format!("{field}.end_s"), e),
        (None, None) => Ok(()),
    }
}

/// A measure of the voice: finite, 0 to `max`, in `unit` (named in the message).
pub fn check_measure(field: &str, v: f64, max: f64, unit: &str) -> Checked {
    if !(v.is_finite() && (0.0..=max).contains(&v)) {
        return fail(format!("{field} is {v}, not between 0 and {max} {unit}"));
    }
    Ok(())
}

/// A rate: finite, 0 to [`MAX_RATE`].
pub fn check_rate(field: &str, v: f64) -> Checked {
    if !(v.is_finite() && (0.0..=MAX_RATE).contains(&v)) {
        return fail(format!(
            "{field} is {v}, not a rate between 0 and {MAX_RATE}"
        ));
    }
    Ok(())
}

/// A score: 0 to [`MAX_SCORE`].
pub fn check_score(field: &str, v: u8) -> Checked {
    if v > MAX_SCORE {
        return fail(format!(
            "{field} is {v}, more than {MAX_SCORE} (scores are 0-{MAX_SCORE})"
        ));
    }
    Ok(())
}

/// A word index: below [`MAX_WORDS`], the most words a transcript may have.
pub fn check_word_index(field: &str, w: usize) -> Checked {
    if w >= MAX_WORDS {
        return fail(format!("{field} is out of range"));
    }
    Ok(())
}

/// Character offsets into the scored answer: in order and within the longest transcript.
pub fn check_offsets(field: &str, start: usize, end: usize) -> Checked {
    if start > end || end > MAX_TRANSCRIPT_CHARS {
        return fail(format!(
            "{field} has offsets {start}..{end}, which are out of range"
        ));
    }
    Ok(())
}

/// Pack file names: `[A-Za-z0-9_-]+\.toml`, at most [`MAX_PACK_NAME_CHARS`] characters, not a
/// Windows device name (so a caller may save the pack under this name anywhere).
pub fn check_pack_name(name: &str) -> Checked {
    let stem = name.strip_suffix(".toml").unwrap_or("");
    let ok = !stem.is_empty()
        && name.len() <= MAX_PACK_NAME_CHARS
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return fail(format!(
            "{:?} is not a pack file name (letters, digits, \"-\" and \"_\", then \".toml\")",
            quoted(name)
        ));
    }
    let lower = stem.to_ascii_lowercase();
    let device = matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || ((lower.starts_with("com") || lower.starts_with("lpt"))
            && lower.len() == 4
            && lower.as_bytes()[3].is_ascii_digit());
    if device {
        return fail(format!("{name:?} is a reserved device name on Windows"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Checked) -> String {
        r.unwrap_err().0
    }

    #[test]
    fn uids_are_canonical_lower_case_uuids() {
        let uid = crate::sessions::new_uid();
        assert!(is_uid(&uid));
        assert!(is_uid("0b6f9a52-3c1e-4d7a-9f43-6a2d8e1c5b70"));
        // Other spellings of a UUID would name a second folder for the same attempt.
        assert!(!is_uid("0B6F9A52-3C1E-4D7A-9F43-6A2D8E1C5B70"));
        assert!(!is_uid("0b6f9a523c1e4d7a9f436a2d8e1c5b70"));
        assert!(!is_uid("{0b6f9a52-3c1e-4d7a-9f43-6a2d8e1c5b70}"));
        assert!(!is_uid("urn:uuid:0b6f9a52-3c1e-4d7a-9f43-6a2d8e1c5b70"));
        // 36 characters, but not a UUID.
        assert!(!is_uid("../../../../../../../../../etc/passw"));
        assert!(!is_uid(""));
        assert!(check_uid("id", &uid).is_ok());
        assert!(message(check_uid("comments[0].id", "x")).contains("comments[0].id"));
    }

    #[test]
    fn ids_are_folder_safe() {
        assert!(check_id("id", "1760000000000-rf_any-thing").is_ok());
        assert!(message(check_id("id", "")).contains("1-200"));
        assert!(message(check_id("id", &"a".repeat(MAX_ID_CHARS + 1))).contains("1-200"));
        assert!(message(check_id("id", "../x")).contains("letters, digits"));
        // A hostile value is quoted clipped.
        let long = format!("/{}", "x".repeat(10_000));
        assert!(message(check_id("id", &long)).len() < 200);
    }

    #[test]
    fn lines_and_names_refuse_control_characters() {
        assert!(check_line("v", "0.1.0", 0, MAX_LABEL_CHARS).is_ok());
        assert!(check_line("v", "", 0, MAX_LABEL_CHARS).is_ok());
        for bad in [
            "a\nb",
            "a\u{0}b",
            "a\u{1b}[31mb",
            "a\u{202E}b",
            "a\u{2066}b",
        ] {
            assert!(message(check_line("v", bad, 0, 10)).contains("control characters"));
            assert!(message(check_name("coach", bad)).contains("control characters"));
        }
        assert!(check_name("coach", "Dr Amara Osei").is_ok());
        assert!(message(check_name("coach", "")).contains("1-100"));
        assert!(message(check_name("coach", &"n".repeat(101))).contains("1-100"));
        assert!(message(check_name("student", "   ")).contains("student is blank"));
    }

    #[test]
    fn text_allows_line_breaks_only() {
        assert!(check_text("t", "one\ntwo\r\n\tthree", 100).is_ok());
        assert!(message(check_text("t", "a\u{7}b", 100)).contains("control characters"));
        assert!(message(check_text("t", "abcd", 3)).contains("longer than 3"));
        assert!(check_text("t", "abc", 3).is_ok());
    }

    #[test]
    fn comments_are_not_blank_and_not_huge() {
        assert!(check_comment("c", "Slow down here.\nThen pause.").is_ok());
        assert!(message(check_comment("c", " \n ")).contains("1-10000"));
        assert!(
            message(check_comment("c", &"x".repeat(MAX_COMMENT_CHARS + 1))).contains("1-10000")
        );
        assert!(message(check_comment("c", "bell\u{7}")).contains("control characters"));
    }

    #[test]
    fn numbers_stay_in_range() {
        assert!(check_seconds("t", 0.0).is_ok());
        assert!(check_seconds("t", MAX_SECONDS).is_ok());
        for bad in [-0.1, MAX_SECONDS + 1.0, f64::NAN, f64::INFINITY] {
            assert!(message(check_seconds("at_s", bad)).contains("at_s"));
        }
        assert!(check_span("w", 1.0, 2.0).is_ok());
        assert!(message(check_span("w", 2.0, 1.0)).contains("before it starts"));
        assert!(message(check_span("w", -1.0, 1.0)).contains("w.start"));
        assert!(check_opt_span("e", None, None).is_ok());
        assert!(message(check_opt_span("e", None, Some(-1.0))).contains("e.end_s"));
        assert!(check_rate("wpm", 150.0).is_ok());
        assert!(message(check_rate("wpm", 1e300)).contains("wpm"));
        assert!(check_score("s", MAX_SCORE).is_ok());
        assert!(message(check_score("s", 101)).contains("0-100"));
        assert!(check_count("l", 3, 3).is_ok());
        assert!(message(check_count("l", 4, 3)).contains("more than the 3"));
        assert!(check_word_index("w", MAX_WORDS - 1).is_ok());
        assert!(check_word_index("w", MAX_WORDS).is_err());
        assert!(check_offsets("o", 0, MAX_TRANSCRIPT_CHARS).is_ok());
        assert!(check_offsets("o", 5, 4).is_err());
        assert!(check_offsets("o", 0, MAX_TRANSCRIPT_CHARS + 1).is_err());
    }

    #[test]
    fn pack_names_are_portable_file_names() {
        assert!(check_pack_name("red-flags.toml").is_ok());
        assert!(check_pack_name("My_Pack-2.toml").is_ok());
        for bad in [".toml", "a.txt", "a b.toml", "../a.toml", "a.toml.toml"] {
            assert!(check_pack_name(bad).is_err(), "{bad}");
        }
        for device in ["con.toml", "NUL.toml", "com1.toml", "LPT9.toml"] {
            assert!(
                message(check_pack_name(device)).contains("reserved"),
                "{device}"
            );
        }
        assert!(check_pack_name("com10.toml").is_ok());
        let long = format!("{}.toml", "a".repeat(MAX_PACK_NAME_CHARS));
        assert!(check_pack_name(&long).is_err());
    }

    #[test]
    fn within_names_the_outer_field() {
        let e = check_line("file", "a\nb", 0, 5)
            .unwrap_err()
            .within("report.");
        assert_eq!(e.to_string(), "report.file contains control characters");
    }
}
