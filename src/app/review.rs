//! The review screen: scores with their evidence, the highlighted transcript, the timeline, and
//! the comparison with the user's other attempts (repeated wording, delivery against their
//! unrehearsed answers, the question's notes) and with the previous attempt at the question.

use egui::{Color32, RichText};

use super::timeline;
use crate::analysis::MetricSettings;
use crate::analysis::feedback::Level;
use crate::audio::devices::DeviceChoice;
use crate::audio::playback::{PlayState, Player};
use crate::coaching::{Effect, Part};
use crate::compare::Comparison;
// The highlighter's single mark per word is what this screen paints.
use crate::highlight::{MainMark as Mark, highlight_report};
use crate::sessions::{Attempt, CoachScore, Comment, Conflict, mmss};

/// Colours that read on both light and dark backgrounds.
fn mark_colors(mark: Mark, dark: bool) -> (Color32, Color32) {
    let bg = |light: (u8, u8, u8), darkc: (u8, u8, u8)| {
        let (r, g, b) = if dark { darkc } else { light };
        Color32::from_rgb(r, g, b)
    };
    match mark {
        Mark::Plain => (Color32::TRANSPARENT, Color32::TRANSPARENT),
        Mark::Filler => (bg((255, 214, 153), (120, 72, 0)), Color32::TRANSPARENT),
        Mark::Hedge => (bg((221, 204, 255), (76, 52, 130)), Color32::TRANSPARENT),
        Mark::Raises => (Color32::TRANSPARENT, bg((0, 140, 70), (90, 210, 130))),
        Mark::Lowers => (Color32::TRANSPARENT, bg((200, 30, 30), (255, 110, 110))),
    }
}

/// Colour of a pattern part's band.
fn part_color(part: Part, dark: bool) -> Color32 {
    let (l, d) = match part {
        Part::OwnIt => ((40, 110, 200), (110, 170, 255)),
        Part::ContextualizeIt => ((150, 110, 20), (230, 190, 90)),
        Part::MoveOn => ((20, 140, 110), (90, 220, 180)),
        _ => ((110, 110, 110), (170, 170, 170)),
    };
    let (r, g, b) = if dark { d } else { l };
    Color32::from_rgb(r, g, b)
}

/// The mark and pattern part of each transcript word, from the one transcript highlighter
/// ([`crate::highlight`]) that the HTML report uses too: fillers and hedges win over evidence,
/// and a word takes the highlight of the character it starts with.
pub fn transcript_marks(attempt: &Attempt) -> Vec<(Mark, Option<Part>)> {
    highlight_report(&attempt.report)
        .word_kinds()
        .into_iter()
        .map(|k| (k.main_mark(), k.part))
        .collect()
}

/// What a coach (or the student) has said about an attempt, loaded from the library.
#[derive(Debug, Clone, Default)]
pub struct ReviewFeedback {
    /// Comments pinned to moments, in time order.
    pub comments: Vec<Comment>,
    /// Coach scores by dimension.
    pub coach_scores: Vec<CoachScore>,
    /// Imported feedback that disagreed with what is here, waiting for a decision.
    pub conflicts: Vec<Conflict>,
}

/// What the user asked for on the review screen; the app applies it to the library.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewAction {
    /// Answer the question again.
    TryAgain,
    /// Add a comment at a moment.
    AddComment {
        /// Seconds into the recording.
        at_s: f64,
        /// The word clicked, if the moment came from a word.
        word_index: Option<usize>,
        /// The comment.
        text: String,
    },
    /// Change the text of one of the user's comments (same id and moment).
    EditComment {
        /// Comment id.
        id: String,
        /// The new text.
        text: String,
    },
    /// Remove a comment by id.
    DeleteComment(String),
    /// Set (or clear) the user's own score for a dimension.
    SetCoachScore {
        /// Dimension key.
        dimension: String,
        /// New score, `None` to clear.
        score: Option<u8>,
    },
    /// Settle an import conflict.
    ResolveConflict {
        /// Conflict id.
        id: i64,
        /// Take the imported version.
        take_theirs: bool,
    },
    /// Analyse the recording again with the current model and scorer.
    Reanalyse,
    /// Save a printable HTML report.
    Report,
    /// Delete the attempt (the app asks first).
    Delete,
}

/// The review of one attempt.
pub struct ReviewScreen {
    attempt: Attempt,
    /// The attempt against the same person's others and the question's notes.
    comparison: Option<Comparison>,
    player: Option<Player>,
    playback_error: Option<String>,
    feedback: ReviewFeedback,
    /// The moment a new comment will be pinned to: seconds, and the word when one was clicked.
    pin: Option<(f64, Option<usize>)>,
    draft: String,
    /// The comment being edited: its id and the text so far.
    editing: Option<(String, String)>,
    /// Whether the attempt's recording is on disk (looked up when the attempt is set, not while
    /// drawing).
    has_recording: bool,
}

/// Whether an attempt's recording is on disk, so it can be analysed again.
fn recording_on_disk(attempt: &Attempt) -> bool {
    attempt.recording.as_ref().is_some_and(|p| p.is_file())
}

impl ReviewScreen {
    /// A review of `attempt`, with its comparison with the same person's other attempts.
    pub fn new(attempt: Attempt, comparison: Option<Comparison>) -> Self {
        Self {
            has_recording: recording_on_disk(&attempt),
            attempt,
            comparison,
            player: None,
            playback_error: None,
            feedback: ReviewFeedback::default(),
            pin: None,
            draft: String::new(),
            editing: None,
        }
    }

    /// Replaces the comments, coach scores and conflicts shown (after the library changed).
    pub fn set_feedback(&mut self, feedback: ReviewFeedback) {
        self.feedback = feedback;
    }

    /// Replaces the comparison shown (after the attempt or its peers changed).
    pub fn set_comparison(&mut self, comparison: Option<Comparison>) {
        self.comparison = comparison;
    }

    /// The comparison shown, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// Replaces the attempt shown (after a re-analysis), keeping comments and playback.
    pub fn set_attempt(&mut self, attempt: Attempt) {
        self.has_recording = recording_on_disk(&attempt);
        self.attempt = attempt;
    }

    /// Pins the next comment to a moment (as clicking a word or the timeline does; for tests).
    pub fn pin_moment(&mut self, at_s: f64) {
        self.pin = Some((at_s, self.word_at(at_s)));
    }

    /// The transcript word being spoken at `t`, or the last one before it.
    fn word_at(&self, t: f64) -> Option<usize> {
        self.attempt
            .report
            .transcript
            .words
            .iter()
            .rposition(|w| w.start <= t)
    }

    /// The attempt shown.
    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    /// Draws the screen and returns what the user asked for. `me` is the user's name: the
    /// author of new comments, and whose coach scores can be edited (on students' attempts).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        thresholds: &MetricSettings,
        output: &DeviceChoice,
        me: &str,
    ) -> Vec<ReviewAction> {
        let mut actions = Vec::new();
        let dark = ui.visuals().dark_mode;
        if self
            .player
            .as_ref()
            .is_some_and(|p| p.state() == PlayState::Playing)
        {
            // Follow the playback position for the word highlight.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(40));
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(&self.attempt.question_text)
                            .size(20.0)
                            .strong(),
                    );
                    let own = self.attempt.student.is_none();
                    if own
                        && ui
                            .button("Try again")
                            .on_hover_text("Answer this question again")
                            .clicked()
                    {
                        actions.push(ReviewAction::TryAgain);
                    }
                    if own
                        && self.has_recording
                        && ui
                            .button("Re-analyse")
                            .on_hover_text(
                                "Transcribe and score the recording again with the current model and scorer; the current result stays until the new one is ready",
                            )
                            .clicked()
                    {
                        actions.push(ReviewAction::Reanalyse);
                    }
                    if ui
                        .button("Save report")
                        .on_hover_text("A printable HTML page with the transcript, scores, comments and timeline")
                        .clicked()
                    {
                        actions.push(ReviewAction::Report);
                    }
                    if ui
                        .button("Delete…")
                        .on_hover_text("Delete this attempt and its recording (asks first)")
                        .clicked()
                    {
                        actions.push(ReviewAction::Delete);
                    }
                });
                let when = crate::sessions::utc_datetime(self.attempt.created_unix);
                let whose = match &self.attempt.student {
                    Some(s) => format!("{s}'s attempt"),
                    None => "Recorded".to_string(),
                };
                // Which model and app made this result: a coach comparing versions of an
                // attempt, or anyone after a re-analysis, needs to know.
                let live = match self.attempt.report.model.live_pieces {
                    Some(n) => format!(" while it was spoken ({n} pieces)"),
                    None => String::new(),
                };
                ui.label(format!(
                    "{whose}, {when}; transcribed with {}{live} by interview-coach {}",
                    self.attempt.report.model.name, self.attempt.app_version
                ));
                self.conflicts_ui(ui, &mut actions);
                ui.add_space(6.0);
                self.scores_ui(ui, dark, me, &mut actions);
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label(RichText::new("Transcript").strong());
                    self.playback_controls(ui, output);
                });
                self.transcript_ui(ui, dark, output);
                ui.separator();
                self.comments_ui(ui, me, output, &mut actions);
                ui.separator();
                ui.label(RichText::new("Delivery").strong());
                for n in &self.attempt.report.delivery {
                    let color = match n.level {
                        Level::Good => ui.visuals().text_color(),
                        Level::Watch => ui.visuals().warn_fg_color,
                        Level::WorkOn => ui.visuals().error_fg_color,
                    };
                    ui.label(RichText::new(&n.message).color(color));
                }
                self.timeline_ui(ui, thresholds, dark);
                if let Some(c) = &self.comparison {
                    ui.separator();
                    comparison_ui(ui, c);
                    if let Some(p) = &c.progress {
                        ui.add_space(6.0);
                        timeline::compare_ui(ui, p);
                    }
                }
            });
        actions
    }

    fn conflicts_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<ReviewAction>) {
        if self.feedback.conflicts.is_empty() {
            return;
        }
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "An imported file disagrees with what is here. Nothing was overwritten; choose which to keep:",
        );
        for c in &self.feedback.conflicts {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&c.what).strong());
                ui.label(format!(
                    "here: {}  /  imported: {}",
                    conflict_text(&c.ours),
                    conflict_text(&c.theirs)
                ));
                if ui.button("Keep mine").clicked() {
                    actions.push(ReviewAction::ResolveConflict {
                        id: c.id,
                        take_theirs: false,
                    });
                }
                if c.can_take_theirs {
                    if ui.button("Take theirs").clicked() {
                        actions.push(ReviewAction::ResolveConflict {
                            id: c.id,
                            take_theirs: true,
                        });
                    }
                } else {
                    // Imported by an older version of the app, which did not keep the files.
                    ui.label(
                        "(the imported version was not kept: to use it, delete this attempt and import the bundle again)",
                    );
                }
            });
        }
    }

    fn comments_ui(
        &mut self,
        ui: &mut egui::Ui,
        me: &str,
        output: &DeviceChoice,
        actions: &mut Vec<ReviewAction>,
    ) {
        ui.label(RichText::new("Comments").strong());
        if self.feedback.comments.is_empty() {
            ui.label("No comments yet.");
        }
        let mut play_from = None;
        let mut finished_edit = false;
        for c in &self.feedback.comments {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .small_button(mmss(c.at_s))
                    .on_hover_text("Play from this moment")
                    .clicked()
                {
                    play_from = Some(c.at_s);
                }
                if let Some(w) = c
                    .word_index
                    .and_then(|i| self.attempt.report.transcript.words.get(i))
                {
                    ui.label(RichText::new(format!("\"{}\"", w.text)).italics());
                }
                ui.label(RichText::new(&c.author).strong());
                match &mut self.editing {
                    Some((id, text)) if *id == c.id => {
                        let label = ui.label("Edit comment:");
                        let edit = ui
                            .add(egui::TextEdit::singleline(text).desired_width(360.0))
                            .labelled_by(label.id);
                        let (enter, escape) = ui.input(|i| {
                            (
                                i.key_pressed(egui::Key::Enter),
                                i.key_pressed(egui::Key::Escape),
                            )
                        });
                        let can_save = !text.trim().is_empty();
                        let save = ui.add_enabled(can_save, egui::Button::new("Save comment"));
                        if save.clicked() || (edit.lost_focus() && enter && can_save) {
                            actions.push(ReviewAction::EditComment {
                                id: c.id.clone(),
                                text: text.trim().to_string(),
                            });
                            finished_edit = true;
                        }
                        if ui.button("Cancel edit").clicked() || (edit.lost_focus() && escape) {
                            finished_edit = true;
                        }
                    }
                    _ => {
                        ui.label(&c.text);
                        // Only the author changes a comment; others' comments are theirs.
                        if c.author == me {
                            if ui.small_button("Edit comment").clicked() {
                                self.editing = Some((c.id.clone(), c.text.clone()));
                            }
                            if ui.small_button("Delete comment").clicked() {
                                actions.push(ReviewAction::DeleteComment(c.id.clone()));
                            }
                        }
                    }
                }
            });
        }
        if finished_edit {
            self.editing = None;
        }
        if let Some(t) = play_from {
            self.play_from(output, t);
        }
        let at = self.pin.or_else(|| {
            self.player
                .as_ref()
                .filter(|p| p.state() != PlayState::Stopped)
                .map(|p| (p.position(), self.word_at(p.position())))
        });
        ui.horizontal_wrapped(|ui| {
            match at {
                Some((t, w)) => {
                    let word = w
                        .and_then(|i| self.attempt.report.transcript.words.get(i))
                        .map(|w| format!(" (\"{}\")", w.text))
                        .unwrap_or_default();
                    ui.label(format!("At {}{word}", mmss(t)));
                }
                None => {
                    ui.label("Click a word or the timeline to pick the moment, then write:");
                }
            }
            let label = ui.label("Comment:");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.draft)
                        .hint_text("what you noticed at this moment")
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let can_add = !self.draft.trim().is_empty() && !me.trim().is_empty();
            let add = ui.add_enabled(can_add, egui::Button::new("Add comment"));
            if (add.clicked() || (enter && can_add))
                && let Some((t, w)) = at.or(Some((0.0, None)))
            {
                actions.push(ReviewAction::AddComment {
                    at_s: t,
                    word_index: w,
                    text: self.draft.trim().to_string(),
                });
                self.draft.clear();
            }
        });
        if me.trim().is_empty() {
            ui.label(
                RichText::new("Set your name in Settings to add comments.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }

    fn play_from(&mut self, output: &DeviceChoice, t: f64) {
        match &mut self.player {
            Some(p) if p.state() != PlayState::Stopped => p.seek(t),
            _ => {
                if let Some(path) = &self.attempt.recording {
                    match Player::play_file(output, path) {
                        Ok(p) => {
                            p.seek(t);
                            self.player = Some(p);
                        }
                        Err(e) => self.playback_error = Some(e.to_string()),
                    }
                }
            }
        }
    }

    fn scores_ui(&self, ui: &mut egui::Ui, dark: bool, me: &str, actions: &mut Vec<ReviewAction>) {
        let Some(score) = &self.attempt.report.score else {
            return;
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Overall {}", score.overall))
                    .size(28.0)
                    .strong(),
            );
            ui.label(RichText::new(&score.verdict).size(16.0));
        });
        ui.add_space(6.0);
        // Coach scores sit beside the automatic ones; on a student's attempt the coach can set
        // their own.
        let coaching = self.attempt.student.is_some() && !me.trim().is_empty();
        let show_coach = coaching || !self.feedback.coach_scores.is_empty();
        egui::Grid::new("dimensions")
            .num_columns(if show_coach { 4 } else { 3 })
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                if show_coach {
                    for h in ["", "Automatic", "Coach", ""] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                }
                for (key, dim) in score.dimensions.iter() {
                    let label = ui.label(RichText::new(&dim.label).strong());
                    ui.add(
                        egui::ProgressBar::new(f32::from(dim.score) / 100.0)
                            .text(format!("{}", dim.score))
                            .desired_width(160.0),
                    );
                    if show_coach {
                        ui.horizontal(|ui| {
                            for c in self
                                .feedback
                                .coach_scores
                                .iter()
                                .filter(|c| c.dimension == key && !(coaching && c.author == me))
                            {
                                ui.label(format!("{}: {}", c.author, c.score));
                            }
                            if coaching {
                                let mine = self
                                    .feedback
                                    .coach_scores
                                    .iter()
                                    .find(|c| c.dimension == key && c.author == me)
                                    .map(|c| c.score);
                                match mine {
                                    Some(v) => {
                                        let mut v = v;
                                        let r = ui
                                            .add(egui::DragValue::new(&mut v).range(0..=100))
                                            .labelled_by(label.id);
                                        if r.changed() {
                                            actions.push(ReviewAction::SetCoachScore {
                                                dimension: key.to_string(),
                                                score: Some(v),
                                            });
                                        }
                                        if ui.small_button("Clear").clicked() {
                                            actions.push(ReviewAction::SetCoachScore {
                                                dimension: key.to_string(),
                                                score: None,
                                            });
                                        }
                                    }
                                    None => {
                                        if ui
                                            .small_button(format!("Score {}", dim.label))
                                            .on_hover_text("Give your own score, starting from the automatic one")
                                            .clicked()
                                        {
                                            actions.push(ReviewAction::SetCoachScore {
                                                dimension: key.to_string(),
                                                score: Some(dim.score),
                                            });
                                        }
                                    }
                                }
                            }
                        });
                    }
                    ui.label(&dim.verdict);
                    ui.end_row();
                }
            });
        ui.collapsing("What earned or cost each score", |ui| {
            for (_, dim) in score.dimensions.iter() {
                if dim.evidence.is_empty() {
                    continue;
                }
                ui.label(RichText::new(&dim.label).strong());
                for ev in &dim.evidence {
                    let (sign, color) = match ev.effect {
                        Effect::Raises => ("+", mark_colors(Mark::Raises, dark).1),
                        Effect::Lowers => ("-", mark_colors(Mark::Lowers, dark).1),
                    };
                    ui.label(
                        RichText::new(format!("{sign} \"{}\": {}", ev.text, ev.note)).color(color),
                    );
                }
            }
        });
        if !score.suggestions.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Next time").strong());
            for (i, s) in score.suggestions.iter().enumerate() {
                ui.label(format!("{}. {s}", i + 1));
            }
        }
        ui.add_space(4.0);
        ui.label(RichText::new(&score.pattern.note).italics());
    }

    fn playback_controls(&mut self, ui: &mut egui::Ui, output: &DeviceChoice) {
        let Some(path) = self.attempt.recording.clone() else {
            return;
        };
        let state = self.player.as_ref().map(Player::state);
        match state {
            Some(PlayState::Playing) => {
                if ui.button("Pause").clicked()
                    && let Some(p) = &mut self.player
                {
                    p.pause();
                }
            }
            Some(PlayState::Paused) => {
                if ui.button("Resume").clicked()
                    && let Some(p) = &mut self.player
                {
                    p.resume();
                }
            }
            _ => {
                if ui.button("Play recording").clicked() {
                    match Player::play_file(output, &path) {
                        Ok(p) => {
                            self.player = Some(p);
                            self.playback_error = None;
                        }
                        Err(e) => self.playback_error = Some(e.to_string()),
                    }
                }
            }
        }
        if matches!(state, Some(PlayState::Playing | PlayState::Paused))
            && ui.button("Stop").clicked()
            && let Some(p) = &mut self.player
        {
            p.stop();
        }
        if let Some(p) = &self.player {
            ui.label(format!("{:.1} / {:.1} s", p.position(), p.duration()));
        }
        if let Some(e) = &self.playback_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }

    fn transcript_ui(&mut self, ui: &mut egui::Ui, dark: bool, output: &DeviceChoice) {
        let a = &self.attempt;
        if a.report.transcript.words.is_empty() {
            ui.label("No speech was recognised in this recording.");
            return;
        }
        let marks = transcript_marks(a);
        let position = self
            .player
            .as_ref()
            .filter(|p| p.state() != PlayState::Stopped)
            .map(Player::position);
        let mut seek_to = None;
        // One label per word, so a word can be clicked to play from there and the word being
        // played can be highlighted.
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for (wi, w) in a.report.transcript.words.iter().enumerate() {
                // The part of the pattern this word belongs to colours its text.
                let (mark, part) = marks.get(wi).copied().unwrap_or((Mark::Plain, None));
                let (bg, underline) = mark_colors(mark, dark);
                let mut rt = RichText::new(&w.text).size(16.0);
                if let Some(part) = part {
                    rt = rt.color(part_color(part, dark));
                }
                if bg != Color32::TRANSPARENT {
                    rt = rt.background_color(bg);
                }
                if underline != Color32::TRANSPARENT {
                    rt = rt.underline().color(underline);
                }
                if position.is_some_and(|t| t >= w.start && t < w.end.max(w.start + 0.05)) {
                    rt = rt.strong().background_color(ui.visuals().selection.bg_fill);
                }
                let r = ui
                    .add(egui::Label::new(rt).sense(egui::Sense::click()))
                    .on_hover_text(format!(
                        "{:.1} s: click to play from here and pin a comment to this word",
                        w.start
                    ));
                if r.clicked() {
                    seek_to = Some((w.start, wi));
                }
            }
        });
        if let Some((t, wi)) = seek_to {
            self.pin = Some((t, Some(wi)));
            self.play_from(output, t);
        }
        let a = &self.attempt;
        ui.horizontal_wrapped(|ui| {
            for (mark, name) in [
                (Mark::Filler, "filler"),
                (Mark::Hedge, "hedge"),
                (Mark::Raises, "earned points"),
                (Mark::Lowers, "cost points"),
            ] {
                let (bg, underline) = mark_colors(mark, dark);
                let mut rt = RichText::new(name);
                if bg != Color32::TRANSPARENT {
                    rt = rt.background_color(bg);
                }
                if underline != Color32::TRANSPARENT {
                    rt = rt.underline().color(underline);
                }
                ui.label(rt);
            }
        });
        if let Some(score) = &a.report.score {
            ui.horizontal_wrapped(|ui| {
                for span in &score.spans {
                    ui.label(RichText::new(span.part.name()).color(part_color(span.part, dark)))
                        .on_hover_text(&span.text);
                }
            });
        }
    }

    fn timeline_ui(&mut self, ui: &mut egui::Ui, t: &MetricSettings, dark: bool) {
        let clicked = timeline::timeline_ui(ui, &self.attempt, &self.feedback.comments, t, dark);
        if let Some(at_s) = clicked {
            self.pin_moment(at_s);
        }
    }
}

/// Whether the imported side of a conflict can be applied here (a comment or a coach score).
/// A conflict side for people: a comment's text or a score's value.
/// The comparison with the other attempts: the recital verdict first (in the warning colour
/// when it sounds recited), then its evidence and the notes check.
fn comparison_ui(ui: &mut egui::Ui, c: &Comparison) {
    ui.label(RichText::new("Compared with your other attempts").strong());
    for line in c.lines() {
        let text = RichText::new(&line.text);
        ui.label(if line.warn {
            text.color(ui.visuals().warn_fg_color).strong()
        } else {
            text
        });
    }
}

fn conflict_text(json: &str) -> String {
    if let Ok(c) = serde_json::from_str::<Comment>(json) {
        return format!("\"{}\" at {}", c.text, mmss(c.at_s));
    }
    if let Ok(c) = serde_json::from_str::<CoachScore>(json) {
        return c.score.to_string();
    }
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| {
            v.get("overall").map(|o| {
                format!(
                    "overall {o}, transcript \"{}\"",
                    v["transcript"].as_str().unwrap_or("")
                )
            })
        })
        .unwrap_or_else(|| json.to_string())
}
