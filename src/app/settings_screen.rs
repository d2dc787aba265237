//! The settings screen: the speech model (install, remove, choose), microphone and speaker,
//! delivery thresholds, preparation time, recogniser options and theme. The values themselves
//! and their saving are in [`super::settings`].

use std::path::Path;

use egui::RichText;

use super::settings::AppSettings;
use crate::audio::devices::DeviceInfo;
use crate::models::manifest::Manifest;
use crate::models::store::InstalledModel;

/// Microphones and speakers, listed on demand (listing probes the sound system).
#[derive(Debug, Clone, Default)]
pub(super) struct Devices {
    /// Microphones.
    pub(super) inputs: Vec<DeviceInfo>,
    /// Speakers.
    pub(super) outputs: Vec<DeviceInfo>,
}

/// What the settings screen asked the app for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum SettingsAction {
    /// List the sound devices again.
    RefreshDevices,
    /// Install a model by name.
    Install(String),
    /// Remove an installed model by name.
    Remove(String),
    /// The settings changed: save them (and look for the chosen model when `model` is set, and
    /// apply the theme when `theme` is set).
    Changed {
        /// The chosen model changed.
        model: bool,
        /// The theme changed.
        theme: bool,
    },
}

/// What the settings screen draws with, owned by the app.
pub(super) struct SettingsView<'a> {
    /// The settings being edited.
    pub(super) settings: &'a mut AppSettings,
    /// Sound devices, when listed.
    pub(super) devices: Option<&'a Devices>,
    /// The model list.
    pub(super) manifest: &'a Manifest,
    /// The models on disk.
    pub(super) installed: &'a [InstalledModel],
    /// A model file used instead of the chosen model.
    pub(super) model_override: Option<&'a Path>,
    /// Whether a model is being installed.
    pub(super) installing: bool,
}

/// The settings screen. It keeps no state of its own: everything it shows is saved settings or
/// lists the app owns.
#[derive(Debug, Default)]
pub(super) struct SettingsScreen;

impl SettingsScreen {
    /// Draws the screen; returns what the app must do.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, view: SettingsView<'_>) -> Vec<SettingsAction> {
        let mut actions = Vec::new();
        let SettingsView {
            settings,
            devices,
            manifest,
            installed,
            model_override,
            installing,
        } = view;
        let models = ModelsView {
            manifest,
            installed,
            model_override,
            installing,
        };
        egui::CentralPanel::default().show(ui, |ui| {
            let before = settings.clone();
            ui.heading("Settings");
            ui.add_space(8.0);
            ui.label(RichText::new("Speech model").strong());
            if let Some(action) = models_ui(ui, &models, &mut settings.model) {
                actions.push(action);
            }
            ui.add_space(12.0);
            ui.label(RichText::new("Microphone and speaker").strong());
            if devices.is_none() || ui.button("Refresh devices").clicked() {
                actions.push(SettingsAction::RefreshDevices);
            }
            if let Some(devices) = devices {
                if devices.inputs.is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "No microphone found. Plug one in (or allow access to it) and press Refresh devices.",
                    );
                }
                device_combo(ui, "Microphone", &devices.inputs, &mut settings.input_device);
                device_combo(ui, "Speaker", &devices.outputs, &mut settings.output_device);
            }
            ui.add_space(12.0);
            ui.label(RichText::new("Delivery thresholds").strong());
            thresholds_ui(ui, settings);
            ui.checkbox(
                &mut settings.filler_prompt,
                "Help Whisper keep \"um\" and \"uh\" (filler prompt and token bias)",
            );
            ui.horizontal(|ui| {
                ui.label("Theme");
                for (value, label) in [("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")] {
                    ui.radio_value(&mut settings.theme, value.to_string(), label);
                }
            });
            if ui.button("Restore defaults").clicked() {
                *settings = AppSettings::default();
            }
            if *settings != before {
                actions.push(SettingsAction::Changed {
                    model: settings.model != before.model,
                    theme: settings.theme != before.theme,
                });
            }
        });
        actions
    }
}

/// The model list's part of the view.
struct ModelsView<'a> {
    manifest: &'a Manifest,
    installed: &'a [InstalledModel],
    model_override: Option<&'a Path>,
    installing: bool,
}

/// The model list: which are installed, which one is used, install (with progress and cancel,
/// in the status bar) and remove.
fn models_ui(
    ui: &mut egui::Ui,
    view: &ModelsView<'_>,
    chosen: &mut String,
) -> Option<SettingsAction> {
    if let Some(p) = view.model_override {
        ui.label(format!("Using the model file {}", p.display()));
    }
    let mut action = None;
    egui::Grid::new("models")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for entry in &view.manifest.models {
                let here = view.installed.iter().find(|m| m.name == entry.name);
                ui.radio_value(chosen, entry.name.clone(), &entry.name)
                    .on_hover_text("Use this model");
                ui.label(&entry.description);
                match here {
                    Some(m) => {
                        ui.label(format!("installed, {:.0} MB", m.size as f64 / 1e6));
                        if ui.button(format!("Remove {}", entry.name)).clicked() {
                            action = Some(SettingsAction::Remove(entry.name.clone()));
                        }
                    }
                    None => {
                        ui.label("not installed");
                        if ui
                            .add_enabled(
                                !view.installing,
                                egui::Button::new(format!("Install {}", entry.name)),
                            )
                            .clicked()
                        {
                            action = Some(SettingsAction::Install(entry.name.clone()));
                        }
                    }
                }
                ui.end_row();
            }
        });
    action
}

/// The delivery thresholds, preparation time and recogniser threads.
fn thresholds_ui(ui: &mut egui::Ui, settings: &mut AppSettings) {
    egui::Grid::new("thresholds").num_columns(2).show(ui, |ui| {
        // Each value is labelled by its caption, so screen readers (and the UI tests) can name
        // it.
        fn row(ui: &mut egui::Ui, caption: &str, value: egui::DragValue<'_>) {
            let label = ui.label(caption);
            ui.add(value).labelled_by(label.id);
            ui.end_row();
        }
        let m = &mut settings.metrics;
        row(
            ui,
            "Comfortable pace from (words/min)",
            egui::DragValue::new(&mut m.pace_low_wpm).range(60.0..=200.0),
        );
        row(
            ui,
            "Comfortable pace up to (words/min)",
            egui::DragValue::new(&mut m.pace_high_wpm).range(80.0..=240.0),
        );
        row(
            ui,
            "Long pause from (seconds)",
            egui::DragValue::new(&mut m.pause_threshold_s)
                .range(0.3..=5.0)
                .speed(0.1),
        );
        row(
            ui,
            "Fillers unnoticed up to (per minute)",
            egui::DragValue::new(&mut m.fillers_ok_per_min).range(0.0..=30.0),
        );
        // The scorer's ownership penalty starts here too, so this value moves the score as
        // well as the delivery note.
        row(
            ui,
            "Fillers hurt ratings from (per minute)",
            egui::DragValue::new(&mut m.fillers_bad_per_min).range(1.0..=60.0),
        );
        row(
            ui,
            "Preparation time (seconds)",
            egui::DragValue::new(&mut settings.prep_seconds).range(0..=120),
        );
        row(
            ui,
            "Transcription threads",
            egui::DragValue::new(&mut settings.threads).range(1..=16),
        );
    });
}

/// A device picker: "System default" or one of `list`, by name.
pub(super) fn device_combo(
    ui: &mut egui::Ui,
    label: &str,
    list: &[DeviceInfo],
    slot: &mut Option<String>,
) {
    let shown = slot.clone().unwrap_or_else(|| "System default".into());
    egui::ComboBox::from_label(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(slot, None, "System default");
            for d in list {
                ui.selectable_value(slot, Some(d.name.clone()), &d.name);
            }
        });
}
