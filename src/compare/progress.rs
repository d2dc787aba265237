//! What changed since the previous attempt at the same question, in numbers and in one line of
//! plain words, for the review after "Try again" and for History.

use serde::Serialize;

use super::{AttemptView, pct};

/// Which way is better for a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// A higher value is better (scores, pitch variation).
    Higher,
    /// A lower value is better (fillers, repeated wording).
    Lower,
    /// Neither: length is good or bad only against a target, which the brevity score judges.
    Neither,
}

/// One measure before and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Stable key (`overall`, a dimension key, `length_s`, `fillers_per_min`, `long_pauses`,
    /// `wpm`, `pitch_sd_semitones`, `repeated_share`).
    pub key: String,
    /// What it is, for people.
    pub label: String,
    /// The previous attempt's value.
    pub before: f64,
    /// This attempt's value.
    pub now: f64,
    /// Which way is better.
    pub better: Better,
}

impl Change {
    /// Whether it got better (`Some(true)`), worse (`Some(false)`), or neither / unchanged.
    pub fn improved(&self) -> Option<bool> {
        let d = self.now - self.before;
        if d.abs() < 1e-9 {
            return None;
        }
        match self.better {
            Better::Higher => Some(d > 0.0),
            Better::Lower => Some(d < 0.0),
            Better::Neither => None,
        }
    }

    /// The change in a few words ("overall +17", "12 s shorter").
    pub fn short(&self) -> String {
        let d = self.now - self.before;
        match self.key.as_str() {
            "length_s" if d < 0.0 => format!("{:.0} s shorter", -d),
            "length_s" => format!("{d:.0} s longer"),
            "fillers_per_min" => format!("fillers {d:+.1}/min"),
            "pitch_sd_semitones" => format!("pitch variation {d:+.1} st"),
            "repeated_share" => format!("{}% word for word", pct(self.now)),
            _ => format!("{} {:+.0}", self.label.to_lowercase(), d),
        }
    }
}

/// What changed since the previous attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The previous attempt's uid.
    pub previous_uid: String,
    /// When it was recorded.
    pub previous_created_unix: u64,
    /// Every measure both attempts have.
    pub changes: Vec<Change>,
    /// The changes that matter, in one line ("overall +17, 12 s shorter, fillers -4.1/min").
    pub summary: String,
}

impl Progress {
    /// The changes from `prev` to `cur`; the repeated shares are each attempt's share repeated
    /// from the attempts before it (`None` when it had none before it).
    pub fn between(
        prev: &AttemptView<'_>,
        cur: &AttemptView<'_>,
        prev_repeated: Option<f64>,
        cur_repeated: Option<f64>,
    ) -> Self {
        let mut changes = Vec::new();
        let mut add = |key: &str, label: &str, before: f64, now: f64, better: Better| {
            changes.push(Change {
                key: key.into(),
                label: label.into(),
                before,
                now,
                better,
            });
        };
        if let (Some(p), Some(c)) = (prev.score, cur.score) {
            add(
                "overall",
                "Overall",
                f64::from(p.overall),
                f64::from(c.overall),
                Better::Higher,
            );
            for ((key, pd), (_, cd)) in p.dimensions.iter().iter().zip(c.dimensions.iter().iter()) {
                add(
                    key,
                    &cd.label,
                    f64::from(pd.score),
                    f64::from(cd.score),
                    Better::Higher,
                );
            }
        }
        let (pm, cm) = (prev.metrics, cur.metrics);
        add(
            "length_s",
            "Length (s)",
            pm.speaking_time_s,
            cm.speaking_time_s,
            Better::Neither,
        );
        add(
            "fillers_per_min",
            "Fillers per minute",
            pm.fillers_per_min,
            cm.fillers_per_min,
            Better::Lower,
        );
        add(
            "long_pauses",
            "Long pauses",
            pm.pauses.len() as f64,
            cm.pauses.len() as f64,
            Better::Lower,
        );
        add("wpm", "Pace (words/min)", pm.wpm, cm.wpm, Better::Neither);
        // Only when both attempts have pitch measures: an older analysis has none.
        if let (Some(p), Some(c)) = (&pm.pitch, &cm.pitch) {
            add(
                "pitch_sd_semitones",
                "Pitch variation (semitones)",
                p.sd_semitones,
                c.sd_semitones,
                Better::Higher,
            );
        }
        if let Some(now) = cur_repeated {
            add(
                "repeated_share",
                "Word for word from earlier attempts",
                prev_repeated.unwrap_or(0.0),
                now,
                Better::Lower,
            );
        }
        let summary = summary(&changes);
        Self {
            previous_uid: prev.uid.to_string(),
            previous_created_unix: prev.created_unix,
            changes,
            summary,
        }
    }
}

/// Changes smaller than these are left out of the summary line (noise, not progress).
fn noticeable(c: &Change) -> bool {
    let d = (c.now - c.before).abs();
    match c.key.as_str() {
        "length_s" => d >= 5.0,
        "fillers_per_min" => d >= 0.5,
        "pitch_sd_semitones" => d >= 0.3,
        "repeated_share" => c.now >= 0.3,
        _ => d >= 1.0,
    }
}

/// The one-line summary: overall, length, fillers, pitch and repeated wording when they changed
/// noticeably; the dimensions stay in the table.
fn summary(changes: &[Change]) -> String {
    const SHOWN: [&str; 5] = [
        "overall",
        "length_s",
        "fillers_per_min",
        "pitch_sd_semitones",
        "repeated_share",
    ];
    let parts: Vec<String> = SHOWN
        .iter()
        .filter_map(|k| changes.iter().find(|c| c.key == *k))
        .filter(|c| noticeable(c))
        .map(Change::short)
        .collect();
    if parts.is_empty() {
        "about the same as last time".into()
    } else {
        parts.join(", ")
    }
}
