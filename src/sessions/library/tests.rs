//! Tests of the library on attempts built by hand: typed answers with made-up word times and a
//! tiny generated WAV, so no Whisper model and no audio fixtures are needed. A student's and a
//! coach's library live side by side in temporary folders and exchange bundles and feedback
//! files as the app does.

use std::path::{Path, PathBuf};

use super::*;
use crate::analysis::Word;
use crate::bank::Bank;
use crate::sessions::test_support::attempt_from_words;

const STUDENT: &str = "Lin Student";
const COACH: &str = "Dr Amara Osei";
const ANSWER_1: &str = "I failed Step 1 on my first attempt, and that was on me. I rebuilt my \
    plan around daily question blocks and passed with a 248 on Step 2.";
const ANSWER_2: &str = "Um, my Step 1 score is lower than I wanted. I, you know, relied on \
    rereading. Now I test myself every day and it shows on the wards.";

/// A library in a fresh folder.
fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let (lib, problems) = Library::open(dir.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    (dir, lib)
}

/// 0.25 s of silence, 16 kHz mono: enough for a recording to be copied and checked.
fn write_wav(path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for _ in 0..4_000 {
        w.write_sample(0i16).unwrap();
    }
    w.finalize().unwrap();
}

/// Records `answer` as the user's own attempt number `n` (with a recording) and saves it.
fn answer(lib: &mut Library, n: u64, text: &str) -> Attempt {
    let (bank, errors) = Bank::bundled();
    assert!(errors.is_empty());
    let question = bank.get("usmle-explain").unwrap();
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word::new(w, 0.5 + i as f64 * 0.4, 0.8 + i as f64 * 0.4))
        .collect();
    let duration = words.last().map_or(1.0, |w| w.end + 0.5);
    let mut a = attempt_from_words(question, words, duration);
    a.id = format!("{}-usmle-explain", 1_760_000_000_000 + n);
    a.created_unix = 1_760_000_000 + n;
    let dir = lib.attempt_dir(&a);
    std::fs::create_dir_all(&dir).unwrap();
    let wav = dir.join(ANSWER_FILE);
    write_wav(&wav);
    a.recording = Some(wav);
    lib.save(&mut a).unwrap();
    a
}

/// Sends the student's attempts to the coach as a bundle; returns the bundle's path.
fn export(student: &Library, uids: &[String], out_dir: &Path, name: &str) -> PathBuf {
    let (bank, _) = Bank::bundled();
    let out = out_dir.join(format!("{name}.icbundle"));
    student.export_bundle(uids, STUDENT, &bank, &out).unwrap();
    out
}

/// The student answers twice and exports both answers as one bundle: the two attempts and the
/// bundle's path.
fn two_answers_exported(student: &mut Library, out_dir: &Path) -> (Attempt, Attempt, PathBuf) {
    let a = answer(student, 1, ANSWER_1);
    let b = answer(student, 2, ANSWER_2);
    let bundle = export(student, &[a.uid.clone(), b.uid.clone()], out_dir, "both");
    (a, b, bundle)
}

fn comment(uid: &str, author: &str, at_s: f64, text: &str) -> Comment {
    Comment {
        id: new_uid(),
        attempt_uid: uid.into(),
        author: author.into(),
        at_s,
        word_index: Some(3),
        text: text.into(),
        created_unix: 1_760_000_500,
    }
}

/// Folders under the library's folder for imported versions waiting in conflicts.
fn incoming(lib: &Library) -> usize {
    std::fs::read_dir(lib.data_dir().join(INCOMING_DIR)).map_or(0, |rd| rd.count())
}

#[test]
fn saved_attempts_are_listed_searched_and_found_after_reopening() {
    let (dir, mut lib) = library();
    let a = answer(&mut lib, 1, ANSWER_1);
    let b = answer(&mut lib, 2, ANSWER_2);
    assert!(!a.uid.is_empty() && a.uid != b.uid);
    let (own, problems) = lib.list(&Who::Own, None).unwrap();
    assert!(problems.is_empty());
    assert_eq!(
        own.iter().map(|x| &x.uid).collect::<Vec<_>>(),
        [&a.uid, &b.uid]
    );
    // The recording is stored relative to the folder and comes back as a full path.
    let record = std::fs::read_to_string(lib.attempt_dir(&a).join(ATTEMPT_FILE)).unwrap();
    assert!(record.contains("\"recording\": \"answer.wav\""), "{record}");
    assert_eq!(
        own[0].recording,
        Some(lib.attempt_dir(&a).join(ANSWER_FILE))
    );
    // Search is case-insensitive and literal ("%" is not a wildcard).
    let (found, _) = lib.list(&Who::Own, Some("REREADING")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].uid, b.uid);
    assert!(lib.list(&Who::Own, Some("100%")).unwrap().0.is_empty());
    assert!(
        lib.list(&Who::Student(STUDENT.into()), None)
            .unwrap()
            .0
            .is_empty()
    );
    // A unique prefix of a uid finds the attempt; an unknown one does not.
    assert_eq!(lib.get(&a.uid[..8]).unwrap().uid, a.uid);
    assert!(matches!(lib.get("ffff"), Err(LibraryError::NotFound(_))));
    drop(lib);
    let (lib, problems) = Library::open(dir.path()).unwrap();
    assert!(problems.is_empty());
    assert_eq!(lib.list(&Who::Own, None).unwrap().0, own);
}

#[test]
fn an_unreadable_record_is_reported_not_dropped() {
    let (dir, mut lib) = library();
    let a = answer(&mut lib, 1, ANSWER_1);
    drop(lib);
    let bad = dir.path().join("attempts").join("broken");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join(ATTEMPT_FILE), "{ not json").unwrap();
    let (lib, problems) = Library::open(dir.path()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("broken"), "{problems:?}");
    assert_eq!(lib.list(&Who::Own, None).unwrap().0.len(), 1);
    assert_eq!(lib.get(&a.uid).unwrap().uid, a.uid);
}

#[test]
fn a_bundle_reaches_the_coach_once() {
    let (out, _) = library();
    let (_s, mut student) = library();
    let (_c, mut coach) = library();
    let (a, _b, bundle) = two_answers_exported(&mut student, out.path());

    let summary = coach.import_any(&bundle).unwrap();
    assert_eq!(summary.from, STUDENT);
    assert_eq!((summary.attempts_added, summary.attempts_unchanged), (2, 0));
    assert_eq!(summary.conflicts, 0);
    let (theirs, _) = coach.list(&Who::Student(STUDENT.into()), None).unwrap();
    assert_eq!(theirs.len(), 2);
    assert!(coach.list(&Who::Own, None).unwrap().0.is_empty());
    let got = coach.get(&a.uid).unwrap();
    assert_eq!(got.student.as_deref(), Some(STUDENT));
    assert_eq!(got.report.transcript, a.report.transcript);
    assert!(coach.recording_path(&got).unwrap().is_file());
    // The student's folders stay private: the coach sees file names only.
    assert_eq!(got.report.file, ANSWER_FILE);
    assert!(!got.report.model.path.contains('/'));
    let students = coach.students().unwrap();
    assert_eq!(students.len(), 1);
    assert_eq!(
        (students[0].name.as_str(), students[0].attempts),
        (STUDENT, 2)
    );
    // Under a folder-safe form of the student's name.
    assert!(
        coach
            .attempt_dir(&got)
            .starts_with(coach.data_dir().join("students").join("Lin_Student"))
    );

    let again = coach.import_bundle(&bundle).unwrap();
    assert_eq!((again.attempts_added, again.attempts_unchanged), (0, 2));
    assert_eq!(again.conflicts, 0);
    assert_eq!(coach.list(&Who::All, None).unwrap().0.len(), 2);
    // Nothing is left of the staging folders.
    let leftovers = std::fs::read_dir(coach.data_dir())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with('.')
        })
        .count();
    assert_eq!(leftovers, 0);
}

/// The student's attempt reaches the coach, the coach comments and scores it, then the student
/// re-analyses it (a new app version) and sends it again. Returns the coach's library, the
/// attempt's uid and the second bundle.
fn changed_version() -> (Vec<tempfile::TempDir>, Library, String, PathBuf) {
    let (out, _) = library();
    let (s, mut student) = library();
    let (c, mut coach) = library();
    let mut a = answer(&mut student, 1, ANSWER_1);
    let first = export(&student, std::slice::from_ref(&a.uid), out.path(), "first");
    coach.import_bundle(&first).unwrap();
    coach
        .put_comment(&comment(&a.uid, COACH, 2.0, "Good opening."))
        .unwrap();
    coach
        .set_coach_score(&a.uid, COACH, "growth", Some(70))
        .unwrap();
    a.app_version = "9.9.9".into();
    student.save(&mut a).unwrap();
    let second = export(&student, std::slice::from_ref(&a.uid), out.path(), "second");
    (vec![out, s, c], coach, a.uid, second)
}

#[test]
fn a_different_version_is_a_conflict_and_taking_theirs_keeps_the_feedback() {
    let (_dirs, mut coach, uid, second) = changed_version();
    let summary = coach.import_bundle(&second).unwrap();
    assert_eq!((summary.attempts_added, summary.attempts_unchanged), (0, 0));
    assert_eq!(summary.conflicts, 1);
    // Nothing was overwritten yet.
    assert_eq!(
        coach.get(&uid).unwrap().app_version,
        env!("CARGO_PKG_VERSION")
    );
    let conflicts = coach.conflicts(&uid).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].can_take_theirs);
    assert!(conflicts[0].what.contains(STUDENT), "{}", conflicts[0].what);
    assert!(conflicts[0].theirs.contains("9.9.9"));
    assert_eq!(incoming(&coach), 1);
    // The same bundle again: the same conflict, not a second one.
    assert_eq!(coach.import_bundle(&second).unwrap().conflicts, 0);
    assert_eq!(coach.conflicts(&uid).unwrap().len(), 1);
    assert_eq!(incoming(&coach), 1);

    coach.resolve_conflict(conflicts[0].id, true).unwrap();
    let now = coach.get(&uid).unwrap();
    assert_eq!(now.app_version, "9.9.9");
    assert_eq!(now.student.as_deref(), Some(STUDENT));
    assert!(coach.recording_path(&now).unwrap().is_file());
    assert!(coach.conflicts(&uid).unwrap().is_empty());
    assert_eq!(incoming(&coach), 0);
    // Comments and scores belong to the attempt, not to a version of it.
    assert_eq!(coach.comments(&uid).unwrap().len(), 1);
    assert_eq!(coach.coach_scores(&uid).unwrap()[0].score, 70);
    // The index follows the new record across a reopen.
    let data = coach.data_dir().to_path_buf();
    drop(coach);
    let (coach, problems) = Library::open(&data).unwrap();
    assert!(problems.is_empty());
    assert_eq!(coach.get(&uid).unwrap().app_version, "9.9.9");
}

#[test]
fn keeping_mine_drops_the_imported_version() {
    let (_dirs, mut coach, uid, second) = changed_version();
    coach.import_bundle(&second).unwrap();
    let before = coach.get(&uid).unwrap();
    let id = coach.conflicts(&uid).unwrap()[0].id;
    coach.resolve_conflict(id, false).unwrap();
    assert_eq!(coach.get(&uid).unwrap(), before);
    assert!(coach.conflicts(&uid).unwrap().is_empty());
    assert_eq!(incoming(&coach), 0);
    // Settled conflicts cannot be settled twice.
    assert!(matches!(
        coach.resolve_conflict(id, true),
        Err(LibraryError::Invalid(_))
    ));
}

/// A student's attempt that the coach has, with the coach's feedback file on it.
struct Exchange {
    _dirs: Vec<tempfile::TempDir>,
    student: Library,
    coach: Library,
    uid: String,
    out: PathBuf,
}

fn exchange() -> Exchange {
    let (out, _) = library();
    let (s, mut student) = library();
    let (c, mut coach) = library();
    let a = answer(&mut student, 1, ANSWER_1);
    let bundle = export(&student, std::slice::from_ref(&a.uid), out.path(), "b");
    coach.import_bundle(&bundle).unwrap();
    let out_path = out.path().to_path_buf();
    Exchange {
        _dirs: vec![out, s, c],
        student,
        coach,
        uid: a.uid,
        out: out_path,
    }
}

impl Exchange {
    fn send_feedback(&self, name: &str) -> PathBuf {
        let path = self.out.join(format!("{name}.icfeedback"));
        self.coach.export_feedback(STUDENT, COACH, &path).unwrap();
        path
    }
}

#[test]
fn feedback_merges_new_comments_and_scores_and_skips_known_ones() {
    let mut x = exchange();
    let c = comment(&x.uid, COACH, 3.5, "Say the number slower.");
    x.coach.put_comment(&c).unwrap();
    x.coach
        .set_coach_score(&x.uid, COACH, "ownership", Some(85))
        .unwrap();
    x.coach
        .set_coach_score(&x.uid, COACH, "brevity", Some(60))
        .unwrap();
    // Another author's comment is not the coach's to send.
    x.coach
        .put_comment(&comment(&x.uid, "Someone Else", 1.0, "Not mine."))
        .unwrap();
    // The student already has a note of their own.
    x.student
        .put_comment(&comment(&x.uid, STUDENT, 0.5, "Felt rushed."))
        .unwrap();
    let file = x.send_feedback("f1");

    let summary = x.student.import_any(&file).unwrap();
    assert_eq!(summary.from, COACH);
    assert_eq!((summary.comments_added, summary.scores_added), (1, 2));
    assert_eq!((summary.unchanged, summary.conflicts), (0, 0));
    let comments = x.student.comments(&x.uid).unwrap();
    assert_eq!(comments.len(), 2);
    // In time order: the student's own note first.
    assert_eq!(comments[0].author, STUDENT);
    assert_eq!(comments[1], c);
    let scores = x.student.coach_scores(&x.uid).unwrap();
    assert_eq!(
        scores
            .iter()
            .map(|s| (s.dimension.as_str(), s.score))
            .collect::<Vec<_>>(),
        [("brevity", 60), ("ownership", 85)]
    );

    let again = x.student.import_feedback(&file).unwrap();
    assert_eq!((again.comments_added, again.scores_added), (0, 0));
    assert_eq!((again.unchanged, again.conflicts), (3, 0));
    assert_eq!(x.student.comments(&x.uid).unwrap().len(), 2);
}

#[test]
fn changed_feedback_becomes_conflicts_and_each_side_can_be_taken() {
    let mut x = exchange();
    let mut c = comment(&x.uid, COACH, 3.5, "Say the number slower.");
    x.coach.put_comment(&c).unwrap();
    x.coach
        .set_coach_score(&x.uid, COACH, "growth", Some(50))
        .unwrap();
    let first = x.send_feedback("f1");
    x.student.import_feedback(&first).unwrap();

    c.text = "Say the number slower, then pause.".into();
    x.coach.put_comment(&c).unwrap();
    x.coach
        .set_coach_score(&x.uid, COACH, "growth", Some(65))
        .unwrap();
    let second = x.send_feedback("f2");
    let summary = x.student.import_feedback(&second).unwrap();
    assert_eq!(summary.conflicts, 2);
    assert_eq!((summary.comments_added, summary.scores_added), (0, 0));
    // Nothing was overwritten.
    assert_eq!(
        x.student.comments(&x.uid).unwrap()[0].text,
        "Say the number slower."
    );
    assert_eq!(x.student.coach_scores(&x.uid).unwrap()[0].score, 50);
    // The same file again adds no second pair of conflicts.
    let again = x.student.import_feedback(&second).unwrap();
    assert_eq!((again.conflicts, again.unchanged), (0, 2));

    let conflicts = x.student.conflicts(&x.uid).unwrap();
    assert_eq!(conflicts.len(), 2);
    assert!(conflicts.iter().all(|c| c.can_take_theirs));
    let on_comment = conflicts
        .iter()
        .find(|c| c.what.starts_with("Comment by"))
        .unwrap();
    assert_eq!(on_comment.what, format!("Comment by {COACH} at 0:03"));
    let on_score = conflicts
        .iter()
        .find(|c| c.what.contains("score for growth"))
        .unwrap();
    x.student.resolve_conflict(on_comment.id, true).unwrap();
    x.student.resolve_conflict(on_score.id, false).unwrap();
    assert_eq!(x.student.comments(&x.uid).unwrap()[0].text, c.text);
    assert_eq!(x.student.coach_scores(&x.uid).unwrap()[0].score, 50);
    assert!(x.student.conflicts(&x.uid).unwrap().is_empty());

    // Taking the coach's score later is possible too.
    x.coach
        .set_coach_score(&x.uid, COACH, "growth", Some(90))
        .unwrap();
    let third = x.send_feedback("f3");
    x.student.import_feedback(&third).unwrap();
    let id = x.student.conflicts(&x.uid).unwrap()[0].id;
    x.student.resolve_conflict(id, true).unwrap();
    assert_eq!(x.student.coach_scores(&x.uid).unwrap()[0].score, 90);
}

#[test]
fn feedback_for_unknown_attempts_is_skipped_and_named() {
    let mut x = exchange();
    x.coach
        .put_comment(&comment(&x.uid, COACH, 1.0, "Fine."))
        .unwrap();
    let file = x.send_feedback("f");
    let (_d, mut stranger) = library();
    let summary = stranger.import_feedback(&file).unwrap();
    assert_eq!(summary.comments_added, 0);
    assert_eq!(summary.unknown_attempts.len(), 1);
    assert!(summary.to_string().contains("not in this library"));
}

#[test]
fn exporting_needs_a_name_and_something_to_send() {
    let mut x = exchange();
    let (bank, _) = Bank::bundled();
    let out = x.out.join("x.icbundle");
    for name in ["", "   ", "Lin\nStudent"] {
        let e = x
            .student
            .export_bundle(std::slice::from_ref(&x.uid), name, &bank, &out)
            .unwrap_err();
        assert!(e.to_string().contains("set your name"), "{name:?}: {e}");
    }
    assert!(x.student.export_bundle(&[], STUDENT, &bank, &out).is_err());
    assert!(!out.exists());
    let fb = x.out.join("x.icfeedback");
    // No comments or scores yet.
    let e = x.coach.export_feedback(STUDENT, COACH, &fb).unwrap_err();
    assert!(e.to_string().contains("no comments or scores"), "{e}");
    let e = x.coach.export_feedback("Nobody", COACH, &fb).unwrap_err();
    assert!(e.to_string().contains("no attempts"), "{e}");
    x.coach
        .set_coach_score(&x.uid, COACH, "context", Some(40))
        .unwrap();
    let e = x.coach.export_feedback(STUDENT, "\u{7}", &fb).unwrap_err();
    assert!(e.to_string().contains("control characters"), "{e}");
    assert!(!fb.exists());
}

#[test]
fn comments_and_scores_are_checked_edited_and_cleared() {
    let (_d, mut lib) = library();
    let a = answer(&mut lib, 1, ANSWER_1);
    let mut c = comment(&a.uid, STUDENT, 1.0, "First try.");
    assert!(
        lib.put_comment(&Comment {
            text: "  ".into(),
            ..c.clone()
        })
        .is_err()
    );
    assert!(
        lib.put_comment(&Comment {
            at_s: f64::NAN,
            ..c.clone()
        })
        .is_err()
    );
    lib.put_comment(&c).unwrap();
    c.text = "Second thought.".into();
    lib.put_comment(&c).unwrap();
    assert_eq!(lib.comments(&a.uid).unwrap(), [c.clone()]);
    lib.delete_comment(&c.id).unwrap();
    assert!(lib.comments(&a.uid).unwrap().is_empty());

    assert!(
        lib.set_coach_score(&a.uid, STUDENT, "charisma", Some(5))
            .is_err()
    );
    assert!(
        lib.set_coach_score(&a.uid, STUDENT, "growth", Some(101))
            .is_err()
    );
    lib.set_coach_score(&a.uid, STUDENT, "growth", Some(40))
        .unwrap();
    lib.set_coach_score(&a.uid, STUDENT, "growth", Some(45))
        .unwrap();
    assert_eq!(lib.coach_scores(&a.uid).unwrap()[0].score, 45);
    lib.set_coach_score(&a.uid, STUDENT, "growth", None)
        .unwrap();
    assert!(lib.coach_scores(&a.uid).unwrap().is_empty());
}

#[test]
fn delete_removes_the_attempt_its_feedback_conflicts_and_waiting_versions() {
    let (_dirs, mut coach, uid, second) = changed_version();
    coach.import_bundle(&second).unwrap();
    assert_eq!(incoming(&coach), 1);
    let dir = coach.attempt_dir(&coach.get(&uid).unwrap());
    assert!(dir.is_dir());

    let gone = coach.delete(&uid).unwrap();
    assert_eq!(gone.uid, uid);
    assert!(!dir.exists());
    assert!(matches!(coach.get(&uid), Err(LibraryError::NotFound(_))));
    assert!(!coach.exists(&uid).unwrap());
    assert!(coach.comments(&uid).unwrap().is_empty());
    assert!(coach.coach_scores(&uid).unwrap().is_empty());
    assert!(coach.conflicts(&uid).unwrap().is_empty());
    assert_eq!(incoming(&coach), 0);
    assert!(coach.students().unwrap().is_empty());
    // Deleted stays deleted across a reopen, and the bundle can bring it back.
    let data = coach.data_dir().to_path_buf();
    drop(coach);
    let (mut coach, _) = Library::open(&data).unwrap();
    assert!(!coach.exists(&uid).unwrap());
    assert_eq!(coach.import_bundle(&second).unwrap().attempts_added, 1);
    assert!(matches!(
        coach.delete("ffffffff"),
        Err(LibraryError::NotFound(_))
    ));
}

#[test]
fn a_report_is_written_for_one_attempt_or_several() {
    let (d, mut lib) = library();
    let a = answer(&mut lib, 1, ANSWER_1);
    let b = answer(&mut lib, 2, ANSWER_2);
    let one = d.path().join("one.html");
    lib.write_report(std::slice::from_ref(&a.uid), &one)
        .unwrap();
    let html = std::fs::read_to_string(&one).unwrap();
    assert!(html.contains("Interview practice:"), "{}", &html[..200]);
    let both = d.path().join("both.html");
    lib.write_report(&[a.uid.clone(), b.uid.clone()], &both)
        .unwrap();
    assert!(
        std::fs::read_to_string(&both)
            .unwrap()
            .contains("Mock interview: 2 questions")
    );
    assert!(lib.write_report(&[], &both).is_err());
}

#[test]
fn a_feedback_comment_reusing_another_comments_id_is_refused_not_merged() {
    let mut x = exchange();
    // The student's own note on another attempt.
    let other = answer(&mut x.student, 2, ANSWER_1);
    let mine = comment(&other.uid, STUDENT, 2.0, "Remember to breathe.");
    x.student.put_comment(&mine).unwrap();
    // A feedback file whose comment carries that same id, on the first attempt.
    let mut reused = comment(&x.uid, COACH, 1.0, "Overwritten?");
    reused.id = mine.id.clone();
    x.coach.put_comment(&reused).unwrap();
    let file = x.send_feedback("reused");

    let e = x.student.import_feedback(&file).unwrap_err();
    assert!(e.to_string().contains("already belongs"), "{e}");
    // Nothing was changed: the note keeps its author, text and attempt; nothing was added.
    assert_eq!(x.student.comments(&other.uid).unwrap(), vec![mine.clone()]);
    assert!(x.student.comments(&x.uid).unwrap().is_empty());

    // Editing through the library cannot take over someone else's comment either.
    let mut takeover = mine.clone();
    takeover.author = COACH.into();
    takeover.text = "Not yours.".into();
    assert!(x.student.put_comment(&takeover).is_err());
    assert_eq!(x.student.comments(&other.uid).unwrap(), vec![mine]);
}

#[test]
fn a_feedback_file_using_one_comment_id_twice_is_refused() {
    let mut x = exchange();
    x.coach
        .put_comment(&comment(&x.uid, COACH, 1.0, "First."))
        .unwrap();
    let file = x.send_feedback("twice");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let comments = v["attempts"][0]["comments"].as_array_mut().unwrap();
    let mut copy = comments[0].clone();
    copy["text"] = "Second, same id.".into();
    comments.push(copy);
    std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();

    let e = x.student.import_feedback(&file).unwrap_err();
    assert!(e.to_string().contains("used by another comment"), "{e}");
    assert!(x.student.comments(&x.uid).unwrap().is_empty());
}

#[test]
fn opening_the_library_keeps_another_processs_import_and_clears_dead_ones() {
    let (dir, lib) = library();
    drop(lib);
    // A process that has exited: its id names no running process any more.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    let live_import = dir.path().join(format!(".staging-{live}-{}", new_uid()));
    let live_trash = dir.path().join(format!(".trash-{live}-{}-1", new_uid()));
    let dead_import = dir.path().join(format!(".staging-{dead}-{}", new_uid()));
    // A name without a process id (an older build's): kept while it is young, also when its
    // uid's first group is all digits.
    let unnamed = dir.path().join(format!(".staging-{}", new_uid()));
    let digits_first = dir
        .path()
        .join(".staging-12345678-aaaa-4bbb-8ccc-dddddddddddd");
    for d in [
        &live_import,
        &live_trash,
        &dead_import,
        &unnamed,
        &digits_first,
    ] {
        std::fs::create_dir_all(d.join("inside")).unwrap();
    }

    let (_lib, problems) = Library::open(dir.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        live_import.exists(),
        "a running import's staging folder was removed"
    );
    assert!(live_trash.exists());
    assert!(unnamed.exists());
    assert!(
        digits_first.exists(),
        "a young folder without a process id was removed"
    );
    assert!(
        !dead_import.exists(),
        "a dead import's staging folder was left"
    );
}

#[test]
fn a_feedback_file_naming_one_attempt_twice_is_refused_with_a_clear_message() {
    let mut x = exchange();
    x.coach
        .set_coach_score(&x.uid, COACH, "growth", Some(70))
        .unwrap();
    let file = x.send_feedback("dup");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let attempts = v["attempts"].as_array_mut().unwrap();
    let mut copy = attempts[0].clone();
    copy["scores"]["growth"] = 20.into();
    attempts.push(copy);
    std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();

    let e = x.student.import_feedback(&file).unwrap_err().to_string();
    assert!(e.contains("appears twice"), "{e}");
    assert!(!e.contains("UNIQUE"), "raw SQLite message: {e}");
    assert!(x.student.coach_scores(&x.uid).unwrap().is_empty());
}

#[test]
fn a_students_attempts_are_compared_among_themselves_with_the_coachs_notes() {
    let (out, _) = library();
    let (_s, mut student) = library();
    let (_c, mut coach) = library();
    student
        .set_notes("usmle-explain", "- the student's private plan")
        .unwrap();
    let (_a, b, bundle) = two_answers_exported(&mut student, out.path());
    coach.import_any(&bundle).unwrap();
    // The coach's own attempt at the same question is not one of the student's.
    let own = answer(&mut coach, 3, ANSWER_1);
    let got = coach.get(&b.uid).unwrap();
    let c = coach.comparison(&got).unwrap();
    assert_eq!(c.earlier_attempts, 1, "only the student's first attempt");
    assert!(
        c.notes.is_none(),
        "the student's notes stay on the student's machine"
    );
    coach
        .set_notes("usmle-explain", "- owns the result\n- names what changed")
        .unwrap();
    let c = coach.comparison(&got).unwrap();
    assert_eq!(c.notes.as_ref().map(|n| n.points.len()), Some(2));
    assert_eq!(coach.comparison(&own).unwrap().earlier_attempts, 0);
}
