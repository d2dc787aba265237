//! Articulation rate: syllables per second of actual speech, pauses excluded. Unlike words per
//! minute it tells a fast talker from one who talks at a normal rate with many pauses.
//!
//! Syllables are counted from the transcript's spelling with a vowel-group rule (each run of
//! vowels is a syllable; a silent final "e" and the "-ed" of "changed" are not), which is right
//! for most English words and off by one for some ("create", "every"); over an answer the errors
//! largely cancel. Digits count one syllable each.

use crate::analysis::metrics::is_filled_pause;
use crate::analysis::transcript::Word;

/// Estimated syllables in one written word.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let digits = w.iter().filter(|c| c.is_ascii_digit()).count();
    let letters: Vec<char> = w.into_iter().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return digits;
    }
    let is_vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev_vowel = false;
    for &c in &letters {
        let v = is_vowel(c);
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    let n = letters.len();
    let ends = |s: &str| {
        letters
            .iter()
            .rev()
            .take(s.len())
            .rev()
            .copied()
            .eq(s.chars())
    };
    if count > 1 && n > 2 {
        let silent_e = ends("e") && !ends("le") && !is_vowel(letters[n - 2]);
        let silent_ed = ends("ed")
            && n > 3
            && !is_vowel(letters[n - 3])
            && !matches!(letters[n - 3], 't' | 'd');
        if silent_e || silent_ed {
            count -= 1;
        }
    }
    count.max(1) + digits
}

/// Syllables per second over `phonation_s` seconds of speech, counting every word except filled
/// pauses ("um" is hesitation, not articulation). `None` without speech.
pub fn articulation_rate(words: &[Word], phonation_s: f64) -> Option<f64> {
    if phonation_s <= 0.0 {
        return None;
    }
    let n: usize = words
        .iter()
        .map(Word::normalized)
        .filter(|w| !w.is_empty() && !is_filled_pause(w))
        .map(|w| syllables(&w))
        .sum();
    (n > 0).then(|| n as f64 / phonation_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowel_groups_count_syllables() {
        for (w, n) in [
            ("and", 1),
            ("Americans,", 4),
            ("country.", 2),
            ("changed", 1),
            ("wanted", 2),
            ("studied", 2),
            ("time", 1),
            ("table", 2),
            ("residency", 4),
            ("the", 1),
            ("I", 1),
            ("2", 1),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn rate_leaves_out_fillers_and_needs_speech() {
        let words = vec![Word::new("um", 0.0, 0.5), Word::new("residency", 0.5, 1.5)];
        assert_eq!(articulation_rate(&words, 2.0), Some(2.0));
        assert_eq!(articulation_rate(&words, 0.0), None);
        assert_eq!(articulation_rate(&[], 1.0), None);
    }
}
