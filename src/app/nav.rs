//! Moving between screens: the top bar's buttons and Ctrl+1-5.

use egui::Key;

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Pick a question and answer it.
    Practice,
    /// Scores, transcript and timeline of one attempt.
    Review,
    /// All attempts and trends.
    History,
    /// Devices, model and thresholds.
    Settings,
    /// Students' imported attempts, for coaches.
    Coach,
}

/// Each screen with its button's label, its shortcut key and the shortcut's name, in the top
/// bar's order.
const SCREENS: [(Screen, &str, Key, &str); 5] = [
    (Screen::Practice, "Practice", Key::Num1, "Ctrl+1"),
    (Screen::Review, "Review", Key::Num2, "Ctrl+2"),
    (Screen::History, "History", Key::Num3, "Ctrl+3"),
    (Screen::Settings, "Settings", Key::Num4, "Ctrl+4"),
    (Screen::Coach, "Coach", Key::Num5, "Ctrl+5"),
];

/// The screens whose Ctrl+number was pressed this frame, in order.
pub(super) fn shortcut_screens(ctx: &egui::Context) -> Vec<Screen> {
    ctx.input(|i| {
        SCREENS
            .iter()
            .filter(|(_, _, key, _)| i.modifiers.command && i.key_pressed(*key))
            .map(|(screen, ..)| *screen)
            .collect()
    })
}

/// The top bar: the app's name and a button per screen (Review only when `review_enabled`);
/// returns the screen clicked.
pub(super) fn top_bar(ui: &mut egui::Ui, current: Screen, review_enabled: bool) -> Option<Screen> {
    let mut chosen = None;
    ui.horizontal(|ui| {
        ui.heading("interview-coach");
        ui.add_space(16.0);
        for (screen, label, _, key) in SCREENS {
            let enabled = screen != Screen::Review || review_enabled;
            let r = ui
                .add_enabled(enabled, egui::Button::selectable(current == screen, label))
                .on_hover_text(key);
            if r.clicked() {
                chosen = Some(screen);
            }
        }
    });
    chosen
}
