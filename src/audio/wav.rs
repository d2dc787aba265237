//! Reading WAV files of any common encoding into 16 kHz mono samples.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use hound::{SampleFormat, WavReader};

use super::resample::{ResampleError, downmix, resample_mono};
use crate::analysis::SAMPLE_RATE;
use crate::user_file::{self, UserFileError};

/// Why a recording could not be read. Every message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// The file does not exist or cannot be opened.
    #[error("cannot open {path}: {source}. Check the path and that the file is readable.")]
    Open {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not a WAV file at all.
    #[error(
        "{path} is not a WAV file ({detail}). Record or export the answer as WAV \
         (for example `sox answer.mp3 answer.wav`)."
    )]
    NotWav {
        /// The file.
        path: PathBuf,
        /// What the decoder saw.
        detail: String,
    },
    /// The WAV uses an encoding this app does not read.
    #[error(
        "{path} uses an unsupported WAV encoding ({detail}). Convert it to 16-bit PCM, for \
         example `sox {path_display} -b 16 fixed.wav`."
    )]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// Which encoding.
        detail: String,
        /// The path again, for the suggested command.
        path_display: String,
    },
    /// The WAV header or data is damaged.
    #[error("{path} is damaged: {detail}. Re-record the answer or re-export the file.")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The path names a directory, a pipe or a device rather than a file. Opening a pipe would
    /// block until something writes to it, so such paths are refused before they are opened.
    #[error("{path} is {kind}, not a recording. Choose the WAV file itself.")]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// "a directory", "a named pipe (FIFO)", ...
        kind: &'static str,
    },
    /// The header's sample rate is outside what any recorder produces; taking it at its word
    /// would resample a few bytes into hours of audio (1 Hz) or mean a damaged header.
    #[error(
        "{path} says it was recorded at {rate} Hz, which no recorder uses (expected \
         {MIN_RATE}-{MAX_RATE} Hz). The header is probably damaged: re-export the file, for \
         example `sox {path_display} -r 16000 fixed.wav`."
    )]
    SampleRate {
        /// The file.
        path: PathBuf,
        /// The rate the header claims.
        rate: u32,
        /// The path again, for the suggested command.
        path_display: String,
    },
    /// The WAV holds no audio.
    #[error("{path} contains no audio (0 samples). Record the answer again.")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Sample-rate conversion failed.
    #[error("{path}: {source}")]
    Resample {
        /// The file.
        path: PathBuf,
        /// The resampler's error.
        source: ResampleError,
    },
}

/// Lowest sample rate accepted: telephone-band recordings go down to 8 kHz, and 4 kHz leaves
/// room for unusual but real devices.
pub const MIN_RATE: u32 = 4_000;
/// Highest sample rate accepted: 384 kHz is the most any consumer audio interface offers.
pub const MAX_RATE: u32 = 384_000;

/// A recording decoded for analysis.
#[derive(Debug, Clone)]
pub struct AudioClip {
    /// Mono samples in -1.0..=1.0, at [`SAMPLE_RATE`] from [`read_wav`] (at `source_rate` from
    /// [`read_wav_native`]).
    pub samples: Vec<f32>,
    /// The file's own sample rate.
    pub source_rate: u32,
    /// The file's channel count.
    pub source_channels: u16,
    /// The file's encoding, e.g. "16-bit PCM" or "32-bit float".
    pub source_format: String,
    /// Things worth telling the user that did not stop the read (e.g. a truncated file).
    pub warnings: Vec<String>,
}

impl AudioClip {
    /// Length in seconds.
    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / f64::from(SAMPLE_RATE)
    }
}

/// Reads a WAV file (8/16/24/32-bit integer or 32-bit float PCM, any rate, any channel count)
/// and returns 16 kHz mono samples.
///
/// A file cut short (its header promises more data than is there, as after a crash during
/// recording) is read up to the cut, with a warning, so nothing that was captured is lost.
pub fn read_wav(path: &Path) -> Result<AudioClip, AudioError> {
    let mut clip = read_wav_native(path)?;
    clip.samples =
        resample_mono(&clip.samples, clip.source_rate, SAMPLE_RATE).map_err(|source| {
            AudioError::Resample {
                path: path.to_path_buf(),
                source,
            }
        })?;
    Ok(clip)
}

/// Reads a WAV file like [`read_wav`] but keeps its own sample rate (`source_rate`): mono
/// samples for playback, which resamples to the output device's rate instead.
pub fn read_wav_native(path: &Path) -> Result<AudioClip, AudioError> {
    let file = open_regular(path)?;
    // The file's real size bounds every buffer: a header may claim gigabytes of data.
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let reader = WavReader::new(BufReader::new(file)).map_err(|e| classify(path, e))?;
    decode(path, reader, file_len)
}

/// Opens `path` only if it is a regular file (following links). A FIFO would block the open
/// until some other program writes to it, and a directory would fail later with an error that
/// reads like damage.
pub fn open_regular(path: &Path) -> Result<File, AudioError> {
    user_file::open_regular(path).map_err(|e| match e {
        UserFileError::NotAFile(kind) => AudioError::NotAFile {
            path: path.to_path_buf(),
            kind,
        },
        UserFileError::Io(source) => AudioError::Open {
            path: path.to_path_buf(),
            source,
        },
        UserFileError::TooLarge { .. } => AudioError::Open {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        },
    })
}

/// The `fmt ` chunk's format tag and bits per sample, read straight from the header so that a
/// valid WAV in an encoding `hound` does not decode (ADPCM, 64-bit float, mu-law) is called
/// unsupported rather than damaged. Looks only at the first 64 KiB.
fn sniff_format(path: &Path) -> Option<(u16, u16)> {
    let mut head = Vec::new();
    open_regular(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    if head.get(0..4)? != b"RIFF" || head.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut at = 12usize;
    while at.checked_add(8)? <= head.len() {
        let id = head.get(at..at + 4)?;
        let size = u32::from_le_bytes(head.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        if id == b"fmt " {
            let body = head.get(at + 8..at + 8 + size.min(16))?;
            let tag = u16::from_le_bytes(body.get(0..2)?.try_into().ok()?);
            let bits = u16::from_le_bytes(body.get(14..16)?.try_into().ok()?);
            return Some((tag, bits));
        }
        // Chunks are padded to an even length.
        at = at
            .checked_add(8)?
            .checked_add(size)?
            .checked_add(size % 2)?;
    }
    None
}

/// A WAV format tag in words.
fn encoding_name(tag: u16, bits: u16) -> String {
    match tag {
        1 => format!("{bits}-bit integer PCM"),
        2 => "Microsoft ADPCM".into(),
        3 => format!("{bits}-bit float"),
        6 => "A-law".into(),
        7 => "mu-law".into(),
        0x11 => "IMA ADPCM".into(),
        0x55 => "MP3 inside WAV".into(),
        other => format!("format tag 0x{other:04x}"),
    }
}

/// Whether hound can decode this tag and width (or the extensible wrapper around them).
fn decodable(tag: u16, bits: u16) -> bool {
    match tag {
        1 => matches!(bits, 8 | 16 | 24 | 32),
        3 => bits == 32,
        0xFFFE => true,
        _ => false,
    }
}

/// Turns a header error from `hound` into a message a person can act on.
fn classify(path: &Path, e: hound::Error) -> AudioError {
    let path = path.to_path_buf();
    // A valid header in an encoding hound does not decode reads as a format error; the tag
    // read straight from the header tells which (read once, only on this error path).
    let undecodable = matches!(e, hound::Error::FormatError(_))
        .then(|| sniff_format(&path))
        .flatten()
        .filter(|&(tag, bits)| !decodable(tag, bits));
    match e {
        hound::Error::FormatError(detail) if detail.contains("RIFF") || detail.contains("WAVE") => {
            AudioError::NotWav {
                path,
                detail: detail.to_string(),
            }
        }
        hound::Error::Unsupported => AudioError::Unsupported {
            path_display: path.display().to_string(),
            detail: sniff_format(&path).map_or_else(
                || "an encoding other than integer or 32-bit float PCM".into(),
                |(tag, bits)| encoding_name(tag, bits),
            ),
            path,
        },
        hound::Error::FormatError(_) if undecodable.is_some() => {
            let (tag, bits) = undecodable.unwrap_or_default();
            AudioError::Unsupported {
                path_display: path.display().to_string(),
                detail: encoding_name(tag, bits),
                path,
            }
        }
        hound::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            AudioError::Corrupt {
                path,
                detail: "the header ends early".into(),
            }
        }
        other => AudioError::Corrupt {
            path,
            detail: other.to_string(),
        },
    }
}

fn decode<R: std::io::Read>(
    path: &Path,
    mut reader: WavReader<R>,
    file_len: u64,
) -> Result<AudioClip, AudioError> {
    let spec = reader.spec();
    let mut warnings = Vec::new();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(AudioError::Corrupt {
            path: path.to_path_buf(),
            detail: format!(
                "the header claims {} channels at {} Hz",
                spec.channels, spec.sample_rate
            ),
        });
    }
    if !(MIN_RATE..=MAX_RATE).contains(&spec.sample_rate) {
        return Err(AudioError::SampleRate {
            path: path.to_path_buf(),
            rate: spec.sample_rate,
            path_display: path.display().to_string(),
        });
    }
    // Reserve for what the file can hold, not for what its header claims.
    let bytes_per_sample = u64::from(spec.bits_per_sample.div_ceil(8).max(1));
    let capacity = u64::from(reader.len()).min(file_len / bytes_per_sample) as usize;
    let (format, interleaved) = match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, 32) => {
            let mut out = Vec::with_capacity(capacity);
            for s in reader.samples::<f32>() {
                match s {
                    // Clamp: float files may exceed full scale, and NaN would poison the analysis.
                    Ok(v) if v.is_finite() => out.push(v.clamp(-1.0, 1.0)),
                    Ok(_) => out.push(0.0),
                    Err(e) => {
                        note_cut(path, &e, out.len(), &mut warnings)?;
                        break;
                    }
                }
            }
            ("32-bit float".to_string(), out)
        }
        (SampleFormat::Int, bits @ (8 | 16 | 24 | 32)) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f64;
            let mut out = Vec::with_capacity(capacity);
            for s in reader.samples::<i32>() {
                match s {
                    Ok(v) => out.push((f64::from(v) * scale) as f32),
                    Err(e) => {
                        note_cut(path, &e, out.len(), &mut warnings)?;
                        break;
                    }
                }
            }
            (format!("{bits}-bit PCM"), out)
        }
        (fmt, bits) => {
            return Err(AudioError::Unsupported {
                path_display: path.display().to_string(),
                path: path.to_path_buf(),
                detail: format!("{bits}-bit {fmt:?}"),
            });
        }
    };
    let channels = usize::from(spec.channels);
    if interleaved.len() < channels {
        return Err(AudioError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(AudioClip {
        samples: downmix(&interleaved, channels),
        source_rate: spec.sample_rate,
        source_channels: spec.channels,
        source_format: format,
        warnings,
    })
}

/// A read error part-way through the samples: a cut-off file keeps what was read (with a
/// warning); anything else is corruption.
fn note_cut(
    path: &Path,
    e: &hound::Error,
    samples_read: usize,
    warnings: &mut Vec<String>,
) -> Result<(), AudioError> {
    let cut_short = match e {
        // hound reports a read past the end as UnexpectedEof or as "Failed to read enough
        // bytes." (an `Other` I/O error), depending on where the cut falls.
        hound::Error::IoError(io) => {
            io.kind() == std::io::ErrorKind::UnexpectedEof
                || io.to_string().contains("enough bytes")
        }
        _ => false,
    };
    match e {
        _ if cut_short => {
            warnings.push(format!(
                "{} ends before its header says it should (cut off during recording?); \
                 analysed the {samples_read} samples that are there",
                path.display()
            ));
            Ok(())
        }
        other => Err(AudioError::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid 16-bit mono WAV of `n` samples at `rate`, built by hand so header fields can be
    /// bent afterwards.
    fn wav16(rate: u32, n: usize) -> Vec<u8> {
        let data_len = (n * 2) as u32;
        let mut b = Vec::new();
        b.extend_from_slice(b"RIFF");
        b.extend_from_slice(&(36 + data_len).to_le_bytes());
        b.extend_from_slice(b"WAVEfmt ");
        b.extend_from_slice(&16u32.to_le_bytes());
        b.extend_from_slice(&1u16.to_le_bytes()); // PCM
        b.extend_from_slice(&1u16.to_le_bytes()); // mono
        b.extend_from_slice(&rate.to_le_bytes());
        b.extend_from_slice(&rate.wrapping_mul(2).to_le_bytes());
        b.extend_from_slice(&2u16.to_le_bytes());
        b.extend_from_slice(&16u16.to_le_bytes());
        b.extend_from_slice(b"data");
        b.extend_from_slice(&data_len.to_le_bytes());
        for i in 0..n {
            let v = ((i as f32 * 0.05).sin() * 8000.0) as i16;
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Sets a format field: tag at byte 20, bits per sample at byte 34.
    fn with_format(mut b: Vec<u8>, tag: u16, bits: u16) -> Vec<u8> {
        b[20..22].copy_from_slice(&tag.to_le_bytes());
        b[34..36].copy_from_slice(&bits.to_le_bytes());
        b
    }

    #[test]
    fn sample_rates_outside_any_recorder_are_refused_before_resampling() {
        let dir = tempfile::tempdir().unwrap();
        for rate in [1, 3_999, 384_001, 2_000_000_000] {
            let path = write(dir.path(), "odd-rate.wav", &wav16(rate, 1000));
            let e = read_wav(&path).unwrap_err();
            assert!(
                matches!(e, AudioError::SampleRate { rate: r, .. } if r == rate),
                "{e}"
            );
            assert!(e.to_string().contains("sox"), "{e}");
        }
        for rate in [MIN_RATE, 8_000, 44_100, MAX_RATE] {
            let path = write(dir.path(), "fine.wav", &wav16(rate, 4000));
            assert!(read_wav(&path).is_ok(), "{rate} Hz should read");
        }
    }

    #[test]
    fn a_header_claiming_gigabytes_reads_what_is_there_without_reserving_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = wav16(16_000, 1600);
        let at = b.windows(4).position(|w| w == b"data").unwrap();
        b[at + 4..at + 8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        let path = write(dir.path(), "huge-claim.wav", &b);
        let clip = read_wav_native(&path).unwrap();
        assert_eq!(clip.samples.len(), 1600);
        // Had the header been believed, the buffer would hold ~2 billion samples.
        assert!(
            clip.samples.capacity() < 1_000_000,
            "{}",
            clip.samples.capacity()
        );
        assert_eq!(clip.warnings.len(), 1, "{:?}", clip.warnings);
    }

    #[test]
    fn valid_but_unsupported_encodings_are_named_not_called_damaged() {
        let dir = tempfile::tempdir().unwrap();
        for (tag, bits, name) in [
            (0x11u16, 4u16, "IMA ADPCM"),
            (3, 64, "64-bit float"),
            (7, 8, "mu-law"),
        ] {
            let path = write(
                dir.path(),
                "encoded.wav",
                &with_format(wav16(16_000, 800), tag, bits),
            );
            let e = read_wav(&path).unwrap_err();
            assert!(
                matches!(&e, AudioError::Unsupported { detail, .. } if detail == name),
                "{name}: {e}"
            );
            assert!(e.to_string().contains("Convert it"), "{e}");
        }
    }

    #[test]
    fn directories_and_pipes_are_refused_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("answer.wav");
        std::fs::create_dir(&folder).unwrap();
        let e = read_wav(&folder).unwrap_err();
        assert!(
            matches!(
                e,
                AudioError::NotAFile {
                    kind: "a directory",
                    ..
                }
            ),
            "{e}"
        );

        #[cfg(unix)]
        {
            let fifo = dir.path().join("pipe.wav");
            let status = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(status.success());
            // Opening a FIFO for reading blocks until a writer appears: this returning at all
            // is the test.
            let e = read_wav(&fifo).unwrap_err();
            assert!(matches!(e, AudioError::NotAFile { .. }), "{e}");
            assert!(e.to_string().contains("named pipe"), "{e}");
        }
    }

    #[test]
    fn every_truncation_of_a_valid_file_is_an_error_or_a_shorter_clip() {
        let full = wav16(16_000, 400);
        let dir = tempfile::tempdir().unwrap();
        for cut in 0..full.len() {
            let path = write(dir.path(), "cut.wav", &full[..cut]);
            match read_wav_native(&path) {
                Ok(clip) => assert!(clip.samples.len() <= 400),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
}
