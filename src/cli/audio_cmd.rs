//! The `devices`, `record` and `play` subcommands: thin glue over `crate::audio` for people and
//! for tests, with errors reported through `anyhow` and printed with their chain by `main`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::audio::capture::{CaptureEvent, InputWarning, Recorder};
use crate::audio::devices::{DeviceChoice, Direction, list_devices, sound_system};
use crate::audio::playback::{PlayState, Player};
use crate::audio::recovery;

/// `interview-coach devices`: list input and output devices.
#[derive(Debug, Clone, clap::Args)]
pub struct DevicesArgs {}

/// `interview-coach record OUT.wav [--device NAME] [--seconds N]`.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordArgs {
    /// The WAV file to write (native rate and channels, 16-bit).
    pub out: PathBuf,
    /// Microphone name or id as shown by `devices`; the system default if omitted.
    #[arg(long)]
    pub device: Option<String>,
    /// Stop after this many seconds instead of waiting for Enter.
    #[arg(long)]
    pub seconds: Option<f64>,
}

/// `interview-coach play FILE.wav [--device NAME]`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlayArgs {
    /// The WAV file to play.
    pub file: PathBuf,
    /// Speaker name or id as shown by `devices`; the system default if omitted.
    #[arg(long)]
    pub device: Option<String>,
}

/// Prints the sound system in use, then input and output devices, the default marked with `*`,
/// each with the id to remember.
pub fn devices(_args: &DevicesArgs) -> anyhow::Result<()> {
    println!("Sound system: {}", sound_system());
    for direction in [Direction::Input, Direction::Output] {
        let title = match direction {
            Direction::Input => "Input devices (microphones):",
            Direction::Output => "Output devices (speakers):",
        };
        println!("{title}");
        let list = list_devices(direction)
            .with_context(|| format!("could not list {}s", direction.noun()))?;
        if list.is_empty() {
            println!("  (none found)");
        }
        for d in list {
            let mark = if d.is_default { '*' } else { ' ' };
            println!("{mark} {}    [{}]", d.name, d.id);
        }
    }
    Ok(())
}

/// A text level meter: 40 columns over -60..0 dBFS.
fn meter(rms_db: f32, peak_db: f32) -> String {
    let cols = |db: f32| (((db + 60.0) / 60.0).clamp(0.0, 1.0) * 40.0).round() as usize;
    let (r, p) = (cols(rms_db), cols(peak_db).max(cols(rms_db)));
    format!(
        "[{}{}{}] {rms_db:6.1} dB",
        "#".repeat(r),
        "-".repeat(p - r),
        " ".repeat(40 - p)
    )
}

/// Records from the microphone until Enter is pressed or `--seconds` pass, showing the level.
/// Repairs interrupted recordings left in the output's directory first.
pub fn record(args: &RecordArgs) -> anyhow::Result<()> {
    let dir = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    for result in recovery::recover_dir(dir) {
        match result {
            Ok(r) if r.discarded_empty => eprintln!(
                "Removed {}: an earlier recording stopped before any audio was saved.",
                r.path.display()
            ),
            Ok(r) => eprintln!(
                "Recovered an interrupted recording: {} ({:.1} s)",
                r.path.display(),
                r.duration_s
            ),
            Err((path, e)) => eprintln!(
                "An interrupted recording could not be repaired; it is at {}: {e}",
                path.display()
            ),
        }
    }

    let choice = DeviceChoice::from_option(args.device.as_deref());
    let recorder = Recorder::start(&choice, &args.out).context("could not start recording")?;
    let info = recorder.info().clone();
    if let Some(fallback) = &info.fallback {
        eprintln!("{fallback}");
    }
    eprintln!(
        "Opening \"{}\" ({} Hz, {} ch, {}, through {})...",
        info.device.name, info.sample_rate, info.channels, info.sample_format, info.device.host
    );

    // Enter arrives on its own thread because reading stdin blocks.
    let (enter_tx, enter_rx) = mpsc::channel::<bool>();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let mut line = String::new();
            let got_line = std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map(|n| n > 0)
                .unwrap_or(false);
            let _ = enter_tx.send(got_line);
        })
        .context("could not start the keyboard thread")?;

    let started = Instant::now();
    let limit = args.seconds.map(Duration::from_secs_f64);
    let mut last_draw = Instant::now();
    loop {
        if limit.is_some_and(|l| started.elapsed() >= l) {
            break;
        }
        match enter_rx.try_recv() {
            Ok(true) => break,
            // No terminal: without a time limit nothing could ever stop the recording.
            Ok(false) if limit.is_none() => break,
            _ => {}
        }
        while let Ok(event) = recorder.events().try_recv() {
            match event {
                CaptureEvent::Live { latency_ms } => {
                    eprintln!(
                        "Microphone live after {latency_ms:.0} ms. Speak now; press Enter to stop."
                    );
                }
                CaptureEvent::Level { rms_db, peak_db } => {
                    if last_draw.elapsed() >= Duration::from_millis(100) {
                        last_draw = Instant::now();
                        eprint!("\r{}", meter(rms_db, peak_db));
                        let _ = std::io::stderr().flush();
                    }
                }
                CaptureEvent::Warning(InputWarning::Silent) => {
                    eprintln!(
                        "\nNo sound from the microphone for a few seconds: is it muted or the wrong device?"
                    );
                }
                CaptureEvent::Warning(InputWarning::Clipping) => {
                    eprintln!(
                        "\nThe input is clipping: lower the microphone gain or move back a little."
                    );
                }
                CaptureEvent::DeviceLost {
                    kept_seconds,
                    error,
                } => {
                    eprintln!("\n{error}. The {kept_seconds:.1} s recorded so far are kept.");
                }
                CaptureEvent::WriteFailed { message } => {
                    eprintln!("\nThe recording could not be written further: {message}");
                }
                CaptureEvent::WarningCleared(_) | CaptureEvent::Stopped { .. } => {}
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let recording = recorder.stop().context("could not finish the recording")?;
    eprintln!();
    if let Some(error) = &recording.write_error {
        // Saying "Saved" here would claim audio that is not in the file.
        anyhow::bail!(
            "only {:.2} s of the {:.2} s recorded could be saved in {} ({error}). Free some disk \
             space and record again; the part that was saved is kept.",
            recording.saved_s,
            recording.duration_s,
            recording.path.display()
        );
    }
    println!(
        "Saved {}: {:.2} s, {} Hz, {} ch; first audio after {}",
        recording.path.display(),
        recording.duration_s,
        recording.sample_rate,
        recording.channels,
        recording
            .first_audio_ms
            .map_or("(none)".to_string(), |ms| format!("{ms:.0} ms")),
    );
    if let Some(err) = recording.device_lost {
        println!("The microphone was lost during the recording: {err}");
    }
    Ok(())
}

/// Plays a WAV file to the end on the chosen speaker.
pub fn play(args: &PlayArgs) -> anyhow::Result<()> {
    let choice = DeviceChoice::from_option(args.device.as_deref());
    let player = Player::play_file(&choice, &args.file)
        .with_context(|| format!("could not play {}", args.file.display()))?;
    if let Some(fallback) = player.fallback() {
        eprintln!("{fallback}");
    }
    eprintln!(
        "Playing {} ({:.1} s) on \"{}\"",
        args.file.display(),
        player.duration(),
        player.device().name
    );
    // A margin over the clip's length covers the device's start-up and buffer.
    let state = player.wait(Duration::from_secs_f64(player.duration() + 5.0));
    if player.device_lost() {
        anyhow::bail!("the speaker was lost during playback");
    }
    if state != PlayState::Finished {
        anyhow::bail!("playback did not finish (state {state:?})");
    }
    // Let the last buffer reach the speaker before the stream is dropped.
    std::thread::sleep(Duration::from_millis(300));
    Ok(())
}
