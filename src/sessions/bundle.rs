//! Bundles: the single zip file in which a student sends chosen attempts (recordings,
//! transcripts, scores and the question packs used) to a coach.
//!
//! Layout (version 1), and nothing else:
//! - `bundle.json`: the [`Manifest`];
//! - `attempts/<uid>/attempt.json`: an [`Attempt`] (`recording` is `"answer.wav"` when there is
//!   one, `student` is empty);
//! - `attempts/<uid>/answer.wav`: the recording, optional;
//! - `packs/<name>.toml`: the question packs the attempts came from.
//!
//! Folder entries (`attempts/`, `attempts/<uid>/`, `packs/`) are tolerated because other zip
//! tools add them, but [`write_bundle`] does not write them.
//!
//! A coach imports bundles from many people, so [`extract`] treats the file as hostile: every
//! entry name is checked against the layout above (never used as a path), links, encrypted
//! entries and zip bombs are refused, sizes are counted while decompressing rather than taken
//! from the headers, and every value is checked before anything reaches the library. The only
//! files written are recordings, at paths built from validated ids inside the staging folder.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipReadOptions, ZipWriter};

use super::{ANSWER_FILE, ATTEMPT_FILE, Attempt};
use crate::bank::{PackError, PackSource, parse_pack};
use crate::report::AnalysisReport;

/// File extension of bundles (without the dot).
pub const BUNDLE_EXTENSION: &str = "icbundle";
/// Value of [`Manifest::format`]: tells a bundle from any other zip file.
pub const FORMAT: &str = "interview-coach-bundle";
/// The bundle layout version this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// Name of the manifest entry.
pub const MANIFEST_FILE: &str = "bundle.json";

/// Longest question text accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 4_000;
/// Longest transcript accepted, in characters.
pub const MAX_TRANSCRIPT_CHARS: usize = 200_000;
/// Most transcript words accepted.
pub const MAX_WORDS: usize = 100_000;
/// Longest attempt id or mock id accepted, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Longest student name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Latest time accepted anywhere in a report, in seconds (a day: recordings are minutes long,
/// and a 1 GiB WAV at 48 kHz stereo is 93 minutes).
const MAX_SECONDS: f64 = 86_400.0;
/// Highest rate accepted (words or fillers per minute); far above speech, but keeps nonsense
/// such as 1e300 out of charts.
const MAX_RATE: f64 = 100_000.0;
/// Longest short text (a word, a label, a file path) accepted, in characters.
const MAX_SHORT_CHARS: usize = 4_096;
/// Most list items (notes, warnings, suggestions) accepted where a report has a handful.
const MAX_FEW: usize = 1_000;
/// Longest entry name accepted, in bytes (the longest real one is 55).
const MAX_NAME_BYTES: usize = 255;

/// The first entry of a bundle: who sent it, what it holds, and which build wrote it.
///
/// Unknown fields are ignored so that a later version can add some without breaking this one;
/// the values of the known fields are checked by [`extract`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Layout version, [`VERSION`].
    pub version: u32,
    /// The student's name as the coach will see it (1-100 characters, no control characters).
    pub student: String,
    /// When the bundle was made, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The interview-coach version that made it.
    pub app_version: String,
    /// The mock interview the attempts belong to, when they all belong to the same one.
    pub mock_id: Option<String>,
    /// The attempts' uids, in the order the student chose them.
    pub attempts: Vec<String>,
    /// File names of the question packs under `packs/` ("red-flags.toml").
    pub packs: Vec<String>,
}

/// Caps that [`extract`] enforces while reading, so a hostile bundle cannot fill the disk or
/// memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries in the zip.
    pub max_entries: usize,
    /// Largest `bundle.json`, `attempt.json` or pack, unpacked, in bytes.
    pub max_json_bytes: u64,
    /// Largest recording, unpacked, in bytes.
    pub max_wav_bytes: u64,
    /// Largest total of all entries, unpacked, in bytes.
    pub max_total_bytes: u64,
    /// Largest ratio of unpacked to packed size of any entry.
    pub max_ratio: u64,
}

impl Default for Limits {
    /// 4000 entries (about 2000 attempts), 16 MiB per JSON or TOML entry (a long transcript
    /// with word times is well under 1 MiB), 1 GiB per recording (93 minutes at 48 kHz stereo),
    /// 4 GiB in total, and a ratio of 1000.
    ///
    /// The ratio: deflate cannot exceed about 1032:1, which it reaches on digital silence (a
    /// muted microphone). Measured with this zip crate, 10 s of 16-bit silence deflates 860:1
    /// at 16 kHz mono and 996:1 at 48 kHz stereo, and 10 minutes reach 1028:1; real speech
    /// deflates only 1.1-1.4:1 and JSON far below 100:1. A cap of 1000 would therefore refuse
    /// silent recordings if they were deflated, so [`write_bundle`] stores recordings
    /// uncompressed (ratio 1, and deflate saves little on speech anyway) and the cap then only
    /// ever meets JSON and TOML. Anything above it is the signature of a zip bomb.
    fn default() -> Self {
        Self {
            max_entries: 4_000,
            max_json_bytes: 16 << 20,
            max_wav_bytes: 1 << 30,
            max_total_bytes: 4 << 30,
            max_ratio: 1_000,
        }
    }
}

/// One attempt to export, with its recording when there is one.
#[derive(Debug, Clone, Copy)]
pub struct ExportItem<'a> {
    /// The attempt. [`write_bundle`] writes it with `recording` set to `"answer.wav"` when
    /// `wav` is given (otherwise empty) and `student` empty, whatever they hold here.
    pub attempt: &'a Attempt,
    /// The recording file on disk.
    pub wav: Option<&'a Path>,
}

/// A question pack carried in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFile {
    /// File name under `packs/`: letters, digits, `-` and `_`, then `.toml`.
    pub name: String,
    /// The pack's TOML text.
    pub text: String,
}

/// An attempt read from a bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedAttempt {
    /// The attempt, checked. `student` is empty (the importer sets it from the manifest).
    pub attempt: Attempt,
    /// Its recording, copied into the staging folder (`<staging>/<uid>/answer.wav`).
    pub wav: Option<PathBuf>,
}

/// Everything a bundle holds, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The manifest.
    pub manifest: Manifest,
    /// The attempts, in manifest order.
    pub attempts: Vec<ExtractedAttempt>,
    /// The question packs, in manifest order; each parses with [`parse_pack`].
    pub packs: Vec<PackFile>,
}

/// Why a bundle could not be written or was refused. Each message names the entry concerned
/// and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bundle file could not be opened or read.
    #[error("could not read the bundle {}: {source}", path.display())]
    Open {
        /// The bundle.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// The file is not a zip archive: empty, cut short, or something else altogether.
    #[error(
        "{} is damaged or incomplete ({detail}); ask the student to export it again and send the whole file",
        path.display()
    )]
    Damaged {
        /// The bundle.
        path: PathBuf,
        /// What the zip reader found.
        detail: String,
    },
    /// An entry could not be unpacked or failed its checksum.
    #[error(
        "entry \"{entry}\" of the bundle is damaged or incomplete ({detail}); ask the student to export it again"
    )]
    DamagedEntry {
        /// The entry.
        entry: String,
        /// What the zip reader found.
        detail: String,
    },
    /// More entries than [`Limits::max_entries`].
    #[error(
        "the bundle has {found} entries, more than the {max} allowed; ask the student to send fewer attempts per bundle"
    )]
    TooManyEntries {
        /// Entries in the zip.
        found: usize,
        /// The cap.
        max: usize,
    },
    /// An entry name that could escape the import folder or is malformed.
    #[error(
        "the bundle has an entry named \"{entry}\", which {problem}; interview-coach never writes such names, so the bundle was refused. Ask the student to export it again from interview-coach"
    )]
    BadEntryName {
        /// The name, escaped for display.
        entry: String,
        /// What is wrong with it.
        problem: String,
    },
    /// An entry that is not part of the bundle layout.
    #[error(
        "the bundle contains \"{entry}\", which does not belong in a bundle; ask the student to export it again from interview-coach"
    )]
    UnexpectedEntry {
        /// The name, escaped for display.
        entry: String,
    },
    /// Two entries with the same name (a reader would see only one of them).
    #[error(
        "the bundle has two entries named \"{entry}\", so what it holds is ambiguous; ask the student to export it again"
    )]
    DuplicateEntry {
        /// The name, escaped for display ("?" if it could not be read).
        entry: String,
    },
    /// A symbolic link.
    #[error(
        "entry \"{entry}\" of the bundle is a symbolic link; bundles never contain links (one could point outside the import folder). Ask the student to export it again from interview-coach"
    )]
    Symlink {
        /// The entry.
        entry: String,
    },
    /// Something other than a plain file or the expected folder (a device, a pipe, a folder
    /// named like a file).
    #[error(
        "entry \"{entry}\" of the bundle is {kind}, not a plain file; ask the student to export it again from interview-coach"
    )]
    NotAFile {
        /// The entry.
        entry: String,
        /// What it is instead.
        kind: String,
    },
    /// A password-protected entry.
    #[error(
        "entry \"{entry}\" of the bundle is encrypted; interview-coach bundles are never password-protected. Ask the student to export it again without a password"
    )]
    Encrypted {
        /// The entry.
        entry: String,
    },
    /// Compressed with something other than deflate or stored.
    #[error(
        "entry \"{entry}\" of the bundle uses the compression method {method}, which interview-coach does not read; ask the student to export it again from interview-coach"
    )]
    UnsupportedCompression {
        /// The entry.
        entry: String,
        /// The method.
        method: String,
    },
    /// One entry unpacks to more than its limit.
    #[error(
        "entry \"{entry}\" of the bundle unpacks to more than {limit} bytes, the most allowed for it; ask the student to export it again (with a shorter recording if it is one)"
    )]
    EntryTooLarge {
        /// The entry.
        entry: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// All entries together unpack to more than [`Limits::max_total_bytes`].
    #[error(
        "the bundle unpacks to more than {limit} bytes in total (stopped at \"{entry}\"); ask the student to send fewer or shorter recordings per bundle"
    )]
    TotalTooLarge {
        /// The entry being read when the cap was reached.
        entry: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// An entry that unpacks to far more than its packed size: a zip bomb.
    #[error(
        "entry \"{entry}\" of the bundle unpacks to more than {max_ratio} times its packed size, which is how zip bombs work; the bundle was refused. Ask the student to export it again from interview-coach"
    )]
    Ratio {
        /// The entry.
        entry: String,
        /// The cap.
        max_ratio: u64,
    },
    /// Entries whose data overlap (a zip-bomb trick: one packed block unpacked many times).
    #[error(
        "entries of the bundle share the same packed bytes, a trick used by zip bombs; the bundle was refused. Ask the student to export it again from interview-coach"
    )]
    Overlapping,
    /// No `bundle.json`.
    #[error(
        "the file has no bundle.json, so it is not an interview-coach bundle (or it is damaged); ask the student to export it again with \"Export for coach\""
    )]
    MissingManifest,
    /// `bundle.json` names another format.
    #[error(
        "bundle.json says the format is {found}, not \"{FORMAT}\", so this is not an interview-coach bundle; ask the student to export it again with \"Export for coach\""
    )]
    NotABundle {
        /// What it says (quoted JSON, or "missing").
        found: String,
    },
    /// Made by a newer interview-coach.
    #[error(
        "this bundle was made by a newer interview-coach (bundle version {version}; this version reads up to {VERSION}); update interview-coach and import it again"
    )]
    NewerVersion {
        /// The bundle's version.
        version: u64,
    },
    /// A version number no interview-coach ever wrote.
    #[error(
        "bundle.json has version {found}, which no interview-coach writes (this one reads 1 to {VERSION}); ask the student to export it again"
    )]
    UnsupportedVersion {
        /// What it says.
        found: String,
    },
    /// A JSON entry that does not parse or has a value of the wrong type.
    #[error(
        "entry \"{entry}\" of the bundle is not valid: {detail}; ask the student to export it again"
    )]
    Json {
        /// The entry.
        entry: String,
        /// What is wrong, naming the field.
        detail: String,
    },
    /// A value out of range or malformed.
    #[error(
        "entry \"{entry}\" of the bundle is not valid: {problem}; ask the student to export it again"
    )]
    Invalid {
        /// The entry.
        entry: String,
        /// What is wrong, naming the field.
        problem: String,
    },
    /// The entries do not match each other or the manifest.
    #[error("the bundle is inconsistent: {problem}; ask the student to export it again")]
    Inconsistent {
        /// What does not match.
        problem: String,
    },
    /// A recording that is not a WAV file.
    #[error(
        "entry \"{entry}\" of the bundle is not a readable WAV recording ({detail}); ask the student to export it again"
    )]
    BadWav {
        /// The entry.
        entry: String,
        /// What the WAV reader said.
        detail: String,
    },
    /// A question pack that does not parse.
    #[error(
        "question pack \"{entry}\" in the bundle cannot be read: {source}; ask the student to export it again (or update interview-coach, if the student's is newer)"
    )]
    BadPack {
        /// The entry.
        entry: String,
        /// Where and what, from the pack parser.
        #[source]
        source: PackError,
    },
    /// The staging folder is not an existing empty folder (a mistake of the caller).
    #[error("cannot import into {}: {problem}", path.display())]
    Staging {
        /// The staging folder.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// Writing into the staging folder failed.
    #[error("could not write {} while importing: {source}; check free disk space and try again", path.display())]
    StagingIo {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// What was asked to be exported is not a valid bundle (nothing was written).
    #[error("cannot export: {problem}")]
    Export {
        /// What is wrong.
        problem: String,
    },
    /// A recording to export could not be read.
    #[error("cannot export: could not read the recording {}: {source}", path.display())]
    ExportRead {
        /// The recording.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// Writing the bundle failed (nothing was left behind).
    #[error(
        "could not write the bundle {}: {detail}; check that the folder exists, is writable and has free space",
        path.display()
    )]
    Write {
        /// The destination.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
}

// ----- checks shared by the writer and the reader -----

/// Whether `s` is a uid as [`super::new_uid`] makes them: a hyphenated lower-case UUID. Only the
/// canonical spelling is accepted so two spellings of one id cannot name two folders (which
/// would collide on case-insensitive file systems).
fn is_uid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// Attempt ids are folder names on the student's machine: `[A-Za-z0-9_-]`, 1-200 characters.
fn check_id(field: &str, s: &str) -> Result<(), String> {
    if s.is_empty() || s.chars().count() > MAX_ID_CHARS {
        return Err(format!(
            "{field} must be 1-{MAX_ID_CHARS} characters (it has {})",
            s.chars().count()
        ));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "{field} {:?} may hold only letters, digits, \"-\" and \"_\"",
            clip(s)
        ));
    }
    Ok(())
}

/// Characters that reorder text when displayed, so a name could pretend to be another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A one-line value (a name, an id, a label): `min..=max` characters, no control characters.
fn check_line(field: &str, s: &str, min: usize, max: usize) -> Result<(), String> {
    let n = s.chars().count();
    if n < min || n > max {
        return Err(format!(
            "{field} must be {min}-{max} characters (it has {n})"
        ));
    }
    if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(format!("{field} contains control characters"));
    }
    Ok(())
}

/// Free text (a transcript, a note): at most `max` characters; line breaks and tabs allowed,
/// other control characters not.
fn check_text(field: &str, s: &str, max: usize) -> Result<(), String> {
    // Counting stops early so a huge string costs no more than the cap.
    if s.chars().nth(max).is_some() {
        return Err(format!("{field} is longer than {max} characters"));
    }
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(format!("{field} contains control characters"));
    }
    Ok(())
}

fn check_count(field: &str, n: usize, max: usize) -> Result<(), String> {
    if n > max {
        return Err(format!(
            "{field} has {n} items, more than the {max} allowed"
        ));
    }
    Ok(())
}

fn check_seconds(field: &str, v: f64) -> Result<(), String> {
    if !(v.is_finite() && (0.0..=MAX_SECONDS).contains(&v)) {
        return Err(format!(
            "{field} is {v}, not a time between 0 and {MAX_SECONDS} s"
        ));
    }
    Ok(())
}

fn check_span(field: &str, start: f64, end: f64) -> Result<(), String> {
    check_seconds(&format!("{field}.start"), start)?;
    check_seconds(&format!("{field}.end"), end)?;
    if start > end {
        return Err(format!(
            "{field} ends ({end} s) before it starts ({start} s)"
        ));
    }
    Ok(())
}

fn check_opt_span(field: &str, start: Option<f64>, end: Option<f64>) -> Result<(), String> {
    match (start, end) {
        (Some(s), Some(e)) => check_span(field, s, e),
        (Some(s), None) => check_seconds(&format!("{field}.start_s"), s),
        (None, Some(e)) => check_seconds(&format!("{field}.end_s"), e),
        (None, None) => Ok(()),
    }
}

fn check_rate(field: &str, v: f64) -> Result<(), String> {
    if !(v.is_finite() && (0.0..=MAX_RATE).contains(&v)) {
        return Err(format!(
            "{field} is {v}, not a rate between 0 and {MAX_RATE}"
        ));
    }
    Ok(())
}

fn check_score(field: &str, v: u8) -> Result<(), String> {
    if v > 100 {
        return Err(format!("{field} is {v}, more than 100"));
    }
    Ok(())
}

/// Character offsets into the scored answer: in order and within the longest transcript.
fn check_offsets(field: &str, start: usize, end: usize) -> Result<(), String> {
    if start > end || end > MAX_TRANSCRIPT_CHARS {
        return Err(format!(
            "{field} has offsets {start}..{end}, which are out of range"
        ));
    }
    Ok(())
}

/// Checks the manifest's values (not its format and version, which come first).
fn check_manifest(m: &Manifest, max_attempts: usize) -> Result<(), String> {
    check_line("student", &m.student, 1, MAX_NAME_CHARS)?;
    if m.student.trim().is_empty() {
        return Err("student is blank".into());
    }
    check_line("app_version", &m.app_version, 0, 100)?;
    if let Some(mock) = &m.mock_id {
        check_line("mock_id", mock, 1, MAX_ID_CHARS)?;
    }
    check_count("attempts", m.attempts.len(), max_attempts)?;
    let mut seen = HashSet::new();
    for (i, uid) in m.attempts.iter().enumerate() {
        if !is_uid(uid) {
            return Err(format!(
                "attempts[{i}] is {:?}, not an attempt id (a lower-case UUID)",
                clip(uid)
            ));
        }
        if !seen.insert(uid.as_str()) {
            return Err(format!("attempts lists {uid} twice"));
        }
    }
    let mut seen = HashSet::new();
    for (i, name) in m.packs.iter().enumerate() {
        check_pack_name(name).map_err(|p| format!("packs[{i}] {p}"))?;
        // Case-insensitively, so the packs can be saved side by side on any file system.
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(format!("packs lists {name:?} twice"));
        }
    }
    Ok(())
}

/// Pack file names: `[A-Za-z0-9_-]+\.toml`, at most 100 characters, not a Windows device name
/// (so a caller may save the pack under this name anywhere).
fn check_pack_name(name: &str) -> Result<(), String> {
    let stem = name.strip_suffix(".toml").unwrap_or("");
    let ok = !stem.is_empty()
        && name.len() <= 100
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(format!(
            "{:?} is not a pack file name (letters, digits, \"-\" and \"_\", then \".toml\")",
            clip(name)
        ));
    }
    let lower = stem.to_ascii_lowercase();
    let device = matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || ((lower.starts_with("com") || lower.starts_with("lpt"))
            && lower.len() == 4
            && lower.as_bytes()[3].is_ascii_digit());
    if device {
        return Err(format!("{name:?} is a reserved device name on Windows"));
    }
    Ok(())
}

/// Checks an attempt record: ids, lengths and numbers. `uid` is where it was found (its
/// folder, or the manifest position when exporting).
fn check_attempt(a: &Attempt, uid: &str) -> Result<(), String> {
    if a.uid != uid {
        return Err(format!(
            "uid is {:?} but the attempt is filed under {uid}",
            clip(&a.uid)
        ));
    }
    check_id("id", &a.id)?;
    check_line("question_id", &a.question_id, 0, MAX_ID_CHARS)?;
    check_text("question_text", &a.question_text, MAX_QUESTION_CHARS)?;
    if let Some(r) = &a.recording
        && r.as_os_str() != ANSWER_FILE
    {
        return Err(format!(
            "recording is {:?}; in a bundle it is always \"{ANSWER_FILE}\" or empty",
            clip(&r.to_string_lossy())
        ));
    }
    check_line("app_version", &a.app_version, 0, 100)?;
    if let Some(mock) = &a.mock_id {
        check_line("mock_id", mock, 1, MAX_ID_CHARS)?;
    }
    if a.student.is_some() {
        // The coach's copy takes the name from bundle.json; a name here could contradict it.
        return Err("student is set; in a bundle it is empty".into());
    }
    check_report(&a.report).map_err(|p| format!("report.{p}"))
}

fn check_report(r: &AnalysisReport) -> Result<(), String> {
    check_line("file", &r.file, 0, MAX_SHORT_CHARS)?;
    if let Some(q) = &r.question_id {
        check_line("question_id", q, 0, MAX_ID_CHARS)?;
    }
    check_line("model.name", &r.model.name, 0, MAX_SHORT_CHARS)?;
    check_line("model.path", &r.model.path, 0, MAX_SHORT_CHARS)?;
    if let Some(h) = &r.model.sha256
        && (h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err("model.sha256 must be 64 hexadecimal characters".into());
    }

    let t = &r.transcript;
    check_text("transcript.text", &t.text, MAX_TRANSCRIPT_CHARS)?;
    check_count("transcript.words", t.words.len(), MAX_WORDS)?;
    for (i, w) in t.words.iter().enumerate() {
        let at = format!("transcript.words[{i}]");
        check_line(&format!("{at}.text"), &w.text, 0, MAX_SHORT_CHARS)?;
        check_span(&at, w.start, w.end)?;
    }
    let n_words = t.words.len();

    let m = &r.metrics;
    check_seconds("metrics.duration_s", m.duration_s)?;
    check_seconds("metrics.speaking_time_s", m.speaking_time_s)?;
    check_seconds("metrics.longest_pause_s", m.longest_pause_s)?;
    check_count("metrics.words", m.words, MAX_WORDS)?;
    check_rate("metrics.wpm", m.wpm)?;
    check_rate("metrics.fillers_per_min", m.fillers_per_min)?;
    check_line("metrics.pause_source", &m.pause_source, 0, 100)?;
    check_count("metrics.wpm_over_time", m.wpm_over_time.len(), MAX_WORDS)?;
    for (i, w) in m.wpm_over_time.iter().enumerate() {
        let at = format!("metrics.wpm_over_time[{i}]");
        check_span(&at, w.start, w.end)?;
        check_rate(&format!("{at}.wpm"), w.wpm)?;
    }
    for (list, phrases) in [("fillers", &m.fillers), ("hedges", &m.hedges)] {
        check_count(&format!("metrics.{list}"), phrases.len(), MAX_WORDS)?;
        for (i, p) in phrases.iter().enumerate() {
            let at = format!("metrics.{list}[{i}]");
            check_line(&format!("{at}.text"), &p.text, 0, MAX_SHORT_CHARS)?;
            check_span(&at, p.start, p.end)?;
            // The review screen paints these words by index; out of range they would panic.
            if p.word_index
                .checked_add(p.word_count)
                .is_none_or(|e| e > n_words)
            {
                return Err(format!(
                    "{at} points at words {}+{} of a transcript with {n_words}",
                    p.word_index, p.word_count
                ));
            }
        }
    }
    check_count("metrics.pauses", m.pauses.len(), MAX_WORDS)?;
    for (i, p) in m.pauses.iter().enumerate() {
        check_span(&format!("metrics.pauses[{i}]"), p.start, p.end)?;
    }

    check_count("delivery", r.delivery.len(), MAX_FEW)?;
    for (i, d) in r.delivery.iter().enumerate() {
        check_line(&format!("delivery[{i}].aspect"), &d.aspect, 0, 100)?;
        check_text(
            &format!("delivery[{i}].message"),
            &d.message,
            MAX_SHORT_CHARS,
        )?;
    }
    check_count("warnings", r.warnings.len(), MAX_FEW)?;
    for (i, w) in r.warnings.iter().enumerate() {
        check_text(&format!("warnings[{i}]"), w, MAX_SHORT_CHARS)?;
    }

    let Some(s) = &r.score else { return Ok(()) };
    check_line("score.question_id", &s.question_id, 0, MAX_ID_CHARS)?;
    check_text("score.question_text", &s.question_text, MAX_QUESTION_CHARS)?;
    check_score("score.overall", s.overall)?;
    check_text("score.verdict", &s.verdict, MAX_SHORT_CHARS)?;
    for (key, d) in s.dimensions.iter() {
        let at = format!("score.dimensions.{key}");
        check_score(&format!("{at}.score"), d.score)?;
        check_text(&format!("{at}.verdict"), &d.verdict, MAX_SHORT_CHARS)?;
        check_line(&format!("{at}.label"), &d.label, 0, MAX_SHORT_CHARS)?;
        check_count(&format!("{at}.evidence"), d.evidence.len(), MAX_WORDS)?;
        for (i, e) in d.evidence.iter().enumerate() {
            let at = format!("{at}.evidence[{i}]");
            check_text(&format!("{at}.text"), &e.text, MAX_TRANSCRIPT_CHARS)?;
            check_text(&format!("{at}.note"), &e.note, MAX_SHORT_CHARS)?;
            check_offsets(&at, e.start, e.end)?;
            check_opt_span(&at, e.start_s, e.end_s)?;
        }
    }
    check_count("score.spans", s.spans.len(), MAX_WORDS)?;
    for (i, p) in s.spans.iter().enumerate() {
        let at = format!("score.spans[{i}]");
        check_text(&format!("{at}.text"), &p.text, MAX_TRANSCRIPT_CHARS)?;
        check_offsets(&at, p.start, p.end)?;
        check_opt_span(&at, p.start_s, p.end_s)?;
    }
    check_count("score.pattern.expected", s.pattern.expected.len(), MAX_FEW)?;
    check_count("score.pattern.missing", s.pattern.missing.len(), MAX_FEW)?;
    check_text("score.pattern.note", &s.pattern.note, MAX_SHORT_CHARS)?;
    check_count("score.suggestions", s.suggestions.len(), MAX_FEW)?;
    for (i, x) in s.suggestions.iter().enumerate() {
        check_text(&format!("score.suggestions[{i}]"), x, MAX_SHORT_CHARS)?;
    }
    let tm = &s.timing;
    check_seconds("score.timing.duration_s", tm.duration_s)?;
    check_seconds("score.timing.target_min_s", tm.target_min_s)?;
    check_seconds("score.timing.target_max_s", tm.target_max_s)?;
    if tm.target_min_s > tm.target_max_s {
        return Err("score.timing has target_min_s above target_max_s".into());
    }
    if let Some(p) = tm.problem_s {
        check_seconds("score.timing.problem_s", p)?;
    }
    check_count("score.timing.word_count", tm.word_count, MAX_WORDS)?;
    check_count("score.timing.filler_count", tm.filler_count, MAX_WORDS)?;
    check_rate("score.timing.fillers_per_min", tm.fillers_per_min)?;
    Ok(())
}

/// Shortens a value quoted in a message, so a hostile 16 MiB string does not become the
/// message.
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

// ----- writing -----

fn export_err(problem: impl Into<String>) -> BundleError {
    BundleError::Export {
        problem: problem.into(),
    }
}

/// Writes the bundle to `out` atomically (temp file in the same folder, then rename). Returns
/// bytes written.
///
/// Everything is checked first, with the same rules [`extract`] applies and the default
/// [`Limits`], so a student never sends a bundle the coach cannot open: the manifest must say
/// [`FORMAT`] and [`VERSION`], list exactly the items' uids and the packs' names in order, and
/// every attempt, recording and pack must be valid. On any error nothing is left at `out` (an
/// existing file there is untouched).
///
/// Attempts are written as JSON with `recording` set to `"answer.wav"` when the item has a
/// recording (otherwise empty) and `student` empty. JSON and packs are deflated; recordings
/// are stored as they are (see [`Limits::default`] for why).
pub fn write_bundle(
    out: &Path,
    manifest: &Manifest,
    items: &[ExportItem<'_>],
    packs: &[PackFile],
) -> Result<u64, BundleError> {
    let limits = Limits::default();

    // Check everything before creating any file.
    if manifest.format != FORMAT {
        return Err(export_err(format!(
            "the manifest format is {:?}, not {FORMAT:?}",
            clip(&manifest.format)
        )));
    }
    if manifest.version != VERSION {
        return Err(export_err(format!(
            "this version writes bundle version {VERSION}, not {}",
            manifest.version
        )));
    }
    check_manifest(manifest, limits.max_entries).map_err(export_err)?;
    let uids: Vec<&str> = items.iter().map(|i| i.attempt.uid.as_str()).collect();
    if manifest
        .attempts
        .iter()
        .map(String::as_str)
        .ne(uids.iter().copied())
    {
        return Err(export_err(
            "the manifest's attempts are not the uids of the attempts given, in order",
        ));
    }
    if manifest
        .packs
        .iter()
        .map(String::as_str)
        .ne(packs.iter().map(|p| p.name.as_str()))
    {
        return Err(export_err(
            "the manifest's packs are not the names of the packs given, in order",
        ));
    }
    let entries = 1
        + packs.len()
        + items
            .iter()
            .map(|i| 1 + usize::from(i.wav.is_some()))
            .sum::<usize>();
    if entries > limits.max_entries {
        return Err(export_err(format!(
            "{entries} files is more than a bundle may hold ({}); export fewer attempts at a time",
            limits.max_entries
        )));
    }

    let manifest_json = to_json(manifest)?;
    let mut total = manifest_json.len() as u64;
    let mut records = Vec::with_capacity(items.len());
    for item in items {
        let mut a = item.attempt.clone();
        a.recording = item.wav.map(|_| PathBuf::from(ANSWER_FILE));
        a.student = None;
        check_attempt(&a, &a.uid).map_err(|p| {
            export_err(format!(
                "attempt {} (\"{}\") has a bad value: {p}",
                a.id,
                clip(&a.question_text)
            ))
        })?;
        let json = to_json(&a)?;
        if json.len() as u64 > limits.max_json_bytes {
            return Err(export_err(format!(
                "attempt {} is larger than {} bytes",
                a.id, limits.max_json_bytes
            )));
        }
        total += json.len() as u64;
        let mut wav_len = None;
        if let Some(wav) = item.wav {
            let len = check_wav_file(wav, limits.max_wav_bytes).map_err(|e| match e {
                WavProblem::Io(source) => BundleError::ExportRead {
                    path: wav.to_path_buf(),
                    source,
                },
                WavProblem::Bad(detail) => export_err(format!(
                    "the recording {} of attempt {} is not a readable WAV file ({detail})",
                    wav.display(),
                    a.id
                )),
            })?;
            total += len;
            wav_len = Some((wav, len));
        }
        records.push((a.uid.clone(), json, wav_len));
    }
    for p in packs {
        check_pack_name(&p.name).map_err(|e| export_err(format!("pack {e}")))?;
        let entry = format!("packs/{}", p.name);
        parse_pack(&entry, &p.text, PackSource::File(PathBuf::from(&entry)))
            .map_err(|e| export_err(format!("question pack {e}")))?;
        if p.text.len() as u64 > limits.max_json_bytes {
            return Err(export_err(format!(
                "question pack {} is larger than {} bytes",
                p.name, limits.max_json_bytes
            )));
        }
        total += p.text.len() as u64;
    }
    if total > limits.max_total_bytes {
        return Err(export_err(format!(
            "the attempts and recordings come to {total} bytes, more than a bundle may hold ({}); export fewer at a time",
            limits.max_total_bytes
        )));
    }

    let write_err = |detail: String| BundleError::Write {
        path: out.to_path_buf(),
        detail,
    };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // In the destination's folder, so the final rename stays on one file system and is atomic.
    // Dropped (and so deleted) on any error below.
    let mut tmp = tempfile::Builder::new()
        .prefix(".icbundle-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| write_err(format!("could not create a temporary file: {e}")))?;
    {
        let mut zip = ZipWriter::new(BufWriter::new(tmp.as_file_mut()));
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o644);
        let stored = deflated.compression_method(CompressionMethod::Stored);
        let zip_err = |e: zip::result::ZipError| write_err(e.to_string());
        let io_err = |e: io::Error| write_err(e.to_string());

        zip.start_file(MANIFEST_FILE, deflated).map_err(zip_err)?;
        zip.write_all(&manifest_json).map_err(io_err)?;
        for (uid, json, wav) in &records {
            zip.start_file(format!("attempts/{uid}/{ATTEMPT_FILE}"), deflated)
                .map_err(zip_err)?;
            zip.write_all(json).map_err(io_err)?;
            if let Some((wav, len)) = wav {
                let read_err = |source| BundleError::ExportRead {
                    path: wav.to_path_buf(),
                    source,
                };
                let f = File::open(wav).map_err(read_err)?;
                zip.start_file(
                    format!("attempts/{uid}/{ANSWER_FILE}"),
                    stored.large_file(*len >= u64::from(u32::MAX)),
                )
                .map_err(zip_err)?;
                // Exactly the bytes that were checked: a file that changed since (a recording
                // still being written) must not slip past the checks or the size caps.
                let copied = copy_chunks(&mut f.take(*len), &mut zip).map_err(|e| match e {
                    CopyError::Read(source) => read_err(source),
                    CopyError::Write(e) => io_err(e),
                })?;
                if copied != *len {
                    return Err(read_err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file got shorter while it was being exported",
                    )));
                }
            }
        }
        for p in packs {
            zip.start_file(format!("packs/{}", p.name), deflated)
                .map_err(zip_err)?;
            zip.write_all(p.text.as_bytes()).map_err(io_err)?;
        }
        let buf = zip.finish().map_err(zip_err)?;
        buf.into_inner()
            .map_err(|e| write_err(e.error().to_string()))?;
    }
    // On disk before the rename, so a crash cannot leave a complete-looking but empty bundle.
    tmp.as_file()
        .sync_all()
        .map_err(|e| write_err(e.to_string()))?;
    let file = tmp
        .persist(out)
        .map_err(|e| write_err(e.error.to_string()))?;
    file.metadata()
        .map(|m| m.len())
        .map_err(|e| write_err(e.to_string()))
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>, BundleError> {
    serde_json::to_vec_pretty(v).map_err(|e| export_err(format!("could not encode JSON: {e}")))
}

enum WavProblem {
    Io(io::Error),
    Bad(String),
}

/// Checks that a file is a WAV whose declared samples fit in it and last at most a day; returns
/// its size.
fn check_wav_file(path: &Path, max_bytes: u64) -> Result<u64, WavProblem> {
    let len = std::fs::metadata(path).map_err(WavProblem::Io)?.len();
    if len > max_bytes {
        return Err(WavProblem::Bad(format!(
            "it is {len} bytes, more than the {max_bytes} allowed"
        )));
    }
    // Opened here so that failing to open is told apart from bad content: hound reports a
    // short or malformed header as an I/O error too.
    let file = File::open(path).map_err(WavProblem::Io)?;
    let reader =
        hound::WavReader::new(BufReader::new(file)).map_err(|e| WavProblem::Bad(e.to_string()))?;
    let spec = reader.spec();
    let bytes_per_sample = u64::from(spec.bits_per_sample).div_ceil(8);
    let data = u64::from(reader.len()) * bytes_per_sample;
    if data > len {
        return Err(WavProblem::Bad(format!(
            "its header promises {data} bytes of samples but the file has {len}"
        )));
    }
    let seconds = f64::from(reader.duration()) / f64::from(spec.sample_rate.max(1));
    if seconds > MAX_SECONDS {
        return Err(WavProblem::Bad(format!("it claims to last {seconds:.0} s")));
    }
    Ok(len)
}

enum CopyError {
    Read(io::Error),
    Write(io::Error),
}

/// Copies until the reader ends, telling read and write failures apart (one is the source's
/// fault, the other the destination's). Returns bytes copied.
fn copy_chunks(from: &mut impl Read, to: &mut impl Write) -> Result<u64, CopyError> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let got = match from.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(got) => got,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        to.write_all(&buf[..got]).map_err(CopyError::Write)?;
        n += got as u64;
    }
}

// ----- reading -----

/// What an entry is, from its validated name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Manifest,
    /// `attempts/`, `packs/`, or `attempts/<uid>/` (with the uid).
    Folder(Option<String>),
    AttemptJson(String),
    AttemptWav(String),
    Pack(String),
}

/// The name for messages: escaped and clipped.
fn shown(raw: &[u8]) -> String {
    let cut = &raw[..raw.len().min(120)];
    let mut s: String = String::from_utf8_lossy(cut).escape_debug().collect();
    if raw.len() > cut.len() {
        s.push_str("...");
    }
    s
}

/// Checks an entry name against the layout. Names are never turned into paths; this only
/// decides what the entry is, and refuses anything a real bundle would not contain.
fn classify(raw: &[u8]) -> Result<Kind, BundleError> {
    let bad = |problem: &str| BundleError::BadEntryName {
        entry: shown(raw),
        problem: problem.to_string(),
    };
    if raw.is_empty() {
        return Err(bad("is empty"));
    }
    if raw.len() > MAX_NAME_BYTES {
        return Err(bad("is too long"));
    }
    if raw.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Err(bad("contains control characters (such as NUL)"));
    }
    let drive = raw.len() >= 2 && raw[0].is_ascii_alphabetic() && raw[1] == b':';
    if raw[0] == b'/' || raw[0] == b'\\' || drive {
        return Err(bad("is an absolute path"));
    }
    if raw.contains(&b'\\') {
        return Err(bad("contains a backslash"));
    }
    let Ok(name) = std::str::from_utf8(raw) else {
        return Err(bad("is not plain ASCII"));
    };
    if !name.is_ascii() {
        return Err(bad("is not plain ASCII"));
    }
    let (path, is_dir) = match name.strip_suffix('/') {
        Some(p) => (p, true),
        None => (name, false),
    };
    let parts: Vec<&str> = path.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(bad("has an empty path component (\"//\")"));
    }
    if parts.contains(&"..") {
        return Err(bad("climbs out of its folder with \"..\""));
    }
    if parts.contains(&".") {
        return Err(bad("has a \".\" path component"));
    }
    let unexpected = || BundleError::UnexpectedEntry { entry: shown(raw) };
    let uid = |s: &str| -> Result<String, BundleError> {
        if is_uid(s) {
            Ok(s.to_string())
        } else {
            Err(bad(&format!(
                "puts an attempt in the folder \"{}\", which is not an attempt id (a lower-case UUID)",
                shown(s.as_bytes())
            )))
        }
    };
    match (parts.as_slice(), is_dir) {
        ([m], false) if *m == MANIFEST_FILE => Ok(Kind::Manifest),
        (["attempts"] | ["packs"], true) => Ok(Kind::Folder(None)),
        (["attempts", u], true) => Ok(Kind::Folder(Some(uid(u)?))),
        (["attempts", u, f], false) if *f == ATTEMPT_FILE => Ok(Kind::AttemptJson(uid(u)?)),
        (["attempts", u, f], false) if *f == ANSWER_FILE => Ok(Kind::AttemptWav(uid(u)?)),
        (["attempts", u, _], _) => {
            // Check the folder first: a wrong folder is the more telling problem.
            uid(u)?;
            Err(unexpected())
        }
        (["packs", p], false) => match check_pack_name(p) {
            Ok(()) => Ok(Kind::Pack(p.to_string())),
            Err(_) => Err(unexpected()),
        },
        _ => Err(unexpected()),
    }
}

/// Unix file-type bits of a mode.
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;

fn kind_of_mode(mode: u32) -> &'static str {
    match mode & S_IFMT {
        S_IFDIR => "a folder",
        0o020_000 => "a character device",
        0o060_000 => "a block device",
        0o010_000 => "a named pipe",
        0o140_000 => "a socket",
        _ => "a special file",
    }
}

/// Where each part of the bundle is in the zip.
#[derive(Default)]
struct Layout {
    manifest: Option<usize>,
    json: BTreeMap<String, usize>,
    wav: BTreeMap<String, usize>,
    packs: BTreeMap<String, usize>,
    folders: BTreeSet<String>,
}

/// Reads entries with every cap enforced on the bytes actually produced.
struct Reader<R> {
    zip: ZipArchive<R>,
    limits: Limits,
    total: u64,
}

impl<R: Read + Seek> Reader<R> {
    /// Unpacks entry `index` into `out`, failing as soon as it passes its own cap (`cap`),
    /// [`Limits::max_ratio`] times its packed size, or the total cap. `write_err` explains a
    /// failure to write `out`.
    fn read_into<W: Write>(
        &mut self,
        index: usize,
        entry: &str,
        cap: u64,
        out: &mut W,
        write_err: impl Fn(io::Error) -> BundleError,
    ) -> Result<u64, BundleError> {
        let damaged = |detail: String| BundleError::DamagedEntry {
            entry: entry.to_string(),
            detail,
        };
        // Header consistency: the local header must agree with the central directory, so the
        // bytes read belong to the entry `scan` checked.
        let mut file = self
            .zip
            .by_index_with_options(
                index,
                ZipReadOptions::new().enforce_header_consistency(true),
            )
            .map_err(|e| damaged(e.to_string()))?;
        let by_ratio = file.compressed_size().saturating_mul(self.limits.max_ratio);
        let total_left = self.limits.max_total_bytes.saturating_sub(self.total);
        let allowed = cap.min(by_ratio).min(total_left);
        // One byte more than allowed, so "exactly at the cap" and "past it" can be told apart
        // without trusting the declared size.
        let mut limited = (&mut file).take(allowed.saturating_add(1));
        let n = copy_chunks(&mut limited, out).map_err(|e| match e {
            CopyError::Read(e) => damaged(e.to_string()),
            CopyError::Write(e) => write_err(e),
        })?;
        if n > allowed {
            return Err(if n > cap {
                BundleError::EntryTooLarge {
                    entry: entry.to_string(),
                    limit: cap,
                }
            } else if n > by_ratio {
                BundleError::Ratio {
                    entry: entry.to_string(),
                    max_ratio: self.limits.max_ratio,
                }
            } else {
                BundleError::TotalTooLarge {
                    entry: entry.to_string(),
                    limit: self.limits.max_total_bytes,
                }
            });
        }
        self.total += n;
        Ok(n)
    }

    fn read_small(&mut self, index: usize, entry: &str) -> Result<Vec<u8>, BundleError> {
        let mut buf = Vec::new();
        let cap = self.limits.max_json_bytes;
        // A Vec cannot fail to grow short of running out of memory, which the cap prevents.
        self.read_into(index, entry, cap, &mut buf, |e| BundleError::DamagedEntry {
            entry: entry.to_string(),
            detail: e.to_string(),
        })?;
        Ok(buf)
    }
}

/// Reads and checks a bundle completely, copying recordings into `staging` (an empty folder the
/// caller made and removes on error). Nothing outside `staging` is written.
///
/// Inside `staging` the only things created are `<uid>/answer.wav` for attempts with a
/// recording, with paths built from validated uids (never from entry names) and files created
/// new (so nothing already there, such as a planted link, is followed). The returned attempts
/// and packs have passed every check; see the module documentation for what is refused.
pub fn extract(bundle: &Path, staging: &Path, limits: &Limits) -> Result<Extracted, BundleError> {
    check_staging(staging)?;
    let open_err = |source| BundleError::Open {
        path: bundle.to_path_buf(),
        source,
    };
    let file = File::open(bundle).map_err(open_err)?;
    let len = file.metadata().map_err(open_err)?.len();
    let damaged = |detail: String| BundleError::Damaged {
        path: bundle.to_path_buf(),
        detail,
    };
    if len == 0 {
        return Err(damaged("the file is empty".into()));
    }
    let zip = ZipArchive::new(BufReader::new(file))
        .map_err(|e| damaged(format!("it is not a complete zip archive: {e}")))?;
    if zip.len() > limits.max_entries {
        return Err(BundleError::TooManyEntries {
            found: zip.len(),
            max: limits.max_entries,
        });
    }
    if zip.has_duplicate_names() {
        return Err(BundleError::DuplicateEntry {
            entry: first_duplicate(bundle, zip.central_directory_start(), limits.max_entries)
                .unwrap_or_else(|| "?".into()),
        });
    }
    let mut reader = Reader {
        zip,
        limits: *limits,
        total: 0,
    };
    let layout = scan(&mut reader.zip, limits)?;
    // Data shared between entries lets a small file unpack many times over; real zips never do.
    if reader
        .zip
        .has_overlapping_entries()
        .map_err(|e| damaged(e.to_string()))?
    {
        return Err(BundleError::Overlapping);
    }

    // The manifest.
    let Some(index) = layout.manifest else {
        return Err(BundleError::MissingManifest);
    };
    let bytes = reader.read_small(index, MANIFEST_FILE)?;
    let manifest = parse_manifest(&bytes, limits)?;
    check_consistency(&manifest, &layout)?;

    // The attempts, in manifest order.
    let mut attempts = Vec::with_capacity(manifest.attempts.len());
    for uid in &manifest.attempts {
        let entry = format!("attempts/{uid}/{ATTEMPT_FILE}");
        let Some(&index) = layout.json.get(uid) else {
            return Err(missing(&entry));
        };
        let bytes = reader.read_small(index, &entry)?;
        let attempt: Attempt = parse_json(&entry, &bytes)?;
        check_attempt(&attempt, uid).map_err(|problem| BundleError::Invalid {
            entry: entry.clone(),
            problem,
        })?;
        let wav_entry = format!("attempts/{uid}/{ANSWER_FILE}");
        let wav = match (attempt.recording.is_some(), layout.wav.get(uid)) {
            (true, Some(&index)) => Some(stage_wav(&mut reader, index, &wav_entry, staging, uid)?),
            (true, None) => {
                return Err(BundleError::Inconsistent {
                    problem: format!("{entry} refers to a recording but there is no {wav_entry}"),
                });
            }
            (false, Some(_)) => {
                return Err(BundleError::Inconsistent {
                    problem: format!("{wav_entry} is there but {entry} does not refer to it"),
                });
            }
            (false, None) => None,
        };
        attempts.push(ExtractedAttempt { attempt, wav });
    }

    // The packs, in manifest order.
    let mut packs = Vec::with_capacity(manifest.packs.len());
    for name in &manifest.packs {
        let entry = format!("packs/{name}");
        let Some(&index) = layout.packs.get(name) else {
            return Err(missing(&entry));
        };
        let bytes = reader.read_small(index, &entry)?;
        let text = String::from_utf8(bytes).map_err(|e| BundleError::Invalid {
            entry: entry.clone(),
            problem: format!("it is not UTF-8 text ({e})"),
        })?;
        parse_pack(&entry, &text, PackSource::File(PathBuf::from(&entry))).map_err(|source| {
            BundleError::BadPack {
                entry: entry.clone(),
                source,
            }
        })?;
        packs.push(PackFile {
            name: name.clone(),
            text,
        });
    }

    Ok(Extracted {
        manifest,
        attempts,
        packs,
    })
}

/// Names the first entry that appears twice in the central directory. The zip reader keeps one
/// entry per name, so this walks the directory records itself (APPNOTE 4.3.12: 46 fixed bytes,
/// then name, extra field and comment). It only words the error, so any surprise gives up.
fn first_duplicate(bundle: &Path, start: u64, max_records: usize) -> Option<String> {
    let mut r = BufReader::new(File::open(bundle).ok()?);
    r.seek(io::SeekFrom::Start(start)).ok()?;
    let mut seen = HashSet::new();
    // Twice the cap: the reader counted names after merging duplicates.
    for _ in 0..max_records.saturating_mul(2) {
        let mut fixed = [0u8; 46];
        r.read_exact(&mut fixed).ok()?;
        if fixed[..4] != *b"PK\x01\x02" {
            return None;
        }
        let le = |i: usize| u16::from_le_bytes([fixed[i], fixed[i + 1]]);
        let mut name = vec![0u8; usize::from(le(28))];
        r.read_exact(&mut name).ok()?;
        r.seek_relative(i64::from(le(30)) + i64::from(le(32)))
            .ok()?;
        if !seen.insert(name.clone()) {
            return Some(shown(&name));
        }
    }
    None
}

fn missing(entry: &str) -> BundleError {
    BundleError::Inconsistent {
        problem: format!("bundle.json lists {entry} but the bundle does not contain it"),
    }
}

fn check_staging(staging: &Path) -> Result<(), BundleError> {
    let problem = |p: &str| BundleError::Staging {
        path: staging.to_path_buf(),
        problem: p.to_string(),
    };
    // symlink_metadata: the staging folder itself must be a real folder, not a link to one.
    match std::fs::symlink_metadata(staging) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(problem("it is not a folder")),
        Err(e) => return Err(problem(&format!("it cannot be read ({e})"))),
    }
    let mut entries =
        std::fs::read_dir(staging).map_err(|e| problem(&format!("it cannot be read ({e})")))?;
    if entries.next().is_some() {
        return Err(problem("it is not empty"));
    }
    Ok(())
}

/// Checks every entry's name, type and declared sizes without reading any data, and records
/// where each part is.
fn scan<R: Read + Seek>(zip: &mut ZipArchive<R>, limits: &Limits) -> Result<Layout, BundleError> {
    let mut layout = Layout::default();
    let mut declared_total: u64 = 0;
    for index in 0..zip.len() {
        let e = zip
            .by_index_data(index)
            .map_err(|e| BundleError::DamagedEntry {
                entry: format!("#{index}"),
                detail: e.to_string(),
            })?;
        let raw = e.name_raw();
        let entry = shown(raw);
        // The link check comes before the name check: a link is refused whatever it is called.
        if e.is_symlink() {
            return Err(BundleError::Symlink { entry });
        }
        let kind = classify(raw)?;
        // Belt and braces: the zip crate's own notion of a safe path must agree.
        if e.enclosed_name().is_none() {
            return Err(BundleError::BadEntryName {
                entry,
                problem: "is not a safe relative path".into(),
            });
        }
        if e.encrypted() {
            return Err(BundleError::Encrypted { entry });
        }
        let is_folder = matches!(kind, Kind::Folder(_));
        if let Some(mode) = e.unix_mode() {
            let ty = mode & S_IFMT;
            let ok = ty == 0 || ty == if is_folder { S_IFDIR } else { S_IFREG };
            if !ok {
                return Err(BundleError::NotAFile {
                    entry,
                    kind: kind_of_mode(mode).into(),
                });
            }
        }
        let method = e.compression();
        if !matches!(
            method,
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            return Err(BundleError::UnsupportedCompression {
                entry,
                method: format!("{method:?}"),
            });
        }
        let (size, packed) = (e.size(), e.compressed_size());
        // Declared sizes are checked here only to refuse early; reading enforces the caps on
        // the bytes actually produced.
        let cap = match kind {
            Kind::Folder(_) => 0,
            Kind::AttemptWav(_) => limits.max_wav_bytes,
            _ => limits.max_json_bytes,
        };
        if size > cap {
            if is_folder {
                return Err(BundleError::NotAFile {
                    entry,
                    kind: "a folder with content".into(),
                });
            }
            return Err(BundleError::EntryTooLarge { entry, limit: cap });
        }
        if size > packed.saturating_mul(limits.max_ratio) {
            return Err(BundleError::Ratio {
                entry,
                max_ratio: limits.max_ratio,
            });
        }
        declared_total = declared_total.saturating_add(size);
        if declared_total > limits.max_total_bytes {
            return Err(BundleError::TotalTooLarge {
                entry,
                limit: limits.max_total_bytes,
            });
        }
        let at = index;
        // Names are unique (duplicates were refused), so each slot is filled at most once.
        match kind {
            Kind::Manifest => layout.manifest = Some(at),
            Kind::Folder(Some(uid)) => {
                layout.folders.insert(uid);
            }
            Kind::Folder(None) => {}
            Kind::AttemptJson(uid) => {
                layout.json.insert(uid, at);
            }
            Kind::AttemptWav(uid) => {
                layout.wav.insert(uid, at);
            }
            Kind::Pack(name) => {
                layout.packs.insert(name, at);
            }
        }
    }
    // Pack names differing only in case would overwrite each other on many file systems.
    let mut lower = HashSet::new();
    for name in layout.packs.keys() {
        if !lower.insert(name.to_ascii_lowercase()) {
            return Err(BundleError::UnexpectedEntry {
                entry: format!("packs/{name}"),
            });
        }
    }
    Ok(layout)
}

/// Parses `bundle.json`: the format and version first (so a newer bundle is reported as
/// such even if its fields changed), then the fields, then their values.
fn parse_manifest(bytes: &[u8], limits: &Limits) -> Result<Manifest, BundleError> {
    let value: serde_json::Value = parse_json(MANIFEST_FILE, bytes)?;
    let Some(obj) = value.as_object() else {
        return Err(BundleError::Json {
            entry: MANIFEST_FILE.into(),
            detail: "it is not a JSON object".into(),
        });
    };
    match obj.get("format") {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(BundleError::NotABundle {
                found: clip(&other.to_string()),
            });
        }
        None => {
            return Err(BundleError::NotABundle {
                found: "missing".into(),
            });
        }
    }
    match obj.get("version") {
        Some(v) => match v.as_u64() {
            Some(n) if n > u64::from(VERSION) => {
                return Err(BundleError::NewerVersion { version: n });
            }
            Some(n) if n >= 1 => {}
            _ => {
                return Err(BundleError::UnsupportedVersion {
                    found: clip(&v.to_string()),
                });
            }
        },
        None => {
            return Err(BundleError::UnsupportedVersion {
                found: "missing".into(),
            });
        }
    }
    let manifest: Manifest = parse_json(MANIFEST_FILE, bytes)?;
    check_manifest(&manifest, limits.max_entries).map_err(|problem| BundleError::Invalid {
        entry: MANIFEST_FILE.into(),
        problem,
    })?;
    Ok(manifest)
}

/// Every attempt and pack the manifest lists is in the zip, and nothing else is.
fn check_consistency(m: &Manifest, layout: &Layout) -> Result<(), BundleError> {
    let listed: BTreeSet<&String> = m.attempts.iter().collect();
    for uid in &m.attempts {
        if !layout.json.contains_key(uid) {
            return Err(missing(&format!("attempts/{uid}/{ATTEMPT_FILE}")));
        }
    }
    for uid in layout
        .json
        .keys()
        .chain(layout.wav.keys())
        .chain(layout.folders.iter())
    {
        if !listed.contains(uid) {
            return Err(BundleError::Inconsistent {
                problem: format!(
                    "attempts/{uid}/ is in the bundle but bundle.json does not list it"
                ),
            });
        }
    }
    for name in &m.packs {
        if !layout.packs.contains_key(name) {
            return Err(missing(&format!("packs/{name}")));
        }
    }
    let listed: BTreeSet<&String> = m.packs.iter().collect();
    for name in layout.packs.keys() {
        if !listed.contains(name) {
            return Err(BundleError::Inconsistent {
                problem: format!("packs/{name} is in the bundle but bundle.json does not list it"),
            });
        }
    }
    Ok(())
}

/// Parses JSON, turning serde's message into one that names the field: serde_json says what
/// was wrong and where (line, column) but not under which key, so the key is read from the
/// text just before the error.
fn parse_json<T: serde::de::DeserializeOwned>(entry: &str, bytes: &[u8]) -> Result<T, BundleError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        let detail = if e.is_data() && !msg.starts_with("missing field") {
            match field_near(bytes, e.line(), e.column()) {
                Some(key) => format!("field \"{key}\": {msg}"),
                None => msg,
            }
        } else if e.is_syntax() || e.is_eof() {
            format!("it is not valid JSON ({msg})")
        } else {
            msg
        };
        BundleError::Json {
            entry: entry.to_string(),
            detail,
        }
    })
}

/// The JSON key whose value ends at `line`:`column` (1-based, as serde_json reports them).
fn field_near(text: &[u8], line: usize, column: usize) -> Option<String> {
    let mut offset = 0;
    for _ in 1..line {
        offset += text.get(offset..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    let end = (offset + column).min(text.len());
    let before = &text[..end];
    // Walk back over `:`s until one follows a quoted key; a colon inside a string value is
    // skipped because no closing quote precedes it. Bounded, as the text is hostile.
    let mut upto = before.len();
    for _ in 0..64 {
        let colon = before[..upto].iter().rposition(|&b| b == b':')?;
        let head = before[..colon].trim_ascii_end();
        if let Some(inner) = head.strip_suffix(b"\"") {
            let open = inner.iter().rposition(|&b| b == b'"')?;
            let key = &inner[open + 1..];
            if !key.is_empty()
                && key.len() <= 64
                && key.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                return String::from_utf8(key.to_vec()).ok();
            }
        }
        upto = colon;
    }
    None
}

/// Streams a recording into `<staging>/<uid>/answer.wav` and checks it is a WAV file.
fn stage_wav<R: Read + Seek>(
    reader: &mut Reader<R>,
    index: usize,
    entry: &str,
    staging: &Path,
    uid: &str,
) -> Result<PathBuf, BundleError> {
    // `uid` passed is_uid (hex digits and hyphens), so this stays one level inside staging.
    let dir = staging.join(uid);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BundleError::StagingIo {
            path: path.clone(),
            source,
        }
    };
    std::fs::create_dir(&dir).map_err(io_err(&dir))?;
    let path = dir.join(ANSWER_FILE);
    // create_new: never open something already there (a link could lead outside staging).
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io_err(&path))?;
    let mut out = BufWriter::new(file);
    let cap = reader.limits.max_wav_bytes;
    reader.read_into(index, entry, cap, &mut out, io_err(&path))?;
    out.into_inner()
        .map_err(|e| io_err(&path)(e.into_error()))?;
    check_wav_file(&path, cap).map_err(|e| match e {
        WavProblem::Io(source) => BundleError::StagingIo {
            path: path.clone(),
            source,
        },
        WavProblem::Bad(detail) => BundleError::BadWav {
            entry: entry.to_string(),
            detail,
        },
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use serde_json::{Value, json};
    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::analysis::Word;
    use crate::sessions::test_support::attempt_from_words;

    const PACK_NAME: &str = "red-flags.toml";
    const PACK: &str = include_str!("../../prompts/red-flags.toml");
    const UID_A: &str = "0b6f9a52-3c1e-4d7a-9f43-6a2d8e1c5b70";
    const UID_B: &str = "d2c4e8f1-7a93-4b56-8e21-c0f5a9b3d647";

    const ANSWER_A: &str = "I failed my surgery shelf the first time, and that is on me. I studied \
        passively from slides instead of doing questions. Since then I built a daily question \
        routine, passed the retake with a 78, and I use the same habit on the wards now.";
    const ANSWER_B: &str = "On my medicine clerkship I, um, missed a potassium result overnight. \
        I told my senior right away, we repleted it, and since then I check every pending lab \
        before sign-out. It made me a more careful team member, and I think it will make me a \
        safer intern.";

    /// An attempt as the app makes one: real metrics, notes and score for a hand-written answer.
    fn attempt(uid: &str, id: &str, question_index: usize, answer: &str) -> Attempt {
        let pack = parse_pack(PACK_NAME, PACK, PackSource::Bundled(PACK_NAME)).unwrap();
        let words: Vec<Word> = answer
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word::new(w, 0.5 + i as f64 * 0.4, 0.5 + i as f64 * 0.4 + 0.3))
            .collect();
        let duration = words.last().unwrap().end + 0.5;
        let mut a = attempt_from_words(&pack.questions[question_index], words, duration);
        a.id = id.into();
        a.uid = uid.into();
        a.created_unix = 1_760_000_000;
        a
    }

    /// The attempt as the app holds it after loading it from disk. serde_json (without its
    /// `float_roundtrip` feature) may parse a float one unit in the last place off what it
    /// wrote, so a freshly computed attempt and its JSON copy can differ in the 17th digit;
    /// attempts in the library are always loaded from JSON, so that is the fair comparison.
    fn via_json(a: &Attempt) -> Attempt {
        serde_json::from_slice(&serde_json::to_vec_pretty(a).unwrap()).unwrap()
    }

    /// A short valid WAV: 0.25 s of a 440 Hz tone, 16 kHz mono.
    fn wav_bytes() -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..4_000 {
            let t = i as f64 / 16_000.0;
            w.write_sample(((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16)
                .unwrap();
        }
        w.finalize().unwrap();
        out.into_inner()
    }

    fn manifest(attempts: &[&str], packs: &[&str]) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            student: "Ana Student".into(),
            created_unix: 1_760_000_100,
            app_version: "0.1.0".into(),
            mock_id: Some("mock-1".into()),
            attempts: attempts.iter().map(|s| s.to_string()).collect(),
            packs: packs.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A change to a JSON entry, for tables of hostile values.
    type Edit = Box<dyn FnOnce(&mut Value)>;

    /// A bundle's entries as editable values, to build valid and hostile zips from.
    struct Parts {
        manifest: Value,
        attempts: Vec<(String, Value, Option<Vec<u8>>)>,
        packs: Vec<(String, Vec<u8>)>,
        extra: Vec<(String, Vec<u8>)>,
    }

    impl Parts {
        fn valid() -> Self {
            let mut a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
            a.recording = Some(PathBuf::from(ANSWER_FILE));
            Self {
                manifest: serde_json::to_value(manifest(&[UID_A], &[PACK_NAME])).unwrap(),
                attempts: vec![(
                    UID_A.into(),
                    serde_json::to_value(&a).unwrap(),
                    Some(wav_bytes()),
                )],
                packs: vec![(PACK_NAME.into(), PACK.as_bytes().to_vec())],
                extra: Vec::new(),
            }
        }

        fn entries(&self) -> Vec<(String, Vec<u8>)> {
            let mut out = vec![(
                MANIFEST_FILE.to_string(),
                serde_json::to_vec_pretty(&self.manifest).unwrap(),
            )];
            for (uid, a, wav) in &self.attempts {
                out.push((
                    format!("attempts/{uid}/attempt.json"),
                    serde_json::to_vec_pretty(a).unwrap(),
                ));
                if let Some(w) = wav {
                    out.push((format!("attempts/{uid}/answer.wav"), w.clone()));
                }
            }
            for (name, text) in &self.packs {
                out.push((format!("packs/{name}"), text.clone()));
            }
            out.extend(self.extra.iter().cloned());
            out
        }

        fn zip(&self) -> Vec<u8> {
            zip_of(&self.entries())
        }

        fn attempt(&mut self) -> &mut Value {
            &mut self.attempts[0].1
        }
    }

    fn opts() -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o644)
    }

    fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            z.start_file(name.as_str(), opts()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    /// Replaces every occurrence of `from` with `to` (same length), for names and header fields
    /// the zip writer refuses to produce.
    fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
        assert_eq!(from.len(), to.len());
        let mut hits = 0;
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
                hits += 1;
                i += from.len();
            } else {
                i += 1;
            }
        }
        // Once in the local header, once in the central directory.
        assert_eq!(hits, 2, "placeholder {:?}", String::from_utf8_lossy(from));
    }

    /// A valid bundle plus one entry whose raw name is `name`.
    fn with_raw_name(name: &[u8]) -> Vec<u8> {
        let placeholder: Vec<u8> = (0..name.len()).map(|i| b"QZ"[i % 2]).collect();
        let mut p = Parts::valid();
        p.extra.push((
            String::from_utf8(placeholder.clone()).unwrap(),
            b"x".to_vec(),
        ));
        let mut bytes = p.zip();
        patch(&mut bytes, &placeholder, name);
        bytes
    }

    /// Extracts `bytes` into a fresh staging folder and checks nothing was written beside it.
    fn try_extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, BundleError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.icbundle");
        std::fs::write(&path, bytes).unwrap();
        let staging = dir.path().join("staging");
        std::fs::create_dir(&staging).unwrap();
        let result = extract(&path, &staging, limits);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["in.icbundle", "staging"], "wrote outside staging");
        // Whatever was staged is a recording at <uid>/answer.wav.
        for e in std::fs::read_dir(&staging).unwrap() {
            let e = e.unwrap();
            assert!(is_uid(&e.file_name().to_string_lossy()));
            for f in std::fs::read_dir(e.path()).unwrap() {
                assert_eq!(f.unwrap().file_name(), ANSWER_FILE);
            }
        }
        result
    }

    fn refuse(bytes: &[u8]) -> BundleError {
        refuse_with(bytes, &Limits::default())
    }

    fn refuse_with(bytes: &[u8], limits: &Limits) -> BundleError {
        match try_extract(bytes, limits) {
            Ok(_) => panic!("a hostile bundle was accepted"),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("export it again")
                        || msg.contains("update interview-coach")
                        || msg.contains("fewer"),
                    "no advice in: {msg}"
                );
                e
            }
        }
    }

    // ----- round trip and writing -----

    #[test]
    fn round_trip_keeps_attempts_recordings_and_packs() {
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        let wav = wav_bytes();
        std::fs::write(&wav_path, &wav).unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let mut b = attempt(UID_B, "1760000500000-rf-repeated-rotation", 1, ANSWER_B);
        b.mock_id = Some("mock-1".into());
        let m = manifest(&[UID_A, UID_B], &[PACK_NAME]);
        let items = [
            ExportItem {
                attempt: &a,
                wav: Some(&wav_path),
            },
            ExportItem {
                attempt: &b,
                wav: None,
            },
        ];
        let packs = [PackFile {
            name: PACK_NAME.into(),
            text: PACK.into(),
        }];
        let out = dir.path().join("ana.icbundle");
        let n = write_bundle(&out, &m, &items, &packs).unwrap();
        assert_eq!(n, std::fs::metadata(&out).unwrap().len());

        let staging = dir.path().join("staging");
        std::fs::create_dir(&staging).unwrap();
        let x = extract(&out, &staging, &Limits::default()).unwrap();
        assert_eq!(x.manifest, m);
        assert_eq!(x.packs, packs);
        assert_eq!(x.attempts.len(), 2);
        let mut want_a = a.clone();
        want_a.recording = Some(PathBuf::from(ANSWER_FILE));
        assert_eq!(x.attempts[0].attempt, via_json(&want_a));
        assert_eq!(x.attempts[1].attempt, via_json(&b));
        let staged = x.attempts[0].wav.as_ref().unwrap();
        assert_eq!(staged, &staging.join(UID_A).join(ANSWER_FILE));
        assert_eq!(std::fs::read(staged).unwrap(), wav);
        assert_eq!(x.attempts[1].wav, None);
    }

    #[test]
    fn a_silent_recording_is_not_mistaken_for_a_bomb() {
        // 10 s of digital silence at 48 kHz stereo deflates about 1000:1 (see Limits::default);
        // stored, it passes the default ratio cap.
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("silence.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&wav_path, spec).unwrap();
        for _ in 0..48_000 * 2 * 10 {
            w.write_sample(0i16).unwrap();
        }
        w.finalize().unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        let items = [ExportItem {
            attempt: &a,
            wav: Some(&wav_path),
        }];
        write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap();
        let x = try_extract(&std::fs::read(&out).unwrap(), &Limits::default()).unwrap();
        assert!(x.attempts[0].wav.is_some());
    }

    #[test]
    fn written_recordings_are_stored_and_text_deflated() {
        // Stored recordings keep the ratio at 1, so silent recordings never look like bombs.
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        std::fs::write(&wav_path, wav_bytes()).unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        let items = [ExportItem {
            attempt: &a,
            wav: Some(&wav_path),
        }];
        write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap();
        let mut z = ZipArchive::new(File::open(&out).unwrap()).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(
            names,
            [
                MANIFEST_FILE.to_string(),
                format!("attempts/{UID_A}/attempt.json"),
                format!("attempts/{UID_A}/answer.wav"),
            ]
        );
        let wav = z.by_name(&format!("attempts/{UID_A}/answer.wav")).unwrap();
        assert_eq!(wav.compression(), CompressionMethod::Stored);
        assert_eq!(wav.unix_mode().map(|m| m & S_IFMT), Some(S_IFREG));
        drop(wav);
        assert_eq!(
            z.by_name(MANIFEST_FILE).unwrap().compression(),
            CompressionMethod::Deflated
        );
    }

    #[test]
    fn writing_leaves_no_temp_file_and_replaces_the_destination() {
        let dir = tempfile::tempdir().unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        std::fs::write(&out, b"an older export").unwrap();
        let items = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.icbundle"]);
        assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK");
    }

    #[test]
    fn a_failed_write_creates_nothing_and_keeps_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        let gone = dir.path().join("missing.wav");
        let items = [ExportItem {
            attempt: &a,
            wav: Some(&gone),
        }];
        let e = write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap_err();
        assert!(matches!(e, BundleError::ExportRead { .. }), "{e}");
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        // A bad WAV, a mismatched manifest and a bad pack: an existing file stays as it was.
        std::fs::write(&out, b"keep me").unwrap();
        let junk = dir.path().join("junk.wav");
        std::fs::write(&junk, b"RIFF but not really a wave file").unwrap();
        let bad_wav = [ExportItem {
            attempt: &a,
            wav: Some(&junk),
        }];
        let no_wav = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        let bad_pack = [PackFile {
            name: "broken.toml".into(),
            text: "[pack\nid = ".into(),
        }];
        for (m, items, packs) in [
            (manifest(&[UID_A], &[]), &bad_wav[..], &[][..]),
            (manifest(&[UID_B], &[]), &no_wav[..], &[][..]),
            (
                manifest(&[UID_A], &["broken.toml"]),
                &no_wav[..],
                &bad_pack[..],
            ),
        ] {
            let e = write_bundle(&out, &m, items, packs).unwrap_err();
            assert!(e.to_string().starts_with("cannot export"), "{e}");
            assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn the_writer_refuses_what_the_reader_would() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.icbundle");
        let mut a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        a.question_text = "x".repeat(MAX_QUESTION_CHARS + 1);
        let items = [ExportItem {
            attempt: &a,
            wav: None,
        }];
        let e = write_bundle(&out, &manifest(&[UID_A], &[]), &items, &[]).unwrap_err();
        assert!(e.to_string().contains("question_text"), "{e}");
        let mut m = manifest(&[], &[]);
        m.student = String::new();
        let e = write_bundle(&out, &m, &[], &[]).unwrap_err();
        assert!(e.to_string().contains("student"), "{e}");
        assert!(!out.exists());
    }

    // ----- damaged files -----

    fn valid_bundle_bytes() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        std::fs::write(&wav_path, wav_bytes()).unwrap();
        let a = attempt(UID_A, "1760000000000-rf-anything-to-explain", 0, ANSWER_A);
        let out = dir.path().join("out.icbundle");
        let items = [ExportItem {
            attempt: &a,
            wav: Some(&wav_path),
        }];
        let packs = [PackFile {
            name: PACK_NAME.into(),
            text: PACK.into(),
        }];
        write_bundle(&out, &manifest(&[UID_A], &[PACK_NAME]), &items, &packs).unwrap();
        std::fs::read(&out).unwrap()
    }

    #[test]
    fn the_test_bundles_are_valid() {
        try_extract(&valid_bundle_bytes(), &Limits::default()).unwrap();
        let x = try_extract(&Parts::valid().zip(), &Limits::default()).unwrap();
        assert_eq!(x.attempts.len(), 1);
    }

    #[test]
    fn empty_garbage_and_cut_files_are_damaged() {
        let valid = valid_bundle_bytes();
        let cases: [(&str, &[u8]); 5] = [
            ("empty", b""),
            ("text", b"Dear coach, here are my answers."),
            ("half", &valid[..valid.len() / 2]),
            ("last bytes cut", &valid[..valid.len() - 5]),
            ("only the start", &valid[..40]),
        ];
        for (what, bytes) in cases {
            let e = refuse(bytes);
            assert!(matches!(e, BundleError::Damaged { .. }), "{what}: {e}");
            assert!(
                e.to_string().contains("damaged or incomplete"),
                "{what}: {e}"
            );
        }
        assert!(refuse(b"").to_string().contains("empty"));
    }

    #[test]
    fn a_corrupted_entry_is_damaged() {
        let mut bytes = Parts::valid().zip();
        // Flip bytes in the middle of the pack's deflated data: the checksum no longer matches.
        let at = bytes.len() / 2;
        for b in &mut bytes[at..at + 8] {
            *b ^= 0x5a;
        }
        let e = refuse(&bytes);
        assert!(e.to_string().contains("damaged"), "{e}");
    }

    // ----- entry names -----

    #[test]
    fn hostile_names_are_refused() {
        let uid_upper = UID_A.to_uppercase();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"/etc/x".to_vec(), "absolute"),
            (b"C:\\x".to_vec(), "absolute"),
            (b"c:/x".to_vec(), "absolute"),
            (b"\\\\server\\share".to_vec(), "absolute"),
            (b"../x".to_vec(), ".."),
            (b"attempts/../../x".to_vec(), ".."),
            (format!("attempts/{UID_A}/../../../x").into_bytes(), ".."),
            (b"packs\\x.toml".to_vec(), "backslash"),
            (b"packs//x.toml".to_vec(), "empty path component"),
            (b"./bundle.json".to_vec(), "\".\""),
            (b"bundle.json\0.txt".to_vec(), "control"),
            (b"packs/x\x1b.toml".to_vec(), "control"),
            (b"packs/caf\xc3\xa9.toml".to_vec(), "ASCII"),
            (b"packs/\xff.toml".to_vec(), "ASCII"),
            (b"attempts/not-a-uuid/attempt.json".to_vec(), "UUID"),
            (
                format!("attempts/{uid_upper}/attempt.json").into_bytes(),
                "UUID",
            ),
            (b"attempts/x/extra.txt".to_vec(), "UUID"),
        ];
        for (name, problem) in cases {
            let e = refuse(&with_raw_name(&name));
            let shown_name = String::from_utf8_lossy(&name).into_owned();
            assert!(
                matches!(&e, BundleError::BadEntryName { problem: p, .. } if p.contains(problem)),
                "{shown_name:?}: {e}"
            );
        }
    }

    #[test]
    fn entries_outside_the_layout_are_refused_by_name() {
        for name in [
            "notes.txt".to_string(),
            "attempt.json".to_string(),
            "attempts/attempt.json".to_string(),
            format!("attempts/{UID_A}/answer.mp3"),
            format!("attempts/{UID_A}/sub/answer.wav"),
            "packs/run.sh".to_string(),
            "packs/a b.toml".to_string(),
            "packs/sub/x.toml".to_string(),
            "packs/CON.toml".to_string(),
            "bundle.json.bak".to_string(),
        ] {
            let mut p = Parts::valid();
            p.extra.push((name.clone(), b"x".to_vec()));
            let e = refuse(&p.zip());
            assert!(
                matches!(&e, BundleError::UnexpectedEntry { entry } if *entry == name),
                "{name}: {e}"
            );
            assert!(e.to_string().contains(&name));
        }
    }

    #[test]
    fn duplicate_names_are_refused() {
        let mut p = Parts::valid();
        p.extra.push(("bundle.jsoQ".into(), b"{}".to_vec()));
        let mut bytes = p.zip();
        patch(&mut bytes, b"bundle.jsoQ", b"bundle.json");
        let e = refuse(&bytes);
        assert!(
            matches!(&e, BundleError::DuplicateEntry { entry } if entry == MANIFEST_FILE),
            "{e}"
        );
    }

    #[test]
    fn pack_names_differing_only_in_case_are_refused() {
        let mut p = Parts::valid();
        p.packs
            .push(("Red-Flags.toml".into(), PACK.as_bytes().to_vec()));
        p.manifest["packs"] = json!([PACK_NAME, "Red-Flags.toml"]);
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::UnexpectedEntry { .. }), "{e}");
    }

    // ----- links, folders, special files, encryption -----

    #[test]
    fn symlinks_are_refused() {
        for name in [format!("attempts/{UID_A}/answer.wav"), "evil".to_string()] {
            let mut p = Parts::valid();
            p.attempts[0].2 = None;
            p.attempt()["recording"] = Value::Null;
            let mut entries = p.entries();
            let mut z = ZipWriter::new(Cursor::new(Vec::new()));
            for (n, d) in entries.drain(..) {
                z.start_file(n, opts()).unwrap();
                z.write_all(&d).unwrap();
            }
            z.add_symlink(name.as_str(), "/etc/passwd", opts()).unwrap();
            let bytes = z.finish().unwrap().into_inner();
            let e = refuse(&bytes);
            assert!(matches!(e, BundleError::Symlink { .. }), "{name}: {e}");
        }
    }

    fn with_entries(extra: impl FnOnce(&mut ZipWriter<Cursor<Vec<u8>>>)) -> Vec<u8> {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        for (n, d) in Parts::valid().entries() {
            z.start_file(n, opts()).unwrap();
            z.write_all(&d).unwrap();
        }
        extra(&mut z);
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn the_expected_folders_are_tolerated() {
        let bytes = with_entries(|z| {
            z.add_directory("attempts/", opts()).unwrap();
            z.add_directory(format!("attempts/{UID_A}/"), opts())
                .unwrap();
            z.add_directory("packs/", opts()).unwrap();
        });
        try_extract(&bytes, &Limits::default()).unwrap();
    }

    #[test]
    fn other_folders_and_special_files_are_refused() {
        for dir in [
            format!("attempts/{UID_A}/sub/"),
            "bundle.json/".to_string(),
            "other/".to_string(),
            format!("attempts/{UID_A}/answer.wav/"),
        ] {
            let bytes = with_entries(|z| z.add_directory(dir.as_str(), opts()).unwrap());
            let e = refuse(&bytes);
            assert!(
                matches!(e, BundleError::UnexpectedEntry { .. }),
                "{dir}: {e}"
            );
        }
        // A folder for an attempt the manifest does not list.
        let bytes = with_entries(|z| {
            z.add_directory(format!("attempts/{UID_B}/"), opts())
                .unwrap()
        });
        assert!(matches!(refuse(&bytes), BundleError::Inconsistent { .. }));

        // Files whose mode says folder, pipe or device, under names that are allowed.
        for (mode, kind) in [
            (0o040_755, "folder"),
            (0o010_644, "pipe"),
            (0o020_644, "device"),
        ] {
            let mut p = Parts::valid();
            p.packs.clear();
            p.manifest["packs"] = json!([]);
            let mut z = ZipWriter::new(Cursor::new(Vec::new()));
            for (n, d) in p.entries() {
                z.start_file(n, opts()).unwrap();
                z.write_all(&d).unwrap();
            }
            // unix_permissions() keeps only the permission bits; the type goes in the
            // external attributes' high half.
            z.start_file(
                format!("packs/{PACK_NAME}"),
                opts().external_attributes(mode << 16),
            )
            .unwrap();
            z.write_all(PACK.as_bytes()).unwrap();
            let e = refuse(&z.finish().unwrap().into_inner());
            assert!(
                matches!(&e, BundleError::NotAFile { kind: k, .. } if k.contains(kind)),
                "{mode:o}: {e}"
            );
        }
    }

    /// Offsets of every local and central header in a zip.
    fn headers(bytes: &[u8]) -> (Vec<usize>, Vec<usize>) {
        let find = |sig: &[u8]| -> Vec<usize> {
            bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == sig)
                .map(|(i, _)| i)
                .collect()
        };
        (find(b"PK\x03\x04"), find(b"PK\x01\x02"))
    }

    #[test]
    fn encrypted_entries_are_refused() {
        // The writer has no plain encryption without the unstable API, so set the flag by hand
        // on the first entry (bundle.json): general-purpose bit 0.
        let mut bytes = Parts::valid().zip();
        let (local, central) = headers(&bytes);
        bytes[local[0] + 6] |= 1;
        bytes[central[0] + 8] |= 1;
        let e = refuse(&bytes);
        assert!(
            matches!(&e, BundleError::Encrypted { entry } if entry == MANIFEST_FILE),
            "{e}"
        );
    }

    #[test]
    fn unknown_compression_is_refused() {
        let mut bytes = Parts::valid().zip();
        let (local, central) = headers(&bytes);
        // Method 12 is bzip2, which this build cannot read.
        bytes[local[0] + 8] = 12;
        bytes[central[0] + 10] = 12;
        let e = refuse(&bytes);
        assert!(
            matches!(e, BundleError::UnsupportedCompression { .. }),
            "{e}"
        );
    }

    #[test]
    fn overlapping_entries_are_refused() {
        let bytes = with_entries(|z| {
            z.shallow_copy_file(&format!("packs/{PACK_NAME}"), "packs/copy.toml")
                .unwrap();
        });
        assert!(matches!(refuse(&bytes), BundleError::Overlapping));
    }

    // ----- sizes -----

    #[test]
    fn too_many_entries_are_refused() {
        let limits = Limits {
            max_entries: 3,
            ..Limits::default()
        };
        let e = refuse_with(&Parts::valid().zip(), &limits);
        assert!(
            matches!(e, BundleError::TooManyEntries { found: 4, max: 3 }),
            "{e}"
        );
    }

    #[test]
    fn oversized_entries_are_refused() {
        let limits = Limits {
            max_json_bytes: 1_000,
            ..Limits::default()
        };
        let e = refuse_with(&Parts::valid().zip(), &limits);
        assert!(
            matches!(e, BundleError::EntryTooLarge { limit: 1_000, .. }),
            "{e}"
        );

        let limits = Limits {
            max_wav_bytes: 100,
            ..Limits::default()
        };
        let e = refuse_with(&Parts::valid().zip(), &limits);
        assert!(
            matches!(&e, BundleError::EntryTooLarge { entry, .. } if entry.ends_with("answer.wav")),
            "{e}"
        );

        let limits = Limits {
            max_total_bytes: 20_000,
            ..Limits::default()
        };
        let e = refuse_with(&Parts::valid().zip(), &limits);
        assert!(matches!(e, BundleError::TotalTooLarge { .. }), "{e}");
    }

    #[test]
    fn zip_bombs_are_refused_by_ratio() {
        // Valid JSON padded with spaces deflates several hundred to one.
        let p = Parts::valid();
        let mut json = serde_json::to_vec(&p.manifest).unwrap();
        json.extend(std::iter::repeat_n(b' ', 200_000));
        let mut entries = p.entries();
        entries[0].1 = json;
        let bytes = zip_of(&entries);
        let limits = Limits {
            max_ratio: 50,
            ..Limits::default()
        };
        let e = refuse_with(&bytes, &limits);
        assert!(
            matches!(&e, BundleError::Ratio { entry, max_ratio: 50 } if entry == MANIFEST_FILE),
            "{e}"
        );
        // With the default cap the same (harmless) padding is accepted.
        try_extract(&bytes, &Limits::default()).unwrap();
    }

    #[test]
    fn declared_sizes_are_not_trusted() {
        // The central directory and local header claim bundle.json unpacks to 10 bytes; the
        // data says otherwise, and reading stops at the claim and fails the checksum.
        let mut bytes = Parts::valid().zip();
        let (local, central) = headers(&bytes);
        bytes[local[0] + 22..local[0] + 26].copy_from_slice(&10u32.to_le_bytes());
        bytes[central[0] + 24..central[0] + 28].copy_from_slice(&10u32.to_le_bytes());
        let e = refuse(&bytes);
        assert!(matches!(e, BundleError::DamagedEntry { .. }), "{e}");
    }

    /// A reader over a one-entry zip, for exercising the caps on the bytes actually read.
    fn reader(data: &[u8], limits: Limits) -> Reader<Cursor<Vec<u8>>> {
        let bytes = zip_of(&[("e".to_string(), data.to_vec())]);
        Reader {
            zip: ZipArchive::new(Cursor::new(bytes)).unwrap(),
            limits,
            total: 0,
        }
    }

    fn noise(n: usize) -> Vec<u8> {
        let mut x: u32 = 0x1234_5678;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    fn caps_hold_while_reading() {
        let lenient = Limits::default();
        let data = noise(10_000);
        let sink_err = |e: io::Error| BundleError::StagingIo {
            path: PathBuf::new(),
            source: e,
        };

        // Exactly at the cap is fine; one byte over is not.
        let mut r = reader(&data, lenient);
        assert_eq!(
            r.read_into(0, "e", 10_000, &mut Vec::new(), sink_err)
                .unwrap(),
            10_000
        );
        let mut r = reader(&data, lenient);
        let mut out = Vec::new();
        let e = r.read_into(0, "e", 9_999, &mut out, sink_err).unwrap_err();
        assert!(
            matches!(e, BundleError::EntryTooLarge { limit: 9_999, .. }),
            "{e}"
        );
        assert_eq!(out.len(), 10_000, "stops one byte past the cap");

        // Ratio, on the bytes produced.
        let zeros = vec![0u8; 100_000];
        let mut r = reader(
            &zeros,
            Limits {
                max_ratio: 10,
                ..lenient
            },
        );
        let e = r
            .read_into(0, "e", u64::MAX, &mut Vec::new(), sink_err)
            .unwrap_err();
        assert!(matches!(e, BundleError::Ratio { max_ratio: 10, .. }), "{e}");

        // Total, across entries.
        let mut r = reader(
            &data,
            Limits {
                max_total_bytes: 15_000,
                ..lenient
            },
        );
        r.read_into(0, "e", u64::MAX, &mut Vec::new(), sink_err)
            .unwrap();
        let e = r
            .read_into(0, "e", u64::MAX, &mut Vec::new(), sink_err)
            .unwrap_err();
        assert!(
            matches!(e, BundleError::TotalTooLarge { limit: 15_000, .. }),
            "{e}"
        );
    }

    // ----- the manifest -----

    #[test]
    fn a_missing_manifest_is_refused() {
        let mut entries = Parts::valid().entries();
        entries.remove(0);
        assert!(matches!(
            refuse(&zip_of(&entries)),
            BundleError::MissingManifest
        ));
    }

    fn refuse_manifest(edit: impl FnOnce(&mut Value)) -> BundleError {
        let mut p = Parts::valid();
        edit(&mut p.manifest);
        refuse(&p.zip())
    }

    #[test]
    fn wrong_format_and_versions_are_refused() {
        let e = refuse_manifest(|m| m["format"] = json!("something-else"));
        assert!(matches!(e, BundleError::NotABundle { .. }), "{e}");
        let e = refuse_manifest(|m| {
            m.as_object_mut().unwrap().remove("format");
        });
        assert!(matches!(e, BundleError::NotABundle { .. }), "{e}");

        let e = refuse_manifest(|m| {
            m["version"] = json!(2);
            // A newer layout may change anything else; the version is still reported.
            m["attempts"] = json!({"new": "shape"});
        });
        assert!(matches!(e, BundleError::NewerVersion { version: 2 }), "{e}");
        assert!(e.to_string().contains("newer interview-coach"), "{e}");
        assert!(e.to_string().contains("update"), "{e}");

        for v in [json!(0), json!(-1), json!("1"), json!(1.5)] {
            let e = refuse_manifest(|m| m["version"] = v.clone());
            assert!(
                matches!(e, BundleError::UnsupportedVersion { .. }),
                "{v}: {e}"
            );
        }
    }

    #[test]
    fn wrong_types_name_the_field() {
        for (field, value) in [
            ("created_unix", json!("yesterday")),
            ("student", json!(42)),
            ("attempts", json!("all of them")),
            ("mock_id", json!(["a"])),
        ] {
            let e = refuse_manifest(|m| m[field] = value);
            assert!(matches!(e, BundleError::Json { .. }), "{field}: {e}");
            assert!(
                e.to_string().contains(&format!("\"{field}\"")),
                "{field}: {e}"
            );
        }
        let e = refuse_manifest(|m| {
            m.as_object_mut().unwrap().remove("student");
        });
        assert!(e.to_string().contains("student"), "{e}");

        let mut entries = Parts::valid().entries();
        entries[0].1 = b"{\"format\": \"interview-coach-bundle\", ".to_vec();
        let e = refuse(&zip_of(&entries));
        assert!(e.to_string().contains("not valid JSON"), "{e}");
    }

    #[test]
    fn bad_manifest_values_are_refused() {
        let cases: Vec<(&str, Edit)> = vec![
            ("student", Box::new(|m| m["student"] = json!(""))),
            ("student", Box::new(|m| m["student"] = json!("   "))),
            (
                "student",
                Box::new(|m| m["student"] = json!("x".repeat(101))),
            ),
            ("student", Box::new(|m| m["student"] = json!("Ana\u{0007}"))),
            (
                "student",
                Box::new(|m| m["student"] = json!("Ana\u{202E}tneduts")),
            ),
            ("mock_id", Box::new(|m| m["mock_id"] = json!(""))),
            (
                "attempts[0]",
                Box::new(|m| m["attempts"] = json!([UID_A.to_uppercase()])),
            ),
            ("twice", Box::new(|m| m["attempts"] = json!([UID_A, UID_A]))),
            ("packs[0]", Box::new(|m| m["packs"] = json!(["../x.toml"]))),
            (
                "app_version",
                Box::new(|m| m["app_version"] = json!("1\n2")),
            ),
        ];
        for (field, edit) in cases {
            let e = refuse_manifest(edit);
            assert!(
                matches!(&e, BundleError::Invalid { problem, .. } if problem.contains(field)),
                "{field}: {e}"
            );
        }
        // 100 characters, accents included, is fine.
        let mut p = Parts::valid();
        p.manifest["student"] = json!("é".repeat(100));
        try_extract(&p.zip(), &Limits::default()).unwrap();
    }

    #[test]
    fn manifest_and_entries_must_agree() {
        // Listed but absent.
        let e = refuse_manifest(|m| m["attempts"] = json!([UID_A, UID_B]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        assert!(e.to_string().contains(UID_B));
        let e = refuse_manifest(|m| m["packs"] = json!([PACK_NAME, "other.toml"]));
        assert!(e.to_string().contains("packs/other.toml"), "{e}");
        // Present but not listed.
        let e = refuse_manifest(|m| m["attempts"] = json!([]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        let e = refuse_manifest(|m| m["packs"] = json!([]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
    }

    // ----- attempts -----

    fn refuse_attempt(edit: impl FnOnce(&mut Value)) -> BundleError {
        let mut p = Parts::valid();
        edit(p.attempt());
        refuse(&p.zip())
    }

    #[test]
    fn bad_attempt_values_are_refused() {
        let long_words: Vec<Value> = (0..MAX_WORDS + 1)
            .map(|_| json!({"text": "a", "start": 0.0, "end": 0.0}))
            .collect();
        let cases: Vec<(&str, Edit)> = vec![
            ("uid", Box::new(|a| a["uid"] = json!(UID_B))),
            ("id", Box::new(|a| a["id"] = json!("../../etc"))),
            ("id", Box::new(|a| a["id"] = json!(""))),
            ("id", Box::new(|a| a["id"] = json!("a".repeat(201)))),
            (
                "question_id",
                Box::new(|a| a["question_id"] = json!("q\u{0000}")),
            ),
            (
                "question_text",
                Box::new(|a| a["question_text"] = json!("x".repeat(MAX_QUESTION_CHARS + 1))),
            ),
            (
                "transcript.text",
                Box::new(|a| {
                    a["report"]["transcript"]["text"] = json!("y".repeat(MAX_TRANSCRIPT_CHARS + 1))
                }),
            ),
            (
                "transcript.words",
                Box::new(move |a| a["report"]["transcript"]["words"] = json!(long_words)),
            ),
            (
                "transcript.words[0].start",
                Box::new(|a| a["report"]["transcript"]["words"][0]["start"] = json!(-0.5)),
            ),
            (
                "transcript.words[1]",
                Box::new(|a| a["report"]["transcript"]["words"][1]["start"] = json!(50.0)),
            ),
            (
                "metrics.duration_s",
                Box::new(|a| a["report"]["metrics"]["duration_s"] = json!(-3.0)),
            ),
            (
                "metrics.wpm",
                Box::new(|a| a["report"]["metrics"]["wpm"] = json!(1e300)),
            ),
            (
                "metrics.fillers[0]",
                Box::new(|a| {
                    a["report"]["metrics"]["fillers"] = json!([{
                        "text": "um", "start": 1.0, "end": 1.2,
                        "word_index": 5, "word_count": usize::MAX
                    }])
                }),
            ),
            (
                "score.overall",
                Box::new(|a| a["report"]["score"]["overall"] = json!(101)),
            ),
            (
                "score.dimensions.growth.score",
                Box::new(|a| a["report"]["score"]["dimensions"]["growth"]["score"] = json!(255)),
            ),
            (
                "score.timing.duration_s",
                Box::new(|a| a["report"]["score"]["timing"]["duration_s"] = json!(-1.0)),
            ),
            (
                "recording",
                Box::new(|a| a["recording"] = json!("../../x.wav")),
            ),
            (
                "recording",
                Box::new(|a| a["recording"] = json!("/home/ana/answer.wav")),
            ),
            (
                "student",
                Box::new(|a| a["student"] = json!("Someone Else")),
            ),
            ("mock_id", Box::new(|a| a["mock_id"] = json!("m\u{0008}"))),
        ];
        for (field, edit) in cases {
            let e = refuse_attempt(edit);
            assert!(
                matches!(&e, BundleError::Invalid { problem, entry } if problem.contains(field)
                    && entry.starts_with("attempts/")),
                "{field}: {e}"
            );
        }
    }

    #[test]
    fn attempt_type_errors_name_the_field() {
        for (field, edit) in [
            (
                "created_unix",
                Box::new(|a: &mut Value| a["created_unix"] = json!("yesterday")) as Edit,
            ),
            (
                "start",
                Box::new(|a: &mut Value| {
                    a["report"]["transcript"]["words"][2]["start"] = json!("soon")
                }),
            ),
            (
                "overall",
                Box::new(|a: &mut Value| a["report"]["score"]["overall"] = json!(300)),
            ),
        ] {
            let e = refuse_attempt(edit);
            assert!(matches!(e, BundleError::Json { .. }), "{field}: {e}");
            assert!(
                e.to_string().contains(&format!("\"{field}\"")),
                "{field}: {e}"
            );
        }
        // Numbers JSON cannot hold as f64 (1e999) are refused too.
        let mut entries = Parts::valid().entries();
        let text = String::from_utf8(entries[1].1.clone()).unwrap();
        let text = text.replacen("\"start\": 0.5", "\"start\": 1e999", 1);
        assert!(text.contains("1e999"));
        entries[1].1 = text.into_bytes();
        let e = refuse(&zip_of(&entries));
        assert!(matches!(e, BundleError::Json { .. }), "{e}");
    }

    #[test]
    fn recordings_must_match_the_record() {
        // Refers to a recording that is not there.
        let mut p = Parts::valid();
        p.attempts[0].2 = None;
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        // A recording the record does not mention.
        let mut p = Parts::valid();
        p.attempt()["recording"] = Value::Null;
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        // An attempt without a recording is fine.
        let mut p = Parts::valid();
        p.attempts[0].2 = None;
        p.attempt()["recording"] = Value::Null;
        let x = try_extract(&p.zip(), &Limits::default()).unwrap();
        assert_eq!(x.attempts[0].wav, None);
    }

    #[test]
    fn recordings_must_be_wav_files() {
        let mut truncated = wav_bytes();
        truncated.truncate(200);
        for (what, data) in [
            (
                "garbage",
                b"this is not audio at all, just text pretending".to_vec(),
            ),
            ("empty", Vec::new()),
            ("cut short", truncated),
        ] {
            let mut p = Parts::valid();
            p.attempts[0].2 = Some(data);
            let e = refuse(&p.zip());
            assert!(matches!(e, BundleError::BadWav { .. }), "{what}: {e}");
        }
    }

    // ----- packs -----

    #[test]
    fn packs_must_be_utf8_question_packs() {
        let mut p = Parts::valid();
        p.packs[0].1 = vec![0xff, 0xfe, b'x'];
        let e = refuse(&p.zip());
        assert!(e.to_string().contains("UTF-8"), "{e}");

        let mut p = Parts::valid();
        p.packs[0].1 = b"[pack]\nid = \"x\"\ntitle = 3\n".to_vec();
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::BadPack { .. }), "{e}");
        assert!(e.to_string().contains("packs/red-flags.toml:"), "{e}");
    }

    // ----- the staging folder -----

    #[test]
    fn staging_must_be_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.icbundle");
        std::fs::write(&path, Parts::valid().zip()).unwrap();
        std::fs::write(dir.path().join("file"), b"").unwrap();
        for staging in [
            dir.path().to_path_buf(),
            dir.path().join("file"),
            dir.path().join("nope"),
        ] {
            let e = extract(&path, &staging, &Limits::default()).unwrap_err();
            assert!(matches!(e, BundleError::Staging { .. }), "{e}");
        }
    }

    #[test]
    fn field_near_finds_the_key() {
        let text = b"{\n  \"a\": 1,\n  \"when\": \"yes:terday\"\n}";
        assert_eq!(field_near(text, 3, 21).as_deref(), Some("when"));
        assert_eq!(field_near(b"[1, 2]", 1, 3), None);
    }
}
