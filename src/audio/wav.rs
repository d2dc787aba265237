//! Reading WAV files of any common encoding into 16 kHz mono samples.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use hound::{SampleFormat, WavReader};

use super::resample::{ResampleError, downmix, resample_mono};
use crate::analysis::SAMPLE_RATE;

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

/// A recording decoded for analysis.
#[derive(Debug, Clone)]
pub struct AudioClip {
    /// Mono samples at [`SAMPLE_RATE`], in -1.0..=1.0.
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
    let file = File::open(path).map_err(|source| AudioError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = WavReader::new(BufReader::new(file)).map_err(|e| classify(path, e))?;
    decode(path, reader)
}

/// Turns a header error from `hound` into a message a person can act on.
fn classify(path: &Path, e: hound::Error) -> AudioError {
    let path = path.to_path_buf();
    match e {
        hound::Error::FormatError(detail) if detail.contains("RIFF") || detail.contains("WAVE") => {
            AudioError::NotWav {
                path,
                detail: detail.to_string(),
            }
        }
        hound::Error::Unsupported => AudioError::Unsupported {
            path_display: path.display().to_string(),
            path,
            detail: "an encoding other than integer or 32-bit float PCM".into(),
        },
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
    let (format, interleaved) = match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, 32) => {
            let mut out = Vec::with_capacity(reader.len() as usize);
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
            let mut out = Vec::with_capacity(reader.len() as usize);
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
    let mono = downmix(&interleaved, channels);
    let samples = resample_mono(&mono, spec.sample_rate, SAMPLE_RATE).map_err(|source| {
        AudioError::Resample {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(AudioClip {
        samples,
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
