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
//! The transcript highlights mirror the app's review screen (`app/review.rs`): fillers and
//! hedges have a background, evidence that earned points a solid underline and evidence that
//! cost points a wavy one, and the own-it / contextualize-it / move-on parts colour the text.
//! Every highlight also differs in shape (border, underline style, italics, a text tag), so the
//! report still reads when printed in black and white.

use std::fmt::Write;

use super::{Attempt, CoachScore, Comment, DIMENSIONS, mmss, utc_datetime};
use crate::analysis::MetricSettings;
use crate::analysis::feedback::Level;
use crate::analysis::transcript::Transcript;
use crate::coaching::{Effect, Part, report_quote};

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

/// The style sheet. Colours are kept for print (`print-color-adjust`), but every mark also has
/// a shape of its own so a black-and-white printout keeps the meaning.
const CSS: &str = r#"
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f5f7fa;
  --accent: #1e5ac8; --good: #1e7b45; --mid: #9a6200; --low: #b42318;
  --filler-bg: #ffd699; --filler-edge: #a35f00; --hedge-bg: #e4d7ff; --hedge-edge: #5b3fa0;
  --up: #008c46; --down: #c81e1e;
  --own: #286ec8; --ctx: #8a6410; --move: #138066; --other: #5f6b7a;
  --comment: #6b21a8; --band: #1e823c; --pause: #c3cad3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: #eef1f5; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.report { max-width: 940px; margin: 24px auto; padding: 0 12px; }
.doc-head, .summary, .attempt {
  background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: 22px 32px; margin-bottom: 18px;
}
.doc-head { border-top: 4px solid var(--accent); }
h1 { font-size: 25px; margin: 0 0 2px; line-height: 1.25; }
.sub { margin: 0; color: var(--muted); }
h2 { font-size: 21px; margin: 2px 0 6px; line-height: 1.3; }
h3 {
  font-size: 12.5px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted);
  margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
}
h4 { font-size: 14px; margin: 12px 0 4px; }
.kicker {
  margin: 0; font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
}
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.meta span + span::before { content: "\00b7"; margin: 0 8px; }
.warn {
  margin: 12px 0 0; padding: 8px 12px; border: 1px dashed var(--mid); border-radius: 6px;
  color: var(--mid); font-size: 13.5px;
}
.scorecard {
  display: flex; gap: 22px; align-items: center; margin-top: 16px; padding: 14px 20px;
  background: var(--soft); border: 1px solid var(--line); border-radius: 8px;
}
.overall { font-size: 46px; font-weight: 700; line-height: 1; min-width: 104px; text-align: center; }
.overall small { display: block; font-size: 12px; font-weight: 500; color: var(--muted); margin-top: 4px; }
.verdict { margin: 0; font-size: 17px; font-weight: 600; }
.pattern-note { margin: 4px 0 0; color: var(--muted); font-style: italic; }
.none { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th {
  font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  font-weight: 600; border-bottom: 2px solid var(--line);
}
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.dim { font-weight: 600; white-space: nowrap; }
.bar {
  display: inline-block; width: 76px; height: 8px; margin-left: 8px; vertical-align: middle;
  background: var(--line); border-radius: 4px; overflow: hidden;
}
.bar > i { display: block; height: 100%; background: currentColor; }
.s-good { color: var(--good); } .s-mid { color: var(--mid); } .s-low { color: var(--low); }
.coach { display: block; white-space: nowrap; font-variant-numeric: tabular-nums; }
.coach small { color: var(--muted); margin-left: 4px; }
.ev-groups { columns: 2; column-gap: 36px; }
.ev-group { break-inside: avoid; }
.ev-group h4 { margin-top: 0; padding-top: 8px; break-after: avoid; }
.evidence { list-style: none; padding: 0; margin: 0 0 6px; }
.evidence li { display: flex; align-items: baseline; padding: 2px 0; }
.evidence .tag { flex: none; }
.tag {
  display: inline-block; min-width: 64px; text-align: center; font-size: 10.5px; font-weight: 700;
  text-transform: uppercase; letter-spacing: .04em; padding: 0 5px; margin-right: 8px;
  border: 1px solid; border-radius: 3px; line-height: 1.6;
}
.tag.up { color: var(--up); }
.tag.down { color: var(--down); border-style: dashed; border-width: 2px; }
.ev-note { color: var(--muted); }
.at { color: var(--muted); font-size: 12.5px; font-variant-numeric: tabular-nums; margin-left: 6px; }
ol.next { margin: 0; padding-left: 22px; }
ol.next li { margin: 3px 0; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 10px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.stat b { display: block; font-size: 19px; font-variant-numeric: tabular-nums; }
.stat span { font-size: 12px; color: var(--muted); }
.notes { list-style: none; padding: 0; margin: 12px 0 0; }
.notes li { margin: 5px 0; }
.lvl {
  display: inline-block; min-width: 64px; text-align: center; font-size: 10.5px; font-weight: 700;
  text-transform: uppercase; letter-spacing: .04em; padding: 0 5px; margin-right: 8px;
  border: 1px solid; border-radius: 3px; line-height: 1.6;
}
.lvl.good { color: var(--good); }
.lvl.watch { color: var(--mid); border-style: dashed; }
.lvl.work { color: var(--low); border-width: 2px; }
.aspect { font-weight: 600; text-transform: capitalize; }
.transcript {
  margin: 0; padding: 14px 18px; border: 1px solid var(--line); border-radius: 8px;
  font-family: Georgia, "Times New Roman", serif; font-size: 16.5px; line-height: 2.05;
  white-space: pre-wrap; overflow-wrap: break-word;
}
.m-up { text-decoration: underline solid 2px var(--up); text-underline-offset: 4px; }
.m-down { text-decoration: underline wavy 1.5px var(--down); text-underline-offset: 4px; }
.m-filler {
  background: var(--filler-bg); border: 1px dashed var(--filler-edge); border-radius: 3px;
}
.m-hedge {
  background: var(--hedge-bg); border: 1px dotted var(--hedge-edge); border-radius: 3px;
  font-style: italic;
}
.p-own { color: var(--own); } .p-ctx { color: var(--ctx); }
.p-move { color: var(--move); } .p-other { color: var(--other); }
.ptag {
  display: inline-block; font: 700 9.5px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  text-transform: uppercase; letter-spacing: .05em; padding: 0 4px; margin-right: 5px;
  border: 1px solid currentColor; border-radius: 3px; vertical-align: 3px; font-style: normal;
}
.cmark {
  display: inline-block; font: 700 10px/1.6 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  color: #fff; background: var(--comment); border-radius: 8px; padding: 0 5px; margin: 0 2px;
  vertical-align: 6px; font-style: normal;
}
.legend {
  display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin-top: 8px;
  font-size: 13px; color: var(--muted);
}
.legend .m-filler, .legend .m-hedge, .legend .m-up, .legend .m-down { color: var(--ink); padding: 0 3px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
figure { margin: 0; }
svg.timeline { display: block; width: 100%; height: auto; }
svg.timeline text {
  font: 11px system-ui, -apple-system, "Segoe UI", Arial, sans-serif; fill: var(--muted);
}
svg.timeline text.cnum { fill: #fff; font-weight: 700; font-size: 10.5px; }
.comments { list-style: none; padding: 0; margin: 0; }
.comments li {
  display: flex; gap: 10px; padding: 8px 0; border-bottom: 1px solid var(--line);
}
.comments li:last-child { border-bottom: 0; }
.comments .cmark { vertical-align: 0; margin: 2px 0 0; height: fit-content; }
.c-head { font-size: 13px; color: var(--muted); }
.c-head b { color: var(--ink); }
.c-text { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: break-word; }
.summary td a { color: inherit; text-decoration: none; }
.summary tr.avg td { font-weight: 700; border-bottom: 0; }
@page { margin: 14mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  .transcript { font-size: 12pt; line-height: 1.9; }
  h3 { margin-top: 16pt; }
  .report { max-width: none; margin: 0; padding: 0; }
  .doc-head, .summary, .attempt { border: 0; border-radius: 0; padding: 0; margin: 0 0 14pt; }
  .doc-head { border-top: 0; border-bottom: 2px solid var(--ink); padding-bottom: 6pt; }
  .attempt + .attempt { break-before: page; page-break-before: always; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .scorecard, .stats, .stat, .evidence li, .comments li, .notes li, .legend {
    break-inside: avoid; page-break-inside: avoid;
  }
  .transcript { border-color: #999; }
  .stats { grid-template-columns: repeat(6, 1fr); gap: 6pt; }
  /* Paper is scarce: a dimension's evidence may continue in the next column or page. */
  .ev-group { break-inside: auto; }
}
"#;

/// Escapes text for HTML element content and quoted attribute values.
///
/// Control characters other than tab and line breaks become U+FFFD: they are not allowed in
/// HTML and could only come from a damaged or hostile file.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
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
fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// CSS class for a 0-100 score: 50 is the line between "works" and "needs work".
fn score_class(score: u8) -> &'static str {
    match score {
        70..=u8::MAX => "s-good",
        50..=69 => "s-mid",
        _ => "s-low",
    }
}

/// The label a dimension key has when there is no score to take it from.
fn default_label(key: &str) -> &'static str {
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
fn part_class(part: Part) -> &'static str {
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
fn sorted_comments(comments: &[Comment]) -> Vec<&Comment> {
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

/// What the transcript layer of a character is, apart from evidence and parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Plain,
    Filler,
    Hedge,
}

/// Everything that styles one character of the transcript. Runs of equal styles become one
/// `<span>`, so overlapping highlights never nest or cross and the HTML stays well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    ev: Option<Effect>,
    tok: Tok,
    part: Option<Part>,
}

impl Style {
    const PLAIN: Self = Self {
        ev: None,
        tok: Tok::Plain,
        part: None,
    };

    fn classes(self) -> String {
        let mut c = Vec::new();
        match self.ev {
            Some(Effect::Raises) => c.push("m-up"),
            Some(Effect::Lowers) => c.push("m-down"),
            None => {}
        }
        match self.tok {
            Tok::Filler => c.push("m-filler"),
            Tok::Hedge => c.push("m-hedge"),
            Tok::Plain => {}
        }
        if let Some(p) = self.part {
            c.push(part_class(p));
        }
        c.join(" ")
    }
}

/// Evidence longer than this (a whole sentence, the length check over the whole answer) is not
/// highlighted: it would paint most of the transcript and hide the phrases that matter. It is
/// listed with the scores instead. Same limit as the review screen.
const MAX_HIGHLIGHT_CHARS: usize = 60;

/// Character span `(start, end)` of each timed word in the text, found in order; `None` for a
/// word that is not in the text (the text was edited), so nothing is guessed.
fn word_char_spans(t: &Transcript) -> Vec<Option<(usize, usize)>> {
    let text = t.text.as_str();
    let mut out = Vec::with_capacity(t.words.len());
    let mut byte_cursor = 0;
    let mut char_cursor = 0;
    for w in &t.words {
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
                out.push(Some((start, end)));
                byte_cursor += p + needle.len();
                char_cursor = end;
            }
            None => out.push(None),
        }
    }
    out
}

/// The styles of every character of `text` (the transcript text the score was computed on).
fn transcript_styles(a: &Attempt, chars: &[char], words: &[Option<(usize, usize)>]) -> Vec<Style> {
    let r = &a.report;
    let n = chars.len();
    let mut styles = vec![Style::PLAIN; n];
    // Offsets from a file may not fit this text (edited transcript, damaged bundle): a
    // highlight is drawn only when its offsets are in range and still cover its own text.
    let fits = |start: usize, end: usize, text: &str| {
        start < end && end <= n && chars[start..end].iter().copied().eq(text.chars())
    };
    if let Some(score) = &r.score {
        // A part colours the characters of its innermost span: the context sits inside the
        // own-it stretch, and should still show.
        let mut spans: Vec<_> = score
            .spans
            .iter()
            .filter(|s| fits(s.start, s.end, &s.text))
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse(s.end - s.start));
        for s in spans {
            for st in &mut styles[s.start..s.end] {
                st.part = Some(s.part);
            }
        }
        for (_, dim) in score.dimensions.iter() {
            for ev in &dim.evidence {
                if ev.end.saturating_sub(ev.start) > MAX_HIGHLIGHT_CHARS
                    || !fits(ev.start, ev.end, &ev.text)
                {
                    continue;
                }
                for st in &mut styles[ev.start..ev.end] {
                    // What cost points is what the reader most needs to see.
                    if st.ev != Some(Effect::Lowers) {
                        st.ev = Some(ev.effect);
                    }
                }
            }
        }
    }
    let mut paint = |first: usize, count: usize, tok: Tok| {
        let last = first.saturating_add(count.max(1) - 1);
        let (Some(Some((s, _))), Some(Some((_, e)))) = (words.get(first), words.get(last)) else {
            return;
        };
        if s < e && *e <= n {
            for st in &mut styles[*s..*e] {
                st.tok = tok;
            }
        }
    };
    // Fillers win over hedges where both claim a word: they are the more specific mark.
    for h in &r.metrics.hedges {
        paint(h.word_index, h.word_count, Tok::Hedge);
    }
    for f in &r.metrics.fillers {
        paint(f.word_index, f.word_count, Tok::Filler);
    }
    styles
}

fn transcript_block(o: &mut String, a: &Attempt, comments: &[&Comment]) {
    let t = &a.report.transcript;
    o.push_str("<h3>Transcript</h3>\n");
    if t.text.trim().is_empty() {
        o.push_str("<p class=\"none\">No speech was recognised in this recording.</p>\n");
        return;
    }
    let chars: Vec<char> = t.text.chars().collect();
    let n = chars.len();
    let words = word_char_spans(t);
    let styles = transcript_styles(a, &chars, &words);

    // Things inserted between characters: a tag where each pattern part starts and a numbered
    // marker after each word a comment is pinned to. (position, order at that position, html)
    let mut inserts: Vec<(usize, u8, String)> = Vec::new();
    for (k, c) in comments.iter().enumerate() {
        if let Some(Some((_, end))) = c.word_index.and_then(|w| words.get(w)) {
            inserts.push((
                *end,
                0,
                format!(
                    "<span class=\"cmark\" title=\"Comment {num}\">{num}</span>",
                    num = k + 1
                ),
            ));
        }
    }
    let mut parts_seen: Vec<Part> = Vec::new();
    if let Some(score) = &a.report.score {
        for s in &score.spans {
            let ok = s.start < s.end
                && s.end <= n
                && chars[s.start..s.end].iter().copied().eq(s.text.chars());
            if ok {
                inserts.push((
                    s.start,
                    1,
                    format!(
                        "<span class=\"ptag {}\">{}</span>",
                        part_class(s.part),
                        s.part.name()
                    ),
                ));
                if !parts_seen.contains(&s.part) {
                    parts_seen.push(s.part);
                }
            }
        }
    }
    inserts.sort_by_key(|(pos, ord, _)| (*pos, *ord));

    o.push_str("<p class=\"transcript\">");
    let mut ins = inserts.iter().peekable();
    let mut current: Option<Style> = None;
    let close = |o: &mut String, current: &mut Option<Style>| {
        if current.take().is_some_and(|s| s != Style::PLAIN) {
            o.push_str("</span>");
        }
    };
    for (i, (&c, &st)) in chars.iter().zip(styles.iter()).enumerate() {
        let mut inserted = false;
        while let Some((_, _, html)) = ins.next_if(|(pos, _, _)| *pos <= i) {
            if !inserted {
                close(o, &mut current);
                inserted = true;
            }
            o.push_str(html);
        }
        if current != Some(st) {
            close(o, &mut current);
            if st != Style::PLAIN {
                let _ = write!(o, "<span class=\"{}\">", st.classes());
            }
            current = Some(st);
        }
        push_escaped(o, c);
    }
    close(o, &mut current);
    for (_, _, html) in ins {
        o.push_str(html);
    }
    o.push_str("</p>\n<div class=\"legend\">");
    o.push_str(
        "<span class=\"m-filler\">filler</span><span class=\"m-hedge\">hedge</span>\
         <span class=\"m-up\">earned points</span><span class=\"m-down\">cost points</span>",
    );
    for p in parts_seen {
        let _ = write!(
            o,
            "<span><span class=\"ptag {}\">{}</span></span>",
            part_class(p),
            p.name()
        );
    }
    if comments.iter().any(|c| c.word_index.is_some()) {
        o.push_str("<span><span class=\"cmark\">1</span> coach comment</span>");
    }
    o.push_str("</div>\n");
}

fn delivery(
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
}

/// Nice tick step for an axis spanning `span` units with at most about `max_ticks` ticks. Past
/// the table (a damaged file claiming a year-long answer) the step grows with the span, so the
/// number of ticks stays bounded.
fn tick_step(span: f64, max_ticks: f64) -> f64 {
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

    const W: f64 = 880.0;
    const H: f64 = 250.0;
    const X0: f64 = 54.0;
    const X1: f64 = W - 18.0;
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
    // Fillers: ticks rising from the time axis.
    for f in &m.fillers {
        let fx = x(f.start);
        let _ = writeln!(
            o,
            "<g><title>Filler “{}” at {}</title><line x1=\"{fx:.1}\" y1=\"{Y1}\" x2=\"{fx:.1}\" y2=\"{:.1}\" \
             stroke=\"#d97706\" stroke-width=\"3\"/><path d=\"M{:.1} {:.1} l4 -7 l4 7 z\" fill=\"#d97706\"/></g>",
            escape(&f.text),
            mmss(f.start),
            Y1 - 16.0,
            fx - 4.0,
            Y1 - 14.0,
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
    // Legend with the same shapes as the chart.
    let _ = writeln!(
        o,
        "<figcaption class=\"legend\">\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"1\" y1=\"6\" x2=\"21\" y2=\"6\" stroke=\"#1e5ac8\" stroke-width=\"2.5\"/><circle cx=\"11\" cy=\"6\" r=\"3.5\" fill=\"#fff\" stroke=\"#1e5ac8\" stroke-width=\"2\"/></svg>pace</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"#1e823c\" fill-opacity=\"0.1\" stroke=\"#1e823c\" stroke-dasharray=\"3 2\"/></svg>target {lo:.0}–{hi:.0} wpm</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"#c3cad3\"/></svg>pause</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"url(#hatch-{n})\"/></svg>mid-sentence pause</span>\
         <span><svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"11\" y1=\"12\" x2=\"11\" y2=\"2\" stroke=\"#d97706\" stroke-width=\"3\"/></svg>filler</span>\
         <span><svg width=\"22\" height=\"16\" aria-hidden=\"true\"><circle cx=\"11\" cy=\"8\" r=\"7\" fill=\"#6b21a8\"/></svg>coach comment</span>\
         </figcaption>\n</figure>"
    );
}

fn comments_block(o: &mut String, a: &Attempt, comments: &[&Comment]) {
    o.push_str("<h3>Coach comments</h3>\n");
    if comments.is_empty() {
        o.push_str("<p class=\"none\">No comments yet.</p>\n");
        return;
    }
    o.push_str("<ol class=\"comments\">\n");
    for (k, c) in comments.iter().enumerate() {
        let word = c
            .word_index
            .and_then(|i| a.report.transcript.words.get(i))
            .map(|w| format!(" · on “{}”", escape(w.text.trim())))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "<li><span class=\"cmark\">{}</span><div><div class=\"c-head\"><b>{}</b> · {}{word}</div>\
             <p class=\"c-text\">{}</p></div></li>",
            k + 1,
            escape(&c.author),
            mmss(c.at_s),
            escape(&c.text),
        );
    }
    o.push_str("</ol>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Word, compute_metrics};
    use crate::bank::Bank;
    use crate::sessions::test_support::attempt_from_words;

    const ANSWER: &str = "Um, I failed Step 1 on my first attempt, and that was on me. I guess I \
        leaned on passive rereading and, you know, I never tested myself under timed conditions. \
        After that I rebuilt my study plan around daily question blocks and weekly practice exams \
        with a tutor. I passed on the second attempt and then scored 248 on Step 2 CK. That habit \
        of honest self-testing is how I will prepare for residency and for my boards.";

    /// Words about 0.38 s apart, with a longer gap after each sentence and one mid-sentence.
    fn timed_words(text: &str) -> (Vec<Word>, f64) {
        let mut t = 0.4;
        let words = text
            .split_whitespace()
            .map(|w| {
                let s = t;
                t += 0.38;
                if w.ends_with('.') {
                    t += 0.9;
                }
                if w == "and," {
                    t += 1.6;
                }
                Word::new(w, s, s + 0.3)
            })
            .collect();
        (words, t + 0.6)
    }

    fn attempt(question_id: &str, text: &str) -> Attempt {
        let (bank, errors) = Bank::bundled();
        assert!(errors.is_empty());
        let (words, duration) = timed_words(text);
        let mut a = attempt_from_words(bank.get(question_id).unwrap(), words, duration);
        a.id = format!("1709217900000-{question_id}");
        a.uid = "uid-1".into();
        a.created_unix = 1_709_217_900;
        a.app_version = "0.1.0".into();
        a.student = Some("Sam <Student>".into());
        a
    }

    fn comment(at_s: f64, word_index: Option<usize>, text: &str) -> Comment {
        Comment {
            id: format!("c-{at_s}"),
            attempt_uid: "uid-1".into(),
            author: "Dr O'Neil".into(),
            at_s,
            word_index,
            text: text.into(),
            created_unix: 1_709_300_000,
        }
    }

    fn coach(dimension: &str, score: u8) -> CoachScore {
        CoachScore {
            attempt_uid: "uid-1".into(),
            author: "Dr O'Neil".into(),
            dimension: dimension.into(),
            score,
        }
    }

    /// Checks that tags open and close in order (a small stack parser over the output).
    fn assert_well_formed(html: &str) {
        const VOID: [&str; 5] = ["meta", "br", "hr", "img", "input"];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(p) = rest.find('<') {
            rest = &rest[p + 1..];
            let end = rest.find('>').unwrap();
            let tag = &rest[..end];
            rest = &rest[end + 1..];
            if tag.starts_with('!') {
                continue;
            }
            let self_closing = tag.ends_with('/');
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().unwrap_or_default();
                assert_eq!(open, name, "</{name}> closes <{open}>");
            } else {
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if !self_closing && !VOID.contains(&name.as_str()) {
                    stack.push(name.clone());
                }
                // The style sheet is raw text; skip to its end so `>` in selectors is no tag.
                if name == "style" {
                    let e = rest.find("</style>").unwrap();
                    rest = &rest[e..];
                }
            }
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn escape_handles_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert(\"x\" + 'y') && 1</script>"),
            "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp;&amp; 1&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\nc"), "a\u{FFFD}b\nc");
        assert_eq!(escape("Über 5 ≤ 6"), "Über 5 ≤ 6");
    }

    #[test]
    fn one_attempt_has_everything() {
        let a = attempt("usmle-explain", ANSWER);
        let comments = [
            comment(20.0, Some(40), "Good pivot <script>alert(1)</script> here."),
            comment(2.5, None, "Say \"I\" sooner & slower."),
        ];
        let coach_scores = [coach("growth", 77), coach("ownership", 64)];
        let html = render(
            "Report for <b>Sam</b>",
            &[ReportItem {
                attempt: &a,
                comments: &comments,
                coach_scores: &coach_scores,
            }],
        );
        assert_well_formed(&html);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Report for &lt;b&gt;Sam&lt;/b&gt;</title>"));
        assert!(html.contains(&escape(&a.question_text)));
        assert!(html.contains("Can you walk us through your USMLE performance?"));
        assert!(html.contains("Student: Sam &lt;Student&gt;"));
        assert!(html.contains("2024-02-29 14:45 UTC"));
        assert!(html.contains("tiny.en") && html.contains("interview-coach 0.1.0"));
        for w in ["rebuilt", "rereading", "248", "residency"] {
            assert!(html.contains(w), "transcript word {w}");
        }
        let score = a.report.score.as_ref().unwrap();
        assert!(html.contains(&format!("{}<small>overall", score.overall)));
        for (_, d) in score.dimensions.iter() {
            assert!(
                html.contains(&format!("\">{}<span class=\"bar\"", d.score)),
                "score of {}",
                d.label
            );
            assert!(html.contains(&escape(&d.label)));
        }
        assert!(html.contains("<b class=\"s-good\">77</b><small>Dr O&#39;Neil</small>"));
        assert!(html.contains("<b class=\"s-mid\">64</b>"));
        // Dimensions without a coach score show a dash.
        assert_eq!(html.matches("<td>—</td>").count(), 3);
        assert!(html.contains("<svg class=\"timeline\""));
        assert!(html.contains("<title id=\"tl-title-1\">"));
        assert!(html.contains("Good pivot &lt;script&gt;alert(1)&lt;/script&gt; here."));
        assert!(html.contains("Say &quot;I&quot; sooner &amp; slower."));
        assert!(!html.contains("<script"));
        // Comments are listed in time order: the one at 0:02 is number 1.
        let first = html.find("Say &quot;I&quot;").unwrap();
        let second = html.find("Good pivot").unwrap();
        assert!(first < second);
        // The pinned comment names its word and is marked in the transcript.
        let pinned = a.report.transcript.words[40].text.trim().to_string();
        assert!(html.contains(&format!("on “{}”", escape(&pinned))));
        assert!(html.contains("<span class=\"cmark\" title=\"Comment 2\">2</span>"));
        // Highlights: the hedge, the filler, evidence both ways, the parts.
        assert!(html.contains("m-hedge"));
        assert!(html.contains("<span class=\"m-filler\">Um,</span>"));
        assert!(html.contains("m-up") && html.contains("m-down"));
        assert!(html.contains("ptag p-own") && html.contains("ptag p-move"));
        for s in &score.suggestions {
            assert!(html.contains(&escape(s)));
        }
        for n in &a.report.delivery {
            assert!(html.contains(&escape(&n.message)));
        }
        // A single attempt has no summary and no page break rule applied.
        assert!(!html.contains("class=\"summary\""));
        assert!(html.contains("break-before: page"));
        // Self-contained: nothing that would load from elsewhere.
        for bad in ["http:", "https:", "src=", "<link", "@import", "url(http"] {
            let hits: Vec<_> = html.match_indices(bad).collect();
            // The SVG namespace is an identifier, not a fetch.
            assert!(
                hits.iter().all(|(i, _)| html[..*i].ends_with("xmlns=\"")),
                "found {bad}"
            );
        }
    }

    #[test]
    fn several_attempts_get_a_summary_and_sections() {
        let a = attempt("usmle-explain", ANSWER);
        let mut b = attempt(
            "tell-me-about-yourself",
            "I grew up in a small town where the nearest clinic was an hour away. Now I am a \
             fourth year student who loves the puzzle of internal medicine, and next I want to \
             train where I can care for people like my neighbours.",
        );
        b.student = None;
        let items = [
            ReportItem {
                attempt: &a,
                comments: &[],
                coach_scores: &[],
            },
            ReportItem {
                attempt: &b,
                comments: &[],
                coach_scores: &[],
            },
        ];
        let html = render("Mock interview", &items);
        assert_well_formed(&html);
        assert!(html.contains("class=\"summary\""));
        assert!(html.contains("href=\"#attempt-2\""));
        assert!(html.contains("id=\"attempt-1\"") && html.contains("id=\"attempt-2\""));
        assert!(html.contains("Question 2 of 2"));
        assert!(html.contains("Average"));
        assert!(html.contains("id=\"hatch-1\"") && html.contains("id=\"hatch-2\""));
        let summary_at = html.find("class=\"summary\"").unwrap();
        assert!(summary_at < html.find("id=\"attempt-1\"").unwrap());
    }

    #[test]
    fn unscored_empty_and_broken_attempts_render() {
        let mut a = attempt("usmle-explain", ANSWER);
        a.report.score = None;
        a.report.transcript = Transcript::default();
        a.report.metrics = compute_metrics(&a.report.transcript, 0.0, None, &Default::default());
        a.report.delivery.clear();
        a.student = None;
        let html = render(
            "",
            &[ReportItem {
                attempt: &a,
                comments: &[],
                coach_scores: &[],
            }],
        );
        assert_well_formed(&html);
        assert!(html.contains("not scored"));
        assert!(html.contains("No speech was recognised"));
        assert!(!html.contains("<svg class=\"timeline\""));

        // Coach scores without an automatic score still get the table.
        let cs = [coach("brevity", 40)];
        let html = render(
            "x",
            &[ReportItem {
                attempt: &a,
                comments: &[comment(f64::NAN, Some(99), "late")],
                coach_scores: &cs,
            }],
        );
        assert_well_formed(&html);
        assert!(html.contains("<b class=\"s-low\">40</b>"));
        assert!(html.contains("Brevity"));

        // Damaged numbers and offsets: NaN and infinities, evidence out of range, off its
        // text, overlapping everything.
        let mut b = attempt("usmle-explain", ANSWER);
        let m = &mut b.report.metrics;
        m.duration_s = f64::NAN;
        m.wpm = f64::INFINITY;
        m.fillers_per_min = f64::NEG_INFINITY;
        m.longest_pause_s = f64::NAN;
        if let Some(w) = m.wpm_over_time.first_mut() {
            w.wpm = f64::NAN;
        }
        m.fillers[0].word_index = 10_000;
        m.hedges[0].word_count = usize::MAX;
        let s = b.report.score.as_mut().unwrap();
        let ev = &mut s.dimensions.ownership.evidence;
        let mut far = ev[0].clone();
        far.start = 5_000;
        far.end = 5_010;
        let mut backwards = ev[0].clone();
        backwards.start = 9;
        backwards.end = 3;
        let mut moved = ev[0].clone();
        moved.start += 1;
        moved.end += 1;
        let mut wide = ev[0].clone();
        wide.start = 0;
        wide.end = 30;
        wide.text = b.report.transcript.text.chars().take(30).collect();
        ev.extend([far, backwards, moved, wide]);
        s.spans[0].end = 100_000;
        b.report.transcript.text = format!("é{}", b.report.transcript.text);
        let html = render(
            "broken",
            &[ReportItem {
                attempt: &b,
                comments: &[comment(f64::INFINITY, Some(usize::MAX), "x")],
                coach_scores: &[],
            }],
        );
        assert_well_formed(&html);
        assert!(!html.contains("NaN") && !html.contains("inf"));

        // An absurd duration draws a bounded number of ticks instead of looping for ever.
        b.report.metrics.duration_s = 1e300;
        let html = render(
            "long",
            &[ReportItem {
                attempt: &b,
                comments: &[],
                coach_scores: &[],
            }],
        );
        assert!(html.matches("text-anchor=\"middle\">").count() < 40);
    }

    #[test]
    fn overlapping_highlights_stay_flat() {
        let a = attempt("usmle-explain", ANSWER);
        let html = render(
            "t",
            &[ReportItem {
                attempt: &a,
                comments: &[comment(1.0, Some(0), "first word")],
                coach_scores: &[],
            }],
        );
        let start = html.find("<p class=\"transcript\">").unwrap();
        let end = start + html[start..].find("</p>").unwrap();
        let body = &html[start..end];
        // Runs never nest: every span opened in the transcript closes before the next opens,
        // apart from the inserted tags and markers, which hold only text.
        let mut depth = 0i32;
        let mut rest = body;
        while let Some(p) = rest.find('<') {
            rest = &rest[p..];
            if rest.starts_with("</span>") {
                depth -= 1;
            } else if rest.starts_with("<span") {
                depth += 1;
            }
            assert!((0..=1).contains(&depth), "nested spans in {body}");
            rest = &rest[1..];
        }
        // The words all come through, in order, once the markup is removed.
        let plain = strip_tags_and_inserts(body);
        assert_eq!(plain, escape(&a.report.transcript.text));
    }

    /// The transcript text back from its HTML: tags removed, inserted tags and markers dropped.
    fn strip_tags_and_inserts(body: &str) -> String {
        let mut out = String::new();
        let mut rest = body;
        while let Some(p) = rest.find('<') {
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            if rest.starts_with("<span class=\"ptag") || rest.starts_with("<span class=\"cmark") {
                let e = rest.find("</span>").unwrap();
                rest = &rest[e + "</span>".len()..];
            } else {
                let e = rest.find('>').unwrap();
                rest = &rest[e + 1..];
            }
        }
        out.push_str(rest);
        out
    }
}
