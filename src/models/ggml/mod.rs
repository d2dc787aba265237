//! The legacy ggml whisper model format read by whisper.cpp: a writer, and a validator that
//! checks a file completely before whisper.cpp ever sees it.
//!
//! whisper.cpp's own loader trusts its input: a truncated download or a corrupt header can
//! make it abort, read out of bounds (it reads `n_dims` into a 4-element array), or fail with a
//! message that names no file. [`inspect_ggml`] walks the whole file layout without reading the
//! weights (it seeks over them), so it costs milliseconds even for large models.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::Digest;
use thiserror::Error;

mod contents;
mod shape;
mod write;
use contents::{CHUNK, FullRead, has_non_finite};
pub use contents::{VerifiedContents, verify_ggml_contents};
pub use shape::{KNOWN_SHAPES, KnownShape, WHISPER_AUDIO_CTX, WHISPER_TEXT_CTX, check_known_shape};
pub use write::GgmlWriter;

/// File magic of a ggml whisper model (`"lmgg"` on disk, little endian).
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// File magic of GGUF files, which whisper.cpp does not load as whisper models.
const GGUF_MAGIC: u32 = 0x4655_4747;

/// Number of frequency bins of Whisper's STFT (n_fft 400 / 2 + 1), the width of the mel filters.
pub const N_FFT_BINS: usize = 201;

/// whisper.cpp derives its special-token ids from this vocabulary size (English-only models);
/// anything smaller cannot work with it.
pub const N_VOCAB_ENGLISH: u32 = 51864;

/// Ftype values carry the quantisation version in their thousands (`qnt_version * 1000`).
const QNT_VERSION_FACTOR: i32 = 1000;

/// Longest tensor name accepted; real names are under 40 bytes.
const MAX_NAME_LEN: i32 = 255;

/// Longest token accepted in the token table; GPT-2 tokens are at most a few dozen bytes.
const MAX_TOKEN_LEN: u32 = 1024;

/// The eleven hyper-parameters at the start of a ggml whisper file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GgmlHparams {
    /// Vocabulary size including special tokens (51864 English-only, 51865+ multilingual).
    pub n_vocab: u32,
    /// Encoder context (1500 audio frames for every Whisper model).
    pub n_audio_ctx: u32,
    /// Encoder width.
    pub n_audio_state: u32,
    /// Encoder attention heads.
    pub n_audio_head: u32,
    /// Encoder layers.
    pub n_audio_layer: u32,
    /// Decoder context (448 tokens).
    pub n_text_ctx: u32,
    /// Decoder width.
    pub n_text_state: u32,
    /// Decoder attention heads.
    pub n_text_head: u32,
    /// Decoder layers.
    pub n_text_layer: u32,
    /// Mel channels of the input (80, or 128 for large-v3).
    pub n_mels: u32,
    /// ggml file type: 0 all f32, 1 mostly f16, quantised types above; may include
    /// `qnt_version * 1000`.
    pub ftype: i32,
}

impl GgmlHparams {
    /// The values in file order (ftype reinterpreted as written, i.e. as i32).
    fn to_file_order(self) -> [i32; 11] {
        [
            self.n_vocab as i32,
            self.n_audio_ctx as i32,
            self.n_audio_state as i32,
            self.n_audio_head as i32,
            self.n_audio_layer as i32,
            self.n_text_ctx as i32,
            self.n_text_state as i32,
            self.n_text_head as i32,
            self.n_text_layer as i32,
            self.n_mels as i32,
            self.ftype,
        ]
    }
}

/// Tensor element types that can appear in a whisper ggml file (ggml type codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GgmlType {
    /// 0: f32.
    F32,
    /// 1: f16.
    F16,
    /// 2: 4-bit, 18 bytes per 32 values.
    Q4_0,
    /// 3: 4-bit with min, 20 bytes per 32 values.
    Q4_1,
    /// 6: 5-bit, 22 bytes per 32 values.
    Q5_0,
    /// 7: 5-bit with min, 24 bytes per 32 values.
    Q5_1,
    /// 8: 8-bit, 34 bytes per 32 values.
    Q8_0,
    /// 10: k-quant, 84 bytes per 256 values.
    Q2K,
    /// 11: k-quant, 110 bytes per 256 values.
    Q3K,
    /// 12: k-quant, 144 bytes per 256 values.
    Q4K,
    /// 13: k-quant, 176 bytes per 256 values.
    Q5K,
    /// 14: k-quant, 210 bytes per 256 values.
    Q6K,
}

impl GgmlType {
    /// Maps a ggml type code to a type, or `None` if unknown.
    pub fn from_code(code: i32) -> Option<Self> {
        Some(match code {
            0 => Self::F32,
            1 => Self::F16,
            2 => Self::Q4_0,
            3 => Self::Q4_1,
            6 => Self::Q5_0,
            7 => Self::Q5_1,
            8 => Self::Q8_0,
            10 => Self::Q2K,
            11 => Self::Q3K,
            12 => Self::Q4K,
            13 => Self::Q5K,
            14 => Self::Q6K,
            _ => return None,
        })
    }

    /// The ggml type code.
    pub fn code(self) -> i32 {
        match self {
            Self::F32 => 0,
            Self::F16 => 1,
            Self::Q4_0 => 2,
            Self::Q4_1 => 3,
            Self::Q5_0 => 6,
            Self::Q5_1 => 7,
            Self::Q8_0 => 8,
            Self::Q2K => 10,
            Self::Q3K => 11,
            Self::Q4K => 12,
            Self::Q5K => 13,
            Self::Q6K => 14,
        }
    }

    /// (values per block, bytes per block), as in ggml's type traits.
    pub fn block(self) -> (u64, u64) {
        match self {
            Self::F32 => (1, 4),
            Self::F16 => (1, 2),
            Self::Q4_0 => (32, 18),
            Self::Q4_1 => (32, 20),
            Self::Q5_0 => (32, 22),
            Self::Q5_1 => (32, 24),
            Self::Q8_0 => (32, 34),
            Self::Q2K => (256, 84),
            Self::Q3K => (256, 110),
            Self::Q4K => (256, 144),
            Self::Q5K => (256, 176),
            Self::Q6K => (256, 210),
        }
    }
}

/// Human name of a ggml ftype (after removing the quantisation version).
pub fn ftype_name(ftype: i32) -> Option<&'static str> {
    Some(match ftype {
        0 => "f32",
        1 => "f16",
        2 => "q4_0",
        3 => "q4_1",
        4 => "q4_1 (some f16)",
        7 => "q8_0",
        8 => "q5_0",
        9 => "q5_1",
        10 => "q2_k",
        11 => "q3_k",
        12 => "q4_k",
        13 => "q5_k",
        14 => "q6_k",
        _ => return None,
    })
}

/// Bytes taken by a tensor with dimensions `ne` (innermost first) of type `ty`, or `None` if
/// the row length is not a whole number of blocks or the size overflows.
pub fn tensor_nbytes(ne: &[u64], ty: GgmlType) -> Option<u64> {
    let (blk, size) = ty.block();
    let row = *ne.first()?;
    if row % blk != 0 {
        return None;
    }
    let n: u64 = ne.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d))?;
    (n / blk).checked_mul(size)
}

/// Every tensor whisper.cpp expects for these hyper-parameters, with its `ne` (innermost
/// dimension first). whisper.cpp fails on a missing, extra or mis-shaped tensor, so the
/// validator and the converter both check against this list.
pub fn expected_tensors(h: &GgmlHparams) -> Vec<(String, Vec<u64>)> {
    let a = u64::from(h.n_audio_state);
    let t = u64::from(h.n_text_state);
    let mut v: Vec<(String, Vec<u64>)> = vec![
        (
            "encoder.positional_embedding".into(),
            vec![a, u64::from(h.n_audio_ctx)],
        ),
        (
            "encoder.conv1.weight".into(),
            vec![3, u64::from(h.n_mels), a],
        ),
        ("encoder.conv1.bias".into(), vec![1, a]),
        ("encoder.conv2.weight".into(), vec![3, a, a]),
        ("encoder.conv2.bias".into(), vec![1, a]),
        ("encoder.ln_post.weight".into(), vec![a]),
        ("encoder.ln_post.bias".into(), vec![a]),
        (
            "decoder.positional_embedding".into(),
            vec![t, u64::from(h.n_text_ctx)],
        ),
        (
            "decoder.token_embedding.weight".into(),
            vec![t, u64::from(h.n_vocab)],
        ),
        ("decoder.ln.weight".into(), vec![t]),
        ("decoder.ln.bias".into(), vec![t]),
    ];
    // Attention block with its layer norm: `key` has no bias in Whisper.
    let attn = |v: &mut Vec<(String, Vec<u64>)>, p: &str, attn: &str, ln: &str, s: u64| {
        v.push((format!("{p}.{ln}.weight"), vec![s]));
        v.push((format!("{p}.{ln}.bias"), vec![s]));
        for part in ["query", "key", "value", "out"] {
            v.push((format!("{p}.{attn}.{part}.weight"), vec![s, s]));
            if part != "key" {
                v.push((format!("{p}.{attn}.{part}.bias"), vec![s]));
            }
        }
    };
    let mlp = |v: &mut Vec<(String, Vec<u64>)>, p: &str, s: u64| {
        v.push((format!("{p}.mlp_ln.weight"), vec![s]));
        v.push((format!("{p}.mlp_ln.bias"), vec![s]));
        v.push((format!("{p}.mlp.0.weight"), vec![s, 4 * s]));
        v.push((format!("{p}.mlp.0.bias"), vec![4 * s]));
        v.push((format!("{p}.mlp.2.weight"), vec![4 * s, s]));
        v.push((format!("{p}.mlp.2.bias"), vec![s]));
    };
    for i in 0..h.n_audio_layer {
        let p = format!("encoder.blocks.{i}");
        attn(&mut v, &p, "attn", "attn_ln", a);
        mlp(&mut v, &p, a);
    }
    for i in 0..h.n_text_layer {
        let p = format!("decoder.blocks.{i}");
        attn(&mut v, &p, "attn", "attn_ln", t);
        attn(&mut v, &p, "cross_attn", "cross_attn_ln", t);
        mlp(&mut v, &p, t);
    }
    v
}

/// Whisper model size, guessed from the encoder's depth and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhisperSize {
    /// 4 layers, width 384.
    Tiny,
    /// 6 layers, width 512.
    Base,
    /// 12 layers, width 768.
    Small,
    /// 24 layers, width 1024.
    Medium,
    /// 32 layers, width 1280 (large-v1/v2/v3; turbo and distil variants have fewer decoder
    /// layers, see [`GgmlHparams::n_text_layer`]).
    Large,
    /// Anything else (a custom or pruned model).
    Unknown,
}

impl WhisperSize {
    /// Guesses the size from the encoder layer count and width.
    pub fn guess(n_audio_layer: u32, n_audio_state: u32) -> Self {
        match (n_audio_layer, n_audio_state) {
            (4, 384) => Self::Tiny,
            (6, 512) => Self::Base,
            (12, 768) => Self::Small,
            (24, 1024) => Self::Medium,
            (32, 1280) => Self::Large,
            _ => Self::Unknown,
        }
    }
}

impl fmt::Display for WhisperSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Tiny => "tiny",
            Self::Base => "base",
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
            Self::Unknown => "unknown",
        })
    }
}

/// What [`inspect_ggml`] found in a valid ggml whisper file.
#[derive(Debug, Clone, PartialEq)]
pub struct GgmlInfo {
    /// The hyper-parameters as stored.
    pub hparams: GgmlHparams,
    /// Size guessed from the encoder shape.
    pub size: WhisperSize,
    /// True for English-only (`.en`) models, i.e. `n_vocab == 51864`.
    pub english_only: bool,
    /// ftype without the quantisation version (0 f32, 1 f16, ...).
    pub ftype: i32,
    /// Human name of `ftype`, e.g. "f16" or "q5_0".
    pub ftype_name: &'static str,
    /// Quantisation version (ftype / 1000); 0 for unquantised files.
    pub qnt_version: i32,
    /// Number of entries in the token table (special tokens are not stored).
    pub n_tokens: u32,
    /// Number of tensors.
    pub n_tensors: usize,
    /// Number of tensors per element type.
    pub tensor_types: Vec<(GgmlType, usize)>,
    /// Total number of weights.
    pub n_params: u64,
    /// File size in bytes.
    pub file_size: u64,
}

impl GgmlInfo {
    /// A short model name such as "tiny.en" or "base", as used by `models install`.
    pub fn name(&self) -> String {
        if self.english_only {
            format!("{}.en", self.size)
        } else {
            self.size.to_string()
        }
    }
}

/// Errors from validating a ggml model file.
#[derive(Debug, Error)]
pub enum GgmlError {
    /// The file could not be opened or read.
    #[error(
        "cannot read model file {}: {source}; check that it exists and is readable, or re-download it with `interview-coach models install {hint}`",
        path.display()
    )]
    Io {
        /// The model file.
        path: PathBuf,
        /// Suggested model name for the re-download hint.
        hint: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The file is not a usable whisper model.
    #[error(
        "model file {} is damaged or not a whisper model: {problem} (at byte {offset}); delete it and re-download it with `interview-coach models install {hint}`",
        path.display()
    )]
    Invalid {
        /// The model file.
        path: PathBuf,
        /// Byte offset where the problem was found.
        offset: u64,
        /// What is wrong.
        problem: GgmlProblem,
        /// Suggested model name for the re-download hint.
        hint: String,
    },
}

impl GgmlError {
    /// The structural problem, if the file was readable but invalid.
    pub fn problem(&self) -> Option<&GgmlProblem> {
        match self {
            Self::Invalid { problem, .. } => Some(problem),
            Self::Io { .. } => None,
        }
    }
}

/// The ways a ggml whisper file can be structurally wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GgmlProblem {
    /// The file does not start with the ggml magic.
    #[error("bad magic {found:#010x} (expected {GGML_MAGIC:#010x}, ggml)")]
    BadMagic {
        /// The first four bytes as a little-endian u32.
        found: u32,
    },
    /// A GGUF file: whisper.cpp needs the legacy ggml format.
    #[error("this is a GGUF file, but whisper.cpp needs a legacy ggml whisper model")]
    Gguf,
    /// The file ends early.
    #[error(
        "file is truncated (an incomplete download?): reading {what} needs {needed} bytes but only {available} remain"
    )]
    Truncated {
        /// What was being read.
        what: String,
        /// Bytes needed.
        needed: u64,
        /// Bytes left in the file.
        available: u64,
    },
    /// A hyper-parameter is out of range.
    #[error("hyper-parameter {name} = {value} is not sane (expected {expected})")]
    BadHparam {
        /// Field name.
        name: &'static str,
        /// Value found.
        value: i64,
        /// What was expected.
        expected: String,
    },
    /// The mel filter block disagrees with the hyper-parameters.
    #[error("mel filter block is {n_mel} x {n_fft}, expected {expected_mel} x {N_FFT_BINS}")]
    BadMelFilters {
        /// Rows found.
        n_mel: i32,
        /// Columns found.
        n_fft: i32,
        /// Rows expected (`n_mels`).
        expected_mel: u32,
    },
    /// The token table is malformed.
    #[error("token table: {0}")]
    BadTokens(String),
    /// A tensor header is malformed.
    #[error("tensor #{index} ('{name}'): {problem}")]
    BadTensor {
        /// 0-based tensor index in the file.
        index: usize,
        /// Tensor name (possibly lossy-decoded).
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// A tensor holds NaN or infinite weights, which make whisper.cpp's output silently empty.
    #[error("tensor '{tensor}' holds NaN or infinite weights (the file is corrupt)")]
    NonFiniteWeights {
        /// The tensor's name.
        tensor: String,
    },
    /// A tensor whisper.cpp needs is absent.
    #[error("{count} expected tensors are missing, e.g. '{first}'")]
    MissingTensors {
        /// How many are missing.
        count: usize,
        /// The first missing name.
        first: String,
    },
}

/// Guesses the model name for the re-download hint from a file name like `ggml-base.en.bin`.
fn install_hint(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.strip_suffix(".partial").unwrap_or(n))
        .and_then(|n| n.strip_prefix("ggml-"))
        .and_then(|n| n.strip_suffix(".bin"))
        .map(str::to_owned)
        .unwrap_or_else(|| "<model>".to_owned())
}

/// Validates a ggml whisper model file completely (header, mel filters, token table, every
/// tensor header and the exact data size) without loading the weights, and describes it.
///
/// Call this before handing a file to whisper.cpp: it turns a truncated download or a corrupt
/// file into an error that names the file and says what to do.
pub fn inspect_ggml(path: &Path) -> Result<GgmlInfo, GgmlError> {
    scan_file(path, None).map(|(info, _)| info)
}

/// [`inspect_ggml`], and the header must also describe a real Whisper model (see
/// [`check_known_shape`]): what a file must pass before whisper.cpp sizes its buffers by it.
pub fn inspect_whisper_model(path: &Path) -> Result<GgmlInfo, GgmlError> {
    let info = inspect_ggml(path)?;
    check_shape(path, &info)?;
    Ok(info)
}

/// Refuses a layout whose header matches no Whisper model size.
fn check_shape(path: &Path, info: &GgmlInfo) -> Result<(), GgmlError> {
    check_known_shape(&info.hparams)
        .map(|_| ())
        .map_err(|(index, problem)| GgmlError::Invalid {
            path: path.to_owned(),
            offset: 4 + 4 * index as u64,
            problem,
            hint: info.name(),
        })
}

/// Opens and scans a file; with `full`, reads every byte (hashing it and checking the weights)
/// instead of seeking over the tensor data, and returns the hash too.
fn scan_file(path: &Path, full: Option<FullRead>) -> Result<(GgmlInfo, Option<String>), GgmlError> {
    let io_err = |source| GgmlError::Io {
        path: path.to_owned(),
        hint: install_hint(path),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    let mut scan = Scanner {
        r: BufReader::with_capacity(1 << 16, file),
        offset: 0,
        len,
        model_name: None,
        full,
    };
    let info = scan_ggml(&mut scan).map_err(|e| match e {
        ScanError::Io(source) => io_err(source),
        ScanError::Invalid { offset, problem } => GgmlError::Invalid {
            path: path.to_owned(),
            offset,
            problem,
            // Once the header has been read it names the model better than the file name.
            hint: scan.model_name.take().unwrap_or_else(|| install_hint(path)),
        },
    })?;
    let sha256 = scan
        .full
        .map(|f| super::download::to_hex(&f.hasher.finalize()));
    Ok((info, sha256))
}

enum ScanError {
    Io(io::Error),
    Invalid { offset: u64, problem: GgmlProblem },
}

/// Reads the layout of a ggml file, tracking the offset and the file length so that
/// truncation is detected before a read rather than by an I/O error.
struct Scanner {
    r: BufReader<File>,
    offset: u64,
    len: u64,
    /// Model name derived from the header (e.g. "base.en"), once known and recognisable.
    model_name: Option<String>,
    /// Set when every byte is read and hashed rather than skipped.
    full: Option<FullRead>,
}

impl Scanner {
    fn invalid(&self, problem: GgmlProblem) -> ScanError {
        ScanError::Invalid {
            offset: self.offset,
            problem,
        }
    }

    /// Checks that `n` more bytes exist before reading them, so truncation is reported as
    /// such (with what was being read) rather than as an I/O error.
    fn need(&self, n: u64, what: &dyn Fn() -> String) -> Result<(), ScanError> {
        let available = self.len.saturating_sub(self.offset);
        if n > available {
            return Err(self.invalid(GgmlProblem::Truncated {
                what: what(),
                needed: n,
                available,
            }));
        }
        Ok(())
    }

    fn read(&mut self, buf: &mut [u8], what: &dyn Fn() -> String) -> Result<(), ScanError> {
        self.need(buf.len() as u64, what)?;
        self.r.read_exact(buf).map_err(ScanError::Io)?;
        self.offset += buf.len() as u64;
        if let Some(full) = &mut self.full {
            full.hasher.update(&*buf);
        }
        Ok(())
    }

    fn i32(&mut self, what: &dyn Fn() -> String) -> Result<i32, ScanError> {
        let mut b = [0u8; 4];
        self.read(&mut b, what)?;
        Ok(i32::from_le_bytes(b))
    }

    fn skip(&mut self, n: u64, what: &dyn Fn() -> String) -> Result<(), ScanError> {
        self.skip_values(n, None, what).map(|_| ())
    }

    /// Passes over `n` bytes; in a full scan reads and hashes them, and when `ty` is given
    /// returns whether they hold a NaN or infinite value of that type.
    fn skip_values(
        &mut self,
        n: u64,
        ty: Option<GgmlType>,
        what: &dyn Fn() -> String,
    ) -> Result<bool, ScanError> {
        self.need(n, what)?;
        if let Some(full) = &mut self.full {
            let mut left = n;
            let mut bad = false;
            while left > 0 {
                let take = left.min(CHUNK as u64) as usize;
                let chunk = &mut full.buf[..take];
                self.r.read_exact(chunk).map_err(ScanError::Io)?;
                full.hasher.update(&*chunk);
                bad = bad || ty.is_some_and(|t| has_non_finite(chunk, t));
                left -= take as u64;
            }
            self.offset += n;
            return Ok(bad);
        }
        let delta = i64::try_from(n).map_err(|e| ScanError::Io(io::Error::other(e)))?;
        // `seek_relative` keeps the buffer when the target is inside it (small tokens).
        self.r.seek_relative(delta).map_err(ScanError::Io)?;
        self.offset += n;
        Ok(false)
    }
}

fn scan_ggml(s: &mut Scanner) -> Result<GgmlInfo, ScanError> {
    let magic = s.i32(&|| "the magic number".into())? as u32;
    if magic == GGUF_MAGIC {
        return Err(ScanError::Invalid {
            offset: 0,
            problem: GgmlProblem::Gguf,
        });
    }
    if magic != GGML_MAGIC {
        return Err(ScanError::Invalid {
            offset: 0,
            problem: GgmlProblem::BadMagic { found: magic },
        });
    }

    let hparams = read_hparams(s)?;
    let size = WhisperSize::guess(hparams.n_audio_layer, hparams.n_audio_state);
    if size != WhisperSize::Unknown {
        let en = if hparams.n_vocab == N_VOCAB_ENGLISH {
            ".en"
        } else {
            ""
        };
        s.model_name = Some(format!("{size}{en}"));
    }
    let ftype = hparams.ftype % QNT_VERSION_FACTOR;
    let qnt_version = hparams.ftype / QNT_VERSION_FACTOR;
    let ftype_name = ftype_name(ftype).ok_or_else(|| {
        s.invalid(GgmlProblem::BadHparam {
            name: "ftype",
            value: i64::from(hparams.ftype),
            expected: "a known ggml file type (0 f32, 1 f16, 2-4/7-14 quantised)".into(),
        })
    })?;

    // Mel filters.
    let mel_offset = s.offset;
    let n_mel = s.i32(&|| "the mel filter count".into())?;
    let n_fft = s.i32(&|| "the mel filter width".into())?;
    if n_mel as i64 != i64::from(hparams.n_mels) || n_fft != N_FFT_BINS as i32 {
        return Err(ScanError::Invalid {
            offset: mel_offset,
            problem: GgmlProblem::BadMelFilters {
                n_mel,
                n_fft,
                expected_mel: hparams.n_mels,
            },
        });
    }
    s.skip(u64::from(hparams.n_mels) * N_FFT_BINS as u64 * 4, &|| {
        "the mel filters".into()
    })?;

    // Token table.
    let n_tokens = s.i32(&|| "the token count".into())?;
    if n_tokens < 0 || n_tokens as u32 > hparams.n_vocab {
        return Err(s.invalid(GgmlProblem::BadTokens(format!(
            "{n_tokens} tokens for a vocabulary of {}",
            hparams.n_vocab
        ))));
    }
    for i in 0..n_tokens {
        let tlen = s.i32(&|| format!("the length of token {i}"))? as u32;
        if tlen > MAX_TOKEN_LEN {
            return Err(s.invalid(GgmlProblem::BadTokens(format!(
                "token {i} claims {tlen} bytes (at most {MAX_TOKEN_LEN} expected)"
            ))));
        }
        s.skip(u64::from(tlen), &|| format!("token {i}"))?;
    }

    // Tensors, to the exact end of the file.
    let expected: HashMap<String, Vec<u64>> = expected_tensors(&hparams).into_iter().collect();
    let mut seen: HashSet<String> = HashSet::with_capacity(expected.len());
    let mut type_counts: Vec<(GgmlType, usize)> = Vec::new();
    let mut n_params = 0u64;
    let mut index = 0usize;
    while s.offset < s.len {
        let start = s.offset;
        let bad = |name: &str, problem: String| ScanError::Invalid {
            offset: start,
            problem: GgmlProblem::BadTensor {
                index,
                name: name.to_owned(),
                problem,
            },
        };
        let n_dims = s.i32(&|| format!("the header of tensor #{index}"))?;
        let name_len = s.i32(&|| format!("the header of tensor #{index}"))?;
        let code = s.i32(&|| format!("the header of tensor #{index}"))?;
        if !(1..=4).contains(&n_dims) {
            return Err(bad("?", format!("{n_dims} dimensions (1 to 4 expected)")));
        }
        if !(1..=MAX_NAME_LEN).contains(&name_len) {
            return Err(bad(
                "?",
                format!("name length {name_len} (1 to {MAX_NAME_LEN} expected)"),
            ));
        }
        let mut ne = Vec::with_capacity(n_dims as usize);
        for d in 0..n_dims {
            let v = s.i32(&|| format!("the header of tensor #{index}"))?;
            if v < 1 {
                return Err(bad("?", format!("dimension {d} is {v}")));
            }
            ne.push(v as u64);
        }
        let mut raw = vec![0u8; name_len as usize];
        s.read(&mut raw, &|| format!("the name of tensor #{index}"))?;
        let name = match String::from_utf8(raw) {
            Ok(n) if n.bytes().all(|b| b.is_ascii_graphic()) => n,
            Ok(n) => return Err(bad(&n, "name has non-printable characters".into())),
            Err(e) => {
                let n = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return Err(bad(&n, "name is not valid UTF-8".into()));
            }
        };
        let ty = GgmlType::from_code(code)
            .ok_or_else(|| bad(&name, format!("unknown tensor type code {code}")))?;
        let nbytes = tensor_nbytes(&ne, ty).ok_or_else(|| {
            bad(
                &name,
                format!("shape {ne:?} is not a whole number of {ty:?} blocks"),
            )
        })?;
        match expected.get(&name) {
            None => return Err(bad(&name, "whisper.cpp does not know this tensor".into())),
            Some(want) if *want != ne => {
                return Err(bad(
                    &name,
                    format!("shape {ne:?}, expected {want:?} for these hyper-parameters"),
                ));
            }
            Some(_) => {}
        }
        if !seen.insert(name.clone()) {
            return Err(bad(&name, "appears twice".into()));
        }
        if s.skip_values(nbytes, Some(ty), &|| format!("the data of tensor '{name}'"))? {
            return Err(ScanError::Invalid {
                offset: start,
                problem: GgmlProblem::NonFiniteWeights { tensor: name },
            });
        }
        n_params += ne.iter().product::<u64>();
        match type_counts.iter_mut().find(|(t, _)| *t == ty) {
            Some((_, c)) => *c += 1,
            None => type_counts.push((ty, 1)),
        }
        index += 1;
    }

    let mut missing: Vec<&String> = expected.keys().filter(|k| !seen.contains(*k)).collect();
    if !missing.is_empty() {
        missing.sort();
        return Err(s.invalid(GgmlProblem::MissingTensors {
            count: missing.len(),
            first: missing[0].clone(),
        }));
    }

    Ok(GgmlInfo {
        hparams,
        size,
        english_only: hparams.n_vocab == N_VOCAB_ENGLISH,
        ftype,
        ftype_name,
        qnt_version,
        n_tokens: n_tokens as u32,
        n_tensors: index,
        tensor_types: type_counts,
        n_params,
        file_size: s.len,
    })
}

fn read_hparams(s: &mut Scanner) -> Result<GgmlHparams, ScanError> {
    let mut v = [0i32; 11];
    for (i, slot) in v.iter_mut().enumerate() {
        *slot = s.i32(&|| format!("hyper-parameter {i}"))?;
    }
    let hparams_offset = 4u64;
    let check = |idx: usize, name: &'static str, ok: bool, expected: &str| {
        if ok {
            Ok(v[idx] as u32)
        } else {
            Err(ScanError::Invalid {
                offset: hparams_offset + 4 * idx as u64,
                problem: GgmlProblem::BadHparam {
                    name,
                    value: i64::from(v[idx]),
                    expected: expected.to_owned(),
                },
            })
        }
    };
    let dim = |x: i32| (1..=16384).contains(&x);
    let h = GgmlHparams {
        n_vocab: check(
            0,
            "n_vocab",
            (51864..=100_000).contains(&v[0]),
            "51864 to 100000",
        )?,
        n_audio_ctx: check(1, "n_audio_ctx", (1..=4096).contains(&v[1]), "1 to 4096")?,
        n_audio_state: check(2, "n_audio_state", dim(v[2]), "1 to 16384")?,
        n_audio_head: check(
            3,
            "n_audio_head",
            v[3] >= 1 && v[2] % v[3].max(1) == 0,
            "a divisor of n_audio_state",
        )?,
        n_audio_layer: check(4, "n_audio_layer", (1..=128).contains(&v[4]), "1 to 128")?,
        n_text_ctx: check(5, "n_text_ctx", (1..=4096).contains(&v[5]), "1 to 4096")?,
        n_text_state: check(6, "n_text_state", dim(v[6]), "1 to 16384")?,
        n_text_head: check(
            7,
            "n_text_head",
            v[7] >= 1 && v[6] % v[7].max(1) == 0,
            "a divisor of n_text_state",
        )?,
        n_text_layer: check(8, "n_text_layer", (1..=128).contains(&v[8]), "1 to 128")?,
        n_mels: check(9, "n_mels", v[9] == 80 || v[9] == 128, "80 or 128")?,
        ftype: v[10],
    };
    if h.ftype < 0 {
        return Err(ScanError::Invalid {
            offset: hparams_offset + 40,
            problem: GgmlProblem::BadHparam {
                name: "ftype",
                value: i64::from(h.ftype),
                expected: "a non-negative file type".into(),
            },
        });
    }
    Ok(h)
}

#[cfg(test)]
pub(crate) mod tests;
