//! A disk that fills up, on a real tmpfs: while recording, and under the attempt library
//! (reading it, writing comments, importing, exporting).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use interview_coach::audio::recovery;
use interview_coach::sessions::Library;

use crate::common::jfk_wav;
use crate::pulse;
use crate::support::recording::{start_record, wav_seconds};
use crate::support::tmpfs::SmallDisk;

const BIN: &str = env!("CARGO_BIN_EXE_interview-coach");

/// Runs `interview-coach sessions ARGS --data-dir DIR`; returns (success, stdout, stderr).
fn sessions(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .arg("sessions")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_during_recording_is_reported_with_what_was_kept() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let disk = SmallDisk::mount(256 * 1024);
    let out = disk.path().join("take.wav");
    let mut feed = pulse.feed(&pulse::speech_fixture());
    let started = Instant::now();
    let child = start_record(pulse, &out, "12");
    let output = child.wait_with_output().unwrap();
    let _ = feed.kill();
    let _ = feed.wait();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!(
        "record on a full disk ({:.1} s): {stderr}",
        started.elapsed().as_secs_f64()
    );

    assert!(
        !output.status.success(),
        "exit code claims success: {stdout}"
    );
    assert!(!stdout.contains("Saved"), "{stdout}");
    assert!(stderr.contains("could be saved"), "{stderr}");
    // The message's figure is what the file holds.
    let claimed: f64 = stderr
        .split("only ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no kept figure in: {stderr}"));
    for result in recovery::recover_dir(disk.path()) {
        result.unwrap();
    }
    let on_disk = wav_seconds(&out);
    assert!(on_disk > 1.0, "only {on_disk:.2} s on disk");
    assert!(
        (on_disk - claimed).abs() <= 0.3,
        "the message says {claimed:.2} s were kept, the file holds {on_disk:.2} s"
    );
}

#[test]
fn a_full_disk_leaves_the_library_readable_and_every_write_says_why_it_failed() {
    // A student's library with one real attempt, on a disk that then fills up.
    let disk = SmallDisk::mount(2 * 1024 * 1024);
    let data = disk.path().join("data");
    let (mut lib, _) = Library::open(&data).unwrap();
    let attempt = crate::sessions::real_attempt(&mut lib, &jfk_wav(), "usmle-explain", None);
    drop(lib);
    // A bundle from elsewhere, made while there is room on another disk.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("other");
    let (mut other_lib, _) = Library::open(&other).unwrap();
    let theirs = crate::sessions::real_attempt(&mut other_lib, &jfk_wav(), "why-specialty", None);
    drop(other_lib);
    let bundle = elsewhere.path().join("from-student.icbundle");
    let (ok, _, err) = sessions(
        &other,
        &[
            "export",
            &theirs.uid,
            "--name",
            "Sam",
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    disk.fill();

    // Reading works: the list shows the attempt, with a note on why nothing can change.
    let (ok, out, err) = sessions(&data, &["list"]);
    assert!(ok, "list failed on a full disk: {err}");
    assert!(out.contains(&attempt.uid[..8]), "{out}");
    assert!(err.contains("cannot be written"), "{err}");
    let (ok, out, err) = sessions(&data, &["show", &attempt.uid[..8]]);
    assert!(ok, "{err}");
    assert!(out.contains("Transcript"), "{out}");

    // Writes fail with one clear message that says the disk is full.
    for args in [
        vec![
            "comment",
            &attempt.uid[..8],
            "--at",
            "1",
            "--text",
            "Slower.",
            "--author",
            "Me",
        ],
        vec!["import", bundle.to_str().unwrap()],
    ] {
        let (ok, _, err) = sessions(&data, &args);
        assert!(!ok, "{args:?} claimed success on a full disk");
        let said = err.to_lowercase();
        assert!(
            said.contains("disk") && (said.contains("full") || said.contains("no space left")),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("Error code"),
            "{args:?}: raw SQLite message: {err}"
        );
    }
    // Exporting onto the full disk: the reason once, not a debug dump.
    let out_path = disk.path().join("out.icbundle");
    let (ok, _, err) = sessions(
        &data,
        &[
            "export",
            &attempt.uid[..8],
            "--name",
            "Me",
            "--out",
            out_path.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.to_lowercase().contains("disk is full"), "{err}");
    assert_eq!(
        err.matches("No space left").count(),
        1,
        "said more than once: {err}"
    );
    assert!(!err.contains("Os {"), "debug output: {err}");
    assert!(!out_path.exists());
}
