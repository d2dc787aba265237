//! The local sentence-embedding model behind meaning-based scoring: all-MiniLM-L6-v2 (a
//! 6-layer BERT, 384-dimensional vectors) run on the CPU with candle, its tokenizer read with
//! the `tokenizers` crate.
//!
//! This is the only place that touches the model files; the scorer sees it through
//! [`crate::coaching::meaning::Embed`]. The vector of a text is the mean of its token vectors
//! (padding left out) scaled to unit length, as sentence-transformers computes it.

mod encoder;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::Config;
use tokenizers::{Tokenizer, TruncationParams};

use encoder::Encoder;

use crate::coaching::meaning::linear::{DECAY, EPOCHS, Linear, STEP};
use crate::coaching::meaning::{Embed, EmbedError, Meaning, MeaningHandle};
use crate::models::manifest::{EmbeddingEntry, Manifest};
use crate::models::store;

/// The files a model directory must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Longest input in tokens. A clause is rarely longer than 30 (on the labelled answers the
/// median clause read by meaning is 11 tokens and the longest 34); a run-on "clause" from an
/// unpunctuated transcript is read by its first 64 tokens, which bounds what one clause costs.
const MAX_TOKENS: usize = 64;

/// Why the meaning model could not be loaded. Messages say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum MeaningError {
    /// The model is not installed.
    #[error(
        "the meaning model '{name}' is not installed, so answers are scored by the phrase rules \
         alone. Install it with `interview-coach models install {name}`."
    )]
    NotInstalled {
        /// The model's name.
        name: String,
    },
    /// A model file is missing or unreadable.
    #[error(
        "cannot read the meaning model's {file} ({detail}); reinstall it with \
         `interview-coach models install {name}`"
    )]
    Unreadable {
        /// The file.
        file: PathBuf,
        /// The model's name.
        name: String,
        /// The reason.
        detail: String,
    },
    /// The built-in manifest has no embedding model (a broken build).
    #[error("the built-in model manifest lists no meaning model")]
    NoManifestEntry,
    /// Embedding the examples failed.
    #[error(transparent)]
    Embed(#[from] EmbedError),
}

/// Tokens packed into one forward pass. Every weight matrix then meets up to this many tokens
/// in one product, which the matrix kernels run near their best speed; more adds nothing and
/// holds more memory.
const PACK_TOKENS: usize = 256;

/// all-MiniLM-L6-v2 loaded on the CPU.
pub struct MiniLm {
    name: String,
    encoder: Encoder,
    tokenizer: Tokenizer,
    /// One worker thread for the model's matrix products. With an answer's clauses packed
    /// into one product, two threads on a busy two-core machine took longer than one (60 ms
    /// against 54 ms for a two-minute answer) and more CPU time, and the app's other work
    /// keeps the second core.
    pool: Option<rayon::ThreadPool>,
}

impl MiniLm {
    /// Loads the model from a directory holding [`MODEL_FILES`].
    pub fn load(dir: &Path, name: &str) -> Result<Self, MeaningError> {
        let unreadable = |file: &str, detail: String| MeaningError::Unreadable {
            file: dir.join(file),
            name: name.to_string(),
            detail,
        };
        let read =
            |file: &str| std::fs::read(dir.join(file)).map_err(|e| unreadable(file, e.to_string()));
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| unreadable("config.json", e.to_string()))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| unreadable("tokenizer.json", e.to_string()))?;
        // The file pads every input to 128 tokens; the encoder packs texts instead of padding.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| unreadable("tokenizer.json", e.to_string()))?;
        let weights = read("model.safetensors")?;
        // Single precision: half precision is slower on CPUs without half arithmetic, and would
        // change the vectors.
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| unreadable("model.safetensors", e.to_string()))?;
        let encoder = Encoder::load(vb, &config)
            .map_err(|e| unreadable("model.safetensors", e.to_string()))?;
        // Without its own pool the model shares the global one; slower, never wrong.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "meaning-model".to_string())
            .build()
            .ok();
        Ok(Self {
            name: name.to_string(),
            encoder,
            tokenizer,
            pool,
        })
    }
}

impl Embed for MiniLm {
    fn name(&self) -> &str {
        &self.name
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        match &self.pool {
            Some(pool) => pool.install(|| self.embed_all(texts)),
            None => self.embed_all(texts),
        }
    }
}

impl MiniLm {
    /// Embeds every text: each distinct text once, their tokens packed into forward passes of
    /// up to [`PACK_TOKENS`] tokens.
    fn embed_all(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut distinct: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let slots: Vec<usize> = texts
            .iter()
            .map(|&t| {
                *index.entry(t).or_insert_with(|| {
                    distinct.push(t);
                    distinct.len() - 1
                })
            })
            .collect();
        let encodings = self
            .tokenizer
            .encode_batch(distinct, true)
            .map_err(|e| EmbedError(e.to_string()))?;
        let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(encodings.len());
        let mut pack: Vec<(&[u32], &[u32])> = Vec::new();
        let mut tokens = 0;
        for (i, e) in encodings.iter().enumerate() {
            pack.push((e.get_ids(), e.get_type_ids()));
            tokens += e.get_ids().len();
            let next = encodings
                .get(i + 1)
                .map_or(usize::MAX, |n| n.get_ids().len());
            if tokens.saturating_add(next) > PACK_TOKENS {
                let embedded = self.encoder.embed(&pack);
                vectors.extend(embedded.map_err(|e| EmbedError(e.to_string()))?);
                pack.clear();
                tokens = 0;
            }
        }
        Ok(slots
            .iter()
            .map(|&i| vectors.get(i).cloned().unwrap_or_default())
            .collect())
    }
}

/// The embedding model the manifest names as the default.
pub fn default_entry() -> Result<EmbeddingEntry, MeaningError> {
    Manifest::builtin()
        .ok()
        .and_then(|m| m.embedding.into_iter().next())
        .ok_or(MeaningError::NoManifestEntry)
}

/// Where an installed embedding model is, if it is installed.
pub fn locate(entry: &EmbeddingEntry) -> Option<PathBuf> {
    store::search_dirs()
        .into_iter()
        .map(|d| d.join(&entry.dir))
        .find(|d| MODEL_FILES.iter().all(|f| d.join(f).is_file()))
}

/// Loads the installed meaning model and embeds the example table.
pub fn load_installed() -> Result<Meaning, MeaningError> {
    let entry = default_entry()?;
    let dir = locate(&entry).ok_or_else(|| MeaningError::NotInstalled {
        name: entry.name.clone(),
    })?;
    load_from(&dir, &entry.name)
}

/// Loads a meaning model from a directory, embeds the example table (or reads its vectors
/// from the cache beside the model, written the first time) and fits the role classifier.
pub fn load_from(dir: &Path, name: &str) -> Result<Meaning, MeaningError> {
    let model: Arc<dyn Embed> = Arc::new(MiniLm::load(dir, name)?);
    let texts = Meaning::example_texts();
    let cache = dir.join(cache_name(&texts));
    let vectors = match read_cache(&cache, texts.len()) {
        Some(v) => v,
        None => {
            let v = model.embed(&texts)?;
            // Best effort: without a cache the next start embeds the examples again.
            let _ = write_cache(&cache, &v);
            v
        }
    };
    Ok(Meaning::with_vectors(model, vectors, &fit_fast)?)
}

/// Length of the vectors this model produces.
const DIM: usize = 384;

/// The cache file for the example table's vectors, named by a hash of the examples so that an
/// edited table is embedded afresh.
fn cache_name(texts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for t in texts {
        h.update(t.as_bytes());
        h.update(b"\n");
    }
    let hex = crate::models::download::to_hex(&h.finalize());
    format!("examples-{}.f32", &hex[..16])
}

/// The cached vectors, if the file holds exactly `n` of them.
fn read_cache(path: &Path, n: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != n * DIM * 4 {
        return None;
    }
    let floats: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    if floats.iter().any(|f| !f.is_finite()) {
        return None;
    }
    Some(floats.chunks(DIM).map(<[f32]>::to_vec).collect())
}

/// Writes the vectors under a temporary name and renames it into place, so a reader never
/// sees half a file.
fn write_cache(path: &Path, vectors: &[Vec<f32>]) -> std::io::Result<()> {
    if vectors.iter().any(|v| v.len() != DIM) {
        return Ok(());
    }
    let bytes: Vec<u8> = vectors
        .iter()
        .flat_map(|v| v.iter().flat_map(|f| f.to_le_bytes()))
        .collect();
    let tmp = crate::models::download::partial_path(path);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// [`Linear::fit`]'s gradient steps as matrix products on candle's optimised kernels: the plain
/// loops take seconds in an unoptimised build, these a few milliseconds. Falls back to the plain
/// fit if a tensor operation fails.
pub fn fit_fast(xs: &[&[f32]], ys: &[usize], classes: usize) -> Linear {
    fit_tensors(xs, ys, classes).unwrap_or_else(|_| Linear::fit(xs, ys, classes))
}

fn fit_tensors(xs: &[&[f32]], ys: &[usize], classes: usize) -> candle_core::Result<Linear> {
    let device = Device::Cpu;
    let n = xs.len();
    let dim = xs.first().map_or(0, |x| x.len());
    let flat: Vec<f32> = xs.iter().flat_map(|x| x.iter().copied()).collect();
    let x = Tensor::from_vec(flat, (n, dim), &device)?;
    let mut onehot = vec![0.0f32; n * classes];
    for (i, &y) in ys.iter().enumerate() {
        if y < classes {
            onehot[i * classes + y] = 1.0;
        }
    }
    let y = Tensor::from_vec(onehot, (n, classes), &device)?;
    let mut w = Tensor::zeros((classes, dim), DType::F32, &device)?;
    let mut b = Tensor::zeros(classes, DType::F32, &device)?;
    let scale = f64::from(STEP) / n as f64;
    for _ in 0..EPOCHS {
        let logits = x.matmul(&w.t()?)?.broadcast_add(&b)?;
        let p = candle_nn::ops::softmax_last_dim(&logits)?;
        let err = (p - &y)?;
        let grad_w = err.t()?.matmul(&x)?;
        let grad_b = err.sum(0)?;
        w = ((&w * (1.0 - f64::from(STEP * DECAY)))? - (grad_w * scale)?)?;
        b = (&b - (grad_b * scale)?)?;
    }
    Ok(Linear::from_parts(w.to_vec2()?, b.to_vec1()?))
}

/// The installed model loaded once per process (the app's worker scores many answers), with
/// the reason when there is none.
pub fn shared() -> &'static (MeaningHandle, Option<String>) {
    static SHARED: OnceLock<(MeaningHandle, Option<String>)> = OnceLock::new();
    SHARED.get_or_init(handle)
}

/// The handle the scorer's settings carry: the loaded model, or none and the reason (shown
/// to the user as a note, since scoring goes on with the rules alone).
pub fn handle() -> (MeaningHandle, Option<String>) {
    match load_installed() {
        Ok(m) => (MeaningHandle(Some(Arc::new(m))), None),
        Err(e) => (MeaningHandle(None), Some(format!("{e}"))),
    }
}
