//! Comparing an attempt with the user's other attempts: how much of its wording repeats an
//! earlier attempt at the same question, how its delivery compares with the user's unrehearsed
//! answers, whether it follows the notes attached to the question word for word, and what
//! changed since the previous attempt. Pure: plain views of attempts in, a [`Comparison`] out;
//! `sessions` gathers the attempts and notes, the window and the CLI show the result.
//!
//! "Sounds recited" is said only when two independent signals agree: a large share of the
//! answer repeats one earlier attempt word for word, *and* the voice was flatter or the pace
//! more even than in the user's own unrehearsed answers. Repeating words alone is practice
//! (people settle on phrasings); a flat voice alone is how some people speak or how a bad day
//! sounds. Never on a first attempt, never without a baseline.

pub mod delivery;
pub mod notes;
pub mod overlap;
pub mod progress;
pub mod render;

use std::collections::HashSet;

use serde::Serialize;

use crate::analysis::{SpeechMetrics, Word};
use crate::coaching::ScoreReport;
use crate::format::day_month_year;
use crate::highlight::word_char_ranges;
use delivery::{Baseline, DeliveryProfile, relative};
use notes::NotesCheck;
use overlap::{Stretch, Words};
use progress::Progress;

/// The thresholds of the comparison, each with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecitalSettings {
    /// The shortest word sequence that counts as repeated word for word. Copy detectors use
    /// word trigrams (Lyon, Malcolm and Dickerson 2001); four words keeps common three-word
    /// phrases ("I want to", "a lot of") from counting, so two wordings of the same content
    /// stay apart.
    pub min_match_words: usize,
    /// A share of the answer repeated from one earlier attempt at least this large is "mostly
    /// the same words". Set here: two wordings of the same content by one person share well
    /// under a third of their words in four-word runs (the project's paraphrase tests), a
    /// memorised answer re-spoken and transcribed again shares most of them.
    pub repeated_share: f64,
    /// Pitch variation at least this much lower than the user's baseline is "flatter".
    /// Pitch variation tracks how lively listeners find a speaker (Hincks 2005, r = .83 over
    /// 10 s windows); a quarter less is set here as clearly beyond the answer-to-answer spread
    /// of one speaker.
    pub flatter_pitch: f64,
    /// A pace spread at least this much lower than the baseline is "unusually even": recited
    /// speech keeps one rhythm, spontaneous speech speeds up and slows down as it is planned.
    pub even_pace: f64,
    /// The baseline needs at least this many unrehearsed answers; with fewer there is no
    /// "unusual" to speak of, and no recital note.
    pub min_baseline_answers: usize,
}

impl Default for RecitalSettings {
    fn default() -> Self {
        Self {
            min_match_words: 4,
            repeated_share: 0.6,
            flatter_pitch: 0.25,
            even_pace: 0.25,
            min_baseline_answers: 2,
        }
    }
}

/// What the comparison needs of one attempt.
#[derive(Debug, Clone, Copy)]
pub struct AttemptView<'a> {
    /// The attempt's id (uid), so results can name it.
    pub uid: &'a str,
    /// The attempt's folder name. It starts with the time in milliseconds, so it orders
    /// attempts made within the same second.
    pub id: &'a str,
    /// The question's bank id.
    pub question_id: &'a str,
    /// When it was recorded, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The transcript text.
    pub text: &'a str,
    /// The transcript's timed words, to give repeated stretches their moment.
    pub words: &'a [Word],
    /// Its delivery metrics.
    pub metrics: &'a SpeechMetrics,
    /// Its score, when it was scored.
    pub score: Option<&'a ScoreReport>,
    /// Whether it was part of a mock interview (questions drawn at random, so answered
    /// without rehearsing that answer just before).
    pub mock: bool,
}

impl AttemptView<'_> {
    /// Whether `self` was recorded before `other` (ties broken by folder name, then uid, so the
    /// order is total).
    fn before(&self, other: &AttemptView<'_>) -> bool {
        (self.created_unix, self.id, self.uid) < (other.created_unix, other.id, other.uid)
    }
}

/// The earlier attempt this answer repeats most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeated {
    /// That attempt's uid.
    pub uid: String,
    /// When it was recorded.
    pub created_unix: u64,
    /// Share (0-1) of this answer's words repeated from it word for word.
    pub share: f64,
    /// The repeated stretches, in this answer's order.
    pub stretches: Vec<Stretch>,
    /// When each stretch starts in this answer's recording, seconds (`None` where the
    /// transcript's words could not be placed in its text).
    pub stretch_starts_s: Vec<Option<f64>>,
}

/// The verdict on whether the answer sounds recited, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recital {
    /// Whether the signals agree that it sounds recited.
    pub sounds_recited: bool,
    /// Pitch variation relative to the baseline (-0.4 = 40% less), when both are known.
    pub pitch_change: Option<f64>,
    /// Pace spread relative to the baseline, when both are known.
    pub pace_spread_change: Option<f64>,
    /// Fillers per minute relative to the baseline, when both are known (shown, not used for
    /// the verdict: fewer fillers is also what good practice produces).
    pub fillers_change: Option<f64>,
    /// The explanation in plain words: the note when it sounds recited, otherwise why not.
    pub message: String,
}

/// Everything the review and `sessions compare` show about one attempt against the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The attempt compared.
    pub uid: String,
    /// Earlier attempts at the same question.
    pub earlier_attempts: usize,
    /// Whether this attempt is itself unrehearsed (a first attempt or a mock-interview answer).
    pub unrehearsed: bool,
    /// The earlier attempt it repeats most, when it repeats any.
    pub repeated: Option<Repeated>,
    /// This attempt's delivery profile.
    pub delivery: DeliveryProfile,
    /// The user's unrehearsed baseline (this attempt left out).
    pub baseline: Baseline,
    /// The recital verdict.
    pub recital: Recital,
    /// The check against the question's notes, when there are notes.
    pub notes: Option<NotesCheck>,
    /// What changed since the previous attempt at the same question.
    pub progress: Option<Progress>,
}

/// Which attempts of `sorted` (oldest first) are unrehearsed: mock-interview answers, and the
/// first attempt at each question.
fn unrehearsed_flags(sorted: &[AttemptView<'_>]) -> Vec<bool> {
    let mut seen = HashSet::new();
    // `|`, not `||`: a mock answer still makes its question seen.
    sorted
        .iter()
        .map(|a| seen.insert(a.question_id) | a.mock)
        .collect()
}

/// The earlier attempt (of `earlier`, prepared as `words`) that `this` repeats most.
fn most_repeated(
    this: &Words,
    earlier: &[AttemptView<'_>],
    words: &[Words],
    n: usize,
) -> Option<Repeated> {
    earlier
        .iter()
        .zip(words)
        .map(|(e, w)| (e, overlap::overlap(this, w, n)))
        .filter(|(_, o)| o.share > 0.0)
        // The latest of equally repeated attempts: it is the one the user remembers.
        .max_by(|(ea, a), (eb, b)| {
            a.share
                .total_cmp(&b.share)
                .then(ea.created_unix.cmp(&eb.created_unix))
        })
        .map(|(e, o)| Repeated {
            uid: e.uid.to_string(),
            created_unix: e.created_unix,
            share: o.share,
            stretches: o.stretches,
            stretch_starts_s: Vec::new(),
        })
}

/// Compares `current` with `others` (the same user's other attempts, any question, any order),
/// and with `notes` (the notes attached to its question, if any).
pub fn compare(
    current: &AttemptView<'_>,
    others: &[AttemptView<'_>],
    notes: Option<&str>,
    settings: &RecitalSettings,
) -> Comparison {
    let n = settings.min_match_words;
    let mut all: Vec<AttemptView<'_>> = others
        .iter()
        .filter(|o| o.uid != current.uid)
        .copied()
        .collect();
    all.sort_by(|a, b| (a.created_unix, a.id, a.uid).cmp(&(b.created_unix, b.id, b.uid)));
    let earlier: Vec<AttemptView<'_>> = all
        .iter()
        .filter(|o| o.question_id == current.question_id && o.before(current))
        .copied()
        .collect();
    let this = Words::of(current.text);
    let earlier_words: Vec<Words> = earlier.iter().map(|e| Words::of(e.text)).collect();
    let mut repeated = most_repeated(&this, &earlier, &earlier_words, n);
    if let Some(r) = &mut repeated {
        r.stretch_starts_s = starts_s(current, &r.stretches);
    }

    // The current attempt takes its place in time, so an attempt after it at the same question
    // is not mistaken for a first attempt; it is then left out of its own baseline.
    let mut timeline = all.clone();
    let at = timeline.partition_point(|o| o.before(current));
    timeline.insert(at, *current);
    let flags = unrehearsed_flags(&timeline);
    let baseline_profiles: Vec<DeliveryProfile> = timeline
        .iter()
        .zip(&flags)
        .filter(|(o, first)| **first && o.uid != current.uid)
        .map(|(o, _)| DeliveryProfile::of(o.metrics))
        .collect();
    let baseline = Baseline::of(&baseline_profiles);
    let delivery = DeliveryProfile::of(current.metrics);
    let recital = judge(
        &delivery,
        &baseline,
        repeated.as_ref(),
        earlier.len(),
        settings,
    );

    let notes = notes.and_then(|t| notes::check(current.text, t, n, settings.repeated_share));
    let progress = earlier.last().map(|prev| {
        let k = earlier.len() - 1;
        let prev_words = &earlier_words[k];
        let prev_repeated = most_repeated(prev_words, &earlier[..k], &earlier_words[..k], n);
        Progress::between(
            prev,
            current,
            prev_repeated.map(|r| r.share),
            repeated.as_ref().map(|r| r.share),
        )
    });
    Comparison {
        uid: current.uid.to_string(),
        earlier_attempts: earlier.len(),
        unrehearsed: flags[at],
        repeated,
        delivery,
        baseline,
        recital,
        notes,
        progress,
    }
}

/// The moment each stretch of `view`'s text starts: the start of the first timed word that
/// ends inside or after the stretch's first character.
fn starts_s(view: &AttemptView<'_>, stretches: &[Stretch]) -> Vec<Option<f64>> {
    let ranges = word_char_ranges(view.text, view.words);
    stretches
        .iter()
        .map(|s| {
            ranges
                .iter()
                .zip(view.words)
                .find(|(r, _)| r.as_ref().is_some_and(|r| r.end > s.chars.start))
                .map(|(_, w)| w.start)
        })
        .collect()
}

/// What changed at each attempt of `views` since the previous attempt at its question (`None`
/// for first attempts), for History. Each text is prepared once, so a long history costs one
/// pass per question.
pub fn progress_of_all(
    views: &[AttemptView<'_>],
    settings: &RecitalSettings,
) -> Vec<Option<Progress>> {
    let words: Vec<Words> = views.iter().map(|v| Words::of(v.text)).collect();
    let mut order: Vec<usize> = (0..views.len()).collect();
    order.sort_by(|&a, &b| {
        let (va, vb) = (&views[a], &views[b]);
        (va.created_unix, va.id, va.uid).cmp(&(vb.created_unix, vb.id, vb.uid))
    });
    let n = settings.min_match_words;
    let mut out: Vec<Option<Progress>> = vec![None; views.len()];
    // Per attempt, the share it repeats from the attempts before it.
    let mut shares: Vec<Option<f64>> = vec![None; views.len()];
    for (k, &i) in order.iter().enumerate() {
        let earlier: Vec<usize> = order[..k]
            .iter()
            .copied()
            .filter(|&j| views[j].question_id == views[i].question_id)
            .collect();
        let Some(&prev) = earlier.last() else {
            continue;
        };
        shares[i] = earlier
            .iter()
            .map(|&j| overlap::overlap(&words[i], &words[j], n).share)
            // As in `most_repeated`: an attempt that repeats nothing has no repeated attempt.
            .filter(|s| *s > 0.0)
            .max_by(f64::total_cmp);
        out[i] = Some(Progress::between(
            &views[prev],
            &views[i],
            shares[prev],
            shares[i],
        ));
    }
    out
}

/// Whole percent of a share or a relative change, for messages.
fn pct(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The recital verdict: repeated wording and a flatter or more even delivery than the baseline,
/// both needed.
fn judge(
    d: &DeliveryProfile,
    b: &Baseline,
    repeated: Option<&Repeated>,
    earlier: usize,
    s: &RecitalSettings,
) -> Recital {
    let pitch_change = relative(d.pitch_sd_semitones, b.pitch_sd_semitones);
    let pace_spread_change = relative(d.pace_spread, b.pace_spread);
    let fillers_change = relative(Some(d.fillers_per_min), b.fillers_per_min);
    let flatter = pitch_change.is_some_and(|c| c <= -s.flatter_pitch);
    let even = pace_spread_change.is_some_and(|c| c <= -s.even_pace);
    let verdict = |sounds_recited, message: String| Recital {
        sounds_recited,
        pitch_change,
        pace_spread_change,
        fillers_change,
        message,
    };
    if earlier == 0 {
        return verdict(
            false,
            "This is your first attempt at this question: there is nothing to compare its words with yet.".into(),
        );
    }
    let Some(r) = repeated.filter(|r| r.share >= s.repeated_share) else {
        let share = repeated.map_or(0, |r| pct(r.share));
        return verdict(
            false,
            format!(
                "Only {share}% of this answer repeats an earlier attempt word for word: you are telling it, not reciting it."
            ),
        );
    };
    let repeats = format!(
        "{}% of this answer repeats your {} attempt word for word",
        pct(r.share),
        day_month_year(r.created_unix)
    );
    if b.answers < s.min_baseline_answers {
        return verdict(
            false,
            format!(
                "{repeats}. Whether it sounds recited needs your natural delivery to compare with: answer {} more question(s) you have not practised (or do a mock interview).",
                s.min_baseline_answers - b.answers
            ),
        );
    }
    let mut how = Vec::new();
    if flatter && let Some(c) = pitch_change {
        how.push(format!(
            "your pitch varied {}% less than in your unrehearsed answers",
            pct(-c)
        ));
    }
    if even && let Some(c) = pace_spread_change {
        how.push(format!(
            "your pace was {}% more even than in your unrehearsed answers",
            pct(-c)
        ));
    }
    if how.is_empty() {
        let measured = match (pitch_change.is_some(), pace_spread_change.is_some()) {
            (true, true) => Some("pitch and pace"),
            (true, false) => Some("pitch"),
            (false, true) => Some("pace"),
            (false, false) => None,
        };
        let why = match measured {
            Some(what) => format!(
                "but your {what} varied as much as in your unrehearsed answers: it sounds practised, not recited"
            ),
            None => "but this recording has no pitch or pace measures to compare with your unrehearsed answers, so it is not called recited".into(),
        };
        return verdict(false, format!("{repeats}, {why}."));
    }
    verdict(
        true,
        format!(
            "{repeats}; {}. Keep the structure, change the words.",
            how.join(", and ")
        ),
    )
}

#[cfg(test)]
mod tests;
