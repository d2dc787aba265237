//! Unit tests of the ggml validator, and the small synthetic model files other tests build.

use super::*;
use std::io::Write as _;

/// A tiny but complete ggml file: 1 encoder and 1 decoder layer of width 4, all f32.
pub(crate) fn tiny_hparams() -> GgmlHparams {
    GgmlHparams {
        n_vocab: 51864,
        n_audio_ctx: 6,
        n_audio_state: 4,
        n_audio_head: 2,
        n_audio_layer: 1,
        n_text_ctx: 5,
        n_text_state: 4,
        n_text_head: 2,
        n_text_layer: 1,
        n_mels: 80,
        ftype: 1,
    }
}

/// The header of the real tiny.en model.
pub(crate) fn tiny_en_hparams() -> GgmlHparams {
    GgmlHparams {
        n_vocab: 51864,
        n_audio_ctx: 1500,
        n_audio_state: 384,
        n_audio_head: 6,
        n_audio_layer: 4,
        n_text_ctx: 448,
        n_text_state: 384,
        n_text_head: 6,
        n_text_layer: 4,
        n_mels: 80,
        ftype: 1,
    }
}

pub(crate) fn build_ggml(h: &GgmlHparams) -> Vec<u8> {
    let mut w = GgmlWriter::new(Vec::new());
    w.write_header(h).unwrap();
    w.write_mel_filters(
        h.n_mels as usize,
        &vec![0.5; h.n_mels as usize * N_FFT_BINS],
    )
    .unwrap();
    w.write_tokens(&[b"a".to_vec(), b" the".to_vec()]).unwrap();
    for (name, ne) in expected_tensors(h) {
        let shape: Vec<usize> = ne.iter().rev().map(|&d| d as usize).collect();
        let ty = if ne.len() >= 2 && !name.contains("positional") {
            GgmlType::F16
        } else {
            GgmlType::F32
        };
        let n = tensor_nbytes(&ne, ty).unwrap() as usize;
        w.write_tensor(&name, &shape, ty, &vec![0u8; n]).unwrap();
    }
    w.into_inner()
}

fn inspect_bytes(bytes: &[u8]) -> Result<GgmlInfo, GgmlError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ggml-tiny.en.bin");
    File::create(&path).unwrap().write_all(bytes).unwrap();
    inspect_ggml(&path)
}

#[test]
fn accepts_a_complete_file() {
    let h = tiny_hparams();
    let bytes = build_ggml(&h);
    let info = inspect_bytes(&bytes).unwrap();
    assert_eq!(info.hparams, h);
    assert!(info.english_only);
    assert_eq!(info.ftype_name, "f16");
    assert_eq!(info.n_tokens, 2);
    // 11 top-level + 15 per encoder layer + 24 per decoder layer.
    assert_eq!(info.n_tensors, 11 + 15 + 24);
    assert_eq!(info.file_size, bytes.len() as u64);
}

#[test]
fn expected_tensor_count_matches_tiny() {
    let mut h = tiny_hparams();
    h.n_audio_layer = 4;
    h.n_text_layer = 4;
    assert_eq!(expected_tensors(&h).len(), 167);
}

#[test]
fn rejects_every_truncation() {
    let bytes = build_ggml(&tiny_hparams());
    // Every cut point must be caught; step through the header densely and the rest coarsely.
    for len in (0..200).chain((200..bytes.len()).step_by(97)) {
        let err = inspect_bytes(&bytes[..len]).unwrap_err();
        let p = err.problem().cloned();
        assert!(
            matches!(
                p,
                Some(GgmlProblem::Truncated { .. }) | Some(GgmlProblem::MissingTensors { .. })
            ),
            "len {len}: {err}"
        );
        assert!(
            err.to_string()
                .contains("interview-coach models install tiny.en")
        );
    }
}

#[test]
fn rejects_bad_magic_gguf_and_trailing_bytes() {
    let mut bytes = build_ggml(&tiny_hparams());
    bytes.extend_from_slice(&[1, 2, 3]);
    assert!(matches!(
        inspect_bytes(&bytes).unwrap_err().problem(),
        Some(GgmlProblem::Truncated { .. })
    ));

    bytes[0] ^= 0xff;
    assert!(matches!(
        inspect_bytes(&bytes).unwrap_err().problem(),
        Some(GgmlProblem::BadMagic { .. })
    ));
    assert!(matches!(
        inspect_bytes(b"GGUF\x03\0\0\0").unwrap_err().problem(),
        Some(GgmlProblem::Gguf)
    ));
}

#[test]
fn rejects_bad_hparams_and_shapes() {
    let mut h = tiny_hparams();
    h.n_mels = 81;
    let err = inspect_bytes(&build_ggml(&h)).unwrap_err();
    assert!(
        matches!(
            err.problem(),
            Some(GgmlProblem::BadHparam { name: "n_mels", .. })
        ),
        "{err}"
    );

    // Change n_text_ctx after writing so the decoder's positional embedding no longer matches.
    let mut bytes = build_ggml(&tiny_hparams());
    bytes[4 + 5 * 4..4 + 6 * 4].copy_from_slice(&7i32.to_le_bytes());
    let err = inspect_bytes(&bytes).unwrap_err();
    assert!(
        matches!(err.problem(), Some(GgmlProblem::BadTensor { .. })),
        "{err}"
    );
}

#[test]
fn quantised_sizes_follow_ggml_blocks() {
    assert_eq!(tensor_nbytes(&[64, 3], GgmlType::Q5_0), Some(2 * 3 * 22));
    assert_eq!(tensor_nbytes(&[64, 3], GgmlType::Q8_0), Some(2 * 3 * 34));
    assert_eq!(tensor_nbytes(&[64], GgmlType::Q4_0), Some(2 * 18));
    assert_eq!(tensor_nbytes(&[33], GgmlType::Q4_1), None);
    assert_eq!(tensor_nbytes(&[5, 2], GgmlType::F16), Some(20));
}

#[test]
fn install_hint_comes_from_the_file_name() {
    assert_eq!(install_hint(Path::new("/m/ggml-base.en.bin")), "base.en");
    assert_eq!(install_hint(Path::new("/m/ggml-tiny.bin.partial")), "tiny");
    assert_eq!(install_hint(Path::new("/m/x.bin")), "<model>");
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    /// The complete synthetic model, built once.
    fn model() -> &'static [u8] {
        static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
        BYTES.get_or_init(|| build_ggml(&tiny_hparams()))
    }

    /// The scan must end quickly with a clear message, whatever the bytes.
    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        let started = Instant::now();
        let result = inspect_bytes(bytes);
        prop_assert!(started.elapsed() < Duration::from_secs(2));
        if let Err(e) = result {
            let text = e.to_string();
            prop_assert!(
                text.contains("interview-coach models install"),
                "no advice in: {}",
                text
            );
            prop_assert!(e.problem().is_some(), "not a structural problem: {}", text);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Random bytes overwritten anywhere, most in the header and tables where the sizes
        /// live: never a panic, never a huge allocation (a size read from the file is checked
        /// against the file's length before anything is read or reserved).
        #[test]
        fn mutated_files_never_panic(
            edits in prop::collection::vec((0usize..1_000_000, any::<u8>()), 1..16),
            header_edits in prop::collection::vec((0usize..600, any::<u8>()), 0..8),
        ) {
            let mut bytes = model().to_vec();
            let len = bytes.len();
            for (at, v) in edits {
                // Offsets past the mel filters and token table land in tensor headers and data.
                bytes[at % len] = v;
            }
            for (at, v) in header_edits {
                bytes[at.min(len - 1)] = v;
            }
            check(&bytes)?;
        }

        /// Any 32-bit value in any header or tensor-header field.
        #[test]
        fn any_header_value_is_checked(field in 0usize..14, value in any::<i32>()) {
            let mut bytes = model().to_vec();
            // The magic, eleven hyper-parameters and the mel filter dimensions.
            bytes[4 * field..4 * field + 4].copy_from_slice(&value.to_le_bytes());
            check(&bytes)?;
        }

        /// Every truncation fails as a truncation or missing tensors, never otherwise.
        #[test]
        fn truncated_files_are_named_as_such(cut in 0usize..1_000_000) {
            let bytes = model();
            let cut = cut % bytes.len();
            let named = match inspect_bytes(&bytes[..cut]) {
                Err(e) => matches!(
                    e.problem(),
                    Some(GgmlProblem::Truncated { .. } | GgmlProblem::MissingTensors { .. })
                ),
                Ok(_) => false,
            };
            prop_assert!(named, "cut at {}", cut);
        }

        /// A header changed into another self-consistent but unknown shape is refused by the
        /// shape check, with the field's offset.
        #[test]
        fn unknown_shapes_are_refused(heads in 1u32..=384, layers in 1u32..=8) {
            let h = GgmlHparams {
                n_audio_head: heads,
                n_audio_layer: layers,
                ..tiny_en_hparams()
            };
            let result = check_known_shape(&h);
            prop_assert_eq!(result.is_ok(), heads == 6 && layers == 4);
        }
    }
}
