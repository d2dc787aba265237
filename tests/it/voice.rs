//! The voice measures on real speech: word times fitted to the voice, pitch against Praat,
//! loudness, articulation rate and acoustic fillers.

use std::path::{Path, PathBuf};
use std::process::Command;

use interview_coach::analysis::SAMPLE_RATE;
use interview_coach::audio::read_wav;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file};
use interview_coach::report::AnalysisReport;

use crate::common::{jfk_wav, transcriber};

/// Runs sox with the arguments, failing the test with sox's message.
fn sox(args: &[&str]) {
    let out = Command::new("sox")
        .args(args)
        .output()
        .expect("sox is installed by scripts/setup.sh test");
    assert!(
        out.status.success(),
        "sox {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `jfk.wav` with `lead` seconds of silence before it and `trail` after, written by sox.
fn padded_jfk(dir: &Path, lead: f64, trail: f64) -> PathBuf {
    let path = dir.join(format!("jfk-{lead}-{trail}.wav"));
    let src = jfk_wav();
    sox(&[
        src.to_str().unwrap(),
        path.to_str().unwrap(),
        "pad",
        &lead.to_string(),
        &trail.to_string(),
    ]);
    path
}

fn analyze(path: &Path) -> AnalysisReport {
    analyze_file(
        path,
        "tiny.en",
        transcriber(),
        &AnalyzeOptions::default(),
        None,
    )
    .unwrap()
    .0
}

/// The voice onset by a rule independent of the analysis: the first 10 ms block whose RMS is
/// within 30 dB of the loudest block's.
fn onset_by_peak(samples: &[f32]) -> f64 {
    let block = SAMPLE_RATE as usize / 100;
    let rms: Vec<f32> = samples
        .chunks(block)
        .map(|c| (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt())
        .collect();
    let loudest = rms.iter().copied().fold(0.0, f32::max);
    let i = rms.iter().position(|r| *r >= loudest / 31.6).unwrap();
    i as f64 * 0.01
}

#[test]
fn silence_before_or_after_the_answer_is_neither_speech_nor_a_pause() {
    let dir = tempfile::tempdir().unwrap();
    let plain = analyze(&jfk_wav());
    let plain_onset = onset_by_peak(&read_wav(&jfk_wav()).unwrap().samples);
    println!(
        "jfk.wav: {:.1} words/min, speaking {:.2} s, first word {:.2} s (onset by peak rule {:.2} s), pauses {:?}",
        plain.metrics.wpm,
        plain.metrics.speaking_time_s,
        plain.transcript.words[0].start,
        plain_onset,
        plain.metrics.pauses
    );
    assert!(
        plain.metrics.pauses.is_empty(),
        "{:?}",
        plain.metrics.pauses
    );
    for (lead, trail) in [(2.5, 0.0), (0.0, 2.5), (2.5, 2.5)] {
        let path = padded_jfk(dir.path(), lead, trail);
        let r = analyze(&path);
        let m = &r.metrics;
        let first = r.transcript.words[0].start;
        let onset = onset_by_peak(&read_wav(&path).unwrap().samples);
        let change = (m.wpm - plain.metrics.wpm) / plain.metrics.wpm;
        println!(
            "jfk padded {lead} s before, {trail} s after: {:.1} words/min ({:+.1}%), speaking {:.2} s, first word {first:.2} s, onset by peak rule {onset:.2} s, pauses {:?}",
            m.wpm,
            change * 100.0,
            m.speaking_time_s,
            m.pauses
        );
        assert!(
            change.abs() < 0.03,
            "wpm {} vs {}",
            m.wpm,
            plain.metrics.wpm
        );
        assert!(m.pauses.is_empty(), "{:?}", m.pauses);
        assert!(
            (first - onset).abs() <= 0.15,
            "first word {first} vs onset {onset}"
        );
        assert!((first - lead - plain.transcript.words[0].start).abs() <= 0.15);
    }
}
