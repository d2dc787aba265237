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

mod checks;
mod read;
#[cfg(test)]
mod test_support;
mod write;

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Attempt;
use super::validate::MAX_SECONDS;
use crate::bank::PackError;

pub use read::extract;
pub use write::write_bundle;

/// File extension of bundles (without the dot).
pub const BUNDLE_EXTENSION: &str = "icbundle";
/// Value of [`Manifest::format`]: tells a bundle from any other zip file.
pub const FORMAT: &str = "interview-coach-bundle";
/// The bundle layout version this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// Name of the manifest entry.
pub const MANIFEST_FILE: &str = "bundle.json";
/// Longest entry name accepted, in bytes (the longest real one is 55).
const MAX_ENTRY_NAME_BYTES: usize = 255;

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

// ----- shared by the writer and the reader -----

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
