//! Plain-language notes on delivery (pace, fillers, pauses, hedges), judged against the settings.

use serde::{Deserialize, Serialize};

use super::metrics::SpeechMetrics;
use super::settings::MetricSettings;

/// How a delivery aspect went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Within the recommended range.
    Good,
    /// Near an edge; worth watching.
    Watch,
    /// Outside the range; work on it next.
    WorkOn,
}

/// One note about delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryNote {
    /// "pace", "fillers", "pauses" or "hedges".
    pub aspect: String,
    /// How it went.
    pub level: Level,
    /// What happened and what to do, in a sentence or two.
    pub message: String,
}

fn note(aspect: &str, level: Level, message: String) -> DeliveryNote {
    DeliveryNote {
        aspect: aspect.into(),
        level,
        message,
    }
}

/// Judges the metrics against the thresholds. Returns nothing for an empty answer.
pub fn delivery_notes(m: &SpeechMetrics, s: &MetricSettings) -> Vec<DeliveryNote> {
    if m.words == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let band = format!("{:.0}-{:.0}", s.pace_low_wpm, s.pace_high_wpm);
    let wpm = m.wpm.round();
    out.push(if m.wpm > s.pace_hard_high_wpm {
        note(
            "pace",
            Level::WorkOn,
            format!("{wpm} words per minute is fast enough to lose listeners. Slow down to {band}: pause after each key point."),
        )
    } else if m.wpm > s.pace_high_wpm {
        note(
            "pace",
            Level::Watch,
            format!("{wpm} words per minute is on the quick side; aim for {band} so each point lands."),
        )
    } else if m.wpm < s.pace_hard_low_wpm {
        note(
            "pace",
            Level::WorkOn,
            format!("{wpm} words per minute sounds hesitant. Practise until the story flows at {band}."),
        )
    } else if m.wpm < s.pace_low_wpm {
        note(
            "pace",
            Level::Watch,
            format!("{wpm} words per minute is a little slow; aim for {band}."),
        )
    } else {
        note("pace", Level::Good, format!("{wpm} words per minute: a comfortable pace."))
    });

    let fpm = m.fillers_per_min;
    let n = m.fillers.len();
    out.push(if fpm > s.fillers_bad_per_min {
        note(
            "fillers",
            Level::WorkOn,
            format!("{n} filler words ({fpm:.1} a minute). Listeners rate answers lower above {:.0} a minute: replace each \"um\" with a short silent pause.", s.fillers_bad_per_min),
        )
    } else if fpm > s.fillers_ok_per_min {
        note(
            "fillers",
            Level::Watch,
            format!("{n} filler words ({fpm:.1} a minute); under {:.0} a minute goes unnoticed.", s.fillers_ok_per_min),
        )
    } else {
        note("fillers", Level::Good, format!("{n} filler words ({fpm:.1} a minute): hardly noticeable."))
    });

    let mid: Vec<_> = m.pauses.iter().filter(|p| p.mid_sentence).collect();
    out.push(if mid.len() >= 2 {
        note(
            "pauses",
            Level::WorkOn,
            format!("{} long pauses in the middle of sentences (longest {:.1} s). Pauses at the end of a sentence sound confident; mid-sentence they sound unsure. Know your next sentence before you start it.", mid.len(), m.longest_pause_s),
        )
    } else if !m.pauses.is_empty() {
        note(
            "pauses",
            Level::Watch,
            format!("{} pause(s) of {:.1} s or more (longest {:.1} s).", m.pauses.len(), s.pause_threshold_s, m.longest_pause_s),
        )
    } else {
        note("pauses", Level::Good, "No long pauses.".into())
    });

    if !m.hedges.is_empty() {
        let examples: Vec<&str> = m.hedges.iter().take(3).map(|h| h.text.as_str()).collect();
        out.push(note(
            "hedges",
            if m.hedges.len() >= 3 {
                Level::WorkOn
            } else {
                Level::Watch
            },
            format!(
                "{} hedge(s) (\"{}\"). Say what you did and what you learned plainly.",
                m.hedges.len(),
                examples.join("\", \"")
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Transcript, Word, compute_metrics};

    fn metrics_for(n_words: usize, seconds: f64, filler_every: usize) -> SpeechMetrics {
        let step = seconds / n_words as f64;
        let words = (0..n_words)
            .map(|i| {
                let w = if filler_every > 0 && i % filler_every == 0 {
                    "um"
                } else {
                    "word"
                };
                Word::new(w, i as f64 * step, (i as f64 + 0.9) * step)
            })
            .collect();
        compute_metrics(
            &Transcript::from_words(words),
            seconds,
            None,
            &MetricSettings::default(),
        )
    }

    fn level(notes: &[DeliveryNote], aspect: &str) -> Level {
        notes
            .iter()
            .find(|n| n.aspect == aspect)
            .map(|n| n.level)
            .unwrap()
    }

    #[test]
    fn pace_levels_follow_the_band() {
        let s = MetricSettings::default();
        assert_eq!(
            level(&delivery_notes(&metrics_for(140, 60.0, 0), &s), "pace"),
            Level::Good
        );
        assert_eq!(
            level(&delivery_notes(&metrics_for(220, 60.0, 0), &s), "pace"),
            Level::WorkOn
        );
        assert_eq!(
            level(&delivery_notes(&metrics_for(110, 60.0, 0), &s), "pace"),
            Level::Watch
        );
    }

    #[test]
    fn filler_levels_follow_the_study_thresholds() {
        let s = MetricSettings::default();
        // one "um" in every 10 words at ~150 words/min: ~15 fillers a minute.
        assert_eq!(
            level(&delivery_notes(&metrics_for(150, 60.0, 10), &s), "fillers"),
            Level::WorkOn
        );
        assert_eq!(
            level(&delivery_notes(&metrics_for(150, 60.0, 20), &s), "fillers"),
            Level::Watch
        );
        assert_eq!(
            level(&delivery_notes(&metrics_for(150, 60.0, 0), &s), "fillers"),
            Level::Good
        );
    }

    #[test]
    fn empty_answer_has_no_notes() {
        assert!(delivery_notes(&metrics_for(0, 1.0, 0), &MetricSettings::default()).is_empty());
    }
}
