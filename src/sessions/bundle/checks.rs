//! Checks of every value a bundle carries (the manifest, each attempt and its report), made
//! by the writer before anything is written and by the reader before anything reaches the
//! library. The rules themselves are in [`crate::sessions::validate`].

use std::collections::HashSet;

use super::super::validate::{
    Checked, Invalid, MAX_CONTOUR_POINTS, MAX_DB, MAX_FEW, MAX_ID_CHARS, MAX_LABEL_CHARS,
    MAX_PITCH_HZ, MAX_QUESTION_CHARS, MAX_SEMITONES, MAX_SHORT_CHARS, MAX_TRANSCRIPT_CHARS,
    MAX_WORDS, check_count, check_id, check_line, check_measure, check_name, check_offsets,
    check_opt_span, check_pack_name, check_rate, check_score, check_seconds, check_span,
    check_text, check_uid, quoted,
};
use super::Manifest;
use crate::analysis::metrics::SpeechMetrics;
use crate::report::AnalysisReport;
use crate::sessions::{ANSWER_FILE, Attempt};

/// Checks the manifest's values (not its format and version, which come first).
pub(super) fn check_manifest(m: &Manifest, max_attempts: usize) -> Checked {
    check_name("student", &m.student)?;
    check_line("app_version", &m.app_version, 0, MAX_LABEL_CHARS)?;
    if let Some(mock) = &m.mock_id {
        check_line("mock_id", mock, 1, MAX_ID_CHARS)?;
    }
    check_count("attempts", m.attempts.len(), max_attempts)?;
    let mut seen = HashSet::new();
    for (i, uid) in m.attempts.iter().enumerate() {
        check_uid(&format!("attempts[{i}]"), uid)?;
        if !seen.insert(uid.as_str()) {
            return Err(Invalid(format!("attempts lists {uid} twice")));
        }
    }
    let mut seen = HashSet::new();
    for (i, name) in m.packs.iter().enumerate() {
        check_pack_name(name).map_err(|p| p.within(&format!("packs[{i}] ")))?;
        // Case-insensitively, so the packs can be saved side by side on any file system.
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(Invalid(format!("packs lists {name:?} twice")));
        }
    }
    Ok(())
}

/// Checks an attempt record: ids, lengths and numbers. `uid` is where it was found (its
/// folder, or the manifest position when exporting).
pub(super) fn check_attempt(a: &Attempt, uid: &str) -> Checked {
    if a.uid != uid {
        return Err(Invalid(format!(
            "uid is {:?} but the attempt is filed under {uid}",
            quoted(&a.uid)
        )));
    }
    check_id("id", &a.id)?;
    check_line("question_id", &a.question_id, 0, MAX_ID_CHARS)?;
    check_text("question_text", &a.question_text, MAX_QUESTION_CHARS)?;
    if let Some(r) = &a.recording
        && r.as_os_str() != ANSWER_FILE
    {
        return Err(Invalid(format!(
            "recording is {:?}; in a bundle it is always \"{ANSWER_FILE}\" or empty",
            quoted(&r.to_string_lossy())
        )));
    }
    check_line("app_version", &a.app_version, 0, MAX_LABEL_CHARS)?;
    if let Some(mock) = &a.mock_id {
        check_line("mock_id", mock, 1, MAX_ID_CHARS)?;
    }
    if a.student.is_some() {
        // The coach's copy takes the name from bundle.json; a name here could contradict it.
        return Err(Invalid("student is set; in a bundle it is empty".into()));
    }
    check_report(&a.report).map_err(|p| p.within("report."))
}

/// Checks the voice measures: pitch (median, variation, windows, monotone stretches, contour),
/// loudness and articulation rate. The review screen draws the contour and the stretches, so
/// every time and frequency must be one a chart can place.
fn check_voice(m: &SpeechMetrics) -> Checked {
    if let Some(p) = &m.pitch {
        check_measure("metrics.pitch.median_hz", p.median_hz, MAX_PITCH_HZ, "Hz")?;
        let st = |field: &str, v: f64| check_measure(field, v, MAX_SEMITONES, "semitones");
        st("metrics.pitch.sd_semitones", p.sd_semitones)?;
        for (list, spans) in [
            (
                "windows",
                p.windows
                    .iter()
                    .map(|w| (w.start, w.end, w.sd_semitones))
                    .collect::<Vec<_>>(),
            ),
            (
                "monotone",
                p.monotone
                    .iter()
                    .map(|w| (w.start, w.end, w.sd_semitones))
                    .collect(),
            ),
        ] {
            check_count(&format!("metrics.pitch.{list}"), spans.len(), MAX_WORDS)?;
            for (i, (start, end, sd)) in spans.into_iter().enumerate() {
                let at = format!("metrics.pitch.{list}[{i}]");
                check_span(&at, start, end)?;
                st(&format!("{at}.sd_semitones"), sd)?;
            }
        }
        check_count("metrics.pitch.contour", p.contour.len(), MAX_CONTOUR_POINTS)?;
        for (i, [t, hz]) in p.contour.iter().enumerate() {
            check_seconds(&format!("metrics.pitch.contour[{i}][0]"), f64::from(*t))?;
            let at = format!("metrics.pitch.contour[{i}][1]");
            check_measure(&at, f64::from(*hz), MAX_PITCH_HZ, "Hz")?;
        }
    }
    if let Some(l) = &m.loudness {
        check_measure("metrics.loudness.sd_db", l.sd_db, MAX_DB, "dB")?;
        check_count("metrics.loudness.phrases", l.phrases, MAX_WORDS)?;
        check_count(
            "metrics.loudness.trailing_off",
            l.trailing_off.len(),
            MAX_WORDS,
        )?;
        for (i, t) in l.trailing_off.iter().enumerate() {
            let at = format!("metrics.loudness.trailing_off[{i}]");
            check_span(&at, t.start, t.end)?;
            check_measure(&format!("{at}.drop_db"), t.drop_db, MAX_DB, "dB")?;
        }
    }
    if let Some(rate) = m.articulation_rate {
        check_rate("metrics.articulation_rate", rate)?;
    }
    Ok(())
}

/// Checks every field of a report: texts, times, rates, scores, and the word indices and
/// character offsets that the transcript highlighter will follow.
fn check_report(r: &AnalysisReport) -> Checked {
    check_line("file", &r.file, 0, MAX_SHORT_CHARS)?;
    if let Some(q) = &r.question_id {
        check_line("question_id", q, 0, MAX_ID_CHARS)?;
    }
    check_line("model.name", &r.model.name, 0, MAX_SHORT_CHARS)?;
    check_line("model.path", &r.model.path, 0, MAX_SHORT_CHARS)?;
    // Each piece holds at least one word, so there are never more pieces than words.
    if r.model.live_pieces.is_some_and(|n| n as usize > MAX_WORDS) {
        return Err(Invalid(format!(
            "model.live_pieces must be at most {MAX_WORDS}"
        )));
    }
    if let Some(h) = &r.model.sha256
        && (h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(Invalid(
            "model.sha256 must be 64 hexadecimal characters".into(),
        ));
    }

    let t = &r.transcript;
    check_text("transcript.text", &t.text, MAX_TRANSCRIPT_CHARS)?;
    check_count("transcript.words", t.words.len(), MAX_WORDS)?;
    for (i, w) in t.words.iter().enumerate() {
        let at = format!("transcript.words[{i}]");
        check_line(&format!("{at}.text"), &w.text, 0, MAX_SHORT_CHARS)?;
        check_span(&at, w.start, w.end)?;
    }
    let n_words = t.words.len();

    let m = &r.metrics;
    check_seconds("metrics.duration_s", m.duration_s)?;
    check_seconds("metrics.speaking_time_s", m.speaking_time_s)?;
    check_seconds("metrics.longest_pause_s", m.longest_pause_s)?;
    check_count("metrics.words", m.words, MAX_WORDS)?;
    check_rate("metrics.wpm", m.wpm)?;
    check_rate("metrics.fillers_per_min", m.fillers_per_min)?;
    check_line("metrics.pause_source", &m.pause_source, 0, MAX_LABEL_CHARS)?;
    check_count("metrics.wpm_over_time", m.wpm_over_time.len(), MAX_WORDS)?;
    for (i, w) in m.wpm_over_time.iter().enumerate() {
        let at = format!("metrics.wpm_over_time[{i}]");
        check_span(&at, w.start, w.end)?;
        check_rate(&format!("{at}.wpm"), w.wpm)?;
    }
    for (list, phrases) in [("fillers", &m.fillers), ("hedges", &m.hedges)] {
        check_count(&format!("metrics.{list}"), phrases.len(), MAX_WORDS)?;
        for (i, p) in phrases.iter().enumerate() {
            let at = format!("metrics.{list}[{i}]");
            check_line(&format!("{at}.text"), &p.text, 0, MAX_SHORT_CHARS)?;
            check_span(&at, p.start, p.end)?;
            // The review screen paints these words by index; out of range they would panic.
            if p.word_index
                .checked_add(p.word_count)
                .is_none_or(|e| e > n_words)
            {
                return Err(Invalid(format!(
                    "{at} points at words {}+{} of a transcript with {n_words}",
                    p.word_index, p.word_count
                )));
            }
        }
    }
    check_count("metrics.pauses", m.pauses.len(), MAX_WORDS)?;
    for (i, p) in m.pauses.iter().enumerate() {
        check_span(&format!("metrics.pauses[{i}]"), p.start, p.end)?;
    }
    check_voice(m)?;

    check_count("delivery", r.delivery.len(), MAX_FEW)?;
    for (i, d) in r.delivery.iter().enumerate() {
        check_line(
            &format!("delivery[{i}].aspect"),
            &d.aspect,
            0,
            MAX_LABEL_CHARS,
        )?;
        check_text(
            &format!("delivery[{i}].message"),
            &d.message,
            MAX_SHORT_CHARS,
        )?;
    }
    check_count("warnings", r.warnings.len(), MAX_FEW)?;
    for (i, w) in r.warnings.iter().enumerate() {
        check_text(&format!("warnings[{i}]"), w, MAX_SHORT_CHARS)?;
    }

    let Some(s) = &r.score else { return Ok(()) };
    check_line("score.question_id", &s.question_id, 0, MAX_ID_CHARS)?;
    check_text("score.question_text", &s.question_text, MAX_QUESTION_CHARS)?;
    check_score("score.overall", s.overall)?;
    check_text("score.verdict", &s.verdict, MAX_SHORT_CHARS)?;
    for (key, d) in s.dimensions.iter() {
        let at = format!("score.dimensions.{key}");
        check_score(&format!("{at}.score"), d.score)?;
        check_text(&format!("{at}.verdict"), &d.verdict, MAX_SHORT_CHARS)?;
        check_line(&format!("{at}.label"), &d.label, 0, MAX_SHORT_CHARS)?;
        check_count(&format!("{at}.evidence"), d.evidence.len(), MAX_WORDS)?;
        for (i, e) in d.evidence.iter().enumerate() {
            let at = format!("{at}.evidence[{i}]");
            check_text(&format!("{at}.text"), &e.text, MAX_TRANSCRIPT_CHARS)?;
            check_text(&format!("{at}.note"), &e.note, MAX_SHORT_CHARS)?;
            check_offsets(&at, e.start, e.end)?;
            check_opt_span(&at, e.start_s, e.end_s)?;
        }
    }
    check_count("score.spans", s.spans.len(), MAX_WORDS)?;
    for (i, p) in s.spans.iter().enumerate() {
        let at = format!("score.spans[{i}]");
        check_text(&format!("{at}.text"), &p.text, MAX_TRANSCRIPT_CHARS)?;
        check_offsets(&at, p.start, p.end)?;
        check_opt_span(&at, p.start_s, p.end_s)?;
    }
    check_count("score.pattern.expected", s.pattern.expected.len(), MAX_FEW)?;
    check_count("score.pattern.missing", s.pattern.missing.len(), MAX_FEW)?;
    check_text("score.pattern.note", &s.pattern.note, MAX_SHORT_CHARS)?;
    check_count("score.suggestions", s.suggestions.len(), MAX_FEW)?;
    for (i, x) in s.suggestions.iter().enumerate() {
        check_text(&format!("score.suggestions[{i}]"), x, MAX_SHORT_CHARS)?;
    }
    let tm = &s.timing;
    check_seconds("score.timing.duration_s", tm.duration_s)?;
    check_seconds("score.timing.target_min_s", tm.target_min_s)?;
    check_seconds("score.timing.target_max_s", tm.target_max_s)?;
    if tm.target_min_s > tm.target_max_s {
        return Err(Invalid(
            "score.timing has target_min_s above target_max_s".into(),
        ));
    }
    if let Some(p) = tm.problem_s {
        check_seconds("score.timing.problem_s", p)?;
    }
    check_count("score.timing.word_count", tm.word_count, MAX_WORDS)?;
    check_count("score.timing.filler_count", tm.filler_count, MAX_WORDS)?;
    check_rate("score.timing.fillers_per_min", tm.fillers_per_min)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::test_support::*;
    use super::super::*;
    use crate::sessions::validate::{
        MAX_CONTOUR_POINTS, MAX_QUESTION_CHARS, MAX_TRANSCRIPT_CHARS, MAX_WORDS,
    };

    // ----- the manifest -----

    #[test]
    fn a_missing_manifest_is_refused() {
        let mut entries = Parts::valid().entries();
        entries.remove(0);
        assert!(matches!(
            refuse(&zip_of(&entries)),
            BundleError::MissingManifest
        ));
    }

    fn refuse_manifest(edit: impl FnOnce(&mut Value)) -> BundleError {
        let mut p = Parts::valid();
        edit(&mut p.manifest);
        refuse(&p.zip())
    }

    #[test]
    fn wrong_format_and_versions_are_refused() {
        let e = refuse_manifest(|m| m["format"] = json!("something-else"));
        assert!(matches!(e, BundleError::NotABundle { .. }), "{e}");
        let e = refuse_manifest(|m| {
            m.as_object_mut().unwrap().remove("format");
        });
        assert!(matches!(e, BundleError::NotABundle { .. }), "{e}");

        let e = refuse_manifest(|m| {
            m["version"] = json!(2);
            // A newer layout may change anything else; the version is still reported.
            m["attempts"] = json!({"new": "shape"});
        });
        assert!(matches!(e, BundleError::NewerVersion { version: 2 }), "{e}");
        assert!(e.to_string().contains("newer interview-coach"), "{e}");
        assert!(e.to_string().contains("update"), "{e}");

        for v in [json!(0), json!(-1), json!("1"), json!(1.5)] {
            let e = refuse_manifest(|m| m["version"] = v.clone());
            assert!(
                matches!(e, BundleError::UnsupportedVersion { .. }),
                "{v}: {e}"
            );
        }
    }

    #[test]
    fn wrong_types_name_the_field() {
        for (field, value) in [
            ("created_unix", json!("yesterday")),
            ("student", json!(42)),
            ("attempts", json!("all of them")),
            ("mock_id", json!(["a"])),
        ] {
            let e = refuse_manifest(|m| m[field] = value);
            assert!(matches!(e, BundleError::Json { .. }), "{field}: {e}");
            assert!(
                e.to_string().contains(&format!("\"{field}\"")),
                "{field}: {e}"
            );
        }
        let e = refuse_manifest(|m| {
            m.as_object_mut().unwrap().remove("student");
        });
        assert!(e.to_string().contains("student"), "{e}");

        let mut entries = Parts::valid().entries();
        entries[0].1 = b"{\"format\": \"interview-coach-bundle\", ".to_vec();
        let e = refuse(&zip_of(&entries));
        assert!(e.to_string().contains("not valid JSON"), "{e}");
    }

    #[test]
    fn bad_manifest_values_are_refused() {
        let cases: Vec<(&str, Edit)> = vec![
            ("student", Box::new(|m| m["student"] = json!(""))),
            ("student", Box::new(|m| m["student"] = json!("   "))),
            (
                "student",
                Box::new(|m| m["student"] = json!("x".repeat(101))),
            ),
            ("student", Box::new(|m| m["student"] = json!("Ana\u{0007}"))),
            (
                "student",
                Box::new(|m| m["student"] = json!("Ana\u{202E}tneduts")),
            ),
            ("mock_id", Box::new(|m| m["mock_id"] = json!(""))),
            (
                "attempts[0]",
                Box::new(|m| m["attempts"] = json!([UID_A.to_uppercase()])),
            ),
            ("twice", Box::new(|m| m["attempts"] = json!([UID_A, UID_A]))),
            ("packs[0]", Box::new(|m| m["packs"] = json!(["../x.toml"]))),
            (
                "app_version",
                Box::new(|m| m["app_version"] = json!("1\n2")),
            ),
        ];
        for (field, edit) in cases {
            let e = refuse_manifest(edit);
            assert!(
                matches!(&e, BundleError::Invalid { problem, .. } if problem.contains(field)),
                "{field}: {e}"
            );
        }
        // 100 characters, accents included, is fine.
        let mut p = Parts::valid();
        p.manifest["student"] = json!("é".repeat(100));
        try_extract(&p.zip(), &Limits::default()).unwrap();
    }

    #[test]
    fn manifest_and_entries_must_agree() {
        // Listed but absent.
        let e = refuse_manifest(|m| m["attempts"] = json!([UID_A, UID_B]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        assert!(e.to_string().contains(UID_B));
        let e = refuse_manifest(|m| m["packs"] = json!([PACK_NAME, "other.toml"]));
        assert!(e.to_string().contains("packs/other.toml"), "{e}");
        // Present but not listed.
        let e = refuse_manifest(|m| m["attempts"] = json!([]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        let e = refuse_manifest(|m| m["packs"] = json!([]));
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
    }

    // ----- attempts -----

    fn refuse_attempt(edit: impl FnOnce(&mut Value)) -> BundleError {
        let mut p = Parts::valid();
        edit(p.attempt());
        refuse(&p.zip())
    }

    #[test]
    fn bad_attempt_values_are_refused() {
        let long_words: Vec<Value> = (0..MAX_WORDS + 1)
            .map(|_| json!({"text": "a", "start": 0.0, "end": 0.0}))
            .collect();
        let cases: Vec<(&str, Edit)> = vec![
            ("uid", Box::new(|a| a["uid"] = json!(UID_B))),
            ("id", Box::new(|a| a["id"] = json!("../../etc"))),
            ("id", Box::new(|a| a["id"] = json!(""))),
            ("id", Box::new(|a| a["id"] = json!("a".repeat(201)))),
            (
                "question_id",
                Box::new(|a| a["question_id"] = json!("q\u{0000}")),
            ),
            (
                "question_text",
                Box::new(|a| a["question_text"] = json!("x".repeat(MAX_QUESTION_CHARS + 1))),
            ),
            (
                "transcript.text",
                Box::new(|a| {
                    a["report"]["transcript"]["text"] = json!("y".repeat(MAX_TRANSCRIPT_CHARS + 1))
                }),
            ),
            (
                "transcript.words",
                Box::new(move |a| a["report"]["transcript"]["words"] = json!(long_words)),
            ),
            (
                "transcript.words[0].start",
                Box::new(|a| a["report"]["transcript"]["words"][0]["start"] = json!(-0.5)),
            ),
            (
                "transcript.words[1]",
                Box::new(|a| a["report"]["transcript"]["words"][1]["start"] = json!(50.0)),
            ),
            (
                "metrics.duration_s",
                Box::new(|a| a["report"]["metrics"]["duration_s"] = json!(-3.0)),
            ),
            (
                "metrics.wpm",
                Box::new(|a| a["report"]["metrics"]["wpm"] = json!(1e300)),
            ),
            (
                "metrics.fillers[0]",
                Box::new(|a| {
                    a["report"]["metrics"]["fillers"] = json!([{
                        "text": "um", "start": 1.0, "end": 1.2,
                        "word_index": 5, "word_count": usize::MAX
                    }])
                }),
            ),
            (
                "score.overall",
                Box::new(|a| a["report"]["score"]["overall"] = json!(101)),
            ),
            (
                "score.dimensions.growth.score",
                Box::new(|a| a["report"]["score"]["dimensions"]["growth"]["score"] = json!(255)),
            ),
            (
                "score.timing.duration_s",
                Box::new(|a| a["report"]["score"]["timing"]["duration_s"] = json!(-1.0)),
            ),
            (
                "recording",
                Box::new(|a| a["recording"] = json!("../../x.wav")),
            ),
            (
                "recording",
                Box::new(|a| a["recording"] = json!("/home/ana/answer.wav")),
            ),
            (
                "student",
                Box::new(|a| a["student"] = json!("Someone Else")),
            ),
            ("mock_id", Box::new(|a| a["mock_id"] = json!("m\u{0008}"))),
        ];
        for (field, edit) in cases {
            let e = refuse_attempt(edit);
            assert!(
                matches!(&e, BundleError::Invalid { problem, entry } if problem.contains(field)
                    && entry.starts_with("attempts/")),
                "{field}: {e}"
            );
        }
    }

    /// Voice measures as the app writes them.
    fn with_voice(a: &mut Value) {
        let m = &mut a["report"]["metrics"];
        m["pitch"] = json!({
            "median_hz": 180.0, "sd_semitones": 2.5,
            "windows": [{"start": 0.0, "end": 10.0, "sd_semitones": 2.5}],
            "monotone": [{"start": 0.0, "end": 10.0, "sd_semitones": 1.5}],
            "contour": [[0.5, 180.0], [0.51, 182.0]]
        });
        m["loudness"] = json!({
            "sd_db": 3.0, "phrases": 4,
            "trailing_off": [{"start": 1.0, "end": 2.0, "drop_db": 12.0}]
        });
        m["articulation_rate"] = json!(4.5);
    }

    #[test]
    fn bad_voice_values_are_refused() {
        let mut p = Parts::valid();
        with_voice(p.attempt());
        try_extract(&p.zip(), &Limits::default()).unwrap();
        let cases: Vec<(&str, Edit)> = vec![
            (
                "metrics.pitch.median_hz",
                Box::new(|m| m["pitch"]["median_hz"] = json!(-1.0)),
            ),
            (
                "metrics.pitch.sd_semitones",
                Box::new(|m| m["pitch"]["sd_semitones"] = json!(1e300)),
            ),
            (
                "metrics.pitch.windows[0].end",
                Box::new(|m| m["pitch"]["windows"][0]["end"] = json!(1e9)),
            ),
            (
                "metrics.pitch.monotone[0].sd_semitones",
                Box::new(|m| m["pitch"]["monotone"][0]["sd_semitones"] = json!(-2.0)),
            ),
            (
                "metrics.pitch.monotone[0]",
                Box::new(|m| m["pitch"]["monotone"][0]["start"] = json!(20.0)),
            ),
            (
                "metrics.pitch.contour[1][1]",
                Box::new(|m| m["pitch"]["contour"][1] = json!([0.6, 90000.0])),
            ),
            (
                "metrics.pitch.contour[0][0]",
                Box::new(|m| m["pitch"]["contour"][0] = json!([-5.0, 180.0])),
            ),
            (
                "metrics.loudness.sd_db",
                Box::new(|m| m["loudness"]["sd_db"] = json!(1e12)),
            ),
            (
                "metrics.loudness.trailing_off[0].drop_db",
                Box::new(|m| m["loudness"]["trailing_off"][0]["drop_db"] = json!(-10.0)),
            ),
            (
                "metrics.loudness.phrases",
                Box::new(|m| m["loudness"]["phrases"] = json!(MAX_WORDS + 1)),
            ),
            (
                "metrics.articulation_rate",
                Box::new(|m| m["articulation_rate"] = json!(-4.0)),
            ),
        ];
        for (field, edit) in cases {
            let e = refuse_attempt(|a| {
                with_voice(a);
                edit(&mut a["report"]["metrics"]);
            });
            assert!(
                matches!(&e, BundleError::Invalid { problem, .. } if problem.contains(field)),
                "{field}: {e}"
            );
        }
        // Too many contour points: an attempt record that large passes only a raised size
        // limit, so the count is checked there.
        let mut p = Parts::valid();
        with_voice(p.attempt());
        p.attempt()["report"]["metrics"]["pitch"]["contour"] =
            json!(vec![[1.0f32, 150.0]; MAX_CONTOUR_POINTS + 1]);
        let roomy = Limits {
            max_json_bytes: 256 << 20,
            ..Limits::default()
        };
        let e = refuse_with(&p.zip(), &roomy);
        assert!(e.to_string().contains("metrics.pitch.contour has"), "{e}");
    }

    #[test]
    fn attempt_type_errors_name_the_field() {
        for (field, edit) in [
            (
                "created_unix",
                Box::new(|a: &mut Value| a["created_unix"] = json!("yesterday")) as Edit,
            ),
            (
                "start",
                Box::new(|a: &mut Value| {
                    a["report"]["transcript"]["words"][2]["start"] = json!("soon")
                }),
            ),
            (
                "overall",
                Box::new(|a: &mut Value| a["report"]["score"]["overall"] = json!(300)),
            ),
        ] {
            let e = refuse_attempt(edit);
            assert!(matches!(e, BundleError::Json { .. }), "{field}: {e}");
            assert!(
                e.to_string().contains(&format!("\"{field}\"")),
                "{field}: {e}"
            );
        }
        // Numbers JSON cannot hold as f64 (1e999) are refused too.
        let mut entries = Parts::valid().entries();
        let text = String::from_utf8(entries[1].1.clone()).unwrap();
        let text = text.replacen("\"start\": 0.5", "\"start\": 1e999", 1);
        assert!(text.contains("1e999"));
        entries[1].1 = text.into_bytes();
        let e = refuse(&zip_of(&entries));
        assert!(matches!(e, BundleError::Json { .. }), "{e}");
    }

    #[test]
    fn recordings_must_match_the_record() {
        // Refers to a recording that is not there.
        let mut p = Parts::valid();
        p.attempts[0].2 = None;
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        // A recording the record does not mention.
        let mut p = Parts::valid();
        p.attempt()["recording"] = Value::Null;
        let e = refuse(&p.zip());
        assert!(matches!(e, BundleError::Inconsistent { .. }), "{e}");
        // An attempt without a recording is fine.
        let mut p = Parts::valid();
        p.attempts[0].2 = None;
        p.attempt()["recording"] = Value::Null;
        let x = try_extract(&p.zip(), &Limits::default()).unwrap();
        assert_eq!(x.attempts[0].wav, None);
    }

    #[test]
    fn recordings_must_be_wav_files() {
        let mut truncated = wav_bytes();
        truncated.truncate(200);
        for (what, data) in [
            (
                "garbage",
                b"this is not audio at all, just text pretending".to_vec(),
            ),
            ("empty", Vec::new()),
            ("cut short", truncated),
        ] {
            let mut p = Parts::valid();
            p.attempts[0].2 = Some(data);
            let e = refuse(&p.zip());
            assert!(matches!(e, BundleError::BadWav { .. }), "{what}: {e}");
        }
    }
}
