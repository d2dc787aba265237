//! Messages for the user: errors and notes shown under the top bar, newest last, each with a
//! Dismiss button. Every part of the app reports through one [`Notices`], so the wording of
//! a message is decided where it happens and its drawing in one place.

use egui::RichText;

/// How a notice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something happened as asked (an export, an install).
    Info,
    /// Something failed or needs the user's attention.
    Error,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown.
    pub severity: Severity,
    /// What it says.
    pub text: String,
}

/// The messages on show.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    items: Vec<Notice>,
}

impl Notices {
    /// Adds a note.
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Severity::Info, text.into());
    }

    /// Adds an error.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(Severity::Error, text.into());
    }

    fn push(&mut self, severity: Severity, text: String) {
        self.items.push(Notice { severity, text });
    }

    /// The messages on show, oldest first.
    pub fn items(&self) -> &[Notice] {
        &self.items
    }

    /// Draws every message with its Dismiss button and removes the one dismissed.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (i, notice) in self.items.iter().enumerate() {
            ui.horizontal(|ui| {
                let color = match notice.severity {
                    Severity::Error => ui.visuals().error_fg_color,
                    Severity::Info => ui.visuals().text_color(),
                };
                ui.label(RichText::new(&notice.text).color(color));
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
            });
        }
        if let Some(i) = dismiss {
            self.items.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_keep_their_order_and_severity() {
        let mut n = Notices::default();
        n.info("saved");
        n.error("failed");
        let got: Vec<(Severity, &str)> = n
            .items()
            .iter()
            .map(|m| (m.severity, m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(Severity::Info, "saved"), (Severity::Error, "failed")]
        );
    }
}
