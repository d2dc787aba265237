//! The comparison in plain text, as `sessions compare` prints it. The window draws the same
//! facts with the same sentences ([`Comparison::lines`]).

use super::{Comparison, pct};
use crate::format::{clip, day_month_year, mmss};

/// How many repeated stretches are quoted; the rest are counted.
pub const QUOTED_STRETCHES: usize = 5;

/// One line of the comparison and whether it is a warning (shown in the warning colour).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Whether it asks for attention.
    pub warn: bool,
}

impl Comparison {
    /// The verdict and its evidence as lines, in reading order: the recital verdict, the
    /// repeated stretches, the delivery against the baseline, and the notes check.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut say = |text: String, warn: bool| out.push(Line { text, warn });
        say(
            if self.recital.sounds_recited {
                format!("Sounds recited: {}", self.recital.message)
            } else {
                self.recital.message.clone()
            },
            self.recital.sounds_recited,
        );
        if let Some(r) = &self.repeated {
            for (s, at) in r
                .stretches
                .iter()
                .zip(&r.stretch_starts_s)
                .take(QUOTED_STRETCHES)
            {
                let at = at.map(|t| format!(" at {}", mmss(t))).unwrap_or_default();
                say(
                    format!(
                        "  repeated{at}: \"{}\" ({} words)",
                        clip(&s.text, 90),
                        s.words
                    ),
                    false,
                );
            }
            if r.stretches.len() > QUOTED_STRETCHES {
                say(
                    format!(
                        "  and {} more repeated stretches",
                        r.stretches.len() - QUOTED_STRETCHES
                    ),
                    false,
                );
            }
        }
        let b = &self.baseline;
        if b.answers == 0 {
            say(
                "No unrehearsed answers yet to compare your delivery with (first attempts and mock-interview answers make your baseline).".into(),
                false,
            );
        } else {
            say(
                format!("Delivery against your {} unrehearsed answer(s):", b.answers),
                false,
            );
            let d = &self.delivery;
            let mut row =
                |name: &str, now: Option<f64>, base: Option<f64>, unit: &str, digits: usize| {
                    if let (Some(n), Some(bv)) = (now, base) {
                        let change = super::delivery::relative(Some(n), Some(bv))
                            .map(|c| format!(" ({:+}%)", pct(c)))
                            .unwrap_or_default();
                        say(
                            format!(
                                "  {name}: {n:.digits$}{unit} against {bv:.digits$}{unit}{change}"
                            ),
                            false,
                        );
                    }
                };
            row(
                "pitch variation",
                d.pitch_sd_semitones,
                b.pitch_sd_semitones,
                " semitones",
                1,
            );
            row(
                "pace spread between 10 s windows",
                d.pace_spread,
                b.pace_spread,
                "",
                2,
            );
            row(
                "fillers",
                Some(d.fillers_per_min),
                b.fillers_per_min,
                " a minute",
                1,
            );
            row(
                "long pauses",
                Some(d.pauses_per_min),
                b.pauses_per_min,
                " a minute",
                1,
            );
            row(
                "articulation",
                d.articulation_rate,
                b.articulation_rate,
                " syllables/s",
                1,
            );
        }
        if let Some(n) = &self.notes {
            let verbatim = pct(n.verbatim_share);
            let read = n.read_back;
            say(
                format!(
                    "Your notes: {} of {} points covered; {verbatim}% of the answer follows them word for word{}",
                    n.covered(),
                    n.points.len(),
                    if read {
                        ": speak from the points, not the script"
                    } else {
                        ""
                    }
                ),
                read,
            );
            for p in &n.points {
                let mark = if p.covered { "covered" } else { "missed" };
                let missing = if p.covered || p.missing.is_empty() {
                    String::new()
                } else {
                    format!(" (not heard: {})", p.missing.join(", "))
                };
                say(format!("  {mark}: {}{missing}", clip(&p.text, 90)), false);
            }
        }
        out
    }

    /// The whole comparison as text for a terminal.
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        for l in self.lines() {
            s.push_str(&l.text);
            s.push('\n');
        }
        if let Some(p) = &self.progress {
            s.push_str(&format!(
                "Since your {} attempt: {}\n",
                day_month_year(p.previous_created_unix),
                p.summary
            ));
            for c in &p.changes {
                let digits = if c.key == "repeated_share" { 2 } else { 1 };
                s.push_str(&format!(
                    "  {:<36} {:>7.digits$} -> {:>7.digits$}\n",
                    c.label, c.before, c.now
                ));
            }
        }
        s
    }
}
