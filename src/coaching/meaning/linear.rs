//! A small softmax classifier over sentence vectors, fitted to the labelled examples when the
//! model loads.
//!
//! Nearest examples alone follow the *topic* (a clause about a course sits near every example
//! about a course, whatever its role); a linear classifier learns the directions that separate
//! the roles across topics (doing something new versus a circumstance, a result versus a
//! plan). It is fitted deterministically, full batch from zero, with weight decay so that a few
//! hundred examples in 384 dimensions do not overfit.

/// Passes over the examples: enough for the loss to settle on a few hundred examples.
pub const EPOCHS: usize = 300;
/// Step size; the inputs are unit vectors, so the weights must grow large to separate roles
/// whose examples differ by a cosine of 0.1.
pub const STEP: f32 = 16.0;
/// Weight decay, keeping the weights from fitting individual examples.
pub const DECAY: f32 = 1e-3;

/// Weights and biases, one row per class.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    weights: Vec<Vec<f32>>,
    biases: Vec<f32>,
}

/// Fits a [`Linear`] classifier: `classes` classes, vectors `xs` labelled `ys`. A model owner
/// with a fast matrix library supplies its own (the same gradient steps, [`EPOCHS`], [`STEP`]
/// and [`DECAY`]); [`Linear::fit`] is the plain one.
pub type Fit<'a> = &'a dyn Fn(&[&[f32]], &[usize], usize) -> Linear;

impl Linear {
    /// A classifier from its weights (one row per class) and biases.
    pub fn from_parts(weights: Vec<Vec<f32>>, biases: Vec<f32>) -> Self {
        Self { weights, biases }
    }

    /// Fits `classes` classes to vectors `xs` labelled `ys` (class indices below `classes`)
    /// by full-batch gradient descent on the softmax loss, from zero.
    pub fn fit(xs: &[&[f32]], ys: &[usize], classes: usize) -> Self {
        let dim = xs.first().map_or(0, |x| x.len());
        let mut model = Self {
            weights: vec![vec![0.0; dim]; classes],
            biases: vec![0.0; classes],
        };
        if xs.is_empty() || classes == 0 {
            return model;
        }
        let n = xs.len() as f32;
        let mut grad_w = vec![vec![0.0f32; dim]; classes];
        let mut grad_b = vec![0.0f32; classes];
        for _ in 0..EPOCHS {
            for g in &mut grad_w {
                g.iter_mut().for_each(|v| *v = 0.0);
            }
            grad_b.iter_mut().for_each(|v| *v = 0.0);
            for (x, &y) in xs.iter().zip(ys) {
                let p = model.probabilities(x);
                for (c, pc) in p.iter().enumerate() {
                    let err = pc - if c == y { 1.0 } else { 0.0 };
                    grad_b[c] += err;
                    for (g, xi) in grad_w[c].iter_mut().zip(x.iter()) {
                        *g += err * xi;
                    }
                }
            }
            for c in 0..classes {
                model.biases[c] -= STEP * grad_b[c] / n;
                for (w, g) in model.weights[c].iter_mut().zip(&grad_w[c]) {
                    *w -= STEP * (g / n + DECAY * *w);
                }
            }
        }
        model
    }

    /// The probability of each class for `x`.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let logits: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.biases)
            .map(|(w, b)| b + w.iter().zip(x).map(|(a, b)| a * b).sum::<f32>())
            .collect();
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
        let total: f32 = exp.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        exp.iter().map(|e| e / total).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_two_directions() {
        let a = [1.0f32, 0.0];
        let b = [0.0f32, 1.0];
        let m = Linear::fit(&[&a, &b, &a, &b], &[0, 1, 0, 1], 2);
        assert!(m.probabilities(&[0.9, 0.1])[0] > 0.8);
        assert!(m.probabilities(&[0.1, 0.9])[1] > 0.8);
    }
}
