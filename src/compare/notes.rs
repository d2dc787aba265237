//! The prepared-notes check: how closely a spoken answer follows the user's written notes or
//! script, and which of the notes' points it covered. Bullet points that are covered in the
//! speaker's own words are what rehearsal should produce; long stretches read back word for word
//! are what it should not.

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use super::overlap::{Words, overlap};
use crate::coaching::text::analyse;

/// A point counts as covered when at least this share of its content words (stemmed) occur in
/// the answer. Half lets the speaker use their own words for the rest.
const POINT_COVERED_SHARE: f64 = 0.5;
/// Notes longer than this many characters are checked on their first part only, so a pasted
/// book cannot stall the review.
pub const MAX_NOTES_CHARS: usize = 20_000;

/// Words that carry no content of their own: a point is judged on the rest.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "for",
    "from", "had", "has", "have", "he", "her", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "just", "me", "more", "most", "my", "no", "not", "now", "of", "on", "or", "our",
    "out", "own", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "too", "up", "very", "was", "we", "were", "what",
    "when", "which", "who", "why", "will", "with", "would", "you", "your",
];

/// One point of the notes and whether the answer covered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotePoint {
    /// The point as written (bullet marker removed).
    pub text: String,
    /// Whether the answer covered it.
    pub covered: bool,
    /// The point's content words that the answer used.
    pub matched: Vec<String>,
    /// The point's content words that the answer did not use.
    pub missing: Vec<String>,
}

/// How an answer relates to the notes attached to its question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotesCheck {
    /// Share (0-1) of the answer's words spoken word for word from the notes.
    pub verbatim_share: f64,
    /// Whether that share is as large as a recited answer's (the answer reads the notes back).
    pub read_back: bool,
    /// Each point of the notes.
    pub points: Vec<NotePoint>,
}

impl NotesCheck {
    /// How many points were covered.
    pub fn covered(&self) -> usize {
        self.points.iter().filter(|p| p.covered).count()
    }
}

/// Checks `answer` (the transcript text) against `notes`. `min_match_words` is the shortest
/// word-for-word stretch that counts as read from the notes, and from `read_back_share` of the
/// answer so read it is read back. `None` when the notes have no points (empty or only bullet
/// markers).
pub fn check(
    answer: &str,
    notes: &str,
    min_match_words: usize,
    read_back_share: f64,
) -> Option<NotesCheck> {
    let notes = match notes.char_indices().nth(MAX_NOTES_CHARS) {
        Some((i, _)) => &notes[..i],
        None => notes,
    };
    let points = points_of(notes);
    if points.is_empty() {
        return None;
    }
    let stemmer = Stemmer::create(Algorithm::English);
    let spoken: std::collections::HashSet<String> = content_words(answer, &stemmer)
        .into_iter()
        .map(|(stem, _)| stem)
        .collect();
    let points = points
        .into_iter()
        .map(|text| {
            let mut matched = Vec::new();
            let mut missing = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (stem, word) in content_words(&text, &stemmer) {
                if !seen.insert(stem.clone()) {
                    continue;
                }
                if spoken.contains(&stem) {
                    matched.push(word);
                } else {
                    missing.push(word);
                }
            }
            let total = matched.len() + missing.len();
            let covered = total > 0 && matched.len() as f64 >= POINT_COVERED_SHARE * total as f64;
            NotePoint {
                text,
                covered,
                matched,
                missing,
            }
        })
        .collect();
    let verbatim_share = overlap(&Words::of(answer), &Words::of(notes), min_match_words).share;
    Some(NotesCheck {
        verbatim_share,
        read_back: verbatim_share >= read_back_share,
        points,
    })
}

/// The points of a note: its lines with bullet markers ("-", "*", "•", "1.", "2)") removed.
/// Notes written as one paragraph (a script) are split into sentences instead, so each sentence
/// is checked on its own.
fn points_of(notes: &str) -> Vec<String> {
    let lines: Vec<String> = notes
        .lines()
        .map(strip_bullet)
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect();
    if lines.len() != 1 {
        return lines;
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in lines[0].chars() {
        cur.push(c);
        if matches!(c, '.' | '!' | '?') {
            let s = cur.trim();
            if s.chars().any(char::is_alphanumeric) {
                out.push(s.to_string());
            }
            cur.clear();
        }
    }
    if cur.trim().chars().any(char::is_alphanumeric) {
        out.push(cur.trim().to_string());
    }
    out
}

/// `line` without leading space and a bullet or number marker.
fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    let t = t.trim_start_matches(['-', '*', '•', '–', '·']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let t = if digits > 0 && t[digits..].starts_with(['.', ')']) {
        &t[digits + 1..]
    } else {
        t
    };
    t.trim()
}

/// The content words of `text` as (stem, word): normalised by the scorer's normaliser (so
/// "didn't" and numbers compare), stop words dropped, stemmed so "studied" meets "study".
fn content_words(text: &str, stemmer: &Stemmer) -> Vec<(String, String)> {
    analyse(text)
        .toks
        .into_iter()
        .filter(|t| !STOP_WORDS.contains(&t.w.as_str()))
        .map(|t| (stemmer.stem(&t.w).into_owned(), t.w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: &str = "- Failed Step 1: working nights, did not ask for help
- Changed: daily question blocks, weekly tutor
* Result: passed Step 2 with 245
3. Ready: I plan study time first";

    #[test]
    fn bullet_points_covered_in_other_words_count_and_are_not_verbatim() {
        let answer = "I failed Step 1 the first time. I was working night shifts and I never \
            asked anyone for help. After that I did question blocks every day and met a tutor \
            each week, and I passed Step 2 with a 245.";
        let c = check(answer, NOTES, 4, 0.6).unwrap();
        assert_eq!(c.points.len(), 4);
        let covered: Vec<bool> = c.points.iter().map(|p| p.covered).collect();
        assert_eq!(covered, [true, true, true, false], "{:?}", c.points);
        assert_eq!(
            c.points[0].text,
            "Failed Step 1: working nights, did not ask for help"
        );
        assert!(c.points[3].missing.contains(&"plan".to_string()));
        assert!(c.verbatim_share < 0.2, "{}", c.verbatim_share);
        assert!(!c.read_back);
    }

    #[test]
    fn a_script_read_back_is_verbatim_and_split_into_sentences() {
        let script = "I failed Step 1 because I worked nights and did not ask for help. I \
            changed how I studied, with daily question blocks and a weekly tutor. I passed Step \
            2 with a 245.";
        let spoken = "Um, I failed Step one because I worked nights and didn't ask for help. I \
            changed how I studied, with daily question blocks and a weekly tutor. I passed Step \
            two with a two forty five.";
        let c = check(spoken, script, 4, 0.6).unwrap();
        assert_eq!(c.points.len(), 3);
        assert_eq!(c.covered(), 3);
        assert!(c.verbatim_share > 0.8, "{}", c.verbatim_share);
        assert!(c.read_back);
    }

    #[test]
    fn notes_without_points_give_no_check() {
        assert_eq!(check("anything", "  \n - \n * ", 4, 0.6), None);
        assert_eq!(check("anything", "", 4, 0.6), None);
    }
}
