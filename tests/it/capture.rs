//! The audio layer on a virtual microphone and speaker (PulseAudio null sinks, reached through
//! cpal's PulseAudio host as on a real Linux desktop). Audio tests take the harness lock, so they
//! run one at a time.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use interview_coach::analysis::SAMPLE_RATE;
use interview_coach::audio::capture::{CaptureEvent, InputWarning, Recorder, RecordingInfo};
use interview_coach::audio::devices::{self, DeviceChoice, Direction};
use interview_coach::audio::playback::{PlayState, Player};
use interview_coach::audio::recovery;
use interview_coach::audio::resample::resample_mono;

use crate::{pulse, signal};

const BIN: &str = env!("CARGO_BIN_EXE_interview-coach");

/// Waits for the `Live` event; returns its latency.
fn wait_live(rec: &Recorder, within: Duration) -> f64 {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(CaptureEvent::Live { latency_ms }) =
            rec.events().recv_timeout(Duration::from_millis(50))
        {
            return latency_ms;
        }
    }
    panic!("no audio arrived within {within:?}");
}

/// Collects events for `d`.
fn collect_for(rec: &Recorder, d: Duration) -> Vec<CaptureEvent> {
    let deadline = Instant::now() + d;
    let mut out = Vec::new();
    while Instant::now() < deadline {
        if let Ok(e) = rec.events().recv_timeout(Duration::from_millis(20)) {
            out.push(e);
        }
    }
    out
}

#[test]
fn capture_records_fed_speech_in_full() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let info = record_fed_speech(pulse, &DeviceChoice::SystemDefault, "capture");
    assert!(info.device.is_default);
}

#[test]
fn virtual_microphone_is_listed_by_its_description_and_records_when_chosen() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    assert_eq!(devices::sound_system(), "PulseAudio");
    let inputs = devices::list_devices(Direction::Input).unwrap();
    let outputs = devices::list_devices(Direction::Output).unwrap();
    eprintln!("inputs: {inputs:#?}\noutputs: {outputs:#?}");
    let mic = inputs
        .iter()
        .find(|d| d.name == pulse::MIC_DESCRIPTION)
        .unwrap_or_else(|| panic!("no \"{}\" in {inputs:?}", pulse::MIC_DESCRIPTION));
    assert!(mic.is_default, "{mic:?}");
    assert_eq!(
        mic.id, "pulseaudio:ic_mic",
        "the id to remember is the server's stable name"
    );
    assert_eq!(mic.host, "PulseAudio");
    assert_eq!(inputs[0], *mic, "the default comes first");
    // Monitors play back what the speakers play: they are not microphones.
    assert!(
        inputs
            .iter()
            .all(|d| !d.id.ends_with(".monitor") && !d.name.starts_with("Monitor of")),
        "{inputs:?}"
    );
    assert!(
        inputs
            .iter()
            .chain(&outputs)
            .all(|d| d.name != "default" && !d.name.starts_with("System default")),
        "ALSA's aliases are gone: {inputs:?} {outputs:?}"
    );
    let speaker = outputs
        .iter()
        .find(|d| d.name == pulse::SPEAKER_DESCRIPTION)
        .unwrap_or_else(|| panic!("no \"{}\" in {outputs:?}", pulse::SPEAKER_DESCRIPTION));
    assert!(speaker.is_default);

    // What a user does: pick it by the name shown, then record an answer.
    let chosen = DeviceChoice::Named(pulse::MIC_DESCRIPTION.into());
    let info = record_fed_speech(pulse, &chosen, "chosen by name");
    assert_eq!(info.device.id, mic.id);
    assert!(info.fallback.is_none(), "{:?}", info.fallback);
    // The remembered id finds the same device again (as after a restart).
    let again = devices::choose(Direction::Input, &DeviceChoice::Named(mic.id.clone())).unwrap();
    assert_eq!(again.info.name, pulse::MIC_DESCRIPTION);
    assert!(again.fallback.is_none());
    // A monitor can still be taken on purpose by its exact id, but never by default.
    let monitor = devices::choose(
        Direction::Input,
        &DeviceChoice::Named(format!("pulseaudio:{}.monitor", pulse::SPEAKER_SINK)),
    )
    .unwrap();
    assert!(monitor.fallback.is_none() && !monitor.info.is_default);
    // An output is not an input, even by exact id: that falls back to the default microphone.
    let sink = devices::choose(
        Direction::Input,
        &DeviceChoice::Named(format!("pulseaudio:{}", pulse::SPEAKER_SINK)),
    )
    .unwrap();
    assert!(sink.fallback.is_some());
    assert_eq!(sink.info.id, mic.id);
}

#[test]
fn devices_command_shows_descriptions_and_alsa_remains_available() {
    let pulse = pulse::shared();
    let run = |extra: &[(&str, &str)]| {
        let out = Command::new(BIN)
            .arg("devices")
            .envs(pulse.env().into_iter().filter(|(k, _)| *k != "HOME"))
            .envs(extra.iter().copied())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let pulse_list = run(&[]);
    eprintln!("devices (PulseAudio host):\n{pulse_list}");
    assert!(
        pulse_list.starts_with("Sound system: PulseAudio"),
        "{pulse_list}"
    );
    assert!(
        pulse_list.contains("* Virtual microphone    [pulseaudio:ic_mic]"),
        "{pulse_list}"
    );
    assert!(
        pulse_list.contains("* Virtual speaker    [pulseaudio:ic_speaker]"),
        "{pulse_list}"
    );
    // The escape hatch: the same daemon through ALSA's pulse plugin, as before.
    let alsa_list = run(&[(devices::HOST_ENV, "alsa")]);
    eprintln!("devices (forced ALSA):\n{alsa_list}");
    assert!(alsa_list.starts_with("Sound system: ALSA"), "{alsa_list}");
    assert!(alsa_list.contains("[alsa:"), "{alsa_list}");
}

/// Records the speech fixture fed into the virtual microphone from `choice` and checks that all of
/// it arrived, in real time, from the moment "live" was signalled. Returns what was opened.
fn record_fed_speech(pulse: &pulse::Pulse, choice: &DeviceChoice, label: &str) -> RecordingInfo {
    let (reference, rate) = signal::read_mono(&pulse::speech_fixture());
    assert_eq!(rate, SAMPLE_RATE);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("answer.wav");

    let started = Instant::now();
    let rec = Recorder::start(choice, &out).unwrap();
    let info = rec.info().clone();
    let latency = wait_live(&rec, Duration::from_secs(3));
    // The user starts speaking only once "live" is shown: the first words must be there.
    let mut feed = pulse.feed(&pulse::speech_fixture());
    let events = collect_for(&rec, Duration::from_secs(12));
    assert!(feed.wait().unwrap().success());
    let wall = started.elapsed().as_secs_f64();
    let recording = rec.stop().unwrap();

    let levels: Vec<(f32, f32)> = events
        .iter()
        .filter_map(|e| match e {
            CaptureEvent::Level { rms_db, peak_db } => Some((*rms_db, *peak_db)),
            _ => None,
        })
        .collect();
    let a = signal::align(
        &reference,
        &recording.samples_16k,
        3 * 16_000,
        reference.len() - 1600,
    );
    let (file_mono, file_rate) = signal::read_mono(&recording.path);
    let file_16k = resample_mono(&file_mono, file_rate, SAMPLE_RATE).unwrap();
    let f = signal::align(&reference, &file_16k, 3 * 16_000, reference.len() - 1600);
    eprintln!(
        "{label}: \"{}\" via {}; live after {latency:.1} ms; {:.2} s recorded in {wall:.2} s wall \
         at {} Hz x{} {}; {} level events; buffer corr {:.4} lag {} overlap {}; file corr {:.4} lag {}",
        info.device.name,
        info.device.host,
        recording.duration_s,
        recording.sample_rate,
        recording.channels,
        info.sample_format,
        levels.len(),
        a.correlation,
        a.lag,
        a.overlap,
        f.correlation,
        f.lag
    );

    assert!(latency < 1000.0, "first audio after {latency} ms");
    assert_eq!(recording.first_audio_ms, Some(latency));
    // Real-time pacing: the recording is as long as the time it ran, give or take start-up.
    assert!(
        (recording.duration_s - wall).abs() < 0.5,
        "{} s in {wall} s",
        recording.duration_s
    );
    assert!(a.correlation >= 0.9, "{a:?}");
    assert_eq!(
        a.overlap,
        reference.len(),
        "every fed sample is in the capture: {a:?}"
    );
    assert!(f.correlation >= 0.9, "file {f:?}");
    assert!((recording.samples_16k.len() as f64 / 16_000.0 - recording.duration_s).abs() < 0.01);
    // About 20 levels a second, loud during speech.
    let per_s = levels.len() as f64 / 12.0;
    assert!((17.0..=21.0).contains(&per_s), "{per_s} levels/s");
    assert!(
        levels.iter().any(|&(_, peak)| peak > -20.0),
        "speech should peak above -20 dBFS"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, CaptureEvent::Warning(InputWarning::Silent)))
    );
    assert!(recording.device_lost.is_none());
    assert!(
        !recovery::marker_path(&out).exists(),
        "clean stop removes the marker"
    );
    assert!(!recovery::header_is_stale(&out).unwrap());
    // And what was captured through the microphone path transcribes to what was said.
    let t = crate::common::transcriber()
        .transcribe(
            &recording.samples_16k,
            &interview_coach::transcribe::TranscribeOptions::default(),
            None,
            None,
        )
        .unwrap();
    let wer = interview_coach::analysis::wer::word_error_rate(crate::common::JFK_TEXT, &t.text);
    assert!(
        wer <= 0.10,
        "captured speech transcribed with WER {wer:.3}: {}",
        t.text
    );
    info
}

#[test]
fn silent_input_warns_after_a_few_seconds() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    let rec = Recorder::start(&DeviceChoice::SystemDefault, &dir.path().join("quiet.wav")).unwrap();
    wait_live(&rec, Duration::from_secs(3));
    let events = collect_for(&rec, Duration::from_secs(5));
    let recording = rec.stop().unwrap();
    assert!(
        events.contains(&CaptureEvent::Warning(InputWarning::Silent)),
        "{:?}",
        &events[..5.min(events.len())]
    );
    assert!(recording.duration_s > 4.5);
}

#[test]
fn missing_named_device_falls_back_to_default_once_and_says_so() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let dir = tempfile::tempdir().unwrap();
    let choice = DeviceChoice::Named("Blue Yeti Nano".into());
    let rec = Recorder::start(&choice, &dir.path().join("fallback.wav")).unwrap();
    let fallback = rec.info().fallback.clone().expect("fallback reported");
    assert_eq!(fallback.requested, "Blue Yeti Nano");
    assert!(fallback.to_string().contains("using the system default"));
    assert!(rec.info().device.is_default);
    wait_live(&rec, Duration::from_secs(3));
    let recording = rec.stop().unwrap();
    assert!(recording.duration_s > 0.0);
}

#[test]
fn killed_recording_is_recovered() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let (reference, _) = signal::read_mono(&pulse::speech_fixture());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("killed.wav");
    let mut child = Command::new(BIN)
        .args(["record", out.to_str().unwrap(), "--seconds", "30"])
        .envs(pulse.env().into_iter().filter(|(k, _)| *k != "HOME"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // "Live" from outside: audio bytes beyond the header are on disk.
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) < 4096 {
        assert!(Instant::now() < deadline, "the recorder never wrote audio");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut feed = pulse.feed(&pulse::speech_fixture());
    std::thread::sleep(Duration::from_millis(2000));
    child.kill().unwrap(); // SIGKILL: no destructor, no finalize.
    child.wait().unwrap();
    let _ = feed.kill();
    let _ = feed.wait();

    let found = recovery::find_interrupted(dir.path()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].has_marker);
    let report = recovery::repair_wav(&out).unwrap();
    let (mono, rate) = signal::read_mono(&out);
    let captured = resample_mono(&mono, rate, SAMPLE_RATE).unwrap();
    let a = signal::align(
        &reference,
        &captured,
        captured.len().saturating_sub(8000),
        8000,
    );
    eprintln!(
        "recovery: header covered {:.3} s, repaired to {:.3} s (+{} frames, {} bytes of a partial frame cut); \
         speech recovered {:.3} s, corr {:.4}",
        report.frames_before as f64 / f64::from(report.sample_rate),
        report.duration_s,
        report.frames - report.frames_before,
        report.bytes_dropped,
        a.overlap as f64 / 16_000.0,
        a.correlation
    );
    assert!(a.correlation >= 0.9, "{a:?}");
    assert!(
        a.overlap as f64 / 16_000.0 >= 1.5,
        "only {:.2} s of speech recovered",
        a.overlap as f64 / 16_000.0
    );
    assert!(recovery::find_interrupted(dir.path()).unwrap().is_empty());
}

#[test]
fn playback_reaches_the_speaker_intact() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let (reference, _) = signal::read_mono(&pulse::speech_fixture());
    let speaker = pulse.record_speaker();
    std::thread::sleep(Duration::from_millis(300));
    let player = Player::play_file(&DeviceChoice::SystemDefault, &pulse::speech_fixture()).unwrap();
    assert!((player.duration() - 11.0).abs() < 0.01);
    let mut last = 0.0;
    let start = Instant::now();
    while player.state() == PlayState::Playing && start.elapsed() < Duration::from_secs(15) {
        let p = player.position();
        assert!(p >= last, "position went backwards: {p} < {last}");
        last = p;
        std::thread::sleep(Duration::from_millis(100));
    }
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(player.state(), PlayState::Finished);
    std::thread::sleep(Duration::from_millis(500));
    let heard = speaker.finish();
    let a = signal::align(&reference, &heard, 3 * 16_000, reference.len() - 1600);
    eprintln!(
        "playback: finished after {wall:.2} s wall; speaker monitor corr {:.4} lag {} overlap {}",
        a.correlation, a.lag, a.overlap
    );
    assert!((wall - 11.0).abs() < 0.6, "played in real time: {wall}");
    assert!(a.correlation >= 0.9, "{a:?}");
    assert_eq!(a.overlap, reference.len());
}

#[test]
fn playback_pauses_resumes_and_seeks() {
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let player = Player::play_file(&DeviceChoice::SystemDefault, &pulse::speech_fixture()).unwrap();
    std::thread::sleep(Duration::from_millis(700));
    player.pause();
    std::thread::sleep(Duration::from_millis(100));
    let paused_at = player.position();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(player.state(), PlayState::Paused);
    assert_eq!(player.position(), paused_at, "position holds while paused");
    assert!((0.4..1.2).contains(&paused_at), "{paused_at}");
    player.resume();
    player.seek(10.0);
    let pos = player.position();
    assert!((10.0..10.3).contains(&pos), "{pos}");
    assert_eq!(player.wait(Duration::from_secs(3)), PlayState::Finished);
    assert!((player.position() - player.duration()).abs() < 1e-6);
    player.seek(5.0);
    assert_eq!(
        player.state(),
        PlayState::Playing,
        "seeking after the end plays again"
    );
}

#[test]
fn no_sound_card_means_no_microphone_not_a_crash() {
    // An ALSA configuration without any PCM is what a machine without a sound card (and no
    // sound server) looks like to cpal: the default device exists but cannot be opened.
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("asound-empty.conf");
    std::fs::write(&conf, "# no devices\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("ALSA_CONFIG_PATH", &conf)
            .env("PULSE_SERVER", "unix:/nonexistent")
            // No route to the harness daemon either (the test process may point these at it).
            .env("XDG_RUNTIME_DIR", dir.path())
            .env_remove("PULSE_RUNTIME_PATH")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let devices = run(&["devices"]);
    assert!(
        devices.status.success(),
        "{}",
        String::from_utf8_lossy(&devices.stderr)
    );
    let listed = String::from_utf8_lossy(&devices.stdout);
    assert!(listed.starts_with("Sound system: ALSA"), "{listed}");
    let out = dir.path().join("x.wav");
    let record = run(&["record", out.to_str().unwrap(), "--seconds", "1"]);
    let stderr = String::from_utf8_lossy(&record.stderr);
    assert!(!record.status.success());
    assert!(stderr.contains("no microphone found"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no empty file is left behind");
    let play = run(&["play", pulse::speech_fixture().to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&play.stderr).contains("no speaker"),
        "{}",
        String::from_utf8_lossy(&play.stderr)
    );
}

/// Waits until `speaking` stops (after giving it a moment to start), at most `limit`.
fn wait_spoken(speaking: &interview_coach::audio::speech::Speaking, limit: Duration) {
    std::thread::sleep(Duration::from_millis(800));
    let deadline = Instant::now() + limit;
    while speaking.is_speaking() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
}

#[test]
fn a_question_without_a_clip_is_spoken_by_a_system_voice() {
    use interview_coach::audio::speech::speak_question;
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let speaker = pulse.record_speaker();
    // A whole sentence, so that one word misheard from a synthetic voice (tiny.en once heard
    // "about" as "I'm out of") cannot decide the test, while unrelated sound still fails it.
    let question = "Tell me about yourself, and why did you choose this specialty?";
    let speaking = speak_question(question, None, &DeviceChoice::SystemDefault).unwrap();
    assert_eq!(speaking.source(), "system voice");
    wait_spoken(&speaking, Duration::from_secs(15));
    drop(speaking);
    let heard = speaker.finish();
    let peak = heard.iter().fold(0f32, |m, s| m.max(s.abs()));
    assert!(peak > 0.05, "nothing came out of the speaker (peak {peak})");
    // What came out of the speaker is the question: Whisper hears it.
    let t = crate::common::transcriber()
        .transcribe(
            &heard,
            &interview_coach::transcribe::TranscribeOptions::default(),
            None,
            None,
        )
        .unwrap();
    let wer = interview_coach::analysis::wer::word_error_rate(question, &t.text);
    assert!(wer <= 0.3, "the spoken question was heard as {:?}", t.text);
}

#[test]
fn a_question_clip_is_played_on_the_chosen_speaker() {
    use interview_coach::audio::speech::speak_question;
    let pulse = pulse::shared();
    let _lock = pulse.lock();
    let clip = pulse::speech_fixture();
    let (reference, _) = signal::read_mono(&clip);
    let speaker = pulse.record_speaker();
    let speaking = speak_question("ignored", Some(&clip), &DeviceChoice::SystemDefault).unwrap();
    assert_eq!(speaking.source(), "recorded clip");
    wait_spoken(&speaking, Duration::from_secs(20));
    drop(speaking);
    let heard = speaker.finish();
    let a = signal::align(&reference, &heard, 3 * 16_000, reference.len() / 2);
    assert!(a.correlation >= 0.9, "{a:?}");
}
