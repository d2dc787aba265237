//! Recording when the process is killed, through the real `record` command and the virtual
//! microphone: at random moments, including before any audio reached the disk.

use std::time::Duration;

use interview_coach::audio::recovery;

use crate::pulse;
use crate::support::recording::{start_record, wav_seconds};

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
