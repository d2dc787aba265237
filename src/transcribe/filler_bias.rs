//! A nudge towards writing filled pauses: at every decoding step, a fixed amount is added to the
//! logits of the filler words' tokens, through whisper.cpp's logits filter.
//!
//! Whisper learned from text whose normaliser removed "um" and "uh" (Radford et al. 2022,
//! appendix C). Even with the filler prompt it often writes a short filled pause as the nearest
//! real word: on the project's synthetic filler fixtures tiny.en wrote "would, uh, stay late" as
//! "would us daylight" and "asked, uh, which" as "asked oh which", both with low confidence
//! (token probabilities 0.17-0.54). Raising the fillers' logits a little lets the filler win
//! where Whisper was torn between it and a word, and changes nothing where it was sure. One
//! changed token sends Whisper's greedy decoding down another path, though: on real speech that
//! no test labels the bias changed about half the transcripts, closer to a larger model's words
//! in some and further in others (README, "Favouring the filler tokens").
//!
//! This is the only `unsafe` code in the project: whisper.cpp calls the filter through a C
//! function pointer with a pointer to its logits.

use std::ffi::c_void;
use std::os::raw::c_int;

use whisper_rs::{FullParams, WhisperContext};

/// The filler spellings whose tokens are favoured, each with the leading space it has after
/// another word. Only "uh" and "um", the fillers the bias was measured with; Whisper's "ah" and
/// "er" for a filled pause are counted as fillers without help.
pub const FAVOURED_FILLERS: [&str; 4] = [" uh", " um", " Uh", " Um"];

/// How much is added to each favoured token's logit by default: its odds against every other
/// token rise e^1.25 = 3.5 times. Measured with tiny.en and the filler prompt (README, "Favouring
/// the filler tokens"): 0, 1, 1.25, 1.5, 2 and 3 found 35, 36, 37, 37, 38 and 39 of the 40
/// synthetic fillers. Up to 1.25 the labelled real recordings (three monologues, six filler
/// clips) and 9.3 minutes of fluent reading were transcribed with the same words as without it;
/// at 1.5 a cough was written "Um" and a cut-off word "uh"; at 2 a filler clip lost a filler; at
/// 3 the fluent reading gained two. The default is the largest value that changed no labelled
/// real recording.
pub const FILLER_LOGIT_BIAS: f32 = 1.25;

/// The favoured tokens of one model and the amount added to their logits.
#[derive(Debug, Clone, PartialEq)]
pub struct FillerBias {
    /// Token ids, each below `n_vocab`.
    tokens: Vec<c_int>,
    /// Added to each token's logit.
    bias: f32,
    /// The model's vocabulary size: the length of the logits array whisper.cpp passes.
    n_vocab: c_int,
}

impl FillerBias {
    /// The bias for `ctx`'s vocabulary: each of [`FAVOURED_FILLERS`] that the model spells as one
    /// token. `None` when `bias` is zero or not a number, or no filler is one token, or the model
    /// is multilingual: on the multilingual base model the bias found no more of the 40 synthetic
    /// fillers (38 either way) and one fewer of the 18 in the acted clips (7 against 8).
    pub fn for_model(ctx: &WhisperContext, bias: f32) -> Option<Self> {
        if ctx.is_multilingual() {
            return None;
        }
        let n_vocab = ctx.n_vocab();
        let tokens = FAVOURED_FILLERS
            .iter()
            .filter_map(|w| match ctx.tokenize(w, 4).as_deref() {
                Ok([t]) => Some(*t),
                _ => None,
            })
            .collect();
        Self::new(tokens, bias, n_vocab)
    }

    /// The bias for explicit token ids in a vocabulary of `n_vocab`; ids outside it are dropped.
    /// `None` when `bias` is zero or not a number, or no id is left.
    pub fn new(tokens: Vec<c_int>, bias: f32, n_vocab: c_int) -> Option<Self> {
        let tokens: Vec<c_int> = tokens
            .into_iter()
            .filter(|t| (0..n_vocab).contains(t))
            .collect();
        (bias.is_finite() && bias != 0.0 && !tokens.is_empty()).then_some(Self {
            tokens,
            bias,
            n_vocab,
        })
    }

    /// The favoured token ids.
    pub fn tokens(&self) -> &[c_int] {
        &self.tokens
    }

    /// Adds the bias to the favoured tokens' entries of `logits` (one entry per vocabulary
    /// token; a shorter slice is left as it is), unless one of the last two of the `previous`
    /// tokens (the text so far) is a favoured filler: a filler, with the comma Whisper writes
    /// after it, already makes another more likely, and the bias there turned one held "uh"
    /// into a run of them.
    pub fn apply(&self, previous: &[c_int], logits: &mut [f32]) {
        if logits.len() < self.n_vocab as usize
            || previous
                .iter()
                .rev()
                .take(2)
                .any(|t| self.tokens.contains(t))
        {
            return;
        }
        for &t in &self.tokens {
            logits[t as usize] += self.bias;
        }
    }

    /// Has whisper.cpp call [`Self::apply`] on every decoding step of a run with `params`.
    ///
    /// # Safety
    ///
    /// whisper.cpp keeps a raw pointer to `self`, which the borrow checker cannot see: `self`
    /// must stay alive, unmoved, until every run with `params` has returned, and `params` must
    /// be used only with the model this bias was made for (whose vocabulary size it assumes).
    pub(super) unsafe fn install(&self, params: &mut FullParams) {
        // SAFETY: `filter_logits` only reads the `FillerBias` behind the user-data pointer,
        // which the caller keeps alive for the run, and writes within the logits array
        // whisper.cpp passes, whose length is the model's vocabulary size.
        unsafe {
            params.set_filter_logits_callback(Some(filter_logits));
            params.set_filter_logits_callback_user_data(
                std::ptr::from_ref(self).cast_mut().cast::<c_void>(),
            );
        }
    }
}

/// The logits filter whisper.cpp calls: `user_data` is a `FillerBias` and `logits` holds one
/// entry per vocabulary token.
unsafe extern "C" fn filter_logits(
    _ctx: *mut whisper_rs_sys::whisper_context,
    _state: *mut whisper_rs_sys::whisper_state,
    tokens: *const whisper_rs_sys::whisper_token_data,
    n_tokens: c_int,
    logits: *mut f32,
    user_data: *mut c_void,
) {
    if logits.is_null() || user_data.is_null() {
        return;
    }
    // SAFETY: `install` set `user_data` to a `FillerBias` that outlives the run, and
    // whisper.cpp's logits array has one entry per vocabulary token (`n_vocab` of them).
    let bias = unsafe { &*user_data.cast::<FillerBias>() };
    let logits = unsafe { std::slice::from_raw_parts_mut(logits, bias.n_vocab as usize) };
    // The last two tokens are all `apply` looks at; copied out without allocating, as this
    // runs at every decoding step.
    let mut last = [0 as c_int; 2];
    let mut n = 0;
    if !tokens.is_null() && n_tokens > 0 {
        // SAFETY: whisper.cpp passes the decoder's current tokens and their count.
        let tokens = unsafe { std::slice::from_raw_parts(tokens, n_tokens as usize) };
        for (slot, t) in last
            .iter_mut()
            .zip(&tokens[tokens.len().saturating_sub(2)..])
        {
            *slot = t.id;
            n += 1;
        }
    }
    bias.apply(&last[..n], logits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_favoured_tokens_rise() {
        let bias = FillerBias::new(vec![2, 5], 1.5, 8).unwrap();
        let mut logits = vec![0.0f32; 8];
        bias.apply(&[1, 3, 4], &mut logits);
        assert_eq!(logits, [0.0, 0.0, 1.5, 0.0, 0.0, 1.5, 0.0, 0.0]);
    }

    #[test]
    fn no_bias_right_after_a_filler_or_a_filler_and_its_comma() {
        let bias = FillerBias::new(vec![2, 5], 1.5, 8).unwrap();
        for previous in [&[1, 2][..], &[5, 6], &[0, 2, 6]] {
            let mut logits = vec![0.0f32; 8];
            bias.apply(previous, &mut logits);
            assert_eq!(logits, [0.0; 8], "after {previous:?}");
        }
        // Two tokens on, it applies again.
        let mut logits = vec![0.0f32; 8];
        bias.apply(&[2, 6, 7], &mut logits);
        assert_eq!(logits[2], 1.5);
    }

    #[test]
    fn the_c_callback_applies_the_bias_through_its_pointers() {
        /// Calls the filter as whisper.cpp does, with the decoder's tokens as ids.
        fn filter(bias: Option<&FillerBias>, ids: &[c_int], logits: &mut [f32]) {
            let tokens: Vec<whisper_rs_sys::whisper_token_data> = ids
                .iter()
                .map(|&id| whisper_rs_sys::whisper_token_data {
                    id,
                    tid: 0,
                    p: 0.9,
                    plog: -0.1,
                    pt: 0.0,
                    ptsum: 0.0,
                    t0: 0,
                    t1: 0,
                    t_dtw: -1,
                    vlen: 0.0,
                })
                .collect();
            let user = bias.map_or(std::ptr::null_mut(), |b| {
                std::ptr::from_ref(b).cast_mut().cast::<c_void>()
            });
            // SAFETY: every pointer is valid (or null) for the call, as whisper.cpp's are, and
            // `logits` has one entry per token of the bias's vocabulary.
            unsafe {
                filter_logits(
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    if ids.is_empty() {
                        std::ptr::null()
                    } else {
                        tokens.as_ptr()
                    },
                    ids.len() as c_int,
                    logits.as_mut_ptr(),
                    user,
                );
            }
        }
        let bias = FillerBias::new(vec![1], -2.0, 3).unwrap();
        let mut logits = vec![1.0f32; 3];
        filter(Some(&bias), &[], &mut logits);
        assert_eq!(logits, [1.0, -1.0, 1.0]);
        // A missing pointer is ignored, not dereferenced.
        filter(None, &[], &mut logits);
        assert_eq!(logits, [1.0, -1.0, 1.0]);
        // With the filler just written as the decoder's last token, nothing changes.
        filter(Some(&bias), &[1], &mut logits);
        assert_eq!(logits, [1.0, -1.0, 1.0]);
        // Three tokens on from the filler, the bias applies again.
        filter(Some(&bias), &[1, 0, 2], &mut logits);
        assert_eq!(logits, [1.0, -3.0, 1.0]);
    }

    #[test]
    fn no_bias_ids_outside_the_vocabulary_or_nan_install_nothing() {
        assert_eq!(FillerBias::new(vec![3], 0.0, 8), None);
        assert_eq!(FillerBias::new(vec![3], f32::NAN, 8), None);
        assert_eq!(FillerBias::new(vec![8, -1], 1.0, 8), None);
        assert_eq!(FillerBias::new(vec![8, 7], 1.0, 8).unwrap().tokens(), [7]);
    }

    #[test]
    fn a_short_logits_slice_is_left_alone() {
        let bias = FillerBias::new(vec![7], 1.0, 8).unwrap();
        let mut logits = vec![0.0f32; 4];
        bias.apply(&[], &mut logits);
        assert_eq!(logits, [0.0; 4]);
    }
}
