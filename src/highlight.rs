//! The transcript highlighter: turns a transcript plus the stretches worth showing (score
//! evidence, pattern parts, fillers, hedges) into plain segments that the review screen draws
//! with egui and the HTML report draws as `<span>`s. One implementation, so the two views
//! cannot drift apart; pure (no egui, no I/O).
//!
//! The inputs come from files (a saved attempt, a student's bundle) and may not fit the text:
//! the text may have been edited, or its spacing may not be single spaces. So nothing is
//! assumed: each word is found in the text in order (a word that is not there is left out),
//! and a character stretch is highlighted only when its offsets are in range and still cover
//! its own text.

use std::ops::Range;

use crate::analysis::{Transcript, Word};
use crate::coaching::{Effect, Part};
use crate::report::AnalysisReport;

/// Evidence longer than this many characters (a whole sentence, or the length check over the
/// whole answer) is not highlighted: it would paint most of the transcript and hide the
/// phrases that matter. Both views list it with the scores instead.
pub const MAX_HIGHLIGHT_CHARS: usize = 60;

/// What a character is as a word of the answer, apart from evidence and parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Token {
    /// An ordinary word (or the space between words).
    #[default]
    Plain,
    /// Part of a filler ("um", "you know").
    Filler,
    /// Part of a hedge ("I think", "sort of").
    Hedge,
}

/// Everything that styles a stretch of the transcript. The three layers are independent, so a
/// view can show all of them at once (the report) or pick the one that matters most (the
/// review screen, [`Kind::main_mark`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kind {
    /// Score evidence covering it; where evidence that raised a score and evidence that
    /// lowered one overlap, lowering wins (it is what the reader most needs to see).
    pub evidence: Option<Effect>,
    /// Filler or hedge; fillers win over hedges (they are the more specific mark).
    pub token: Token,
    /// The pattern part of the innermost pattern span covering it.
    pub part: Option<Part>,
}

/// The one mark a view shows when it can show only one besides the part colour: a filler or
/// hedge first, then evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainMark {
    /// Nothing special.
    Plain,
    /// A filler word.
    Filler,
    /// A hedge.
    Hedge,
    /// Evidence that raised a score.
    Raises,
    /// Evidence that lowered a score.
    Lowers,
}

impl Kind {
    /// Nothing to highlight.
    pub const PLAIN: Self = Self {
        evidence: None,
        token: Token::Plain,
        part: None,
    };

    /// The single mark to show: fillers and hedges are the more specific marks, so they win
    /// over evidence.
    pub fn main_mark(self) -> MainMark {
        match (self.token, self.evidence) {
            (Token::Filler, _) => MainMark::Filler,
            (Token::Hedge, _) => MainMark::Hedge,
            (Token::Plain, Some(Effect::Raises)) => MainMark::Raises,
            (Token::Plain, Some(Effect::Lowers)) => MainMark::Lowers,
            (Token::Plain, None) => MainMark::Plain,
        }
    }
}

/// A stretch of the transcript text in which every character has the same [`Kind`].
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The characters of the stretch.
    pub text: String,
    /// Where it is in the transcript text, in characters.
    pub chars: Range<usize>,
    /// How it is highlighted.
    pub kind: Kind,
    /// The timed words that start in this stretch (with any word between them that could not
    /// be found in the text); empty when no word starts here.
    pub words: Range<usize>,
}

/// The highlighted transcript.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Highlighted {
    /// The character range of each timed word in the text; `None` for a word that is not in
    /// the text (it was edited), so nothing is guessed.
    pub word_chars: Vec<Option<Range<usize>>>,
    /// The whole text, in order, as runs of equal [`Kind`].
    pub segments: Vec<Segment>,
}

impl Highlighted {
    /// The kind of each timed word: the kind of the segment it starts in. Words not found in
    /// the text are plain.
    pub fn word_kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![Kind::PLAIN; self.word_chars.len()];
        for s in &self.segments {
            for k in &mut kinds[s.words.clone()] {
                *k = s.kind;
            }
        }
        kinds
    }
}

/// A character stretch to highlight: offsets into the transcript text and the text they are
/// meant to cover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch<'a, T> {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text the offsets should cover; a stretch whose text no longer matches is skipped.
    pub text: &'a str,
    /// What it is.
    pub what: T,
}

/// Words to highlight, by index into the timed words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRun {
    /// The first word.
    pub first: usize,
    /// How many words (0 counts as 1, as older records wrote).
    pub count: usize,
}

/// What to highlight.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources<'a> {
    /// Score evidence.
    pub evidence: Vec<Stretch<'a, Effect>>,
    /// Pattern spans (own it, contextualize it, move on).
    pub parts: Vec<Stretch<'a, Part>>,
    /// Hedges.
    pub hedges: Vec<WordRun>,
    /// Fillers.
    pub fillers: Vec<WordRun>,
}

impl<'a> Sources<'a> {
    /// Everything a report marks: its score's evidence and spans, its fillers and hedges.
    pub fn of_report(r: &'a AnalysisReport) -> Self {
        let runs = |phrases: &[crate::analysis::metrics::TimedPhrase]| {
            phrases
                .iter()
                // A filler heard in the audio but not written in the transcript (word_count 0)
                // has no words to paint; the timeline shows it instead.
                .filter(|p| p.word_count > 0)
                .map(|p| WordRun {
                    first: p.word_index,
                    count: p.word_count,
                })
                .collect()
        };
        let mut sources = Self {
            hedges: runs(&r.metrics.hedges),
            fillers: runs(&r.metrics.fillers),
            ..Self::default()
        };
        if let Some(score) = &r.score {
            sources.parts = score
                .spans
                .iter()
                .map(|s| Stretch {
                    start: s.start,
                    end: s.end,
                    text: &s.text,
                    what: s.part,
                })
                .collect();
            sources.evidence = score
                .dimensions
                .iter()
                .into_iter()
                .flat_map(|(_, d)| d.evidence.iter())
                .map(|e| Stretch {
                    start: e.start,
                    end: e.end,
                    text: &e.text,
                    what: e.effect,
                })
                .collect();
        }
        sources
    }
}

/// Whether `start..end` is inside `chars` and still covers `text` there.
pub fn covers(chars: &[char], start: usize, end: usize, text: &str) -> bool {
    start < end && end <= chars.len() && chars[start..end].iter().copied().eq(text.chars())
}

/// The character range of each word in `text`, found in order; `None` for a word that is not
/// there. Any spacing between words is accepted.
pub fn word_char_ranges(text: &str, words: &[Word]) -> Vec<Option<Range<usize>>> {
    let mut out = Vec::with_capacity(words.len());
    let mut byte_cursor = 0;
    let mut char_cursor = 0;
    for w in words {
        let needle = w.text.trim();
        let found = if needle.is_empty() {
            None
        } else {
            text.get(byte_cursor..)
                .and_then(|rest| rest.find(needle).map(|p| (rest, p)))
        };
        match found {
            Some((rest, p)) => {
                let start = char_cursor + rest[..p].chars().count();
                let end = start + needle.chars().count();
                out.push(Some(start..end));
                byte_cursor += p + needle.len();
                char_cursor = end;
            }
            None => out.push(None),
        }
    }
    out
}

/// Highlights a report's transcript with everything the report marks.
pub fn highlight_report(r: &AnalysisReport) -> Highlighted {
    highlight(&r.transcript, &Sources::of_report(r))
}

/// Highlights `transcript` with `sources`.
pub fn highlight(transcript: &Transcript, sources: &Sources<'_>) -> Highlighted {
    let chars: Vec<char> = transcript.text.chars().collect();
    let word_chars = word_char_ranges(&transcript.text, &transcript.words);
    let kinds = char_kinds(&chars, &word_chars, sources);
    let segments = segments(&chars, &kinds, &word_chars);
    Highlighted {
        word_chars,
        segments,
    }
}

/// The kind of every character.
fn char_kinds(
    chars: &[char],
    word_chars: &[Option<Range<usize>>],
    sources: &Sources<'_>,
) -> Vec<Kind> {
    let n = chars.len();
    let mut kinds = vec![Kind::PLAIN; n];
    // A part colours the characters of its innermost span: the context sits inside the own-it
    // stretch, and should still show. Wider spans are painted first, narrower ones over them.
    let mut parts: Vec<_> = sources
        .parts
        .iter()
        .filter(|s| covers(chars, s.start, s.end, s.text))
        .collect();
    parts.sort_by_key(|s| std::cmp::Reverse(s.end - s.start));
    for s in parts {
        for k in &mut kinds[s.start..s.end] {
            k.part = Some(s.what);
        }
    }
    for ev in &sources.evidence {
        if ev.end.saturating_sub(ev.start) > MAX_HIGHLIGHT_CHARS
            || !covers(chars, ev.start, ev.end, ev.text)
        {
            continue;
        }
        for k in &mut kinds[ev.start..ev.end] {
            if k.evidence != Some(Effect::Lowers) {
                k.evidence = Some(ev.what);
            }
        }
    }
    let mut paint = |run: &WordRun, token: Token| {
        let last = run.first.saturating_add(run.count.max(1) - 1);
        let (Some(Some(first)), Some(Some(last))) =
            (word_chars.get(run.first), word_chars.get(last))
        else {
            return;
        };
        if first.start < last.end && last.end <= n {
            for k in &mut kinds[first.start..last.end] {
                k.token = token;
            }
        }
    };
    // Hedges first, so fillers win where both claim a word.
    for h in &sources.hedges {
        paint(h, Token::Hedge);
    }
    for f in &sources.fillers {
        paint(f, Token::Filler);
    }
    kinds
}

/// Runs of equal kind, with the words that start in each.
fn segments(chars: &[char], kinds: &[Kind], word_chars: &[Option<Range<usize>>]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, (&c, &kind)) in chars.iter().zip(kinds).enumerate() {
        match out.last_mut() {
            Some(s) if s.kind == kind => {
                s.text.push(c);
                s.chars.end = i + 1;
            }
            _ => out.push(Segment {
                text: c.to_string(),
                chars: i..i + 1,
                kind,
                words: 0..0,
            }),
        }
    }
    // Words are found in order, so the segment of each found word only moves forward.
    let mut seg = 0;
    let mut first_in: Vec<Option<(usize, usize)>> = vec![None; out.len()];
    for (w, range) in word_chars.iter().enumerate() {
        let Some(range) = range else { continue };
        while seg < out.len() && out[seg].chars.end <= range.start {
            seg += 1;
        }
        let Some(slot) = first_in.get_mut(seg) else {
            break;
        };
        *slot = Some(slot.map_or((w, w), |(first, _)| (first, w)));
    }
    for (s, words) in out.iter_mut().zip(first_in) {
        if let Some((first, last)) = words {
            s.words = first..last + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript(text: &str, words: &[&str]) -> Transcript {
        Transcript {
            text: text.to_string(),
            words: words
                .iter()
                .enumerate()
                .map(|(i, w)| Word::new(*w, i as f64, i as f64 + 0.5))
                .collect(),
        }
    }

    fn ev(text: &str, start: usize, effect: Effect) -> Stretch<'_, Effect> {
        Stretch {
            start,
            end: start + text.chars().count(),
            text,
            what: effect,
        }
    }

    /// The segments as (text, main mark) pairs, for short assertions.
    fn marks(h: &Highlighted) -> Vec<(&str, MainMark)> {
        h.segments
            .iter()
            .map(|s| (s.text.as_str(), s.kind.main_mark()))
            .collect()
    }

    #[test]
    fn segments_cover_the_text_in_order() {
        let t = transcript("I um owned it", &["I", "um", "owned", "it"]);
        let sources = Sources {
            fillers: vec![WordRun { first: 1, count: 1 }],
            evidence: vec![ev("owned it", 5, Effect::Raises)],
            ..Sources::default()
        };
        let h = highlight(&t, &sources);
        assert_eq!(
            marks(&h),
            [
                ("I ", MainMark::Plain),
                ("um", MainMark::Filler),
                (" ", MainMark::Plain),
                ("owned it", MainMark::Raises),
            ]
        );
        let joined: String = h.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, t.text);
        let ranges: Vec<_> = h.segments.iter().map(|s| s.chars.clone()).collect();
        assert_eq!(ranges, [0..2, 2..4, 4..5, 5..13]);
        let words: Vec<_> = h.segments.iter().map(|s| s.words.clone()).collect();
        assert_eq!(words, [0..1, 1..2, 0..0, 2..4]);
    }

    #[test]
    fn odd_spacing_still_finds_each_word() {
        // Double spaces, a leading space, a line break and punctuation: the review screen once
        // assumed single spaces and painted the wrong words here.
        let t = transcript(
            "  So,  um\nI  think it was  mine.",
            &["So,", "um", "I", "think", "it", "was", "mine."],
        );
        let sources = Sources {
            fillers: vec![WordRun { first: 1, count: 1 }],
            hedges: vec![WordRun { first: 2, count: 2 }],
            evidence: vec![ev("ine", 28, Effect::Raises)],
            ..Sources::default()
        };
        let h = highlight(&t, &sources);
        assert_eq!(
            h.word_chars,
            [
                Some(2..5),
                Some(7..9),
                Some(10..11),
                Some(13..18),
                Some(19..21),
                Some(22..25),
                Some(27..32),
            ]
        );
        let mut kinds = h.word_kinds().into_iter().map(Kind::main_mark);
        assert_eq!(kinds.next(), Some(MainMark::Plain));
        assert_eq!(kinds.next(), Some(MainMark::Filler));
        assert_eq!(kinds.next(), Some(MainMark::Hedge));
        assert_eq!(kinds.next(), Some(MainMark::Hedge));
        assert_eq!(kinds.next(), Some(MainMark::Plain));
        assert_eq!(kinds.next(), Some(MainMark::Plain));
        // The evidence "ine" is at 28, inside the word "mine." that starts at 27: the word
        // takes the kind of the character it starts with.
        assert_eq!(kinds.next(), Some(MainMark::Plain));
        let hedge: Vec<_> = h
            .segments
            .iter()
            .filter(|s| s.kind.token == Token::Hedge)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(hedge, ["I  think"]);
        assert!(
            h.segments
                .iter()
                .any(|s| s.text == "ine" && s.kind.main_mark() == MainMark::Raises)
        );
    }

    #[test]
    fn offsets_that_do_not_match_the_text_are_skipped() {
        let t = transcript("It was my fault", &["It", "was", "my", "fault"]);
        let sources = Sources {
            evidence: vec![
                // The text was edited: the offsets now cover "was my", not "my fault".
                Stretch {
                    start: 3,
                    end: 9,
                    text: "my fault",
                    what: Effect::Raises,
                },
                // Past the end.
                Stretch {
                    start: 10,
                    end: 400,
                    text: "fault",
                    what: Effect::Lowers,
                },
                // Reversed.
                Stretch {
                    start: 9,
                    end: 3,
                    text: "",
                    what: Effect::Lowers,
                },
            ],
            parts: vec![Stretch {
                start: 0,
                end: 99,
                text: "It was my fault",
                what: Part::OwnIt,
            }],
            // Words past the end of the list.
            fillers: vec![WordRun { first: 7, count: 2 }],
            hedges: vec![WordRun {
                first: usize::MAX,
                count: usize::MAX,
            }],
        };
        let h = highlight(&t, &sources);
        assert_eq!(h.segments.len(), 1);
        assert_eq!(h.segments[0].kind, Kind::PLAIN);
        assert_eq!(h.segments[0].words, 0..4);
    }

    #[test]
    fn words_missing_from_the_text_are_not_guessed() {
        let t = transcript("I fixed it", &["I", "really", "fixed", "it"]);
        let sources = Sources {
            fillers: vec![WordRun { first: 1, count: 1 }],
            ..Sources::default()
        };
        let h = highlight(&t, &sources);
        assert_eq!(h.word_chars, [Some(0..1), None, Some(2..7), Some(8..10)]);
        // The filler is the missing word, so nothing is painted.
        assert!(h.segments.iter().all(|s| s.kind == Kind::PLAIN));
        // The missing word sits between found words of the one segment, so it is counted in.
        assert_eq!(h.segments[0].words, 0..4);
        // A run starting or ending on a missing word is not painted either.
        let sources = Sources {
            hedges: vec![WordRun { first: 0, count: 2 }],
            ..Sources::default()
        };
        assert!(
            highlight(&t, &sources)
                .segments
                .iter()
                .all(|s| s.kind == Kind::PLAIN)
        );
    }

    #[test]
    fn long_evidence_is_not_painted() {
        let text = "x".repeat(MAX_HIGHLIGHT_CHARS + 1);
        let t = transcript(&text, &[&text]);
        let h = highlight(
            &t,
            &Sources {
                evidence: vec![ev(&text, 0, Effect::Lowers)],
                ..Sources::default()
            },
        );
        assert_eq!(h.segments[0].kind, Kind::PLAIN);
        let text = "x".repeat(MAX_HIGHLIGHT_CHARS);
        let t = transcript(&text, &[&text]);
        let h = highlight(
            &t,
            &Sources {
                evidence: vec![ev(&text, 0, Effect::Lowers)],
                ..Sources::default()
            },
        );
        assert_eq!(h.segments[0].kind.main_mark(), MainMark::Lowers);
    }

    #[test]
    fn precedence_lowers_over_raises_fillers_over_hedges_innermost_part() {
        let t = transcript(
            "um I guess it was on me",
            &["um", "I", "guess", "it", "was", "on", "me"],
        );
        let sources = Sources {
            evidence: vec![
                ev("it was on me", 11, Effect::Lowers),
                ev("was on me", 14, Effect::Raises),
            ],
            parts: vec![
                Stretch {
                    start: 0,
                    end: 23,
                    text: "um I guess it was on me",
                    what: Part::OwnIt,
                },
                Stretch {
                    start: 3,
                    end: 10,
                    text: "I guess",
                    what: Part::ContextualizeIt,
                },
            ],
            hedges: vec![WordRun { first: 0, count: 3 }],
            fillers: vec![WordRun { first: 0, count: 0 }],
        };
        let h = highlight(&t, &sources);
        let kinds = h.word_kinds();
        assert_eq!(kinds[0].token, Token::Filler);
        assert_eq!(kinds[1].token, Token::Hedge);
        assert_eq!(kinds[1].part, Some(Part::ContextualizeIt));
        assert_eq!(kinds[3].part, Some(Part::OwnIt));
        // Lowering evidence stays lowering where raising evidence overlaps it.
        assert!(
            kinds[4..]
                .iter()
                .all(|k| k.evidence == Some(Effect::Lowers))
        );
        // Filler and hedge win the single mark over evidence; both layers are still there.
        assert_eq!(kinds[0].main_mark(), MainMark::Filler);
    }

    #[test]
    fn multibyte_text_uses_character_offsets() {
        let t = transcript(
            "Zoë said café, um, twice",
            &["Zoë", "said", "café,", "um,", "twice"],
        );
        let sources = Sources {
            evidence: vec![ev("café", 9, Effect::Raises)],
            fillers: vec![WordRun { first: 3, count: 1 }],
            ..Sources::default()
        };
        let h = highlight(&t, &sources);
        assert_eq!(h.word_chars[2], Some(9..14));
        let painted: Vec<_> = h
            .segments
            .iter()
            .filter(|s| s.kind != Kind::PLAIN)
            .map(|s| (s.text.as_str(), s.kind.main_mark()))
            .collect();
        assert_eq!(
            painted,
            [("café", MainMark::Raises), ("um,", MainMark::Filler)]
        );
    }

    #[test]
    fn an_empty_transcript_has_no_segments() {
        let h = highlight(&Transcript::default(), &Sources::default());
        assert!(h.segments.is_empty());
        assert!(h.word_kinds().is_empty());
    }
}
