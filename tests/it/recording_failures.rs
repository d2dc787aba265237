//! Recording when things go wrong, through the real `record` command and the virtual
//! microphone: the process killed at random moments (including before any audio reached the
//! disk), and the disk filling up part-way.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use interview_coach::audio::recovery;

use crate::pulse;

const BIN: &str = env!("CARGO_BIN_EXE_interview-coach");

fn start_record(pulse: &pulse::Pulse, out: &Path, seconds: &str) -> Child {
    Command::new(BIN)
        .args(["record", out.to_str().unwrap(), "--seconds", seconds])
        .envs(pulse.env().into_iter().filter(|(k, _)| *k != "HOME"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Seconds of audio in a WAV, read through the app's own reader.
fn wav_seconds(path: &Path) -> f64 {
    interview_coach::audio::read_wav_native(path)
        .map(|c| c.samples.len() as f64 / f64::from(c.source_rate))
        .unwrap_or_else(|e| panic!("{} does not read back: {e}", path.display()))
}

#[test]
fn killed_at_any_moment_the_next_start_keeps_the_audio_or_leaves_nothing() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let mut rng = fastrand::Rng::with_seed(20261130);
    // A third of the kills land in the first 0.3 s, before or while the file is created.
    let moments: Vec<f64> = (0..21)
        .map(|i| {
            if i % 3 == 0 {
                rng.f64() * 0.3
            } else {
                0.3 + rng.f64() * 2.2
            }
        })
        .collect();
    let mut kept = Vec::new();
    for (i, &at) in moments.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("take.wav");
        let mut feed = pulse.feed(&pulse::speech_fixture());
        let mut child = start_record(pulse, &out, "30");
        std::thread::sleep(Duration::from_secs_f64(at));
        child.kill().unwrap(); // SIGKILL: no destructor, no finalise.
        child.wait().unwrap();
        let _ = feed.kill();
        let _ = feed.wait();

        // What the next start does in that folder: repair what was written, discard a file
        // with no audio, and leave nothing to warn about afterwards.
        let results = recovery::recover_dir(dir.path());
        for result in &results {
            assert!(result.is_ok(), "kill {i} at {at:.2} s: {result:?}");
        }
        assert!(
            recovery::recover_dir(dir.path()).is_empty(),
            "kill {i} at {at:.2} s: the next start would warn again"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            leftovers.iter().all(|n| n == "take.wav"),
            "kill {i} at {at:.2} s left {leftovers:?}"
        );
        let seconds = if out.exists() { wav_seconds(&out) } else { 0.0 };
        kept.push((at, seconds));
    }
    eprintln!("kill moment (s) -> audio kept (s): {kept:.2?}");
    // Kills well after the microphone went live must have kept audio.
    for &(at, seconds) in &kept {
        if at > 1.5 {
            assert!(
                seconds > 0.2,
                "killed at {at:.2} s but only {seconds:.2} s kept"
            );
        }
    }
}

/// Mounts a small tmpfs at `dir` (root only, as in CI); returns false where that is not
/// allowed, so the caller can say why it did not run.
fn mount_small_disk(dir: &Path, bytes: u64) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Unmount<'a>(&'a Path);
impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

#[test]
fn a_full_disk_during_recording_is_reported_with_what_was_kept() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    assert!(
        mount_small_disk(dir.path(), 256 * 1024),
        "this test mounts a 256 KiB tmpfs and must run as root (as CI does)"
    );
    let _unmount = Unmount(dir.path());
    let out = dir.path().join("take.wav");
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
    for result in recovery::recover_dir(dir.path()) {
        result.unwrap();
    }
    let on_disk = wav_seconds(&out);
    assert!(on_disk > 1.0, "only {on_disk:.2} s on disk");
    assert!(
        (on_disk - claimed).abs() <= 0.3,
        "the message says {claimed:.2} s were kept, the file holds {on_disk:.2} s"
    );
}
