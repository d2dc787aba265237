//! The history screen: progress charts, the list of attempts with search and selection, and
//! sharing (export for a coach, reports, imports); also the dialog confirming a deletion.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use egui::RichText;

use super::files::{FileChooser, Purpose};
use super::share::{import_row, in_home, name_field, path_field};
use crate::compare::{RecitalSettings, progress_of_all};
use crate::sessions::compare::view;
use crate::sessions::library::Who;
use crate::sessions::{Attempt, Library, utc_datetime};

/// What the history screen asked the app for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum HistoryAction {
    /// Review an attempt (compared with the others at its question).
    Open(Box<Attempt>),
    /// Ask whether to delete the attempt.
    Delete(Box<Attempt>),
    /// Export attempts (by uid) as a bundle to a file.
    Export {
        /// The attempts.
        uids: Vec<String>,
        /// The bundle file.
        out: PathBuf,
    },
    /// Save one report for these attempts.
    Report(Vec<Attempt>),
    /// Import a bundle or feedback file.
    Import(PathBuf),
    /// The user's name changed: save the settings.
    SaveSettings,
}

/// What the history screen draws with, owned by the app.
pub(super) struct HistoryView<'a> {
    /// The user's attempts, oldest first.
    pub(super) attempts: &'a [Attempt],
    /// The library, for searching.
    pub(super) library: Option<&'a Library>,
    /// The user's name (saved in the settings).
    pub(super) name: &'a mut String,
    /// The file chooser behind the "Choose…" buttons.
    pub(super) chooser: &'a mut FileChooser,
}

/// The history screen's state.
#[derive(Debug, Default)]
pub(super) struct HistoryScreen {
    /// Text typed in the search box.
    search: String,
    /// Attempts ticked in the list (uids).
    selected: BTreeSet<String>,
    /// Where the next bundle is written.
    export_path: String,
    /// A bundle or feedback file to import.
    pub(super) import_path: String,
    /// The search the list was last filtered with (`None` = not filtered yet).
    filtered_for: Option<String>,
    /// Uids matching the search.
    matches: Option<BTreeSet<String>>,
    /// What changed at each attempt since the previous one at its question, by uid, and how
    /// many attempts it was worked out for (`None` = work it out on the next frame).
    progress: Option<(usize, HashMap<String, String>)>,
}

impl HistoryScreen {
    /// Filters the list again on the next frame (attempts were added, changed or removed).
    pub(super) fn forget_search(&mut self) {
        self.filtered_for = None;
        self.progress = None;
    }

    /// The one-line progress of each attempt with a previous attempt at its question, worked
    /// out once per change of the list rather than on every frame.
    fn refresh_progress(&mut self, attempts: &[Attempt]) {
        if self
            .progress
            .as_ref()
            .is_none_or(|(n, _)| *n != attempts.len())
        {
            let views: Vec<_> = attempts.iter().map(view).collect();
            let map = progress_of_all(&views, &RecitalSettings::default())
                .into_iter()
                .zip(attempts)
                .filter_map(|(p, a)| Some((a.uid.clone(), p?.summary)))
                .collect();
            self.progress = Some((attempts.len(), map));
        }
    }

    /// Ticks exactly these attempts and clears the search (to export a mock interview).
    pub(super) fn select_only(&mut self, uids: impl IntoIterator<Item = String>) {
        self.selected = uids.into_iter().collect();
        self.search.clear();
    }

    /// Forgets a deleted attempt.
    pub(super) fn forget(&mut self, uid: &str) {
        self.selected.remove(uid);
        self.filtered_for = None;
        self.progress = None;
    }

    /// Puts a path chosen in the dialog into the bundle box.
    pub(super) fn set_export_path(&mut self, path: String) {
        self.export_path = path;
    }

    /// Draws the screen; returns what the app must do.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, view: HistoryView<'_>) -> Vec<HistoryAction> {
        let mut actions = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Progress");
            if view.attempts.is_empty() {
                ui.label("No attempts yet. Answer a question on the Practice screen.");
                return;
            }
            progress_charts(ui, view.attempts);
            ui.separator();
            self.sharing_ui(ui, view, &mut actions);
        });
        actions
    }

    /// Search, selection, export and import, then the list.
    fn sharing_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: HistoryView<'_>,
        actions: &mut Vec<HistoryAction>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("Search:");
            ui.add(
                egui::TextEdit::singleline(&mut self.search).hint_text("question or words said"),
            )
            .labelled_by(label.id);
            if !self.selected.is_empty() {
                ui.label(format!("{} selected", self.selected.len()));
                if ui.button("Clear selection").clicked() {
                    self.selected.clear();
                }
            }
        });
        if self.filtered_for.as_deref() != Some(self.search.as_str()) {
            let search = self.search.trim().to_string();
            self.matches = if search.is_empty() {
                None
            } else {
                view.library.and_then(|lib| {
                    lib.list(&Who::Own, Some(&search))
                        .ok()
                        .map(|(list, _)| list.into_iter().map(|a| a.uid).collect())
                })
            };
            self.filtered_for = Some(self.search.clone());
        }
        ui.collapsing("Share with a coach", |ui| {
            ui.label("Tick attempts in the list below, then export them as one file to send to your coach. Recordings, transcripts, scores and the question pack go in the file; nothing else leaves this computer.");
            if name_field(ui, view.name, "as your coach knows you") {
                actions.push(HistoryAction::SaveSettings);
            }
            if self.export_path.is_empty() {
                self.export_path =
                    in_home(&format!("interview-coach-{}.icbundle", crate::format::file_stem(view.name)));
            }
            ui.horizontal(|ui| {
                path_field(
                    ui,
                    "Save as:",
                    &mut self.export_path,
                    420.0,
                    view.chooser,
                    Purpose::ExportBundle,
                );
                let n = self.selected.len();
                if ui
                    .add_enabled(n > 0, egui::Button::new(format!("Export {n} selected")))
                    .clicked()
                {
                    actions.push(HistoryAction::Export {
                        uids: self.selected.iter().cloned().collect(),
                        out: PathBuf::from(self.export_path.trim()),
                    });
                }
            });
            if ui
                .add_enabled(
                    !self.selected.is_empty(),
                    egui::Button::new("Save report for selected"),
                )
                .clicked()
            {
                let chosen: Vec<Attempt> = view
                    .attempts
                    .iter()
                    .filter(|a| self.selected.contains(&a.uid))
                    .cloned()
                    .collect();
                actions.push(HistoryAction::Report(chosen));
            }
            ui.add_space(6.0);
            ui.label("Feedback from your coach (.icfeedback), or a student's bundle (.icbundle):");
            if let Some(path) = import_row(ui, &mut self.import_path, view.chooser) {
                actions.push(HistoryAction::Import(path));
            }
        });
        ui.separator();
        self.list_ui(ui, view.attempts, actions);
    }

    /// The attempts, newest first, each with its checkbox, scores, Open and Delete.
    fn list_ui(
        &mut self,
        ui: &mut egui::Ui,
        attempts: &[Attempt],
        actions: &mut Vec<HistoryAction>,
    ) {
        let mut open = None;
        self.refresh_progress(attempts);
        // Taken out while the grid borrows the screen, and put back after.
        let progress = self.progress.take();
        let progress_of = |uid: &str| {
            progress
                .as_ref()
                .and_then(|(_, map)| map.get(uid))
                .map_or("first attempt", String::as_str)
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("attempts")
                .striped(true)
                .num_columns(8)
                .show(ui, |ui| {
                    for h in [
                        "When",
                        "Question",
                        "Overall",
                        "Pace",
                        "Fillers/min",
                        "Since the previous attempt",
                        "",
                        "",
                    ] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for (i, a) in attempts.iter().enumerate().rev() {
                        if self.matches.as_ref().is_some_and(|m| !m.contains(&a.uid)) {
                            continue;
                        }
                        let mut ticked = self.selected.contains(&a.uid);
                        // The date is the checkbox's text: a larger target, and a name a screen
                        // reader can say.
                        if ui
                            .checkbox(&mut ticked, utc_datetime(a.created_unix))
                            .on_hover_text("Select for export or a report")
                            .changed()
                        {
                            if ticked {
                                self.selected.insert(a.uid.clone());
                            } else {
                                self.selected.remove(&a.uid);
                            }
                        }
                        ui.label(&a.question_text);
                        ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                        ui.label(format!("{:.0} wpm", a.report.metrics.wpm));
                        ui.label(format!("{:.1}", a.report.metrics.fillers_per_min));
                        ui.label(progress_of(&a.uid));
                        if ui.button("Open").clicked() {
                            open = Some(i);
                        }
                        if ui.button("Delete…").clicked() {
                            actions.push(HistoryAction::Delete(Box::new(a.clone())));
                        }
                        ui.end_row();
                    }
                });
        });
        self.progress = progress;
        if let Some(i) = open {
            actions.push(HistoryAction::Open(Box::new(attempts[i].clone())));
        }
    }
}

/// One value per attempt, numbered from 1; attempts without the value (older analyses, typed
/// answers) are left out rather than drawn as zero.
fn series(attempts: &[Attempt], value: impl Fn(&Attempt) -> Option<f64>) -> Vec<[f64; 2]> {
    attempts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| value(a).map(|v| [i as f64 + 1.0, v]))
        .collect()
}

/// Overall score, pace and fillers over the attempts, side by side; below them pitch variation
/// and articulation rate once any attempt has them.
fn progress_charts(ui: &mut egui::Ui, attempts: &[Attempt]) {
    let n = attempts.len() as f64;
    // Fixed, meaningful ranges so one or two attempts do not produce odd axes.
    let first: [(&str, Vec<[f64; 2]>, f64); 3] = [
        (
            "Overall score",
            series(attempts, |a| a.overall().map(f64::from)),
            100.0,
        ),
        (
            "Words per minute",
            series(attempts, |a| Some(a.report.metrics.wpm)),
            220.0,
        ),
        (
            "Fillers per minute",
            series(attempts, |a| Some(a.report.metrics.fillers_per_min)),
            15.0,
        ),
    ];
    charts_row(ui, n, first);
    let voice: [(&str, Vec<[f64; 2]>, f64); 2] = [
        (
            "Pitch variation (semitones)",
            series(attempts, |a| {
                a.report.metrics.pitch.as_ref().map(|p| p.sd_semitones)
            }),
            6.0,
        ),
        (
            "Articulation rate (syllables/s)",
            series(attempts, |a| a.report.metrics.articulation_rate),
            7.0,
        ),
    ];
    if voice.iter().any(|(_, points, _)| !points.is_empty()) {
        charts_row(ui, n, voice);
    }
}

/// A row of small line charts over `n` attempts, each `(title, points, top of the y axis)`.
fn charts_row<const N: usize>(ui: &mut egui::Ui, n: f64, charts: [(&str, Vec<[f64; 2]>, f64); N]) {
    ui.columns(N, |cols| {
        for (col, (title, points, top)) in cols.iter_mut().zip(charts) {
            col.label(RichText::new(title).strong());
            egui_plot::Plot::new(title)
                .height(160.0)
                .include_y(0.0)
                .include_y(top)
                .include_x(0.5)
                .include_x(n + 0.5)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .x_axis_label("attempt")
                .show(col, |p| {
                    p.line(egui_plot::Line::new(title, points.clone()));
                    p.points(egui_plot::Points::new(title, points).radius(3.0));
                });
        }
    });
}

/// Asks before deleting `attempt`: `Some(true)` to delete, `Some(false)` when cancelled, `None`
/// while the question is open.
pub(super) fn confirm_delete_ui(ctx: &egui::Context, attempt: &Attempt) -> Option<bool> {
    let mut decision = None;
    egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
        ui.heading("Delete this attempt?");
        ui.label(format!(
            "\"{}\" from {}.",
            attempt.question_text,
            utc_datetime(attempt.created_unix)
        ));
        ui.label(
            "Its recording, transcript, scores and comments are removed. This cannot be undone.",
        );
        ui.horizontal(|ui| {
            if ui.button("Delete attempt").clicked() {
                decision = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                decision = Some(false);
            }
        });
    });
    decision
}
