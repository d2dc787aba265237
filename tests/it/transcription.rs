//! Real transcription with the installed tiny.en model on real speech.

use interview_coach::analysis::metrics::FillerSource;
use interview_coach::analysis::wer::word_error_rate;
use interview_coach::analysis::{MetricSettings, Transcript};
use interview_coach::audio::read_wav;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file, measure};
use interview_coach::transcribe::TranscribeOptions;

use crate::common::{JFK_TEXT, jfk_samples, jfk_wav, transcriber, write_wav16};

fn check_times(t: &Transcript, duration: f64) {
    let mut prev = 0.0;
    for w in &t.words {
        assert!(
            w.start >= prev,
            "{} starts before the word before it: {:?}",
            w.text,
            t.words
        );
        assert!(
            w.end >= w.start && w.end <= duration + 1e-9,
            "{w:?} outside 0..{duration}"
        );
        prev = w.start;
    }
}

#[test]
fn real_speech_is_transcribed_with_word_times_and_pace() {
    let (report, _) = analyze_file(
        &jfk_wav(),
        "tiny.en",
        transcriber(),
        &AnalyzeOptions::default(),
        None,
    )
    .unwrap();
    let t = &report.transcript;
    let wer = word_error_rate(JFK_TEXT, &t.text);
    assert!(
        wer <= 0.10,
        "word error rate {wer:.3} on jfk.wav: {:?}",
        t.text
    );
    let m = &report.metrics;
    assert!((m.duration_s - 11.0).abs() < 0.1, "{}", m.duration_s);
    check_times(t, m.duration_s);
    // The speaking time lies inside the recording and covers most of it.
    assert!(m.speaking_time_s > 8.0 && m.speaking_time_s <= m.duration_s);
    // WPM agrees with the word count and the speaking time.
    assert!((m.wpm - m.words as f64 / (m.speaking_time_s / 60.0)).abs() < 1e-6);
    assert!((18..=26).contains(&m.words), "{} words", m.words);
    assert!(m.wpm > 90.0 && m.wpm < 200.0, "{}", m.wpm);
    // The famous pause after "Americans," is a real silence in the recording.
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn answers_longer_than_the_30_second_window_are_fully_transcribed() {
    let jfk = jfk_samples();
    let mut long = Vec::new();
    for _ in 0..3 {
        long.extend_from_slice(&jfk);
        long.extend(std::iter::repeat_n(0.0f32, 16_000));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    write_wav16(&path, &long);
    let clip = read_wav(&path).unwrap();
    assert!(clip.duration_s() > 35.0);
    let t = transcriber()
        .transcribe(&clip.samples, &TranscribeOptions::default(), None, None)
        .unwrap();
    let expected = [JFK_TEXT, JFK_TEXT, JFK_TEXT].join(" ");
    let wer = word_error_rate(&expected, &t.text);
    assert!(wer <= 0.15, "WER {wer:.3}: {}", t.text);
    check_times(&t, clip.duration_s());
    let last = t.words.last().unwrap();
    assert!(last.end > 30.0, "last word ends at {}", last.end);
    let m = measure(&clip, &t, &MetricSettings::default());
    // Three 1 s silences are below the 1.2 s pause threshold, plus JFK's own pauses.
    assert!(m.wpm_over_time.len() >= 3);
}

#[test]
fn silence_and_faint_noise_give_no_invented_text() {
    let silence = vec![0.0f32; 16_000 * 5];
    let t = transcriber()
        .transcribe(&silence, &TranscribeOptions::default(), None, None)
        .unwrap();
    assert!(t.words.is_empty(), "{:?}", t.text);
    // Faint hiss, as from a muted or unplugged microphone.
    let hiss: Vec<f32> = (0..16_000u32 * 5)
        .map(|i| ((i.wrapping_mul(2_654_435_761) >> 16) as f32 / 65_536.0 - 0.5) * 0.003)
        .collect();
    let t = transcriber()
        .transcribe(&hiss, &TranscribeOptions::default(), None, None)
        .unwrap();
    assert!(t.words.len() <= 2, "{:?}", t.text);
}

#[test]
fn loud_noise_gives_at_most_a_few_words() {
    let noise: Vec<f32> = (0..16_000u32 * 5)
        .map(|i| ((i.wrapping_mul(2_654_435_761) >> 13) as f32 / 524_288.0 - 0.5) * 0.3)
        .collect();
    let t = transcriber()
        .transcribe(&noise, &TranscribeOptions::default(), None, None)
        .unwrap();
    assert!(t.words.len() <= 3, "noise became text: {:?}", t.text);
}

/// Counts the "um"/"uh" written into the fixture's script.
fn scripted_fillers() -> usize {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/filler-answer.txt"),
    )
    .unwrap();
    text.split_whitespace()
        .filter(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
                    .as_str(),
                "um" | "uh"
            )
        })
        .count()
}

#[test]
fn the_filler_prompt_keeps_spoken_fillers() {
    // Synthetic speech: the project's own answer text with 11 "um"/"uh", spoken by the offline
    // hibari-tts voice (real recordings with a known filler count are not available here).
    let clip = read_wav(&crate::common::fetched("fillers.wav")).unwrap();
    let spoken = scripted_fillers();
    assert_eq!(spoken, 11);
    let with = transcriber()
        .transcribe(&clip.samples, &TranscribeOptions::default(), None, None)
        .unwrap();
    let plain = TranscribeOptions {
        initial_prompt: None,
        ..TranscribeOptions::default()
    };
    let without = transcriber()
        .transcribe(&clip.samples, &plain, None, None)
        .unwrap();
    let m_with = measure(&clip, &with, &MetricSettings::default());
    let m_without = measure(&clip, &without, &MetricSettings::default());
    // The prompt's effect is on the transcript's own fillers; `measure` also adds fillers heard
    // in the audio, which would hide it.
    let from_text = |m: &interview_coach::analysis::SpeechMetrics| {
        m.fillers
            .iter()
            .filter(|f| f.source == FillerSource::Transcript)
            .count()
    };
    let (a, b) = (from_text(&m_with), from_text(&m_without));
    assert!(
        a * 10 >= spoken * 7,
        "only {a} of {spoken} fillers kept: {}",
        with.text
    );
    assert!(
        a >= b,
        "the prompt kept fewer fillers ({a}) than no prompt ({b})"
    );
    // Filler times are inside the recording and in order.
    let mut prev = 0.0;
    for f in &m_with.fillers {
        assert!(f.start >= prev && f.end <= clip.duration_s());
        prev = f.start;
    }
    assert!(m_with.fillers_per_min > 10.0, "{}", m_with.fillers_per_min);
}
