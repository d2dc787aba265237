//! Resumable, verified, cancellable downloads.
//!
//! Bytes go to `<dest>.partial`. An interrupted download (a cut connection, Ctrl-C) leaves that
//! file in place and the next attempt asks the server for the rest with an HTTP `Range` request.
//! Only a file whose SHA-256 matches is renamed to `dest`, so a model file that exists is always
//! complete: a half-written or corrupt model can never be picked up by the transcriber.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// Why a download did not produce a verified file.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The server could not be reached or the connection dropped. The partial file is kept.
    #[error(
        "could not download {url}: {detail}. What was received is kept in {partial}; run the same command again to resume."
    )]
    Network {
        /// The address.
        url: String,
        /// What failed.
        detail: String,
        /// The partial file.
        partial: PathBuf,
    },
    /// The server answered with an error status.
    #[error(
        "the server refused {url} with HTTP {status}. Check the address in models/manifest.toml or try again later."
    )]
    Status {
        /// The address.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The finished file does not have the expected hash. It has been deleted.
    #[error(
        "{url} downloaded, but its SHA-256 is {actual}, not {expected}. The file was deleted; run the install again (the server or a proxy may have sent a wrong file)."
    )]
    HashMismatch {
        /// The address.
        url: String,
        /// Expected hash.
        expected: String,
        /// Hash of what arrived.
        actual: String,
    },
    /// The user cancelled. The partial file is kept for resuming.
    #[error("download cancelled; {partial} is kept and the next install resumes from it")]
    Cancelled {
        /// The partial file.
        partial: PathBuf,
    },
    /// A local file could not be written.
    #[error("cannot write {path}: {source}. Check free disk space and permissions.")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Progress of a transfer: bytes present so far (including resumed ones) and the total if known.
pub type ProgressFn<'a> = dyn FnMut(u64, Option<u64>) + 'a;

/// The `.partial` path used while downloading to `dest`.
pub fn partial_path(dest: &Path) -> PathBuf {
    let mut s = dest.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

/// Lower-case hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(to_hex(&hasher.finalize()))
}

/// Lower-case hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Options for [`download`].
#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// How many times a dropped connection is resumed automatically before giving up.
    pub retries: u32,
    /// Connect timeout; a host that does not answer in this time counts as unreachable.
    pub connect_timeout: Duration,
    /// Longest silence while receiving before the connection counts as dropped.
    pub read_timeout: Duration,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        Self {
            retries: 3,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
        }
    }
}

/// Downloads `url` to `dest`, resuming any `.partial` file, and verifies its SHA-256.
///
/// A dropped connection is resumed automatically up to `options.retries` times. When `cancel`
/// becomes true the transfer stops between chunks and the partial file is kept.
pub fn download(
    url: &str,
    dest: &Path,
    expected_sha256: &str,
    options: &DownloadOptions,
    progress: &mut ProgressFn<'_>,
    cancel: &AtomicBool,
) -> Result<(), DownloadError> {
    let partial = partial_path(dest);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DownloadError::Io { path, source }
    };
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(options.connect_timeout))
        .timeout_per_read(Some(options.read_timeout))
        .build()
        .into();

    let mut attempt = 0;
    loop {
        match fetch_once(&agent, url, &partial, progress, cancel) {
            Ok(()) => break,
            Err(DownloadError::Network { .. }) if attempt < options.retries => {
                attempt += 1;
                // A short, growing wait: most cuts are momentary.
                std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
            }
            Err(e) => return Err(e),
        }
    }

    let actual = sha256_file(&partial).map_err(io_err(&partial))?;
    if !actual.eq_ignore_ascii_case(expected_sha256) {
        // A wrong file is useless for resuming too: start clean next time.
        let _ = std::fs::remove_file(&partial);
        return Err(DownloadError::HashMismatch {
            url: url.to_string(),
            expected: expected_sha256.to_string(),
            actual,
        });
    }
    std::fs::rename(&partial, dest).map_err(io_err(dest))?;
    Ok(())
}

/// One HTTP request: fetches what is missing from the partial file.
fn fetch_once(
    agent: &ureq::Agent,
    url: &str,
    partial: &Path,
    progress: &mut ProgressFn<'_>,
    cancel: &AtomicBool,
) -> Result<(), DownloadError> {
    let network = |detail: String| DownloadError::Network {
        url: url.to_string(),
        detail,
        partial: partial.to_path_buf(),
    };
    let have = std::fs::metadata(partial).map(|m| m.len()).unwrap_or(0);
    let mut request = agent.get(url);
    if have > 0 {
        request = request.header("Range", format!("bytes={have}-"));
    }
    let response = request.call().map_err(|e| network(e.to_string()))?;
    let status = response.status().as_u16();
    let content_length = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (mut file, start, total) = match status {
        206 => {
            let f = OpenOptions::new()
                .append(true)
                .open(partial)
                .map_err(|source| DownloadError::Io {
                    path: partial.to_path_buf(),
                    source,
                })?;
            (f, have, content_length.map(|n| n + have))
        }
        200 => {
            // The server ignored the range (or there was none): start from the beginning.
            let f = File::create(partial).map_err(|source| DownloadError::Io {
                path: partial.to_path_buf(),
                source,
            })?;
            (f, 0, content_length)
        }
        // Nothing left to send: the partial file already holds the whole body.
        416 if have > 0 => return Ok(()),
        other => {
            return Err(DownloadError::Status {
                url: url.to_string(),
                status: other,
            });
        }
    };
    let mut reader = response
        .into_body()
        .into_with_config()
        .limit(u64::MAX)
        .reader();
    let mut buf = vec![0u8; 1 << 16];
    let mut done = start;
    progress(done, total);
    loop {
        if cancel.load(Ordering::Relaxed) {
            let _ = file.sync_all();
            return Err(DownloadError::Cancelled {
                partial: partial.to_path_buf(),
            });
        }
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let _ = file.sync_all();
                return Err(network(e.to_string()));
            }
        };
        file.write_all(&buf[..n])
            .map_err(|source| DownloadError::Io {
                path: partial.to_path_buf(),
                source,
            })?;
        done += n as u64;
        progress(done, total);
    }
    file.sync_all().map_err(|source| DownloadError::Io {
        path: partial.to_path_buf(),
        source,
    })?;
    if let Some(t) = total
        && done < t
    {
        return Err(network(format!(
            "connection closed after {done} of {t} bytes"
        )));
    }
    Ok(())
}
