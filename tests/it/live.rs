//! Transcribing while the answer is spoken: real speech fed in small chunks through the live
//! transcriber the app uses while recording, against the batch transcript of the same audio.

use std::sync::mpsc::channel;
use std::time::Duration;

use interview_coach::analysis::segmenter::PauseSegmenter;
use interview_coach::analysis::wer::word_error_rate;
use interview_coach::analysis::{MetricSettings, SAMPLE_RATE, Transcript};
use interview_coach::audio::read_wav;
use interview_coach::audio::resample::resample_mono;
use interview_coach::pipeline::{AnalyzeOptions, report_from_live};
use interview_coach::transcribe::live::{
    LiveError, LiveEvent, LiveInput, LiveOutcome, transcribe_live,
};
use interview_coach::transcribe::{Hearing, TranscribeOptions};

use crate::common::{JFK_TEXT, jfk_samples, long_answer, transcriber};
use crate::voice::{ALIGNED_MONOLOGUES, check_word_times_against_alignment, mfa_samples};

/// Feeds `native` (mono at `rate`) in 0.1 s chunks, then presses Stop with `samples_16k`.
///
/// Lock-step, as on a machine fast enough to keep up: whenever the chunks sent so far close a
/// piece (the same segmenter, run here on the same audio, says so), the next chunk waits until
/// that piece is transcribed. So the pieces do not depend on how busy the test machine is.
/// Returns the outcome and the cuts the live transcriber reported.
fn feed(
    native: &[f32],
    rate: u32,
    samples_16k: Vec<f32>,
) -> (Result<LiveOutcome, LiveError>, Vec<f64>) {
    let (tx, rx) = channel();
    let (event_tx, events) = channel();
    std::thread::scope(|scope| {
        let live = scope.spawn(move || {
            transcribe_live(
                transcriber(),
                &TranscribeOptions::default(),
                &rx,
                &mut |e| {
                    let _ = event_tx.send(e);
                },
            )
        });
        let mut segmenter = PauseSegmenter::new(rate);
        let mut done = 0.0;
        let mut cuts = Vec::new();
        for piece in native.chunks(rate as usize / 10) {
            tx.send(LiveInput::Audio {
                rate,
                samples: piece.to_vec(),
            })
            .unwrap();
            segmenter.push(piece);
            while let Some(cut) = segmenter.next_cut(done) {
                match events.recv_timeout(Duration::from_secs(600)).unwrap() {
                    LiveEvent::Progress { transcribed_s, .. } => {
                        assert!(
                            (transcribed_s - cut).abs() < 1e-6,
                            "{transcribed_s} != {cut}"
                        );
                        done = transcribed_s;
                        cuts.push(done);
                    }
                    other => panic!("{other:?} before the stop"),
                }
            }
        }
        tx.send(LiveInput::Stop {
            samples_16k,
            warnings: vec!["kept".into()],
        })
        .unwrap();
        (live.join().unwrap(), cuts)
    })
}

fn check_times(t: &Transcript, duration: f64) {
    for pair in t.words.windows(2) {
        assert!(pair[1].start >= pair[0].start, "{pair:?}");
    }
    for w in &t.words {
        assert!(
            w.start <= w.end && w.end <= duration + 1e-9,
            "{w:?} outside 0..{duration}"
        );
    }
}

fn batch(samples: &[f32]) -> Transcript {
    transcriber()
        .transcribe(samples, &TranscribeOptions::default(), None, None)
        .unwrap()
}

#[test]
fn a_long_answer_heard_live_matches_the_batch_transcript() {
    // 92 s: the filler answer, jfk, and both again, as one answer with natural pauses.
    let (long, reference) = long_answer();
    let duration = long.len() as f64 / f64::from(SAMPLE_RATE);
    let (outcome, cuts) = feed(&long, SAMPLE_RATE, long.clone());
    let outcome = outcome.unwrap();
    let stats = &outcome.stats;
    println!(
        "live: cuts at {cuts:.1?} s, {:.1} s left at stop, fallback {:?}",
        stats.left_at_stop_s, stats.fallback
    );
    // Natural pauses every few seconds; no piece longer than Whisper's window.
    assert!(cuts.len() >= 8, "cut into only {} pieces", cuts.len());
    for pair in cuts.windows(2) {
        assert!(pair[1] - pair[0] <= 20.0 + 1e-9, "{cuts:?}");
    }
    assert!(stats.left_at_stop_s < 20.0, "{}", stats.left_at_stop_s);
    assert_eq!(stats.fallback, None, "the stitched transcript was replaced");
    assert_eq!(outcome.heard.hearing, Hearing::Speech);
    let live = &outcome.heard.transcript;
    check_times(live, duration);
    let batch = batch(&long);
    let (wl, wb) = (
        word_error_rate(&reference, &live.text),
        word_error_rate(&reference, &batch.text),
    );
    println!(
        "WER against the script: live {:.2}%, batch {:.2}%; live against batch {:.2}%",
        100.0 * wl,
        100.0 * wb,
        100.0 * word_error_rate(&batch.text, &live.text)
    );
    println!("live:  {}\nbatch: {}", live.text, batch.text);
    assert!(
        wl <= wb + 0.02,
        "live WER {wl:.3} against batch {wb:.3}: {}",
        live.text
    );

    // The voice was measured while the answer was spoken, and the measures taken then are
    // exactly those the end would take: the report equals one measured from scratch.
    let followed = outcome.voice.as_ref().map_or(0, |v| v.frames());
    println!(
        "voice measured before the stop: {:.1} s of {duration:.1} s",
        followed as f64 * 0.01
    );
    assert!(
        followed > 0,
        "no voice measure was taken while the answer was spoken"
    );
    let (_, from_scratch) = interview_coach::analysis::voice::measure_recording(
        &long,
        &outcome.heard.transcript,
        &MetricSettings::default(),
    );
    // The report is measured on the stitched transcript exactly as on the batch one.
    let report = report_from_live(
        std::path::Path::new("long.wav"),
        "tiny.en",
        transcriber(),
        outcome,
        &AnalyzeOptions::default(),
    );
    // The recording's warnings, sent with the Stop, reach the report.
    assert_eq!(report.warnings, ["kept"]);
    assert!(report.metrics.words >= 200, "{}", report.metrics.words);
    assert_eq!(report.metrics, from_scratch);
    let batch_metrics =
        interview_coach::pipeline::measure(&read_clip(&long), &batch, &MetricSettings::default());
    let transcript_fillers = |m: &interview_coach::analysis::SpeechMetrics| {
        m.fillers
            .iter()
            .filter(|f| f.source == interview_coach::analysis::metrics::FillerSource::Transcript)
            .count() as f64
    };
    let (fl, fb) = (
        transcript_fillers(&report.metrics),
        transcript_fillers(&batch_metrics),
    );
    println!("fillers in the transcript: live {fl}, batch {fb}");
    assert!(
        (fl - fb).abs() <= (0.1 * fb).max(2.0),
        "live kept {fl} fillers, batch {fb}"
    );
}

#[test]
fn words_heard_live_follow_the_voice_in_real_unscripted_speech() {
    // The live path runs each piece with an encoder window cut to its length; whisper.cpp's
    // ordinary token times stretch with that cut, the DTW times do not. Truth: the forced
    // alignments of the Montreal Forced Aligner's monologues (see the voice tests).
    for name in ALIGNED_MONOLOGUES {
        let samples = mfa_samples(name);
        let (outcome, cuts) = feed(&samples, SAMPLE_RATE, samples.clone());
        let outcome = outcome.unwrap();
        println!(
            "{name}: cut at {cuts:.1?} s, fallback {:?}",
            outcome.stats.fallback
        );
        // The stitched live transcript is what is measured, not a batch run standing in for it.
        assert_eq!(
            outcome.stats.fallback, None,
            "{name}: the live transcript was replaced"
        );
        let (fitted, _) = interview_coach::analysis::voice::measure_recording(
            &samples,
            &outcome.heard.transcript,
            &MetricSettings::default(),
        );
        check_word_times_against_alignment("live", name, &fitted.words);
    }
}

/// A clip of 16 kHz samples, for `measure`.
fn read_clip(samples: &[f32]) -> interview_coach::audio::AudioClip {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.wav");
    crate::common::write_wav16(&path, samples);
    read_wav(&path).unwrap()
}

#[test]
fn audio_at_the_devices_rate_is_heard_like_the_file() {
    // A microphone delivers 48 kHz: pieces are converted as they are cut.
    let jfk = jfk_samples();
    let native = resample_mono(&jfk, SAMPLE_RATE, 48_000).unwrap();
    let (outcome, cuts) = feed(&native, 48_000, jfk.clone());
    assert!(!cuts.is_empty(), "jfk has pauses after 3 s");
    let outcome = outcome.unwrap();
    let t = &outcome.heard.transcript;
    let wer = word_error_rate(JFK_TEXT, &t.text);
    assert!(wer <= 0.10, "WER {wer:.3}: {}", t.text);
    check_times(t, 11.0);
    assert_eq!(outcome.warnings, ["kept"]);
}

#[test]
fn silence_heard_live_gives_no_words_and_an_abandoned_recording_says_so() {
    let silence = vec![0.0f32; 16_000 * 6];
    let (outcome, cuts) = feed(&silence, SAMPLE_RATE, silence.clone());
    assert!(cuts.is_empty(), "silence is never a piece");
    let outcome = outcome.unwrap();
    assert_eq!(outcome.heard.hearing, Hearing::Silence);
    assert!(outcome.heard.transcript.words.is_empty());

    // The audio stops without a Stop (the recording failed): no transcript is made up.
    let (tx, rx) = channel();
    tx.send(LiveInput::Audio {
        rate: SAMPLE_RATE,
        samples: jfk_samples(),
    })
    .unwrap();
    drop(tx);
    let result = transcribe_live(
        transcriber(),
        &TranscribeOptions::default(),
        &rx,
        &mut |_| {},
    );
    assert!(matches!(result, Err(LiveError::Abandoned)), "{result:?}");
}
