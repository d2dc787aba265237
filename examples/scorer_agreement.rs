//! Agreement of the scorer with a labelled JSONL file (the dev-answers format: `id`,
//! `question_type`, `question`, `answer`, `overall` good|mixed|bad, `dims` strong|weak).
//!
//! Runs the same batch code as `interview-coach score --batch` and prints:
//! - pairs: for every good and bad answer with the same `question_type`, whether the good one
//!   scored higher overall;
//! - dimensions: for every labelled dimension, whether its score is on the labelled side of 50
//!   (strong means >= 50, weak means < 50).
//!
//! - AUC: over every good and bad answer (any question type), the share of pairs where the good
//!   one scored higher overall (ties count half).
//!
//! With `--meaning` the installed meaning model reads the answers too (rules + meaning);
//! without it the rules score alone.
//!
//! Usage: `cargo run --example scorer_agreement -- FILE.jsonl [-v] [--meaning]`

use std::collections::HashMap;
use std::io::BufRead;

use anyhow::Context;
use interview_coach::bank::Bank;
use interview_coach::cli::score::run_batch;
use interview_coach::coaching::Settings;
use serde_json::{Value, json};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .context("usage: scorer_agreement FILE.jsonl [-v] [--meaning]")?;
    let flags: Vec<String> = args.collect();
    let verbose = flags.iter().any(|a| a == "-v");
    let settings = if flags.iter().any(|a| a == "--meaning") {
        let meaning = interview_coach::meaning::load_installed()?;
        Settings {
            meaning: interview_coach::coaching::meaning::MeaningHandle(Some(std::sync::Arc::new(
                meaning,
            ))),
            ..Settings::default()
        }
    } else {
        Settings::default()
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;

    // Feed the labelled lines through the batch command's code path.
    let labelled: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("labelled file is not JSONL")?;
    let mut input = String::new();
    for l in &labelled {
        let line = json!({"id": l["id"], "question": l["question"], "answer": l["answer"]});
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let (bank, _) = Bank::bundled();
    let mut out = Vec::new();
    run_batch(&bank, input.as_bytes(), &mut out, &settings)?;
    let mut scored: HashMap<String, Value> = HashMap::new();
    for line in out.lines() {
        let v: Value = serde_json::from_str(&line?)?;
        if let Some(id) = v["id"].as_str() {
            scored.insert(id.to_string(), v);
        }
    }

    let dims = ["ownership", "context", "growth", "move_on", "brevity"];
    let mut dim_ok: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut misses = Vec::new();
    println!(
        "{:<8} {:<12} {:<6} {:>4}  dims (score/label)",
        "id", "type", "label", "ovr"
    );
    for l in &labelled {
        let id = l["id"].as_str().unwrap_or_default();
        let Some(s) = scored.get(id) else {
            println!("{id}: not scored");
            continue;
        };
        let mut row = String::new();
        for d in dims {
            let score = s["dimensions"][d]["score"].as_u64().unwrap_or(0);
            let label = l["dims"][d].as_str();
            let mark = match label {
                Some("strong") | Some("weak") => {
                    let ok = (label == Some("strong")) == (score >= 50);
                    let e = dim_ok.entry(d).or_default();
                    e.1 += 1;
                    if ok {
                        e.0 += 1;
                    } else {
                        misses.push(format!(
                            "{id} {d}: {score} but labelled {}",
                            label.unwrap_or("")
                        ));
                    }
                    if ok { "" } else { "!" }
                }
                _ => "",
            };
            let lab = label.map_or("-", |x| &x[..1]);
            row.push_str(&format!("{d}={score}/{lab}{mark} "));
        }
        println!(
            "{:<8} {:<12} {:<6} {:>4}  {}  [{}]",
            id,
            l["question_type"].as_str().unwrap_or(""),
            l["overall"].as_str().unwrap_or(""),
            s["overall"],
            row,
            s["question_id"].as_str().unwrap_or("")
        );
        if verbose {
            for sug in s["suggestions"].as_array().into_iter().flatten() {
                println!("           > {}", sug.as_str().unwrap_or(""));
            }
        }
    }

    let mut pairs = 0;
    let mut pairs_ok = 0;
    for g in labelled.iter().filter(|l| l["overall"] == "good") {
        for b in labelled
            .iter()
            .filter(|l| l["overall"] == "bad" && l["question_type"] == g["question_type"])
        {
            let gs = scored
                .get(g["id"].as_str().unwrap_or_default())
                .and_then(|s| s["overall"].as_u64());
            let bs = scored
                .get(b["id"].as_str().unwrap_or_default())
                .and_then(|s| s["overall"].as_u64());
            pairs += 1;
            if let (Some(gs), Some(bs)) = (gs, bs) {
                if gs > bs {
                    pairs_ok += 1;
                } else {
                    misses.push(format!("pair {} ({gs}) vs {} ({bs})", g["id"], b["id"]));
                }
            }
        }
    }
    let overall = |l: &Value| {
        scored
            .get(l["id"].as_str().unwrap_or_default())
            .and_then(|s| s["overall"].as_f64())
    };
    let (mut auc_sum, mut auc_n) = (0.0, 0usize);
    for g in labelled.iter().filter(|l| l["overall"] == "good") {
        for b in labelled.iter().filter(|l| l["overall"] == "bad") {
            if let (Some(gs), Some(bs)) = (overall(g), overall(b)) {
                auc_n += 1;
                auc_sum += if gs > bs {
                    1.0
                } else if gs == bs {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    println!();
    println!(
        "AUC (good vs bad, all pairs): {:.3} over {auc_n} pairs",
        if auc_n == 0 {
            0.0
        } else {
            auc_sum / auc_n as f64
        }
    );
    println!(
        "pairs: good > bad for the same question type: {pairs_ok}/{pairs} ({:.1}%)",
        pct(pairs_ok, pairs)
    );
    let (mut all_ok, mut all) = (0, 0);
    for d in dims {
        let (ok, n) = dim_ok.get(d).copied().unwrap_or_default();
        all_ok += ok;
        all += n;
        println!("  {d:<10} {ok}/{n} ({:.1}%)", pct(ok, n));
    }
    println!(
        "dimensions on the labelled side of 50: {all_ok}/{all} ({:.1}%)",
        pct(all_ok, all)
    );
    for m in misses {
        println!("miss: {m}");
    }
    Ok(())
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}
