//! Recovering recordings whose writer was killed.
//!
//! A WAV file's header holds two sizes (the RIFF chunk and the data chunk) that a writer can only
//! fill in once it knows how much it wrote. The recorder rewrites them every fraction of a second
//! (hound's `flush`), so after a crash or kill the header is at most that stale, and the samples
//! written after it are still in the file. [`repair_wav`] makes the header cover every whole
//! sample frame on disk. A marker file next to the recording (`NAME.wav.recording`) records
//! that a recording was in progress; a clean stop removes it, so [`find_interrupted`] can tell
//! the next start exactly which files to repair or to point the user at.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Suffix of the "recording in progress" marker, appended to the WAV's file name.
pub const MARKER_SUFFIX: &str = ".recording";

/// Errors while inspecting or repairing a recording.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// Reading or writing the file failed.
    #[error("could not read or repair {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a WAV this code can repair; the user should be told where it is.
    #[error("{path} is not a repairable WAV recording: {reason}")]
    NotWav {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// What [`repair_wav`] found and did.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairReport {
    /// The repaired file.
    pub path: PathBuf,
    /// Sample rate from the header.
    pub sample_rate: u32,
    /// Channel count from the header.
    pub channels: u16,
    /// Whole frames now covered by the header.
    pub frames: u64,
    /// `frames / sample_rate`.
    pub duration_s: f64,
    /// Frames the header covered before the repair.
    pub frames_before: u64,
    /// Bytes of an incomplete last frame that were cut off.
    pub bytes_dropped: u64,
    /// Whether anything had to be changed.
    pub changed: bool,
    /// The recorder was killed before any audio reached the disk (the file was empty or held
    /// only part of a header): the file and its marker were removed, as there was nothing to
    /// keep.
    pub discarded_empty: bool,
}

/// A recording that was not finished cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interrupted {
    /// The WAV file.
    pub path: PathBuf,
    /// Whether the "in progress" marker was found (the recorder died while writing it).
    pub has_marker: bool,
    /// Whether the header's sizes disagree with the file's length.
    pub header_stale: bool,
}

/// Contents of the "in progress" marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marker {
    /// Schema version.
    pub version: u32,
    /// Device the recording came from.
    pub device: String,
    /// Sample rate of the WAV.
    pub sample_rate: u32,
    /// Channels of the WAV.
    pub channels: u16,
    /// Start time, seconds since the Unix epoch.
    pub started_unix_s: u64,
    /// Process that wrote it.
    pub pid: u32,
}

impl Default for Marker {
    fn default() -> Self {
        Marker {
            version: 1,
            device: String::new(),
            sample_rate: 0,
            channels: 0,
            started_unix_s: 0,
            pid: 0,
        }
    }
}

/// The marker path for a WAV (`take.wav` → `take.wav.recording`).
pub fn marker_path(wav: &Path) -> PathBuf {
    let mut name = wav.as_os_str().to_os_string();
    name.push(MARKER_SUFFIX);
    PathBuf::from(name)
}

/// Writes the "in progress" marker for `wav`; returns its path.
pub fn write_marker(
    wav: &Path,
    device: &str,
    sample_rate: u32,
    channels: u16,
) -> std::io::Result<PathBuf> {
    let marker = Marker {
        device: device.to_string(),
        sample_rate,
        channels,
        started_unix_s: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        pid: std::process::id(),
        ..Marker::default()
    };
    let path = marker_path(wav);
    let text = serde_json::to_string(&marker).map_err(std::io::Error::other)?;
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Removes a marker; a missing marker is fine (nothing to say the file is unfinished).
pub fn remove_marker(marker: &Path) {
    let _ = std::fs::remove_file(marker);
}

/// Where the parts of a WAV file are.
struct Layout {
    sample_rate: u32,
    channels: u16,
    block_align: u16,
    /// Offset of the data chunk's size field.
    data_size_at: u64,
    /// Offset of the first sample byte.
    data_start: u64,
    /// The data size the header claims.
    data_declared: u32,
    /// The RIFF size the header claims.
    riff_declared: u32,
    file_len: u64,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> RecoveryError + '_ {
    move |source| RecoveryError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Reads the chunk layout. The chunks before `data` were written whole when the file was created,
/// so their sizes are trusted; only the two running sizes may be wrong.
fn layout(file: &mut File, path: &Path) -> Result<Layout, RecoveryError> {
    let not_wav = |reason: &str| RecoveryError::NotWav {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    let file_len = file.metadata().map_err(io_err(path))?.len();
    let mut head = [0u8; 12];
    file.seek(SeekFrom::Start(0)).map_err(io_err(path))?;
    file.read_exact(&mut head)
        .map_err(|_| not_wav("shorter than a WAV header"))?;
    if &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err(not_wav("no RIFF/WAVE signature"));
    }
    let riff_declared = u32_at(&head, 4);
    let mut pos = 12u64;
    let mut fmt: Option<(u16, u32, u16)> = None;
    loop {
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(pos)).map_err(io_err(path))?;
        file.read_exact(&mut chunk)
            .map_err(|_| not_wav("no data chunk"))?;
        let size = u32_at(&chunk, 4);
        match &chunk[0..4] {
            b"fmt " => {
                if size < 16 {
                    return Err(not_wav("format chunk too short"));
                }
                let mut body = [0u8; 16];
                file.read_exact(&mut body)
                    .map_err(|_| not_wav("format chunk cut off"))?;
                fmt = Some((u16_at(&body, 2), u32_at(&body, 4), u16_at(&body, 12)));
            }
            b"data" => {
                let (channels, sample_rate, block_align) =
                    fmt.ok_or_else(|| not_wav("data before format"))?;
                if block_align == 0 || channels == 0 || sample_rate == 0 {
                    return Err(not_wav(
                        "format chunk has zero channels, rate or frame size",
                    ));
                }
                return Ok(Layout {
                    sample_rate,
                    channels,
                    block_align,
                    data_size_at: pos + 4,
                    data_start: pos + 8,
                    data_declared: size,
                    riff_declared,
                    file_len,
                });
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        pos += 8 + u64::from(size) + u64::from(size % 2);
        if pos >= file_len {
            return Err(not_wav("no data chunk"));
        }
    }
}

/// Largest data size a WAV header can hold, kept to whole frames below.
const MAX_DATA: u64 = u32::MAX as u64 - 64;

/// Whole-frame data bytes actually on disk.
fn usable_data(l: &Layout) -> u64 {
    let available = l.file_len.saturating_sub(l.data_start).min(MAX_DATA);
    available - available % u64::from(l.block_align)
}

/// Whether the header disagrees with the file (what a killed writer leaves).
pub fn header_is_stale(path: &Path) -> Result<bool, RecoveryError> {
    let mut file = File::open(path).map_err(io_err(path))?;
    let l = layout(&mut file, path)?;
    let usable = usable_data(&l);
    Ok(u64::from(l.data_declared) != usable
        || u64::from(l.riff_declared) + 8 != l.file_len
        || l.data_start + usable != l.file_len)
}

/// Makes the header of a WAV whose writer died cover all whole frames on disk, cutting off a
/// partial last frame. Idempotent: a healthy file is left unchanged. Removes the marker.
pub fn repair_wav(path: &Path) -> Result<RepairReport, RecoveryError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(io_err(path))?;
    let l = layout(&mut file, path)?;
    let usable = usable_data(&l);
    let frames_before = u64::from(l.data_declared).min(l.file_len.saturating_sub(l.data_start))
        / u64::from(l.block_align);
    let mut end = l.data_start + usable;
    let bytes_dropped = l.file_len - end;
    let mut changed = false;
    if bytes_dropped > 0 {
        file.set_len(end).map_err(io_err(path))?;
        changed = true;
    }
    // RIFF chunks are padded to an even length (only odd with 8-bit mono, say).
    if usable % 2 == 1 {
        file.seek(SeekFrom::Start(end)).map_err(io_err(path))?;
        file.write_all(&[0]).map_err(io_err(path))?;
        end += 1;
        changed = true;
    }
    let riff = (end - 8).min(u64::from(u32::MAX)) as u32;
    let data = usable as u32;
    if riff != l.riff_declared || data != l.data_declared {
        file.seek(SeekFrom::Start(4)).map_err(io_err(path))?;
        file.write_all(&riff.to_le_bytes()).map_err(io_err(path))?;
        file.seek(SeekFrom::Start(l.data_size_at))
            .map_err(io_err(path))?;
        file.write_all(&data.to_le_bytes()).map_err(io_err(path))?;
        changed = true;
    }
    file.sync_all().map_err(io_err(path))?;
    remove_marker(&marker_path(path));
    let frames = usable / u64::from(l.block_align);
    Ok(RepairReport {
        path: path.to_path_buf(),
        sample_rate: l.sample_rate,
        channels: l.channels,
        frames,
        duration_s: frames as f64 / f64::from(l.sample_rate),
        frames_before,
        bytes_dropped,
        changed,
        discarded_empty: false,
    })
}

/// Bytes before the first sample in the WAVs this program writes (RIFF, `fmt `, `data`).
const HEADER_BYTES: u64 = 44;

/// Removes a marked recording that holds no audio at all: a recorder killed (or failing) before
/// its header reached the disk leaves a file of 0 to 44 bytes. Returns `None` when the file has
/// audio, so the caller repairs it instead.
fn discard_if_empty(path: &Path) -> Option<RepairReport> {
    let len = std::fs::metadata(path).ok()?.len();
    let has_audio = len > HEADER_BYTES
        || File::open(path)
            .ok()
            .and_then(|mut f| layout(&mut f, path).ok())
            .is_some_and(|l| usable_data(&l) > 0);
    if has_audio {
        return None;
    }
    let marker: Marker = std::fs::read_to_string(marker_path(path))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    std::fs::remove_file(path).ok()?;
    remove_marker(&marker_path(path));
    Some(RepairReport {
        path: path.to_path_buf(),
        sample_rate: marker.sample_rate,
        channels: marker.channels,
        frames: 0,
        duration_s: 0.0,
        frames_before: 0,
        bytes_dropped: len,
        changed: true,
        discarded_empty: true,
    })
}

/// Repairs every interrupted recording in `dir` (see [`find_interrupted`]), so a crash or kill
/// during a recording never loses what was written. Each entry is the repair, or the file that
/// could not be repaired and why (the file is left where it is). A marked file with no audio in
/// it is removed with its marker (`discarded_empty`), so it does not warn at every start.
pub fn recover_dir(dir: &Path) -> Vec<Result<RepairReport, (PathBuf, RecoveryError)>> {
    find_interrupted(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|item| match discard_if_empty(&item.path) {
            Some(report) => Ok(report),
            None => repair_wav(&item.path).map_err(|e| (item.path, e)),
        })
        .collect()
}

/// Lists the recordings in `dir` that this program marked as in progress and that were not
/// finished cleanly. Only marked files are ever listed (and so ever repaired): a WAV some other
/// program wrote, whose header merely disagrees with its length (a tag chunk after the audio,
/// say), is not ours to rewrite.
pub fn find_interrupted(dir: &Path) -> Result<Vec<Interrupted>, RecoveryError> {
    let mut found: Vec<Interrupted> = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
    for entry in entries {
        let path = entry.map_err(io_err(dir))?.path();
        let name = path.to_string_lossy();
        let Some(wav) = name.strip_suffix(MARKER_SUFFIX) else {
            continue;
        };
        let wav = PathBuf::from(wav);
        if wav.is_file() {
            let header_stale = header_is_stale(&wav).unwrap_or(true);
            found.push(Interrupted {
                path: wav,
                has_marker: true,
                header_stale,
            });
        } else {
            // The recording never got a file; the marker is all that is left.
            remove_marker(&path);
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a WAV with hound, then damages it the way a killed writer would.
    fn killed_wav(
        dir: &Path,
        channels: u16,
        frames: usize,
        zero_sizes: bool,
        extra_bytes: &[u8],
    ) -> PathBuf {
        let path = dir.join("take.wav");
        let spec = hound::WavSpec {
            channels,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for i in 0..frames * usize::from(channels) {
            w.write_sample((i % 1000) as i16).unwrap();
        }
        w.finalize().unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        if zero_sizes {
            // Sizes as written at creation, before any flush.
            bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
            let data = bytes.windows(4).position(|w| w == b"data").unwrap();
            bytes[data + 4..data + 8].copy_from_slice(&0u32.to_le_bytes());
        }
        bytes.extend_from_slice(extra_bytes);
        std::fs::write(&path, bytes).unwrap();
        write_marker(&path, "test", 16_000, channels).unwrap();
        path
    }

    #[test]
    fn repairs_zero_sizes_and_drops_partial_frame() {
        let dir = tempfile::tempdir().unwrap();
        // Stereo: a frame is 4 bytes; 3 extra bytes are a partial frame.
        let path = killed_wav(dir.path(), 2, 8000, true, &[1, 2, 3]);
        assert!(
            hound::WavReader::open(&path)
                .map(|r| r.duration())
                .unwrap_or(0)
                == 0
        );
        let found = find_interrupted(dir.path()).unwrap();
        assert_eq!(
            found,
            vec![Interrupted {
                path: path.clone(),
                has_marker: true,
                header_stale: true
            }]
        );

        let report = repair_wav(&path).unwrap();
        assert_eq!(report.frames, 8000);
        assert_eq!(report.frames_before, 0);
        assert_eq!(report.bytes_dropped, 3);
        assert!(report.changed);
        assert!((report.duration_s - 0.5).abs() < 1e-9);
        let reader = hound::WavReader::open(&path).unwrap();
        assert_eq!(reader.duration(), 8000);
        let samples: Vec<i16> = reader.into_samples().map(|s| s.unwrap()).collect();
        assert_eq!(samples[999], 999);
        assert!(!marker_path(&path).exists());
        assert!(find_interrupted(dir.path()).unwrap().is_empty());
        // A second repair changes nothing.
        assert!(!repair_wav(&path).unwrap().changed);
    }

    #[test]
    fn extends_a_stale_header_over_data_written_after_the_last_flush() {
        let dir = tempfile::tempdir().unwrap();
        // Header valid for 1000 frames (last flush), then 500 more mono frames and one odd byte.
        let mut extra: Vec<u8> = (0..500i16).flat_map(|s| s.to_le_bytes()).collect();
        extra.push(9);
        let path = killed_wav(dir.path(), 1, 1000, false, &extra);
        assert!(header_is_stale(&path).unwrap());
        let found = find_interrupted(dir.path()).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].has_marker && found[0].header_stale);
        let report = repair_wav(&path).unwrap();
        assert_eq!(
            (report.frames_before, report.frames, report.bytes_dropped),
            (1000, 1500, 1)
        );
        assert_eq!(hound::WavReader::open(&path).unwrap().duration(), 1500);
    }

    #[test]
    fn refuses_files_that_are_not_wav() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.wav");
        std::fs::write(
            &path,
            b"hello, this is not audio at all, and long enough to matter",
        )
        .unwrap();
        write_marker(&path, "test", 16_000, 1).unwrap();
        assert!(matches!(
            repair_wav(&path),
            Err(RecoveryError::NotWav { .. })
        ));
        // It is still listed, so the user can be told where it is.
        assert_eq!(find_interrupted(dir.path()).unwrap().len(), 1);
        let results = recover_dir(dir.path());
        assert!(matches!(results.as_slice(), [Err((p, _))] if p == &path));
        assert!(
            path.exists(),
            "a file that cannot be repaired is left where it is"
        );
    }

    #[test]
    fn wav_files_this_program_did_not_mark_are_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        // A valid WAV another program wrote, with a LIST tag chunk after the audio: its data
        // size does not reach the end of the file, which once looked like a killed recording.
        let path = killed_wav(dir.path(), 1, 800, false, &[]);
        std::fs::remove_file(marker_path(&path)).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(b"LIST\x0a\x00\x00\x00INFOISFT\x02\x00");
        let riff = (bytes.len() - 8) as u32;
        bytes[4..8].copy_from_slice(&riff.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        // And one whose header really is stale, but unmarked.
        let stale = dir.path().join("other.wav");
        let mut cut = bytes.clone();
        cut.extend_from_slice(&[0u8; 100]);
        std::fs::write(&stale, &cut).unwrap();

        assert!(find_interrupted(dir.path()).unwrap().is_empty());
        assert!(recover_dir(dir.path()).is_empty());
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert_eq!(std::fs::read(&stale).unwrap(), cut);
    }

    #[test]
    fn a_marked_recording_with_no_audio_is_removed_not_reported_forever() {
        let dir = tempfile::tempdir().unwrap();
        // Killed before the buffered header reached the disk: 0 bytes.
        let empty = dir.path().join("empty.wav");
        std::fs::write(&empty, b"").unwrap();
        write_marker(&empty, "test", 48_000, 2).unwrap();
        // Killed after the header but before any audio: 44 bytes.
        let header_only = killed_wav(dir.path(), 1, 0, true, &[]);
        assert_eq!(std::fs::metadata(&header_only).unwrap().len(), 44);

        let results = recover_dir(dir.path());
        assert_eq!(results.len(), 2, "{results:?}");
        for result in &results {
            let report = result.as_ref().unwrap();
            assert!(report.discarded_empty && report.frames == 0, "{report:?}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // The next start has nothing to say.
        assert!(recover_dir(dir.path()).is_empty());
    }
}
