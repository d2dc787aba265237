//! Mock interviews: questions answered back to back and reviewed together at the end, and the
//! summary of their results shown on the review screen.

use egui::RichText;

use crate::sessions::Attempt;

/// A mock interview in progress.
pub(super) struct Mock {
    /// Shared by the mock's attempts, so they can be exported and reported together.
    pub(super) id: String,
    /// Question ids in the order they are asked.
    pub(super) questions: Vec<String>,
    /// Index of the question being answered.
    pub(super) current: usize,
    /// Analysed attempts, in the order they came back.
    pub(super) done: Vec<Attempt>,
    /// Analyses that failed (each was reported to the user).
    pub(super) failed: usize,
    /// Every question has been answered (analyses may still be running).
    pub(super) all_answered: bool,
}

impl Mock {
    /// A mock interview over `questions`, in that order.
    pub(super) fn new(questions: Vec<String>) -> Self {
        Self {
            id: crate::sessions::new_uid(),
            questions,
            current: 0,
            done: Vec::new(),
            failed: 0,
            all_answered: false,
        }
    }

    /// Every answer has come back from the worker, analysed or failed.
    pub(super) fn complete(&self) -> bool {
        self.all_answered && self.done.len() + self.failed >= self.questions.len()
    }

    /// What the practice screen says about the mock's progress.
    pub(super) fn progress_text(&self) -> String {
        if self.all_answered {
            format!(
                "Mock interview: all {} answered; analysing ({} of {} done)…",
                self.questions.len(),
                self.done.len(),
                self.questions.len()
            )
        } else {
            format!(
                "Mock interview: question {} of {}",
                self.current + 1,
                self.questions.len()
            )
        }
    }
}

/// What the mock interview summary asked for.
#[derive(Default)]
pub(super) struct MockChoice {
    /// Open this attempt's review in full.
    pub(super) open: Option<Attempt>,
    /// Save one report for the whole mock interview.
    pub(super) report: bool,
    /// Select the mock's attempts on the History screen for export.
    pub(super) export: bool,
}

/// The mock interview's summary.
pub(super) fn mock_results_ui(ui: &mut egui::Ui, results: &[Attempt]) -> MockChoice {
    let mut choice = MockChoice::default();
    ui.heading("Mock interview results");
    ui.horizontal(|ui| {
        choice.report = ui
            .button("Save report")
            .on_hover_text("One printable HTML page for the whole mock interview")
            .clicked();
        choice.export = ui
            .button("Export for a coach…")
            .on_hover_text("Select these answers on the History screen to export them as one file")
            .clicked();
    });
    let scored: Vec<f64> = results
        .iter()
        .filter_map(|a| a.overall().map(f64::from))
        .collect();
    if !scored.is_empty() {
        ui.label(format!(
            "Average overall score {:.0} over {} answers.",
            scored.iter().sum::<f64>() / scored.len() as f64,
            results.len()
        ));
    }
    egui::Grid::new("mock-results")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in ["Question", "Overall", "Length", "Pace", "Fillers/min", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for a in results {
                ui.label(&a.question_text);
                ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                ui.label(format!("{:.0} s", a.report.metrics.duration_s));
                ui.label(format!("{:.0} wpm", a.report.metrics.wpm));
                ui.label(format!("{:.1}", a.report.metrics.fillers_per_min));
                if ui.button("Open").clicked() {
                    choice.open = Some(a.clone());
                }
                ui.end_row();
            }
        });
    choice
}
