//! Running the real `record` command in the tests, and reading back what it wrote.

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts the real `record` command on the virtual microphone, writing `out`.
pub fn start_record(pulse: &crate::pulse::Pulse, out: &Path, seconds: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .args(["record", out.to_str().unwrap(), "--seconds", seconds])
        .envs(pulse.env().into_iter().filter(|(k, _)| *k != "HOME"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Seconds of audio in a WAV, read through the app's own reader.
pub fn wav_seconds(path: &Path) -> f64 {
    interview_coach::audio::read_wav_native(path)
        .map(|c| c.samples.len() as f64 / f64::from(c.source_rate))
        .unwrap_or_else(|e| panic!("{} does not read back: {e}", path.display()))
}
