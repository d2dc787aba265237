//! The highlighted transcript and the numbered coach comments.

use std::fmt::Write;

use super::{escape, part_class, push_escaped};
use crate::coaching::{Effect, Part};
use crate::format::mmss;
use crate::highlight::{Kind, Token, covers, highlight_report};
use crate::sessions::{Attempt, Comment};

/// The classes of a highlighted stretch of the transcript.
fn classes(kind: Kind) -> String {
    let mut c = Vec::new();
    match kind.evidence {
        Some(Effect::Raises) => c.push("m-up"),
        Some(Effect::Lowers) => c.push("m-down"),
        None => {}
    }
    match kind.token {
        Token::Filler => c.push("m-filler"),
        Token::Hedge => c.push("m-hedge"),
        Token::Plain => {}
    }
    if let Some(p) = kind.part {
        c.push(part_class(p));
    }
    c.join(" ")
}

pub(super) fn transcript_block(o: &mut String, a: &Attempt, comments: &[&Comment]) {
    let t = &a.report.transcript;
    o.push_str("<h3>Transcript</h3>\n");
    if t.text.trim().is_empty() {
        o.push_str("<p class=\"none\">No speech was recognised in this recording.</p>\n");
        return;
    }
    let chars: Vec<char> = t.text.chars().collect();
    let highlighted = highlight_report(&a.report);
    let words = &highlighted.word_chars;

    // Things inserted between characters: a tag where each pattern part starts and a numbered
    // marker after each word a comment is pinned to. (position, order at that position, html)
    let mut inserts: Vec<(usize, u8, String)> = Vec::new();
    for (k, c) in comments.iter().enumerate() {
        if let Some(Some(word)) = c.word_index.and_then(|w| words.get(w)) {
            inserts.push((
                word.end,
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
            if covers(&chars, s.start, s.end, &s.text) {
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
    let mut current: Option<Kind> = None;
    let close = |o: &mut String, current: &mut Option<Kind>| {
        if current.take().is_some_and(|k| k != Kind::PLAIN) {
            o.push_str("</span>");
        }
    };
    let styled = highlighted.segments.iter().flat_map(|seg| {
        seg.chars
            .clone()
            .zip(seg.text.chars())
            .map(|(i, c)| (i, c, seg.kind))
    });
    for (i, c, st) in styled {
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
            if st != Kind::PLAIN {
                let _ = write!(o, "<span class=\"{}\">", classes(st));
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

pub(super) fn comments_block(o: &mut String, a: &Attempt, comments: &[&Comment]) {
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
