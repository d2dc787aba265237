//! Plain-language notes on delivery (pace, fillers, pauses, hedges, pitch, loudness), judged
//! against the settings.

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
    /// "pace", "fillers", "pauses", "hedges", "articulation", "pitch" or "loudness".
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

    if let Some(rate) = m.articulation_rate {
        out.push(note(
            "articulation",
            Level::Good,
            format!("While speaking you articulate {rate:.1} syllables per second; pauses are not counted in this rate, so it tells fast speech apart from a fast pace."),
        ));
    }
    out.extend(pitch_note(m, s));
    out.extend(loudness_note(m));

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

/// A time as minutes and seconds ("0:20").
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Pitch variation: the flattest stretch named with its times, or the whole answer judged.
fn pitch_note(m: &SpeechMetrics, s: &MetricSettings) -> Option<DeliveryNote> {
    let p = m.pitch.as_ref()?;
    let threshold = s.monotone_sd_semitones;
    if p.sd_semitones < threshold {
        return Some(note(
            "pitch",
            Level::WorkOn,
            format!(
                "Your pitch varied by only {:.1} semitones over the whole answer (lively speech moves more than {threshold:.0}): it sounds monotone. Lift your voice on the words that matter: the change you made, the result you are proud of.",
                p.sd_semitones
            ),
        ));
    }
    if let Some(flat) = p
        .monotone
        .iter()
        .max_by(|a, b| (a.end - a.start).total_cmp(&(b.end - b.start)))
    {
        return Some(note(
            "pitch",
            Level::Watch,
            format!(
                "Your pitch stayed within {:.1} semitones from {} to {}: stress the result you are proud of, and let your voice rise and fall there.",
                flat.sd_semitones,
                clock(flat.start),
                clock(flat.end)
            ),
        ));
    }
    Some(note(
        "pitch",
        Level::Good,
        format!(
            "Your pitch varied by {:.1} semitones: your voice sounds engaged.",
            p.sd_semitones
        ),
    ))
}

/// Phrases whose ends faded: named with the first one's time.
fn loudness_note(m: &SpeechMetrics) -> Option<DeliveryNote> {
    let l = m.loudness.as_ref()?;
    let first = l.trailing_off.first()?;
    let n = l.trailing_off.len();
    Some(note(
        "loudness",
        if n >= 3 { Level::WorkOn } else { Level::Watch },
        format!(
            "Your voice faded at the end of {n} phrase(s) (first at {}, {:.0} dB quieter at the end than at the start): keep your voice up through the last word, where the point usually is.",
            clock(first.start),
            first.drop_db
        ),
    ))
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
    fn pitch_notes_name_the_flat_stretch_and_loudness_the_fade() {
        use crate::analysis::voice::loudness::{LoudnessMetrics, TrailingOff};
        use crate::analysis::voice::variation::{MonotoneStretch, PitchMetrics};
        let s = MetricSettings::default();
        let mut m = metrics_for(140, 60.0, 0);
        assert!(delivery_notes(&m, &s).iter().all(|n| n.aspect != "pitch"));
        m.pitch = Some(PitchMetrics {
            median_hz: 120.0,
            sd_semitones: 3.1,
            windows: Vec::new(),
            monotone: vec![MonotoneStretch {
                start: 20.0,
                end: 45.0,
                sd_semitones: 1.44,
            }],
            contour: Vec::new(),
        });
        m.loudness = Some(LoudnessMetrics {
            sd_db: 3.0,
            trailing_off: vec![TrailingOff {
                start: 12.0,
                end: 14.5,
                drop_db: 11.2,
            }],
            phrases: 9,
        });
        let notes = delivery_notes(&m, &s);
        let pitch = notes.iter().find(|n| n.aspect == "pitch").unwrap();
        assert_eq!(pitch.level, Level::Watch);
        assert!(
            pitch
                .message
                .contains("within 1.4 semitones from 0:20 to 0:45"),
            "{}",
            pitch.message
        );
        assert_eq!(level(&notes, "loudness"), Level::Watch);
        if let Some(p) = m.pitch.as_mut() {
            p.sd_semitones = 1.2;
        }
        assert_eq!(level(&delivery_notes(&m, &s), "pitch"), Level::WorkOn);
    }

    #[test]
    fn empty_answer_has_no_notes() {
        assert!(delivery_notes(&metrics_for(0, 1.0, 0), &MetricSettings::default()).is_empty());
    }
}
