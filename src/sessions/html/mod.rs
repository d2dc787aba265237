//! Printable HTML reports: one attempt, or several (a mock interview) with a summary first.
//!
//! The document is self-contained so it can be mailed, archived or printed to PDF as one file:
//! inline CSS, inline SVG for the timeline, no scripts, fonts, images or links to the network.
//! A Content-Security-Policy meta tag forbids everything but inline styles, so even a mistake
//! in escaping could not run a script or fetch anything.
//!
//! Everything that comes from an attempt (question, transcript, names, comments) may come from
//! an untrusted bundle, so every such string goes through [`escape`]. Numbers may be NaN or
//! infinite in a hand-edited file; they are shown as 0 rather than breaking the layout.
//!
//! The transcript highlights come from [`crate::highlight`], as on the app's review screen:
//! fillers and
//! hedges have a background, evidence that earned points a solid underline and evidence
//! that cost points a wavy one, and the own-it / contextualize-it / move-on parts colour the text.
//! Every highlight also differs in shape (border, underline style, italics, a text tag), so the
//! report still reads when printed in black and white.

mod css;
#[cfg(test)]
mod tests;
mod timeline;
mod transcript;
mod voice;

use std::fmt::Write;

use super::{Attempt, CoachScore, Comment, DIMENSIONS, utc_datetime};
use crate::analysis::MetricSettings;
use crate::coaching::{Effect, Part, report_quote};
use crate::format::mmss;
use css::CSS;
use timeline::delivery;
use transcript::{comments_block, transcript_block};

/// One attempt and what a coach said about it.
#[derive(Debug, Clone, Copy)]
pub struct ReportItem<'a> {
    /// The attempt.
    pub attempt: &'a Attempt,
    /// Coach comments on this attempt, in any order (the report sorts them by time).
    pub comments: &'a [Comment],
    /// Coach scores for this attempt, shown beside the automatic scores.
    pub coach_scores: &'a [CoachScore],
}

/// Renders a self-contained HTML document (one attempt, or several = a mock interview).
///
/// `title` heads the document (and is escaped like everything else). With more than one item a
/// summary table comes first, and each attempt after the first starts a new printed page.
pub fn render(title: &str, items: &[ReportItem<'_>]) -> String {
    let settings = MetricSettings::default();
    let mut o = String::with_capacity(32 * 1024);
    let title_e = escape(title);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"interview-coach\">\n\
         <title>{title_e}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main class=\"report\">\n"
    );
    let _ = write!(o, "<header class=\"doc-head\">\n<h1>{title_e}</h1>\n");
    let _ = writeln!(
        o,
        "<p class=\"sub\">{}</p>\n</header>",
        match items.len() {
            0 => "No answers in this report.".to_string(),
            1 => "One recorded answer, scored by interview-coach.".to_string(),
            n => format!("Mock interview: {n} recorded answers, scored by interview-coach."),
        }
    );
    if items.len() > 1 {
        summary(&mut o, items);
    }
    for (i, item) in items.iter().enumerate() {
        attempt_section(&mut o, i, items.len(), item, &settings);
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// Escapes text for HTML element content and quoted attribute values.
///
/// Control characters other than tab and line breaks become U+FFFD: they are not allowed in
/// HTML and could only come from a damaged or hostile file.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        '\t' | '\n' | '\r' => out.push(c),
        c if c.is_control() => out.push('\u{FFFD}'),
        c => out.push(c),
    }
}

/// A number safe to print and to compute positions with: NaN and infinities become 0.
pub(super) fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// CSS class for a 0-100 score: 50 is the line between "works" and "needs work".
pub(super) fn score_class(score: u8) -> &'static str {
    match score {
        70..=u8::MAX => "s-good",
        50..=69 => "s-mid",
        _ => "s-low",
    }
}

/// The label a dimension key has when there is no score to take it from.
pub(super) fn default_label(key: &str) -> &'static str {
    match key {
        "ownership" => "Ownership",
        "context" => "Context",
        "growth" => "Growth",
        "move_on" => "Move on",
        "brevity" => "Brevity",
        _ => "Other",
    }
}

/// Colour class of a pattern part, as in the app: the own-it parts have colours of their own,
/// the other rubrics' parts are grey (their text tags tell them apart).
pub(super) fn part_class(part: Part) -> &'static str {
    match part {
        Part::OwnIt => "p-own",
        Part::ContextualizeIt => "p-ctx",
        Part::MoveOn => "p-move",
        _ => "p-other",
    }
}

fn summary(o: &mut String, items: &[ReportItem<'_>]) {
    o.push_str(
        "<section class=\"summary\" aria-labelledby=\"summary-h\">\n\
         <h3 id=\"summary-h\" style=\"margin-top:0\">Summary</h3>\n<table>\n<thead><tr>\
         <th class=\"num\">#</th><th>Question</th><th class=\"num\">Overall</th>\
         <th class=\"num\">Pace (wpm)</th><th class=\"num\">Fillers/min</th></tr></thead>\n<tbody>\n",
    );
    let mut scored = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let a = item.attempt;
        let m = &a.report.metrics;
        let overall = match a.overall() {
            Some(s) => {
                scored.push(f64::from(s));
                format!("<span class=\"{}\">{s}</span>", score_class(s))
            }
            None => "—".to_string(),
        };
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{n}</td><td><a href=\"#attempt-{n}\">{q}</a></td>\
             <td class=\"num\">{overall}</td><td class=\"num\">{wpm:.0}</td>\
             <td class=\"num\">{fpm:.1}</td></tr>",
            n = i + 1,
            q = escape(&a.question_text),
            wpm = finite(m.wpm),
            fpm = finite(m.fillers_per_min),
        );
    }
    if !scored.is_empty() {
        let avg = scored.iter().sum::<f64>() / scored.len() as f64;
        let n = items.len() as f64;
        let mean =
            |f: fn(&Attempt) -> f64| items.iter().map(|i| finite(f(i.attempt))).sum::<f64>() / n;
        let _ = writeln!(
            o,
            "<tr class=\"avg\"><td></td><td>Average</td><td class=\"num\">{avg:.0}</td>\
             <td class=\"num\">{:.0}</td><td class=\"num\">{:.1}</td></tr>",
            mean(|a| a.report.metrics.wpm),
            mean(|a| a.report.metrics.fillers_per_min),
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

fn attempt_section(
    o: &mut String,
    i: usize,
    total: usize,
    item: &ReportItem<'_>,
    settings: &MetricSettings,
) {
    let a = item.attempt;
    let r = &a.report;
    let n = i + 1;
    let _ = writeln!(
        o,
        "<section class=\"attempt\" id=\"attempt-{n}\" aria-labelledby=\"q-{n}\">\n<header>"
    );
    if total > 1 {
        let _ = writeln!(o, "<p class=\"kicker\">Question {n} of {total}</p>");
    } else {
        o.push_str("<p class=\"kicker\">Question</p>\n");
    }
    let _ = writeln!(o, "<h2 id=\"q-{n}\">{}</h2>", escape(&a.question_text));
    let _ = write!(
        o,
        "<p class=\"meta\"><span>{}</span>",
        utc_datetime(a.created_unix)
    );
    if let Some(student) = &a.student {
        let _ = write!(o, "<span>Student: {}</span>", escape(student));
    }
    let _ = writeln!(
        o,
        "<span>Model: {}</span><span>interview-coach {}</span></p>\n</header>",
        escape(&r.model.name),
        escape(&a.app_version)
    );
    for w in &r.warnings {
        let _ = writeln!(o, "<p class=\"warn\">Note: {}</p>", escape(w));
    }

    let comments = sorted_comments(item.comments);
    scores(o, item);
    transcript_block(o, a, &comments);
    delivery(o, a, &comments, n, settings);
    comments_block(o, a, &comments);
    o.push_str("</section>\n");
}

/// Comments in time order (written order breaks ties), each with its display number.
pub(super) fn sorted_comments(comments: &[Comment]) -> Vec<&Comment> {
    let mut v: Vec<&Comment> = comments.iter().collect();
    v.sort_by(|a, b| {
        finite(a.at_s)
            .total_cmp(&finite(b.at_s))
            .then(a.created_unix.cmp(&b.created_unix))
            .then_with(|| a.id.cmp(&b.id))
    });
    v
}

fn scores(o: &mut String, item: &ReportItem<'_>) {
    let a = item.attempt;
    let score = a.report.score.as_ref();
    match score {
        Some(s) => {
            let _ = writeln!(
                o,
                "<div class=\"scorecard\"><div class=\"overall {cls}\">{}<small>overall / 100</small></div>\
                 <div><p class=\"verdict\">{}</p><p class=\"pattern-note\">{}</p></div></div>",
                s.overall,
                escape(&s.verdict),
                escape(&s.pattern.note),
                cls = score_class(s.overall),
            );
        }
        None => {
            o.push_str(
                "<div class=\"scorecard\"><div class=\"overall\">—<small>not scored</small></div>\
                 <div><p class=\"verdict\">This answer has no automatic score.</p></div></div>\n",
            );
        }
    }
    if score.is_none() && item.coach_scores.is_empty() {
        return;
    }

    o.push_str(
        "<h3>Scores</h3>\n<table class=\"dims\">\n<thead><tr><th>Dimension</th>\
         <th class=\"num\">Automatic</th><th>Coach</th><th>Verdict</th></tr></thead>\n<tbody>\n",
    );
    for key in DIMENSIONS {
        let dim = score.and_then(|s| {
            s.dimensions
                .iter()
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, d)| d)
        });
        let label = dim.map_or_else(|| default_label(key).to_string(), |d| d.label.clone());
        let auto = match dim {
            Some(d) => format!(
                "<span class=\"{cls}\">{s}<span class=\"bar\" aria-hidden=\"true\">\
                 <i style=\"width:{s}%\"></i></span></span>",
                cls = score_class(d.score),
                s = d.score.min(100),
            ),
            None => "—".to_string(),
        };
        let mut coach: Vec<&CoachScore> = item
            .coach_scores
            .iter()
            .filter(|c| c.dimension == key)
            .collect();
        coach.sort_by(|a, b| a.author.cmp(&b.author));
        let coach_html = if coach.is_empty() {
            "—".to_string()
        } else {
            coach
                .iter()
                .map(|c| {
                    format!(
                        "<span class=\"coach\"><b class=\"{}\">{}</b><small>{}</small></span>",
                        score_class(c.score),
                        c.score,
                        escape(&c.author)
                    )
                })
                .collect()
        };
        let _ = writeln!(
            o,
            "<tr><td class=\"dim\">{}</td><td class=\"num\">{auto}</td><td>{coach_html}</td><td>{}</td></tr>",
            escape(&label),
            dim.map_or_else(String::new, |d| escape(&d.verdict)),
        );
    }
    o.push_str("</tbody>\n</table>\n");

    let Some(s) = score else {
        return;
    };
    if s.dimensions
        .iter()
        .iter()
        .any(|(_, d)| !d.evidence.is_empty())
    {
        o.push_str("<h3>What earned or cost each score</h3>\n<div class=\"ev-groups\">\n");
        for (_, d) in s.dimensions.iter() {
            if d.evidence.is_empty() {
                continue;
            }
            let _ = writeln!(
                o,
                "<div class=\"ev-group\"><h4>{}</h4>\n<ul class=\"evidence\">",
                escape(&d.label)
            );
            for ev in &d.evidence {
                let (cls, word) = match ev.effect {
                    Effect::Raises => ("up", "earned"),
                    Effect::Lowers => ("down", "cost"),
                };
                let at = ev
                    .start_s
                    .map(|t| format!("<span class=\"at\">{}</span>", mmss(t)))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "<li><span class=\"tag {cls}\">{word}</span><span>“{}” <span class=\"ev-note\">— {}</span>{at}</span></li>",
                    escape(&report_quote(&ev.text)),
                    escape(&ev.note),
                );
            }
            o.push_str("</ul></div>\n");
        }
        o.push_str("</div>\n");
    }
    if !s.suggestions.is_empty() {
        o.push_str("<h3>Next time</h3>\n<ol class=\"next\">\n");
        for sug in &s.suggestions {
            let _ = writeln!(o, "<li>{}</li>", escape(sug));
        }
        o.push_str("</ol>\n");
    }
}
