//! The analysis report: one document with the transcript, delivery metrics and (once a question
//! is known) the coaching score. Its JSON form is a stable interface that other tools read; the
//! field names below are part of that contract (see README.md, "The analysis report").

use serde::{Deserialize, Serialize};

use crate::analysis::feedback::{DeliveryNote, Level};
use crate::analysis::metrics::FillerSource;
use crate::analysis::{SpeechMetrics, Transcript};
use crate::format::mmss;

/// Version of the report's JSON layout. Bumped only when a field changes meaning or goes away;
/// new fields may appear without a bump.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The model that produced a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelUsed {
    /// Model name ("tiny.en").
    pub name: String,
    /// The model file.
    pub path: String,
    /// SHA-256 of the model file that produced the transcript (hashed when it was loaded, or
    /// when unchanged since its last check, taken from that check): the exact model version
    /// behind a stored result. Absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Pieces transcribed while the answer was being recorded, when it was. Absent for a
    /// recording transcribed in one run after it ended (a file, a re-analysis, or live
    /// transcription that fell back to one run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_pieces: Option<u32>,
}

/// A full analysis of one recorded answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    /// Layout version, [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The recording analysed.
    pub file: String,
    /// The question answered, when given.
    pub question_id: Option<String>,
    /// The recogniser used.
    pub model: ModelUsed,
    /// What was said, with word times in seconds.
    pub transcript: Transcript,
    /// Pace, fillers, pauses and hedges.
    pub metrics: SpeechMetrics,
    /// Plain-language notes on delivery.
    pub delivery: Vec<DeliveryNote>,
    /// The coaching score for the question (present when a question was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<crate::coaching::ScoreReport>,
    /// Things that did not stop the analysis but deserve a look (a cut-off file, no speech).
    pub warnings: Vec<String>,
}

fn level_mark(level: Level) -> &'static str {
    match level {
        Level::Good => "ok  ",
        Level::Watch => "note",
        Level::WorkOn => "fix ",
    }
}

/// Renders the report for a person reading a terminal.
pub fn render_text(r: &AnalysisReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let m = &r.metrics;
    let _ = writeln!(o, "Answer: {}  (model {})", r.file, r.model.name);
    for w in &r.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    let _ = writeln!(
        o,
        "\nTranscript\n  {}",
        if r.transcript.text.is_empty() {
            "(no speech heard)"
        } else {
            &r.transcript.text
        }
    );
    let _ = writeln!(
        o,
        "\nDelivery\n  length {:.1} s, speaking {:.1} s, {} words, {:.0} words/min",
        m.duration_s, m.speaking_time_s, m.words, m.wpm
    );
    if !m.wpm_over_time.is_empty() {
        let pace: Vec<String> = m
            .wpm_over_time
            .iter()
            .map(|w| format!("{}-{} {:.0}", mmss(w.start), mmss(w.end), w.wpm))
            .collect();
        let _ = writeln!(o, "  pace over time: {}", pace.join(" | "));
    }
    let fillers: Vec<String> = m
        .fillers
        .iter()
        .map(|f| match f.source {
            FillerSource::Transcript => format!("\"{}\" at {}", f.text, mmss(f.start)),
            FillerSource::Acoustic => format!("\"{}\" (heard) at {}", f.text, mmss(f.start)),
        })
        .collect();
    let _ = writeln!(
        o,
        "  fillers: {} ({:.1}/min){}{}",
        m.fillers.len(),
        m.fillers_per_min,
        if fillers.is_empty() { "" } else { ": " },
        fillers.join(", ")
    );
    let pauses: Vec<String> = m
        .pauses
        .iter()
        .map(|p| {
            format!(
                "{} ({:.1} s{})",
                mmss(p.start),
                p.len_s(),
                if p.mid_sentence { ", mid-sentence" } else { "" }
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "  long pauses: {} (longest {:.1} s){}{}",
        m.pauses.len(),
        m.longest_pause_s,
        if pauses.is_empty() { "" } else { ": " },
        pauses.join(", ")
    );
    render_voice(&mut o, m);
    if !r.delivery.is_empty() {
        let _ = writeln!(o, "\nWhat to work on");
        for n in &r.delivery {
            let _ = writeln!(o, "  [{}] {}: {}", level_mark(n.level), n.aspect, n.message);
        }
    }
    o
}

/// The voice measures: articulation rate, pitch and loudness, when the answer had audio.
fn render_voice(o: &mut String, m: &crate::analysis::SpeechMetrics) {
    use std::fmt::Write;
    if let Some(rate) = m.articulation_rate {
        let _ = writeln!(o, "  articulation: {rate:.1} syllables/s of speech");
    }
    if let Some(p) = &m.pitch {
        let flat: Vec<String> = p
            .monotone
            .iter()
            .map(|s| {
                format!(
                    "{}-{} ({:.1} st)",
                    mmss(s.start),
                    mmss(s.end),
                    s.sd_semitones
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "  pitch: median {:.0} Hz, variation {:.1} semitones{}{}",
            p.median_hz,
            p.sd_semitones,
            if flat.is_empty() { "" } else { ", monotone " },
            flat.join(", ")
        );
    }
    if let Some(l) = &m.loudness {
        let fades: Vec<String> = l
            .trailing_off
            .iter()
            .map(|t| format!("{} (-{:.0} dB)", mmss(t.start), t.drop_db))
            .collect();
        let _ = writeln!(
            o,
            "  loudness: {:.1} dB across {} phrases{}{}",
            l.sd_db,
            l.phrases,
            if fades.is_empty() {
                ""
            } else {
                ", trailing off at "
            },
            fades.join(", ")
        );
    }
}
