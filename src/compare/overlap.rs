//! Wording repeated across attempts: the share of an answer's words that lie in word sequences
//! (of at least [`RecitalSettings::min_match_words`] words) that another text also contains, in
//! the same order. This is n-gram containment (Broder 1997, "On the resemblance and containment
//! of documents"), the measure copy detectors such as Ferret (Lyon, Malcolm and Dickerson 2001)
//! use to find copied text: a paraphrase shares only short stock phrases, a recited answer shares
//! long stretches.
//!
//! Both texts go through the scorer's normaliser first (lower case, contractions expanded,
//! numbers as digits, stutters collapsed, fillers dropped), so "I'm" against "I am", or an
//! "um" in the middle of a memorised sentence, does not hide a repetition.
//!
//! [`RecitalSettings::min_match_words`]: super::RecitalSettings::min_match_words

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use serde::Serialize;

use crate::coaching::text::analyse;

/// A text prepared for comparison: its normalised words and where each is in the text.
#[derive(Debug, Clone)]
pub struct Words {
    /// One hash per normalised word (comparing hashes is what makes 50 comparisons cheap).
    hashes: Vec<u64>,
    /// The normalised words, for showing and for tests.
    norm: Vec<String>,
    /// Character range in the text of each normalised word.
    chars: Vec<Range<usize>>,
}

impl Words {
    /// Prepares `text`.
    pub fn of(text: &str) -> Self {
        let a = analyse(text);
        let mut hashes = Vec::with_capacity(a.toks.len());
        let mut norm = Vec::with_capacity(a.toks.len());
        let mut chars = Vec::with_capacity(a.toks.len());
        for (i, t) in a.toks.iter().enumerate() {
            let mut h = DefaultHasher::new();
            t.w.hash(&mut h);
            hashes.push(h.finish());
            norm.push(t.w.clone());
            let (s, e) = a.char_span(i, i);
            chars.push(s..e);
        }
        Self {
            hashes,
            norm,
            chars,
        }
    }

    /// Number of normalised words.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the text has no words.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The normalised words.
    pub fn normalised(&self) -> &[String] {
        &self.norm
    }

    /// The hash of the `n` words starting at `i` (the caller keeps `i + n` in range).
    fn gram(&self, i: usize, n: usize) -> u64 {
        let mut h = DefaultHasher::new();
        self.hashes[i..i + n].hash(&mut h);
        h.finish()
    }
}

/// A stretch of an answer that another text contains word for word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stretch {
    /// Where it is in this answer's transcript text, in characters.
    pub chars: Range<usize>,
    /// Normalised words of the stretch.
    pub words: usize,
    /// The stretch as normalised words (what matched), for messages.
    pub text: String,
    /// Where the same words start in the other text, in characters.
    pub other_start_char: usize,
}

/// How much of one answer another text contains word for word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// Share (0-1) of this answer's normalised words that lie in a shared stretch.
    pub share: f64,
    /// Normalised words of this answer.
    pub words: usize,
    /// The shared stretches, in the order of this answer.
    pub stretches: Vec<Stretch>,
}

/// The overlap of `this` with `other`: every `n`-word sequence of `this` that also occurs in
/// `other` marks its words as repeated; runs of marked words are the stretches. Order inside a
/// stretch matters, order of the stretches does not (sentences said in another order are still
/// said word for word).
pub fn overlap(this: &Words, other: &Words, n: usize) -> Overlap {
    let n = n.max(1);
    let empty = Overlap {
        share: 0.0,
        words: this.len(),
        stretches: Vec::new(),
    };
    if this.len() < n || other.len() < n {
        return empty;
    }
    // First position of each n-gram of `other`, to say where a stretch came from.
    let mut grams: HashMap<u64, usize> = HashMap::with_capacity(other.len());
    for j in 0..=other.len() - n {
        grams.entry(other.gram(j, n)).or_insert(j);
    }
    let mut covered = vec![false; this.len()];
    // Where in `other` the n-gram starting at each position of `this` was found.
    let mut found: Vec<Option<usize>> = vec![None; this.len()];
    for i in 0..=this.len() - n {
        if let Some(&j) = grams.get(&this.gram(i, n))
            // A hash collision must not invent a repetition.
            && this.norm[i..i + n] == other.norm[j..j + n]
        {
            found[i] = Some(j);
            covered[i..i + n].iter_mut().for_each(|c| *c = true);
        }
    }
    let mut stretches = Vec::new();
    let mut i = 0;
    while i < covered.len() {
        if !covered[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < covered.len() && covered[i] {
            i += 1;
        }
        let other_start = found[start].map_or(0, |j| other.chars[j].start);
        stretches.push(Stretch {
            chars: this.chars[start].start..this.chars[i - 1].end,
            words: i - start,
            text: this.norm[start..i].join(" "),
            other_start_char: other_start,
        });
    }
    let repeated = covered.iter().filter(|c| **c).count();
    Overlap {
        share: repeated as f64 / this.len() as f64,
        words: this.len(),
        stretches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(a: &str, b: &str) -> f64 {
        overlap(&Words::of(a), &Words::of(b), 4).share
    }

    const SCRIPT: &str = "I failed Step 1 on my first attempt. I was working nights to support \
        my family and I did not ask for help early enough. I rebuilt my schedule around daily \
        question blocks and a weekly meeting with a tutor. I passed Step 2 with a 245, and I now \
        plan my study time before anything else.";

    #[test]
    fn the_same_answer_repeats_itself_entirely() {
        assert!((share(SCRIPT, SCRIPT) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn sentences_said_in_another_order_are_still_repeated_word_for_word() {
        let reordered = "I rebuilt my schedule around daily question blocks and a weekly meeting \
            with a tutor. I failed Step 1 on my first attempt. I passed Step 2 with a 245, and I \
            now plan my study time before anything else. I was working nights to support my \
            family and I did not ask for help early enough.";
        let s = share(reordered, SCRIPT);
        assert!(s > 0.9, "{s}");
    }

    #[test]
    fn fillers_and_contractions_do_not_hide_a_repetition() {
        let spoken = "Um, I failed Step one on my first attempt. I was, uh, working nights to \
            support my family and I didn't ask for help early enough. I rebuilt my schedule \
            around, um, daily question blocks and a weekly meeting with a tutor. I passed Step \
            two with a two forty-five, and I now plan my study time before anything else.";
        let s = share(spoken, SCRIPT);
        assert!(s > 0.85, "{s}");
    }

    #[test]
    fn a_paraphrase_of_the_same_content_shares_little() {
        let paraphrase = "My first try at Step 1 ended in a fail. Back then I had night shifts \
            because my family depended on that income, and I waited far too long before asking \
            anyone for support. Afterwards every day started with a block of practice questions, \
            and once a week a tutor went through my weak areas with me. Step 2 went well, 245, \
            and these days study time is the first thing that goes into my calendar.";
        let s = share(paraphrase, SCRIPT);
        assert!(s < 0.2, "{s}");
    }

    #[test]
    fn one_shared_stock_phrase_is_a_small_share() {
        let other = "During my surgery rotation I learned that I did not ask for help early \
            enough when a patient was deteriorating overnight, so I now call my senior as soon as \
            the numbers change, and the team has told me that my handovers are clear and safe.";
        let o = overlap(&Words::of(other), &Words::of(SCRIPT), 4);
        assert_eq!(o.stretches.len(), 1, "{:?}", o.stretches);
        assert_eq!(o.stretches[0].text, "i did not ask for help early enough");
        assert!(o.share < 0.25, "{}", o.share);
    }

    #[test]
    fn stretches_point_at_the_words_in_both_texts() {
        let this = "Honestly, I was working nights to support my family back then.";
        let o = overlap(&Words::of(this), &Words::of(SCRIPT), 4);
        assert_eq!(o.stretches.len(), 1);
        let s = &o.stretches[0];
        let chars: Vec<char> = this.chars().collect();
        let quoted: String = chars[s.chars.clone()].iter().collect();
        assert_eq!(quoted, "I was working nights to support my family");
        let script: Vec<char> = SCRIPT.chars().collect();
        let at: String = script[s.other_start_char..s.other_start_char + 5]
            .iter()
            .collect();
        assert_eq!(at, "I was");
    }

    #[test]
    fn short_or_empty_texts_share_nothing() {
        assert_eq!(share("", SCRIPT), 0.0);
        assert_eq!(share("I failed Step", SCRIPT), 0.0);
        assert_eq!(share(SCRIPT, "um uh"), 0.0);
    }
}
