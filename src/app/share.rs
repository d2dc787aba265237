//! Widgets the History and Coach screens share for exporting and importing: the user's name,
//! path boxes with a "Choose…" button beside each, and the import row.

use std::path::PathBuf;

use super::files::{FileChooser, Purpose};

/// Label of the buttons that open a save dialog for a path field.
const CHOOSE_SAVE: &str = "Choose where to save…";
/// Label of the button that opens a dialog to pick a file to import.
const CHOOSE_IMPORT: &str = "Choose file…";

/// A labelled path box with its "Choose…" button beside it.
pub(super) fn path_field(
    ui: &mut egui::Ui,
    label: &str,
    path: &mut String,
    width: f32,
    chooser: &mut FileChooser,
    purpose: Purpose,
) {
    let label = ui.label(label);
    let hint = match purpose {
        Purpose::Import => "path to a .icbundle or .icfeedback file",
        Purpose::ExportBundle | Purpose::ExportFeedback => "where to write the file",
    };
    ui.add(
        egui::TextEdit::singleline(path)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(label.id);
    choose_button(ui, chooser, purpose, path);
}

/// A button opening the file chooser for `purpose`, starting from the path in `field`; disabled
/// while a chooser is already open.
fn choose_button(ui: &mut egui::Ui, chooser: &mut FileChooser, purpose: Purpose, field: &str) {
    let label = if purpose.saves() {
        CHOOSE_SAVE
    } else {
        CHOOSE_IMPORT
    };
    let open = chooser.is_open();
    let button = ui
        .add_enabled(!open, egui::Button::new(label))
        .on_hover_text("Opens your system's file chooser; you can also type the path in the box");
    if button.clicked() {
        chooser.open(purpose, field, ui.ctx().clone());
    }
}

/// The name field shared by exporting and commenting; true when the settings should be saved
/// (the user finished typing).
pub(super) fn name_field(ui: &mut egui::Ui, name: &mut String, hint: &str) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label("Your name:");
        let r = ui
            .add(egui::TextEdit::singleline(name).hint_text(hint))
            .labelled_by(label.id);
        r.lost_focus() || (r.changed() && !r.has_focus())
    })
    .inner
}

/// The "File to import:" box with its Choose and Import buttons; the path to import when Import
/// was pressed.
pub(super) fn import_row(
    ui: &mut egui::Ui,
    import_path: &mut String,
    chooser: &mut FileChooser,
) -> Option<PathBuf> {
    ui.horizontal(|ui| {
        path_field(
            ui,
            "File to import:",
            import_path,
            420.0,
            chooser,
            Purpose::Import,
        );
        let pressed = ui
            .add_enabled(!import_path.trim().is_empty(), egui::Button::new("Import"))
            .clicked();
        pressed.then(|| PathBuf::from(import_path.trim()))
    })
    .inner
}

/// A file in the user's home folder, as the default of a save box.
pub(super) fn in_home(file: &str) -> String {
    directories::UserDirs::new()
        .map(|u| u.home_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
        .join(file)
        .display()
        .to_string()
}
