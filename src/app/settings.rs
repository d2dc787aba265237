//! The app's saved settings: devices, model, thresholds, preparation time.
//!
//! Stored as JSON in the data directory with a schema version; unknown or missing fields fall back
//! to defaults (`#[serde(default)]`), and writes go to a temporary file that is renamed into place
//! so a crash never leaves half a settings file.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analysis::MetricSettings;

/// Version of the settings layout.
pub const SETTINGS_VERSION: u32 = 1;

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// Layout version, [`SETTINGS_VERSION`].
    pub schema_version: u32,
    /// Chosen microphone by name; `None` for the system default.
    pub input_device: Option<String>,
    /// Chosen speaker by name; `None` for the system default.
    pub output_device: Option<String>,
    /// Whisper model name (see `models/manifest.toml`).
    pub model: String,
    /// Delivery thresholds.
    pub metrics: MetricSettings,
    /// Seconds to think before recording starts (0 to start at once).
    pub prep_seconds: u32,
    /// CPU threads for transcription.
    pub threads: usize,
    /// Help Whisper write fillers: the filler prompt and the filler-token bias.
    pub filler_prompt: bool,
    /// "light", "dark", or "system" (follow the desktop).
    pub theme: String,
    /// The user's name: who a bundle's attempts are from, or who wrote a coach's comments.
    pub name: String,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            schema_version: SETTINGS_VERSION,
            input_device: None,
            output_device: None,
            model: "tiny.en".into(),
            metrics: MetricSettings::default(),
            prep_seconds: 0,
            threads: crate::transcribe::default_threads(),
            filler_prompt: true,
            theme: "system".into(),
            name: String::new(),
        }
    }
}

impl AppSettings {
    /// The egui theme preference for [`Self::theme`].
    pub fn theme_preference(&self) -> egui::ThemePreference {
        match self.theme.as_str() {
            "light" => egui::ThemePreference::Light,
            "dark" => egui::ThemePreference::Dark,
            _ => egui::ThemePreference::System,
        }
    }

    /// Reads settings; a missing file gives defaults, a damaged one gives defaults and a message.
    pub fn load(path: &Path) -> (Self, Option<String>) {
        match std::fs::read_to_string(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Self::default(), None),
            Err(e) => (
                Self::default(),
                Some(format!(
                    "could not read settings {}: {e}; using defaults",
                    path.display()
                )),
            ),
            Ok(text) => match serde_json::from_str(&text) {
                Ok(s) => (s, None),
                Err(e) => (
                    Self::default(),
                    Some(format!(
                        "settings file {} is damaged ({e}); using defaults",
                        path.display()
                    )),
                ),
            },
        }
    }

    /// Writes settings atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_atomic(
            path,
            &serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )
    }
}

pub use crate::sessions::write_atomic;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(AppSettings::load(&path), (AppSettings::default(), None));
        let mut s = AppSettings {
            prep_seconds: 15,
            ..AppSettings::default()
        };
        s.metrics.pause_threshold_s = 2.0;
        s.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path).0, s);
        std::fs::write(&path, "{ not json").unwrap();
        let (d, msg) = AppSettings::load(&path);
        assert_eq!(d, AppSettings::default());
        assert!(msg.unwrap().contains("damaged"));
        // Fields added in later versions default when an older file lacks them.
        std::fs::write(&path, r#"{"prep_seconds": 5}"#).unwrap();
        let (s, _) = AppSettings::load(&path);
        assert_eq!(s.prep_seconds, 5);
        assert_eq!(s.model, "tiny.en");
    }
}
