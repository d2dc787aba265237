//! `interview-coach sessions`: the attempt library without the window, so a coach can process
//! many bundles from a script.

use super::terminal::{say, say_err};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use crate::app::settings::AppSettings;
use crate::sessions::library::Who;
use crate::sessions::{Comment, DIMENSIONS, Library, mmss, new_uid, now_unix, utc_datetime};

/// Arguments of `sessions`.
#[derive(Debug, Args)]
pub struct SessionsArgs {
    /// The data folder (default: the app's, or $INTERVIEW_COACH_DATA_DIR).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub action: SessionsAction,
}

/// The `sessions` actions.
#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    /// List attempts (yours by default) with their ids.
    List {
        /// A student's imported attempts instead of yours.
        #[arg(long, conflicts_with = "all")]
        student: Option<String>,
        /// Everyone's attempts.
        #[arg(long)]
        all: bool,
        /// Only attempts whose question or transcript contains this text.
        #[arg(long)]
        search: Option<String>,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the students whose bundles were imported.
    Students,
    /// Show one attempt: scores, coach scores, comments and conflicts.
    Show {
        /// Attempt id (or a unique prefix).
        id: String,
    },
    /// Compare attempts with the same person's other attempts: wording repeated from earlier
    /// attempts at the question, delivery against the unrehearsed answers, the question's notes,
    /// and what changed since the previous attempt.
    Compare {
        /// Attempt ids (or unique prefixes).
        #[arg(required = true)]
        ids: Vec<String>,
        /// Print one JSON object per attempt instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export attempts as one bundle file for a coach.
    Export {
        /// Attempt ids (or unique prefixes).
        ids: Vec<String>,
        /// Export every attempt of this mock interview.
        #[arg(long)]
        mock: Option<String>,
        /// Where to write the bundle (.icbundle).
        #[arg(long, short)]
        out: PathBuf,
        /// Your name as the coach will see it (default: the name in Settings).
        #[arg(long)]
        name: Option<String>,
    },
    /// Import bundles (from students) or feedback files (from a coach). Importing a file twice
    /// changes nothing.
    Import {
        /// Files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a printable HTML report for attempts (several = one mock-interview report).
    Report {
        /// Attempt ids (or unique prefixes).
        ids: Vec<String>,
        /// Report every attempt of this mock interview.
        #[arg(long)]
        mock: Option<String>,
        /// The HTML file to write.
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Delete attempts with their recordings, comments and scores.
    Delete {
        /// Attempt ids (or unique prefixes).
        #[arg(required = true)]
        ids: Vec<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Add a comment pinned to a moment of an attempt.
    Comment {
        /// Attempt id (or a unique prefix).
        id: String,
        /// The moment, in seconds from the start of the recording.
        #[arg(long)]
        at: f64,
        /// The comment.
        #[arg(long)]
        text: String,
        /// Your name (default: the name in Settings).
        #[arg(long)]
        author: Option<String>,
    },
    /// Set your own score for a dimension of an attempt.
    Score {
        /// Attempt id (or a unique prefix).
        id: String,
        /// ownership, context, growth, move_on or brevity.
        #[arg(long)]
        dimension: String,
        /// 0-100.
        #[arg(long)]
        value: u8,
        /// Your name (default: the name in Settings).
        #[arg(long)]
        author: Option<String>,
    },
    /// Export your comments and scores on a student's attempts as a feedback file.
    Feedback {
        /// The student, as listed by `sessions students`.
        #[arg(long)]
        student: String,
        /// The file to write (.icfeedback).
        #[arg(long, short)]
        out: PathBuf,
        /// Your name (default: the name in Settings).
        #[arg(long)]
        author: Option<String>,
    },
    /// Settle an import conflict (listed by `sessions show`).
    Resolve {
        /// The conflict number.
        conflict: i64,
        /// Take the imported version instead of keeping yours.
        #[arg(long)]
        theirs: bool,
    },
}

fn data_dir(args: &SessionsArgs) -> anyhow::Result<PathBuf> {
    args.data_dir
        .clone()
        .or_else(crate::models::store::data_dir)
        .context("no data folder: set INTERVIEW_COACH_DATA_DIR or pass --data-dir")
}

/// The name from the app's settings, for defaults.
fn settings_name(dir: &Path) -> Option<String> {
    let (s, _) = AppSettings::load(&dir.join("settings.json"));
    Some(s.name).filter(|n| !n.trim().is_empty())
}

fn who_name(given: Option<&String>, dir: &Path, what: &str) -> anyhow::Result<String> {
    given
        .cloned()
        .or_else(|| settings_name(dir))
        .with_context(|| format!("give {what} (no name is set in the app's Settings)"))
}

fn ids_for(lib: &Library, ids: &[String], mock: Option<&str>) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    if let Some(m) = mock {
        out.extend(lib.mock_uids(m)?);
        if out.is_empty() {
            bail!("no attempts belong to mock interview {m}");
        }
    }
    for id in ids {
        out.push(lib.get(id)?.uid);
    }
    if out.is_empty() {
        bail!("name the attempts (ids from `sessions list`) or --mock");
    }
    Ok(out)
}

/// Runs `sessions`.
pub fn run(args: &SessionsArgs) -> anyhow::Result<()> {
    let dir = data_dir(args)?;
    let (mut lib, problems) = Library::open(&dir)?;
    if let Some(note) = lib.read_only_note() {
        say_err!("warning: {note}");
    }
    for p in problems {
        say_err!("warning: an attempt could not be read: {p}");
    }
    match &args.action {
        SessionsAction::List {
            student,
            all,
            search,
            json,
        } => {
            let who = match (student, all) {
                (Some(s), _) => Who::Student(s.clone()),
                (None, true) => Who::All,
                (None, false) => Who::Own,
            };
            let (attempts, problems) = lib.list(&who, search.as_deref())?;
            for p in problems {
                say_err!("warning: {p}");
            }
            for a in &attempts {
                if *json {
                    say!(
                        "{}",
                        serde_json::json!({
                            "uid": a.uid,
                            "student": a.student,
                            "question_id": a.question_id,
                            "question": a.question_text,
                            "created_unix": a.created_unix,
                            "overall": a.overall(),
                            "wpm": a.report.metrics.wpm,
                            "fillers_per_min": a.report.metrics.fillers_per_min,
                            "mock_id": a.mock_id,
                            "model": a.report.model.name,
                            "app_version": a.app_version,
                            "comments": lib.comments(&a.uid)?.len(),
                        })
                    );
                } else {
                    say!(
                        "{}  {:>3}  {:>4.0} wpm  {}{}",
                        &a.uid[..8.min(a.uid.len())],
                        a.overall().map_or("-".into(), |o| o.to_string()),
                        a.report.metrics.wpm,
                        a.student
                            .as_ref()
                            .map(|s| format!("[{s}] "))
                            .unwrap_or_default(),
                        a.question_text
                    );
                }
            }
            if attempts.is_empty() && !json {
                say_err!("No attempts.");
            }
        }
        SessionsAction::Students => {
            for s in lib.students()? {
                say!("{}  ({} attempts)", s.name, s.attempts);
            }
        }
        SessionsAction::Show { id } => {
            let a = lib.get(id)?;
            say!("{}\n{}", a.uid, a.question_text);
            if let Some(s) = &a.student {
                say!("Student: {s}");
            }
            let coach = lib.coach_scores(&a.uid)?;
            if let Some(score) = &a.report.score {
                say!("Overall {}: {}", score.overall, score.verdict);
            }
            for d in DIMENSIONS {
                let auto = a.dimension_score(d).map_or("-".into(), |v| v.to_string());
                let mine: Vec<String> = coach
                    .iter()
                    .filter(|c| c.dimension == d)
                    .map(|c| format!("{} {}", c.author, c.score))
                    .collect();
                say!("  {d:<10} {auto:>3}   coach: {}", mine.join(", "));
            }
            say!("Transcript: {}", a.report.transcript.text);
            for c in lib.comments(&a.uid)? {
                say!("  [{}] {}: {}", mmss(c.at_s), c.author, c.text);
            }
            for c in lib.conflicts(&a.uid)? {
                let settle = if c.can_take_theirs {
                    "keep yours with `sessions resolve ID`, or take theirs with `--theirs`"
                } else {
                    "keep yours with `sessions resolve ID` (the imported version was not kept)"
                };
                say!(
                    "  conflict {}: {}\n    yours:    {}\n    imported: {}\n    {settle}",
                    c.id,
                    c.what,
                    c.ours,
                    c.theirs
                );
            }
        }
        SessionsAction::Compare { ids, json } => {
            for id in ids {
                let a = lib.get(id)?;
                let c = lib.comparison(&a)?;
                if *json {
                    say!("{}", serde_json::to_string(&c)?);
                } else {
                    say!(
                        "{}  {} ({})",
                        &a.uid[..8.min(a.uid.len())],
                        a.question_text,
                        utc_datetime(a.created_unix)
                    );
                    say!("{}", c.render_text());
                }
            }
        }
        SessionsAction::Export {
            ids,
            mock,
            out,
            name,
        } => {
            let uids = ids_for(&lib, ids, mock.as_deref())?;
            let name = who_name(name.as_ref(), &dir, "--name")?;
            let bank = super::score::load_bank(None)?;
            let bytes = lib.export_bundle(&uids, &name, &bank, out)?;
            say!(
                "Wrote {} attempt(s) to {} ({:.1} MB).",
                uids.len(),
                out.display(),
                bytes as f64 / 1e6
            );
        }
        SessionsAction::Import { files } => {
            let mut failed = 0;
            for f in files {
                match lib.import_any(f) {
                    Ok(summary) => say!("{}: {summary}", f.display()),
                    Err(e) => {
                        failed += 1;
                        say_err!("error: {}: {e}", f.display());
                    }
                }
            }
            if failed > 0 {
                bail!("{failed} of {} file(s) could not be imported", files.len());
            }
        }
        SessionsAction::Report { ids, mock, out } => {
            let uids = ids_for(&lib, ids, mock.as_deref())?;
            lib.write_report(&uids, out)?;
            say!("Wrote {}", out.display());
        }
        SessionsAction::Delete { ids, yes } => {
            let mut targets = Vec::new();
            for id in ids {
                targets.push(lib.get(id)?);
            }
            if !yes {
                for a in &targets {
                    say!("  {}  {}", &a.uid[..8.min(a.uid.len())], a.question_text);
                }
                print!(
                    "Delete {} attempt(s) with their recordings and comments? [y/N] ",
                    targets.len()
                );
                std::io::stdout().flush()?;
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                if !matches!(line.trim(), "y" | "Y" | "yes") {
                    say!("Nothing deleted.");
                    return Ok(());
                }
            }
            for a in targets {
                lib.delete(&a.uid)?;
                say!("Deleted {}", a.uid);
            }
        }
        SessionsAction::Comment {
            id,
            at,
            text,
            author,
        } => {
            let a = lib.get(id)?;
            let author = who_name(author.as_ref(), &dir, "--author")?;
            let word_index = a
                .report
                .transcript
                .words
                .iter()
                .rposition(|w| w.start <= *at);
            lib.put_comment(&Comment {
                id: new_uid(),
                attempt_uid: a.uid.clone(),
                author,
                at_s: *at,
                word_index,
                text: text.clone(),
                created_unix: now_unix(),
            })?;
            say!("Comment added at {}.", mmss(*at));
        }
        SessionsAction::Score {
            id,
            dimension,
            value,
            author,
        } => {
            let a = lib.get(id)?;
            let author = who_name(author.as_ref(), &dir, "--author")?;
            lib.set_coach_score(&a.uid, &author, dimension, Some(*value))?;
            say!("{author}'s {dimension} score set to {value}.");
        }
        SessionsAction::Feedback {
            student,
            out,
            author,
        } => {
            let author = who_name(author.as_ref(), &dir, "--author")?;
            let n = lib.export_feedback(student, &author, out)?;
            say!(
                "Wrote feedback on {n} attempt(s) to {}; send it to {student}.",
                out.display()
            );
        }
        SessionsAction::Resolve { conflict, theirs } => {
            lib.resolve_conflict(*conflict, *theirs)?;
            say!(
                "Conflict {conflict} settled ({}).",
                if *theirs {
                    "took the imported version"
                } else {
                    "kept yours"
                }
            );
        }
    }
    Ok(())
}
