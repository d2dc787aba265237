//! The voice measures on real speech: word times fitted to the voice, pitch against Praat,
//! loudness, articulation rate and acoustic fillers.

use std::path::{Path, PathBuf};
use std::process::Command;

use interview_coach::analysis::metrics::{FillerSource, is_filled_pause};
use interview_coach::analysis::transcript::normalize_token;
use interview_coach::analysis::voice::measure_recording;
use interview_coach::analysis::voice::variation::pitch_metrics;
use interview_coach::analysis::{MetricSettings, SAMPLE_RATE, Transcript, Word};
use interview_coach::audio::read_wav;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file};
use interview_coach::report::AnalysisReport;
use interview_coach::transcribe::TranscribeOptions;

use interview_coach::analysis::voice::pitch;

use crate::common::{fetched, jfk_wav, transcriber};

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

/// The Python of the virtual environment `scripts/setup.sh test` installs Praat into.
fn praat_python() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/praat-venv/bin/python");
    assert!(
        p.exists(),
        "Praat (praat-parselmouth) is missing: run `scripts/setup.sh test` first"
    );
    p
}

/// Praat's pitch track of a file: `(time, f0)` per frame, f0 0 where unvoiced.
fn praat_pitch(wav: &Path) -> Vec<(f64, f32)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/praat_pitch.py");
    let out = Command::new(praat_python())
        .arg(script)
        .arg(wav)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut it = l.split_whitespace();
            let t: f64 = it.next().unwrap().parse().unwrap();
            let f: f32 = it.next().unwrap().parse().unwrap();
            (t, f)
        })
        .collect()
}

/// Our tracker against Praat's on one file: (our SD, Praat's SD, voicing agreement).
fn compare_with_praat(wav: &Path) -> (f64, f64, f64) {
    let samples = read_wav(wav).unwrap().samples;
    let ours = pitch::track(&samples);
    let praat = praat_pitch(wav);
    let praat_voiced: Vec<f32> = praat.iter().map(|p| p.1).filter(|f| *f > 0.0).collect();
    let our_voiced: Vec<f32> = ours.voiced().map(|(_, f)| f).collect();
    let (mut agree, mut total) = (0usize, 0usize);
    for (t, f) in &praat {
        let i = ((t - ours.first_s) / ours.hop_s).round();
        if i < 0.0 || i as usize >= ours.f0_hz.len() {
            continue;
        }
        total += 1;
        if (ours.f0_hz[i as usize] > 0.0) == (*f > 0.0) {
            agree += 1;
        }
    }
    (
        pitch::sd_semitones(&our_voiced),
        pitch::sd_semitones(&praat_voiced),
        agree as f64 / total as f64,
    )
}

#[test]
fn pitch_agrees_with_praat_on_real_speech() {
    // jfk.wav (real, read), the hibari-tts filler fixture (synthetic) and the three unscripted
    // monologues of the Montreal Forced Aligner's test data (real, spontaneous; Praat's
    // default range jumps octaves on the first, which is why the oracle takes the range Praat's
    // manual recommends for the voice). README gives the figures on 21 more recordings.
    for name in [
        "jfk.wav",
        "fillers.wav",
        "mfa/acoustic_corpus.wav",
        "mfa/cold_corpus.wav",
        "mfa/cold_corpus3.wav",
    ] {
        let wav = fetched(name);
        let (ours, praat, agreement) = compare_with_praat(&wav);
        println!(
            "{name}: pitch SD {ours:.2} st (Praat {praat:.2} st, difference {:.2}), voicing agreement {:.1}%",
            ours - praat,
            agreement * 100.0
        );
        assert!(
            (ours - praat).abs() <= 0.5,
            "{name}: SD {ours} vs Praat {praat}"
        );
        assert!(agreement >= 0.90, "{name}: voicing agreement {agreement}");
    }
}

/// espeak-ng speaking `text` with the SSML pitch range `range`, as 16 kHz samples.
fn espeak(dir: &Path, text: &str, range: &str) -> Vec<f32> {
    read_wav(&crate::common::espeak_wav(
        dir,
        &format!("espeak-{range}"),
        text,
        range,
    ))
    .unwrap()
    .samples
}

#[test]
fn a_flat_voice_is_monotone_and_a_varied_one_is_not() {
    // espeak-ng 1.51 has no pitch-range flag on its command line; its SSML `prosody range` sets
    // the same thing. The same sentences, flat and lively.
    let text = "I failed my first attempt at the exam. I changed how I studied, with timed blocks \
                and an error log, and my next score was much higher. I am ready for residency.";
    let dir = tempfile::tempdir().unwrap();
    let settings = MetricSettings::default();
    let mut sds = Vec::new();
    for range in ["x-low", "x-high"] {
        let samples = espeak(dir.path(), text, range);
        let duration = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let track = pitch::track(&samples);
        let m = pitch_metrics(&track, (0.0, duration), &settings).unwrap();
        let wav = dir.path().join(format!("espeak16-{range}.wav"));
        crate::common::write_wav16(&wav, &samples);
        let (_, praat, agreement) = compare_with_praat(&wav);
        println!(
            "espeak-ng range {range}: median {:.0} Hz, SD {:.2} st (Praat {praat:.2} st, voicing agreement {:.1}%), windows {:?}, monotone {:?}",
            m.median_hz,
            m.sd_semitones,
            agreement * 100.0,
            m.windows.iter().map(|w| w.sd_semitones).collect::<Vec<_>>(),
            m.monotone
        );
        sds.push((m.sd_semitones, m.monotone.len()));
    }
    let threshold = settings.monotone_sd_semitones;
    assert!(
        sds[0].0 < threshold && sds[0].1 >= 1,
        "flat voice: {:?}",
        sds[0]
    );
    assert!(
        sds[1].0 > threshold && sds[1].1 == 0,
        "varied voice: {:?}",
        sds[1]
    );
}

/// Normalised words of a text, for aligning a script with a transcript.
fn norm_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(normalize_token)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Longest-common-subsequence alignment: for each script word, the index of the transcript word
/// it matched, if any.
fn align(script: &[String], heard: &[String]) -> Vec<Option<usize>> {
    let (n, m) = (script.len(), heard.len());
    let mut dp = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if script[i] == heard[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if script[i] == heard[j] {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Where the script's filled pauses are, labelled from the words around them: each lies between
/// the end of the word before it and the start of the word after it, as Whisper timed those
/// neighbours (found by aligning the script with the transcript). The filler's own word, if
/// Whisper wrote one, is not used, so the truth does not depend on what Whisper heard.
fn filler_truth(script: &str, words: &[Word]) -> Vec<(f64, f64)> {
    let script = norm_words(script);
    let heard: Vec<String> = words.iter().map(Word::normalized).collect();
    let content: Vec<usize> = (0..script.len())
        .filter(|i| !is_filled_pause(&script[*i]))
        .collect();
    let heard_content: Vec<usize> = (0..heard.len())
        .filter(|j| !is_filled_pause(&heard[*j]))
        .collect();
    let a: Vec<String> = content.iter().map(|i| script[*i].clone()).collect();
    let b: Vec<String> = heard_content.iter().map(|j| heard[*j].clone()).collect();
    let matched = align(&a, &b);
    let mut truth = Vec::new();
    for (i, w) in script.iter().enumerate() {
        if !is_filled_pause(w) {
            continue;
        }
        let before = content
            .iter()
            .zip(&matched)
            .rfind(|(ci, m)| **ci < i && m.is_some())
            .map_or(0.0, |(_, m)| words[heard_content[m.unwrap()]].end);
        let after = content
            .iter()
            .zip(&matched)
            .find(|(ci, m)| **ci > i && m.is_some())
            .map_or(f64::MAX, |(_, m)| words[heard_content[m.unwrap()]].start);
        truth.push((before - 0.2, after + 0.2));
    }
    truth
}

/// Matches reported fillers (start, end) to labelled places one to one, in order: a filler
/// counts for a place when it is centred there, and each filler counts once (a held "uh" that
/// Whisper wrote twice is one filler found and one extra). Returns how many places were found
/// and the fillers left over.
fn match_fillers(truth: &[(f64, f64)], fillers: &[(f64, f64)]) -> (usize, Vec<usize>) {
    let mut used = vec![false; fillers.len()];
    let mut found = 0;
    for (a, b) in truth {
        let centred = |(s, e): &(f64, f64)| (s + e) / 2.0 >= *a && (s + e) / 2.0 <= *b;
        if let Some(k) = (0..fillers.len()).find(|k| !used[*k] && centred(&fillers[*k])) {
            used[k] = true;
            found += 1;
        }
    }
    let left = (0..fillers.len()).filter(|k| !used[*k]).collect();
    (found, left)
}

/// The script of a filler fixture in tests/data.
fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The virtual environment `scripts/setup.sh test` installs hibari-tts into.
fn hibari_venv() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tts-venv/bin");
    assert!(
        venv.join("hibari").exists(),
        "hibari-tts is missing: run `scripts/setup.sh test` first"
    );
    venv
}

/// Runs a command of the hibari virtual environment, failing the test with its message.
fn run_hibari(program: &str, args: &[&std::ffi::OsStr]) {
    let out = Command::new(hibari_venv().join(program))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// hibari-tts reading `text` as it is (fillers as short words), as 16 kHz samples.
fn hibari_reads(dir: &Path, name: &str, text: &str, seed: u32) -> Vec<f32> {
    let wav = dir.join(format!("{name}.wav"));
    let seed = seed.to_string();
    run_hibari(
        "hibari",
        &[
            "-o".as_ref(),
            wav.as_os_str(),
            "--seed".as_ref(),
            seed.as_ref(),
            text.as_ref(),
        ],
    );
    read_wav(&wav).unwrap().samples
}

/// hibari-tts reading a script with its filled pauses drawn out (tests/hibari_fillers.py).
fn hibari_drawn_out(dir: &Path, name: &str, script: &Path, seed: u32) -> Vec<f32> {
    let wav = dir.join(format!("{name}.wav"));
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hibari_fillers.py");
    let seed = seed.to_string();
    run_hibari(
        "python",
        &[
            tool.as_os_str(),
            script.as_os_str(),
            wav.as_os_str(),
            seed.as_ref(),
        ],
    );
    read_wav(&wav).unwrap().samples
}

/// jfk.wav ten times over, 0.6 s apart: two minutes of real read speech with no filler, which
/// tiny.en transcribes in one run with word times that drift by up to a second.
fn jfk_ten_times(dir: &Path) -> Vec<f32> {
    let once = padded_jfk(dir, 0.0, 0.6);
    let ten = dir.join("jfk-ten-times.wav");
    let mut args = vec![once.to_str().unwrap(); 10];
    args.push(ten.to_str().unwrap());
    sox(&args);
    read_wav(&ten).unwrap().samples
}

/// A transcript with its filled pauses taken out (Whisper at its worst).
fn without_fillers(t: &Transcript) -> Transcript {
    Transcript::from_words(
        t.words
            .iter()
            .filter(|w| !is_filled_pause(&w.normalized()))
            .cloned()
            .collect(),
    )
}

/// A script with its filled pauses taken out.
fn fluent(script: &str) -> String {
    script
        .split_whitespace()
        .filter(|w| !is_filled_pause(&normalize_token(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every filler found in a read text with no filler (written or heard, each with its source),
/// and its minutes of speech.
fn invented_in_read_speech(samples: &[f32], settings: &MetricSettings) -> (Vec<String>, f64) {
    let t = transcriber()
        .transcribe(samples, &TranscribeOptions::default(), None, None)
        .unwrap();
    let (_, m) = measure_recording(samples, &t, settings);
    // The text has no filler, so every filler found is invented: one written into the
    // transcript (the filler-token bias could make Whisper write one) as much as one heard.
    let invented = m
        .fillers
        .iter()
        .map(|f| format!("{} {:.2}-{:.2} ({:?})", f.text, f.start, f.end, f.source))
        .collect();
    (invented, m.speaking_time_s / 60.0)
}

#[test]
fn fillers_whisper_left_out_are_heard_in_the_audio() {
    let settings = MetricSettings::default();
    let dir = tempfile::tempdir().unwrap();
    let script1 = std::fs::read_to_string(script("filler-answer.txt")).unwrap();
    let script2 = std::fs::read_to_string(script("filler-answer-2.txt")).unwrap();
    // The fixtures: the two scripts read by hibari-tts with its own short fillers, and with the
    // fillers drawn out to the length of spontaneous filled pauses.
    let clips = [
        (
            "fillers.wav",
            &script1,
            read_wav(&fetched("fillers.wav")).unwrap().samples,
        ),
        (
            "answer 2, short fillers",
            &script2,
            hibari_reads(dir.path(), "short2", &script2, 5),
        ),
        (
            "answer 1, drawn out",
            &script1,
            hibari_drawn_out(dir.path(), "long1", &script("filler-answer.txt"), 3),
        ),
        (
            "answer 2, drawn out",
            &script2,
            hibari_drawn_out(dir.path(), "long2", &script("filler-answer-2.txt"), 5),
        ),
    ];
    let (mut truth_total, mut found_total, mut fillers_wav_recall) = (0, [0usize; 2], 0.0);
    for (name, script, samples) in &clips {
        let started = std::time::Instant::now();
        let heard = transcriber()
            .transcribe(samples, &TranscribeOptions::default(), None, None)
            .unwrap();
        let transcribe_s = started.elapsed().as_secs_f64();
        let (fitted, _) = measure_recording(samples, &heard, &settings);
        let truth = filler_truth(script, &fitted.words);
        assert_eq!(
            truth.len(),
            script
                .split_whitespace()
                .filter(|w| is_filled_pause(&normalize_token(w)))
                .count()
        );
        truth_total += truth.len();
        // Whisper at its worst: every filler word taken out of the transcript.
        let dropped = without_fillers(&heard);
        for (k, (label, transcript)) in [("as transcribed", &heard), ("fillers removed", &dropped)]
            .into_iter()
            .enumerate()
        {
            let started = std::time::Instant::now();
            let (_, m) = measure_recording(samples, transcript, &settings);
            let measure_s = started.elapsed().as_secs_f64();
            let reported: Vec<(f64, f64)> = m.fillers.iter().map(|f| (f.start, f.end)).collect();
            let (found, left) = match_fillers(&truth, &reported);
            let acoustic = m
                .fillers
                .iter()
                .filter(|f| f.source == FillerSource::Acoustic)
                .count();
            let invented: Vec<(f64, f64)> = left
                .iter()
                .filter(|k| m.fillers[**k].source == FillerSource::Acoustic)
                .map(|k| reported[*k])
                .collect();
            println!(
                "{name} {label}: {found} of {} fillers found ({} acoustic), acoustic outside the labelled places {invented:?}; all voice measures {:.0} ms = {:.1}% of transcription ({:.1} s; this test build leaves the analysis unoptimised)",
                truth.len(),
                acoustic,
                measure_s * 1e3,
                measure_s / transcribe_s * 100.0,
                transcribe_s
            );
            found_total[k] += found;
            if *name == "fillers.wav" && k == 0 {
                fillers_wav_recall = found as f64 / truth.len() as f64;
            }
        }
    }
    let recall = found_total.map(|f| f as f64 / truth_total as f64);
    println!(
        "all filler fixtures: {} of {truth_total} found as transcribed ({:.0}%), {} with the filler words removed ({:.0}%)",
        found_total[0],
        recall[0] * 100.0,
        found_total[1],
        recall[1] * 100.0
    );
    // As transcribed (with the filler prompt), transcript and acoustic fillers together.
    assert!(
        fillers_wav_recall >= 0.9,
        "fillers.wav recall {fillers_wav_recall}"
    );
    // 37 of 40 measured (35 without the filler-token bias, three of them found only because
    // tiny.en's "aa" counts as the "uh" it stands for; with the bias it writes "uh" or "Ah").
    assert!(recall[0] >= 0.9, "recall as transcribed {}", recall[0]);
    // With every filler word removed the detector alone finds about half (21 of 40 measured;
    // 11 before the word times came from DTW): the rest lie within the times given to the words
    // around them, where a short filled pause is acoustically one more syllable. Below the 90%
    // goal.
    assert!(
        recall[1] >= 0.45,
        "recall with fillers removed {}",
        recall[1]
    );
    // Fluent read speech: at most one invented filler a minute over all of it. The two-minute
    // reading is there for its drifting word times: before the detectors were made to check
    // them, `interview-coach analyze` found 28 fillers in it.
    let jfk = read_wav(&jfk_wav()).unwrap().samples;
    let twice = format!("{} {}", fluent(&script1), fluent(&script1));
    let read = [
        ("jfk.wav", jfk),
        ("jfk.wav ten times", jfk_ten_times(dir.path())),
        ("espeak-ng", espeak(dir.path(), &twice, "medium")),
        (
            "hibari-tts",
            hibari_reads(
                dir.path(),
                "fluent",
                &format!("{} {}", fluent(&script1), fluent(&script2)),
                7,
            ),
        ),
    ];
    let (mut invented, mut minutes) = (0, 0.0);
    for (name, samples) in &read {
        let (found, min) = invented_in_read_speech(samples, &settings);
        println!(
            "{name} reading fluent text for {min:.2} min: {} fillers {found:?}",
            found.len()
        );
        invented += found.len();
        minutes += min;
    }
    println!(
        "fluent read speech: {invented} invented in {minutes:.2} min ({:.2}/min)",
        invented as f64 / minutes
    );
    assert!(
        invented as f64 <= minutes.max(1.0),
        "{invented} invented in {minutes:.2} min"
    );
}

/// A transcript from the Montreal Forced Aligner's test data, without its markup (`<VOCNOISE>`,
/// `[adif]`, `<cutoff-montreal>`: noises and cut-off words, not words Whisper could write).
fn mfa_transcript(name: &str) -> String {
    std::fs::read_to_string(fetched(&format!("mfa/{name}.lab")))
        .unwrap()
        .split_whitespace()
        .filter(|w| !w.starts_with('<') && !w.starts_with('['))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The 16 kHz samples of one of the Montreal Forced Aligner's test recordings.
pub(crate) fn mfa_samples(name: &str) -> Vec<f32> {
    read_wav(&fetched(&format!("mfa/{name}.wav")))
        .unwrap()
        .samples
}

/// One of the Montreal Forced Aligner's test recordings and its batch transcript, as the app
/// transcribes a file.
fn mfa_heard(name: &str) -> (Vec<f32>, Transcript) {
    let samples = mfa_samples(name);
    let heard = transcriber()
        .transcribe(&samples, &TranscribeOptions::default(), None, None)
        .unwrap();
    (samples, heard)
}

#[test]
fn fillers_in_real_spontaneous_speech_are_found() {
    // Real speech, transcribed by a person with every "uh" and "um": the test recordings of the
    // Montreal Forced Aligner (fetched by scripts/setup.sh test). Three unscripted monologues,
    // and short clips of a speaker saying fillers on purpose ("montreal uh forced aligner").
    let settings = MetricSettings::default();
    let sets = [
        (
            "spontaneous monologues",
            &["acoustic_corpus", "cold_corpus", "cold_corpus3"][..],
        ),
        (
            "fillers said on purpose",
            &[
                "mfa_uh",
                "mfa_um",
                "mfa_uhuh",
                "mfa_uhum",
                "mfa_crossword",
                "mfa_cutoffprogressive",
            ][..],
        ),
    ];
    let (mut all_truth, mut acoustic_extra, mut minutes) = (0, 0, 0.0);
    let mut recall_by_set = Vec::new();
    for (set, names) in sets {
        let (mut found_set, mut truth_set, mut alone_set) = (0, 0, 0);
        for name in names {
            let (samples, heard) = mfa_heard(name);
            let (fitted, m) = measure_recording(&samples, &heard, &settings);
            let truth = filler_truth(&mfa_transcript(name), &fitted.words);
            let reported: Vec<(f64, f64)> = m.fillers.iter().map(|f| (f.start, f.end)).collect();
            let (found, left) = match_fillers(&truth, &reported);
            let extra: Vec<String> = left
                .iter()
                .map(|k| {
                    let f = &m.fillers[*k];
                    format!("{} at {:.2} s ({:?})", f.text, f.start, f.source)
                })
                .collect();
            acoustic_extra += left
                .iter()
                .filter(|k| m.fillers[**k].source == FillerSource::Acoustic)
                .count();
            minutes += m.speaking_time_s / 60.0;
            // The detector alone: every filler word taken out of the transcript.
            let dropped = without_fillers(&heard);
            let (_, alone) = measure_recording(&samples, &dropped, &settings);
            let alone: Vec<(f64, f64)> = alone.fillers.iter().map(|f| (f.start, f.end)).collect();
            let (alone_found, _) = match_fillers(&truth, &alone);
            println!(
                "{name}: {found} of {} fillers found, {alone_found} by the audio alone; not in the transcript by hand: {extra:?}; heard \"{}\"",
                truth.len(),
                heard.text
            );
            found_set += found;
            truth_set += truth.len();
            alone_set += alone_found;
        }
        println!(
            "{set}: {found_set} of {truth_set} found as transcribed, {alone_set} by the audio alone"
        );
        recall_by_set.push((set, found_set as f64 / truth_set as f64));
        if set == "spontaneous monologues" {
            // Measured 7 of 14 (3 of 14 before the word times came from DTW: the fillers lay
            // inside words whose times had drifted over them). Against the monologues' forced
            // alignments instead of Whisper's neighbouring words, 9 of 14 (a scratch script);
            // the truth here moves with the word times, hence the margin.
            assert!(
                alone_set * 5 >= truth_set * 2,
                "{set}: the audio alone found {alone_set} of {truth_set}"
            );
        }
        all_truth += truth_set;
    }
    assert!(all_truth >= 30, "{all_truth} labelled fillers");
    for (set, recall) in &recall_by_set {
        assert!(*recall >= 0.9, "{set}: recall {recall}");
    }
    println!("acoustic fillers where the person wrote none: {acoustic_extra} in {minutes:.2} min");
    assert!(
        acoustic_extra as f64 <= minutes.max(1.0),
        "{acoustic_extra} acoustic fillers the person did not write, in {minutes:.2} min"
    );
}

/// The words tier of a Praat TextGrid in its short text format, as `(start, end, word)`, empty
/// intervals left out.
fn textgrid_words(path: &Path) -> Vec<(f64, f64, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let tier = lines
        .iter()
        .position(|l| *l == "\"words\"")
        .unwrap_or_else(|| panic!("{} has no words tier", path.display()));
    let count: usize = lines[tier + 3].parse().unwrap();
    (0..count)
        .map(|k| {
            let at = tier + 4 + 3 * k;
            (
                lines[at].parse().unwrap(),
                lines[at + 1].parse().unwrap(),
                normalize_token(lines[at + 2].trim_matches('"')),
            )
        })
        .filter(|(_, _, w)| !w.is_empty())
        .collect()
}

/// The value below which `share` of the values lie.
fn quantile(values: &[f64], share: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * share).round() as usize]
}

/// The unscripted monologues of the Montreal Forced Aligner's test data that come with its
/// forced alignment.
pub(crate) const ALIGNED_MONOLOGUES: [&str; 3] = ["acoustic_corpus", "cold_corpus", "cold_corpus3"];

/// Compares `words` (a transcript of the monologue `name`, fitted to the voice) with the forced
/// alignment: prints how far the starts and ends of the words matched to it lie off, and fails
/// the test unless most words matched and their starts and ends lie close.
pub(crate) fn check_word_times_against_alignment(label: &str, name: &str, words: &[Word]) {
    let truth = textgrid_words(&fetched(&format!("mfa/{name}.TextGrid")));
    let said: Vec<String> = truth.iter().map(|t| t.2.clone()).collect();
    let written: Vec<String> = words.iter().map(Word::normalized).collect();
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    for (t, k) in truth.iter().zip(align(&said, &written)) {
        if let Some(k) = k {
            starts.push((words[k].start - t.0).abs());
            ends.push((words[k].end - t.1).abs());
        }
    }
    let (median, p90) = (quantile(&starts, 0.5), quantile(&starts, 0.9));
    let end_median = quantile(&ends, 0.5);
    println!(
        "{label} {name}: {} of {} words matched; start off by median {median:.2} s, 90% within {p90:.2} s, worst {:.2} s; end off by median {end_median:.2} s",
        starts.len(),
        truth.len(),
        quantile(&starts, 1.0),
    );
    assert!(
        starts.len() * 10 >= truth.len() * 8,
        "{label} {name}: only {} of {} words matched",
        starts.len(),
        truth.len()
    );
    assert!(
        median <= 0.2,
        "{label} {name}: word starts a median {median:.2} s off"
    );
    assert!(
        p90 <= 0.5,
        "{label} {name}: 10% of word starts over {p90:.2} s off"
    );
    assert!(
        end_median <= 0.2,
        "{label} {name}: word ends a median {end_median:.2} s off"
    );
}

#[test]
fn word_times_follow_the_voice_in_real_unscripted_speech() {
    // The monologues' forced alignments (word times fitted to the audio by the Montreal Forced
    // Aligner, shipped with its test data) are the truth. whisper.cpp's ordinary token times
    // drifted through these recordings (word starts a median 0.6-2.5 s off, up to 5 s late);
    // the app's times come from dynamic time warping over tiny.en's alignment heads.
    let settings = MetricSettings::default();
    for name in ALIGNED_MONOLOGUES {
        let (samples, heard) = mfa_heard(name);
        let (fitted, _) = measure_recording(&samples, &heard, &settings);
        check_word_times_against_alignment("batch", name, &fitted.words);
    }
}
