//! Checking a model file before it is used: that it is the file that was installed, that its
//! header describes a real Whisper model and that its weights are numbers.
//!
//! # When the file is hashed
//!
//! Hashing tiny.en takes a fraction of a second, large models several seconds, so the full
//! check (one read of the file: SHA-256, the layout, the header against the known Whisper shapes
//! and every f32/f16 weight for NaN or infinity) runs when a model is loaded for the first time,
//! and again whenever the file's size or modification time differ from those recorded at the
//! last full check. The record is kept in the install sidecar (`<file>.json`, see
//! [`Provenance`]) under `verified`, next to the hash recorded at install, which for a download
//! is the manifest's hash and for a converted model the converted result's. Later loads of an
//! unchanged file cost a `stat` plus the header check. A file that changed in place keeps its
//! size but not its modification time, so it is hashed again. Files without an install record
//! are hashed on every load, so a report never names a hash the loaded file does not have.
//!
//! What a file is expected to hash to: the hash in its install record; without a record, the
//! manifest's hash (or its converted hash) when the file carries a manifest model's file name;
//! otherwise nothing, and the file is only checked for layout, shape and finite weights.

use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::ModelError;
use super::ggml::{GgmlInfo, inspect_whisper_model, verify_ggml_contents};
use super::manifest::Manifest;
use super::store::Provenance;

/// Size and modification time of a model file at its last full check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, whole seconds since 1970.
    pub modified_s: u64,
    /// Modification time, nanoseconds within the second.
    pub modified_ns: u32,
}

impl FileStamp {
    /// The stamp of the file as it is now.
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        let since = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Ok(Self {
            size: meta.len(),
            modified_s: since.as_secs(),
            modified_ns: since.subsec_nanos(),
        })
    }
}

/// The install sidecar as this module reads and writes it: the install record and, once
/// checked, the stamp. Other readers of the sidecar ignore the extra field, and a new install
/// rewrites the sidecar without it, which forces a fresh check.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Record {
    #[serde(flatten)]
    provenance: Provenance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verified: Option<FileStamp>,
}

impl Record {
    fn load(model: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(Provenance::path_for(model)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the sidecar through a temporary file, so that a concurrent reader never sees half
    /// of it. Failure (a read-only models folder) only means the next load hashes again.
    fn save(&self, model: &Path) {
        let path = Provenance::path_for(model);
        let Some(dir) = path.parent() else {
            return;
        };
        let Ok(text) = serde_json::to_string_pretty(self) else {
            return;
        };
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        if std::io::Write::write_all(&mut tmp, text.as_bytes()).is_ok() {
            let _ = tmp.persist(&path);
        }
    }
}

/// A model file that passed [`verify_model`].
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedModel {
    /// The layout from the header.
    pub info: GgmlInfo,
    /// SHA-256 of the file as it is on disk now, lower-case hex.
    pub sha256: String,
    /// The name to reinstall it under, for messages.
    pub name: String,
}

/// Checks a model file before use, hashing it only when needed (see the module documentation).
pub fn verify_model(path: &Path, manifest: &Manifest) -> Result<VerifiedModel, ModelError> {
    let io_err = |source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let entry = manifest.find(&file_name).filter(|e| e.file == file_name);
    let record = Record::load(path);
    let stamp = FileStamp::of(path).map_err(io_err)?;
    // The layout and header first: they cost milliseconds and catch most damage before the
    // whole file is read.
    let info = inspect_whisper_model(path)?;
    if let Some(r) = record
        .as_ref()
        .filter(|r| r.verified == Some(stamp) && is_sha256(&r.provenance.sha256))
    {
        let name = entry.map_or_else(|| info.name(), |e| e.name.clone());
        return Ok(VerifiedModel {
            sha256: r.provenance.sha256.to_ascii_lowercase(),
            info,
            name,
        });
    }
    let contents = verify_ggml_contents(path)?;
    let name = entry.map_or_else(|| contents.info.name(), |e| e.name.clone());
    let expected: Vec<&str> = match &record {
        Some(r) if is_sha256(&r.provenance.sha256) => vec![r.provenance.sha256.as_str()],
        _ => entry
            .map(|e| {
                let mut v = vec![e.sha256.as_str()];
                if let Some(o) = e
                    .offline
                    .as_ref()
                    .filter(|o| !o.converted_sha256.is_empty())
                {
                    v.push(o.converted_sha256.as_str());
                }
                v
            })
            .unwrap_or_default(),
    };
    if !expected.is_empty()
        && !expected
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&contents.sha256))
    {
        return Err(ModelError::Damaged {
            path: path.to_path_buf(),
            name,
            detail: format!(
                "its SHA-256 is {}, but {} was installed",
                contents.sha256,
                expected.join(" or ")
            ),
        });
    }
    if let Some(mut r) = record {
        // Stamp only when the file did not change while it was read.
        if FileStamp::of(path).ok() == Some(stamp) {
            r.verified = Some(stamp);
            r.save(path);
        }
    }
    Ok(VerifiedModel {
        info: contents.info,
        sha256: contents.sha256,
        name,
    })
}

/// Whether `s` looks like a SHA-256 in hex (an install record may hold anything).
fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_kept_beside_the_install_record() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("ggml-x.bin");
        std::fs::write(&model, b"x").unwrap();
        let p = Provenance {
            source: "download".into(),
            origin: "u".into(),
            sha256: "ab".into(),
        };
        p.save(&model).unwrap();
        let stamp = FileStamp::of(&model).unwrap();
        Record {
            provenance: p.clone(),
            verified: Some(stamp),
        }
        .save(&model);
        // The store still reads the record, and this module reads the stamp back.
        assert_eq!(Provenance::load(&model), Some(p));
        assert_eq!(Record::load(&model).unwrap().verified, Some(stamp));
    }
}
