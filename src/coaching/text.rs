//! Turns an answer's text into a stream of normalised tokens the cue rules can match.
//!
//! Spoken transcripts are messy: Whisper leaves fillers ("um"), spells numbers as words ("two
//! hundred and thirty eight"), and often drops punctuation. This module hides that mess from the
//! rules: fillers are taken out of the stream (but counted), contractions are expanded
//! ("didn't" -> "did not"), number words become one numeric token, and every stream token keeps
//! the character span of the word it came from so evidence can be highlighted in the original.
//!
//! All offsets here are **character** offsets (Unicode scalar values) into the answer text, end
//! exclusive.

/// Words that carry no meaning in speech and are always dropped from the match stream.
const PURE_FILLERS: &[&str] = &[
    "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "aa", "eh", "hmm", "hm", "mm", "mhm",
];

/// Determiners that make "kind of" / "sort of" a noun phrase ("the kind of doctor") rather than
/// a hedge ("I kind of didn't").
const KIND_OF_DETERMINERS: &[&str] = &[
    "what", "the", "this", "that", "any", "some", "a", "every", "which", "same",
];

/// One whitespace-separated word of the original text.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Character offset of the first alphanumeric character.
    pub start: usize,
    /// Character offset one past the last alphanumeric character.
    pub end: usize,
}

/// One token of the match stream.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Normalised form: lower case, contraction expanded, numbers as digits ("238").
    pub w: String,
    /// Index of the first source word this token came from.
    pub first_word: usize,
    /// Index of the last source word (numbers can span several words).
    pub last_word: usize,
    /// Numeric value when the token is a number.
    pub num: Option<f64>,
    /// Sentence index (sentences end at . ? ! ; or a long unpunctuated run).
    pub sent: usize,
    /// Clause-like unit index used to classify parts of the answer.
    pub unit: usize,
    /// Inside quotation marks or reported speech ("my attending said ...").
    pub quoted: bool,
    /// A comma or sentence end follows the token's last source word.
    pub pause_after: bool,
}

/// A filler the speaker used, kept for the delivery note and the filler-rate cue.
#[derive(Debug, Clone)]
pub(crate) struct Filler {
    /// Index of the source word.
    pub word: usize,
}

/// The analysed text: source words, the match stream and the fillers.
#[derive(Debug, Clone)]
pub(crate) struct Analysed {
    /// Source words with character spans.
    pub words: Vec<Word>,
    /// The normalised match stream.
    pub toks: Vec<Tok>,
    /// Fillers found (not in `toks`).
    pub fillers: Vec<Filler>,
    /// Number of units (`Tok::unit` ranges over `0..units`).
    pub units: usize,
}

impl Analysed {
    /// Character span (start, end) covered by stream tokens `a..=b`.
    pub fn char_span(&self, a: usize, b: usize) -> (usize, usize) {
        let s = self
            .toks
            .get(a)
            .and_then(|t| self.words.get(t.first_word))
            .map_or(0, |w| w.start);
        let e = self
            .toks
            .get(b)
            .and_then(|t| self.words.get(t.last_word))
            .map_or(s, |w| w.end);
        (s, e.max(s))
    }

    /// Stream token index range `[first, last]` of a unit, if the unit has tokens.
    pub fn unit_range(&self, unit: usize) -> Option<(usize, usize)> {
        let first = self.toks.iter().position(|t| t.unit == unit)?;
        let last = self.toks.iter().rposition(|t| t.unit == unit)?;
        Some((first, last))
    }

    /// Number of source words, fillers included (what the listener hears).
    pub fn spoken_word_count(&self) -> usize {
        self.words.len()
    }
}

/// A raw word before normalisation.
struct Raw {
    start: usize,
    end: usize,
    core: String,
    /// Sentence-ending punctuation right after the word.
    ends_sentence: bool,
    /// A comma (or colon/dash) right after the word.
    comma: bool,
    /// An opening quotation mark before the word.
    opens_quote: bool,
    /// A closing quotation mark after the word.
    closes_quote: bool,
    /// A percent sign right after the number ("80%").
    percent: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// Splits the text into raw words with their punctuation context.
fn raw_words(text: &str) -> Vec<Raw> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let chunk_start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let chunk_end = i;
        // Trim to the alphanumeric core; what is trimmed is the punctuation context.
        let mut s = chunk_start;
        while s < chunk_end && !chars[s].is_alphanumeric() {
            s += 1;
        }
        let mut e = chunk_end;
        while e > s && !chars[e - 1].is_alphanumeric() {
            e -= 1;
        }
        let lead: String = chars[chunk_start..s].iter().collect();
        let trail: String = chars[e..chunk_end].iter().collect();
        if s >= e {
            // A lone punctuation chunk (" - ", "..."): attach its meaning to the previous word.
            if let Some(prev) = out.last_mut() {
                let p: &mut Raw = prev;
                if lead.contains(['.', '?', '!', ';']) {
                    p.ends_sentence = true;
                }
                if lead.contains([',', '-', '—', '–', ':']) {
                    p.comma = true;
                }
            }
            continue;
        }
        // Words glued by dashes or slashes ("hours—and", "and/or") are split further.
        let mut ws = s;
        let mut k = s;
        let core_end = e;
        while k <= core_end {
            let boundary = k == core_end || !(is_word_char(chars[k]));
            if boundary {
                if ws < k {
                    let core: String = chars[ws..k].iter().collect();
                    let inner_trail: String = if k == core_end {
                        trail.clone()
                    } else {
                        chars[k..k + 1].iter().collect()
                    };
                    out.push(Raw {
                        start: ws,
                        end: k,
                        core,
                        ends_sentence: inner_trail.contains(['.', '?', '!', ';']),
                        comma: inner_trail.contains([',', ':', '—', '–']),
                        opens_quote: ws == s && lead.contains(['"', '“', '‘']),
                        closes_quote: inner_trail.contains(['"', '”']),
                        percent: inner_trail.contains('%'),
                    });
                }
                ws = k + 1;
            }
            k += 1;
        }
    }
    out
}

/// Expands one lower-cased word into stream words ("didn't" -> ["did", "not"]).
fn expand(word: &str) -> Vec<String> {
    let w = word.replace('’', "'");
    let fixed: Option<&[&str]> = match w.as_str() {
        "can't" | "cannot" => Some(&["can", "not"]),
        "won't" => Some(&["will", "not"]),
        "ain't" => Some(&["is", "not"]),
        "gonna" => Some(&["going", "to"]),
        "wanna" => Some(&["want", "to"]),
        "gotta" => Some(&["got", "to"]),
        "kinda" => Some(&["kind", "of"]),
        "sorta" => Some(&["sort", "of"]),
        "let's" => Some(&["let", "us"]),
        "i'm" => Some(&["i", "am"]),
        _ => None,
    };
    if let Some(parts) = fixed {
        return parts.iter().map(|s| (*s).to_string()).collect();
    }
    // Transcripts sometimes drop the apostrophe ("couldnt"); "cant"/"wont" stay ambiguous.
    const BARE_NT: &[&str] = &[
        "didnt", "doesnt", "dont", "wasnt", "werent", "isnt", "arent", "havent", "hasnt", "hadnt",
        "couldnt", "wouldnt", "shouldnt",
    ];
    if BARE_NT.contains(&w.as_str())
        && let Some(stem) = w.strip_suffix("nt")
    {
        return vec![stem.to_string(), "not".to_string()];
    }
    if let Some(stem) = w.strip_suffix("n't") {
        return vec![stem.to_string(), "not".to_string()];
    }
    for (suffix, full) in [
        ("'ve", "have"),
        ("'ll", "will"),
        ("'re", "are"),
        ("'m", "am"),
        ("'d", "would"),
    ] {
        if let Some(stem) = w.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return vec![stem.to_string(), full.to_string()];
        }
    }
    if let Some(stem) = w.strip_suffix("'s") {
        // "it's", "that's" are "is"; anything else is a possessive ("the exam's fault").
        const IS_STEMS: &[&str] = &[
            "it", "that", "there", "what", "here", "who", "he", "she", "where", "how", "this",
        ];
        if IS_STEMS.contains(&stem) {
            return vec![stem.to_string(), "is".to_string()];
        }
        return vec![stem.to_string()];
    }
    let w = w.trim_end_matches('\'').to_string();
    // Hyphenated words are matched by their parts ("over-prepare", "full-length").
    if w.contains('-') {
        return w
            .split('-')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
    }
    vec![w]
}

fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_number(w: &str) -> Option<u32> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Ordinals that only appear as numbers in answers ("seventieth percentile"). "first" to
/// "ninth" stay words ("second attempt") unless they follow a tens word ("seventy fifth").
fn ordinal_number(w: &str) -> Option<u32> {
    Some(match w {
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "fifteenth" => 15,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        _ => return None,
    })
}

fn unit_ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        _ => return None,
    })
}

/// Parses digits with an optional ordinal suffix ("238", "70th", "3.5").
fn digit_number(w: &str) -> Option<f64> {
    let trimmed = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th")
        .trim_end_matches('s');
    let cleaned: String = trimmed.chars().filter(|c| *c != ',').collect();
    if cleaned.is_empty() || !cleaned.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

/// A stream word before numbers are merged.
struct Pre {
    w: String,
    word: usize,
}

/// Merges number words starting at `i`; returns (value, words consumed) when `i` starts one.
fn parse_number(pre: &[Pre], i: usize) -> Option<(f64, usize)> {
    let get = |k: usize| pre.get(k).map(|p| p.w.as_str());
    let first = get(i)?;
    if let Some(v) = digit_number(first) {
        return Some((v, 1));
    }
    if let Some(v) = ordinal_number(first) {
        return Some((f64::from(v), 1));
    }
    let is_num_word =
        |w: &str| small_number(w).is_some() || tens_number(w).is_some() || w == "hundred";
    if !(is_num_word(first) || first == "a" && get(i + 1) == Some("hundred")) {
        return None;
    }
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    let mut k = i;
    let mut consumed_any = false;
    while let Some(w) = get(k) {
        if w == "a" && !consumed_any && get(k + 1) == Some("hundred") {
            current = 1;
            k += 1;
            continue;
        }
        // "two oh five": scores are also spoken digit by digit with "oh" for zero.
        if let Some(v) = small_number(w)
            && v < 10
            && current == 0
            && total == 0
            && matches!(get(k + 1), Some("oh" | "o" | "zero"))
            && let Some(u) = get(k + 2).and_then(small_number).filter(|u| *u < 10)
        {
            total = v * 100 + u;
            k += 3;
            consumed_any = true;
            break;
        }
        if let Some(v) = small_number(w) {
            // "two thirty eight": a units word followed by a tens/teens word is how scores
            // are spoken (238), not two separate numbers.
            if v < 10
                && current == 0
                && total == 0
                && let Some(next) = get(k + 1)
                && (tens_number(next).is_some() || small_number(next).is_some_and(|n| n >= 10))
                && get(k + 2) != Some("hundred")
            {
                total = v * 100;
                k += 1;
                consumed_any = true;
                continue;
            }
            if !current.is_multiple_of(10) || (current > 0 && current < 20 && v < 10) {
                break;
            }
            current += v;
        } else if let Some(v) = tens_number(w) {
            if !current.is_multiple_of(100) {
                break;
            }
            current += v;
        } else if w == "hundred" {
            current = current.max(1) * 100;
        } else if w == "thousand" {
            total += current.max(1) * 1000;
            current = 0;
        } else if w == "and"
            && consumed_any
            && (current.is_multiple_of(100) && current > 0 || total > 0)
            && get(k + 1).is_some_and(|n| small_number(n).is_some() || tens_number(n).is_some())
        {
            // "two hundred and thirty": "and" only joins inside a number.
        } else if let Some(v) = unit_ordinal(w)
            && current.is_multiple_of(10)
            && current >= 20
        {
            current += v;
            k += 1;
            consumed_any = true;
            break;
        } else {
            break;
        }
        consumed_any = true;
        k += 1;
    }
    if !consumed_any {
        return None;
    }
    Some((f64::from(total + current), k - i))
}

/// Reporting verbs after which the rest of the clause is someone else's words.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tell",
    "tells",
    "suggested",
    "suggests",
    "commented",
    "noted",
    "mentioned",
    "wrote",
    "writes",
    "advised",
    "warned",
    "thought",
    "felt",
    "believed",
];

/// Words that start a new unit when the current one is already long (Whisper often gives one
/// huge sentence, but the answer still has parts).
const UNIT_MARKERS: &[&str] = &[
    "so",
    "but",
    "since",
    "afterwards",
    "afterward",
    "now",
    "then",
    "because",
    "however",
    "looking",
    "going",
    "ultimately",
];

/// Units longer than this (in stream tokens) are split at the next marker word.
const LONG_UNIT: usize = 14;
/// Units at least this long are split at a word that usually opens the turn ("so", "now").
const SHORT_UNIT: usize = 6;
/// Sentences longer than this with no punctuation are split at the next marker word.
const LONG_SENTENCE: usize = 40;

/// Analyses an answer text.
pub(crate) fn analyse(text: &str) -> Analysed {
    let raws = raw_words(text);
    let words: Vec<Word> = raws
        .iter()
        .map(|r| Word {
            start: r.start,
            end: r.end,
        })
        .collect();

    // 1. Lower-case, expand contractions, drop fillers.
    let mut pre: Vec<Pre> = Vec::new();
    let mut fillers = Vec::new();
    // Index of a word already consumed as the second half of a two-word filler.
    let mut consumed: Option<usize> = None;
    for (wi, r) in raws.iter().enumerate() {
        if consumed == Some(wi) {
            continue;
        }
        let lower = r.core.to_lowercase();
        if PURE_FILLERS.contains(&lower.as_str())
            && !crate::analysis::metrics::written_as_abbreviation(&r.core)
        {
            fillers.push(Filler { word: wi });
            continue;
        }
        let prev_comma = wi > 0 && raws[wi - 1].comma;
        // "like" set off by commas is a filler ("I, like, didn't"); otherwise a verb.
        if lower == "like" && (r.comma || prev_comma) {
            fillers.push(Filler { word: wi });
            continue;
        }
        // "you know" set off by commas, and a clause-initial "I mean", are discourse fillers.
        if lower == "you"
            && raws
                .get(wi + 1)
                .is_some_and(|n| n.core.eq_ignore_ascii_case("know") && (n.comma || prev_comma))
        {
            fillers.push(Filler { word: wi });
            fillers.push(Filler { word: wi + 1 });
            consumed = Some(wi + 1);
            continue;
        }
        if lower == "i"
            && raws
                .get(wi + 1)
                .is_some_and(|n| n.core.eq_ignore_ascii_case("mean") && n.comma)
        {
            fillers.push(Filler { word: wi });
            fillers.push(Filler { word: wi + 1 });
            consumed = Some(wi + 1);
            continue;
        }
        for part in expand(&lower) {
            if r.percent && digit_number(&part).is_some() {
                pre.push(Pre { w: part, word: wi });
                pre.push(Pre {
                    w: "percent".into(),
                    word: wi,
                });
                continue;
            }
            // Stutters ("I I didn't") are collapsed so rules see one word.
            if pre
                .last()
                .is_some_and(|p| p.w == part && p.word + 1 == wi && part.len() <= 3)
            {
                continue;
            }
            pre.push(Pre { w: part, word: wi });
        }
    }

    // 2. Merge numbers into single tokens; assign sentences, units and quoting.
    let mut toks: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < pre.len() {
        let (w, num, n) = match parse_number(&pre, i) {
            Some((v, n)) => (format_number(v), Some(v), n),
            None => (pre[i].w.clone(), None, 1),
        };
        let first_word = pre[i].word;
        let last_word = pre[i + n - 1].word;
        toks.push(Tok {
            w,
            first_word,
            last_word,
            num,
            sent: 0,
            unit: 0,
            quoted: false,
            pause_after: raws[last_word].comma || raws[last_word].ends_sentence,
        });
        i += n;
    }

    let mut sent = 0;
    let mut unit = 0;
    let mut sent_len = 0;
    let mut unit_len = 0;
    let mut in_quote = false;
    let mut reported = false;
    let mut prev_word: Option<usize> = None;
    for k in 0..toks.len() {
        let fw = toks[k].first_word;
        // Boundaries come from the punctuation after the previous source word.
        if let Some(pw) = prev_word
            && pw != fw
        {
            let prev = &raws[pw];
            if prev.ends_sentence {
                sent += 1;
                unit += 1;
                sent_len = 0;
                unit_len = 0;
                reported = false;
            } else {
                let w = toks[k].w.as_str();
                let next = toks.get(k + 1).map(|t| t.w.as_str());
                let marker = UNIT_MARKERS.contains(&w)
                    || (w == "and" && matches!(next, Some("then" | "now" | "since" | "so")))
                    || (w == "after" && matches!(next, Some("that" | "this")))
                    || (w == "for" && matches!(next, Some("step" | "the" | "my")));
                // Words that usually open the turn to growth split even a short unit, so an
                // unpunctuated transcript still has a problem part and a move-on part.
                let turn = matches!(
                    w,
                    "since" | "afterwards" | "afterward" | "now" | "so" | "but"
                ) || (w == "and"
                    && matches!(next, Some("then" | "now" | "since" | "so")))
                    || (w == "after" && matches!(next, Some("that" | "this")))
                    || (w == "for" && matches!(next, Some("step" | "the" | "my")));
                if (prev.comma && (matches!(w, "and" | "but" | "so") || marker))
                    || (unit_len >= LONG_UNIT && marker)
                    || (unit_len >= SHORT_UNIT && turn)
                    || (prev.comma && unit_len >= LONG_UNIT)
                {
                    unit += 1;
                    unit_len = 0;
                    reported = false;
                }
                if sent_len >= LONG_SENTENCE && marker {
                    sent += 1;
                    sent_len = 0;
                }
                if prev.comma {
                    reported = false;
                }
            }
        }
        if raws[fw].opens_quote {
            in_quote = true;
        }
        toks[k].sent = sent;
        toks[k].unit = unit;
        toks[k].quoted = in_quote || reported;
        if raws[toks[k].last_word].closes_quote {
            in_quote = false;
        }
        // Reported speech starts after a reporting verb ("my attending said the exam was"),
        // except the speaker's own present-tense framing ("I'd say", "I have to say"): what
        // follows is their own claim and must be judged like one.
        if REPORTING.contains(&toks[k].w.as_str()) && !own_framing(&toks, k) {
            reported = true;
        }
        sent_len += 1;
        unit_len += 1;
        prev_word = Some(toks[k].last_word);
    }
    let units = toks.last().map_or(0, |t| t.unit + 1);

    Analysed {
        words,
        toks,
        fillers,
        units,
    }
}

/// True when the reporting verb at `k` is the speaker framing their own view in the present
/// ("I would say", "I'd have to say", "I'll say"), not someone else's words.
fn own_framing(toks: &[Tok], k: usize) -> bool {
    const AUX: &[&str] = &[
        "would", "will", "can", "must", "could", "might", "have", "to", "do",
    ];
    if toks[k].w != "say" {
        return false;
    }
    // Walk back over modals and "have to" ("I would have to say") to the subject.
    let mut i = k;
    for _ in 0..4 {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        match toks[p].w.as_str() {
            "i" => return true,
            w if AUX.contains(&w) => i = p,
            _ => return false,
        }
    }
    false
}

/// Formats a number as its stream word ("238", "3.5").
fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Normalises one pattern literal the same way as the stream, so rules can say "step one".
pub(crate) fn normalise_literal(w: &str) -> String {
    if let Some(v) = small_number(w).or_else(|| tens_number(w)) {
        return v.to_string();
    }
    w.to_string()
}

/// True when `k` is a "kind of"/"sort of" used as a hedge rather than a noun phrase.
pub(crate) fn is_hedge_kind_of(toks: &[Tok], k: usize) -> bool {
    if k == 0 {
        return true;
    }
    !KIND_OF_DETERMINERS.contains(&toks[k - 1].w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(text: &str) -> Vec<String> {
        analyse(text).toks.into_iter().map(|t| t.w).collect()
    }

    #[test]
    fn expands_contractions_and_possessives() {
        assert_eq!(
            stream("I didn't, it wasn't the exam's fault"),
            [
                "i", "did", "not", "it", "was", "not", "the", "exam", "fault"
            ]
        );
        assert_eq!(stream("I'd rushed"), ["i", "would", "rushed"]);
    }

    #[test]
    fn drops_fillers_but_counts_them() {
        let a = analyse("So, um, I uh didn't, like, study. You know, it was hard");
        let ws: Vec<&str> = a.toks.iter().map(|t| t.w.as_str()).collect();
        assert_eq!(ws, ["so", "i", "did", "not", "study", "it", "was", "hard"]);
        assert_eq!(a.fillers.len(), 5);
        // tiny.en's "aa" for a drawn-out "uh" is a filler; the abbreviation "AA" is a word.
        let a = analyse("Aa, I went to AA meetings");
        let ws: Vec<&str> = a.toks.iter().map(|t| t.w.as_str()).collect();
        assert_eq!(ws, ["i", "went", "to", "aa", "meetings"]);
        assert_eq!(a.fillers.len(), 1);
    }

    #[test]
    fn keeps_like_as_a_verb() {
        assert!(stream("I like surgery").contains(&"like".to_string()));
    }

    #[test]
    fn parses_number_words() {
        let a = analyse("I scored two hundred and thirty eight on step two");
        let nums: Vec<f64> = a.toks.iter().filter_map(|t| t.num).collect();
        assert_eq!(nums, [238.0, 2.0]);
        let a = analyse("a two forty four and the seventieth percentile, 81st too");
        let nums: Vec<f64> = a.toks.iter().filter_map(|t| t.num).collect();
        assert_eq!(nums, [244.0, 70.0, 81.0]);
        let a = analyse("a two oh five, then a five ninety");
        let nums: Vec<f64> = a.toks.iter().filter_map(|t| t.num).collect();
        assert_eq!(nums, [205.0, 590.0]);
        let a = analyse("seventy fifth percentile and 80% of blocks");
        let ws: Vec<&str> = a.toks.iter().map(|t| t.w.as_str()).collect();
        assert_eq!(
            ws,
            ["75", "percentile", "and", "80", "percent", "of", "blocks"]
        );
    }

    #[test]
    fn char_offsets_point_into_the_text() {
        let text = "Café — I didn’t prepare.";
        let a = analyse(text);
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = a.char_span(1, 3);
        let got: String = chars[s..e].iter().collect();
        assert_eq!(got, "I didn’t");
    }

    #[test]
    fn marks_reported_speech_and_quotes() {
        let a = analyse("My attending said the exam was unfair. I \"hate\" it");
        let unfair = a.toks.iter().find(|t| t.w == "unfair");
        assert!(unfair.is_some_and(|t| t.quoted));
        let hate = a.toks.iter().find(|t| t.w == "hate");
        assert!(hate.is_some_and(|t| t.quoted));
        let i = a.toks.iter().find(|t| t.w == "i");
        assert!(i.is_some_and(|t| !t.quoted));
    }

    #[test]
    fn own_framing_is_not_reported_speech() {
        let a = analyse("I would say I'm a perfectionist. My advisor would say I rush.");
        let perf = a.toks.iter().find(|t| t.w == "perfectionist");
        assert!(perf.is_some_and(|t| !t.quoted));
        let rush = a.toks.iter().find(|t| t.w == "rush");
        assert!(rush.is_some_and(|t| t.quoted));
    }

    #[test]
    fn splits_long_unpunctuated_runs_into_units() {
        let a = analyse(
            "my step one was low because i crammed the last two weeks and did not do questions \
             so for step two i built a schedule with timed blocks and now i review every miss",
        );
        assert!(a.units >= 3, "units = {}", a.units);
    }
}
