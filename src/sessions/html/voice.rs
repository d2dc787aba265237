//! The voice measures in the delivery section: pitch variation with its monotone stretches,
//! loudness variation with the phrases that trailed off, and the articulation rate.
//!
//! Attempts analysed before these measures existed (or typed answers) have none of them; their
//! report then simply has no voice block.

use std::fmt::Write;

use super::finite;
use super::timeline::{W, X0, X1};
use crate::analysis::MetricSettings;
use crate::analysis::SpeechMetrics;
use crate::format::mmss;

/// Whether the metrics carry any voice measure worth a block.
fn has_voice(m: &SpeechMetrics) -> bool {
    m.pitch.is_some() || m.loudness.is_some() || m.articulation_rate.is_some()
}

/// The voice block: figures, then the stretches to listen to again, then the pitch chart.
pub(super) fn voice_block(
    o: &mut String,
    m: &SpeechMetrics,
    n: usize,
    dur: f64,
    settings: &MetricSettings,
) {
    if !has_voice(m) {
        return;
    }
    o.push_str("<h4>Voice</h4>\n<div class=\"stats\">\n");
    let stat = |o: &mut String, value: String, what: String| {
        let _ = writeln!(
            o,
            "<div class=\"stat\"><b>{value}</b><span>{what}</span></div>"
        );
    };
    if let Some(p) = &m.pitch {
        stat(
            o,
            format!("{:.1} st", finite(p.sd_semitones)),
            format!(
                "pitch variation (median {:.0} Hz; under {:.1} semitones sounds monotone)",
                finite(p.median_hz),
                finite(settings.monotone_sd_semitones)
            ),
        );
    }
    if let Some(l) = &m.loudness {
        stat(
            o,
            format!("{:.1} dB", finite(l.sd_db)),
            "loudness variation across phrases".to_string(),
        );
    }
    if let Some(rate) = m.articulation_rate {
        stat(
            o,
            format!("{:.1}", finite(rate)),
            "syllables per second of speech (articulation rate)".to_string(),
        );
    }
    o.push_str("</div>\n");
    let mut stretches = Vec::new();
    if let Some(p) = &m.pitch {
        stretches.extend(p.monotone.iter().map(|s| {
            format!(
                "<li><span class=\"lvl watch\">monotone</span>{}–{}: pitch stayed within \
                 {:.1} semitones</li>",
                mmss(s.start),
                mmss(s.end),
                finite(s.sd_semitones)
            )
        }));
    }
    if let Some(l) = &m.loudness {
        stretches.extend(l.trailing_off.iter().map(|s| {
            format!(
                "<li><span class=\"lvl watch\">trailing off</span>{}–{}: the phrase ended \
                 {:.1} dB quieter than it began</li>",
                mmss(s.start),
                mmss(s.end),
                finite(s.drop_db)
            )
        }));
    }
    if !stretches.is_empty() {
        let _ = writeln!(o, "<ul class=\"notes\">\n{}\n</ul>", stretches.join("\n"));
    }
    pitch_chart(o, m, n, dur, settings);
}

/// Pitch variation per window as inline SVG, the monotone threshold dashed and the monotone
/// stretches shaded, on the same time axis as the timeline above it.
fn pitch_chart(o: &mut String, m: &SpeechMetrics, n: usize, dur: f64, settings: &MetricSettings) {
    let Some(p) = &m.pitch else {
        return;
    };
    if p.windows.is_empty() || dur <= 0.0 {
        return;
    }
    const H: f64 = 130.0;
    const Y0: f64 = 10.0;
    const Y1: f64 = H - 30.0;
    let limit = finite(settings.monotone_sd_semitones).max(0.0);
    let top = p
        .windows
        .iter()
        .map(|w| finite(w.sd_semitones))
        .fold(limit * 2.0, f64::max)
        .clamp(1.0, 24.0)
        .ceil();
    let x = |t: f64| X0 + finite(t).clamp(0.0, dur) / dur * (X1 - X0);
    let y = |v: f64| Y1 - finite(v).clamp(0.0, top) / top * (Y1 - Y0);
    let _ = writeln!(
        o,
        "<figure>\n<svg class=\"timeline pitch\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" \
         role=\"img\" aria-labelledby=\"pt-title-{n}\">\n\
         <title id=\"pt-title-{n}\">Pitch variation over time: {sd:.1} semitones over the answer, \
         {nm} monotone stretches</title>\n\
         <rect x=\"{X0}\" y=\"{Y0}\" width=\"{pw}\" height=\"{ph}\" fill=\"#fff\" stroke=\"#d9dee5\"/>",
        sd = finite(p.sd_semitones),
        nm = p.monotone.len(),
        pw = X1 - X0,
        ph = Y1 - Y0,
    );
    for s in &p.monotone {
        let (xs, xe) = (x(s.start), x(s.end));
        let _ = writeln!(
            o,
            "<rect x=\"{xs:.1}\" y=\"{Y0}\" width=\"{w:.1}\" height=\"{ph}\" fill=\"#f59e0b\" fill-opacity=\"0.25\">\
             <title>Monotone {}–{}: {:.1} semitones</title></rect>",
            mmss(s.start),
            mmss(s.end),
            finite(s.sd_semitones),
            w = (xe - xs).max(1.5),
            ph = Y1 - Y0,
        );
    }
    let yl = y(limit);
    let _ = writeln!(
        o,
        "<line x1=\"{X0}\" y1=\"{yl:.1}\" x2=\"{X1}\" y2=\"{yl:.1}\" stroke=\"#b45309\" stroke-dasharray=\"5 4\"/>\
         <text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\" style=\"fill:#b45309\">monotone under {limit:.1}</text>",
        tx = X1 - 6.0,
        ty = yl - 4.0,
    );
    let points: Vec<String> = p
        .windows
        .iter()
        .map(|w| {
            format!(
                "{:.1},{:.1}",
                x((finite(w.start) + finite(w.end)) / 2.0),
                y(w.sd_semitones)
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1e5ac8\" stroke-width=\"2.5\" \
         stroke-linejoin=\"round\"><title>Pitch variation per window</title></polyline>",
        points.join(" ")
    );
    let _ = writeln!(
        o,
        "<line x1=\"{X0}\" y1=\"{Y1}\" x2=\"{X1}\" y2=\"{Y1}\" stroke=\"#5f6b7a\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{top:.0}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">pitch variation (semitones) over {}</text>\n</svg>\n</figure>",
        X0 - 6.0,
        Y0 + 8.0,
        X0 - 6.0,
        Y1 + 4.0,
        (X0 + X1) / 2.0,
        H - 8.0,
        mmss(dur),
    );
}
