//! Where models live on disk, and which are installed.
//!
//! Models are looked for, in order, in `$INTERVIEW_COACH_MODELS_DIR` (when set), the user's data
//! directory (`~/.local/share/interview-coach/models` on Linux) and `models/` under the current
//! directory (handy in a source checkout). New models are installed into the first of these.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ModelError;
use super::manifest::{Manifest, ModelEntry};

/// Environment variable that overrides where models are installed and looked for first.
pub const MODELS_DIR_ENV: &str = "INTERVIEW_COACH_MODELS_DIR";

/// Environment variable that moves the whole data directory (settings, attempts, models), for a
/// portable install or a test run that must not touch the user's data.
pub const DATA_DIR_ENV: &str = "INTERVIEW_COACH_DATA_DIR";

/// The user's data directory for this app (`~/.local/share/interview-coach` on Linux), or
/// `$INTERVIEW_COACH_DATA_DIR` when set.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "interview-coach").map(|d| d.data_dir().to_path_buf())
}

/// The directory new models are installed into.
pub fn install_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(MODELS_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    data_dir()
        .map(|d| d.join("models"))
        .unwrap_or_else(|| PathBuf::from("models"))
}

/// Every directory searched for models, in order, without duplicates.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![install_dir()];
    if let Some(d) = data_dir() {
        dirs.push(d.join("models"));
    }
    dirs.push(PathBuf::from("models"));
    let mut seen = Vec::new();
    dirs.retain(|d| {
        let key = d.canonicalize().unwrap_or_else(|_| d.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    dirs
}

/// Where an installed model came from, saved beside it as `<file>.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    /// "download", "converted" or "imported".
    pub source: String,
    /// The address, package names or path it came from.
    pub origin: String,
    /// SHA-256 of the installed file.
    pub sha256: String,
}

impl Provenance {
    /// The sidecar path for a model file.
    pub fn path_for(model: &Path) -> PathBuf {
        let mut s = model.as_os_str().to_owned();
        s.push(".json");
        PathBuf::from(s)
    }

    /// Reads the sidecar of a model file, if there is a readable one.
    pub fn load(model: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(Self::path_for(model)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the sidecar next to the model.
    pub fn save(&self, model: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(Self::path_for(model), text)
    }
}

/// A model found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct InstalledModel {
    /// Manifest name, or the file stem for models that are not in the manifest.
    pub name: String,
    /// Full path to the ggml file.
    pub path: PathBuf,
    /// File size in bytes.
    pub size: u64,
    /// Where it came from, when known.
    pub provenance: Option<Provenance>,
}

/// Name for a ggml file that is not in the manifest: "ggml-foo.bin" -> "foo".
fn name_from_file(file: &str) -> String {
    let stem = file.strip_suffix(".bin").unwrap_or(file);
    stem.strip_prefix("ggml-").unwrap_or(stem).to_string()
}

/// All ggml model files in the search directories. The first directory wins when the same file
/// is in several.
pub fn installed(manifest: &Manifest) -> Vec<InstalledModel> {
    installed_in(manifest, &search_dirs())
}

/// All ggml model files in `dirs` (the app's own models folder, or the search directories). The
/// first directory wins when the same file is in several.
pub fn installed_in(manifest: &Manifest, dirs: &[PathBuf]) -> Vec<InstalledModel> {
    let mut out: Vec<InstalledModel> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin") && p.is_file())
            .collect();
        files.sort();
        for path in files {
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            let name = manifest
                .find(&file)
                .map(|m| m.name.clone())
                .unwrap_or_else(|| name_from_file(&file));
            if out.iter().any(|m| m.name == name) {
                continue;
            }
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            out.push(InstalledModel {
                name,
                provenance: Provenance::load(&path),
                path,
                size,
            });
        }
    }
    out
}

/// Deletes an installed model file and its provenance sidecar (a missing sidecar is fine: models
/// installed by older versions have none).
pub fn remove(model: &Path) -> Result<(), ModelError> {
    std::fs::remove_file(model).map_err(|source| ModelError::Io {
        path: model.to_path_buf(),
        source,
    })?;
    let _ = std::fs::remove_file(Provenance::path_for(model));
    Ok(())
}

/// Finds a model by manifest name, file name, or path to a file.
pub fn locate(manifest: &Manifest, name_or_path: &str) -> Option<PathBuf> {
    let as_path = Path::new(name_or_path);
    if as_path.is_file() {
        return Some(as_path.to_path_buf());
    }
    let file = manifest
        .find(name_or_path)
        .map(|m: &ModelEntry| m.file.clone())
        .unwrap_or_else(|| format!("ggml-{name_or_path}.bin"));
    search_dirs()
        .into_iter()
        .map(|d| d.join(&file))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_unlisted_files() {
        assert_eq!(name_from_file("ggml-medium.en.bin"), "medium.en");
        assert_eq!(name_from_file("custom.bin"), "custom");
    }

    #[test]
    fn models_are_listed_in_a_folder_and_removed_with_their_sidecar() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = Manifest::builtin().unwrap();
        let entry = &manifest.models[0];
        let model = dir.path().join(&entry.file);
        std::fs::write(&model, b"not really a model").unwrap();
        std::fs::write(dir.path().join("ggml-custom.bin"), b"x").unwrap();
        Provenance::default().save(&model).unwrap();
        let found = installed_in(&manifest, &[dir.path().to_path_buf()]);
        let names: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
        assert!(names.contains(&entry.name.as_str()), "{names:?}");
        assert!(names.contains(&"custom"), "{names:?}");
        remove(&model).unwrap();
        assert!(!model.exists());
        assert!(!Provenance::path_for(&model).exists());
        assert!(matches!(remove(&model), Err(ModelError::Io { .. })));
    }

    #[test]
    fn provenance_sidecar_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("ggml-x.bin");
        let p = Provenance {
            source: "converted".into(),
            origin: "pkg==1".into(),
            sha256: "ab".into(),
        };
        p.save(&model).unwrap();
        assert_eq!(Provenance::load(&model), Some(p));
        assert_eq!(
            Provenance::path_for(&model),
            dir.path().join("ggml-x.bin.json")
        );
    }
}
