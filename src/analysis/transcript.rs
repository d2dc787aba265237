//! The transcript types every part of the app shares: words with times, as the recogniser heard them.

use serde::{Deserialize, Serialize};

/// One recognised word with its start and end time in seconds from the start of the recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word as transcribed, with any punctuation the recogniser attached ("country.").
    pub text: String,
    /// Start time in seconds.
    pub start: f64,
    /// End time in seconds (never before `start`).
    pub end: f64,
}

impl Word {
    /// A word with the given text and times, for building transcripts by hand in tests.
    pub fn new(text: impl Into<String>, start: f64, end: f64) -> Self {
        Self {
            text: text.into(),
            start,
            end,
        }
    }

    /// The word lower-cased with surrounding punctuation removed ("Um," -> "um"), for matching.
    pub fn normalized(&self) -> String {
        normalize_token(&self.text)
    }
}

/// Lower-cases a token and strips punctuation around it, keeping inner apostrophes and hyphens
/// ("Didn't," -> "didn't", "well-being." -> "well-being").
pub fn normalize_token(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// A whole transcript: the text and, when it came from audio, its words with times.
///
/// Answers typed or pasted for scoring have `words` empty; the scorer then works from the text
/// alone and estimates duration from the word count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The full text, words joined by single spaces.
    pub text: String,
    /// The words in time order.
    pub words: Vec<Word>,
}

impl Transcript {
    /// Builds a transcript from timed words; the text is the words joined by spaces.
    pub fn from_words(words: Vec<Word>) -> Self {
        let text = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Self { text, words }
    }

    /// A transcript with text only (no timings), as for a typed answer.
    pub fn from_text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            words: Vec::new(),
        }
    }
}
