use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use candle_transformers::models::bert::{BertModel, Config};

use super::{Encoder, erf};

/// A small BERT with seeded random weights, loaded both as candle's `BertModel` and as the
/// packed [`Encoder`] from the same variables.
fn tiny_models() -> (BertModel, Encoder) {
    let config = Config {
        vocab_size: 40,
        hidden_size: 16,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 32,
        max_position_embeddings: 24,
        type_vocab_size: 2,
        ..Config::default()
    };
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let bert = BertModel::load(vb.clone(), &config).unwrap();
    // Layer norms start as ones and zeros; every weight random makes the comparison cover them.
    let mut rng = fastrand::Rng::with_seed(7);
    for var in varmap.all_vars() {
        let values: Vec<f32> = (0..var.elem_count()).map(|_| rng.f32() - 0.5).collect();
        let t = Tensor::from_vec(values, var.shape(), &Device::Cpu).unwrap();
        var.set(&t).unwrap();
    }
    let encoder = Encoder::load(vb, &config).unwrap();
    (bert, encoder)
}

/// candle's padded forward, mean-pooled over the real tokens and scaled to unit length.
fn padded_vectors(bert: &BertModel, texts: &[Vec<u32>]) -> Vec<Vec<f32>> {
    let cols = texts.iter().map(Vec::len).max().unwrap();
    let mut ids = vec![0u32; texts.len() * cols];
    let mut mask = vec![0u32; texts.len() * cols];
    for (r, t) in texts.iter().enumerate() {
        ids[r * cols..r * cols + t.len()].copy_from_slice(t);
        mask[r * cols..r * cols + t.len()].fill(1);
    }
    let ids = Tensor::from_vec(ids, (texts.len(), cols), &Device::Cpu).unwrap();
    let mask = Tensor::from_vec(mask, (texts.len(), cols), &Device::Cpu).unwrap();
    let hidden = bert
        .forward(&ids, &ids.zeros_like().unwrap(), Some(&mask))
        .unwrap();
    let mask = mask.to_dtype(DType::F32).unwrap().unsqueeze(2).unwrap();
    let summed = hidden.broadcast_mul(&mask).unwrap().sum(1).unwrap();
    let mean = summed.broadcast_div(&mask.sum(1).unwrap()).unwrap();
    let norm = mean.sqr().unwrap().sum_keepdim(1).unwrap().sqrt().unwrap();
    mean.broadcast_div(&norm).unwrap().to_vec2().unwrap()
}

fn packed_vectors(encoder: &Encoder, texts: &[Vec<u32>]) -> Vec<Vec<f32>> {
    let types: Vec<Vec<u32>> = texts.iter().map(|t| vec![0; t.len()]).collect();
    let inputs: Vec<(&[u32], &[u32])> = texts
        .iter()
        .zip(&types)
        .map(|(t, y)| (t.as_slice(), y.as_slice()))
        .collect();
    encoder.embed(&inputs).unwrap()
}

fn max_difference(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| {
            assert_eq!(x.len(), y.len());
            x.iter().zip(y).map(|(p, q)| (p - q).abs())
        })
        .fold(0.0, f32::max)
}

#[test]
fn packed_vectors_match_candles_padded_bert() {
    let (bert, encoder) = tiny_models();
    // Different lengths, so the padded batch pads and the packed one must keep texts apart.
    let texts = vec![
        vec![1, 5, 9, 2],
        vec![1, 7, 3, 3, 8, 11, 30, 2],
        vec![1, 2],
        vec![1, 39, 20, 21, 22, 23, 24, 25, 26, 27, 2],
    ];
    let reference = padded_vectors(&bert, &texts);
    let packed = packed_vectors(&encoder, &texts);
    let difference = max_difference(&reference, &packed);
    println!("largest difference from candle's BertModel: {difference:e}");
    assert!(difference < 1e-5, "{difference}");
}

#[test]
fn a_text_reads_the_same_alone_and_packed_with_others() {
    let (_, encoder) = tiny_models();
    let text = vec![1, 7, 3, 3, 8, 2];
    let alone = packed_vectors(&encoder, std::slice::from_ref(&text));
    let packed = packed_vectors(&encoder, &[vec![1, 4, 2], text, vec![1, 9, 9, 9, 9, 9, 2]]);
    assert!(max_difference(&alone, &packed[1..2]) < 1e-6);
    let norm: f32 = packed[1].iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5, "{norm}");
}

#[test]
fn tokens_outside_the_model_are_an_error_not_a_panic() {
    let (_, encoder) = tiny_models();
    assert!(encoder.embed(&[(&[1, 40, 2], &[0, 0, 0])]).is_err());
    let long: Vec<u32> = vec![1; 25];
    assert!(encoder.embed(&[(&long, &[0; 25])]).is_err());
}

/// erf in double precision: its Maclaurin series up to 3, the continued fraction of erfc
/// beyond.
fn erf_reference(x: f64) -> f64 {
    let a = x.abs();
    let value = if a <= 3.0 {
        let (mut term, mut total) = (a, a);
        for n in 1..200 {
            term *= -a * a / n as f64;
            total += term / (2 * n + 1) as f64;
        }
        total * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        let mut t = a;
        for n in (1..200).rev() {
            t = a + (n as f64 / 2.0) / t;
        }
        1.0 - (-a * a).exp() / std::f64::consts::PI.sqrt() / t
    };
    value.copysign(x)
}

#[test]
fn erf_is_accurate_to_float_precision() {
    let mut worst = (0.0f64, 0.0f32);
    for i in -8000..=8000 {
        let x = i as f32 / 1000.0;
        let error = (f64::from(erf(x)) - erf_reference(f64::from(x))).abs();
        if error > worst.0 {
            worst = (error, x);
        }
    }
    let (worst, at) = worst;
    println!("largest erf error on [-8, 8]: {worst:e} at {at}");
    // The largest errors are near 3 to 4, where erf is within 2e-5 of 1: about five units in
    // the last place there (one is 6e-8), and in GELU's `1 + erf` a relative error under 2e-7.
    assert!(worst < 4e-7, "{worst} at {at}");
    assert_eq!(erf(0.0), 0.0);
    assert!((erf(100.0) - 1.0).abs() < 3e-7 && (erf(-100.0) + 1.0).abs() < 3e-7);
}
