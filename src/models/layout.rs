//! How a CTranslate2 Whisper model's variables map onto the tensors whisper.cpp expects: names,
//! fused projections split into their parts, hyper-parameters read off the tensors' shapes, and
//! the element types converted. Kept apart from the file handling in `convert`, so the mapping
//! (the part that must match whisper.cpp exactly) can be read and tested on its own.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use half::{bf16, f16};
use thiserror::Error;

use super::ct2::{Ct2Dtype, Ct2Model, Ct2Variable};
use super::ggml::{GgmlHparams, GgmlType, expected_tensors};

/// ggml's file type for "mostly f16" weights, the type this converter writes.
const FTYPE_MOSTLY_F16: i32 = 1;

/// Why a model's tensors cannot be laid out as whisper.cpp expects.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// A variable this converter does not know: dropping weights silently would give a model
    /// whisper.cpp rejects or runs wrongly.
    #[error("unknown variable '{name}' with shape {dims:?}")]
    UnknownVariable {
        /// The CTranslate2 variable name.
        name: String,
        /// Its shape.
        dims: Vec<usize>,
    },
    /// A weight that must have rows is a scalar.
    #[error("'{name}' is a scalar")]
    Scalar {
        /// The variable.
        name: String,
    },
    /// A fused projection whose rows do not split evenly into its parts.
    #[error("'{name}' has {rows} rows, not divisible into {parts} projections")]
    Indivisible {
        /// The variable.
        name: String,
        /// Its rows.
        rows: usize,
        /// How many projections it should hold.
        parts: usize,
    },
    /// A variable the hyper-parameters are read from is absent.
    #[error("variable '{name}' is missing")]
    Missing {
        /// The variable.
        name: String,
    },
    /// A variable has the wrong number of dimensions.
    #[error("'{name}' has shape {dims:?}, expected rank {rank}")]
    Rank {
        /// The variable.
        name: String,
        /// Its shape.
        dims: Vec<usize>,
        /// The rank expected.
        rank: usize,
    },
    /// A head count that is not a positive integer.
    #[error("'{name}' is not a positive integer scalar")]
    NotPositiveScalar {
        /// The variable.
        name: String,
    },
    /// Layers numbered with gaps.
    #[error("{side} layers are not numbered 0..N: found {found:?}")]
    LayerNumbering {
        /// `encoder` or `decoder`.
        side: String,
        /// The layer numbers found.
        found: Vec<u32>,
    },
    /// A dimension too large for ggml's 32-bit header fields.
    #[error("dimension {0} is too large")]
    TooLarge(usize),
    /// The vocabulary file lists more tokens than the embedding has rows.
    #[error("vocabulary.txt has {tokens} regular tokens but the embedding only {rows} rows")]
    Vocabulary {
        /// Tokens in the vocabulary file.
        tokens: usize,
        /// Rows of the token embedding.
        rows: u32,
    },
    /// A planned tensor's shape differs from what whisper.cpp expects.
    #[error("'{name}' would have shape {got:?} but whisper.cpp expects {want:?}")]
    Shape {
        /// The ggml tensor.
        name: String,
        /// The shape it would have.
        got: Vec<u64>,
        /// The shape whisper.cpp expects.
        want: Vec<u64>,
    },
    /// Two variables map onto one tensor, or onto one whisper.cpp does not have.
    #[error("'{name}' is produced twice or is unknown")]
    Duplicate {
        /// The ggml tensor.
        name: String,
    },
    /// A tensor whisper.cpp needs that no variable provides.
    #[error("no variable provides '{name}' ({missing} missing in all)")]
    NotProvided {
        /// The first missing tensor.
        name: String,
        /// How many are missing.
        missing: usize,
    },
    /// A planned element range that lies outside the variable's data.
    #[error("'{name}': element range out of bounds")]
    OutOfBounds {
        /// The variable.
        name: String,
    },
    /// Weights of a type that cannot be converted.
    #[error(
        "'{name}': weights of type {dtype} are not supported (int8-quantised models cannot be \
         converted; use a float16 model)"
    )]
    Dtype {
        /// The variable.
        name: String,
        /// The type found.
        dtype: String,
    },
    /// A planned tensor's source variable is not in the model.
    #[error("'{name}' vanished")]
    Vanished {
        /// The variable.
        name: String,
    },
}

/// One ggml tensor to produce from (part of) a CTranslate2 variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutTensor {
    /// ggml tensor name.
    pub name: String,
    /// CTranslate2 variable name.
    pub source: String,
    /// Element range of the (flattened) source variable.
    pub elems: Range<usize>,
    /// Output shape, row-major (outermost first).
    pub shape: Vec<usize>,
    /// Output element type.
    pub ty: GgmlType,
}

/// Maps one CTranslate2 variable to the ggml tensors made from it.
///
/// Returns `Ok(None)` for variables whisper.cpp does not need (scalars and flags such as
/// `encoder/num_heads`, and the output projection, which Whisper ties to the token embedding),
/// and an error for a tensor this converter does not know, since silently dropping weights
/// would produce a model whisper.cpp rejects or runs wrongly.
pub(crate) fn map_variable(
    name: &str,
    dims: &[usize],
) -> Result<Option<Vec<OutTensor>>, LayoutError> {
    let parts: Vec<&str> = name.split('/').collect();
    // CTranslate2 calls layer-norm parameters gamma/beta; PyTorch (and ggml) weight/bias.
    let leaf = |p: &str| match p {
        "weight" | "gamma" => Some("weight"),
        "bias" | "beta" => Some("bias"),
        _ => None,
    };
    let one = |ggml: String, ty: GgmlType, shape: Vec<usize>| {
        let n = shape.iter().product();
        Ok(Some(vec![OutTensor {
            name: ggml,
            source: name.to_owned(),
            elems: 0..n,
            shape,
            ty,
        }]))
    };
    // 2-D and 3-D weights become f16, vectors stay f32 (as in whisper.cpp's own converter).
    let default_ty = if dims.len() >= 2 {
        GgmlType::F16
    } else {
        GgmlType::F32
    };

    match parts.as_slice() {
        [
            side @ ("encoder" | "decoder"),
            "position_encodings",
            "encodings",
        ] => one(
            format!("{side}.positional_embedding"),
            GgmlType::F32,
            dims.to_vec(),
        ),
        ["encoder", conv @ ("conv1" | "conv2"), "weight"] => one(
            format!("encoder.{conv}.weight"),
            GgmlType::F16,
            dims.to_vec(),
        ),
        ["encoder", conv @ ("conv1" | "conv2"), "bias"] => {
            // whisper.cpp adds the conv bias by broadcasting a (n, 1) tensor over time.
            one(
                format!("encoder.{conv}.bias"),
                GgmlType::F32,
                vec![dims.iter().product(), 1],
            )
        }
        ["encoder", "layer_norm", p] if leaf(p).is_some() => one(
            format!("encoder.ln_post.{}", leaf(p).unwrap_or_default()),
            GgmlType::F32,
            dims.to_vec(),
        ),
        ["decoder", "layer_norm", p] if leaf(p).is_some() => one(
            format!("decoder.ln.{}", leaf(p).unwrap_or_default()),
            GgmlType::F32,
            dims.to_vec(),
        ),
        ["decoder", "embeddings", "weight"] => one(
            "decoder.token_embedding.weight".into(),
            GgmlType::F16,
            dims.to_vec(),
        ),
        ["decoder", "projection", "weight"] => Ok(None),
        [side @ ("encoder" | "decoder"), layer, rest @ .., p]
            if leaf(p).is_some() && layer_index(layer).is_some() =>
        {
            let i = layer_index(layer).unwrap_or_default();
            let l = leaf(p).unwrap_or_default();
            let prefix = format!("{side}.blocks.{i}");
            let target: &[&str] = match (*side, rest) {
                (_, ["self_attention", "layer_norm"]) => &["attn_ln"],
                (_, ["self_attention", "linear_0"]) => &["attn.query", "attn.key", "attn.value"],
                (_, ["self_attention", "linear_1"]) => &["attn.out"],
                (_, ["ffn", "layer_norm"]) => &["mlp_ln"],
                (_, ["ffn", "linear_0"]) => &["mlp.0"],
                (_, ["ffn", "linear_1"]) => &["mlp.2"],
                ("decoder", ["attention", "layer_norm"]) => &["cross_attn_ln"],
                ("decoder", ["attention", "linear_0"]) => &["cross_attn.query"],
                ("decoder", ["attention", "linear_1"]) => &["cross_attn.key", "cross_attn.value"],
                ("decoder", ["attention", "linear_2"]) => &["cross_attn.out"],
                _ => {
                    return Err(LayoutError::UnknownVariable {
                        name: name.to_owned(),
                        dims: dims.to_vec(),
                    });
                }
            };
            split_rows(name, dims, &prefix, target, l, default_ty).map(Some)
        }
        _ if dims.is_empty() => Ok(None),
        _ => Err(LayoutError::UnknownVariable {
            name: name.to_owned(),
            dims: dims.to_vec(),
        }),
    }
}

/// `layer_3` -> 3. `layer_norm` is not a layer, which is why the suffix must parse.
fn layer_index(s: &str) -> Option<u32> {
    s.strip_prefix("layer_")?.parse().ok()
}

/// Splits a fused projection (Q,K,V or K,V stacked along the rows) into equal row blocks.
///
/// Whisper's key projections have no bias; CTranslate2 stores zeros there so the fused bias is
/// uniform. The key bias is dropped: even a non-zero one would add the same value to every
/// attention logit of a query, which the softmax cancels.
fn split_rows(
    source: &str,
    dims: &[usize],
    prefix: &str,
    targets: &[&str],
    leaf: &str,
    ty: GgmlType,
) -> Result<Vec<OutTensor>, LayoutError> {
    let rows = *dims.first().ok_or_else(|| LayoutError::Scalar {
        name: source.to_owned(),
    })?;
    let k = targets.len();
    if rows % k != 0 {
        return Err(LayoutError::Indivisible {
            name: source.to_owned(),
            rows,
            parts: k,
        });
    }
    let n = rows / k;
    let row_len: usize = dims[1..].iter().product();
    let mut out = Vec::with_capacity(k);
    for (j, t) in targets.iter().enumerate() {
        if leaf == "bias" && t.ends_with("key") {
            continue;
        }
        let mut shape = dims.to_vec();
        shape[0] = n;
        out.push(OutTensor {
            name: format!("{prefix}.{t}.{leaf}"),
            source: source.to_owned(),
            elems: j * n * row_len..(j + 1) * n * row_len,
            shape,
            ty,
        });
    }
    Ok(out)
}

/// Derives whisper.cpp's hyper-parameters from the tensors themselves.
pub(crate) fn derive_hparams(m: &Ct2Model) -> Result<GgmlHparams, LayoutError> {
    let var = |name: &str| {
        m.get(name).ok_or_else(|| LayoutError::Missing {
            name: name.to_owned(),
        })
    };
    let dims2 = |name: &str, rank: usize| -> Result<Vec<usize>, LayoutError> {
        let v = var(name)?;
        if v.dims.len() != rank {
            return Err(LayoutError::Rank {
                name: name.to_owned(),
                dims: v.dims.clone(),
                rank,
            });
        }
        Ok(v.dims.clone())
    };
    let emb = dims2("decoder/embeddings/weight", 2)?;
    let conv1 = dims2("encoder/conv1/weight", 3)?;
    let enc_pos = dims2("encoder/position_encodings/encodings", 2)?;
    let dec_pos = dims2("decoder/position_encodings/encodings", 2)?;
    let heads = |name: &str| -> Result<u32, LayoutError> {
        var(name)?
            .as_int_scalar()
            .and_then(|h| u32::try_from(h).ok())
            .filter(|&h| h > 0)
            .ok_or_else(|| LayoutError::NotPositiveScalar {
                name: name.to_owned(),
            })
    };
    let layers = |side: &str| -> Result<u32, LayoutError> {
        let found: BTreeSet<u32> = m
            .variables
            .keys()
            .filter_map(|k| {
                let mut it = k.split('/');
                (it.next() == Some(side)).then_some(())?;
                layer_index(it.next()?)
            })
            .collect();
        let n = found.len() as u32;
        if n == 0 || found.iter().copied().ne(0..n) {
            return Err(LayoutError::LayerNumbering {
                side: side.to_owned(),
                found: found.into_iter().collect(),
            });
        }
        Ok(n)
    };
    let u = |x: usize| u32::try_from(x).map_err(|_| LayoutError::TooLarge(x));
    Ok(GgmlHparams {
        n_vocab: u(emb[0])?,
        n_audio_ctx: u(enc_pos[0])?,
        n_audio_state: u(conv1[0])?,
        n_audio_head: heads("encoder/num_heads")?,
        n_audio_layer: layers("encoder")?,
        n_text_ctx: u(dec_pos[0])?,
        n_text_state: u(emb[1])?,
        n_text_head: heads("decoder/num_heads")?,
        n_text_layer: layers("decoder")?,
        n_mels: u(conv1[1])?,
        ftype: FTYPE_MOSTLY_F16,
    })
}

/// Plans every output tensor and checks the plan against what whisper.cpp expects, so a
/// model of an unexpected shape is refused before anything is written.
pub(crate) fn plan_tensors(m: &Ct2Model, h: &GgmlHparams) -> Result<Vec<OutTensor>, LayoutError> {
    let mut names: Vec<&String> = m.variables.keys().collect();
    names.sort();
    let mut plan = Vec::new();
    for name in names {
        let var = &m.variables[name];
        if let Some(ts) = map_variable(name, &var.dims)? {
            plan.extend(ts);
        }
    }
    let mut expected: BTreeMap<String, Vec<u64>> = expected_tensors(h).into_iter().collect();
    for t in &plan {
        let ne: Vec<u64> = t.shape.iter().rev().map(|&d| d as u64).collect();
        match expected.remove(&t.name) {
            Some(want) if want == ne => {}
            Some(want) => {
                return Err(LayoutError::Shape {
                    name: t.name.clone(),
                    got: ne,
                    want,
                });
            }
            None => {
                return Err(LayoutError::Duplicate {
                    name: t.name.clone(),
                });
            }
        }
    }
    if let Some(missing) = expected.keys().next() {
        return Err(LayoutError::NotProvided {
            name: missing.clone(),
            missing: expected.len(),
        });
    }
    Ok(plan)
}

/// The bytes of `elems` of `var` in type `ty`: borrowed when no conversion is needed.
pub(crate) fn tensor_bytes<'a>(
    name: &str,
    var: &'a Ct2Variable,
    elems: &Range<usize>,
    ty: GgmlType,
) -> Result<Cow<'a, [u8]>, LayoutError> {
    let size = var.dtype.size();
    let raw = var
        .data
        .get(elems.start * size..elems.end * size)
        .ok_or_else(|| LayoutError::OutOfBounds {
            name: name.to_owned(),
        })?;
    match (var.dtype, ty) {
        (Ct2Dtype::F16, GgmlType::F16) | (Ct2Dtype::F32, GgmlType::F32) => {
            return Ok(Cow::Borrowed(raw));
        }
        (Ct2Dtype::F16 | Ct2Dtype::F32 | Ct2Dtype::Bf16, GgmlType::F16 | GgmlType::F32) => {}
        (dtype, _) => {
            return Err(LayoutError::Dtype {
                name: name.to_owned(),
                dtype: format!("{dtype:?}"),
            });
        }
    }
    let values = raw.chunks_exact(size).map(|c| match (var.dtype, c) {
        (Ct2Dtype::F16, &[a, b]) => f16::from_le_bytes([a, b]).to_f32(),
        (Ct2Dtype::Bf16, &[a, b]) => bf16::from_le_bytes([a, b]).to_f32(),
        (_, &[a, b, c, d]) => f32::from_le_bytes([a, b, c, d]),
        _ => 0.0,
    });
    let mut out = Vec::with_capacity(elems.len() * if ty == GgmlType::F16 { 2 } else { 4 });
    if ty == GgmlType::F16 {
        values.for_each(|v| out.extend_from_slice(&f16::from_f32(v).to_le_bytes()));
    } else {
        values.for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_names_and_splits_fused_projections() {
        let m = map_variable("encoder/layer_2/self_attention/linear_0/weight", &[12, 4])
            .unwrap()
            .unwrap();
        let names: Vec<&str> = m.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "encoder.blocks.2.attn.query.weight",
                "encoder.blocks.2.attn.key.weight",
                "encoder.blocks.2.attn.value.weight"
            ]
        );
        assert_eq!(m[1].elems, 16..32);
        assert_eq!(m[1].shape, vec![4, 4]);
        assert_eq!(m[1].ty, GgmlType::F16);

        let b = map_variable("decoder/layer_0/attention/linear_1/bias", &[8])
            .unwrap()
            .unwrap();
        assert_eq!(b.len(), 1, "cross-attention key has no bias");
        assert_eq!(b[0].name, "decoder.blocks.0.cross_attn.value.bias");
        assert_eq!(b[0].elems, 4..8);
        assert_eq!(b[0].ty, GgmlType::F32);

        let one = |n: &str, dims: &[usize]| map_variable(n, dims).unwrap().unwrap().remove(0);
        assert_eq!(
            one("encoder/layer_0/ffn/layer_norm/gamma", &[4]).name,
            "encoder.blocks.0.mlp_ln.weight"
        );
        assert_eq!(
            one("decoder/layer_1/ffn/linear_1/bias", &[4]).name,
            "decoder.blocks.1.mlp.2.bias"
        );
        assert_eq!(
            one("decoder/layer_1/attention/layer_norm/beta", &[4]).name,
            "decoder.blocks.1.cross_attn_ln.bias"
        );
        assert_eq!(
            one("decoder/layer_1/attention/linear_2/weight", &[4, 4]).name,
            "decoder.blocks.1.cross_attn.out.weight"
        );
        assert_eq!(
            one("encoder/layer_norm/gamma", &[4]).name,
            "encoder.ln_post.weight"
        );
        assert_eq!(one("decoder/layer_norm/beta", &[4]).name, "decoder.ln.bias");
        let conv_b = one("encoder/conv1/bias", &[4]);
        assert_eq!((conv_b.shape, conv_b.ty), (vec![4, 1], GgmlType::F32));
        let pos = one("decoder/position_encodings/encodings", &[448, 4]);
        assert_eq!(
            (pos.name.as_str(), pos.ty),
            ("decoder.positional_embedding", GgmlType::F32)
        );

        assert_eq!(map_variable("decoder/num_heads", &[]).unwrap(), None);
        assert_eq!(
            map_variable("decoder/projection/weight", &[10, 4]).unwrap(),
            None
        );
        assert!(map_variable("encoder/layer_0/attention/linear_0/weight", &[4, 4]).is_err());
        assert!(map_variable("encoder/mystery", &[4]).is_err());
        assert!(map_variable("encoder/layer_0/self_attention/linear_0/bias", &[10]).is_err());
    }
}
