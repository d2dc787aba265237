//! The shapes real Whisper models have, so that a header which is structurally consistent but
//! describes no real model is refused before whisper.cpp sizes its buffers from it.
//!
//! The tensor sizes in a ggml file follow from the widths, layer counts and contexts, so the
//! layout check in [`super::inspect_ggml`] already catches most header damage. The attention
//! head counts are the exception: no tensor's shape depends on them, yet whisper.cpp sizes its
//! attention buffers by them. Changing tiny.en's 6 heads to 384 (another divisor of its width)
//! passes the layout check and makes whisper.cpp use over 5 GB of memory. The values below are
//! those of OpenAI's published checkpoints (tiny to large-v3, large-v3-turbo) and the
//! distil-whisper models, which keep the encoder and shorten the decoder.

use super::{GgmlHparams, GgmlProblem, WhisperSize};

/// One Whisper model size: encoder (and decoder) width, attention heads and encoder layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownShape {
    /// The size's name.
    pub size: WhisperSize,
    /// Width of the encoder and the decoder.
    pub state: u32,
    /// Attention heads in the encoder and the decoder.
    pub heads: u32,
    /// Encoder layers (the decoder has as many, or fewer in distilled and turbo models).
    pub layers: u32,
}

/// Every Whisper size, smallest first.
pub const KNOWN_SHAPES: [KnownShape; 5] = [
    KnownShape {
        size: WhisperSize::Tiny,
        state: 384,
        heads: 6,
        layers: 4,
    },
    KnownShape {
        size: WhisperSize::Base,
        state: 512,
        heads: 8,
        layers: 6,
    },
    KnownShape {
        size: WhisperSize::Small,
        state: 768,
        heads: 12,
        layers: 12,
    },
    KnownShape {
        size: WhisperSize::Medium,
        state: 1024,
        heads: 16,
        layers: 24,
    },
    KnownShape {
        size: WhisperSize::Large,
        state: 1280,
        heads: 20,
        layers: 32,
    },
];

/// Audio frames the encoder sees (30 s at 50 frames a second) in every Whisper model.
pub const WHISPER_AUDIO_CTX: u32 = 1500;

/// Tokens the decoder sees in every Whisper model.
pub const WHISPER_TEXT_CTX: u32 = 448;

/// Decoder depths of the distilled models (2) and large-v3-turbo (4), besides the full depth.
const SHORT_DECODERS: [u32; 2] = [2, 4];

/// Vocabulary of the multilingual models before large-v3.
const N_VOCAB_MULTILINGUAL: u32 = 51865;

/// Vocabulary of large-v3 and its turbo and distilled variants, which also take 128 mel bands.
const N_VOCAB_V3: u32 = 51866;

/// A header value that no Whisper model has: the field's index in the header (0 = `n_vocab`),
/// and the problem to report.
pub type ShapeMismatch = (usize, GgmlProblem);

/// Checks the hyper-parameters against the known Whisper shapes and returns the size.
///
/// Returns the index of the first offending header field with a problem naming what a real
/// model has there.
pub fn check_known_shape(h: &GgmlHparams) -> Result<WhisperSize, ShapeMismatch> {
    let bad = |index: usize, name: &'static str, value: u32, expected: String| {
        (
            index,
            GgmlProblem::BadHparam {
                name,
                value: i64::from(value),
                expected,
            },
        )
    };
    let Some(shape) = KNOWN_SHAPES.iter().find(|s| s.state == h.n_audio_state) else {
        let widths: Vec<String> = KNOWN_SHAPES
            .iter()
            .map(|s| format!("{} {}", s.size, s.state))
            .collect();
        return Err(bad(
            2,
            "n_audio_state",
            h.n_audio_state,
            format!("the width of a Whisper model: {}", widths.join(", ")),
        ));
    };
    let every = "as in every Whisper model".to_owned();
    let encoder = format!("as in every {} model's encoder", shape.size);
    let decoder = format!("as in every {} model's decoder", shape.size);
    // (header index, field, value, what every model of this size has, said how), in file order.
    let fixed = [
        (1, "n_audio_ctx", h.n_audio_ctx, WHISPER_AUDIO_CTX, &every),
        (3, "n_audio_head", h.n_audio_head, shape.heads, &encoder),
        (4, "n_audio_layer", h.n_audio_layer, shape.layers, &encoder),
        (5, "n_text_ctx", h.n_text_ctx, WHISPER_TEXT_CTX, &every),
        (6, "n_text_state", h.n_text_state, shape.state, &decoder),
        (7, "n_text_head", h.n_text_head, shape.heads, &decoder),
    ];
    if let Some((index, name, value, want, how)) = fixed.iter().find(|f| f.2 != f.3) {
        return Err(bad(*index, name, *value, format!("{want}, {how}")));
    }
    if h.n_text_layer != shape.layers && !SHORT_DECODERS.contains(&h.n_text_layer) {
        return Err(bad(
            8,
            "n_text_layer",
            h.n_text_layer,
            format!("{} (or 2 or 4 in distilled and turbo models)", shape.layers),
        ));
    }
    let vocab_ok = match h.n_mels {
        // large-v3 and its variants: 128 mel bands with their own vocabulary.
        128 => shape.size == WhisperSize::Large && h.n_vocab == N_VOCAB_V3,
        _ => h.n_vocab == super::N_VOCAB_ENGLISH || h.n_vocab == N_VOCAB_MULTILINGUAL,
    };
    if !vocab_ok {
        let expected = if h.n_mels == 128 {
            format!("{N_VOCAB_V3} (large-v3 with 128 mel bands)")
        } else {
            format!(
                "{} (English-only) or {N_VOCAB_MULTILINGUAL} (multilingual)",
                super::N_VOCAB_ENGLISH
            )
        };
        return Err(bad(0, "n_vocab", h.n_vocab, expected));
    }
    Ok(shape.size)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::models::ggml::tests::tiny_en_hparams as tiny_en;

    #[test]
    fn real_models_pass() {
        assert_eq!(check_known_shape(&tiny_en()), Ok(WhisperSize::Tiny));
        let turbo = GgmlHparams {
            n_vocab: 51866,
            n_audio_state: 1280,
            n_audio_head: 20,
            n_audio_layer: 32,
            n_text_state: 1280,
            n_text_head: 20,
            n_text_layer: 4,
            n_mels: 128,
            ..tiny_en()
        };
        assert_eq!(check_known_shape(&turbo), Ok(WhisperSize::Large));
    }

    #[test]
    fn another_divisor_for_the_heads_is_refused() {
        // The corruption that made whisper.cpp take 5 GB: 384 heads of width 1.
        let h = GgmlHparams {
            n_audio_head: 384,
            ..tiny_en()
        };
        let (index, problem) = check_known_shape(&h).unwrap_err();
        assert_eq!(index, 3);
        let text = problem.to_string();
        assert!(text.contains("n_audio_head = 384"), "{text}");
        assert!(
            text.contains("6, as in every tiny model's encoder"),
            "{text}"
        );
        let h = GgmlHparams {
            n_text_head: 1,
            ..tiny_en()
        };
        assert_eq!(check_known_shape(&h).unwrap_err().0, 7);
    }

    #[test]
    fn unknown_widths_contexts_and_vocabularies_are_refused() {
        for (h, index) in [
            (
                GgmlHparams {
                    n_audio_state: 4,
                    ..tiny_en()
                },
                2,
            ),
            (
                GgmlHparams {
                    n_audio_ctx: 3000,
                    ..tiny_en()
                },
                1,
            ),
            (
                GgmlHparams {
                    n_text_layer: 3,
                    ..tiny_en()
                },
                8,
            ),
            (
                GgmlHparams {
                    n_vocab: 60000,
                    ..tiny_en()
                },
                0,
            ),
            (
                GgmlHparams {
                    n_mels: 128,
                    ..tiny_en()
                },
                0,
            ),
        ] {
            assert_eq!(check_known_shape(&h).unwrap_err().0, index, "{h:?}");
        }
    }
}
