//! Meaning-based scoring with the real sentence-embedding model (installed by
//! `scripts/setup.sh test`), and the rules-only path when the model is missing or damaged.

use std::process::Command;

use interview_coach::analysis::transcript::Transcript;
use interview_coach::bank::{Bank, Rubric};
use interview_coach::coaching::meaning::MeaningHandle;
use interview_coach::coaching::question::{Question, asks_about_a_problem};
use interview_coach::coaching::{ScoreReport, Settings, score_answer_with};
use interview_coach::meaning::{MeaningError, load_from};
use serde_json::Value;

use crate::common::meaning;

const ROUTING: &str = include_str!("../data/meaning/routing-questions.jsonl");

/// Growth said in other words: no rule names office hours, a study group or a letter grade.
const ORGANIC_CHEMISTRY: &str = "I failed my first organic chemistry exam because I tried to \
memorise everything the night before. I went to office hours every week after that, worked \
problems with a study group, and finished the course with an A minus.";

fn with_meaning() -> Settings {
    Settings {
        meaning: MeaningHandle(Some(meaning())),
        ..Settings::default()
    }
}

fn score(answer: &str, settings: &Settings) -> ScoreReport {
    let q = Question::for_rubric(Rubric::OwnIt, "Tell me about a time you failed.");
    score_answer_with(&q, &Transcript::from_text(answer), None, settings)
}

#[test]
fn growth_in_other_words_is_recognised_by_meaning_and_cited() {
    let rules = score(ORGANIC_CHEMISTRY, &Settings::default());
    let both = score(ORGANIC_CHEMISTRY, &with_meaning());
    assert!(
        both.dimensions.growth.score >= 50,
        "growth {} with meaning (rules only: {}): {:#?}",
        both.dimensions.growth.score,
        rules.dimensions.growth.score,
        both.dimensions.growth.evidence
    );
    assert!(both.dimensions.growth.score > rules.dimensions.growth.score);
    let by_meaning: Vec<_> = both
        .dimensions
        .iter()
        .into_iter()
        .flat_map(|(_, d)| d.evidence.iter())
        .filter(|e| e.note.contains("recognised by meaning"))
        .collect();
    assert!(!by_meaning.is_empty());
    let chars: Vec<char> = ORGANIC_CHEMISTRY.chars().collect();
    for e in by_meaning {
        // Every point still cites the answer's own words, at their offsets.
        let at: String = chars[e.start..e.end].iter().collect();
        assert_eq!(at, e.text);
        assert!(e.note.contains("reads like"), "{}", e.note);
    }
    assert!(
        both.dimensions
            .growth
            .evidence
            .iter()
            .any(|e| e.text.contains("office hours"))
    );
}

#[test]
fn meaning_leaves_negated_and_quoted_clauses_to_the_rules() {
    let answer = "I failed the exam the first time. I did not change how I studied \
                  afterwards, and my friend said \"you should go to office hours every week\".";
    let r = score(answer, &with_meaning());
    // "I did not change how I studied" may read as owning the problem, never as a change.
    for e in &r.dimensions.growth.evidence {
        assert!(!e.note.contains("recognised by meaning"), "{e:?}");
    }
    for (_, d) in r.dimensions.iter() {
        for e in &d.evidence {
            if e.note.contains("recognised by meaning") {
                assert!(!e.text.contains("office hours"), "{e:?}");
            }
        }
    }
    assert!(r.dimensions.growth.score < 50, "{:#?}", r.dimensions.growth);
}

#[test]
fn every_problem_question_reaches_the_own_it_rubric_with_and_without_the_model() {
    let (bank, errors) = Bank::bundled();
    assert!(errors.is_empty(), "{errors:?}");
    let handle = MeaningHandle(Some(meaning()));
    let mut wrong = Vec::new();
    let mut problems = 0;
    let mut others = 0;
    for line in ROUTING.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let q = v["question"].as_str().unwrap();
        let own_it = v["own_it"].as_bool().unwrap();
        if own_it {
            problems += 1;
        } else {
            others += 1;
        }
        for (how, m) in [
            ("rules", bank.match_question(q)),
            ("rules+meaning", bank.match_question_with(q, &handle)),
        ] {
            let got = m.question.rubric == Rubric::OwnIt;
            if got != own_it {
                wrong.push(format!(
                    "{how}: {q:?} -> {} ({})",
                    m.question.id, m.question.rubric
                ));
            }
        }
    }
    assert!(problems >= 60 && others >= 30, "{problems} / {others}");
    assert!(wrong.is_empty(), "misrouted:\n{}", wrong.join("\n"));
}

#[test]
fn leaving_a_residency_is_not_a_why_program_question() {
    assert!(asks_about_a_problem(
        "Why did you leave your residency program?"
    ));
    let (bank, _) = Bank::bundled();
    let m = bank.match_question("Why did you leave your residency program?");
    assert_eq!(m.question.rubric, Rubric::OwnIt, "{m:?}");
    assert!(m.routed_by.is_some());
}

#[test]
fn a_missing_model_is_a_clear_message_and_the_rules_still_score() {
    let empty = tempfile::tempdir().unwrap();
    let err = match load_from(empty.path(), "all-minilm-l6-v2") {
        Ok(_) => panic!("loaded a model from an empty directory"),
        Err(e) => e,
    };
    assert!(matches!(err, MeaningError::Unreadable { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("interview-coach models install all-minilm-l6-v2"),
        "{err}"
    );
    let r = score(ORGANIC_CHEMISTRY, &Settings::default());
    assert!(r.overall > 0);
    assert!(
        r.dimensions
            .iter()
            .into_iter()
            .flat_map(|(_, d)| d.evidence.iter())
            .all(|e| !e.note.contains("recognised by meaning"))
    );
}

#[test]
fn damaged_model_files_are_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.json"), "{\"hidden_size\": 384}").unwrap();
    std::fs::write(dir.path().join("tokenizer.json"), "not json").unwrap();
    std::fs::write(dir.path().join("model.safetensors"), [0u8; 64]).unwrap();
    match load_from(dir.path(), "all-minilm-l6-v2") {
        Ok(_) => panic!("loaded a damaged model"),
        Err(e) => assert!(e.to_string().contains("reinstall"), "{e}"),
    }
}

#[test]
fn the_cli_without_the_model_scores_by_rules_and_says_how_to_install_it() {
    let home = tempfile::tempdir().unwrap();
    let answer = home.path().join("answer.txt");
    std::fs::write(&answer, ORGANIC_CHEMISTRY).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .current_dir(home.path())
        .env("INTERVIEW_COACH_DATA_DIR", home.path())
        .env("INTERVIEW_COACH_MODELS_DIR", home.path().join("models"))
        .args([
            "score",
            "--question",
            "Tell me about a time you failed.",
            "--json",
        ])
        .arg("--text-file")
        .arg(&answer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("not installed") && stderr.contains("models install all-minilm-l6-v2"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scored_by"], "rules");
    assert!(v["dimensions"]["growth"]["score"].is_u64());
}

#[test]
fn batch_output_says_meaning_read_the_answer_and_keeps_its_fields() {
    let (bank, _) = Bank::bundled();
    let line = serde_json::json!({"id": "x", "question": "Tell me about a time you failed.",
        "answer": ORGANIC_CHEMISTRY})
    .to_string();
    let mut out = Vec::new();
    interview_coach::cli::score::run_batch(&bank, line.as_bytes(), &mut out, &with_meaning())
        .unwrap();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(
        v["scored_by"]
            .as_str()
            .unwrap()
            .starts_with("rules+meaning")
    );
    for key in [
        "id",
        "matched",
        "question_id",
        "rubric",
        "overall",
        "dimensions",
        "timing",
    ] {
        assert!(!v[key].is_null(), "{key} missing: {v}");
    }
}

#[test]
fn models_list_names_the_meaning_model_and_where_it_is() {
    let _ = meaning(); // fail with the set-up instruction if the model is missing
    let out = Command::new(env!("CARGO_BIN_EXE_interview-coach"))
        .args(["models", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Meaning")
            && text.contains("all-minilm-l6-v2")
            && text.contains("installed at"),
        "{text}"
    );
}
