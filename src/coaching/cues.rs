//! Language cues: a small pattern language over the token stream and the rules written in it.
//!
//! A rule is a short pattern ("i ~2 underestimat*") plus what a match means (a [`Kind`]), a
//! weight, and flags that encode the care a coach takes with language:
//!
//! - negation: "it wasn't the exam's fault" is not blame, it is the opposite; a negated blame
//!   cue is dropped or flipped to ownership;
//! - quotes: "my attending said the exam was unfair" is someone else's voice, so blame,
//!   minimising and self-punishment inside quotes or reported speech do not count against you
//!   (praise in a quote still counts as evidence);
//! - hedges: "I guess maybe I didn't prepare" owns it only half-way, so ownership cues near a
//!   hedge count for less;
//! - modals: "I should have asked for help" is ownership of a miss, not a change you made.
//!
//! Rules are tried in the order written. Primary cues claim the tokens they match; a later
//! primary rule cannot reuse claimed tokens, so the more specific reading written first wins
//! ("I passed on my second attempt" is a problem statement, not evidence of success).
//!
//! Pattern syntax, space-separated elements:
//! - `word`, `a|b|c`, `prefix*`: one token;
//! - `?a|b`: an optional token;
//! - `~N`: skip up to N tokens (within the sentence);
//! - `@set`: any word of a named set (see [`set`]);
//! - `#num`, `#score` (an exam score: 150-300 or COMLEX 350-850), `#small` (below 100);
//! - `^`: as the first element, the match must start a sentence.

use std::sync::LazyLock;

use super::text::{Analysed, Tok, is_hedge_kind_of, normalise_literal};

/// What a matched rule means. Some kinds are internal and resolved by position later
/// (`ScoreMention`, `Dwelling`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Ownership,
    ProblemStatement,
    Blame,
    Minimising,
    SelfPunishment,
    Hedge,
    Cause,
    VagueContext,
    Change,
    Evidence,
    ResidencyTie,
    VagueGrowth,
    Forward,
    Dismissive,
    /// A score mentioned: the problem before the pivot, evidence after it.
    ScoreMention,
    /// Dwelling on the problem: self-punishment before the pivot, circling back after it.
    Dwelling,
    // Other rubrics.
    Situation,
    Action,
    Result,
    Reflection,
    Cliche,
    Past,
    Present,
    Future,
    Personal,
    Commitment,
    ProgramFit,
    Generic,
    Gratitude,
    Ask,
    Softener,
    Demand,
    Target,
}

impl Kind {
    /// Secondary kinds annotate text without claiming it, so they can overlap primary cues.
    fn is_secondary(self) -> bool {
        matches!(
            self,
            Kind::Hedge
                | Kind::ResidencyTie
                | Kind::Forward
                | Kind::Situation
                | Kind::Action
                | Kind::Result
                | Kind::Reflection
                | Kind::Past
                | Kind::Present
                | Kind::Future
                | Kind::Personal
                | Kind::Commitment
                | Kind::ProgramFit
                | Kind::Gratitude
                | Kind::Ask
                | Kind::Softener
                | Kind::Target
        )
    }

    /// Kinds that are bad news; secondary cues overlapping one of these are dropped ("I'm
    /// still frustrated" is not a forward-looking "I still ...").
    fn is_negative(self) -> bool {
        matches!(
            self,
            Kind::Blame
                | Kind::Minimising
                | Kind::SelfPunishment
                | Kind::Dwelling
                | Kind::VagueContext
                | Kind::Dismissive
                | Kind::Cliche
                | Kind::Generic
                | Kind::Demand
        )
    }
}

const NEG_DROP: u16 = 1; // drop when negated before or inside the match
const NEG_FLIP: u16 = 1 << 1; // negated blame becomes ownership ("it wasn't the exam's fault")
const QUOTABLE: u16 = 1 << 2; // ignored inside quotes / reported speech
const HEDGEABLE: u16 = 1 << 3; // weakened by a nearby hedge
const ALSO_CAUSE: u16 = 1 << 4; // the match also gives the cause (context)
const MODAL_DROP: u16 = 1 << 5; // drop after should/could/would have, wish, instead of
const NEEDS_METHOD: u16 = 1 << 6; // only counts when the unit names a method or helper
const METHOD_BONUS: u16 = 1 << 7; // weight rises to 1.0 when the unit names a method
const KIND_OF: u16 = 1 << 8; // "kind of"/"sort of" must be a hedge, not a noun phrase
const NEXT_NOT_NEG: u16 = 1 << 9; // the token after the match must not be a negation
const WEAK: u16 = 1 << 10; // a supporting signal: never marks the pivot, counts only after it
const FIRST_PERSON: u16 = 1 << 11; // an earlier "I" in the sentence is the subject
const EXTERNAL: u16 = 1 << 12; // a catch-all cause that hands the problem to circumstances
const ADMISSION: u16 = 1 << 13; // only states what happened; takes no responsibility for it
const SINCE: u16 = 1 << 14; // only counts after a time pivot ("since then", "this year")

/// Named word sets used by `@name` in patterns.
#[rustfmt::skip]
fn set(name: &str) -> &'static [&'static str] {
    match name {
        "neg" => &[
            "not", "no", "never", "nobody", "nothing", "none", "nor", "neither", "without",
        ],
        "agent" => &[
            "exam", "exams", "test", "tests", "questions", "qbank", "qbanks", "school", "schools",
            "curriculum", "lectures", "lecture", "faculty", "professor", "professors", "program",
            "administration", "administrators", "admin", "dean", "proctor", "proctors", "center",
            "centre", "prometric", "attending", "attendings", "resident", "residents", "preceptor",
            "preceptors", "coordinator", "coordinators", "reviewer", "reviewers", "journal",
            "journals", "editor", "editors", "nurse", "nurses", "staff", "clerkship", "rotation",
            "director", "directors", "interviewer", "interviewers", "evaluator", "evaluators",
            "grader", "graders", "they", "he", "she", "nbme", "usmle", "comlex", "hospital",
            "department", "supervisor", "boss", "manager", "institution", "committee",
        ],
        "kin" => &[
            "mother", "mom", "mum", "father", "dad", "parent", "parents", "grandmother",
            "grandfather", "grandma", "grandpa", "grandparent", "sister", "brother", "wife",
            "husband", "partner", "spouse", "son", "daughter", "child", "baby", "family", "aunt",
            "uncle", "cousin", "fiance", "fiancee",
        ],
        "hardship" => &[
            "sick", "ill", "illness", "hospital", "hospitalized", "hospitalised", "icu", "surgery",
            "cancer", "died", "dying", "death", "passed", "funeral", "diagnosed", "diagnosis",
            "emergency", "accident", "injury", "injured", "pregnant", "pregnancy", "covid", "flu",
            "pneumonia", "concussion", "depression", "anxiety", "burnout", "grief", "divorce",
            "stroke", "chemo", "chemotherapy", "miscarriage", "crisis", "hospice", "mono",
            "seizure", "seizures", "migraine", "migraines",
        ],
        "prepverb" => &[
            "prepar*", "study*", "studied", "practic*", "practis*", "review*", "plan*", "allocat*",
            "schedul*", "manag*", "ask*", "seek*", "sought", "take", "takes", "taking", "took",
            "postpon*", "reschedul*", "priorit*", "recogni*", "realiz*", "realis*", "pac*",
            "spac*", "use", "used", "using", "check*", "follow*", "communicat*", "respond*",
            "speak*", "spoke", "read*", "sleep*", "balanc*", "reach*", "get", "got", "give",
            "gave", "treat*", "start*", "listen*", "budget*", "track*", "do", "did", "focus*",
            "tell", "told", "set", "leave", "left", "delegat*", "escalat*", "call*", "show*",
            "double*", "verify*", "verified", "confirm*", "perform*", "apply", "applied",
            "applying", "interview*", "rank*", "decide*", "commit*", "spent", "spend", "went",
            "go", "attend*", "quiz*",
        ],
        "changeverb" => &[
            "built", "build", "rebuilt", "rebuild", "changed", "switched", "started", "began",
            "flipped", "created", "adopted", "developed", "implemented", "restructured",
            "redesigned", "designed", "introduced", "added", "scheduled", "protected", "tracked",
            "tracking", "redid", "rewrote", "reorganized", "reorganised", "practiced", "practised",
            "learned", "learnt", "committed", "joined", "enrolled", "hired", "sought", "asked",
            "ask", "reached", "quit", "dropped", "cut", "stopped", "shifted", "prioritized",
            "prioritised", "reviewed", "review", "doubled", "limited", "replaced", "retrained",
            "completed", "signed", "requested", "turned", "confirm", "confirmed", "verify",
            "verified", "checked", "check", "rebuilt", "flagged", "flag", "booked",
        ],
        "changeverb_needs_object" => &[
            "worked", "met", "talked", "spoke", "sat", "made", "found", "used", "use", "kept",
            "keep", "focused", "focus", "set", "took", "take", "spent", "followed", "always",
            "did",
        ],
        "method" => &[
            "timed", "block", "blocks", "question", "questions", "qbank", "uworld", "nbme", "anki",
            "flashcards", "flashcard", "spaced", "repetition", "log", "tutor", "tutoring",
            "mentor", "mentors", "advisor", "adviser", "coach", "schedule", "calendar", "plan",
            "practice", "full", "length", "self", "assessment", "assessments", "group", "feedback",
            "checklist", "structure", "system", "routine", "biostatistician", "statistician",
            "therapist", "counselor", "counsellor", "counseling", "counselling", "therapy",
            "director", "dean", "outline", "template", "alarm", "alarms", "planner", "timer",
            "habit", "habits", "exams", "tests", "simulation", "sessions", "analysis", "paper",
            "workshop", "course", "notes", "quiz", "drills", "lab", "specialist", "toastmasters", "mock", "interviews", "recorded", "myself",
            "deadline", "deadlines", "list", "lists", "review", "reviews", "help",
        ],
        "evalword" => &[
            "evaluation", "evaluations", "evals", "eval", "comments", "feedback", "attendings",
            "attending", "residents", "letters", "letter", "preceptor", "preceptors", "narrative",
            "narratives", "mspe", "reviews", "supervisors",
        ],
        "praise" => &[
            "mention", "mentioned", "mentions", "praised", "praise", "commented", "noted",
            "highlighted", "described", "describe", "describes", "strong", "stronger", "excellent",
            "outstanding", "great", "positive", "reliability", "reliable", "thorough",
            "thoroughness", "improvement", "improved", "specifically", "glowing", "exceptional",
            "called", "singled", "best",
        ],
        "metric" => &[
            "score", "scores", "shelf", "shelves", "percentile", "percentiles", "grades", "grade",
            "evaluations", "evals", "exams", "numbers", "practice", "assessment", "assessments",
            "nbme", "presentations", "performance", "step", "level", "results", "average",
            "averages",
        ],
        "tie" => &[
            "residency", "resident", "intern", "interns", "internship", "boards", "wards",
            "rounds", "patients", "patient", "physician", "doctor", "fellowship", "career",
            "colleagues", "team", "clinic", "call", "shifts", "nights", "inpatient", "pgy1", "pgy",
            "training",
        ],
        "actionverb" => &[
            "asked", "called", "met", "talked", "spoke", "organized", "organised", "proposed",
            "suggested", "led", "created", "decided", "listened", "explained", "apologized",
            "apologised", "escalated", "followed", "checked", "reached", "pulled", "scheduled",
            "offered", "volunteered", "presented", "wrote", "reviewed", "reassigned", "clarified",
            "acknowledged", "approached", "invited", "mediated", "sat", "stepped", "took", "set",
            "made", "brought", "paged", "stayed", "told", "agreed", "divided", "delegated",
            "started", "built", "coordinated", "documented", "double", "realized", "recognized",
            "noticed", "went", "stopped", "paused", "reported", "gave",
        ],
        "story" => &[
            "saw", "watched", "remember", "realized", "realised", "noticed", "met", "felt",
            "cared", "took", "held", "sat", "followed", "spent", "worked", "shadowed", "loved",
            "found",
        ],
        _ => &[],
    }
}

#[derive(Debug, Clone)]
enum Alt {
    Exact(String),
    Prefix(String),
}

impl Alt {
    fn matches(&self, w: &str) -> bool {
        match self {
            Alt::Exact(s) => s == w,
            Alt::Prefix(p) => w.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
enum El {
    Word(Vec<Alt>),
    Opt(Vec<Alt>),
    Gap(usize),
    Score,
    Small,
    Num,
}

#[derive(Debug, Clone)]
struct Pattern {
    els: Vec<El>,
    sentence_start: bool,
}

fn alts(spec: &str) -> Vec<Alt> {
    let mut out = Vec::new();
    for part in spec.split('|') {
        if let Some(name) = part.strip_prefix('@') {
            for w in set(name) {
                out.push(alt(w));
            }
        } else {
            out.push(alt(part));
        }
    }
    out
}

fn alt(w: &str) -> Alt {
    match w.strip_suffix('*') {
        Some(p) => Alt::Prefix(p.to_string()),
        None => Alt::Exact(normalise_literal(w)),
    }
}

fn compile(src: &str) -> Pattern {
    let mut els = Vec::new();
    let mut sentence_start = false;
    for part in src.split_whitespace() {
        if part == "^" {
            sentence_start = true;
        } else if let Some(n) = part.strip_prefix('~') {
            els.push(El::Gap(n.parse().unwrap_or(1)));
        } else if part == "#score" {
            els.push(El::Score);
        } else if part == "#small" {
            els.push(El::Small);
        } else if part == "#num" {
            els.push(El::Num);
        } else if let Some(o) = part.strip_prefix('?') {
            els.push(El::Opt(alts(o)));
        } else {
            els.push(El::Word(alts(part)));
        }
    }
    Pattern {
        els,
        sentence_start,
    }
}

/// Softeners and intensifiers that do not count against a gap's budget, so "I sort of just
/// didn't" matches a rule written as "i ~3 not" the same way "I didn't" does.
const SOFT: &[&str] = &[
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
fn match_at(els: &[El], toks: &[Tok], k: usize, sent: usize, out: &mut Vec<usize>) -> bool {
    let Some(el) = els.first() else {
        return true;
    };
    let rest = &els[1..];
    let tok = toks.get(k).filter(|t| t.sent == sent);
    match el {
        El::Gap(n) => {
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
        El::Opt(a) => {
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
        El::Word(a) => {
            let Some(t) = tok else { return false };
            if !a.iter().any(|x| x.matches(&t.w)) {
                return false;
            }
            out.push(k);
            match_at(rest, toks, k + 1, sent, out)
        }
        El::Score | El::Small | El::Num => {
            let Some(v) = tok.and_then(|t| t.num) else {
                return false;
            };
            let ok = match el {
                El::Score => (150.0..=300.0).contains(&v) || (350.0..=850.0).contains(&v),
                El::Small => v < 100.0,
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

/// One rule of the lexicon.
struct Rule {
    kind: Kind,
    weight: f32,
    flags: u16,
    pattern: Pattern,
    note: &'static str,
}

/// A matched cue.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// What it means.
    pub kind: Kind,
    /// Strength in 0..=1 (after hedging).
    pub weight: f32,
    /// First stream token.
    pub a: usize,
    /// Last stream token (inclusive).
    pub b: usize,
    /// Why it matters, in a few plain words.
    pub note: &'static str,
    /// The match also names the cause.
    pub also_cause: bool,
    /// A hedge weakened it.
    pub hedged: bool,
    /// Unit of the first token.
    pub unit: usize,
    /// A supporting signal that never marks the turn to growth by itself.
    pub weak: bool,
    /// A catch-all cause ("because of everything") that hands the problem to circumstances.
    pub external: bool,
    /// Ownership that only states what happened ("I failed"), with no responsibility taken.
    pub admission: bool,
}

fn r(kind: Kind, weight: f32, flags: u16, pattern: &str, note: &'static str) -> Rule {
    Rule {
        kind,
        weight,
        flags,
        pattern: compile(pattern),
        note,
    }
}

use Kind::*;

/// The lexicon, in priority order.
// One rule per line reads like a word list; rustfmt would spread each over seven lines.
#[rustfmt::skip]
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let own = HEDGEABLE | QUOTABLE;
    let own_c = HEDGEABLE | QUOTABLE | ALSO_CAUSE;
    vec![
        // --- Statements that must win over generic readings -----------------------------
        r(Blame, 1.0, QUOTABLE, "@neg ~2 my ~1 fault", "says it wasn't your fault"),
        r(Ownership, 1.0, own, "miscommunication|misunderstanding ~2 on|for ~1 my ~1 part|end", "owns your part"),
        r(Evidence, 1.0, QUOTABLE, "no|not|never|zero ~3 issues|problems|concerns|complaints|incidents|comments|lapses|absences ~3 since", "a clean record since"),
        r(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 been ~2 late|absent|tardy ~3 since|again", "a clean record since"),
        r(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 missed ~4 since", "a clean record since"),
        r(ProblemStatement, 1.0, 0, "passed|pass ~5 second|2|3|third|attempt|retake|try", "states the attempt plainly"),
        r(ProblemStatement, 1.0, 0, "second|2|third|3 ~1 attempt|try|time|sitting", "states the attempt plainly"),
        // A result, not a missed step: "I didn't do as well as I hoped" names no cause.
        // "do enough" stays with the preparation reading ("I didn't do enough questions").
        r(Ownership, 1.0, own | ADMISSION, "i ~2 did ~1 not ~2 perform|do ~2 as|well|great|good", "states the result plainly"),
        r(Ownership, 1.0, own | ADMISSION, "i ~2 did ~1 not ~2 perform|score|test ~2 as|well|great|good|enough|high", "states the result plainly"),
        // Humble-brags read first, or "I care too much" would pass for a misjudgement.
        r(Minimising, 1.0, QUOTABLE, "work|worked|working ~1 too ~1 hard|much", "a strength dressed up as a weakness"),
        r(Minimising, 1.0, QUOTABLE, "care|cared|caring ~1 too ~1 much", "a strength dressed up as a weakness"),
        // --- Hedges that look like ownership ----------------------------------------------
        r(VagueGrowth, 1.0, 0, "i ~1 am ~1 working ~1 on ~1 it|that|this", "promises work without saying what"),
        r(VagueGrowth, 1.0, 0, "i ~2 learned ~1 a ~1 lot|much", "says you learned without saying what"),
        r(VagueGrowth, 1.0, 0, "grew|grown|matured ~2 a ~1 lot", "says you grew without showing how"),
        r(VagueGrowth, 1.0, 0, "grew|grown|matured ~1 so ~1 much", "says you grew without showing how"),
        r(VagueGrowth, 1.0, 0, "i ~1 will ~2 do|be ~1 better", "promises without specifics"),
        r(VagueGrowth, 1.0, 0, "work|study ~1 harder", "promises effort without a method"),
        r(VagueGrowth, 1.0, 0, "i ~1 am ~1 trying ~3 improve|better|fix|change", "promises without specifics"),
        r(VagueGrowth, 1.0, 0, "i ~1 am ~1 hoping|hope ~4 better|well|differently", "hopes instead of showing a change"),
        r(VagueGrowth, 1.0, 0, "learned ~1 my ~1 lesson", "says you learned without saying what"),
        // --- Ownership -----------------------------------------------------------------------
        r(Ownership, 1.0, own_c, "i ~2 underestimat*|overestimat*|misjudg*|miscalculat*|crammed|cram|rushed|procrastinat*|neglect*|overcommit*|overextend*|mismanag*|underprepar*|overlook*|ignor*|overprepar*", "names your own misjudgement"),
        r(Ownership, 1.0, own_c, "i ~2 relied|leaned|depended|counted ~1 on|too|heavily", "names what you relied on"),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "underestimat*|overestimat*|misjudg*|miscalculat*|crammed|procrastinat*|neglected|overlooked|ignored|skipped|forgot|misread|rushed|assumed",
            "names your own misjudgement",
        ),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "last ~1 minute",
            "names your own misjudgement",
        ),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "gave|wrote|made|submitted ~3 long|unfocused|vague|rambling|poor|sloppy|incomplete|rushed|generic",
            "names your own misjudgement",
        ),
        r(Ownership, 1.0, own_c, "my ~3 was|were|is|are ~1 ?the ~1 weak|weakest|problem|issue ~1 point|spot|link|area|part", "names your own gap"),
        r(Ownership, 0.8, own, "on ~1 my ~1 part|end", "owns your part"),
        r(Ownership, 0.6, own | ADMISSION, "i ~2 was ~1 not ~2 selected|accepted|chosen|invited|funded|admitted|promoted|ranked", "states what happened in the first person"),
        r(Ownership, 1.0, own_c, "i ~2 skipped|skip|forgot|forget|misread|missed|dismissed|brushed", "names your own misjudgement"),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "went|go|walked|came ~2 in|into|to ~3 blind|unprepared|cold",
            "names your own misjudgement",
        ),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "without ~1 @prepverb",
            "names what you skipped",
        ),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "never|barely|hardly|rarely|seldom ~1 @prepverb",
            "says plainly what you didn't do",
        ),
        r(
            Ownership,
            1.0,
            own_c | FIRST_PERSON,
            "did|had|do|could|would not ~2 @prepverb",
            "says plainly what you didn't do",
        ),
        r(Ownership, 0.8, own, "i ~2 should ~1 have", "says what you should have done"),
        r(Ownership, 0.8, own, "i ~2 could ~1 have ~2 asked|prepared|postponed|done|studied|planned|spoken|told|called|reached", "says what you could have done"),
        r(Ownership, 1.0, own_c, "i ~4 too ~1 late|early|little|much|narrowly|few|long|quickly|fast|soon|casually|lightly|high", "names your own misjudgement"),
        r(Ownership, 1.0, own_c, "i ~3 not ~2 @prepverb", "says plainly what you didn't do"),
        r(Ownership, 1.0, own_c, "i ~2 never|barely|hardly|rarely|seldom ~1 @prepverb", "says plainly what you didn't do"),
        r(Ownership, 1.0, own_c, "i ~3 not ~2 have ~3 plan|system|schedule|strategy|structure|approach|routine|idea", "says plainly what you lacked"),
        r(Ownership, 1.0, own_c, "i ~2 did|took|completed|used|spent|had|got|made ~2 few|little|no|minimal|barely", "says plainly what you didn't do"),
        r(Ownership, 1.0, own | ADMISSION, "i ~2 failed|underperformed", "states the failure in the first person"),
        r(Ownership, 1.0, own | ADMISSION, "i ~2 fell ~1 short|behind", "states the shortfall in the first person"),
        r(Ownership, 1.0, own | ADMISSION, "i ~3 scored|performed|did|tested ~3 below|lower|worse|poorly|less|under", "states the result plainly"),
        r(Ownership, 1.0, own_c, "i ~1 was|am|would ~2 late|unprepared|underprepared|overconfident|disorganized|disorganised|careless|complacent|distracted|unfocused|inefficient|slow|defensive|arrogant|impatient|rude|short|dismissive|absent|unprofessional|overwhelmed|burned|burnt|avoidant|passive", "names your own behaviour"),
        r(Ownership, 1.0, own, "i ~2 made ~2 mistake|mistakes|error|errors|wrong|poor|bad", "owns the mistake"),
        r(Ownership, 1.0, own_c, "i ~2 took|taken|take ~1 on", "names what you took on"),
        r(Ownership, 1.0, own_c, "i ~2 tend|tended ~1 to", "names the pattern in yourself"),
        r(Ownership, 1.0, own_c, "i ~2 struggle|struggled|struggling ~1 with|to", "names the pattern in yourself"),
        r(Ownership, 1.0, own_c, "i ~2 have|had ~1 a ~1 tendency|habit", "names the pattern in yourself"),
        r(Ownership, 1.0, own_c, "my ~2 weakness|weaknesses ~1 is|was|are|has", "names the weakness"),
        r(Ownership, 1.0, own_c, "i ~2 applied|interviewed|ranked ~3 too|narrowly|few|late|poorly|only", "names your own misjudgement"),
        r(Ownership, 1.0, own_c, "my ~4 was|were|are|is ~1 not ~2 where|good|strong|ready|enough|polished", "names your own gap"),
        r(Ownership, 1.0, own_c, "my ~3 was|were ~2 late|incomplete|sloppy|disorganized|disorganised|rushed|careless|wrong|missing|inaccurate|behind|overdue|unfocused|passive|vague|weak|thin|generic|unclear|poor|long", "names your own gap"),
        r(Ownership, 1.0, own_c, "i ~2 was|were ~1 not ~2 sure|certain|clear", "names your own uncertainty"),
        r(Ownership, 1.0, own_c, "i ~2 was|am ~1 not ~2 ready|prepared|honest|realistic|careful|organized|organised|disciplined|consistent|strategic|efficient", "names your own gap"),
        r(Ownership, 0.8, own_c, "i ~2 chose|opted|insisted ~1 to|not", "owns the decision"),
        r(Ownership, 0.8, own_c, "i ~2 waited|delayed|postponed|avoided ~3 too|until|asking|getting", "owns the delay"),
        r(Ownership, 1.0, own, "my ~1 responsibility", "takes responsibility"),
        r(Ownership, 1.0, own, "i ~3 take|took|accept|accepted|taking ~3 responsibility|ownership|accountability", "takes responsibility"),
        r(Ownership, 1.0, own, "i ~1 own|owned ~1 that|it|this|the|my", "takes responsibility"),
        r(Ownership, 1.0, own, "i ~1 am|was|hold ~1 ?myself ~1 accountable", "takes responsibility"),
        r(Ownership, 1.0, own, "that|this|it|which|those|these|both|all|everything ~3 is|was|were|are ~1 on ~1 me", "takes responsibility"),
        r(Ownership, 0.8, own, "i ~2 told|informed|disclosed|reported|notified ~4 resident|attending|patient|team|supervisor|director|pharmacist|family|preceptor", "discloses it"),
        r(Ownership, 1.0, own, "my ~1 fault|doing", "takes responsibility"),
        r(Ownership, 1.0, own, "my ~1 mistake|error", "owns the mistake"),
        r(Ownership, 1.0, own, "was|is ~1 my ~1 ?own ~1 decision|choice|call|doing", "owns the decision"),
        r(Ownership, 1.0, own, "was|is|were ~1 mine", "owns the decision"),
        r(Ownership, 1.0, own, "@neg ~3 excuse|excuses", "refuses to make excuses"),
        r(Ownership, 1.0, own, "nobody|no ~3 blame|fault ~2 but ~1 me|myself|mine", "takes responsibility"),
        r(Ownership, 1.0, own, "i ~2 not ~2 blame|blaming", "declines to blame others"),
        r(Ownership, 0.8, own, "i ~2 blame ~1 myself|me", "takes responsibility"),
        r(Ownership, 0.8, own | ADMISSION, "below|short|less|lower|worse ~4 expected|expectations|goal|goals|standard|standards|potential|capable|capability|target|wanted|hoped|planned|aimed|needed", "names the gap honestly"),
        r(Ownership, 0.6, own | ADMISSION, "i ~1 was|am ~2 disappointed ~2 in|with|by ~1 my|myself", "owns the disappointment"),
        r(Ownership, 0.6, own | ADMISSION, "i ~2 had|got|received ~1 a ~3 comment|concern|lapse|report|warning|failure|fail|citation|remediation", "states what happened in the first person"),
        r(Ownership, 0.6, own | ADMISSION, "i ~2 did ~1 not ~1 match", "states what happened in the first person"),
        r(Ownership, 0.6, own | ADMISSION, "i ~2 repeated|remediated|retook|retake", "states what happened in the first person"),
        r(Ownership, 0.6, own | ADMISSION, "i ~2 took ~1 a ~2 leave|year|break|gap|time", "states what happened in the first person"),
        // --- Blame -----------------------------------------------------------------------------
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~1 fault", "puts the fault on someone else"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "fault ~1 of ~2 @agent", "puts the fault on someone else"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "unfair|unfairly|rigged|biased|arbitrary|ridiculous|absurd|unreasonable", "calls it unfair"),
        r(Blame, 1.0, QUOTABLE, "@neg ~3 fair", "calls it unfair"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "bad|poor|terrible|rotten|dumb ~1 luck", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "unlucky|unluckily|unfortunately", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "luck ~2 draw", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "the system|establishment", "blames the system"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "out|beyond|outside ~2 my ~1 control|hands", "puts it outside your control"),
        r(Blame, 1.0, QUOTABLE, "@neg ~5 in ~1 my ~1 control", "puts it outside your control"),
        r(Blame, 1.0, QUOTABLE, "nobody|never|no ~2 told|tell|warned|informed|explained|taught|teach|mentioned", "says nobody told you"),
        r(Blame, 1.0, QUOTABLE, "@agent|programs ~4 not|never ~2 see|saw|notice|noticed|recogni*|appreciat*|told|tell|informed|warned|taught|teach|explain*|cover*|prepare*|support*|help*|give|gave|let|understand|understood|care*|respond*|like|liked|want|wanted|update*|notify|notified|clarif*|allow*|provide*|offer*|ask|asked|listen*|believe*|consider*|get|got|knew|know|gave|read", "puts the cause on someone else"),
        r(Blame, 1.0, QUOTABLE, "@neg ~2 covered|tested|taught", "blames what was taught"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "outdated|disorganized|disorganised|chaotic|toxic|malignant|overworked|understaffed|scut|incompetent|lazy|hostile|disrespectful", "describes others' failings"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~3 moved|cancelled|canceled|rescheduled|lost|failed|docked|singled|targeted ~2 my|me|us|our|out", "puts the cause on someone else"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~3 had ~1 it ~1 out", "puts the cause on someone else"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "people|students|classmates|everyone|everybody|others|anyone|anybody|lot ~6 same ~1 problem|issue|thing|boat|way|struggle|complaint", "spreads the problem to others"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "anyone|everyone|anybody|everybody ~3 would ~1 have", "spreads the problem to others"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "everyone|everybody|anyone|others|classmates ~2 struggled|failed|complained|fails", "spreads the problem to others"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "everyone|everybody|others|classmates ~8 scored|did|performed|tested ~3 lower|worse|poorly|badly|below", "spreads the problem to others"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "nothing ~1 like ~3 qbank|bank|question|questions|practice|material|lectures|what", "blames the exam"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "misunderstanding|miscommunication|misunderstood", "calls it a misunderstanding"),
        r(Blame, 0.6, QUOTABLE | NEG_FLIP, "i ~1 did ~1 the ~1 best ~2 i ~1 could", "defends instead of owning"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~2 was|were|is|are ~2 hard|harder|difficult|tough|tougher|brutal|impossible|tricky|trickier|weird|strange|harsh|random|bad|confusing|vague|picky|strict|biased", "blames the exam or the people"),
        r(Blame, 0.8, QUOTABLE | NEG_FLIP, "random|curveball|curveballs", "blames chance"),
        // Luck and fate, in the formulaic ways applicants say it.
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "lottery|crapshoot|gamble", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "numbers ~1 game", "blames luck"),
        r(Blame, 1.0, QUOTABLE, "was|is ~1 not ~1 my ~1 year|day|time|cycle", "blames luck"),
        r(Blame, 1.0, QUOTABLE, "not ~1 meant ~1 to ~1 be", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "pure|sheer|dumb|blind ~1 luck|chance", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "down ~1 to ~1 luck|chance|timing", "blames luck"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "matter ~1 of ~1 luck|chance", "blames luck"),
        // Other people's choices offered as the cause ("they went with their own students").
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent|programs|everyone|others ~3 chose|picked|preferred|favored|favoured|filled|wanted|selected|prioritized|prioritised|ranked ~3 their|own|home|internal|other|others|someone|people|candidates|applicants|students", "puts it down to other people's choices"),
        r(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent|programs|everyone|others ~3 went ~1 with ~2 their|own|home|internal|other|someone|people|candidates|applicants|students", "puts it down to other people's choices"),
        // --- Minimising -------------------------------------------------------------------
        r(Minimising, 1.0, QUOTABLE, "just|only ~1 a|1 ~1 number|test|exam|score|day", "'just a number' sounds dismissive"),
        r(Minimising, 0.6, QUOTABLE, "@neg ~2 reflect|reflects|define|defines|represent|represents|measure|measures ~1 me|who|my|what|how", "'doesn't reflect me' reads as brushing it off"),
        r(Minimising, 1.0, QUOTABLE, "@neg ~2 big|huge|major|real ~1 deal", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "do|does|did ~1 not ~2 matter", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "not ~1 that|very|really|all ~1 important|relevant|serious|significant", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "judge|judged|judging ~4 on ~2 1|single ~1 day|test|exam|number", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "just|only ~1 1 ~1 bad ~1 day", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "happens ~1 to ~1 everyone|everybody|anyone|the", "plays it down"),
        r(Minimising, 1.0, QUOTABLE, "only|just ~1 a ~1 few|couple ~2 points", "plays it down"),
        r(Minimising, 0.6, QUOTABLE, "perfectionist|perfectionism|workaholic", "a strength dressed up as a weakness"),
        r(Minimising, 0.6, QUOTABLE, "too ~1 hard ~1 on ~1 myself", "a strength dressed up as a weakness"),
        r(Minimising, 1.0, QUOTABLE, "everything ~2 is|was|be ~1 perfect", "a strength dressed up as a weakness"),
        r(Minimising, 1.0, QUOTABLE, "@neg ~3 have ~3 weakness|weaknesses", "denies having a weakness"),
        r(Minimising, 1.0, QUOTABLE, "no ~2 weakness|weaknesses", "denies having a weakness"),
        r(Minimising, 1.0, QUOTABLE, "i ~1 am ~2 too ~1 dedicated|hardworking|nice|driven|committed|passionate|detail|caring|generous|thorough|meticulous|conscientious|organized|organised|diligent|invested|empathetic|loyal|careful", "a strength dressed up as a weakness"),
        r(Minimising, 0.6, QUOTABLE, "myself ~2 to ~2 high|higher|impossible|impossibly|unrealistic|unrealistically|very ~1 ?high ~1 standard|standards|expectations|bar", "a strength dressed up as a weakness"),
        r(Minimising, 0.6, QUOTABLE, "make|making ~1 sure ~5 perfect|perfectly|flawless", "a strength dressed up as a weakness"),
        r(Minimising, 1.0, QUOTABLE, "not ~1 think ~1 of ~3 weakness|weaknesses|any|anything", "denies having a weakness"),
        // --- Self-punishment ----------------------------------------------------------------
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~2 sorry", "apologises instead of answering"),
        r(SelfPunishment, 1.0, QUOTABLE, "^ sorry", "apologises instead of answering"),
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 apologize|apologise", "apologises instead of answering"),
        r(SelfPunishment, 1.0, QUOTABLE, "@neg ~1 a ~2 good|great|strong|natural ~1 test ~1 taker", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "terrible|bad|horrible|awful|poor|lousy|weak|worst ~1 test ~1 taker", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~2 stupid|dumb|idiot|failure|fraud|disappointment|mess|disaster|hopeless|useless", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~1 not ~2 smart|bright|intelligent", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "@neg ~1 good ~1 enough", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "not ~1 cut ~1 out", "labels yourself instead of the cause"),
        r(SelfPunishment, 1.0, QUOTABLE, "never ~1 will ~1 be", "sounds fatalistic"),
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 will ~1 never ~3 be|get|pass", "sounds fatalistic"),
        r(SelfPunishment, 1.0, QUOTABLE | NEG_DROP, "embarrass*|ashamed|humiliat*|mortified|shameful", "dwells on shame"),
        r(SelfPunishment, 1.0, QUOTABLE, "i ~1 know ~1 i ~1 know", "repeats the admission defensively"),
        r(SelfPunishment, 1.0, QUOTABLE, "hate ~1 myself", "punishes yourself"),
        r(SelfPunishment, 1.0, QUOTABLE, "can|could ~1 not ~1 forgive ~1 myself", "punishes yourself"),
        r(SelfPunishment, 1.0, QUOTABLE, "beat|beating|kick|kicking ~1 myself", "punishes yourself"),
        r(SelfPunishment, 1.0, QUOTABLE, "haunts|haunted|haunting", "dwells on it"),
        // --- Dwelling (self-punishment before the pivot, circling back after it) --------------
        r(Dwelling, 1.0, QUOTABLE, "score|number|step|it|that|result ~2 is|was ~2 bad|terrible|awful|horrible|embarrassing|pathetic|low|ugly|horrendous|abysmal", "dwells on how bad it is"),
        r(Dwelling, 1.0, QUOTABLE, "keep|kept|keeps ~2 coming|going|thinking ~2 back|about", "keeps returning to the problem"),
        r(Dwelling, 1.0, QUOTABLE, "still ~3 frustrated|upset|bothered|angry|annoyed|embarrassed|disappointed|bitter|mad|hurt|anxious", "still stuck on the problem"),
        r(Dwelling, 1.0, QUOTABLE, "wish ~3 could|had ~4 take|retake|redo|do|go|change|undo|erase", "wishes it away instead of moving on"),
        r(Dwelling, 1.0, QUOTABLE, "regret|regrets|regretted", "dwells on regret"),
        r(Dwelling, 1.0, QUOTABLE, "feel|felt|feeling ~2 terrible|awful|horrible|guilty|sick", "dwells on how bad it feels"),
        r(Dwelling, 1.0, QUOTABLE, "looks|look|looked ~1 bad|terrible|awful|horrible", "dwells on how bad it is"),
        r(Dwelling, 1.0, QUOTABLE, "still ~3 think|thinking|worry|worrying|dwell|obsess ~2 about|over", "still stuck on the problem"),
        r(Dwelling, 1.0, QUOTABLE, "if ~1 only ~1 i", "dwells on regret"),
        r(Dwelling, 1.0, QUOTABLE, "i ~1 know ~1 it|that ~1 is ~1 low|bad", "dwells on how bad it is"),
        // --- Dismissive ---------------------------------------------------------------------
        r(Dismissive, 1.0, NEG_DROP, "moved ~1 on", "brushes it off instead of showing growth"),
        r(Dismissive, 1.0, NEG_DROP, "put ~1 it ~1 behind ~1 me", "brushes it off instead of showing growth"),
        r(Dismissive, 1.0, 0, "whatever", "brushes it off"),
        r(Dismissive, 1.0, 0, "it ~1 is ~1 what ~1 it ~1 is", "brushes it off"),
        r(Dismissive, 0.6, 0, "anyway|anyways", "brushes it off"),
        // --- Score mentions ----------------------------------------------------------------
        r(ScoreMention, 1.0, 0, "#score", "names the number"),
        // --- Evidence ----------------------------------------------------------------------
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "#small ~1 th|st|nd|rd ~1 percentile|percent", "names a percentile"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "top ~1 #small ~1 percent|percentile", "names a percentile"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "percentile|percentiles", "names a percentile"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "honors|honours|honored|honoured|aoa|award|awarded|awards|commendation|commended|distinction|nominated|promoted", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "recognized|recognised|selected|chosen ~1 for|as|by|with", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "1 ~1 of ~1 the ~1 best|strongest|top|most", "cites how others rank you"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "top ~1 quarter|third|half|tenth|fifth|quartile", "names a result"),
        r(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 had|made|missed|received|gotten ~4 since", "a clean record since"),
        r(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "taught|shown|showed|teach|teaching|trained|coached ~3 students|interns|team|others|classmates|juniors|residents", "passes the lesson on"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "high ~1 pass|passes", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "accepted|published|presented|coauthored|authored|funded|publication|publications", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "co ~1 authored", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "@evalword ~5 @praise", "cites what evaluators say"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "@metric ~4 rose|improved|increased|climbed|jumped|higher|better|stronger|doubled|up", "shows measurable improvement"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "much|significantly|far|consistently|markedly|substantially|dramatically|steadily ~1 better|higher|stronger|improved|more", "shows measurable improvement"),
        r(ProblemStatement, 1.0, 0, "barely|narrowly|just ~1 passed|pass", "states the result plainly"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "i ~2 passed|cleared", "names a result"),
        r(Evidence, 0.8, NEG_DROP | MODAL_DROP | FIRST_PERSON, "passed", "names a result"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP, "passed ~1 comfortably|easily|well|everything", "names a result"),
        r(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "#num ~1 minutes|points|percent|shelves|papers|abstracts|posters", "puts a number on the result"),
        r(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "on ~1 time ~2 every|since|consistently", "shows the change held"),
        // --- Growth told as what you did since the turn ---------------------------------------
        // After a time pivot ("this year", "since then", "over the past year") what a
        // reapplicant did is the growth even without "I changed": a role, a letter, a broader
        // application. Before a pivot the same verbs are background ("I worked as a scribe
        // before medical school"), so these rules only count inside the since-period.
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "got|earned|received|secured|obtained|have ~3 letter|letters|recommendation|recommendations", "a letter from someone who saw your work"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE, "wrote|written|writing ~1 me|one ~3 letter|letters|recommendation|recommendations", "a letter from someone who saw your work"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON | NEXT_NOT_NEG, "worked|served|spent|volunteered|trained|interned ~3 as|at|in|with|for|on", "names what you did since"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "took|accepted|started|began|landed|got|found|joined ~3 job|role|position|fellowship|course|class|post|program|prelim|preliminary|research|internship|lab|team|group|study", "names what you did since"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "volunteered|completed|finished|taught|mentored|tutored|led|organized|organised|founded|shadowed|enrolled|coordinated|submitted|joined|scribed|rotated", "names what you did since"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~3 more|broadly|widely|earlier|early|strategically|selectively|across", "names what you did since"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~1 to ~2 over|every|programs", "names what you did since"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~1 to ~1 #num", "names what you did since"),
        r(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE, "interview ~1 offers|invitations|invites", "a result others gave you"),
        r(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "sought|asked|got|received|requested|found|had|with ~3 guidance|advice|feedback|mentorship|mentoring|coaching", "names what you did since"),
        // --- Change -------------------------------------------------------------------------
        r(Change, 0.6, NEG_DROP | MODAL_DROP | METHOD_BONUS | NEXT_NOT_NEG, "i ~3 @changeverb", "names a change you made"),
        r(Change, 0.6, NEG_DROP | MODAL_DROP | NEEDS_METHOD | METHOD_BONUS | NEXT_NOT_NEG, "i ~1 @changeverb_needs_object", "names a change you made"),
        r(Change, 0.6, NEG_DROP | MODAL_DROP | WEAK | FIRST_PERSON | METHOD_BONUS, "@changeverb|recorded|filmed", "names a change you made"),
        r(Change, 0.3, 0, "since ~1 then|that", "marks the turn to what changed"),
        r(Change, 0.3, 0, "afterwards|afterward|subsequently", "marks the turn to what changed"),
        r(Change, 0.3, 0, "after ~1 that|this", "marks the turn to what changed"),
        r(Change, 0.3, 0, "from ~1 then|that ~1 point|on", "marks the turn to what changed"),
        r(Change, 0.3, 0, "for ~1 the|my ~1 retake|next|second", "marks the turn to what changed"),
        r(Change, 0.3, 0, "for|on ~1 step|level ~1 2|3", "marks the turn to what changed"),
        r(Change, 0.3, 0, "the ~1 next ~1 time", "marks the turn to what changed"),
        r(Change, 0.3, 0, "over|throughout ~1 the ~1 past|last ~1 year|months|few", "marks the turn to what changed"),
        r(Change, 0.3, 0, "over|throughout|in|during ~1 the ~1 past|last ~1 #num ~1 months|years", "marks the turn to what changed"),
        r(Change, 0.3, 0, "in|during ~1 the ~1 past ~1 year|months|few", "marks the turn to what changed"),
        r(Change, 0.3, 0, "in ~1 the ~1 year|years|months ~1 since", "marks the turn to what changed"),
        r(Change, 0.6, 0, "now ~1 i ~2 always|check|confirm|verify|ask|make|use|start|review|write|plan|prepare|build|keep|set|double|flag|book|schedule|block|track|run|present|read|practise|practice|take|do", "names how you work now"),
        r(Change, 0.3, 0, "now i", "marks the turn to what changed"),
        r(Change, 0.6, 0, "taught|teaches ~1 me ~1 to|how", "names the lesson you took"),
        r(Change, 0.6, 0, "made|makes|has ~1 ?made ~1 me ~1 a ~1 better|more|stronger|calmer|clearer", "names what it changed in you"),
        r(Change, 0.5, WEAK, "spaced ~1 repetition", "names a specific method"),
        r(Change, 0.5, WEAK, "error ~1 log", "names a specific method"),
        r(Change, 0.5, WEAK, "timed ~2 blocks|questions|block", "names a specific method"),
        r(Change, 0.5, WEAK | NEG_DROP, "every|each ~1 day|week|morning|night|evening|block|rotation|month|case|shift", "a routine, not a one-off"),
        r(Change, 0.5, WEAK | NEG_DROP, "daily|weekly|nightly|biweekly", "a routine, not a one-off"),
        r(Change, 0.5, WEAK, "#small ~1 times|evenings|mornings|days|nights|hours ~1 a|per|each ~1 week|day|month", "a routine, not a one-off"),
        // --- Cause ---------------------------------------------------------------------------
        r(Cause, 1.0, QUOTABLE, "@kin ~5 @hardship", "a factual outside cause"),
        r(Cause, 1.0, QUOTABLE, "@hardship ~3 of ~2 @kin", "a factual outside cause"),
        r(Cause, 1.0, QUOTABLE, "i ~1 was|got|had|became|fell ?a|an|really|very|so|seriously|quite|severely @hardship", "a factual health cause"),
        r(Cause, 1.0, QUOTABLE, "i ~1 was|were|ended ~1 ?up ~1 in ~1 the ~1 hospital|icu|er", "a factual health cause"),
        r(Cause, 0.8, QUOTABLE, "family ~1 emergency|crisis|illness|loss", "a factual outside cause"),
        r(Cause, 1.0, QUOTABLE, "i ~2 ran ~1 out ~1 of ~1 time", "names what went wrong"),
        r(Cause, 0.8, QUOTABLE, "time ~1 pressure|management", "names what went wrong"),
        r(Cause, 0.8, QUOTABLE, "test ~1 anxiety", "names what went wrong"),
        r(Cause, 0.8, QUOTABLE, "integrat*|timing|stamina|format", "names what went wrong"),
        r(Cause, 1.0, QUOTABLE, "made|makes|making ~1 me ~2 slow|late|behind|miss|anxious|rushed|less|look|seem|lose|slower", "names the impact"),
        // --- Vague context -----------------------------------------------------------------
        r(VagueContext, 1.0, QUOTABLE, "lot|much|many ~2 going ~1 on", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "not ~2 know|sure ~1 what ~1 happened|went", "can't say what went wrong"),
        r(VagueContext, 1.0, QUOTABLE, "did ~1 not ~1 go ~1 well|right|great", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "lot ~2 on ~1 my ~1 plate", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "a ~1 hard|rough|difficult|tough|bad|crazy|weird|stressful|challenging|complicated ~1 time|year|period|semester|stretch|spring|summer|few", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "personal ~1 reasons|issues|stuff|things|matters|circumstances|problems|life", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "stuff|things ~2 happened|going", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "life ~1 happened|got", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "was ~1 a ~1 lot", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "1 ~1 thing ~1 after ~1 another", "piles up hardships"),
        r(VagueContext, 1.0, QUOTABLE, "various|some|certain|several ~1 reasons|issues|factors|circumstances|things", "vague about the cause"),
        r(VagueContext, 0.6, QUOTABLE, "circumstances", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "going ~1 through ~2 a ~1 lot", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "going ~1 through ~1 so ~1 much|many", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "going ~1 through ~1 stuff|things|some|everything|it|that|this", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "not ~2 in ~1 a|the ~1 good|great|right|healthy|best ~1 place|headspace|space|frame|state", "vague about the cause"),
        r(VagueContext, 1.0, QUOTABLE, "in ~1 a ~1 bad|dark|tough|rough|difficult|hard ~1 place|headspace|space", "vague about the cause"),
        // Catch-alls that hand the cause to circumstances ("because of everything that was
        // happening to me"): they close a list of hardships without owning any part of it.
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 everything", "hands the cause to circumstances"),
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 all ~2 that|this|those|these|it|stress|chaos|pressure|circumstances|things|stuff|going|happening|everything", "hands the cause to circumstances"),
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 the ~1 situation|circumstances|environment", "hands the cause to circumstances"),
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "with ~1 everything|all ~3 going|happening", "hands the cause to circumstances"),
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "given ~1 everything|all ~2 that|this|going|happening|on", "hands the cause to circumstances"),
        r(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "everything|all ~2 that ~1 was|were ~1 happening|going", "hands the cause to circumstances"),
        // --- Hedges (secondary) ---------------------------------------------------------------
        r(Hedge, 1.0, 0, "i ~1 guess", "hedges"),
        r(Hedge, 1.0, 0, "maybe|perhaps|possibly|somewhat|probably|somehow", "hedges"),
        r(Hedge, 1.0, 0, "i ~1 suppose", "hedges"),
        r(Hedge, 1.0, KIND_OF, "kind|sort ~1 of", "hedges"),
        r(Hedge, 1.0, 0, "i ~1 am ~1 not ~1 sure", "hedges"),
        r(Hedge, 0.5, 0, "hopefully", "hedges"),
        r(Hedge, 0.35, 0, "i ~1 think", "softens"),
        r(Hedge, 0.35, 0, "i ~1 feel ~1 like", "softens"),
        r(Hedge, 0.35, 0, "not ~1 really", "softens"),
        r(Hedge, 0.35, 0, "a ~1 little ~1 bit", "softens"),
        // --- Residency tie (secondary) --------------------------------------------------------
        r(ResidencyTie, 1.0, 0, "@tie", "ties it to residency"),
        r(ResidencyTie, 1.0, 0, "high ~1 stakes", "ties it to residency"),
        r(ResidencyTie, 1.0, 0, "board ~1 exams|exam|certification", "ties it to residency"),
        r(ResidencyTie, 1.0, 0, "your|this ~1 program", "ties it to the program"),
        // --- Forward-looking (secondary) -----------------------------------------------------
        r(Forward, 1.0, NEXT_NOT_NEG, "i ~1 will|shall", "looks ahead"),
        r(Forward, 1.0, 0, "going|moving ~1 forward", "looks ahead"),
        r(Forward, 1.0, 0, "from ~1 now ~1 on", "looks ahead"),
        r(Forward, 1.0, 0, "in ~1 the ~1 future", "looks ahead"),
        r(Forward, 1.0, 0, "this|next|coming ~1 year|cycle|round|season", "looks ahead"),
        r(Forward, 1.0, 0, "look|looking ~1 forward", "looks ahead"),
        r(Forward, 1.0, NEG_DROP, "excited|eager|ready|confident|glad|grateful|proud|thrilled|committed", "ends on a positive note"),
        r(Forward, 1.0, 0, "now i|always", "shows how you work now"),
        r(Forward, 1.0, 0, "i ~1 now", "shows how you work now"),
        r(Forward, 0.8, 0, "i ~2 always|still", "shows how you work now"),
        r(Forward, 1.0, 0, "i ~1 plan|intend|aim|hope|want|expect ~1 to", "looks ahead"),
        r(Forward, 0.6, 0, "i ~1 am ~1 hoping", "looks ahead"),
        r(Forward, 1.0, 0, "that|this ~1 is ~1 how ~1 i", "shows how you work now"),
        r(Forward, 1.0, 0, "i ~1 know ~1 how ~1 to", "shows how you work now"),
        r(Forward, 1.0, 0, "seriously ~1 now", "shows how you work now"),
        r(Forward, 0.5, WEAK, "now|today|since", "shows how you work now"),
    ]
});

/// Rules used only by the non-own-it rubrics.
#[rustfmt::skip]
static EXTRA_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        // Behavioural (STAR).
        r(Situation, 1.0, 0, "when ~1 i ~1 was", "sets the scene"),
        r(Situation, 1.0, 0, "during ~3 my|a|the|our", "sets the scene"),
        r(Situation, 1.0, 0, "on ~1 my|a|the ~3 rotation|clerkship|service|shift|call|team|floor|unit", "sets the scene"),
        r(Situation, 1.0, 0, "there ~1 was ~1 a|an|1", "sets the scene"),
        r(Situation, 1.0, 0, "1 ~1 time|night|day|morning|evening|afternoon", "sets the scene"),
        r(Situation, 1.0, 0, "last ~1 year|month|week|spring|summer|fall|winter", "sets the scene"),
        r(Action, 1.0, 0, "i ~2 @actionverb", "says what you did"),
        r(Action, 1.0, 0, "i ~1 decided ~1 to", "says what you did"),
        r(Result, 1.0, 0, "as ~1 a ~1 result", "states the result"),
        r(Result, 1.0, 0, "in ~1 the ~1 end", "states the result"),
        r(Result, 1.0, 0, "ended ~1 up", "states the result"),
        r(Result, 1.0, 0, "resolved|agreed|thanked|improved|reduced|decreased|increased|successfully|outcome|discharged|recovered|smoothly|worked|stabilized|stabilised", "states the result"),
        r(Result, 1.0, 0, "#num ~1 percent|minutes|hours|days", "puts a number on the result"),
        r(Reflection, 1.0, 0, "i ~2 learned|learnt|realized|realised|understood", "reflects on what you learned"),
        r(Reflection, 1.0, 0, "next ~1 time", "says what you'd do next time"),
        r(Reflection, 1.0, 0, "taught ~1 me", "reflects on what you learned"),
        r(Reflection, 1.0, 0, "since ~1 then", "shows it stuck"),
        r(Reflection, 1.0, 0, "now ~1 i", "shows it stuck"),
        r(Reflection, 1.0, 0, "going ~1 forward", "looks ahead"),
        r(Reflection, 1.0, 0, "that ~1 experience", "reflects on what you learned"),
        // Narrative.
        r(Past, 1.0, 0, "grew ~1 up", "your background"),
        r(Past, 1.0, 0, "born|childhood|immigrated|immigrants|immigrant|hometown", "your background"),
        r(Past, 1.0, 0, "as ~1 a ~1 kid|child|teenager", "your background"),
        r(Past, 1.0, 0, "high ~1 school", "your background"),
        r(Past, 1.0, 0, "college|undergrad|undergraduate|majored|university|bachelor", "your background"),
        r(Past, 1.0, 0, "before ~2 medical|med ~1 school", "your background"),
        r(Past, 1.0, 0, "i ~1 worked ~1 as", "your background"),
        r(Past, 1.0, 0, "years ~1 ago", "your background"),
        r(Past, 1.0, 0, "first ~1 generation", "your background"),
        r(Present, 1.0, 0, "currently|recently", "where you are now"),
        r(Present, 1.0, 0, "now ~1 i", "where you are now"),
        r(Present, 1.0, 0, "i ~1 am ~1 a|an ~2 fourth|4|final|third|student|graduate", "where you are now"),
        r(Present, 1.0, 0, "in ~1 medical|med ~1 school", "where you are now"),
        r(Present, 1.0, 0, "this ~1 year", "where you are now"),
        r(Present, 1.0, 0, "sub ~1 i|internship", "where you are now"),
        r(Present, 1.0, 0, "on ~1 my ~2 rotation|rotations|clerkship|clerkships", "where you are now"),
        r(Future, 1.0, 0, "i ~2 hope|want|plan|aim|looking|intend ~1 to|forward", "where you're heading"),
        r(Future, 1.0, 0, "residency|fellowship", "where you're heading"),
        r(Future, 1.0, 0, "your|this ~1 program", "where you're heading"),
        r(Future, 1.0, 0, "long ~1 term", "where you're heading"),
        r(Future, 1.0, 0, "career ~1 goal|goals", "where you're heading"),
        r(Future, 1.0, 0, "in ~1 the ~1 future", "where you're heading"),
        r(Future, 1.0, 0, "why ~1 i ~1 am ~1 applying", "where you're heading"),
        r(Future, 1.0, 0, "i ~1 see ~1 myself", "where you're heading"),
        r(Future, 1.0, NEXT_NOT_NEG, "i ~1 will", "where you're heading"),
        r(Cliche, 1.0, 0, "ever ~1 since ~1 i ~1 was ~2 child|kid|little|young", "a cliché opener"),
        r(Cliche, 1.0, 0, "always ~1 wanted ~2 to ~1 be ~1 a ~1 doctor", "a cliché"),
        r(Cliche, 1.0, 0, "help|helping ~1 people|others", "a cliché reason"),
        r(Cliche, 1.0, 0, "passion|passionate", "a cliché"),
        r(Cliche, 1.0, 0, "hard ~1 worker", "a cliché"),
        r(Cliche, 1.0, 0, "team ~1 player", "a cliché"),
        r(Cliche, 1.0, 0, "people ~1 person", "a cliché"),
        r(Cliche, 1.0, 0, "make ~1 a ~1 difference", "a cliché"),
        r(Cliche, 1.0, 0, "love|loved ~1 science", "a cliché"),
        // Motivation.
        r(Personal, 1.0, 0, "when ~1 i", "a personal moment"),
        r(Personal, 1.0, 0, "i ~2 @story", "a personal moment"),
        r(Personal, 1.0, 0, "my|a|1|this ~1 patient|patients", "a personal moment"),
        r(Commitment, 1.0, 0, "sub ~1 i|internship|internships", "shows commitment"),
        r(Commitment, 1.0, 0, "away ~1 rotation|rotations", "shows commitment"),
        r(Commitment, 1.0, 0, "research|project|poster|posters|published|volunteer|volunteered|volunteering|elective|electives|shadowed|shadowing|abstract|case|qi|quality", "shows commitment"),
        r(Commitment, 1.0, 0, "interest ~1 group", "shows commitment"),
        r(Commitment, 1.0, 0, "i ~2 led|founded|organized|organised|started|chose|spent", "shows commitment"),
        r(ProgramFit, 1.0, 0, "your ~3 program|curriculum|clinic|clinics|track|residents|faculty|mentorship|population|community|fellowship|research|didactics|training|hospital|focus|emphasis|model|service|system|county", "specific to this program"),
        r(ProgramFit, 1.0, 0, "i ~2 spoke|talked|met ~2 with|to ~2 your|residents|faculty", "specific to this program"),
        r(ProgramFit, 1.0, 0, "when ~1 i ~1 rotated|visited|interviewed", "specific to this program"),
        r(ProgramFit, 1.0, 0, "patient ~1 population", "specific to this program"),
        r(ProgramFit, 1.0, 0, "safety ~1 net", "specific to this program"),
        r(Generic, 1.0, 0, "great|good|strong|excellent ~1 reputation|program|location|programs", "generic praise any program could get"),
        r(Generic, 1.0, 0, "prestigious|prestige|ranked|ranking", "generic praise any program could get"),
        r(Generic, 0.6, 0, "close ~1 to ~1 family|home", "a reason about you, not the program"),
        r(Generic, 1.0, 0, "help|helping ~1 people|others", "a cliché reason"),
        r(Generic, 0.6, 0, "fast ~1 paced", "a cliché reason"),
        r(Generic, 0.6, 0, "i ~1 like ~1 variety", "a cliché reason"),
        r(Generic, 0.6, 0, "well ~1 rounded", "a cliché reason"),
        // Role-play asks.
        r(Gratitude, 1.0, 0, "thank|thanks|grateful|appreciate|appreciated|appreciative", "thanks them"),
        r(Gratitude, 1.0, 0, "working ~1 with ~1 you", "reminds them of your work together"),
        r(Gratitude, 1.0, 0, "on ~1 your ~1 service|team|service", "reminds them of your work together"),
        r(Gratitude, 1.0, 0, "learned|learnt ~3 from ~1 you", "reminds them of your work together"),
        r(Ask, 1.0, 0, "would|could ~1 you ~1 be ~2 willing|comfortable|able|open", "makes a clear ask"),
        r(Ask, 1.0, 0, "would|could ~1 you ~1 consider", "makes a clear ask"),
        r(Ask, 1.0, 0, "strong ~1 letter", "asks for a strong letter"),
        r(Ask, 1.0, 0, "letter ~2 recommendation|support", "asks for a letter"),
        r(Ask, 1.0, 0, "reach|reaching ~1 out", "asks for advocacy"),
        r(Ask, 1.0, 0, "put ~1 in ~1 a ~1 word", "asks for advocacy"),
        r(Ask, 1.0, 0, "flag|mention|call|email|advocate|vouch ~3 my|me|application|for", "asks for advocacy"),
        r(Ask, 1.0, 0, "if ~1 you ~1 know ~1 anyone", "asks for advocacy"),
        r(Target, 1.0, 0, "colleagues|programs|program|places|people ~3 at|like|where", "names where help would count"),
        r(Target, 1.0, 0, "#small ~1 programs|places", "names where help would count"),
        r(Target, 1.0, 0, "program ~1 director|directors", "names where help would count"),
        r(Softener, 1.0, 0, "if ~1 you ~2 feel ~1 comfortable", "gives them an easy out"),
        r(Softener, 1.0, 0, "i ~2 completely|totally|fully ~1 understand", "gives them an easy out"),
        r(Softener, 1.0, 0, "no ~1 pressure", "gives them an easy out"),
        r(Softener, 1.0, 0, "if ~1 not", "gives them an easy out"),
        r(Softener, 1.0, 0, "either ~1 way", "gives them an easy out"),
        r(Softener, 1.0, 0, "if ~1 you ~1 have ~1 time", "gives them an easy out"),
        r(Softener, 1.0, 0, "if ~1 you ~1 are ~1 able", "gives them an easy out"),
        r(Softener, 1.0, 0, "any ~1 advice|guidance", "asks for advice too"),
        r(Demand, 1.0, 0, "you ~1 have|need ~1 to", "sounds like a demand"),
        r(Demand, 1.0, 0, "i ~1 need ~1 you ~1 to", "sounds like a demand"),
        r(Demand, 1.0, 0, "you ~1 must", "sounds like a demand"),
        r(Demand, 1.0, 0, "please ~1 please", "sounds desperate"),
        r(Demand, 1.0, 0, "begging|beg|desperate", "sounds desperate"),
        r(Demand, 1.0, 0, "my ~1 only ~1 chance|hope", "sounds desperate"),
    ]
});

fn is_neg(w: &str) -> bool {
    set("neg").contains(&w)
}

/// True when a negation (or "instead of"/"rather than") sits in the few tokens before `a` in
/// the same sentence.
fn negated_before(toks: &[Tok], a: usize, window: usize) -> bool {
    let sent = toks[a].sent;
    let lo = a.saturating_sub(window);
    (lo..a).rev().any(|k| {
        let t = &toks[k];
        t.sent == sent
            && (is_neg(&t.w)
                || (t.w == "of" && k > 0 && toks[k - 1].w == "instead")
                || (t.w == "than" && k > 0 && toks[k - 1].w == "rather"))
    })
}

/// True when a modal of regret or a counterfactual precedes `a` ("should have asked").
fn modal_before(toks: &[Tok], a: usize) -> bool {
    let sent = toks[a].sent;
    let lo = a.saturating_sub(4);
    (lo..a).any(|k| {
        let t = &toks[k];
        t.sent == sent
            && (matches!(t.w.as_str(), "wish" | "if" | "instead" | "rather")
                || (matches!(
                    t.w.as_str(),
                    "should" | "could" | "would" | "might" | "must"
                ) && toks.get(k + 1).is_some_and(|n| n.w == "have")))
    })
}

/// True when an "I" earlier in the sentence is the likely subject of the verb at `a` ("I
/// applied to twelve programs and ignored my advisor"): no other subject stands between.
fn first_person_subject(toks: &[Tok], a: usize) -> bool {
    let sent = toks[a].sent;
    let agents = set("agent");
    for k in (a.saturating_sub(16)..a).rev() {
        let t = &toks[k];
        if t.sent != sent || t.quoted {
            return false;
        }
        if t.w == "i" {
            return true;
        }
        if agents.contains(&t.w.as_str())
            || matches!(t.w.as_str(), "we" | "you" | "it" | "who" | "which" | "that")
        {
            return false;
        }
    }
    false
}

fn unit_has_method(toks: &[Tok], unit: usize) -> bool {
    let methods = set("method");
    toks.iter()
        .filter(|t| t.unit == unit)
        .any(|t| methods.contains(&t.w.as_str()))
}

/// Time pivots that open the since-period: what the speaker did after them is growth.
static TIME_PIVOTS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    [
        "since ~1 then|that|graduation|graduating|last",
        "since ~1 the ~1 match|exam|retake|leave",
        "ever ~1 since",
        "in ~1 the ~1 year|years|months ~1 since",
        "afterwards|afterward|subsequently",
        "after ~1 that|this|graduation|graduating",
        "after ~1 the ~1 match",
        "from ~1 then|that ~1 on|point",
        "this|past ~1 year|cycle|season",
        "over|throughout ~1 the ~1 past|last ~1 year|months|few",
        "over|throughout|in|during ~1 the ~1 past|last ~1 #num ~1 months|years",
        "in|during ~1 the ~1 past ~1 year|months|few",
        "during ~1 that|the|my ~1 year|gap|leave|time",
        "for ~1 the|my ~1 retake|reapplication",
    ]
    .iter()
    .map(|p| compile(p))
    .collect()
});

/// First token of the since-period: the first time pivot at or after the first statement of
/// the problem. A time phrase before the problem ("This year I applied to too few programs")
/// sets the scene; it does not turn to growth.
fn since_period_start(toks: &[Tok], hits: &[Hit]) -> Option<usize> {
    let problem = hits
        .iter()
        .filter(|h| {
            matches!(
                h.kind,
                Ownership | ProblemStatement | ScoreMention | Blame | Cause | VagueContext
            )
        })
        .map(|h| h.a)
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(4);
    (problem..toks.len()).find(|&k| {
        !toks[k].quoted
            && TIME_PIVOTS.iter().any(|p| {
                out.clear();
                match_at(&p.els, toks, k, toks[k].sent, &mut out)
            })
    })
}

/// Runs a rule list over the analysed text, honouring claims, negation, quotes and modals.
fn run(rules: &[Rule], an: &Analysed, hits: &mut Vec<Hit>) {
    let toks = &an.toks;
    let n = toks.len();
    let mut claimed = vec![false; n];
    for h in hits.iter().filter(|h| !h.kind.is_secondary()) {
        for c in claimed.iter_mut().take(h.b + 1).skip(h.a) {
            *c = true;
        }
    }
    let mut matched = Vec::with_capacity(8);
    // Where the since-period starts, worked out the first time a rule needs it (after the
    // ownership and blame rules have run, so the problem's position is known).
    let mut since_start: Option<Option<usize>> = None;
    for rule in rules {
        let secondary = rule.kind.is_secondary();
        let mut k = 0;
        while k < n {
            matched.clear();
            if rule.pattern.sentence_start && k > 0 && toks[k - 1].sent == toks[k].sent {
                k += 1;
                continue;
            }
            if !match_at(&rule.pattern.els, toks, k, toks[k].sent, &mut matched) {
                k += 1;
                continue;
            }
            let (Some(&a), Some(&b)) = (matched.first(), matched.last()) else {
                k += 1;
                continue;
            };
            let mut kind = rule.kind;
            let mut note = rule.note;
            let mut keep = true;
            if !secondary && matched.iter().any(|&i| claimed[i]) {
                keep = false;
            }
            if rule.flags & QUOTABLE != 0 && toks[a].quoted {
                keep = false;
            }
            if rule.flags & (NEG_DROP | NEG_FLIP) != 0 {
                let inside = (a..=b).any(|i| is_neg(&toks[i].w));
                if negated_before(toks, a, 3) || inside {
                    if rule.flags & NEG_FLIP != 0 && !inside {
                        kind = Ownership;
                        note = "declines to blame others";
                    } else {
                        keep = false;
                    }
                }
            }
            if rule.flags & MODAL_DROP != 0 && modal_before(toks, a) {
                keep = false;
            }
            if rule.flags & FIRST_PERSON != 0 && !first_person_subject(toks, a) {
                keep = false;
            }
            if keep && rule.flags & SINCE != 0 {
                let start = *since_start.get_or_insert_with(|| since_period_start(toks, hits));
                if start.is_none_or(|s| a < s) {
                    keep = false;
                }
            }
            if rule.flags & KIND_OF != 0 && !is_hedge_kind_of(toks, a) {
                keep = false;
            }
            if rule.flags & NEXT_NOT_NEG != 0 && toks.get(b + 1).is_some_and(|t| is_neg(&t.w)) {
                keep = false;
            }
            let mut weight = rule.weight;
            if rule.flags & (NEEDS_METHOD | METHOD_BONUS) != 0 {
                let has = unit_has_method(toks, toks[a].unit);
                if rule.flags & NEEDS_METHOD != 0 && !has {
                    keep = false;
                }
                if has {
                    weight = 1.0;
                }
            }
            if keep {
                if !secondary {
                    for &i in &matched {
                        claimed[i] = true;
                    }
                }
                hits.push(Hit {
                    kind,
                    weight,
                    a,
                    b,
                    note,
                    also_cause: rule.flags & ALSO_CAUSE != 0,
                    hedged: false,
                    unit: toks[a].unit,
                    weak: rule.flags & WEAK != 0,
                    external: rule.flags & EXTERNAL != 0,
                    admission: rule.flags & ADMISSION != 0,
                });
                k = b + 1;
            } else {
                k += 1;
            }
        }
    }
}

/// Finds every cue in the text. `extra` adds the rules of the non-own-it rubrics.
pub(crate) fn find(an: &Analysed, extra: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    run(&RULES, an, &mut hits);
    if extra {
        run(&EXTRA_RULES, an, &mut hits);
    }
    causal_clauses(an, &mut hits);
    drop_secondary_inside_negative(&mut hits);
    apply_hedges(an, &mut hits);
    hits.sort_by_key(|h| (h.a, h.b));
    hits
}

/// Conjunctions that attach a reason to a clause. "since" and "as" are also temporal ("since I
/// came back"), so they only give a reason when they follow an admission in the sentence.
const CAUSAL: &[&str] = &["because", "cause", "cuz", "cos", "since", "as"];

/// Words right after "I" that report a state or a feeling, not something the speaker did.
/// "because I was exhausted" is a reason, but a weaker one than "because I booked the exam
/// too early"; "was" followed by an -ing verb ("was working part time") is an action.
const STATE_VERBS: &[&str] = &[
    "was", "were", "am", "is", "felt", "feel", "got", "get", "became", "seemed", "guess", "think",
    "thought", "know", "knew",
];

/// Nouns after "my" that keep a causal clause about the speaker ("because my plan had no
/// practice exams", "because of my own poor planning"); any other noun is usually someone
/// else ("because my co-investigators didn't do their part") and gets no credit here.
const MY_OWN: &[&str] = &[
    "own",
    "plan",
    "planning",
    "plans",
    "schedule",
    "scheduling",
    "preparation",
    "prep",
    "study",
    "studying",
    "approach",
    "strategy",
    "method",
    "methods",
    "habit",
    "habits",
    "decision",
    "decisions",
    "choice",
    "choices",
    "time",
    "timing",
    "priorities",
    "focus",
    "application",
    "applications",
    "list",
    "essays",
    "statement",
    "interviews",
    "answers",
    "notes",
    "resources",
    "review",
    "materials",
    "pacing",
    "workload",
    "job",
    "hours",
    "commitments",
];

/// Present-tense motive verbs: "because I always want to give my patients my best" offers a
/// virtue as the cause (a humble-brag), not something that went wrong.
const MOTIVES: &[&str] = &[
    "want", "wants", "care", "cares", "love", "loves", "like", "likes", "value", "values", "enjoy",
    "enjoys", "strive", "believe",
];

/// Verbs after "as I" that make a comparison with expectations, not a reason ("as I expected").
const COMPARED: &[&str] = &[
    "hoped",
    "expected",
    "wanted",
    "planned",
    "intended",
    "needed",
    "thought",
    "imagined",
    "predicted",
    "should",
    "could",
    "would",
    "said",
    "mentioned",
    "noted",
    "explained",
];

/// Frequency adverbs skipped when looking for a clause's verb.
const ADVERBS: &[&str] = &[
    "always",
    "usually",
    "often",
    "sometimes",
    "generally",
    "constantly",
];

/// Verbs that make "since I ..." temporal ("since I came back I have ...").
const TEMPORAL_VERBS: &[&str] = &[
    "came",
    "come",
    "started",
    "began",
    "returned",
    "graduated",
    "switched",
    "changed",
    "moved",
    "joined",
    "learned",
    "learnt",
    "passed",
    "have",
    "has",
    "finished",
    "retook",
];

/// Words that end a causal clause: a turn or a new clause of a different kind.
const CLAUSE_END: &[&str] = &[
    "so",
    "but",
    "then",
    "which",
    "while",
    "although",
    "though",
    "now",
    "afterwards",
    "however",
];

/// Reads the causal clauses ("I failed my first attempt because I booked the exam too early
/// and ignored my practice scores"). A first-person reason with some content ("I" or "my"
/// as the subject, three or more words after it, no blame, luck, vagueness or humble-brag
/// inside) is context; a short or state-only one is a weak reason. Someone else as the subject
/// gives no credit here (the blame rules judge it). A clause attached to an admission of
/// failure is the cause of that failure, so change and evidence cues inside it ("because I
/// booked ...", "because I always ...") are story, not growth, and are removed.
fn causal_clauses(an: &Analysed, hits: &mut Vec<Hit>) {
    let toks = &an.toks;
    let mut found: Vec<Hit> = Vec::new();
    let mut story: Vec<(usize, usize)> = Vec::new();
    for k in 0..toks.len() {
        let conj = toks[k].w.as_str();
        if !CAUSAL.contains(&conj) || toks[k].quoted {
            continue;
        }
        // "not because I was lazy, but because ..." denies the first reason; the negation must
        // sit right before the conjunction ("didn't match as I ..." negates the admission).
        let mut p = k;
        while p > 0
            && matches!(
                toks[p - 1].w.as_str(),
                "just" | "only" | "simply" | "really"
            )
        {
            p -= 1;
        }
        if p > 0 && toks[p - 1].sent == toks[k].sent && is_neg(&toks[p - 1].w) {
            continue;
        }
        let sent = toks[k].sent;
        let in_sent = |i: usize| toks.get(i).filter(|t| t.sent == sent);
        let skip_soft = |mut i: usize| {
            while in_sent(i).is_some_and(|t| SOFT.contains(&t.w.as_str())) {
                i += 1;
            }
            i
        };
        let j = skip_soft(k + 1);
        let Some(subj) = in_sent(j) else { continue };
        // "because my plan ..." and "because of my own planning" are first person too, unless
        // the noun is someone else ("because my attending ...").
        let my_at = match subj.w.as_str() {
            "my" => Some(j),
            "of" if conj == "because" && in_sent(j + 1).is_some_and(|t| t.w == "my") => Some(j + 1),
            _ => None,
        };
        let first_person = subj.w == "i"
            || my_at.is_some_and(|m| {
                (m + 1..=m + 3).any(|i| in_sent(i).is_some_and(|t| MY_OWN.contains(&t.w.as_str())))
            });
        if !first_person {
            continue;
        }
        let mut end = j;
        let mut m = j + 1;
        while let Some(t) = in_sent(m) {
            if m - j > 18 || CLAUSE_END.contains(&t.w.as_str()) {
                break;
            }
            end = m;
            m += 1;
        }
        let outside = |h: &Hit| h.b < k || h.a > end;
        let admission = |h: &Hit| {
            matches!(h.kind, Ownership | ProblemStatement | ScoreMention)
                && toks[h.a].sent == sent
                && outside(h)
        };
        let before = hits.iter().any(|h| admission(h) && h.b < k);
        let ambiguous = matches!(conj, "since" | "as");
        if ambiguous && !before {
            continue;
        }
        // Frequency adverbs sit between the subject and its verb ("I always want").
        let mut verb_at = skip_soft(j + 1);
        while in_sent(verb_at).is_some_and(|t| ADVERBS.contains(&t.w.as_str())) {
            verb_at = skip_soft(verb_at + 1);
        }
        let verb = in_sent(verb_at).map_or("", |t| t.w.as_str());
        if ambiguous && subj.w == "i" && TEMPORAL_VERBS.contains(&verb) {
            continue;
        }
        // Comparisons are not reasons: "as well as I hoped", "such as", "as I expected".
        if conj == "as"
            && ((k.saturating_sub(3)..k)
                .any(|i| matches!(toks[i].w.as_str(), "as" | "such" | "same"))
                || COMPARED.contains(&verb))
        {
            continue;
        }
        if subj.w == "i" && MOTIVES.contains(&verb) {
            continue;
        }
        // The reason offered is blame, luck, vagueness or a humble-brag: no context credit.
        if hits
            .iter()
            .any(|h| h.kind.is_negative() && h.a <= end && h.b >= k)
        {
            continue;
        }
        let progressive = in_sent(verb_at + 1).is_some_and(|t| t.w.ends_with("ing"));
        let state = subj.w == "i" && STATE_VERBS.contains(&verb) && !progressive;
        let body = end - j;
        let (weight, note) = if body >= 3 && !state {
            (1.0, "names the cause in the first person")
        } else if body >= 1 {
            (0.5, "gives a reason")
        } else {
            continue;
        };
        found.push(Hit {
            kind: Cause,
            weight,
            a: k,
            b: end,
            note,
            also_cause: false,
            hedged: false,
            unit: toks[k].unit,
            weak: false,
            external: false,
            admission: false,
        });
        // Only a reason for a failure is story; "I passed on my second attempt because I
        // rebuilt my schedule" explains the success, and its change is growth.
        if hits.iter().any(|h| admission(h) && h.kind == Ownership) {
            story.push((k, end));
        }
    }
    hits.retain(|h| {
        !(matches!(h.kind, Change | Evidence | Forward)
            && story.iter().any(|&(a, b)| h.a >= a && h.b <= b))
    });
    hits.extend(found);
}

/// Secondary cues inside a negative primary cue are part of it, not separate good news.
fn drop_secondary_inside_negative(hits: &mut Vec<Hit>) {
    let negatives: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.kind.is_negative())
        .map(|h| (h.a, h.b))
        .collect();
    hits.retain(|h| {
        !h.kind.is_secondary()
            || h.kind == Kind::Hedge
            || !negatives.iter().any(|&(a, b)| h.a <= b && a <= h.b)
    });
}

/// Weakens ownership cues that a hedge qualifies ("I guess I kind of didn't prepare").
fn apply_hedges(an: &Analysed, hits: &mut [Hit]) {
    let hedges: Vec<(usize, usize, f32)> = hits
        .iter()
        .filter(|h| h.kind == Kind::Hedge)
        .map(|h| (h.a, h.b, h.weight))
        .collect();
    for h in hits.iter_mut().filter(|h| h.kind == Kind::Ownership) {
        let sent = an.toks[h.a].sent;
        let strongest = hedges
            .iter()
            .filter(|&&(a, b, _)| an.toks[a].sent == sent && b + 6 >= h.a && a <= h.b)
            .map(|&(_, _, w)| w)
            .fold(0.0_f32, f32::max);
        if strongest > 0.0 {
            h.weight *= 1.0 - 0.7 * strongest;
            h.hedged = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::analyse;
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let an = analyse(text);
        find(&an, false)
            .into_iter()
            .map(|h| {
                let (s, e) = an.char_span(h.a, h.b);
                let t: String = text.chars().skip(s).take(e - s).collect();
                (h.kind, t)
            })
            .collect()
    }

    fn has(text: &str, kind: Kind) -> bool {
        kinds(text).iter().any(|(k, _)| *k == kind)
    }

    #[test]
    fn negated_blame_flips_to_ownership() {
        let k = kinds("It wasn't the exam's fault, it was mine.");
        assert!(k.iter().any(|(k, _)| *k == Ownership), "{k:?}");
        assert!(!k.iter().any(|(k, _)| *k == Blame), "{k:?}");
    }

    #[test]
    fn denying_own_fault_is_blame() {
        assert!(has("so it wasn't actually my fault", Blame));
        assert!(!has("so it wasn't actually my fault", Ownership));
    }

    #[test]
    fn quoted_blame_does_not_count() {
        assert!(!has(
            "My advisor said the exam was unfair, but I underprepared.",
            Blame
        ));
        assert!(has("Honestly the exam was unfair.", Blame));
    }

    #[test]
    fn hedged_ownership_is_weaker() {
        let an = analyse("I guess maybe I didn't prepare enough.");
        let hits = find(&an, false);
        let own = hits.iter().find(|h| h.kind == Ownership);
        assert!(own.is_some_and(|h| h.hedged && h.weight < 0.5), "{hits:?}");
    }

    #[test]
    fn should_have_asked_is_not_a_change() {
        assert!(!has("I should have asked for help sooner.", Change));
        assert!(has("I asked my advisor for help.", Change));
    }

    #[test]
    fn kind_of_as_noun_phrase_is_not_a_hedge() {
        assert!(!has("the kind of doctor I want to be", Hedge));
        assert!(has("I kind of didn't study", Hedge));
    }

    #[test]
    fn patterns_are_well_formed() {
        // Every literal is a plain word: a stray "?" or "~" inside a literal means a typo
        // that would make the rule silently never match.
        let pivots = TIME_PIVOTS.iter().map(|p| (p, "a time pivot"));
        let rules = RULES
            .iter()
            .chain(EXTRA_RULES.iter())
            .map(|r| (&r.pattern, r.note));
        for (pattern, note) in rules.chain(pivots) {
            for el in &pattern.els {
                if let El::Word(alts) | El::Opt(alts) = el {
                    for a in alts {
                        let w = match a {
                            Alt::Exact(w) | Alt::Prefix(w) => w,
                        };
                        assert!(
                            !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '-'),
                            "bad literal {w:?} in rule {note:?}"
                        );
                    }
                }
            }
        }
    }

    fn cause_weight(text: &str) -> Option<f32> {
        let an = analyse(text);
        find(&an, false)
            .into_iter()
            .filter(|h| h.kind == Cause)
            .map(|h| h.weight)
            .reduce(f32::max)
    }

    #[test]
    fn a_first_person_causal_clause_is_a_cause() {
        for text in [
            "I failed my first attempt because I booked the exam too early and ignored my practice scores.",
            "My score was lower than I wanted, since I spent most of dedicated rereading my notes.",
            "I was late to rounds four times, as I was commuting by bus with no margin.",
            "I didn't match as I had applied only to programs in one city.",
            "I failed Step 1 because of my own poor planning during dedicated.",
            "I failed the shelf 'cause I never did the practice questions.",
        ] {
            assert_eq!(cause_weight(text), Some(1.0), "{text}");
        }
        // The clause is the cause of the failure, not a change made since.
        assert!(!has(
            "I failed my first attempt because I booked the exam too early.",
            Change
        ));
    }

    #[test]
    fn vague_external_or_deflecting_reasons_are_not_causes() {
        for text in [
            "I failed a block exam because of everything that was happening to me.",
            "I failed because the exam was much harder than the practice tests.",
            "I scored below my goal because I wasn't in a good place.",
            "My weakness is that I'm too hard on myself because I always want to give my best.",
            "I didn't match because my co-investigators didn't finish the project.",
            "I failed, not because of my plan, but because my family was going through a lot.",
            "I failed, and not just because I was up late studying every night.",
        ] {
            assert!(cause_weight(text).is_none_or(|w| w < 0.8), "{text}");
        }
        let an = analyse("With everything going on at home, I failed Step 1.");
        assert!(
            find(&an, false)
                .iter()
                .any(|h| h.kind == VagueContext && h.external)
        );
        let an = analyse("I failed. It wasn't because of everything going on at home.");
        assert!(!find(&an, false).iter().any(|h| h.external));
    }

    #[test]
    fn temporal_since_and_success_clauses_keep_their_growth() {
        assert!(
            cause_weight("Since I came back I have done timed blocks every morning.").is_none()
        );
        assert!(has(
            "I passed on my second attempt because I rebuilt my schedule with a tutor.",
            Change
        ));
    }

    #[test]
    fn actions_after_a_time_pivot_are_growth() {
        let text = "I didn't match because I applied too narrowly. This year I worked as a research \
                    assistant in cardiology, got a letter from my PI, and applied more broadly.";
        let an = analyse(text);
        let hits = find(&an, false);
        let since = hits
            .iter()
            .filter(|h| h.kind == Change && h.note == "names what you did since")
            .count();
        assert_eq!(since, 2, "{hits:?}");
        assert!(
            hits.iter()
                .any(|h| h.kind == Evidence && h.note.starts_with("a letter"))
        );
        // Before any pivot the same verbs are background.
        assert!(
            !kinds("I worked as a scribe before medical school, and I didn't match.")
                .iter()
                .any(|(k, _)| *k == Change)
        );
        // A time phrase before the problem sets the scene; it is not the turn.
        assert!(!has(
            "This year I worked as a scribe and I failed Step 1 because I crammed.",
            Change
        ));
    }

    #[test]
    fn luck_and_other_peoples_choices_are_blame() {
        assert!(has("The match is kind of a lottery.", Blame));
        assert!(has("They just went with their own students.", Blame));
        assert!(has("It just wasn't my year.", Blame));
        assert!(has("It came down to luck.", Blame));
        assert!(!has("It wasn't a lottery, it was my list.", Blame));
    }

    #[test]
    fn humble_brags_are_minimising_even_when_framed_as_my_view() {
        assert!(has("I would say I'm a perfectionist.", Minimising));
        assert!(has("I hold myself to really high standards.", Minimising));
        assert!(has(
            "I'd say my weakness is that I care too much.",
            Minimising
        ));
        assert!(!has(
            "My advisor would say I'm a perfectionist.",
            Minimising
        ));
    }

    #[test]
    fn will_never_is_not_forward() {
        assert!(!has("I will never be good at tests", Forward));
        assert!(has("I will use this system on the wards", Forward));
    }
}
