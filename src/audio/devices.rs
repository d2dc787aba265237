//! Audio devices: listing them with names a person recognises, choosing one (with a single,
//! reported fallback to the system default) and turning cpal's errors into messages a user can
//! act on.
//!
//! Which sound system: on Linux the PulseAudio protocol is used when a server answers (PulseAudio
//! itself, or PipeWire through pipewire-pulse, which is what desktops run). Only the server knows
//! the real devices by the names the desktop shows ("Built-in Audio Analog Stereo", a headset);
//! through ALSA the same desktop offers just "default" and "pulse", so a user could not pick a
//! headset. ALSA is used when no server is reachable (a machine without a sound server, or the
//! server is down), or when [`HOST_ENV`] is `alsa`.
//!
//! Nothing here opens a device while listing: on ALSA, probing some plugins leaks file
//! descriptors and poisons later opens (cpal avoids it for the same reason), and a list that
//! opens devices is slow. Whether a device really works is learnt when a stream is built.

use std::fmt;
use std::str::FromStr;

use cpal::traits::{DeviceTrait, HostTrait};
use serde::{Deserialize, Serialize};

/// Which way the audio flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// A microphone or other capture device.
    Input,
    /// A speaker, headphones or other playback device.
    Output,
}

impl Direction {
    /// The word a user would use for this kind of device.
    pub fn noun(self) -> &'static str {
        match self {
            Direction::Input => "microphone",
            Direction::Output => "speaker",
        }
    }
}

/// Everything that can go wrong with an audio device, one variant per thing the user can do
/// something different about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// No capture device at all (includes a machine with no sound card).
    #[error(
        "no microphone found: plug one in or enable it in the system sound settings, then try again"
    )]
    NoMicrophone,
    /// No playback device at all.
    #[error(
        "no speaker or headphones found: connect one or enable it in the system sound settings"
    )]
    NoSpeaker,
    /// The operating system refused access.
    #[error(
        "permission to use \"{device}\" was denied: allow microphone access in the system privacy settings (on Linux, the user must be in the \"audio\" group)"
    )]
    PermissionDenied {
        /// Human name of the device.
        device: String,
    },
    /// Another program holds the device exclusively.
    #[error(
        "\"{device}\" is in use by another application: close it (a call or another recorder) and try again"
    )]
    Busy {
        /// Human name of the device.
        device: String,
    },
    /// The device disappeared (unplugged, switched off, or the sound server went away).
    #[error("\"{device}\" is no longer available: it was unplugged or switched off")]
    Unplugged {
        /// Human name of the device.
        device: String,
    },
    /// The device offers no format this app can use.
    #[error("\"{device}\" does not offer an audio format this app can use ({detail})")]
    UnsupportedFormat {
        /// Human name of the device.
        device: String,
        /// What cpal reported.
        detail: String,
    },
    /// The sound system itself (ALSA, PulseAudio, CoreAudio, WASAPI) could not be reached.
    #[error("the sound system is not available ({detail}): check that it is installed and running")]
    SoundSystemUnavailable {
        /// What cpal reported.
        detail: String,
    },
    /// Anything cpal could not classify; the detail is kept for bug reports.
    #[error("audio error on \"{device}\": {detail}")]
    Other {
        /// Human name of the device.
        device: String,
        /// What cpal reported.
        detail: String,
    },
}

impl DeviceError {
    /// Maps a cpal error met while opening or running `device` to the variant the user can act on.
    ///
    /// "Not available" on the system default device means there is nothing to fall back to, so
    /// it becomes "no microphone/speaker found" rather than "unplugged"; this is what a machine
    /// without a sound card reports from `default_input_config()`.
    pub fn from_cpal(
        err: &cpal::Error,
        direction: Direction,
        device: &str,
        is_default: bool,
    ) -> Self {
        use cpal::ErrorKind as K;
        let device = device.to_string();
        let detail = err.to_string();
        match err.kind() {
            K::DeviceNotAvailable if is_default => missing(direction),
            K::DeviceNotAvailable | K::StreamInvalidated => DeviceError::Unplugged { device },
            K::PermissionDenied => DeviceError::PermissionDenied { device },
            K::DeviceBusy => DeviceError::Busy { device },
            K::UnsupportedConfig | K::InvalidInput => {
                DeviceError::UnsupportedFormat { device, detail }
            }
            // "Does not support input" on a device means there is no microphone there.
            K::UnsupportedOperation if is_default => missing(direction),
            K::UnsupportedOperation => DeviceError::UnsupportedFormat { device, detail },
            K::HostUnavailable => DeviceError::SoundSystemUnavailable { detail },
            _ => DeviceError::Other { device, detail },
        }
    }
}

/// The "nothing there" error for a direction.
fn missing(direction: Direction) -> DeviceError {
    match direction {
        Direction::Input => DeviceError::NoMicrophone,
        Direction::Output => DeviceError::NoSpeaker,
    }
}

/// One device as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// Stable identifier to remember between runs (cpal's `DeviceId`, e.g.
    /// `pulseaudio:alsa_input.usb-Logitech_Headset-00.mono-fallback` or
    /// `alsa:sysdefault:CARD=PCH`).
    pub id: String,
    /// Name a person recognises, unique within one list.
    pub name: String,
    /// Whether this is the system's default device for the direction.
    pub is_default: bool,
    /// The sound system the device belongs to, as cpal names it ("PulseAudio", "ALSA"), so the
    /// UI can show what it talks to. Also served by PipeWire: its pulse server says "PulseAudio".
    #[serde(default)]
    pub host: String,
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DeviceChoice {
    /// The system default device.
    #[default]
    SystemDefault,
    /// A device remembered or typed by the user: matched against ids, then names (exact, then
    /// ignoring case, then a unique case-insensitive substring).
    Named(String),
}

impl DeviceChoice {
    /// Builds a choice from an optional command-line or settings value.
    pub fn from_option(name: Option<&str>) -> Self {
        match name {
            Some(n) if !n.trim().is_empty() => DeviceChoice::Named(n.trim().to_string()),
            _ => DeviceChoice::SystemDefault,
        }
    }
}

/// Said when the chosen device is gone and the default is used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// What the user had chosen.
    pub requested: String,
    /// Why it could not be used.
    pub reason: String,
}

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not available ({}); using the system default instead",
            self.requested, self.reason
        )
    }
}

/// A device ready to open, with what the user should be told about how it was chosen.
pub struct ChosenDevice {
    /// The cpal device.
    pub device: cpal::Device,
    /// How it is shown.
    pub info: DeviceInfo,
    /// Set when the requested device was missing and the default is used instead.
    pub fallback: Option<Fallback>,
}

impl fmt::Debug for ChosenDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChosenDevice")
            .field("info", &self.info)
            .field("fallback", &self.fallback)
            .finish()
    }
}

/// ALSA PCM names that are plumbing, not devices: rate converters, channel mixers, sound-server
/// bridges that are also reachable as "default", and per-speaker-layout aliases of a card that
/// is already listed. Showing them is how a device list becomes unreadable.
const ALSA_HIDDEN_PREFIXES: &[&str] = &[
    "null",
    "lavrate",
    "samplerate",
    "speexrate",
    "speex",
    "jack",
    "oss",
    "upmix",
    "vdownmix",
    "surround",
    "front:",
    "rear:",
    "center_lfe:",
    "side:",
    "iec958:",
    "spdif",
    "dmix",
    "dsnoop",
    "a52",
    "usbstream",
    "default:",
];

/// Lower is preferred when several ALSA names describe the same card: the plain default first,
/// then the card's own default (mixes with other programs), then conversions, then raw hardware
/// (exclusive, native formats only).
fn alsa_rank(pcm: &str) -> u8 {
    if pcm == "default" {
        0
    } else if pcm == "pulse" || pcm == "pipewire" {
        1
    } else if pcm.starts_with("sysdefault:") {
        2
    } else if pcm.starts_with("plughw:") {
        3
    } else if pcm.starts_with("hw:") {
        5
    } else {
        4
    }
}

/// The backend part of a cpal id (`alsa:hw:CARD=0,DEV=0` → `hw:CARD=0,DEV=0`).
fn backend_id(id: &str) -> &str {
    id.split_once(':').map_or(id, |(_, rest)| rest)
}

/// A readable name for a device from its cpal id and description.
fn human_name(id: &str, description: &str) -> String {
    let pcm = backend_id(id);
    if pcm == "default" {
        // ALSA's own text ("Playback/recording through the PulseAudio sound server") reads like
        // a sentence; the user needs to know it is the default and what it goes through.
        let through = if description.contains("PulseAudio") {
            " (PulseAudio)"
        } else if description.contains("PipeWire") {
            " (PipeWire)"
        } else {
            ""
        };
        return format!("System default{through}");
    }
    let name = description.trim();
    if name.is_empty() {
        pcm.to_string()
    } else {
        name.to_string()
    }
}

/// Whether a device is hidden from the list (it can still be chosen by exact id).
fn is_hidden(id: &str) -> bool {
    let pcm = backend_id(id);
    id.starts_with("alsa:") && ALSA_HIDDEN_PREFIXES.iter().any(|p| pcm.starts_with(p))
}

/// Builds the visible list from raw `(id, description, is_default)` triples: hides plumbing,
/// merges aliases of one card into its best name and makes the remaining names unique.
fn tidy(raw: Vec<(String, String, bool)>) -> Vec<DeviceInfo> {
    let host = HOST_NAME_ALSA.to_string();
    let mut best: Vec<(u8, DeviceInfo)> = Vec::new();
    for (id, description, is_default) in raw {
        if is_hidden(&id) && !is_default {
            continue;
        }
        let name = human_name(&id, &description);
        let rank = alsa_rank(backend_id(&id));
        let info = DeviceInfo {
            id,
            name,
            is_default,
            host: host.clone(),
        };
        match best.iter_mut().find(|(_, d)| d.name == info.name) {
            Some(slot) if rank < slot.0 => *slot = (rank, info),
            Some(_) => {}
            None => best.push((rank, info)),
        }
    }
    let mut list: Vec<DeviceInfo> = best.into_iter().map(|(_, d)| d).collect();
    // The default first, so a UI can preselect the first row.
    list.sort_by_key(|d| !d.is_default);
    list
}

/// Set to `alsa` to bypass the sound server and use ALSA directly: an escape hatch for a machine
/// where the server misbehaves with this app. Anything else (or unset) means "automatic".
pub const HOST_ENV: &str = "INTERVIEW_COACH_AUDIO_HOST";

/// cpal's name for the ALSA host.
const HOST_NAME_ALSA: &str = "ALSA";

/// The PulseAudio host, on the systems where cpal has it (the `pulseaudio` feature is on in
/// Cargo.toml; cpal compiles the host on these systems only).
#[cfg(any(
    target_os = "linux",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "netbsd"
))]
mod pulse {
    /// Runs `f` on a fresh PulseAudio connection; gives `f` back when no server answers.
    ///
    /// A connection per call (a local socket and a handshake, about a millisecond) is not kept:
    /// a kept one would die with its server (PipeWire restarted, user logged out and in) and
    /// need checking before every use. Measured: ten connections made and dropped leave no
    /// client behind on the server.
    pub(super) fn with_host<R, F: FnOnce(&cpal::Host) -> R>(f: F) -> Result<R, F> {
        // `available_hosts` only checks that the socket file exists; connecting is what proves a
        // server is there (a stale socket refuses at once, a hung server times out after cpal's
        // 2 s).
        if !cpal::available_hosts().contains(&cpal::HostId::PulseAudio) {
            return Err(f);
        }
        match cpal::host_from_id(cpal::HostId::PulseAudio) {
            Ok(host) => Ok(f(&host)),
            Err(_) => Err(f),
        }
    }
}

/// Runs `f` on the host in use: the PulseAudio server when one answers, otherwise ALSA (or the
/// platform's own host elsewhere).
fn with_host<R>(f: impl FnOnce(&cpal::Host) -> R) -> R {
    #[cfg(any(
        target_os = "linux",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "netbsd"
    ))]
    let f = {
        let forced_alsa = std::env::var(HOST_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("alsa"));
        if forced_alsa {
            f
        } else {
            match pulse::with_host(f) {
                Ok(r) => return r,
                Err(f) => f,
            }
        }
    };
    f(&fallback_host())
}

/// The host without a sound server: ALSA on Linux, the platform's own host elsewhere.
fn fallback_host() -> cpal::Host {
    #[cfg(any(
        target_os = "linux",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "netbsd"
    ))]
    if let Ok(host) = cpal::host_from_id(cpal::HostId::Alsa) {
        return host;
    }
    cpal::default_host()
}

/// The sound system devices come from now ("PulseAudio" or "ALSA" on Linux), for the UI.
pub fn sound_system() -> String {
    with_host(|h| h.id().name().to_string())
}

/// Whether `host` is the PulseAudio-protocol host.
fn is_pulse_host(host: cpal::HostId) -> bool {
    host.name() == "PulseAudio"
}

/// Whether a PulseAudio source is the monitor of an output (what the speakers play), not a
/// microphone. PulseAudio and pipewire-pulse both name monitors `<sink name>.monitor`; the name is
/// used rather than the description ("Monitor of …"), which is translated.
fn is_monitor(id: &str) -> bool {
    id.starts_with("pulseaudio:") && id.ends_with(".monitor")
}

/// Builds the visible PulseAudio list: the server's descriptions are already what the desktop
/// shows, so nothing is merged (two identical headsets are two devices) and repeated names get a
/// number. Monitors are left out of the inputs: recording one records the speakers, which is
/// never an interview answer, and a list with "Monitor of Built-in Audio" next to the real
/// microphone is how people pick the wrong one. They can still be chosen by exact id.
fn tidy_pulse(raw: Vec<(String, String, bool)>, direction: Direction) -> Vec<DeviceInfo> {
    let mut list: Vec<DeviceInfo> = Vec::new();
    for (id, description, is_default) in raw {
        if direction == Direction::Input && is_monitor(&id) {
            continue;
        }
        let base = match description.trim() {
            "" => backend_id(&id).to_string(),
            d => d.to_string(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while list.iter().any(|d| d.name == name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        list.push(DeviceInfo {
            id,
            name,
            is_default,
            host: "PulseAudio".to_string(),
        });
    }
    list.sort_by_key(|d| !d.is_default);
    list
}

/// Lists the devices for `direction`, default first, with names a person recognises.
///
/// Does not open any device. An empty list is not an error (a machine without audio).
pub fn list_devices(direction: Direction) -> Result<Vec<DeviceInfo>, DeviceError> {
    with_host(|host| list_on(host, direction))
}

/// [`list_devices`] on a given host.
fn list_on(host: &cpal::Host, direction: Direction) -> Result<Vec<DeviceInfo>, DeviceError> {
    let devices = match direction {
        Direction::Input => host.input_devices().map(|d| d.collect::<Vec<_>>()),
        Direction::Output => host.output_devices().map(|d| d.collect::<Vec<_>>()),
    }
    .map_err(|e| DeviceError::from_cpal(&e, direction, "sound system", true))?;
    let default_id = default_device(host, direction).and_then(|d| d.id().ok());
    let raw = devices
        .iter()
        .filter_map(|d| {
            let id = d.id().ok()?;
            let description = d.description().ok()?;
            let is_default = default_id.as_ref() == Some(&id);
            Some((id.to_string(), description.name().to_string(), is_default))
        })
        .collect();
    let host_id = host.id();
    Ok(if is_pulse_host(host_id) {
        tidy_pulse(raw, direction)
    } else {
        let mut list = tidy(raw);
        for d in &mut list {
            d.host = host_id.name().to_string();
        }
        list
    })
}

/// The host's default device for a direction.
fn default_device(host: &cpal::Host, direction: Direction) -> Option<cpal::Device> {
    match direction {
        Direction::Input => host.default_input_device(),
        Direction::Output => host.default_output_device(),
    }
}

/// Finds the entry of `list` the user meant by `wanted`.
fn match_choice<'a>(list: &'a [DeviceInfo], wanted: &str) -> Option<&'a DeviceInfo> {
    let lower = wanted.to_lowercase();
    list.iter()
        .find(|d| d.id == wanted || backend_id(&d.id) == wanted)
        .or_else(|| list.iter().find(|d| d.name == wanted))
        .or_else(|| list.iter().find(|d| d.name.to_lowercase() == lower))
        .or_else(|| {
            let mut hits = list
                .iter()
                .filter(|d| d.name.to_lowercase().contains(&lower));
            match (hits.next(), hits.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
}

/// Whether a remembered id meant "whatever the system uses" on another host: `alsa:default` or
/// `alsa:pulse` saved before the app talked to the sound server directly. Those are the system
/// default, not a missing device, and must not produce a "not available" notice.
fn means_system_default(wanted: &str, host: cpal::HostId) -> bool {
    cpal::DeviceId::from_str(wanted).is_ok_and(|id| {
        id.host() != host && matches!(id.id(), "default" | "pulse" | "pipewire" | "sysdefault")
    })
}

/// Resolves a choice to a device. A named device that is missing falls back to the system
/// default exactly once, and the returned [`Fallback`] says so; the default missing is
/// [`DeviceError::NoMicrophone`] / [`DeviceError::NoSpeaker`].
///
/// On PulseAudio, a system default input that is a monitor (the server makes one the default
/// when it has no microphone at all) is not a microphone: the first real input is used instead,
/// or, with none, [`DeviceError::NoMicrophone`].
pub fn choose(direction: Direction, choice: &DeviceChoice) -> Result<ChosenDevice, DeviceError> {
    with_host(|host| choose_on(host, direction, choice))
}

/// [`choose`] on a given host.
fn choose_on(
    host: &cpal::Host,
    direction: Direction,
    choice: &DeviceChoice,
) -> Result<ChosenDevice, DeviceError> {
    let mut fallback = None;
    let listed = list_on(host, direction)?;
    if let DeviceChoice::Named(wanted) = choice
        && !means_system_default(wanted, host.id())
    {
        // Hidden plumbing devices can still be chosen by exact id, so look them up directly too.
        let by_id = cpal::DeviceId::from_str(wanted)
            .ok()
            .and_then(|id| host.device_by_id(&id))
            // `device_by_id` searches outputs and inputs together: a sink is no microphone.
            .filter(|d| match direction {
                Direction::Input => d.supports_input(),
                Direction::Output => d.supports_output(),
            });
        let found = match by_id {
            Some(device) => Some((device, None)),
            None => match_choice(&listed, wanted).and_then(|info| {
                let id = cpal::DeviceId::from_str(&info.id).ok()?;
                host.device_by_id(&id).map(|d| (d, Some(info.clone())))
            }),
        };
        match found {
            Some((device, info)) => {
                let info = match info {
                    Some(info) => info,
                    None => info_for(&device, &listed, host.id()),
                };
                return Ok(ChosenDevice {
                    device,
                    info,
                    fallback: None,
                });
            }
            None => {
                fallback = Some(Fallback {
                    requested: wanted.clone(),
                    reason: format!("no {} with that name is connected", direction.noun()),
                })
            }
        }
    }
    let device = default_device(host, direction).ok_or_else(|| missing(direction))?;
    let default_is_monitor =
        direction == Direction::Input && device.id().is_ok_and(|id| is_monitor(&id.to_string()));
    if default_is_monitor {
        let first = listed.first().ok_or(DeviceError::NoMicrophone)?;
        let id = cpal::DeviceId::from_str(&first.id).map_err(|_| DeviceError::NoMicrophone)?;
        let device = host.device_by_id(&id).ok_or(DeviceError::NoMicrophone)?;
        return Ok(ChosenDevice {
            device,
            info: first.clone(),
            fallback,
        });
    }
    let mut info = info_for(&device, &listed, host.id());
    info.is_default = true;
    Ok(ChosenDevice {
        device,
        info,
        fallback,
    })
}

/// The list entry for `device`, or one made from its own description.
fn info_for(device: &cpal::Device, listed: &[DeviceInfo], host: cpal::HostId) -> DeviceInfo {
    let id = device.id().map(|i| i.to_string()).unwrap_or_default();
    if let Some(info) = listed.iter().find(|d| d.id == id) {
        return info.clone();
    }
    let description = device
        .description()
        .map(|d| d.name().to_string())
        .unwrap_or_default();
    let name = if is_pulse_host(host) {
        match description.trim() {
            "" => backend_id(&id).to_string(),
            d => d.to_string(),
        }
    } else {
        human_name(&id, &description)
    };
    DeviceInfo {
        name,
        id,
        is_default: false,
        host: host.name().to_string(),
    }
}

/// Capture buffers per second on PulseAudio (50 ms each, one level-meter window). 20 ms buffers
/// dropped audio in 5 of 6 recordings with two busy CPU-bound processes on a 2-core machine; 50 ms
/// was clean in 3 of 3 and still gives first audio within about 0.1-0.25 s.
const PULSE_CAPTURE_BUFFERS_PER_S: u32 = 20;
/// Playback requests per second on PulseAudio (100 ms each; the server queues two, about 200 ms).
/// 25 ms requests glitched even on an idle machine and 50 ms ones under load (3 of 3), where
/// 100 ms was clean (3 of 3). Playback is review, not monitoring: robustness wins over latency.
const PULSE_PLAYBACK_BUFFERS_PER_S: u32 = 10;

/// The buffer size to ask `device` for.
///
/// PulseAudio's server-side defaults suit music players, not a recorder: about 2 s queued for
/// playback (the position shown would run 2 s ahead of the sound, and the end would be reported
/// 2 s early) and up to 2 s per recorded fragment, so on a microphone no other program keeps
/// busy the first audio, and with it "microphone live", arrived 2-3.7 s after the start
/// (measured on a plain null source). A fixed size makes cpal ask the server for that latency.
/// ALSA keeps cpal's default, which has been measured to start in tens of milliseconds.
pub fn buffer_size(
    device: &cpal::Device,
    sample_rate: u32,
    direction: Direction,
) -> cpal::BufferSize {
    let pulse = device.id().is_ok_and(|id| is_pulse_host(id.host()));
    if !pulse {
        return cpal::BufferSize::Default;
    }
    let per_s = match direction {
        Direction::Input => PULSE_CAPTURE_BUFFERS_PER_S,
        Direction::Output => PULSE_PLAYBACK_BUFFERS_PER_S,
    };
    cpal::BufferSize::Fixed((sample_rate / per_s).max(64))
}

/// The devices the user picked, saved between runs. Versioned, with defaults for missing fields,
/// written to a temporary file and renamed so a crash never leaves half a file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DevicePrefs {
    /// Schema version of this struct.
    pub version: u32,
    /// Chosen microphone.
    pub input: DeviceChoice,
    /// Chosen speaker.
    pub output: DeviceChoice,
}

/// Failure to load or save [`DevicePrefs`].
#[derive(Debug, thiserror::Error)]
pub enum PrefsError {
    /// Reading or writing the file failed.
    #[error("could not read or write the audio settings file {path}")]
    Io {
        /// The settings file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid JSON for these settings.
    #[error("the audio settings file {path} is damaged")]
    Parse {
        /// The settings file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
}

impl DevicePrefs {
    /// Current schema version.
    pub const VERSION: u32 = 1;

    /// Loads the preferences; a missing file gives the defaults.
    pub fn load(path: &std::path::Path) -> Result<Self, PrefsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|source| PrefsError::Parse {
                path: path.to_path_buf(),
                source,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DevicePrefs {
                version: Self::VERSION,
                ..Default::default()
            }),
            Err(source) => Err(PrefsError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Saves the preferences atomically (temporary file in the same directory, then rename).
    pub fn save(&self, path: &std::path::Path) -> Result<(), PrefsError> {
        let io = |source| PrefsError::Io {
            path: path.to_path_buf(),
            source,
        };
        let text = serde_json::to_string_pretty(&DevicePrefs {
            version: Self::VERSION,
            ..self.clone()
        })
        .map_err(|source| PrefsError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io)?;
        tmp.persist(path).map_err(|e| io(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, desc: &str, default: bool) -> (String, String, bool) {
        (id.to_string(), desc.to_string(), default)
    }

    #[test]
    fn list_hides_plumbing_and_merges_aliases_of_one_card() {
        let list = tidy(vec![
            raw("alsa:null", "Discard all samples", false),
            raw(
                "alsa:speexrate",
                "Rate Converter Plugin Using Speex Resampler",
                false,
            ),
            raw(
                "alsa:hw:CARD=0,DEV=0",
                "HDA Intel PCH, ALC257 Analog",
                false,
            ),
            raw(
                "alsa:sysdefault:CARD=PCH",
                "HDA Intel PCH, ALC257 Analog",
                false,
            ),
            raw(
                "alsa:plughw:CARD=0,DEV=0",
                "HDA Intel PCH, ALC257 Analog",
                false,
            ),
            raw(
                "alsa:front:CARD=PCH,DEV=0",
                "HDA Intel PCH, ALC257 Analog",
                false,
            ),
            raw(
                "alsa:default",
                "Playback/recording through the PulseAudio sound server",
                true,
            ),
            raw(
                "alsa:sysdefault:CARD=Headset",
                "USB Headset, USB Audio",
                false,
            ),
        ]);
        let names: Vec<&str> = list.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "System default (PulseAudio)",
                "HDA Intel PCH, ALC257 Analog",
                "USB Headset, USB Audio"
            ]
        );
        assert_eq!(list[1].id, "alsa:sysdefault:CARD=PCH");
        assert!(list[0].is_default && !list[1].is_default);
    }

    #[test]
    fn choice_matches_id_then_name_then_unique_substring() {
        let list = tidy(vec![
            raw("alsa:default", "Playback/recording through PipeWire", true),
            raw(
                "alsa:sysdefault:CARD=PCH",
                "HDA Intel PCH, ALC257 Analog",
                false,
            ),
            raw(
                "alsa:sysdefault:CARD=Headset",
                "USB Headset, USB Audio",
                false,
            ),
        ]);
        assert_eq!(
            match_choice(&list, "alsa:sysdefault:CARD=PCH").map(|d| d.name.as_str()),
            Some("HDA Intel PCH, ALC257 Analog")
        );
        assert_eq!(
            match_choice(&list, "sysdefault:CARD=Headset").map(|d| d.name.as_str()),
            Some("USB Headset, USB Audio")
        );
        assert_eq!(
            match_choice(&list, "usb headset, usb audio").map(|d| d.id.as_str()),
            Some("alsa:sysdefault:CARD=Headset")
        );
        assert_eq!(
            match_choice(&list, "headset").map(|d| d.id.as_str()),
            Some("alsa:sysdefault:CARD=Headset")
        );
        // "a" is in every name: ambiguous, so nothing is guessed.
        assert_eq!(match_choice(&list, "a"), None);
        assert_eq!(match_choice(&list, "Blue Yeti"), None);
        assert_eq!(list[0].name, "System default (PipeWire)");
    }

    #[test]
    fn pulse_list_uses_descriptions_hides_monitors_and_numbers_twins() {
        let raw = vec![
            raw(
                "pulseaudio:alsa_output.pci-0000_00_1f.3.analog-stereo.monitor",
                "Monitor of Built-in Audio Analog Stereo",
                false,
            ),
            raw(
                "pulseaudio:alsa_input.usb-Logitech_A-00.mono-fallback",
                "USB Headset Mono",
                false,
            ),
            raw(
                "pulseaudio:alsa_input.pci-0000_00_1f.3.analog-stereo",
                "Built-in Audio Analog Stereo",
                true,
            ),
            raw(
                "pulseaudio:alsa_input.usb-Logitech_B-00.mono-fallback",
                "USB Headset Mono",
                false,
            ),
        ];
        let inputs = tidy_pulse(raw.clone(), Direction::Input);
        let names: Vec<&str> = inputs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Built-in Audio Analog Stereo",
                "USB Headset Mono",
                "USB Headset Mono (2)"
            ]
        );
        assert!(inputs[0].is_default);
        assert!(inputs.iter().all(|d| d.host == "PulseAudio"));
        assert_eq!(
            inputs[2].id,
            "pulseaudio:alsa_input.usb-Logitech_B-00.mono-fallback"
        );
        // Outputs never contain monitors in practice; the filter is for inputs only.
        assert_eq!(tidy_pulse(raw, Direction::Output).len(), 4);
        assert!(is_monitor("pulseaudio:ic_speaker.monitor"));
        assert!(!is_monitor("alsa:ic_speaker.monitor"));
        assert!(!is_monitor("pulseaudio:ic_mic"));
    }

    #[test]
    fn alsa_default_remembered_from_before_means_the_system_default() {
        #[cfg(target_os = "linux")]
        {
            let pulse = cpal::HostId::from_str("PulseAudio").unwrap();
            assert!(means_system_default("alsa:default", pulse));
            assert!(means_system_default("alsa:pulse", pulse));
            assert!(!means_system_default("alsa:sysdefault:CARD=Headset", pulse));
            assert!(!means_system_default("alsa:default", cpal::HostId::Alsa));
            assert!(!means_system_default("Virtual microphone", pulse));
        }
    }

    #[test]
    fn errors_are_distinct_and_default_not_available_means_no_microphone() {
        use cpal::ErrorKind as K;
        let e = |k| cpal::Error::new(k);
        assert_eq!(
            DeviceError::from_cpal(&e(K::DeviceNotAvailable), Direction::Input, "Default", true),
            DeviceError::NoMicrophone
        );
        assert_eq!(
            DeviceError::from_cpal(
                &e(K::DeviceNotAvailable),
                Direction::Output,
                "Default",
                true
            ),
            DeviceError::NoSpeaker
        );
        assert_eq!(
            DeviceError::from_cpal(&e(K::DeviceNotAvailable), Direction::Input, "USB", false),
            DeviceError::Unplugged {
                device: "USB".into()
            }
        );
        assert_eq!(
            DeviceError::from_cpal(&e(K::DeviceBusy), Direction::Input, "USB", false),
            DeviceError::Busy {
                device: "USB".into()
            }
        );
        assert_eq!(
            DeviceError::from_cpal(&e(K::PermissionDenied), Direction::Input, "USB", false),
            DeviceError::PermissionDenied {
                device: "USB".into()
            }
        );
        assert!(matches!(
            DeviceError::from_cpal(&e(K::UnsupportedConfig), Direction::Input, "USB", false),
            DeviceError::UnsupportedFormat { .. }
        ));
        assert!(
            DeviceError::NoMicrophone
                .to_string()
                .starts_with("no microphone found")
        );
    }

    #[test]
    fn prefs_round_trip_and_missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("audio.json");
        assert_eq!(
            DevicePrefs::load(&path).unwrap().input,
            DeviceChoice::SystemDefault
        );
        let prefs = DevicePrefs {
            version: 0,
            input: DeviceChoice::Named("alsa:sysdefault:CARD=Headset".into()),
            output: DeviceChoice::SystemDefault,
        };
        prefs.save(&path).unwrap();
        let back = DevicePrefs::load(&path).unwrap();
        assert_eq!(back.input, prefs.input);
        assert_eq!(back.version, DevicePrefs::VERSION);
        std::fs::write(&path, "{not json").unwrap();
        assert!(matches!(
            DevicePrefs::load(&path),
            Err(PrefsError::Parse { .. })
        ));
    }
}
