//! The BERT encoder behind the sentence vectors, run with every text of a call packed into one
//! matrix.
//!
//! candle's `BertModel` takes a padded batch: each text is padded to the longest of its batch,
//! and the padding goes through every matrix product. Here the texts' tokens are stacked into
//! one `(tokens, hidden)` matrix instead, so each weight matrix meets all of an answer's clauses
//! in a single product with nothing padded; only attention, the one step that mixes tokens, is
//! done per text (which is what the padding mask achieves in the padded form). Positions start
//! again at 0 for each text, exactly as in a padded batch. The matrix products are candle's
//! (its `gemm` kernels); the steps between them are short loops over rows, which also keeps
//! candle's element-wise operations, which spread large tensors over a spinning thread pool of
//! their own, off the second core.
//!
//! The weights, their names and the arithmetic are the model's own: the vectors match candle's
//! `BertModel` to float rounding (a unit test compares them), with one deliberate difference in
//! how GELU is evaluated: [`erf`] is the rational approximation Eigen and XLA use for `f32`
//! (within a few units in the last place), which vectorises where the scalar library `erff`
//! cost a sixth of the forward pass.

use candle_core::{Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{Config, HiddenAct, PositionEmbeddingType};

/// A dense layer, its weight stored as `(in, out)`: query, key and value then sit side by side
/// in one matrix and take one product instead of three (a transposed view of the file's
/// `(out, in)` layout would work too; stored this way a product was a few percent faster).
struct Dense {
    weight: Tensor,
    bias: Vec<f32>,
}

impl Dense {
    /// Loads one dense layer, or several (query, key, value) side by side as one wider layer.
    fn load(vbs: &[VarBuilder], inputs: usize, outputs: usize) -> candle_core::Result<Self> {
        let mut weights = Vec::with_capacity(vbs.len());
        let mut bias = Vec::with_capacity(outputs * vbs.len());
        for vb in vbs {
            weights.push(vb.get((outputs, inputs), "weight")?.t()?);
            bias.extend(vb.get(outputs, "bias")?.to_vec1::<f32>()?);
        }
        let weight = Tensor::cat(&weights, 1)?.contiguous()?;
        Ok(Self { weight, bias })
    }

    /// `x W + b` for `rows` rows of `x`.
    fn forward(&self, x: &[f32], rows: usize) -> candle_core::Result<Vec<f32>> {
        let inputs = self.weight.dim(0)?;
        let x = Tensor::from_slice(x, (rows, inputs), &Device::Cpu)?;
        let mut y = x.matmul(&self.weight)?.flatten_all()?.to_vec1::<f32>()?;
        for row in y.chunks_exact_mut(self.bias.len()) {
            for (v, b) in row.iter_mut().zip(&self.bias) {
                *v += b;
            }
        }
        Ok(y)
    }
}

/// Layer normalisation over each row.
struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl Norm {
    fn load(vb: VarBuilder, size: usize, eps: f64) -> candle_core::Result<Self> {
        Ok(Self {
            weight: vb.get(size, "weight")?.to_vec1()?,
            bias: vb.get(size, "bias")?.to_vec1()?,
            eps: eps as f32,
        })
    }

    fn apply(&self, x: &mut [f32]) {
        let n = self.weight.len() as f32;
        for row in x.chunks_exact_mut(self.weight.len()) {
            let mean = sum(row) / n;
            row.iter_mut().for_each(|v| *v -= mean);
            let inv = 1.0 / (dot(row, row) / n + self.eps).sqrt();
            for ((v, w), b) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
                *v = *v * inv * w + b;
            }
        }
    }
}

/// One transformer layer.
struct Layer {
    /// Query, key and value side by side: one product instead of three.
    qkv: Dense,
    attention_out: Dense,
    attention_norm: Norm,
    up: Dense,
    down: Dense,
    out_norm: Norm,
}

/// The encoder: embeddings and the transformer layers.
pub(super) struct Encoder {
    /// Word embeddings, one row per id: kept as the tensor they load as (a third of the
    /// model's memory), rows picked out with candle.
    words: Tensor,
    /// Position and token-type embeddings, one row per position or type.
    positions: Vec<f32>,
    token_types: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
    hidden: usize,
    heads: usize,
}

impl Encoder {
    /// Loads the weights of a BERT model with GELU activations and absolute positions (what
    /// sentence-transformers' MiniLM models are); anything else is refused.
    pub(super) fn load(vb: VarBuilder, config: &Config) -> candle_core::Result<Self> {
        if !matches!(config.hidden_act, HiddenAct::Gelu)
            || !matches!(
                config.position_embedding_type,
                PositionEmbeddingType::Absolute
            )
            || config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            candle_core::bail!("unsupported BERT configuration");
        }
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let h = config.hidden_size;
        let get = |name: &str, rows: usize| vb.pp("embeddings").pp(name).get((rows, h), "weight");
        let words = get("word_embeddings", config.vocab_size)?;
        let table = |name: &str, rows: usize| get(name, rows)?.flatten_all()?.to_vec1::<f32>();
        let positions = table("position_embeddings", config.max_position_embeddings)?;
        let token_types = table("token_type_embeddings", config.type_vocab_size)?;
        let eps = config.layer_norm_eps;
        let embedding_norm = Norm::load(vb.pp("embeddings").pp("LayerNorm"), h, eps)?;
        let layers = (0..config.num_hidden_layers)
            .map(|i| {
                let vb = vb.pp(format!("encoder.layer.{i}"));
                let attention = vb.pp("attention");
                let own = attention.pp("self");
                let inter = config.intermediate_size;
                Ok(Layer {
                    qkv: Dense::load(&[own.pp("query"), own.pp("key"), own.pp("value")], h, h)?,
                    attention_out: Dense::load(&[attention.pp("output").pp("dense")], h, h)?,
                    attention_norm: Norm::load(attention.pp("output").pp("LayerNorm"), h, eps)?,
                    up: Dense::load(&[vb.pp("intermediate").pp("dense")], h, inter)?,
                    down: Dense::load(&[vb.pp("output").pp("dense")], inter, h)?,
                    out_norm: Norm::load(vb.pp("output").pp("LayerNorm"), h, eps)?,
                })
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        Ok(Self {
            words,
            positions,
            token_types,
            embedding_norm,
            layers,
            hidden: h,
            heads: config.num_attention_heads,
        })
    }

    /// The mean of each text's token vectors (special tokens included, as sentence-transformers
    /// pools them), scaled to unit length. Each text is its token ids and token-type ids.
    pub(super) fn embed(&self, texts: &[(&[u32], &[u32])]) -> candle_core::Result<Vec<Vec<f32>>> {
        let h = self.hidden;
        let ids: Vec<u32> = texts.iter().flat_map(|t| t.0.iter().copied()).collect();
        let rows = ids.len();
        if rows == 0 {
            return Ok(vec![Vec::new(); texts.len()]);
        }
        let vocabulary = self.words.dim(0)?;
        if let Some(id) = ids.iter().find(|&&id| id as usize >= vocabulary) {
            candle_core::bail!("token {id} is outside the model's vocabulary");
        }
        let ids = Tensor::from_vec(ids, rows, &Device::Cpu)?;
        let mut x = self
            .words
            .index_select(&ids, 0)?
            .flatten_all()?
            .to_vec1::<f32>()?;
        let mut spans = Vec::with_capacity(texts.len());
        let mut rows_of = x.chunks_exact_mut(h);
        for (ids, types) in texts {
            if types.len() != ids.len() {
                candle_core::bail!("{} token types for {} tokens", types.len(), ids.len());
            }
            spans.push((spans.last().map_or(0, |&(s, l)| s + l), ids.len()));
            for (position, &kind) in types.iter().enumerate() {
                let (Some(x), Some(p), Some(t)) = (
                    rows_of.next(),
                    row(&self.positions, position, h),
                    row(&self.token_types, kind as usize, h),
                ) else {
                    candle_core::bail!(
                        "position {position} or token type {kind} is outside the model"
                    );
                };
                x.iter_mut()
                    .zip(p)
                    .zip(t)
                    .for_each(|((x, p), t)| *x += p + t);
            }
        }
        self.embedding_norm.apply(&mut x);
        for layer in &self.layers {
            let qkv = layer.qkv.forward(&x, rows)?;
            let context = attention(&qkv, &spans, h, self.heads);
            let mut a = layer.attention_out.forward(&context, rows)?;
            add(&mut a, &x);
            layer.attention_norm.apply(&mut a);
            let mut up = layer.up.forward(&a, rows)?;
            up.iter_mut().for_each(|v| *v = gelu(*v));
            let mut out = layer.down.forward(&up, rows)?;
            add(&mut out, &a);
            layer.out_norm.apply(&mut out);
            x = out;
        }
        Ok(spans
            .iter()
            .map(|&(start, len)| {
                let mut total = vec![0.0f32; h];
                for row in x[start * h..(start + len) * h].chunks_exact(h) {
                    add(&mut total, row);
                }
                // The mean is the sum divided by the count, so scaling the sum to unit length
                // gives the same vector.
                let norm = dot(&total, &total).sqrt().max(1e-12 * len as f32);
                total.iter().map(|v| v / norm).collect()
            })
            .collect())
    }
}

/// Self-attention within each text: `qkv` holds each token's query, key and value side by
/// side, `spans` each text's first row and length. Returns each token's context vector.
fn attention(qkv: &[f32], spans: &[(usize, usize)], hidden: usize, heads: usize) -> Vec<f32> {
    let d = hidden / heads;
    let scale = 1.0 / (d as f32).sqrt();
    let stride = 3 * hidden;
    let rows = qkv.len() / stride;
    let mut out = vec![0.0f32; rows * hidden];
    let mut scores = Vec::new();
    for &(start, len) in spans {
        for head in 0..heads {
            let part = |row: usize, which: usize| {
                let at = (start + row) * stride + which * hidden + head * d;
                &qkv[at..at + d]
            };
            for i in 0..len {
                let q = part(i, 0);
                scores.clear();
                scores.extend((0..len).map(|j| dot(q, part(j, 1)) * scale));
                let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                scores.iter_mut().for_each(|s| *s = (*s - max).exp());
                let total: f32 = scores.iter().sum();
                let at = (start + i) * hidden + head * d;
                let o = &mut out[at..at + d];
                for (j, s) in scores.iter().enumerate() {
                    let p = s / total;
                    for (o, v) in o.iter_mut().zip(part(j, 2)) {
                        *o += p * v;
                    }
                }
            }
        }
    }
    out
}

/// Row `i` of a table of rows `width` long.
fn row(table: &[f32], i: usize, width: usize) -> Option<&[f32]> {
    table.get(i * width..(i + 1) * width)
}

/// `a += b`, element by element.
fn add(a: &mut [f32], b: &[f32]) {
    for (a, b) in a.iter_mut().zip(b) {
        *a += b;
    }
}

/// A sum kept in eight lanes, so the compiler can use vector registers (a single running sum
/// has to be added in order).
fn sum(values: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = values.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..8 {
            lanes[l] += c[l];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Dot product of two equal-length slices, in eight lanes.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            lanes[l] += x[l] * y[l];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// GELU as BERT defines it, `x/2 (1 + erf(x/sqrt 2))`.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function in `f32`: the odd/even rational approximation on `[-4, 4]` that Eigen,
/// XLA and TVM use for single precision (outside that range `erf` is `±1` to `f32` precision).
/// Only multiplications, additions and one division, so a loop over a row vectorises.
pub(super) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let p = [
        -2.726_142e-10,
        2.770_681_4e-8,
        -2.101_024e-6,
        -5.692_506_4e-5,
        -7.349_906_3e-4,
        -2.954_6e-3,
        -1.609_603_3e-2,
    ]
    .iter()
    .fold(0.0f32, |acc, c| acc * x2 + c);
    let q = [
        -1.456_607_2e-5,
        -2.133_740_6e-4,
        -1.682_827e-3,
        -7.373_329e-3,
        -1.426_473_9e-2,
    ]
    .iter()
    .fold(0.0f32, |acc, c| acc * x2 + c);
    x * p / q
}

#[cfg(test)]
mod tests;
