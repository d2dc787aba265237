//! The delivery section: its numbers and the timeline drawn as inline SVG.

use std::fmt::Write;

use super::{escape, finite};
use crate::analysis::MetricSettings;
use crate::analysis::feedback::Level;
use crate::analysis::metrics::FillerSource;
use crate::format::mmss;
use crate::sessions::{Attempt, Comment};

pub(super) fn delivery(
    o: &mut String,
    a: &Attempt,
    comments: &[&Comment],
    n: usize,
    settings: &MetricSettings,
) {
    let r = &a.report;
    let m = &r.metrics;
    let duration = finite(m.duration_s).max(0.0);
    let target = r
        .score
        .as_ref()
        .map(|s| {
            format!(
                " <span>(target {:.0}–{:.0} s)</span>",
                finite(s.timing.target_min_s),
                finite(s.timing.target_max_s)
            )
        })
        .unwrap_or_default();
    o.push_str("<h3>Delivery</h3>\n<div class=\"stats\">\n");
    let stat = |o: &mut String, value: String, what: &str| {
        let _ = writeln!(
            o,
            "<div class=\"stat\"><b>{value}</b><span>{what}</span></div>"
        );
    };
    stat(
        o,
        format!("{} ", mmss(duration)),
        &format!("duration{target}"),
    );
    stat(o, m.words.to_string(), "words");
    stat(o, format!("{:.0}", finite(m.wpm)), "words per minute");
    stat(
        o,
        format!("{:.1}", finite(m.fillers_per_min)),
        &format!("fillers per minute ({})", m.fillers.len()),
    );
    stat(
        o,
        format!("{:.1} s", finite(m.longest_pause_s)),
        &format!("longest pause ({} long)", m.pauses.len()),
    );
    stat(o, m.hedges.len().to_string(), "hedges");
    o.push_str("</div>\n");
    if !r.delivery.is_empty() {
        o.push_str("<ul class=\"notes\">\n");
        for note in &r.delivery {
            let (cls, word) = match note.level {
                Level::Good => ("good", "good"),
                Level::Watch => ("watch", "watch"),
                Level::WorkOn => ("work", "work on"),
            };
            let _ = writeln!(
                o,
                "<li><span class=\"lvl {cls}\">{word}</span><span class=\"aspect\">{}</span>: {}</li>",
                escape(&note.aspect),
                escape(&note.message)
            );
        }
        o.push_str("</ul>\n");
    }
    timeline(o, a, comments, n, settings);
    super::voice::voice_block(o, m, n, duration, settings);
}

/// Width of the report's charts (SVG user units); the voice chart below the timeline shares it
/// and the time axis's ends, so the two line up.
pub(super) const W: f64 = 880.0;
/// Left end of the charts' time axis.
pub(super) const X0: f64 = 54.0;
/// Right end of the charts' time axis.
pub(super) const X1: f64 = W - 18.0;

/// Nice tick step for an axis spanning `span` units with at most about `max_ticks` ticks. Past
/// the table (a damaged file claiming a year-long answer) the step grows with the span, so the
/// number of ticks stays bounded.
pub(super) fn tick_step(span: f64, max_ticks: f64) -> f64 {
    const STEPS: [f64; 12] = [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ];
    STEPS
        .into_iter()
        .find(|s| span / s <= max_ticks)
        .unwrap_or_else(|| (span / max_ticks).ceil())
}

/// The timeline as inline SVG: pace against the target band, pauses, fillers and comments.
fn timeline(
    o: &mut String,
    a: &Attempt,
    comments: &[&Comment],
    n: usize,
    settings: &MetricSettings,
) {
    let r = &a.report;
    let m = &r.metrics;
    // The time axis runs over the recording; if its duration is missing, over what is on it.
    let mut dur = finite(m.duration_s).max(0.0);
    if dur <= 0.0 {
        let ends = m
            .wpm_over_time
            .iter()
            .map(|w| w.end)
            .chain(m.pauses.iter().map(|p| p.end))
            .chain(m.fillers.iter().map(|f| f.end))
            .chain(r.transcript.words.iter().map(|w| w.end))
            .chain(comments.iter().map(|c| c.at_s));
        dur = ends.map(finite).fold(0.0, f64::max);
    }
    let has_marks = !m.wpm_over_time.is_empty()
        || !m.pauses.is_empty()
        || !m.fillers.is_empty()
        || !comments.is_empty();
    o.push_str("<h4>Timeline</h4>\n");
    if dur <= 0.0 || !has_marks {
        o.push_str("<p class=\"none\">Nothing to draw: the recording has no timed speech.</p>\n");
        return;
    }

    const H: f64 = 250.0;
    const Y0: f64 = 40.0;
    const Y1: f64 = H - 46.0;
    let lo = finite(settings.pace_low_wpm);
    let hi = finite(settings.pace_high_wpm);
    let max_wpm = m
        .wpm_over_time
        .iter()
        .map(|w| finite(w.wpm))
        .fold(0.0, f64::max);
    // Room for the band and the hard limit; one wild window (a 2 s burst) may exceed the top
    // and is clipped rather than squashing the rest of the line.
    let ymax = (finite(settings.pace_hard_high_wpm) + 20.0)
        .max(hi + 20.0)
        .max(max_wpm * 1.1)
        .clamp(50.0, 400.0);
    let ymax = (ymax / 50.0).ceil() * 50.0;
    let x = |t: f64| X0 + finite(t).clamp(0.0, dur) / dur * (X1 - X0);
    let y = |w: f64| Y1 - finite(w).clamp(0.0, ymax) / ymax * (Y1 - Y0);

    let mid_pauses = m.pauses.iter().filter(|p| p.mid_sentence).count();
    let _ = writeln!(
        o,
        "<figure>\n<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" \
         role=\"img\" aria-labelledby=\"tl-title-{n} tl-desc-{n}\">\n\
         <title id=\"tl-title-{n}\">Timeline: pace, pauses, fillers and comments</title>\n\
         <desc id=\"tl-desc-{n}\">Pace {wpm:.0} words per minute against a target of {lo:.0}–{hi:.0}; \
         {np} long pauses ({mid_pauses} mid-sentence); {nf} fillers; {nc} comments; over {d:.1} seconds.</desc>",
        wpm = finite(m.wpm),
        np = m.pauses.len(),
        nf = m.fillers.len(),
        nc = comments.len(),
        d = dur,
    );
    // Pattern ids are document-wide, so each attempt's chart gets its own.
    let _ = writeln!(
        o,
        "<defs><pattern id=\"hatch-{n}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f7dcd7\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b42318\" stroke-width=\"2\"/></pattern></defs>\n\
         <rect x=\"{X0}\" y=\"{Y0}\" width=\"{pw}\" height=\"{ph}\" fill=\"#fff\" stroke=\"#d9dee5\"/>",
        pw = X1 - X0,
        ph = Y1 - Y0,
    );
    // Horizontal grid and y labels.
    let ystep = if ymax > 250.0 { 100.0 } else { 50.0 };
    let mut v = 0.0;
    while v <= ymax + 0.5 {
        let yy = y(v);
        let _ = writeln!(
            o,
            "<line x1=\"{X0}\" y1=\"{yy:.1}\" x2=\"{X1}\" y2=\"{yy:.1}\" stroke=\"#eef1f5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v:.0}</text>",
            X0 - 6.0,
            yy + 4.0
        );
        v += ystep;
    }
    // The comfortable pace band.
    let (yb_hi, yb_lo) = (y(hi), y(lo));
    let _ = writeln!(
        o,
        "<g><title>Target pace {lo:.0}–{hi:.0} words per minute</title>\
         <rect x=\"{X0}\" y=\"{yb_hi:.1}\" width=\"{pw}\" height=\"{bh:.1}\" fill=\"#1e823c\" fill-opacity=\"0.1\"/>\
         <line x1=\"{X0}\" y1=\"{yb_hi:.1}\" x2=\"{X1}\" y2=\"{yb_hi:.1}\" stroke=\"#1e823c\" stroke-dasharray=\"5 4\"/>\
         <line x1=\"{X0}\" y1=\"{yb_lo:.1}\" x2=\"{X1}\" y2=\"{yb_lo:.1}\" stroke=\"#1e823c\" stroke-dasharray=\"5 4\"/>\
         <text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\" style=\"fill:#1e823c\">target {lo:.0}–{hi:.0}</text></g>",
        pw = X1 - X0,
        bh = (yb_lo - yb_hi).max(0.0),
        tx = X1 - 6.0,
        ty = yb_hi - 4.0,
    );
    // Pauses: plain grey, or hatched when mid-sentence (hesitation rather than a full stop).
    for p in &m.pauses {
        let (x_s, x_e) = (x(p.start), x(p.end));
        let fill = if p.mid_sentence {
            format!("url(#hatch-{n})")
        } else {
            "#c3cad3".to_string()
        };
        let _ = writeln!(
            o,
            "<rect x=\"{x_s:.1}\" y=\"{Y0}\" width=\"{w:.1}\" height=\"{ph}\" fill=\"{fill}\" fill-opacity=\"0.75\">\
             <title>{kind} {len:.1} s at {at}</title></rect>",
            w = (x_e - x_s).max(1.5),
            ph = Y1 - Y0,
            kind = if p.mid_sentence {
                "Mid-sentence pause"
            } else {
                "Pause"
            },
            len = finite(p.end - p.start).max(0.0),
            at = mmss(p.start),
        );
    }
    // Pace: one point per window at its middle, joined.
    if !m.wpm_over_time.is_empty() {
        let pts: Vec<(f64, f64, &crate::analysis::metrics::PaceWindow)> = m
            .wpm_over_time
            .iter()
            .map(|w| (x((finite(w.start) + finite(w.end)) / 2.0), y(w.wpm), w))
            .collect();
        let line: Vec<String> = pts
            .iter()
            .map(|(px, py, _)| format!("{px:.1},{py:.1}"))
            .collect();
        let _ = writeln!(
            o,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1e5ac8\" stroke-width=\"2.5\" \
             stroke-linejoin=\"round\"><title>Pace over time</title></polyline>",
            line.join(" ")
        );
        for (px, py, w) in &pts {
            let _ = writeln!(
                o,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"#fff\" stroke=\"#1e5ac8\" stroke-width=\"2\">\
                 <title>{}–{}: {:.0} words per minute</title></circle>",
                mmss(w.start),
                mmss(w.end),
                finite(w.wpm)
            );
        }
    }
    // Fillers: ticks rising from the time axis. Those heard in the audio but missing from the
    // transcript are teal with a round head, so they differ in shape as well as colour.
    for f in &m.fillers {
        let fx = x(f.start);
        let (kind, color, head) = match f.source {
            FillerSource::Transcript => (
                "Filler",
                "#d97706",
                format!(
                    "<path d=\"M{:.1} {:.1} l4 -7 l4 7 z\" fill=\"#d97706\"/>",
                    fx - 4.0,
                    Y1 - 14.0
                ),
            ),
            FillerSource::Acoustic => (
                "Filler heard, not in the transcript:",
                ACOUSTIC,
                format!(
                    "<circle cx=\"{fx:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{ACOUSTIC}\"/>",
                    Y1 - 20.0
                ),
            ),
        };
        let _ = writeln!(
            o,
            "<g><title>{kind} “{}” at {}</title><line x1=\"{fx:.1}\" y1=\"{Y1}\" x2=\"{fx:.1}\" y2=\"{:.1}\" \
             stroke=\"{color}\" stroke-width=\"3\"/>{head}</g>",
            escape(&f.text),
            mmss(f.start),
            Y1 - 16.0,
        );
    }
    // Comments: numbered markers above the plot, in rows so close ones do not overlap.
    let mut row_last = [f64::NEG_INFINITY; 2];
    for (k, c) in comments.iter().enumerate() {
        let cx = x(c.at_s);
        let row = row_last.iter().position(|&l| cx - l >= 20.0).unwrap_or(0);
        if let Some(slot) = row_last.get_mut(row) {
            *slot = cx;
        }
        let cy = 13.0 + row as f64 * 16.0;
        let _ = writeln!(
            o,
            "<g><title>Comment {num} by {} at {}: {}</title>\
             <line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{cx:.1}\" y2=\"{Y1}\" stroke=\"#6b21a8\" stroke-opacity=\"0.55\" stroke-dasharray=\"2 3\"/>\
             <circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"8\" fill=\"#6b21a8\"/>\
             <text class=\"cnum\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{num}</text></g>",
            escape(&c.author),
            mmss(c.at_s),
            escape(&c.text),
            num = k + 1,
            ty = cy + 3.7,
        );
    }
    // Time axis.
    let step = tick_step(dur, 12.0);
    let _ = writeln!(
        o,
        "<line x1=\"{X0}\" y1=\"{Y1}\" x2=\"{X1}\" y2=\"{Y1}\" stroke=\"#5f6b7a\"/>\
         <line x1=\"{X0}\" y1=\"{Y0}\" x2=\"{X0}\" y2=\"{Y1}\" stroke=\"#5f6b7a\"/>"
    );
    let ticks = (dur / step + 1e-9).floor() as usize;
    for k in 0..=ticks {
        let t = k as f64 * step;
        let tx = x(t);
        let _ = writeln!(
            o,
            "<line x1=\"{tx:.1}\" y1=\"{Y1}\" x2=\"{tx:.1}\" y2=\"{:.1}\" stroke=\"#5f6b7a\"/>\
             <text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{t:.0}</text>",
            Y1 + 5.0,
            Y1 + 18.0
        );
    }
    let _ = writeln!(
        o,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">time (seconds)</text>\
         <text transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">words / min</text>\n</svg>",
        (X0 + X1) / 2.0,
        H - 8.0,
        (Y0 + Y1) / 2.0
    );
    // Legend with the same shapes as the chart; the heard fillers only when there are some.
    let heard = if m.fillers.iter().any(|f| f.source == FillerSource::Acoustic) {
        format!(
            "<span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"11\" y1=\"12\" x2=\"11\" y2=\"4\" \
             stroke=\"{ACOUSTIC}\" stroke-width=\"3\"/><circle cx=\"11\" cy=\"4\" r=\"3\" fill=\"{ACOUSTIC}\"/></svg>\
             filler heard, not in the transcript</span>"
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "<figcaption class=\"legend\">\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"1\" y1=\"6\" x2=\"21\" y2=\"6\" stroke=\"#1e5ac8\" stroke-width=\"2.5\"/><circle cx=\"11\" cy=\"6\" r=\"3.5\" fill=\"#fff\" stroke=\"#1e5ac8\" stroke-width=\"2\"/></svg>pace</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"#1e823c\" fill-opacity=\"0.1\" stroke=\"#1e823c\" stroke-dasharray=\"3 2\"/></svg>target {lo:.0}–{hi:.0} wpm</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"#c3cad3\"/></svg>pause</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"url(#hatch-{n})\"/></svg>mid-sentence pause</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"11\" y1=\"12\" x2=\"11\" y2=\"2\" stroke=\"#d97706\" stroke-width=\"3\"/></svg>filler</span>\
         {heard}\
         <span><svg width=\"22\" height=\"16\" aria-hidden=\"true\"><circle cx=\"11\" cy=\"8\" r=\"7\" fill=\"#6b21a8\"/></svg>coach comment</span>\
         </figcaption>\n</figure>"
    );
}

/// Colour of the fillers heard in the audio but missing from the transcript.
const ACOUSTIC: &str = "#0f766e";
