//! The real binary, as a user or another tool runs it.

use std::process::Command;

use crate::common::{jfk_wav, model_path};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_interview-coach"))
}

/// `interview-coach analyze FILE --json` with `extra` arguments, which must succeed; its report.
fn analyze_json(file: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("analyze")
        .arg(file)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn analyze_json_is_the_documented_document() {
    let _ = model_path(); // fail with the set-up instruction if the model is missing
    let v = analyze_json(&jfk_wav(), &[]);
    let t = &v["transcript"];
    assert!(
        t["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("ask not what your country")
    );
    let words = t["words"].as_array().unwrap();
    assert!(words.len() > 15);
    for w in words {
        assert!(
            w["text"].is_string() && w["start"].is_f64() && w["end"].is_f64(),
            "{w}"
        );
    }
    let m = &v["metrics"];
    for key in ["duration_s", "wpm", "fillers_per_min", "longest_pause_s"] {
        assert!(m[key].is_f64(), "metrics.{key} missing: {m}");
    }
    assert!(m["words"].is_u64());
    assert!(m["wpm_over_time"].as_array().is_some_and(|a| !a.is_empty()));
    for key in ["fillers", "pauses"] {
        assert!(m[key].is_array(), "metrics.{key}");
    }
    for p in m["pauses"].as_array().unwrap() {
        assert!(p["start"].is_f64() && p["end"].is_f64());
    }
    assert_eq!(v["model"]["name"], "tiny.en");
    assert_eq!(v["schema_version"], 1);
}

#[test]
fn analyze_text_report_reads_well() {
    let out = bin().arg("analyze").arg(jfk_wav()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "Transcript",
        "Delivery",
        "words/min",
        "fillers:",
        "What to work on",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

#[test]
fn bad_inputs_exit_with_a_message_not_a_panic() {
    let out = bin()
        .args(["analyze", "/nonexistent/answer.wav"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/answer.wav") && !err.contains("panicked"),
        "{err}"
    );

    let out = bin()
        .arg("analyze")
        .arg(jfk_wav())
        .args(["--model", "no-such-model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("models install"), "{err}");

    let out = bin()
        .args(["models", "install", "huge-v9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tiny.en"));
}

#[test]
fn a_damaged_model_is_refused_before_whisper_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(model_path()).unwrap();
    let truncated = dir.path().join("ggml-truncated.bin");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let garbage = dir.path().join("ggml-garbage.bin");
    std::fs::write(&garbage, vec![0x5au8; 1_000_000]).unwrap();
    for bad in [&truncated, &garbage] {
        let out = bin()
            .arg("analyze")
            .arg(jfk_wav())
            .arg("--model")
            .arg(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", bad.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&bad.display().to_string()), "{err}");
        assert!(
            err.contains("models install"),
            "the message must say how to fix it: {err}"
        );
    }
}

#[test]
fn models_list_shows_installed_and_available() {
    let out = bin().args(["models", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "tiny.en",
        "base.en",
        "small.en",
        "base",
        "small",
        "Installed",
        "Available",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
}

#[test]
fn text_from_a_pack_reaches_the_terminal_without_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    // A coach's pack whose question hides a terminal escape (clear screen, recolour, retitle).
    std::fs::write(
        dir.path().join("hostile.toml"),
        "[pack]\nid = \"hostile\"\ntitle = \"Hostile\"\n\n[[question]]\nid = \"esc\"\n\
         text = \"Why \\u001b[2J\\u001b[31mthis\\u001b]0;owned\\u0007 program?\"\n\
         category = \"motivation\"\nrubric = \"motivation\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["questions", "--packs"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Why this program?"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "escape reached the terminal: {stdout:?}"
    );
}

#[test]
fn analyze_takes_the_filler_bias_to_the_decoder() {
    // On the synthetic filler answer tiny.en writes some of hibari-tts's "uh" as "ah" without the
    // bias and as "uh" with it: the texts differ only if the flag reaches whisper.cpp.
    let text = |bias: &str| {
        let v = analyze_json(
            &crate::common::fetched("fillers.wav"),
            &["--filler-bias", bias],
        );
        v["transcript"]["text"].as_str().unwrap().to_string()
    };
    let (without, with) = (text("0"), text("1.25"));
    assert_ne!(without, with);
    let not_a_number = bin()
        .arg("analyze")
        .arg(jfk_wav())
        .args(["--filler-bias", "lots"])
        .output()
        .unwrap();
    assert!(!not_a_number.status.success());
    assert!(String::from_utf8_lossy(&not_a_number.stderr).contains("--filler-bias"));
}
