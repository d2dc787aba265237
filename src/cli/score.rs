//! `interview-coach score`: score one answer or a JSONL batch from the command line.
//!
//! ```text
//! interview-coach score --question ID_OR_TEXT --text-file FILE [--json]
//! interview-coach score --batch FILE.jsonl
//! ```
//!
//! Batch input lines are JSON objects with `id`, `answer`, and either `question_id` (a bank id)
//! or `question` (free text, matched to the closest bank question or rubric). Optional
//! `duration_s` gives the real audio length. Unknown fields are ignored. Each output line is
//! the [`ScoreReport`] as JSON with `id` first and, for free-text questions, a `matched`
//! object saying how the question was matched. A bad line produces
//! `{"line": N, "id": ..., "error": "..."}` and the rest still run. Evidence offsets are
//! character offsets into `answer` (see [`crate::coaching::report`]).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde::{Deserialize, Serialize};

use crate::analysis::transcript::Transcript;
use crate::bank::{Bank, MatchMethod, QuestionMatch};
use crate::coaching::meaning::MeaningHandle;
use crate::coaching::{Effect, ScoreReport, Settings, try_score_answer_with};

/// Arguments of the `score` subcommand.
#[derive(Args, Debug, Clone, Default)]
pub struct ScoreArgs {
    /// A bank question id, or the question as free text (matched to the closest bank question).
    #[arg(long, value_name = "ID_OR_TEXT", required_unless_present = "batch")]
    pub question: Option<String>,
    /// File with the answer text ("-" reads standard input).
    #[arg(
        long,
        value_name = "FILE",
        requires = "question",
        required_unless_present = "batch"
    )]
    pub text_file: Option<PathBuf>,
    /// Score every line of a JSONL file (see the module docs for the format).
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["question", "text_file"])]
    pub batch: Option<PathBuf>,
    /// Print the report as JSON instead of text (single answers; batch output is always JSONL).
    #[arg(long)]
    pub json: bool,
    /// Also load question packs from this directory (they override bundled ids).
    #[arg(long, value_name = "DIR")]
    pub packs: Option<PathBuf>,
    /// Real audio duration in seconds, if known (otherwise estimated from the words).
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<f64>,
}

/// Runs the `score` subcommand.
pub fn run(args: &ScoreArgs) -> anyhow::Result<()> {
    let bank = load_bank(args.packs.as_deref())?;
    let settings = Settings {
        meaning: meaning_or_note(),
        ..Settings::default()
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let Some(batch) = &args.batch {
        let file = File::open(batch).with_context(|| format!("cannot open {}", batch.display()))?;
        let summary = run_batch(&bank, BufReader::new(file), &mut out, &settings)?;
        if summary.errors > 0 {
            eprintln!(
                "{} of {} lines had errors (see the error lines in the output)",
                summary.errors,
                summary.errors + summary.scored
            );
        }
        return Ok(());
    }
    let (Some(question), Some(path)) = (&args.question, &args.text_file) else {
        bail!("give --question and --text-file, or --batch");
    };
    let answer = read_answer(path)?;
    if answer.trim().is_empty() {
        bail!("the answer in {} is empty", path.display());
    }
    let matched = bank.resolve_with(question, &settings.meaning);
    let report = try_score_answer_with(
        &matched.question,
        &Transcript::from_text(answer.trim_end()),
        args.duration,
        &settings,
    )?;
    if args.json {
        let line = Output {
            id: None,
            matched: matched_info(&matched),
            scored_by: scored_by(&settings),
            report: &report,
        };
        serde_json::to_writer_pretty(&mut out, &line)?;
        writeln!(out)?;
    } else {
        write_readable(&mut out, &report, &matched)?;
    }
    Ok(())
}

/// The installed meaning model, or none after telling the user (on stderr, so JSON output
/// stays clean) that the rules score alone and how to install it.
pub(crate) fn meaning_or_note() -> MeaningHandle {
    let (handle, note) = crate::meaning::handle();
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    handle
}

/// The bundled packs, then a coach's packs from the user's data directory (`prompts/` there),
/// then `packs`; later packs override earlier ids. Broken packs are reported and skipped.
pub(crate) fn load_bank(packs: Option<&std::path::Path>) -> anyhow::Result<Bank> {
    let (mut bank, errors) = Bank::bundled();
    for e in errors {
        eprintln!("warning: {e}");
    }
    if let Some(user) = crate::models::store::data_dir().map(|d| d.join("prompts"))
        && user.is_dir()
    {
        for e in bank.load_dir(&user) {
            eprintln!("warning: {e}");
        }
    }
    if let Some(dir) = packs {
        for e in bank.load_dir(dir) {
            eprintln!("warning: {e}");
        }
    }
    Ok(bank)
}

fn read_answer(path: &std::path::Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// One batch input line. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct BatchInput {
    id: Option<serde_json::Value>,
    answer: Option<String>,
    question_id: Option<String>,
    question: Option<String>,
    duration_s: Option<f64>,
}

/// How a free-text question was matched (only present when it was not a bank id).
#[derive(Debug, Serialize)]
struct MatchedInfo<'a> {
    method: MatchMethod,
    question_id: &'a str,
    question_text: &'a str,
    confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    routed_by: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Output<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matched: Option<MatchedInfo<'a>>,
    /// "rules", or "rules+meaning (MODEL)" when the meaning model read the answer too.
    scored_by: String,
    #[serde(flatten)]
    report: &'a ScoreReport,
}

#[derive(Debug, Serialize)]
struct ErrorLine {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    error: String,
}

/// What read the answer: the rules alone, or the rules and the meaning model.
fn scored_by(settings: &Settings) -> String {
    match settings.meaning.get() {
        Some(m) => format!("rules+meaning ({})", m.model_name()),
        None => "rules".to_string(),
    }
}

fn matched_info(m: &QuestionMatch) -> Option<MatchedInfo<'_>> {
    (m.method != MatchMethod::Id).then_some(MatchedInfo {
        method: m.method,
        question_id: &m.question.id,
        question_text: &m.question.text,
        confidence: m.confidence,
        routed_by: m.routed_by.as_deref(),
    })
}

/// Counts from a batch run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Lines scored.
    pub scored: usize,
    /// Lines that produced an error line.
    pub errors: usize,
}

/// Scores every JSONL line of `input` and writes one JSON line per input line to `out`.
/// Blank lines are skipped; bad lines produce an error line and the rest still run. Only
/// failures to read the input or write the output are returned as errors.
pub fn run_batch(
    bank: &Bank,
    input: impl BufRead,
    mut out: impl Write,
    settings: &Settings,
) -> io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let json = match score_line(bank, &line, settings) {
            Ok(s) => {
                summary.scored += 1;
                s
            }
            Err((id, error)) => {
                summary.errors += 1;
                serde_json::to_string(&ErrorLine {
                    line: line_no,
                    id,
                    error,
                })
                .map_err(io::Error::other)?
            }
        };
        writeln!(out, "{json}")?;
    }
    out.flush()?;
    Ok(summary)
}

type LineError = (Option<serde_json::Value>, String);

fn score_line(bank: &Bank, line: &str, settings: &Settings) -> Result<String, LineError> {
    let input: BatchInput =
        serde_json::from_str(line).map_err(|e| (None, format!("invalid JSON: {e}")))?;
    let id = input.id.clone();
    let fail = |msg: String| (id.clone(), msg);
    let answer = input
        .answer
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| fail("missing or empty \"answer\"".into()))?;
    let matched = match (&input.question_id, &input.question) {
        (Some(qid), _) => match bank.get(qid) {
            Some(q) => QuestionMatch {
                question: q.clone(),
                method: MatchMethod::Id,
                confidence: 1.0,
                input: qid.clone(),
                routed_by: None,
            },
            None => return Err(fail(format!("unknown question_id {qid:?}"))),
        },
        (None, Some(text)) if !text.trim().is_empty() => {
            bank.match_question_with(text, &settings.meaning)
        }
        _ => return Err(fail("need \"question_id\" or \"question\"".into())),
    };
    let report = try_score_answer_with(
        &matched.question,
        &Transcript::from_text(answer),
        input.duration_s,
        settings,
    )
    .map_err(|e| fail(e.to_string()))?;
    serde_json::to_string(&Output {
        id,
        matched: matched_info(&matched),
        scored_by: scored_by(settings),
        report: &report,
    })
    .map_err(|e| (input.id, format!("cannot serialise report: {e}")))
}

/// Writes the report for a person: scores, verdicts, quoted evidence, suggestions.
pub fn write_readable(
    out: &mut impl Write,
    report: &ScoreReport,
    matched: &QuestionMatch,
) -> io::Result<()> {
    writeln!(out, "Question: {}", report.question_text)?;
    match matched.method {
        MatchMethod::Id => writeln!(
            out,
            "          [{}, {} rubric]",
            report.question_id, report.rubric
        )?,
        MatchMethod::Text => writeln!(
            out,
            "          matched to [{}] ({:.0}% confident), {} rubric",
            report.question_id,
            matched.confidence * 100.0,
            report.rubric
        )?,
        MatchMethod::Rubric => writeln!(
            out,
            "          no close bank question; scored with the {} rubric",
            report.rubric
        )?,
    }
    writeln!(out)?;
    writeln!(
        out,
        "Overall  {:>3}/100  {}",
        report.overall, report.verdict
    )?;
    let t = &report.timing;
    writeln!(
        out,
        "Length   {:.0} s ({} words), target {:.0}-{:.0} s",
        t.duration_s, t.word_count, t.target_min_s, t.target_max_s
    )?;
    writeln!(out)?;
    for (_, d) in report.dimensions.iter() {
        let filled = usize::from(d.score) / 10;
        let bar: String = "█".repeat(filled) + &"·".repeat(10 - filled);
        writeln!(out, "{:<22} {:>3} {}  {}", d.label, d.score, bar, d.verdict)?;
        for e in d
            .evidence
            .iter()
            .filter(|e| e.cue != crate::coaching::Cue::Length)
        {
            let sign = match e.effect {
                Effect::Raises => '+',
                Effect::Lowers => '-',
            };
            writeln!(out, "      {sign} \"{}\"  ({})", e.text, e.note)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Pattern: {}", report.pattern.note)?;
    for s in &report.spans {
        let part = serde_json::to_value(s.part)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
            .replace('_', " ");
        writeln!(
            out,
            "  {part:<18} \"{}\"",
            crate::coaching::report_quote(&s.text)
        )?;
    }
    if !report.suggestions.is_empty() {
        writeln!(out)?;
        writeln!(out, "Suggestions:")?;
        for (i, s) in report.suggestions.iter().enumerate() {
            writeln!(out, "  {}. {s}", i + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(input: &str) -> (Vec<serde_json::Value>, BatchSummary) {
        let (bank, _) = Bank::bundled();
        let mut out = Vec::new();
        let summary = run_batch(&bank, input.as_bytes(), &mut out, &Settings::default());
        assert!(summary.is_ok());
        let text = String::from_utf8(out).unwrap_or_default();
        let lines = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        (lines, summary.unwrap_or_default())
    }

    #[test]
    fn bad_lines_get_error_lines_and_the_rest_run() {
        let input = concat!(
            "{\"id\": \"a\", \"question_id\": \"usmle-explain\", \"answer\": \"I failed Step 1 because I crammed.\", \"extra\": 1}\n",
            "not json\n",
            "\n",
            "{\"id\": \"c\", \"question_id\": \"nope\", \"answer\": \"x\"}\n",
            "{\"id\": \"d\", \"answer\": \"x\"}\n",
            "{\"id\": \"e\", \"question\": \"Why didn't you match?\", \"answer\": \"I applied too narrowly.\"}\n",
        );
        let (lines, summary) = batch(input);
        assert_eq!(
            summary,
            BatchSummary {
                scored: 2,
                errors: 3
            }
        );
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0]["id"], "a");
        assert!(lines[0]["overall"].is_u64());
        for key in ["ownership", "context", "growth", "move_on", "brevity"] {
            let d = &lines[0]["dimensions"][key];
            assert!(
                d["score"].is_u64() && d["verdict"].is_string() && d["evidence"].is_array(),
                "{key}"
            );
        }
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(lines[2]["line"], 4);
        assert_eq!(lines[2]["id"], "c");
        assert_eq!(lines[3]["line"], 5);
        assert_eq!(lines[4]["matched"]["method"], "text");
        assert_eq!(lines[4]["question_id"], "rf-not-matched");
    }

    #[test]
    fn readable_output_quotes_evidence() {
        let (bank, _) = Bank::bundled();
        let m = bank.resolve("usmle-explain");
        let r = crate::coaching::score_answer(
            &m.question,
            &Transcript::from_text("The exam was unfair and the proctor was rude."),
            None,
        );
        let mut out = Vec::new();
        assert!(write_readable(&mut out, &r, &m).is_ok());
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.contains("Overall"));
        assert!(text.contains("- \"unfair\""), "{text}");
        assert!(text.contains("Suggestions:"));
    }
}
