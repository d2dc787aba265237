//! Tests of the HTML report.

use super::*;
use crate::analysis::Transcript;
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

#[test]
fn odd_spacing_still_highlights_the_right_words() {
    // The highlighter finds each word in the text, so spacing other than single spaces (a
    // hand-edited record) moves no highlight onto the wrong word.
    let mut a = attempt("usmle-explain", ANSWER);
    let words: Vec<String> = a
        .report
        .transcript
        .words
        .iter()
        .map(|w| w.text.clone())
        .collect();
    a.report.transcript.text = format!("\n  {}", words.join("   "));
    let html = render(
        "t",
        &[ReportItem {
            attempt: &a,
            comments: &[],
            coach_scores: &[],
        }],
    );
    assert_well_formed(&html);
    assert!(!a.report.metrics.fillers.is_empty());
    for f in &a.report.metrics.fillers {
        let said = words[f.word_index..f.word_index + f.word_count.max(1)].join("   ");
        let span = format!("<span class=\"m-filler\">{}</span>", escape(&said));
        assert!(html.contains(&span), "{span} missing");
    }
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

fn render_alone(a: &Attempt) -> String {
    render(
        "Voice",
        &[ReportItem {
            attempt: a,
            comments: &[],
            coach_scores: &[],
        }],
    )
}

#[test]
fn the_voice_measures_are_reported_and_absent_for_an_old_attempt() {
    use crate::analysis::metrics::{FillerSource, TimedPhrase};
    use crate::analysis::voice::loudness::{LoudnessMetrics, TrailingOff};
    use crate::analysis::voice::variation::{MonotoneStretch, PitchMetrics, PitchWindow};

    // An attempt analysed before the voice measures existed: no voice block, no heard fillers.
    let old = attempt("usmle-explain", ANSWER);
    assert!(old.report.metrics.pitch.is_none());
    let html = render_alone(&old);
    assert_well_formed(&html);
    for absent in [
        "<h4>Voice</h4>",
        "pitch variation",
        "articulation rate",
        "loudness variation",
        "filler heard, not in the transcript",
    ] {
        assert!(!html.contains(absent), "old attempt shows {absent}");
    }

    let mut a = old.clone();
    let m = &mut a.report.metrics;
    m.pitch = Some(PitchMetrics {
        median_hz: 131.0,
        sd_semitones: 2.94,
        windows: vec![
            PitchWindow {
                start: 0.4,
                end: 10.4,
                sd_semitones: 3.6,
            },
            PitchWindow {
                start: 5.4,
                end: 15.4,
                sd_semitones: 1.4,
            },
        ],
        monotone: vec![MonotoneStretch {
            start: 20.0,
            end: 45.0,
            sd_semitones: 1.38,
        }],
        contour: vec![[1.0, 130.0], [1.01, 132.0]],
    });
    m.loudness = Some(LoudnessMetrics {
        sd_db: 4.26,
        trailing_off: vec![TrailingOff {
            start: 12.0,
            end: 14.5,
            drop_db: 9.3,
        }],
        phrases: 6,
    });
    m.articulation_rate = Some(4.27);
    m.fillers.push(TimedPhrase {
        text: "uh".into(),
        start: 8.0,
        end: 8.4,
        word_index: 20,
        word_count: 0,
        source: FillerSource::Acoustic,
    });
    let html = render_alone(&a);
    assert_well_formed(&html);
    assert!(html.contains("<h4>Voice</h4>"));
    assert!(html.contains("<b>2.9 st</b><span>pitch variation (median 131 Hz"));
    assert!(html.contains("<b>4.3</b><span>syllables per second of speech"));
    assert!(html.contains("<b>4.3 dB</b><span>loudness variation"));
    assert!(html.contains("0:20–0:45: pitch stayed within 1.4 semitones"));
    assert!(html.contains("the phrase ended 9.3 dB quieter"));
    assert!(html.contains("Pitch variation per window"));
    assert!(html.contains("Filler heard, not in the transcript: “uh” at 0:08"));
    assert!(html.contains("filler heard, not in the transcript</span>"));
    // The transcript's own fillers keep their look.
    assert!(html.contains("<g><title>Filler “"));
}
