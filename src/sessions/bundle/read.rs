//! Reading a bundle from someone else: the zip is treated as hostile and unpacked into a
//! staging folder only after every entry name, size and value has been checked.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zip::{CompressionMethod, ZipArchive, ZipReadOptions};

use super::checks::{check_attempt, check_manifest};
use super::{
    BundleError, CopyError, Extracted, ExtractedAttempt, FORMAT, Limits, MANIFEST_FILE,
    MAX_ENTRY_NAME_BYTES, Manifest, PackFile, VERSION, WavProblem, check_wav_file, copy_chunks,
};
use crate::bank::{PackSource, parse_pack};
use crate::format::clip;
use crate::sessions::validate::{check_pack_name, is_uid, quoted};
use crate::sessions::{ANSWER_FILE, ATTEMPT_FILE, Attempt};

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

/// Longest entry name shown in a message, in characters (escapes included).
const MAX_SHOWN_CHARS: usize = 120;

/// The name for messages: escaped and clipped.
fn shown(raw: &[u8]) -> String {
    // One character past the cap is enough for `clip` to see that something was cut.
    let escaped: String = String::from_utf8_lossy(raw)
        .escape_debug()
        .take(MAX_SHOWN_CHARS + 1)
        .collect();
    clip(&escaped, MAX_SHOWN_CHARS)
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
    if raw.len() > MAX_ENTRY_NAME_BYTES {
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
pub(super) const S_IFMT: u32 = 0o170_000;
pub(super) const S_IFREG: u32 = 0o100_000;
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
    // Regular files only: a named pipe given as a bundle would block the open.
    let file = crate::user_file::open_regular(bundle).map_err(|e| match e {
        crate::user_file::UserFileError::Io(source) => open_err(source),
        other => open_err(io::Error::other(other)),
    })?;
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
            problem: problem.to_string(),
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
                found: quoted(&other.to_string()),
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
                    found: quoted(&v.to_string()),
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
        problem: problem.to_string(),
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
    use zip::ZipWriter;

    use super::super::test_support::*;
    use super::*;

    // ----- damaged files -----

    fn valid_bundle_bytes() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let wav_path = dir.path().join("a.wav");
        std::fs::write(&wav_path, wav_bytes()).unwrap();
        let packs = [PackFile {
            name: PACK_NAME.into(),
            text: PACK.into(),
        }];
        std::fs::read(write_attempt_a(dir.path(), Some(&wav_path), &packs)).unwrap()
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 128,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// A valid bundle with bytes changed anywhere and cut anywhere: an error or a checked
        /// extraction, never a panic, and nothing written outside staging (`try_extract`
        /// checks that).
        #[test]
        fn a_mutated_bundle_is_refused_or_extracted_never_a_panic(
            flips in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<u8>()), 0..12),
            cut in proptest::option::of(0.0f64..1.0),
        ) {
            let mut bytes = Parts::valid().zip();
            crate::user_file::mutate(&mut bytes, &flips, cut);
            let _ = try_extract(&bytes, &Limits::default());
        }
    }
}
