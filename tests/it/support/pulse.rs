//! A private PulseAudio daemon with a virtual microphone and speaker, so the real cpal path runs
//! in tests and CI: the app's PulseAudio host talks to it directly, and with the app forced to
//! ALSA (`INTERVIEW_COACH_AUDIO_HOST=alsa`) ALSA's pulse plugin reaches the same daemon.
//!
//! Needs the system packages `pulseaudio pulseaudio-utils libasound2-plugins`.
//!
//! Layout: two 16 kHz mono null sinks, `ic_speaker` ("Virtual
//! speaker", the default sink) and `ic_mic_feed`. The microphone is `ic_mic` ("Virtual
//! microphone", the default source), a remap of `ic_mic_feed`'s monitor: a real source, not a
//! monitor, because the app leaves monitors out of its microphone list as a desktop does. Anything
//! played into `ic_mic_feed` is what the app hears. A null source looped into each sink keeps them
//! running with low latency (without it they idle at 2 s latency and capture starts late).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// Sink the tests play speech into; the virtual microphone hears it.
pub const MIC_FEED_SINK: &str = "ic_mic_feed";
/// The app's speaker.
pub const SPEAKER_SINK: &str = "ic_speaker";
/// How the virtual microphone is described to users, as a desktop would show a headset's name.
pub const MIC_DESCRIPTION: &str = "Virtual microphone";
/// How the virtual speaker is described.
pub const SPEAKER_DESCRIPTION: &str = "Virtual speaker";

// Descriptions with spaces need both quotings: the module argument in double quotes, the property
// value inside it in single quotes.
const CONFIG: &str = "\
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name=ic_speaker rate=16000 channels=1 sink_properties=\"device.description='Virtual speaker'\"
load-module module-null-sink sink_name=ic_mic_feed rate=16000 channels=1 sink_properties=\"device.description='Virtual mic feed (test input)'\"
load-module module-remap-source source_name=ic_mic master=ic_mic_feed.monitor source_properties=\"device.description='Virtual microphone'\"
load-module module-null-source source_name=ic_keepalive_speaker rate=16000 channels=1 description=Keep-alive_(test)
load-module module-null-source source_name=ic_keepalive_mic rate=16000 channels=1 description=Keep-alive_(test)
load-module module-loopback source=ic_keepalive_speaker sink=ic_speaker latency_msec=30
load-module module-loopback source=ic_keepalive_mic sink=ic_mic_feed latency_msec=30
set-default-sink ic_speaker
set-default-source ic_mic
";

/// A running private PulseAudio daemon. Dropping it stops the daemon; the shared instance from
/// [`shared`] lives in a static and is never dropped, so a watchdog stops it when the test
/// process exits.
pub struct Pulse {
    _dir: tempfile::TempDir,
    runtime: PathBuf,
    home: PathBuf,
    server: String,
    daemon: Child,
    /// Serialises tests: they share one microphone, and two feeds would mix.
    lock: Mutex<()>,
}

impl Pulse {
    /// Starts a daemon in a fresh private runtime directory and waits until both sinks run with
    /// low latency. Does not touch this process's environment.
    pub fn start() -> Result<Pulse, String> {
        // The daemon runs under a watchdog shell, whose start succeeds even when the daemon is
        // missing; ask for it first so that case says what to install instead of timing out.
        let installed = Command::new("pulseaudio")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !installed {
            return Err(
                "the `pulseaudio` program is not installed: run `scripts/setup.sh test`".into(),
            );
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let runtime = dir.path().join("runtime");
        let home = dir.path().join("home");
        for d in [&runtime, &home] {
            std::fs::create_dir_all(d).map_err(|e| e.to_string())?;
        }
        // libpulse refuses a runtime directory that others can read.
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .map_err(|e| e.to_string())?;
        let config = dir.path().join("pulse.pa");
        std::fs::write(&config, CONFIG).map_err(|e| e.to_string())?;
        let server = format!("unix:{}/pulse/native", runtime.display());
        // The watchdog (sh) runs the daemon in the foreground and kills it once this process is
        // gone, because a static harness is never dropped.
        let script = format!(
            "pulseaudio --daemonize=no --exit-idle-time=-1 -n -F '{}' --log-target=file:'{}' & pa=$!; \
             while kill -0 {} 2>/dev/null && kill -0 $pa 2>/dev/null; do sleep 1; done; kill $pa 2>/dev/null",
            config.display(),
            dir.path().join("pulse.log").display(),
            std::process::id()
        );
        let daemon = Command::new("sh")
            .arg("-c")
            .arg(script)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("HOME", &home)
            .env("PULSE_SERVER", &server)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start PulseAudio (install pulseaudio pulseaudio-utils): {e}")
            })?;
        let pulse = Pulse {
            _dir: dir,
            runtime,
            home,
            server,
            daemon,
            lock: Mutex::new(()),
        };
        pulse.wait_ready(Duration::from_secs(15))?;
        Ok(pulse)
    }

    /// A command for a PulseAudio client tool, talking to this daemon.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        for (k, v) in self.env() {
            c.env(k, v);
        }
        c
    }

    /// The environment a process needs to reach this daemon (also through ALSA's pulse plugin).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PULSE_SERVER", self.server.clone()),
            ("XDG_RUNTIME_DIR", self.runtime.display().to_string()),
            ("HOME", self.home.display().to_string()),
        ]
    }

    fn wait_ready(&self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < timeout {
            if let Ok(out) = self.command("pactl").args(["list", "sinks"]).output() {
                let text = String::from_utf8_lossy(&out.stdout).to_string();
                let latencies: Vec<u64> = text
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("Latency: "))
                    .filter_map(|l| l.split_whitespace().next()?.parse().ok())
                    .collect();
                if out.status.success()
                    && latencies.len() == 2
                    && latencies.iter().all(|&us| us < 100_000)
                {
                    return Ok(());
                }
                last = text;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "PulseAudio did not become ready in {timeout:?}; last sink list:\n{last}"
        ))
    }

    /// Takes the harness for one test; tests that use the microphone or speaker hold it.
    pub fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts playing `wav` into the virtual microphone; returns at once.
    pub fn feed(&self, wav: &Path) -> Child {
        self.command("paplay")
            .arg(format!("--device={MIC_FEED_SINK}"))
            .arg(wav)
            .stdin(Stdio::null())
            .spawn()
            .expect("paplay (pulseaudio-utils) must be installed")
    }

    /// Starts recording what the virtual speaker plays, as 16 kHz mono; stop it with
    /// [`SpeakerRecording::finish`].
    pub fn record_speaker(&self) -> SpeakerRecording {
        let mut child = self
            .command("parec")
            .arg(format!("--device={SPEAKER_SINK}.monitor"))
            .args([
                "--format=s16le",
                "--rate=16000",
                "--channels=1",
                "--latency-msec=20",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("parec (pulseaudio-utils) must be installed");
        let mut stdout = child.stdout.take().expect("piped stdout");
        // Raw samples through a pipe: no header to finalise, so the recorder can simply be killed.
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout.read_to_end(&mut bytes);
            bytes
        });
        SpeakerRecording { child, reader }
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        // Killing the watchdog shell alone would orphan the daemon; ask the daemon to exit.
        let _ = self.command("pactl").arg("exit").output();
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// A running capture of the speaker's monitor.
pub struct SpeakerRecording {
    child: Child,
    reader: std::thread::JoinHandle<Vec<u8>>,
}

impl SpeakerRecording {
    /// Stops and returns the samples (16 kHz mono, -1..1).
    pub fn finish(mut self) -> Vec<f32> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let bytes = self.reader.join().expect("parec reader thread");
        bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32_768.0)
            .collect()
    }
}

/// The shared daemon for this test process, started on first use.
///
/// It also points this process's environment at the daemon, because cpal (through ALSA's pulse
/// plugin and libpulse) reads `PULSE_SERVER` from it, and ALSA decides whether to route
/// "default" to PulseAudio when its configuration is first loaded, which is why this must run
/// before any cpal call. Doing it once, inside `OnceLock` initialisation, means every test that
/// reaches audio waits for the variables to be set and no two writers race.
pub fn shared() -> &'static Pulse {
    static PULSE: OnceLock<Pulse> = OnceLock::new();
    PULSE.get_or_init(|| {
        let pulse = Pulse::start().unwrap_or_else(|e| panic!("virtual audio harness: {e}"));
        // HOME only matters to the daemon and client tools, so it is not changed here.
        for (key, value) in pulse.env().into_iter().filter(|(k, _)| *k != "HOME") {
            // SAFETY: every test in this binary that can read the environment concurrently
            // (through cpal or child processes) first calls `shared()`, and blocks in
            // `get_or_init` until this closure has returned.
            unsafe { std::env::set_var(key, value) };
        }
        pulse
    })
}

/// The real-speech fixture (JFK, 11 s, 16 kHz mono), fetched by `scripts/setup.sh test`.
pub fn speech_fixture() -> PathBuf {
    crate::common::jfk_wav()
}
