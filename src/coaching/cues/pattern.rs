//! The pattern language the lexicon is written in, and its matcher.
//!
//! A pattern is a sequence of space-separated elements, matched against the token stream of
//! one sentence:
//! - `word`, `a|b|c`, `prefix*`: one token;
//! - `?a|b`: an optional token;
//! - `~N`: skip up to N tokens (within the sentence; softeners such as "just" are free);
//! - `@set`: any word of a named set (see [`super::lexicon::word_set`]), also inside
//!   alternatives (`a|@set`);
//! - `#num`, `#score` (an exam score: 150-300 or COMLEX 350-850), `#small` (below 100);
//! - `^`: as the first element, the match must start a sentence.
//!
//! [`Pattern::compile`] rejects anything else with a [`PatternError`]: a typo in a rule is an
//! error, never a rule that silently never fires.

use super::super::text::{Tok, normalise_literal};

/// Why a pattern did not compile. Each variant carries the pattern's source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// The pattern has no elements.
    #[error("empty pattern {pattern:?}")]
    Empty {
        /// The pattern's source.
        pattern: String,
    },
    /// `@name` names no word set.
    #[error("unknown word set @{name} in pattern {pattern:?}")]
    UnknownSet {
        /// The set name, without `@`.
        name: String,
        /// The pattern's source.
        pattern: String,
    },
    /// `~N` where N is not a positive whole number.
    #[error("malformed gap {element:?} in pattern {pattern:?} (expected ~N, N >= 1)")]
    BadGap {
        /// The element as written.
        element: String,
        /// The pattern's source.
        pattern: String,
    },
    /// `#name` that is not `#num`, `#score` or `#small`.
    #[error("unknown number class {element:?} in pattern {pattern:?}")]
    UnknownClass {
        /// The element as written.
        element: String,
        /// The pattern's source.
        pattern: String,
    },
    /// `^` anywhere but first.
    #[error("'^' must be the first element, in pattern {pattern:?}")]
    MisplacedAnchor {
        /// The pattern's source.
        pattern: String,
    },
    /// A word alternative that is empty or contains characters a token never has (a stray
    /// `?`, `~`, `*` or punctuation).
    #[error("malformed word {word:?} in pattern {pattern:?}")]
    BadWord {
        /// The alternative as written.
        word: String,
        /// The pattern's source.
        pattern: String,
    },
}

/// One alternative for a token.
#[derive(Debug, Clone)]
enum Alternative {
    /// The token is exactly this word.
    Exact(String),
    /// The token starts with this prefix (`prefix*`).
    Prefix(String),
}

impl Alternative {
    fn matches(&self, w: &str) -> bool {
        match self {
            Alternative::Exact(s) => s == w,
            Alternative::Prefix(p) => w.starts_with(p.as_str()),
        }
    }
}

/// One element of a compiled pattern.
#[derive(Debug, Clone)]
enum Element {
    /// One token, any of the alternatives.
    Word(Vec<Alternative>),
    /// An optional token.
    Optional(Vec<Alternative>),
    /// Skip up to this many tokens.
    Gap(usize),
    /// An exam score.
    Score,
    /// A number below 100.
    Small,
    /// Any number.
    Num,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    elements: Vec<Element>,
    /// The match must start a sentence (`^`).
    pub sentence_start: bool,
}

/// Characters a word literal may have: tokens are words, numbers and hyphenated compounds
/// (contractions are expanded before matching, so a literal with an apostrophe could never
/// match).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

impl Pattern {
    /// Compiles `source`, resolving `@name` with `word_set`.
    pub(crate) fn compile(
        source: &str,
        word_set: impl Fn(&str) -> Option<&'static [&'static str]>,
    ) -> Result<Self, PatternError> {
        let mut elements = Vec::new();
        let mut sentence_start = false;
        let pattern = || source.to_string();
        for (i, part) in source.split_whitespace().enumerate() {
            if part == "^" {
                if i > 0 {
                    return Err(PatternError::MisplacedAnchor { pattern: pattern() });
                }
                sentence_start = true;
            } else if let Some(n) = part.strip_prefix('~') {
                match n.parse::<usize>() {
                    Ok(n) if n >= 1 => elements.push(Element::Gap(n)),
                    _ => {
                        return Err(PatternError::BadGap {
                            element: part.to_string(),
                            pattern: pattern(),
                        });
                    }
                }
            } else if part.starts_with('#') {
                elements.push(match part {
                    "#score" => Element::Score,
                    "#small" => Element::Small,
                    "#num" => Element::Num,
                    _ => {
                        return Err(PatternError::UnknownClass {
                            element: part.to_string(),
                            pattern: pattern(),
                        });
                    }
                });
            } else if let Some(o) = part.strip_prefix('?') {
                elements.push(Element::Optional(alternatives(o, source, &word_set)?));
            } else {
                elements.push(Element::Word(alternatives(part, source, &word_set)?));
            }
        }
        if elements.is_empty() {
            return Err(PatternError::Empty { pattern: pattern() });
        }
        Ok(Self {
            elements,
            sentence_start,
        })
    }

    /// Tries to match at token `k` (within its sentence); pushes the matched (non-gap) token
    /// indices into `out`. `sentence_start` is the caller's to check.
    pub(crate) fn matches_at(&self, toks: &[Tok], k: usize, out: &mut Vec<usize>) -> bool {
        toks.get(k)
            .is_some_and(|t| match_at(&self.elements, toks, k, t.sent, out))
    }
}

/// The alternatives of one element (`a|b*|@set`).
fn alternatives(
    spec: &str,
    source: &str,
    word_set: &impl Fn(&str) -> Option<&'static [&'static str]>,
) -> Result<Vec<Alternative>, PatternError> {
    let mut out = Vec::new();
    for part in spec.split('|') {
        if let Some(name) = part.strip_prefix('@') {
            let words = word_set(name).ok_or_else(|| PatternError::UnknownSet {
                name: name.to_string(),
                pattern: source.to_string(),
            })?;
            for w in words {
                out.push(alternative(w, source)?);
            }
        } else {
            out.push(alternative(part, source)?);
        }
    }
    Ok(out)
}

fn alternative(w: &str, source: &str) -> Result<Alternative, PatternError> {
    let (word, prefix) = match w.strip_suffix('*') {
        Some(p) => (p, true),
        None => (w, false),
    };
    if word.is_empty() || !word.chars().all(is_word_char) {
        return Err(PatternError::BadWord {
            word: w.to_string(),
            pattern: source.to_string(),
        });
    }
    Ok(if prefix {
        Alternative::Prefix(word.to_string())
    } else {
        Alternative::Exact(normalise_literal(word))
    })
}

/// Softeners and intensifiers that do not count against a gap's budget, so "I sort of just
/// didn't" matches a rule written as "i ~3 not" the same way "I didn't" does.
pub(super) const SOFT: &[&str] = &[
    "just",
    "really",
    "actually",
    "honestly",
    "basically",
    "literally",
    "kind",
    "sort",
    "of",
    "maybe",
    "probably",
    "definitely",
    "certainly",
    "truly",
    "also",
    "even",
    "still",
    "totally",
    "completely",
    "simply",
    "guess",
    "think",
    "suppose",
    "mean",
];

/// Pronouns that start a new clause's subject; gaps stop at them.
const SUBJECTS: &[&str] = &["it", "he", "she", "they", "we", "you", "there"];

/// Tries to match `els` at token `k`; pushes matched (non-gap) token indices into `out`.
fn match_at(els: &[Element], toks: &[Tok], k: usize, sent: usize, out: &mut Vec<usize>) -> bool {
    let Some(el) = els.first() else {
        return true;
    };
    let rest = &els[1..];
    let tok = toks.get(k).filter(|t| t.sent == sent);
    match el {
        Element::Gap(n) => {
            let mut budget = *n;
            let mut skip = 0;
            loop {
                let len = out.len();
                if match_at(rest, toks, k + skip, sent, out) {
                    return true;
                }
                out.truncate(len);
                let Some(t) = toks.get(k + skip).filter(|t| t.sent == sent) else {
                    return false;
                };
                // A gap never runs past a new subject: in "I guess and it just didn't go"
                // the "didn't" belongs to "it", not to "I".
                if skip > 0 && SUBJECTS.contains(&t.w.as_str()) {
                    return false;
                }
                if !SOFT.contains(&t.w.as_str()) {
                    if budget == 0 {
                        return false;
                    }
                    budget -= 1;
                }
                skip += 1;
                if skip > n + 8 {
                    return false;
                }
            }
        }
        Element::Optional(a) => {
            if let Some(t) = tok
                && a.iter().any(|x| x.matches(&t.w))
            {
                out.push(k);
                if match_at(rest, toks, k + 1, sent, out) {
                    return true;
                }
                out.pop();
            }
            match_at(rest, toks, k, sent, out)
        }
        Element::Word(a) => {
            let Some(t) = tok else { return false };
            if !a.iter().any(|x| x.matches(&t.w)) {
                return false;
            }
            out.push(k);
            match_at(rest, toks, k + 1, sent, out)
        }
        Element::Score | Element::Small | Element::Num => {
            let Some(v) = tok.and_then(|t| t.num) else {
                return false;
            };
            let ok = match el {
                Element::Score => (150.0..=300.0).contains(&v) || (350.0..=850.0).contains(&v),
                Element::Small => v < 100.0,
                _ => true,
            };
            if !ok {
                return false;
            }
            out.push(k);
            match_at(rest, toks, k + 1, sent, out)
        }
    }
}
