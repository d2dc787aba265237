//! Delivery metrics from a timed transcript: pace, fillers, hedges and pauses.

use serde::{Deserialize, Serialize};

use super::energy::EnergyProfile;
use super::settings::MetricSettings;
use super::transcript::{Transcript, Word};
use super::voice::loudness::LoudnessMetrics;
use super::voice::variation::PitchMetrics;

/// Where a filler was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillerSource {
    /// A word of the transcript ("um", "you know" used as a filler).
    #[default]
    Transcript,
    /// Heard in the audio where the transcript has none: a filled pause Whisper left out.
    Acoustic,
}

/// A stretch of the transcript (a filler or hedge) with its time in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimedPhrase {
    /// The words as transcribed, without surrounding punctuation ("you know").
    pub text: String,
    /// Start time in seconds.
    pub start: f64,
    /// End time in seconds.
    pub end: f64,
    /// Index of the first word in the transcript's word list.
    pub word_index: usize,
    /// Number of words the phrase spans. 0 for an acoustic filler: it has no word of its own,
    /// and `word_index` is then the word it was heard before or inside.
    pub word_count: usize,
    /// Where the phrase was found. Always `transcript` for hedges.
    #[serde(default)]
    pub source: FillerSource,
}

/// A silence inside the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// Start time in seconds.
    pub start: f64,
    /// End time in seconds.
    pub end: f64,
    /// True when the pause falls inside a sentence (the word before it has no closing
    /// punctuation). Listeners judge mid-clause pauses as hesitation; pauses at sentence ends are
    /// natural.
    pub mid_sentence: bool,
}

impl Pause {
    /// Length of the pause in seconds.
    pub fn len_s(&self) -> f64 {
        self.end - self.start
    }
}

/// Speaking pace in one window of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaceWindow {
    /// Window start in seconds.
    pub start: f64,
    /// Window end in seconds.
    pub end: f64,
    /// Words per minute within the window.
    pub wpm: f64,
}

/// All delivery metrics of one answer. Field names are part of the stable JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeechMetrics {
    /// Length of the recording in seconds.
    pub duration_s: f64,
    /// From the first word's start to the last word's end, in seconds: the time spent answering.
    pub speaking_time_s: f64,
    /// Spoken words, not counting filled pauses such as "um" (they are not words to a listener).
    pub words: usize,
    /// Words per minute over the speaking time.
    pub wpm: f64,
    /// Pace in consecutive windows (10 s by default) across the speaking time.
    pub wpm_over_time: Vec<PaceWindow>,
    /// Filler words and phrases with their times.
    pub fillers: Vec<TimedPhrase>,
    /// Fillers per minute of speaking time.
    pub fillers_per_min: f64,
    /// Pauses at least as long as the pause threshold.
    pub pauses: Vec<Pause>,
    /// The longest pause in seconds (0 when there is none).
    pub longest_pause_s: f64,
    /// Hedges ("I guess", "maybe", "probably") with their times.
    pub hedges: Vec<TimedPhrase>,
    /// Where the pauses came from: "audio energy" or "word timings".
    pub pause_source: String,
    /// Pitch: median, variation over the answer and in windows, monotone stretches. Absent
    /// without audio (a typed answer) or with too little voiced speech.
    #[serde(default)]
    pub pitch: Option<PitchMetrics>,
    /// Loudness across phrases and phrases that trailed off. Absent without audio or when the
    /// recording does not separate voice from background.
    #[serde(default)]
    pub loudness: Option<LoudnessMetrics>,
    /// Syllables per second of speech, pauses of the articulation-pause setting or longer left
    /// out. Absent without audio.
    #[serde(default)]
    pub articulation_rate: Option<f64>,
}

/// Single-word filled pauses. Spelling variants with repeated letters ("ummm") are folded first.
/// "aa" is how tiny.en spells a drawn-out "uh" ("an aa that", "Aa, so"; three of eleven fillers
/// in one synthetic answer); no English word is spelled so.
const FILLED_PAUSES: &[&str] = &[
    "um", "uh", "er", "erm", "ah", "aa", "hm", "hmm", "mm", "uhm", "eh",
];

/// Hedges: one- or two-word phrases that soften a claim the speaker should make plainly.
const HEDGES: &[&[&str]] = &[
    &["i", "guess"],
    &["i", "suppose"],
    &["maybe"],
    &["probably"],
    &["perhaps"],
    &["possibly"],
    &["somewhat"],
];

/// Words that make "kind of" / "sort of" a real noun phrase ("a kind of exam").
const KIND_OF_DETERMINERS: &[&str] = &[
    "a",
    "the",
    "this",
    "that",
    "what",
    "which",
    "some",
    "any",
    "every",
    "one",
    "no",
    "each",
    "same",
    "different",
    "other",
    "all",
];

/// Words after which "like" is a verb or preposition, not a filler ("I would like", "felt like").
const LIKE_CONTENT_BEFORE: &[&str] = &[
    "i",
    "you",
    "we",
    "they",
    "would",
    "could",
    "should",
    "might",
    "do",
    "don't",
    "didn't",
    "does",
    "did",
    "feel",
    "felt",
    "feels",
    "look",
    "looks",
    "looked",
    "seem",
    "seems",
    "seemed",
    "sound",
    "sounds",
    "sounded",
    "just",
    "something",
    "things",
    "more",
    "much",
    "not",
    "anything",
    "nothing",
    "exactly",
    "really",
    "still",
    "be",
    "people",
    "someone",
    "students",
    "programs",
];

/// Folds "ummm" to "um" and "hmmm" to "hmm" so spelling variants count once.
fn fold_repeats(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut last = None;
    let mut run = 0;
    for c in w.chars() {
        if Some(c) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(c);
        }
        // Keep at most two of a letter: "hmm" stays, "ummm" -> "umm" -> checked below.
        if run <= 2 {
            out.push(c);
        }
    }
    out
}

/// Whether a single normalised word is a filled pause ("um", "Uhh", "hmmm").
pub fn is_filled_pause(norm: &str) -> bool {
    if norm.is_empty() {
        return false;
    }
    let folded = fold_repeats(norm);
    if FILLED_PAUSES.contains(&folded.as_str()) {
        return true;
    }
    // "umm" / "uhh" / "ahh": a filled pause with its last letter held.
    let mut chars: Vec<char> = folded.chars().collect();
    let n = chars.len();
    if n >= 2 && chars[n - 1] == chars[n - 2] {
        chars.pop();
        let shorter: String = chars.into_iter().collect();
        return FILLED_PAUSES.contains(&shorter.as_str());
    }
    false
}

/// Whether a word is written in capitals ("AA", "UMN"): an abbreviation, never a filled pause,
/// even when its letters spell one ("AA" meetings, "AA" batteries).
pub fn written_as_abbreviation(raw: &str) -> bool {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// True when the raw word ends a clause (trailing comma, full stop, question mark...).
fn ends_clause(raw: &str) -> bool {
    raw.trim_end()
        .ends_with([',', '.', '?', '!', ';', ':', '-', '…'])
}

/// True when the raw word ends a sentence.
fn ends_sentence(raw: &str) -> bool {
    raw.trim_end().ends_with(['.', '?', '!', '…'])
}

/// A view over the words with normalised text, for looking at neighbours.
struct Tokens<'a> {
    raw: Vec<&'a str>,
    norm: Vec<String>,
}

impl<'a> Tokens<'a> {
    fn new(words: &'a [Word]) -> Self {
        Self {
            raw: words.iter().map(|w| w.text.as_str()).collect(),
            norm: words.iter().map(Word::normalized).collect(),
        }
    }
    fn norm(&self, i: usize) -> &str {
        self.norm.get(i).map(String::as_str).unwrap_or("")
    }
    /// Whether position `i` starts a clause: the first word, or the word before ends one.
    fn clause_start(&self, i: usize) -> bool {
        i == 0 || self.raw.get(i - 1).is_some_and(|r| ends_clause(r))
    }
    fn is_filled(&self, i: usize) -> bool {
        is_filled_pause(self.norm(i))
            && !self.raw.get(i).is_some_and(|r| written_as_abbreviation(r))
    }
}

/// Finds filler words and phrases as `(first word index, word count)`.
///
/// Single filled pauses always count. Phrase fillers count only where they are used as fillers:
/// "you know" and "I mean" set off at a clause boundary ("..., you know, I ..."), "kind of" /
/// "sort of" without a determiner before them ("I was kind of lost", not "a kind of exam"), and
/// "like" set off by commas, next to another filler, or after a conjunction ("and like, ...") but
/// never after a verb or pronoun that makes it content ("I would like", "it felt like").
pub fn find_fillers(words: &[Word]) -> Vec<(usize, usize)> {
    let t = Tokens::new(words);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = t.norm(i);
        let next = t.norm(i + 1);
        let prev = if i > 0 { t.norm(i - 1) } else { "" };
        let found = if t.is_filled(i) {
            Some(1)
        } else if w == "you" && next == "know" {
            // Filler when set off: a comma after "know", or at a clause start and followed by a
            // new clause rather than an object ("you know the rules" is content).
            let know_raw = t.raw.get(i + 1).copied().unwrap_or("");
            let after = t.norm(i + 2);
            let set_off = ends_clause(know_raw)
                || (t.clause_start(i)
                    && matches!(
                        after,
                        "i" | "we"
                            | "it"
                            | "he"
                            | "she"
                            | "they"
                            | "so"
                            | "and"
                            | "but"
                            | "like"
                            | "um"
                            | "uh"
                            | ""
                    ));
            let asked = matches!(
                prev,
                "do" | "did" | "if" | "don't" | "didn't" | "would" | "as"
            );
            (set_off && !asked).then_some(2)
        } else if w == "i" && next == "mean" {
            let mean_raw = t.raw.get(i + 1).copied().unwrap_or("");
            let after = t.norm(i + 2);
            let content = matches!(after, "it" | "that" | "to" | "what" | "the" | "this");
            let set_off = ends_clause(mean_raw) || (t.clause_start(i) && !content);
            let what_i_mean = matches!(prev, "what" | "that");
            (set_off && !what_i_mean).then_some(2)
        } else if (w == "kind" || w == "sort") && next == "of" {
            (!KIND_OF_DETERMINERS.contains(&prev) && !prev.ends_with("'s")).then_some(2)
        } else if w == "like" {
            let raw = t.raw[i];
            let prev_raw = if i > 0 { t.raw[i - 1] } else { "" };
            let set_off = ends_clause(raw) || (i > 0 && ends_clause(prev_raw) && ends_clause(raw));
            let near_filler = (i > 0 && t.is_filled(i - 1)) || t.is_filled(i + 1);
            let after_conj = matches!(prev, "and" | "but" | "so" | "or") && !ends_clause(prev_raw);
            let content = LIKE_CONTENT_BEFORE.contains(&prev);
            ((set_off || near_filler || after_conj) && !content).then_some(1)
        } else {
            None
        };
        match found {
            Some(n) => {
                out.push((i, n));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Finds hedges as `(first word index, word count)`.
pub fn find_hedges(words: &[Word]) -> Vec<(usize, usize)> {
    let t = Tokens::new(words);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = HEDGES
            .iter()
            .find(|h| h.iter().enumerate().all(|(k, part)| t.norm(i + k) == *part));
        match hit {
            Some(h) => {
                out.push((i, h.len()));
                i += h.len();
            }
            None => i += 1,
        }
    }
    out
}

fn timed(words: &[Word], spans: Vec<(usize, usize)>) -> Vec<TimedPhrase> {
    spans
        .into_iter()
        .filter_map(|(i, n)| {
            let slice = words.get(i..i + n)?;
            Some(TimedPhrase {
                text: slice
                    .iter()
                    .map(Word::normalized)
                    .collect::<Vec<_>>()
                    .join(" "),
                start: slice.first()?.start,
                end: slice.last()?.end,
                word_index: i,
                word_count: n,
                source: FillerSource::Transcript,
            })
        })
        .collect()
}

/// Pace in consecutive windows over `[t0, t1]`; a word belongs to the window holding its middle.
/// A final window shorter than half the width is merged into the one before, so a 2 s tail does
/// not show as a wild spike.
fn pace_windows(words: &[Word], t0: f64, t1: f64, width: f64) -> Vec<PaceWindow> {
    if t1 <= t0 || width <= 0.0 {
        return Vec::new();
    }
    let mut bounds = Vec::new();
    let mut s = t0;
    while s < t1 {
        let e = (s + width).min(t1);
        bounds.push((s, e));
        s = e;
    }
    if bounds.len() > 1
        && let Some(&(ls, le)) = bounds.last()
        && le - ls < width / 2.0
    {
        bounds.pop();
        if let Some(prev) = bounds.last_mut() {
            prev.1 = le;
        }
    }
    bounds
        .into_iter()
        .map(|(start, end)| {
            let n = words
                .iter()
                .filter(|w| {
                    let mid = (w.start + w.end) / 2.0;
                    mid >= start && (mid < end || (end >= t1 && mid <= end))
                })
                .count();
            PaceWindow {
                start,
                end,
                wpm: n as f64 * 60.0 / (end - start),
            }
        })
        .collect()
}

/// Index of the last word that ends at or before `t`.
fn word_before(words: &[Word], t: f64) -> Option<&Word> {
    words.iter().rev().find(|w| w.end <= t + 0.05)
}

/// Computes every delivery metric.
///
/// `energy` is the recording's loudness profile when audio exists: pauses then come from the
/// signal (clipped to the speaking time), because Whisper stretches words over silences. Without
/// it, or when the recording has no clear speech/background separation, pauses are the gaps
/// between word timings.
pub fn compute_metrics(
    transcript: &Transcript,
    duration_s: f64,
    energy: Option<&EnergyProfile>,
    settings: &MetricSettings,
) -> SpeechMetrics {
    let words = &transcript.words;
    let filler_spans = find_fillers(words);
    let fillers = timed(words, filler_spans);
    let hedges = timed(words, find_hedges(words));
    let spoken: Vec<&Word> = words
        .iter()
        .filter(|w| !is_filled_pause(&w.normalized()) && !w.normalized().is_empty())
        .collect();

    let (t0, t1) = match (words.first(), words.last()) {
        (Some(f), Some(l)) => (f.start, l.end.max(f.start)),
        _ => (0.0, 0.0),
    };
    let speaking_time_s = t1 - t0;
    let minutes = speaking_time_s / 60.0;
    let wpm = if minutes > 0.0 {
        spoken.len() as f64 / minutes
    } else {
        0.0
    };
    let fillers_per_min = if minutes > 0.0 {
        fillers.len() as f64 / minutes
    } else {
        0.0
    };
    let spoken_owned: Vec<Word> = spoken.iter().map(|w| (*w).clone()).collect();
    let wpm_over_time = pace_windows(&spoken_owned, t0, t1, settings.pace_window_s);

    let min_pause = settings.pause_threshold_s;
    let energy_silences = energy
        .filter(|e| e.silence_threshold_db().is_some())
        .map(|e| e.silences(min_pause.min(0.3)));
    let (raw_pauses, pause_source): (Vec<(f64, f64)>, &str) = match energy_silences {
        Some(sil) => (
            sil.into_iter()
                .map(|(s, e)| (s.max(t0), e.min(t1)))
                .filter(|(s, e)| e - s >= min_pause)
                .collect(),
            "audio energy",
        ),
        None => (
            words
                .windows(2)
                .map(|p| (p[0].end, p[1].start))
                .filter(|(s, e)| e - s >= min_pause)
                .collect(),
            "word timings",
        ),
    };
    let pauses: Vec<Pause> = raw_pauses
        .into_iter()
        .map(|(start, end)| Pause {
            start,
            end,
            mid_sentence: word_before(words, start).is_some_and(|w| !ends_sentence(&w.text)),
        })
        .collect();
    let longest_pause_s = pauses.iter().map(Pause::len_s).fold(0.0, f64::max);

    SpeechMetrics {
        duration_s,
        speaking_time_s,
        words: spoken.len(),
        wpm,
        wpm_over_time,
        fillers,
        fillers_per_min,
        pauses,
        longest_pause_s,
        hedges,
        pause_source: pause_source.to_string(),
        pitch: None,
        loudness: None,
        articulation_rate: None,
    }
}

/// Counts filler words in plain text (no timings), for typed answers.
pub fn count_fillers_in_text(text: &str) -> usize {
    let words: Vec<Word> = text
        .split_whitespace()
        .map(|w| Word::new(w, 0.0, 0.0))
        .collect();
    find_fillers(&words).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a transcript from text, one word every `step` seconds, each lasting 80% of a step.
    fn timed_text(text: &str, step: f64) -> Transcript {
        let words = text
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word::new(w, i as f64 * step, i as f64 * step + step * 0.8))
            .collect();
        Transcript::from_words(words)
    }

    fn filler_texts(text: &str) -> Vec<String> {
        let t = timed_text(text, 0.4);
        timed(&t.words, find_fillers(&t.words))
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn filled_pauses_and_spelling_variants() {
        assert_eq!(
            filler_texts("Um, I studied. Uhh I think ummm it went, hmm, fine. Er no."),
            ["um", "uhh", "ummm", "hmm", "er"]
        );
        // tiny.en's spelling of a drawn-out "uh", but not the abbreviation.
        assert_eq!(
            filler_texts("And aa, that was it. Aaa, so I went to AA meetings."),
            ["aa", "aaa"]
        );
        assert!(!is_filled_pause("umbrella") && !is_filled_pause("a") && !is_filled_pause(""));
    }

    #[test]
    fn you_know_and_i_mean_only_as_fillers() {
        assert_eq!(filler_texts("It was, you know, a hard year."), ["you know"]);
        assert!(filler_texts("Do you know the answer?").is_empty());
        assert!(filler_texts("I think you know the rules.").is_empty());
        assert_eq!(filler_texts("I mean, I should have asked."), ["i mean"]);
        assert!(filler_texts("That is what I mean by ownership.").is_empty());
        assert!(filler_texts("I mean it when I say that.").is_empty());
    }

    #[test]
    fn kind_of_and_sort_of_only_without_determiner() {
        assert_eq!(
            filler_texts("I was kind of lost in the material."),
            ["kind of"]
        );
        assert_eq!(filler_texts("It sort of fell apart."), ["sort of"]);
        assert!(filler_texts("It is a kind of exam that rewards practice.").is_empty());
        assert!(filler_texts("What sort of schedule works?").is_empty());
    }

    #[test]
    fn like_only_as_filler() {
        assert_eq!(filler_texts("And like, I was behind."), ["like"]);
        assert_eq!(filler_texts("It was, like, twenty blocks."), ["like"]);
        assert_eq!(filler_texts("um like I had no plan"), ["um", "like"]);
        assert!(filler_texts("I would like to train here.").is_empty());
        assert!(filler_texts("It felt like a turning point.").is_empty());
        assert!(filler_texts("I like teaching students.").is_empty());
        assert!(filler_texts("Programs like yours value that.").is_empty());
    }

    #[test]
    fn hedges_are_found() {
        let t = timed_text("I guess maybe I probably should have. Perhaps.", 0.3);
        let h: Vec<String> = timed(&t.words, find_hedges(&t.words))
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(h, ["i guess", "maybe", "probably", "perhaps"]);
    }

    #[test]
    fn pace_counts_words_over_speaking_time() {
        // 34 words, one every 0.5 s: first starts at 0, last ends at 16.5 + 0.4 = 16.9 s.
        let text = vec!["word"; 34].join(" ");
        let t = timed_text(&text, 0.5);
        let m = compute_metrics(&t, 18.0, None, &MetricSettings::default());
        assert_eq!(m.words, 34);
        assert!((m.speaking_time_s - 16.9).abs() < 1e-9);
        assert!((m.wpm - 34.0 / 16.9 * 60.0).abs() < 1e-6, "{}", m.wpm);
        // 16.9 s in 10 s windows: [0,10) and [10,16.9]; 20 + 14 words.
        assert_eq!(m.wpm_over_time.len(), 2);
        assert!((m.wpm_over_time[0].wpm - 120.0).abs() < 1e-6);
        assert!((m.wpm_over_time[1].wpm - 14.0 * 60.0 / 6.9).abs() < 1e-6);
    }

    #[test]
    fn short_tail_window_is_merged() {
        let text = vec!["word"; 22].join(" ");
        let t = timed_text(&text, 0.5); // 0 .. 10.9 s
        let m = compute_metrics(&t, 11.0, None, &MetricSettings::default());
        assert_eq!(m.wpm_over_time.len(), 1);
        assert!((m.wpm_over_time[0].end - 10.9).abs() < 1e-9);
    }

    #[test]
    fn filled_pauses_are_not_words_but_count_per_minute() {
        let t = timed_text("um I uh studied um hard", 1.0); // 0 .. 5.8 s
        let m = compute_metrics(&t, 6.0, None, &MetricSettings::default());
        assert_eq!(m.words, 3);
        assert_eq!(m.fillers.len(), 3);
        assert!((m.fillers_per_min - 3.0 / (5.8 / 60.0)).abs() < 1e-6);
        assert_eq!(m.fillers[1].start, 2.0);
    }

    #[test]
    fn pauses_from_word_gaps_mark_mid_sentence() {
        let words = vec![
            Word::new("I", 0.0, 0.2),
            Word::new("failed.", 0.3, 0.8),
            Word::new("Then", 2.5, 2.8), // 1.7 s after a full stop
            Word::new("I", 2.9, 3.0),
            Word::new("changed", 5.0, 5.4), // 2.0 s mid-sentence
            Word::new("everything.", 5.5, 6.0),
        ];
        let m = compute_metrics(
            &Transcript::from_words(words),
            6.0,
            None,
            &MetricSettings::default(),
        );
        assert_eq!(m.pause_source, "word timings");
        assert_eq!(m.pauses.len(), 2);
        assert!(!m.pauses[0].mid_sentence && m.pauses[1].mid_sentence);
        assert!((m.longest_pause_s - 2.0).abs() < 1e-9);
    }

    #[test]
    fn pauses_from_energy_override_stretched_word_times() {
        // Words claim to be continuous, but the audio is silent from 2.0 to 4.0 s.
        let sr = 16_000usize;
        let mut s: Vec<f32> = (0..2 * sr).map(|i| 0.3 * (i as f32 * 0.1).sin()).collect();
        s.extend(std::iter::repeat_n(0.0005, 2 * sr));
        s.extend((0..2 * sr).map(|i| 0.3 * (i as f32 * 0.1).sin()));
        let energy = EnergyProfile::from_samples(&s);
        let words = vec![
            Word::new("one", 0.0, 1.0),
            Word::new("two", 1.0, 3.9),
            Word::new("three.", 4.0, 6.0),
        ];
        let m = compute_metrics(
            &Transcript::from_words(words),
            6.0,
            Some(&energy),
            &MetricSettings::default(),
        );
        assert_eq!(m.pause_source, "audio energy");
        assert_eq!(m.pauses.len(), 1, "{:?}", m.pauses);
        assert!((m.pauses[0].start - 2.0).abs() < 0.05 && (m.pauses[0].end - 4.0).abs() < 0.05);
    }

    #[test]
    fn empty_transcript_gives_zeroes_not_nan() {
        let m = compute_metrics(
            &Transcript::default(),
            3.0,
            None,
            &MetricSettings::default(),
        );
        assert_eq!(m.words, 0);
        assert_eq!(m.wpm, 0.0);
        assert_eq!(m.fillers_per_min, 0.0);
        assert!(m.wpm_over_time.is_empty() && m.pauses.is_empty());
    }

    #[test]
    fn text_filler_count() {
        assert_eq!(
            count_fillers_in_text("Um, so, like, I was, you know, behind."),
            3
        );
    }
}
