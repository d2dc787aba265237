//! How the attempt library scales: index build, reopen, listing, search, bundle export and
//! import, on N copies of one real analysed answer (with its recording).
//!
//! Usage: `cargo run --release --example sessions_bench -- ANSWER.wav [N]`
//! (the default model must be installed: `interview-coach models install tiny.en`).

use std::path::Path;
use std::time::Instant;

use interview_coach::bank::Bank;
use interview_coach::coaching::score_answer;
use interview_coach::models::manifest::Manifest;
use interview_coach::models::store;
use interview_coach::pipeline::{AnalyzeOptions, analyze_file};
use interview_coach::sessions::library::Who;
use interview_coach::sessions::{Attempt, Library, new_uid, now_unix};
use interview_coach::transcribe::Transcriber;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let wav = Path::new(
        args.get(1)
            .map_or("tests/data/fetched/jfk.wav", String::as_str),
    );
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    let manifest = Manifest::builtin()?;
    let model = store::locate(&manifest, "tiny.en")
        .ok_or_else(|| anyhow::anyhow!("install tiny.en first"))?;
    let t = Transcriber::load(&model)?;
    let (bank, _) = Bank::bundled();
    let q = bank
        .get("step1-fail")
        .ok_or_else(|| anyhow::anyhow!("bundled question missing"))?
        .clone();
    let (mut report, _) = analyze_file(wav, "tiny.en", &t, &AnalyzeOptions::default(), None)?;
    report.score = Some(score_answer(
        &q,
        &report.transcript,
        Some(report.metrics.duration_s),
    ));
    let dir = tempfile::tempdir()?;
    // Attempt folders written directly, as if from earlier sessions: the first open indexes them.
    for i in 0..n {
        let id = format!("{}-{i}", 1_700_000_000_000u64 + i as u64);
        let folder = dir.path().join("attempts").join(&id);
        std::fs::create_dir_all(&folder)?;
        std::fs::copy(wav, folder.join("answer.wav"))?;
        let a = Attempt {
            id,
            uid: new_uid(),
            question_id: q.id.clone(),
            question_text: q.text.clone(),
            created_unix: now_unix(),
            recording: Some("answer.wav".into()),
            report: report.clone(),
            app_version: "bench".into(),
            mock_id: None,
            student: None,
        };
        std::fs::write(folder.join("attempt.json"), serde_json::to_vec(&a)?)?;
    }
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let t0 = Instant::now();
    let (lib, _) = Library::open(dir.path())?;
    println!("first open, indexing {n} attempts: {:.0} ms", ms(t0));
    drop(lib);
    let t0 = Instant::now();
    let (mut lib, _) = Library::open(dir.path())?;
    println!("reopen (index current):          {:.1} ms", ms(t0));
    let t0 = Instant::now();
    let (all, _) = lib.list(&Who::Own, None)?;
    println!(
        "list all {} (reads each record): {:.0} ms",
        all.len(),
        ms(t0)
    );
    let t0 = Instant::now();
    let (hits, _) = lib.list(&Who::Own, Some("zebra"))?;
    println!(
        "search with no hits:             {:.1} ms ({} hits)",
        ms(t0),
        hits.len()
    );
    let uids: Vec<String> = all.iter().take(10).map(|a| a.uid.clone()).collect();
    let out = dir.path().join("ten.icbundle");
    let t0 = Instant::now();
    let bytes = lib.export_bundle(&uids, "Bench Student", &bank, &out)?;
    println!(
        "export 10 attempts:              {:.0} ms, {:.2} MB",
        ms(t0),
        bytes as f64 / 1e6
    );
    let coach = tempfile::tempdir()?;
    let (mut clib, _) = Library::open(coach.path())?;
    let t0 = Instant::now();
    let s = clib.import_bundle(&out)?;
    println!(
        "import 10 attempts:              {:.0} ms ({} added)",
        ms(t0),
        s.attempts_added
    );
    let t0 = Instant::now();
    let s = clib.import_bundle(&out)?;
    println!(
        "import the same bundle again:    {:.0} ms ({} unchanged)",
        ms(t0),
        s.attempts_unchanged
    );
    let t0 = Instant::now();
    lib.delete(&uids[0])?;
    println!("delete one attempt:              {:.1} ms", ms(t0));
    Ok(())
}
