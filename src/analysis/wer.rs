//! Word error rate, for measuring transcription accuracy against a known text.

use super::transcript::normalize_token;

/// Splits text into normalised words: lower case, punctuation dropped, hyphens as spaces.
pub fn normalized_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(normalize_token)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate of `hypothesis` against `reference`: (substitutions + deletions + insertions)
/// divided by the number of reference words. Case and punctuation are ignored. An empty
/// reference gives 0 for an empty hypothesis and 1 otherwise.
pub fn word_error_rate(reference: &str, hypothesis: &str) -> f64 {
    let r = normalized_words(reference);
    let h = normalized_words(hypothesis);
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    // Classic Levenshtein distance over words, one row at a time.
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    let mut cur = vec![0; h.len() + 1];
    for (i, rw) in r.iter().enumerate() {
        cur[0] = i + 1;
        for (j, hw) in h.iter().enumerate() {
            let sub = prev[j] + usize::from(rw != hw);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[h.len()] as f64 / r.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_ignoring_case_and_punctuation_is_zero() {
        assert_eq!(word_error_rate("Ask not, what!", "ask not what"), 0.0);
    }

    #[test]
    fn counts_substitution_deletion_and_insertion() {
        // one substitution (b->x), one deletion (d), one insertion (z): 3 errors over 4 words.
        let wer = word_error_rate("a b c d", "a x c z");
        assert!((wer - 0.5).abs() < 1e-9, "{wer}");
        assert!((word_error_rate("a b c d", "a b c") - 0.25).abs() < 1e-9);
        assert!((word_error_rate("a b", "a b c d") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn empty_reference() {
        assert_eq!(word_error_rate("", ""), 0.0);
        assert_eq!(word_error_rate("", "hello"), 1.0);
    }
}
