//! Sessions that last and the coach workflow, on real attempts: real speech transcribed by the
//! real model, scored, stored, exported, imported on a second data folder, commented on through
//! the command line, and the feedback brought back.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use interview_coach::bank::Bank;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file};
use interview_coach::sessions::bundle::Limits;
use interview_coach::sessions::library::Who;
use interview_coach::sessions::{Attempt, Library, db, new_uid, now_unix};

use crate::common::{fetched, jfk_wav, transcriber};

/// The binary with its data folder set.
pub(crate) fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .env("INTERVIEW_COACH_DATA_DIR", data)
        .arg("sessions")
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "command failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Records a real attempt: copies the recording into a new attempt folder, transcribes and
/// scores it, and saves it, as the app's worker does.
pub fn real_attempt(
    lib: &mut Library,
    wav: &Path,
    question_id: &str,
    mock: Option<&str>,
) -> Attempt {
    let (bank, _) = Bank::bundled();
    let question = bank.get(question_id).unwrap().clone();
    let (id, dir) = lib.new_attempt_dir(question_id).unwrap();
    let copy = dir.join("answer.wav");
    std::fs::copy(wav, &copy).unwrap();
    let (report, _) = analyze_file(
        &copy,
        "tiny.en",
        transcriber(),
        &AnalyzeOptions::default(),
        None,
    )
    .unwrap();
    let mut a = Attempt::scored(id, &question, report, Some(copy));
    a.mock_id = mock.map(str::to_string);
    lib.save(&mut a).unwrap();
    a
}

/// Every file under `dir` with its size, for "nothing was written" checks.
fn tree(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                // SQLite's write-ahead files change size on every open; rows are compared instead.
                if !name.starts_with("library.sqlite3") {
                    out.insert(p.clone(), e.metadata().unwrap().len());
                }
            }
        }
    }
    out
}

#[test]
fn student_to_coach_and_back() {
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(student.path()).unwrap();
    let mock = new_uid();
    let a1 = real_attempt(&mut lib, &fetched("fillers.wav"), "step1-fail", Some(&mock));
    let a2 = real_attempt(&mut lib, &jfk_wav(), "why-specialty", Some(&mock));
    drop(lib);

    // The student exports the whole mock interview.
    let bundle = files.path().join("priya.icbundle");
    let out = cli(
        student.path(),
        &[
            "export",
            "--mock",
            &mock,
            "--out",
            bundle.to_str().unwrap(),
            "--name",
            "Priya N.",
        ],
    );
    assert!(ok(&out).contains("2 attempt(s)"));

    // The coach imports it; a second import adds nothing.
    let first = ok(&cli(coach.path(), &["import", bundle.to_str().unwrap()]));
    assert!(first.contains("2 attempt(s) added"), "{first}");
    let again = ok(&cli(coach.path(), &["import", bundle.to_str().unwrap()]));
    assert!(
        again.contains("0 attempt(s) added, 2 already here"),
        "{again}"
    );
    let students = ok(&cli(coach.path(), &["students"]));
    assert!(students.contains("Priya N.  (2 attempts)"), "{students}");

    {
        let (clib, _) = Library::open(coach.path()).unwrap();
        let (theirs, problems) = clib.list(&Who::Student("Priya N.".into()), None).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(theirs.len(), 2);
        for (mine, theirs) in [&a1, &a2].into_iter().zip(&theirs) {
            assert_eq!(mine.uid, theirs.uid);
            assert_eq!(mine.report.transcript, theirs.report.transcript);
            assert_eq!(mine.report.score, theirs.report.score);
            assert_eq!(theirs.student.as_deref(), Some("Priya N."));
            // The recording arrived byte for byte.
            assert_eq!(
                std::fs::read(mine.recording.as_ref().unwrap()).unwrap(),
                std::fs::read(theirs.recording.as_ref().unwrap()).unwrap()
            );
        }
        // The question pack came along.
        assert!(
            coach
                .path()
                .join("students/Priya_N_/packs/scores.toml")
                .is_file()
        );
        // The coach's own history is untouched.
        assert!(clib.list(&Who::Own, None).unwrap().0.is_empty());
    }

    // The coach comments at a moment and scores a dimension.
    let uid = &a1.uid[..8];
    ok(&cli(
        coach.path(),
        &[
            "comment",
            uid,
            "--at",
            "4.5",
            "--text",
            "Say the result plainly here.",
            "--author",
            "Dr Okafor",
        ],
    ));
    ok(&cli(
        coach.path(),
        &[
            "score",
            uid,
            "--dimension",
            "growth",
            "--value",
            "55",
            "--author",
            "Dr Okafor",
        ],
    ));
    let fb = files.path().join("for-priya.icfeedback");
    let send_feedback = || {
        ok(&cli(
            coach.path(),
            &[
                "feedback",
                "--student",
                "Priya N.",
                "--out",
                fb.to_str().unwrap(),
                "--author",
                "Dr Okafor",
            ],
        ))
    };
    let out = send_feedback();
    assert!(out.contains("1 attempt(s)"), "{out}");
    // Feedback is small: no recordings or transcripts in it.
    assert!(std::fs::metadata(&fb).unwrap().len() < 4096);

    // The student imports the feedback and sees it on the attempt; twice changes nothing.
    let out = ok(&cli(student.path(), &["import", fb.to_str().unwrap()]));
    assert!(
        out.contains("1 comment(s) and 1 coach score(s) added"),
        "{out}"
    );
    let out = ok(&cli(student.path(), &["import", fb.to_str().unwrap()]));
    assert!(
        out.contains("0 comment(s) and 0 coach score(s) added, 2 already here"),
        "{out}"
    );
    let shown = ok(&cli(student.path(), &["show", uid]));
    assert!(
        shown.contains("[0:04] Dr Okafor: Say the result plainly here."),
        "{shown}"
    );
    assert!(shown.contains("coach: Dr Okafor 55"), "{shown}");

    // The coach edits the comment and the score and sends feedback again: the student's copy is
    // not overwritten; both versions are kept as conflicts until the student decides.
    {
        let (mut clib, _) = Library::open(coach.path()).unwrap();
        let mut c = clib.comments(&a1.uid).unwrap().remove(0);
        c.text = "Say the result plainly, then move on.".into();
        clib.put_comment(&c).unwrap();
        clib.set_coach_score(&a1.uid, "Dr Okafor", "growth", Some(65))
            .unwrap();
    }
    send_feedback();
    let out = ok(&cli(student.path(), &["import", fb.to_str().unwrap()]));
    assert!(out.contains("2 conflict(s)"), "{out}");
    // Importing the same file again records no new conflicts.
    let out = ok(&cli(student.path(), &["import", fb.to_str().unwrap()]));
    assert!(!out.contains("conflict"), "{out}");
    let (mut slib, _) = Library::open(student.path()).unwrap();
    assert_eq!(
        slib.comments(&a1.uid).unwrap()[0].text,
        "Say the result plainly here."
    );
    let conflicts = slib.conflicts(&a1.uid).unwrap();
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    for c in &conflicts {
        slib.resolve_conflict(c.id, true).unwrap();
    }
    assert_eq!(
        slib.comments(&a1.uid).unwrap()[0].text,
        "Say the result plainly, then move on."
    );
    assert_eq!(slib.coach_scores(&a1.uid).unwrap()[0].score, 65);
    assert!(slib.conflicts(&a1.uid).unwrap().is_empty());
}

#[test]
fn deleting_removes_files_and_rows_after_asking() {
    let data = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(data.path()).unwrap();
    let a = real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    lib.put_comment(&interview_coach::sessions::Comment {
        id: new_uid(),
        attempt_uid: a.uid.clone(),
        author: "Me".into(),
        at_s: 1.0,
        word_index: None,
        text: "note".into(),
        created_unix: now_unix(),
    })
    .unwrap();
    drop(lib);
    let folder = a
        .recording
        .as_ref()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    // Answering "no" keeps everything.
    let mut child = Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .env("INTERVIEW_COACH_DATA_DIR", data.path())
        .args(["sessions", "delete", &a.uid])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing deleted"));
    assert!(folder.join("answer.wav").is_file());
    ok(&cli(data.path(), &["delete", &a.uid, "--yes"]));
    assert!(!folder.exists());
    let (lib, _) = Library::open(data.path()).unwrap();
    assert!(lib.list(&Who::All, None).unwrap().0.is_empty());
    assert!(lib.comments(&a.uid).unwrap().is_empty());
    assert!(lib.get(&a.uid).is_err());
}

#[test]
fn older_index_and_records_from_before_the_index_are_carried_forward() {
    let data = tempfile::tempdir().unwrap();
    // An attempt as the app stored it before sessions existed: no uid, absolute recording path.
    let (mut scratch, _) = Library::open(&data.path().join("scratch")).unwrap();
    let real = real_attempt(&mut scratch, &jfk_wav(), "why-specialty", None);
    let legacy_dir = data.path().join("attempts").join(&real.id);
    std::fs::create_dir_all(&legacy_dir).unwrap();
    std::fs::copy(
        real.recording.as_ref().unwrap(),
        legacy_dir.join("answer.wav"),
    )
    .unwrap();
    let mut v = serde_json::to_value(&real).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("uid");
    obj.remove("mock_id");
    obj["recording"] = serde_json::json!(legacy_dir.join("answer.wav"));
    std::fs::write(
        legacy_dir.join("attempt.json"),
        serde_json::to_vec_pretty(&v).unwrap(),
    )
    .unwrap();
    // An index at schema version 1 (before comments and students) with one row.
    {
        let mut conn = rusqlite::Connection::open(data.path().join("library.sqlite3")).unwrap();
        db::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(db::version(&conn).unwrap(), 1);
    }

    let (lib, problems) = Library::open(data.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lib.migrated_from, 1);
    let conn = rusqlite::Connection::open(data.path().join("library.sqlite3")).unwrap();
    assert_eq!(db::version(&conn).unwrap(), db::SCHEMA_VERSION);
    let (list, _) = lib.list(&Who::Own, None).unwrap();
    assert_eq!(list.len(), 1);
    let a = &list[0];
    assert_eq!(a.report.transcript, real.report.transcript);
    assert_eq!(a.uid.len(), 36, "a uid was assigned: {}", a.uid);
    assert_eq!(
        a.recording.as_deref(),
        Some(legacy_dir.join("answer.wav").as_path())
    );
    // The record now carries the uid and a relative recording path, so it survives a move.
    let stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(legacy_dir.join("attempt.json")).unwrap()).unwrap();
    assert_eq!(stored["uid"], serde_json::json!(a.uid));
    assert_eq!(stored["recording"], serde_json::json!("answer.wav"));
    // Search goes through the index.
    assert_eq!(lib.list(&Who::Own, Some("COUNTRY")).unwrap().0.len(), 1);
    assert!(lib.list(&Who::Own, Some("zebra")).unwrap().0.is_empty());
    // A second open finds the same uid (it was written back, not re-invented).
    drop(lib);
    let (lib, _) = Library::open(data.path()).unwrap();
    assert_eq!(lib.list(&Who::Own, None).unwrap().0[0].uid, a.uid);
}

#[test]
fn a_reanalysis_replaces_the_result_only_when_saved() {
    let data = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(data.path()).unwrap();
    let a = real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    let record = a
        .recording
        .as_ref()
        .unwrap()
        .parent()
        .unwrap()
        .join("attempt.json");
    let before = std::fs::read(&record).unwrap();
    // A new result for the same attempt, made with another model name.
    let mut b = a.clone();
    b.report.model.name = "base.en".into();
    // Until it is saved, the stored record is the old one.
    assert_eq!(std::fs::read(&record).unwrap(), before);
    lib.save(&mut b).unwrap();
    let (list, _) = lib.list(&Who::Own, None).unwrap();
    assert_eq!(list.len(), 1, "a re-analysis does not add an attempt");
    assert_eq!(list[0].report.model.name, "base.en");
    assert_eq!(list[0].uid, a.uid);
}

#[test]
fn a_newer_version_sent_again_can_replace_the_coach_copy_or_be_declined() {
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let (mut slib, _) = Library::open(student.path()).unwrap();
    let a = real_attempt(&mut slib, &jfk_wav(), "why-specialty", None);
    let (bank, _) = Bank::bundled();
    let send = |lib: &Library, name: &str| {
        let out = files.path().join(name);
        lib.export_bundle(std::slice::from_ref(&a.uid), "Ana", &bank, &out)
            .unwrap();
        out
    };
    let first = send(&slib, "1.icbundle");
    let (mut clib, _) = Library::open(coach.path()).unwrap();
    assert_eq!(clib.import_bundle(&first).unwrap().attempts_added, 1);
    let note = interview_coach::sessions::Comment {
        id: new_uid(),
        attempt_uid: a.uid.clone(),
        author: "Dr Lee".into(),
        at_s: 1.0,
        word_index: None,
        text: "Strong start.".into(),
        created_unix: now_unix(),
    };
    clib.put_comment(&note).unwrap();
    let recording = clib.recording_path(&clib.get(&a.uid).unwrap()).unwrap();
    let wav_before = std::fs::read(&recording).unwrap();
    let incoming = || -> Vec<PathBuf> {
        std::fs::read_dir(coach.path().join("incoming"))
            .map(|rd| rd.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    };

    // The student re-analyses (as with a newer model) and sends the attempt again.
    let mut newer = a.clone();
    newer.report.model.name = "base.en".into();
    slib.save(&mut newer).unwrap();
    let second = send(&slib, "2.icbundle");
    let summary = clib.import_bundle(&second).unwrap();
    assert_eq!((summary.attempts_added, summary.conflicts), (0, 1));
    assert_eq!(
        clib.get(&a.uid).unwrap().report.model.name,
        "tiny.en",
        "not overwritten"
    );
    // Sending the same version again neither adds a conflict nor stores its files twice.
    let again = clib.import_bundle(&second).unwrap();
    assert_eq!(again.conflicts, 0);
    assert_eq!(incoming().len(), 1);
    let conflicts = clib.conflicts(&a.uid).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].can_take_theirs, "{conflicts:?}");

    // Taking theirs replaces the record; the id, the comment and the recording stay.
    clib.resolve_conflict(conflicts[0].id, true).unwrap();
    let now = clib.get(&a.uid).unwrap();
    assert_eq!(now.report.model.name, "base.en");
    assert_eq!(now.student.as_deref(), Some("Ana"));
    assert_eq!(clib.comments(&a.uid).unwrap(), vec![note.clone()]);
    assert_eq!(
        std::fs::read(clib.recording_path(&now).unwrap()).unwrap(),
        wav_before
    );
    assert!(clib.conflicts(&a.uid).unwrap().is_empty());
    assert!(incoming().is_empty(), "the waiting copy was used up");
    assert_eq!(clib.students().unwrap()[0].attempts, 1);
    // The same bundle once more is now simply already here; so after reopening.
    assert_eq!(clib.import_bundle(&second).unwrap().attempts_unchanged, 1);
    drop(clib);
    let (mut clib, _) = Library::open(coach.path()).unwrap();
    assert_eq!(clib.get(&a.uid).unwrap().report.model.name, "base.en");

    // A third version, declined: the coach's copy stays and the waiting files go.
    let mut third = newer.clone();
    third.report.model.name = "small.en".into();
    slib.save(&mut third).unwrap();
    let third_bundle = send(&slib, "3.icbundle");
    assert_eq!(clib.import_bundle(&third_bundle).unwrap().conflicts, 1);
    let c = clib.conflicts(&a.uid).unwrap().remove(0);
    clib.resolve_conflict(c.id, false).unwrap();
    assert_eq!(clib.get(&a.uid).unwrap().report.model.name, "base.en");
    assert!(incoming().is_empty());
    // Deleting an attempt also removes a version still waiting for a decision.
    assert_eq!(clib.import_bundle(&third_bundle).unwrap().conflicts, 1);
    assert_eq!(incoming().len(), 1);
    clib.delete(&a.uid).unwrap();
    assert!(incoming().is_empty());
}

/// A bundle's entries: names and contents.
type Entries = Vec<(String, Vec<u8>)>;

/// Rewrites a valid bundle with `change` applied to the entry list.
fn doctored(valid: &Path, out: &Path, change: impl Fn(&mut Entries)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(valid).unwrap()).unwrap();
    let mut entries: Entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        entries.push((f.name().unwrap().to_string(), bytes));
    }
    change(&mut entries);
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn hostile_and_damaged_bundles_are_refused_and_nothing_is_written() {
    let student = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(student.path()).unwrap();
    let a = real_attempt(&mut lib, &jfk_wav(), "why-specialty", None);
    let (bank, _) = Bank::bundled();
    let valid = files.path().join("valid.icbundle");
    lib.export_bundle(std::slice::from_ref(&a.uid), "Sam", &bank, &valid)
        .unwrap();
    let uid = a.uid.clone();
    let record = format!("attempts/{uid}/attempt.json");

    let mut cases: Vec<(&str, PathBuf, &str)> = Vec::new();
    let mut add = |name: &'static str, needle: &'static str, change: &dyn Fn(&mut Entries)| {
        let p = files.path().join(format!("{name}.icbundle"));
        doctored(&valid, &p, change);
        cases.push((name, p, needle));
    };
    add("traversal", "..", &|e| {
        e.push(("attempts/../../evil.txt".into(), b"x".to_vec()))
    });
    add("absolute", "absolute", &|e| {
        e.push(("/tmp/evil.txt".into(), b"x".to_vec()))
    });
    add("unknown entry", "evil.sh", &|e| {
        e.push(("evil.sh".into(), b"x".to_vec()))
    });
    let rec = record.clone();
    add("wrong types", "created_unix", &move |e| {
        for (name, bytes) in e.iter_mut() {
            if *name == rec {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                v["created_unix"] = serde_json::json!("yesterday");
                *bytes = serde_json::to_vec(&v).unwrap();
            }
        }
    });
    let rec = record.clone();
    add("bad score", "100", &move |e| {
        for (name, bytes) in e.iter_mut() {
            if *name == rec {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                v["report"]["score"]["overall"] = serde_json::json!(250);
                *bytes = serde_json::to_vec(&v).unwrap();
            }
        }
    });
    add("not a wav", "WAV", &move |e| {
        for (name, bytes) in e.iter_mut() {
            if name.ends_with("answer.wav") {
                *bytes = b"RIFF....WAVEjunkjunkjunk".to_vec();
            }
        }
    });
    // A truncated download.
    let bytes = std::fs::read(&valid).unwrap();
    let cut = files.path().join("truncated.icbundle");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    cases.push(("truncated", cut, "damaged"));
    let junk = files.path().join("junk.icbundle");
    std::fs::write(&junk, b"this is a text file, not a bundle").unwrap();
    cases.push(("not a zip", junk, "bundle"));

    let (mut clib, _) = Library::open(coach.path()).unwrap();
    let before = tree(coach.path());
    for (name, path, needle) in &cases {
        let e = clib.import_bundle(path).unwrap_err().to_string();
        assert!(
            e.to_lowercase().contains(&needle.to_lowercase()),
            "{name}: {e}"
        );
        assert_eq!(tree(coach.path()), before, "{name} wrote files");
        assert!(
            clib.list(&Who::All, None).unwrap().0.is_empty(),
            "{name} indexed rows"
        );
    }
    // Oversized: the same valid bundle under tight caps (a zip bomb is refused the same way,
    // while it is being read, not by trusting its declared sizes).
    let tight = Limits {
        max_wav_bytes: 64 * 1024,
        ..Limits::default()
    };
    let e = clib
        .import_bundle_with(&valid, &tight)
        .unwrap_err()
        .to_string();
    assert!(e.contains("answer.wav"), "{e}");
    assert_eq!(tree(coach.path()), before);
    // The command line says what was wrong and fails.
    let out = cli(coach.path(), &["import", cases[0].1.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not imported")
            || String::from_utf8_lossy(&out.stderr).contains("error")
    );
    // And the valid bundle still imports afterwards.
    assert_eq!(clib.import_bundle(&valid).unwrap().attempts_added, 1);
}

#[test]
fn printable_report_opens_in_a_real_browser() {
    let data = tempfile::tempdir().unwrap();
    let (mut lib, _) = Library::open(data.path()).unwrap();
    let mock = new_uid();
    let a1 = real_attempt(&mut lib, &fetched("fillers.wav"), "step1-fail", Some(&mock));
    let a2 = real_attempt(&mut lib, &jfk_wav(), "why-specialty", Some(&mock));
    lib.put_comment(&interview_coach::sessions::Comment {
        id: new_uid(),
        attempt_uid: a1.uid.clone(),
        author: "Dr Okafor".into(),
        at_s: 3.0,
        word_index: Some(5),
        text: "Lead with the result <b>before</b> the reasons.".into(),
        created_unix: now_unix(),
    })
    .unwrap();
    lib.set_coach_score(&a1.uid, "Dr Okafor", "ownership", Some(42))
        .unwrap();
    drop(lib);
    let html = data.path().join("report.html");
    ok(&cli(
        data.path(),
        &["report", "--mock", &mock, "--out", html.to_str().unwrap()],
    ));
    let png = data.path().join("report.png");
    let (dom, shot) = crate::chromium::chromium_render(&html, &png);
    assert!(shot.is_file());
    // Keep a copy where people can look at it.
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&shot, keep.join("report.png")).unwrap();
    let text = dom.to_lowercase();
    for a in [&a1, &a2] {
        // The serialised DOM escapes &, < and > in text.
        let esc = |t: &str| {
            t.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        assert!(dom.contains(&esc(&a.question_text)), "question missing");
        // Every transcript word is on the page (as the browser parsed it).
        for w in a.report.transcript.words.iter().take(40) {
            let w = w
                .text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            assert!(text.contains(&w), "transcript word {w:?} missing");
        }
        let score = a.report.score.as_ref().unwrap();
        assert!(dom.contains(&score.overall.to_string()));
        for (_, d) in score.dimensions.iter() {
            assert!(dom.contains(&esc(&d.label)), "{} missing", d.label);
        }
    }
    assert!(dom.contains("Dr Okafor"));
    assert!(dom.contains("42"));
    // The comment's markup arrived as text, not as an element.
    assert!(
        dom.contains("&lt;b&gt;before&lt;/b&gt;"),
        "comment not escaped"
    );
    assert!(dom.contains("<svg"), "no timeline");
}
