//! Does it sound recited? Real recordings made here (espeak-ng reading the project's own
//! answers with a flat, a medium and a lively pitch range), transcribed by the real model,
//! scored and stored in a real library, then compared with each other through the library and
//! through `sessions compare`.

use std::path::Path;

use egui_kittest::kittest::{NodeT, Queryable};
use interview_coach::compare::Comparison;
use interview_coach::sessions::{Attempt, Library};

use crate::common::espeak_wav;
use crate::sessions::{cli, ok, real_attempt};

/// The USMLE answer as one applicant scripted it.
const SCRIPT: &str = "I failed Step 1 on my first attempt, and that result is mine. During that \
    year I was working weekend nights at a pharmacy to help my parents, and I kept studying alone \
    from books without ever testing myself. After the result I met my dean, cut my shifts, and \
    built a daily plan around timed question blocks with a study partner. I reviewed every wrong \
    answer in a notebook. I passed on my second attempt, and I scored two hundred and forty eight \
    on Step 2. I still plan my week around the hardest material first, and I am ready for the \
    workload of residency.";

/// The same content in other words, as someone telling it rather than reciting it.
const REWORDED: &str = "My first try at Step 1 ended in a fail, and I do not blame anyone else \
    for it. Back then weekend night shifts at a pharmacy paid part of my family's bills, and my \
    preparation was reading on my own with no practice exams. Once the score came back, I sat \
    down with the dean, reduced my hours, and started doing timed sets of questions every morning \
    alongside a classmate. Each mistake went into an error log. The retake was a pass, Step 2 \
    came back at two hundred forty eight, and hard topics still go first in my weekly schedule, \
    which is how I will handle residency.";

/// Unrehearsed answers to other questions: the speaker's baseline.
const ABOUT_ME: &str = "I grew up in a small town where the nearest hospital was an hour away, \
    and my mother worked there as a nurse. I studied medicine in Lagos, then spent two years in a \
    community clinic where I learned how much good follow up matters. Outside medicine I coach a \
    youth football team on Saturdays, and I like cooking for friends. I am applying to internal \
    medicine because I enjoy long relationships with patients and hard diagnostic puzzles.";

const JOURNEY: &str = "The moment I decided on medicine was a night in the clinic when a child \
    with asthma could not breathe, and the doctor on call stayed calm and explained every step to \
    the parents. I wanted to be that person. Since then I have worked on a research project about \
    blood pressure in rural areas, and I have taught anatomy to first year students. Teaching \
    showed me that I learn best when I explain things to others.";

/// The applicant's notes for the question: three points the answers make, one they do not.
const NOTES: &str = "- Step 1 failed: pharmacy night shifts, studied alone
- Changes: dean, fewer shifts, timed question blocks, error log
- Results: passed the retake, Step 2 score 248
- Research on sepsis outcomes";

/// Records `text` in `range` and stores it as an attempt at `question`, `day` days into the
/// test's calendar (attempts made within one second would otherwise share a time).
fn attempt(
    lib: &mut Library,
    dir: &Path,
    name: &str,
    question: &str,
    text: &str,
    range: &str,
    day: u64,
) -> Attempt {
    let wav = espeak_wav(dir, name, text, range);
    let mut a = real_attempt(lib, &wav, question, None);
    a.created_unix = 1_790_000_000 + day * 86_400;
    lib.save(&mut a).unwrap();
    a
}

fn describe(name: &str, c: &Comparison) {
    println!(
        "{name}: repeated {:.0}% (of {:?}), pitch {:?} st vs baseline {:?} ({:?}), pace spread {:?} vs {:?} ({:?}), recited {}: {}",
        c.repeated.as_ref().map_or(0.0, |r| r.share * 100.0),
        c.repeated.as_ref().map(|r| &r.uid[..8]),
        c.delivery.pitch_sd_semitones,
        c.baseline.pitch_sd_semitones,
        c.recital.pitch_change,
        c.delivery.pace_spread,
        c.baseline.pace_spread,
        c.recital.pace_spread_change,
        c.recital.sounds_recited,
        c.recital.message
    );
}

#[test]
fn a_recited_answer_is_flagged_and_a_retold_or_lively_one_is_not_and_notes_are_checked() {
    let data = tempfile::tempdir().unwrap();
    let audio = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(data.path()).unwrap();
    let dir = audio.path();
    // Bullet-point notes for the USMLE question, written before any answer.
    lib.set_notes("usmle-explain", NOTES).unwrap();
    attempt(
        &mut lib,
        dir,
        "about",
        "tell-me-about-yourself",
        ABOUT_ME,
        "high",
        0,
    );
    attempt(
        &mut lib,
        dir,
        "journey",
        "medical-journey",
        JOURNEY,
        "high",
        1,
    );
    let first = attempt(&mut lib, dir, "first", "usmle-explain", SCRIPT, "high", 2);
    let recited = attempt(
        &mut lib,
        dir,
        "recited",
        "usmle-explain",
        SCRIPT,
        "x-low",
        3,
    );
    let retold = attempt(
        &mut lib,
        dir,
        "retold",
        "usmle-explain",
        REWORDED,
        "x-low",
        4,
    );
    let lively = attempt(
        &mut lib,
        dir,
        "lively",
        "usmle-explain",
        SCRIPT,
        "x-high",
        5,
    );

    let c_first = lib.comparison(&first).unwrap();
    describe("first attempt", &c_first);
    assert!(c_first.unrehearsed && c_first.earlier_attempts == 0);
    assert!(!c_first.recital.sounds_recited);

    // The same words again, in a flat voice: both signals agree.
    let c = lib.comparison(&recited).unwrap();
    describe("same text, flat voice", &c);
    assert_eq!(
        c.baseline.answers, 3,
        "two other questions and the first attempt"
    );
    let r = c.repeated.as_ref().unwrap();
    assert_eq!(r.uid, first.uid);
    assert!(
        r.share >= 0.6,
        "the model heard the same words: {}",
        r.share
    );
    assert!(c.recital.sounds_recited, "{}", c.recital.message);
    assert!(c.recital.message.contains("word for word"));
    assert!(
        c.recital
            .message
            .contains("Keep the structure, change the words.")
    );
    // The stretches are placed in the recording.
    assert!(
        r.stretch_starts_s.iter().all(Option::is_some),
        "{:?}",
        r.stretch_starts_s
    );

    // Other words for the same content, just as flat: no repetition, so no note.
    let c = lib.comparison(&retold).unwrap();
    describe("other words, flat voice", &c);
    assert!(
        c.repeated.as_ref().is_none_or(|r| r.share < 0.3),
        "{:?}",
        c.repeated
    );
    assert!(!c.recital.sounds_recited, "{}", c.recital.message);

    // The same words with a lively delivery: repeated, but the voice is not flatter than the
    // baseline, so it is practised rather than recited.
    let c = lib.comparison(&lively).unwrap();
    describe("same text, lively voice", &c);
    assert!(c.repeated.as_ref().unwrap().share >= 0.6);
    assert!(
        c.recital.pitch_change.unwrap() > -0.25,
        "{:?}",
        c.recital.pitch_change
    );
    assert!(!c.recital.sounds_recited, "{}", c.recital.message);
    let p = c.progress.as_ref().unwrap();
    assert_eq!(p.previous_uid, retold.uid);

    // With the script itself as the notes, the recited answer reads them back word for word.
    lib.set_notes("usmle-explain", SCRIPT).unwrap();
    let c = lib.comparison(&recited).unwrap();
    let n = c.notes.as_ref().unwrap();
    println!(
        "script as notes: verbatim {:.2}, {} of {} sentences",
        n.verbatim_share,
        n.covered(),
        n.points.len()
    );
    assert!(n.verbatim_share >= 0.6, "{}", n.verbatim_share);
    assert!(
        c.lines()
            .iter()
            .any(|l| l.warn && l.text.contains("not the script"))
    );
    lib.set_notes("usmle-explain", "  ").unwrap();
    assert_eq!(lib.notes("usmle-explain").unwrap(), None);
    assert!(lib.comparison(&recited).unwrap().notes.is_none());

    // The command line prints the same comparison.
    let json = ok(&cli(
        data.path(),
        &["compare", &recited.uid, &lively.uid, "--json"],
    ));
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["recital"]["sounds_recited"], true);
    assert_eq!(lines[1]["recital"]["sounds_recited"], false);
    assert_eq!(lines[0]["repeated"]["uid"], first.uid.as_str());
    let text = ok(&cli(data.path(), &["compare", &recited.uid[..8]]));
    println!("{text}");
    assert!(text.contains("Sounds recited:"), "{text}");
    assert!(text.contains("Since your"), "{text}");
    drop(lib);

    // The window: History says what changed at each attempt, the review of the recited attempt
    // gives the note with its evidence, and Try again leads to the question's notes.
    let mut h = crate::gui::harness_sized(data.path(), egui::vec2(1280.0, 2400.0));
    h.run();
    h.get_by_label("History").click();
    h.run();
    assert!(h.query_by_label("Since the previous attempt").is_some());
    assert!(
        h.query_all_by_label("first attempt").count() >= 3,
        "three questions' first attempts"
    );
    assert!(h.query_all_by_label_contains("% word for word").count() >= 2);
    // Newest first: lively, retold, recited.
    h.get_all_by_label("Open").nth(2).unwrap().click();
    h.run();
    assert!(
        h.query_by_label("Compared with your other attempts")
            .is_some()
    );
    assert!(h.query_by_label_contains("Sounds recited: ").is_some());
    assert!(
        h.query_by_label_contains("Delivery against your 3 unrehearsed")
            .is_some()
    );
    assert!(h.query_by_label_contains("Since your ").is_some());
    h.get_by_label("Try again").click();
    h.run();
    h.get_by_label_contains("Your notes for this question")
        .click();
    h.run();
    let notes = h.get_by_role(egui::accesskit::Role::MultilineTextInput);
    notes.focus();
    notes.type_text("- own the result\n- the changes\n- the score that shows it");
    h.run();
    // A save that fails says so and leaves the notes in the editor, ready to save again: here
    // the notes folder is a file.
    let folder = data
        .path()
        .join(interview_coach::sessions::compare::NOTES_DIR);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::write(&folder, "not a folder").unwrap();
    h.get_by_label("Save notes").click();
    h.run();
    assert!(
        h.query_by_label_contains("The notes could not be saved")
            .is_some()
    );
    assert!(!h.get_by_label("Save notes").accesskit_node().is_disabled());
    std::fs::remove_file(&folder).unwrap();
    h.get_by_label("Save notes").click();
    h.run();
    // Saved: nothing left to save until the text changes.
    assert!(h.get_by_label("Save notes").accesskit_node().is_disabled());
    let (lib, _) = Library::open(data.path()).unwrap();
    assert_eq!(
        lib.notes("usmle-explain").unwrap().as_deref(),
        Some("- own the result\n- the changes\n- the score that shows it")
    );
}
