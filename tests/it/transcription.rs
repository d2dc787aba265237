//! Real transcription with the installed tiny.en model on real speech.

use interview_coach::analysis::metrics::FillerSource;
use interview_coach::analysis::wer::word_error_rate;
use interview_coach::analysis::{MetricSettings, Transcript};
use interview_coach::audio::read_wav;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file, measure};
use interview_coach::transcribe::{FILLER_LOGIT_BIAS, FillerBias, TranscribeOptions};

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

/// A minute of seeded white noise at a normal speaking level, as a 16 kHz WAV.
fn white_noise_wav(dir: &std::path::Path) -> std::path::PathBuf {
    let mut rng = fastrand::Rng::with_seed(15);
    let noise: Vec<f32> = (0..16_000 * 60)
        .map(|_| (rng.f32() * 2.0 - 1.0) * 0.5)
        .collect();
    let path = dir.join("white-noise.wav");
    write_wav16(&path, &noise);
    path
}

#[test]
fn a_minute_of_white_noise_is_reported_as_no_clear_speech() {
    let dir = tempfile::tempdir().unwrap();
    let wav = white_noise_wav(dir.path());
    let started = std::time::Instant::now();
    let (report, _) = analyze_file(
        &wav,
        "tiny.en",
        transcriber(),
        &AnalyzeOptions::default(),
        None,
    )
    .unwrap();
    assert!(
        report.transcript.words.is_empty(),
        "noise became text: {:?}",
        report.transcript.text
    );
    assert_eq!(report.metrics.words, 0);
    assert!(report.metrics.fillers.is_empty());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("no clear speech was heard")),
        "{:?}",
        report.warnings
    );
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.contains("microphone was on")),
        "noise is not a muted microphone: {:?}",
        report.warnings
    );
    // Noise is recognised from the signal, without a minute of Whisper inventing text.
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "{:?}",
        started.elapsed()
    );
}

/// Copies the installed tiny.en model (and its install record, when `with_record`) into `dir`
/// under `name`, changes it with `damage`, and returns the path.
fn damaged_copy(
    dir: &std::path::Path,
    name: &str,
    with_record: bool,
    damage: impl FnOnce(&mut Vec<u8>),
) -> std::path::PathBuf {
    let src = crate::common::model_path();
    let mut bytes = std::fs::read(&src).unwrap();
    damage(&mut bytes);
    let dest = dir.join(name);
    std::fs::write(&dest, &bytes).unwrap();
    if with_record {
        let record = interview_coach::models::store::Provenance::path_for(&src);
        std::fs::copy(
            record,
            interview_coach::models::store::Provenance::path_for(&dest),
        )
        .unwrap();
    }
    dest
}

/// Byte offset of the data of the tensor named `name` in a ggml file (the data follows the name).
fn tensor_data_offset(bytes: &[u8], name: &str) -> usize {
    let at = bytes
        .windows(name.len())
        .position(|w| w == name.as_bytes())
        .unwrap();
    at + name.len()
}

fn load_error(path: &std::path::Path) -> String {
    match interview_coach::transcribe::Transcriber::load(path) {
        Ok(_) => panic!("{} loaded although it is damaged", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_model_with_nan_weights_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    // Not named like a manifest model and without an install record: only its contents tell.
    let path = damaged_copy(dir.path(), "custom.bin", false, |b| {
        let at = tensor_data_offset(b, "encoder.blocks.2.mlp.0.weight");
        for v in b[at..at + 2 * 384 * 1536].chunks_exact_mut(2) {
            v.copy_from_slice(&0x7e00u16.to_le_bytes());
        }
    });
    let started = std::time::Instant::now();
    let err = load_error(&path);
    assert!(err.contains("NaN or infinite"), "{err}");
    assert!(
        err.contains("interview-coach models install tiny.en"),
        "{err}"
    );
    assert!(started.elapsed().as_secs_f64() < 20.0);
}

#[test]
fn an_installed_model_with_flipped_bytes_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_copy(dir.path(), "ggml-tiny.en.bin", true, |b| {
        let at = tensor_data_offset(b, "decoder.blocks.1.mlp.2.weight");
        // Low bytes of f16 weights only: the values stay finite, so only the hash can tell.
        for i in (at..at + 100_000).step_by(502) {
            b[i] ^= 0x5a;
        }
    });
    let err = load_error(&path);
    assert!(
        err.contains(
            "the model file is damaged: reinstall it with `interview-coach models install tiny.en`"
        ),
        "{err}"
    );
}

#[test]
fn a_header_with_another_head_count_is_refused_before_loading() {
    let dir = tempfile::tempdir().unwrap();
    // 384 heads divide tiny's width of 384, so the layout stays consistent; whisper.cpp would
    // size its attention buffers by it (over 5 GB).
    let path = damaged_copy(dir.path(), "custom.bin", false, |b| {
        b[4 + 3 * 4..4 + 4 * 4].copy_from_slice(&384i32.to_le_bytes());
    });
    let err = load_error(&path);
    assert!(err.contains("n_audio_head = 384"), "{err}");
    assert!(err.contains("6, as in every tiny model"), "{err}");
}

#[test]
fn the_report_names_the_hash_of_the_model_file_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_copy(dir.path(), "custom.bin", false, |_| {});
    // An install record that names another file's hash must not reach the report.
    let record = interview_coach::models::store::Provenance {
        source: "imported".into(),
        origin: "elsewhere".into(),
        sha256: "ab".repeat(3),
    };
    record.save(&path).unwrap();
    let t = interview_coach::transcribe::Transcriber::load(&path).unwrap();
    let (report, _) =
        analyze_file(&jfk_wav(), "custom", &t, &AnalyzeOptions::default(), None).unwrap();
    let actual = interview_coach::models::download::sha256_file(&path).unwrap();
    assert_eq!(report.model.sha256.as_deref(), Some(actual.as_str()));
}

#[test]
fn the_filler_bias_favours_each_filler_spelling_of_the_installed_model() {
    // tiny.en spells " uh", " um", " Uh" and " Um" as one token each; a vocabulary that split
    // them would silently leave the bias without effect.
    let bias: FillerBias = transcriber().filler_bias(FILLER_LOGIT_BIAS).unwrap();
    assert_eq!(bias.tokens().len(), 4, "{:?}", bias.tokens());
    assert!(transcriber().filler_bias(0.0).is_none());
}

#[test]
fn the_filler_bias_leaves_fluent_speech_word_for_word() {
    // Only where Whisper hesitated between a filler and a word does the bias change the text:
    // jfk.wav has no filler and tiny.en is sure of every word.
    let samples = jfk_samples();
    let texts = [0.0, FILLER_LOGIT_BIAS].map(|filler_bias| {
        let options = TranscribeOptions {
            filler_bias,
            ..TranscribeOptions::default()
        };
        transcriber()
            .transcribe(&samples, &options, None, None)
            .unwrap()
            .text
    });
    assert_eq!(texts[0], texts[1]);
}
