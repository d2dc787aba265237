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
//! The module has three parts: [`pattern`] (the pattern language and its matcher),
//! [`lexicon`] (the rules and word sets, pure data) and [`passes`] (context checks and the
//! passes over all hits). The lexicon is compiled once, on first use, into a [`Lexicon`].
//!
//! A rule that does not compile is a [`LexiconError`], never a rule that silently never fires.
//! The shipped lexicon always compiles (`every_rule_of_the_lexicon_compiles` below); at run time
//! a compile error is not a panic: [`find`] returns it, and the scorer reports it (see
//! `coaching::try_score_answer_with`).

use std::result::Result;
use std::sync::LazyLock;

use super::text::{Analysed, is_hedge_kind_of};
use Kind::*;
use lexicon::*;
use passes::{
    apply_hedges, causal_clauses, drop_secondary_inside_negative, first_person_subject, is_neg,
    modal_before, negated_before, since_period_start, unit_has_method,
};
use pattern::Pattern;
pub use pattern::PatternError;

mod lexicon;
pub(crate) mod meaning_pass;
mod passes;
mod pattern;

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
    pub(crate) fn is_negative(self) -> bool {
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

/// A matched cue.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// What it means.
    pub kind: Kind,
    /// Strength in 0..=1 (after hedging).
    pub weight: f32,
    /// First stream token.
    pub first_token: usize,
    /// Last stream token (inclusive).
    pub last_token: usize,
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
    /// Recognised by meaning (similarity to labelled examples) rather than by a rule.
    pub by_meaning: Option<ByMeaning>,
}

/// How a clause was recognised by meaning: the closest labelled example and how close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ByMeaning {
    /// The classifier's probability for the role.
    pub confidence: f32,
    /// The closest example of the role.
    pub example: &'static str,
}

/// One compiled rule of the lexicon.
struct Rule {
    kind: Kind,
    weight: f32,
    flags: Flags,
    pattern: Pattern,
    note: &'static str,
}

/// A rule of the lexicon (or a time pivot) that does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {index} of the {table} ({note:?}) does not compile: {error}")]
pub struct LexiconError {
    /// Which table: "rules", "extra rules" or "time pivots".
    pub table: &'static str,
    /// Position of the rule in its table, from 0.
    pub index: usize,
    /// The rule's note (or the pivot's source), to find it.
    pub note: &'static str,
    /// What is wrong with its pattern.
    pub error: PatternError,
}

/// The compiled lexicon.
pub(crate) struct Lexicon {
    rules: Vec<Rule>,
    extra_rules: Vec<Rule>,
    time_pivots: Vec<Pattern>,
}

impl Lexicon {
    /// Compiles every rule and time pivot; the first that fails is the error.
    fn compile() -> Result<Self, LexiconError> {
        let rules = |table: &'static str, specs: &'static [RuleSpec]| {
            specs
                .iter()
                .enumerate()
                .map(|(index, spec)| {
                    Ok(Rule {
                        kind: spec.kind,
                        weight: spec.weight,
                        flags: spec.flags,
                        pattern: Pattern::compile(spec.pattern, word_set).map_err(|error| {
                            LexiconError {
                                table,
                                index,
                                note: spec.note,
                                error,
                            }
                        })?,
                        note: spec.note,
                    })
                })
                .collect::<Result<Vec<_>, LexiconError>>()
        };
        let time_pivots = TIME_PIVOTS
            .iter()
            .enumerate()
            .map(|(index, source)| {
                Pattern::compile(source, word_set).map_err(|error| LexiconError {
                    table: "time pivots",
                    index,
                    note: source,
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            rules: rules("rules", RULES)?,
            extra_rules: rules("extra rules", EXTRA_RULES)?,
            time_pivots,
        })
    }
}

/// The lexicon, compiled on first use. A compile error is kept, not a panic, and every later
/// call returns it.
static LEXICON: LazyLock<Result<Lexicon, LexiconError>> = LazyLock::new(Lexicon::compile);

/// The compiled lexicon, or why it does not compile.
pub(crate) fn lexicon() -> Result<&'static Lexicon, LexiconError> {
    LEXICON.as_ref().map_err(Clone::clone)
}

/// Runs a rule list over the analysed text, honouring claims, negation, quotes and modals.
fn run(rules: &[Rule], time_pivots: &[Pattern], analysed: &Analysed, hits: &mut Vec<Hit>) {
    let toks = &analysed.toks;
    let n = toks.len();
    let mut claimed = vec![false; n];
    for h in hits.iter().filter(|h| !h.kind.is_secondary()) {
        for c in claimed
            .iter_mut()
            .take(h.last_token + 1)
            .skip(h.first_token)
        {
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
            if !rule.pattern.matches_at(toks, k, &mut matched) {
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
                let start =
                    *since_start.get_or_insert_with(|| since_period_start(toks, hits, time_pivots));
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
                    first_token: a,
                    last_token: b,
                    note,
                    also_cause: rule.flags & ALSO_CAUSE != 0,
                    hedged: false,
                    unit: toks[a].unit,
                    weak: rule.flags & WEAK != 0,
                    external: rule.flags & EXTERNAL != 0,
                    admission: rule.flags & ADMISSION != 0,
                    by_meaning: None,
                });
                k = b + 1;
            } else {
                k += 1;
            }
        }
    }
}

/// Finds every cue in the text. `extra` adds the rules of the non-own-it rubrics. Fails only
/// when the lexicon does not compile.
pub(crate) fn find(analysed: &Analysed, extra: bool) -> Result<Vec<Hit>, LexiconError> {
    let lexicon = lexicon()?;
    let mut hits = Vec::new();
    run(&lexicon.rules, &lexicon.time_pivots, analysed, &mut hits);
    if extra {
        run(
            &lexicon.extra_rules,
            &lexicon.time_pivots,
            analysed,
            &mut hits,
        );
    }
    causal_clauses(analysed, &mut hits);
    drop_secondary_inside_negative(&mut hits);
    apply_hedges(analysed, &mut hits);
    hits.sort_by_key(|h| (h.first_token, h.last_token));
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::super::text::analyse;
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let analysed = analyse(text);
        find(&analysed, false)
            .unwrap()
            .into_iter()
            .map(|h| {
                let (s, e) = analysed.char_span(h.first_token, h.last_token);
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
        let analysed = analyse("I guess maybe I didn't prepare enough.");
        let hits = find(&analysed, false).unwrap();
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

    /// Every rule and time pivot of the shipped lexicon compiles: a typo in a rule fails here.
    #[test]
    fn every_rule_of_the_lexicon_compiles() {
        let lexicon = Lexicon::compile();
        assert!(lexicon.is_ok(), "{:?}", lexicon.err());
        let lexicon = lexicon.unwrap();
        assert_eq!(lexicon.rules.len(), RULES.len());
        assert_eq!(lexicon.extra_rules.len(), EXTRA_RULES.len());
        assert_eq!(lexicon.time_pivots.len(), TIME_PIVOTS.len());
        assert!(super::lexicon().is_ok());
    }

    fn compile(source: &str) -> Result<Pattern, PatternError> {
        Pattern::compile(source, word_set)
    }

    #[test]
    fn malformed_patterns_are_errors() {
        let unknown_set = compile("i ~2 @prepverbs");
        assert!(
            matches!(&unknown_set, Err(PatternError::UnknownSet { name, .. }) if name == "prepverbs"),
            "{unknown_set:?}"
        );
        assert!(matches!(
            compile("a|@nosuchset"),
            Err(PatternError::UnknownSet { .. })
        ));
        for gap in [
            "i ~ failed",
            "i ~x failed",
            "i ~0 failed",
            "i ~-1 failed",
            "i ~2.5 failed",
        ] {
            assert!(
                matches!(compile(gap), Err(PatternError::BadGap { .. })),
                "{gap}"
            );
        }
        assert!(matches!(
            compile("scored #big"),
            Err(PatternError::UnknownClass { .. })
        ));
        assert!(matches!(
            compile("i ^ failed"),
            Err(PatternError::MisplacedAnchor { .. })
        ));
        assert!(matches!(compile("   "), Err(PatternError::Empty { .. })));
        assert!(matches!(compile("^"), Err(PatternError::Empty { .. })));
        for word in [
            "i ~2 fail?ed",
            "didn't",
            "a||b",
            "i *",
            "??maybe",
            "i failed.",
            "i @",
        ] {
            assert!(
                matches!(
                    compile(word),
                    Err(PatternError::BadWord { .. }) | Err(PatternError::UnknownSet { .. })
                ),
                "{word}"
            );
        }
        // The well-formed versions compile.
        for ok in [
            "i ~2 @prepverb",
            "^ i ~1 fail*|flunk* ?the #score",
            "since ~1 then|that",
        ] {
            assert!(compile(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn a_lexicon_error_names_the_rule() {
        let error = LexiconError {
            table: "rules",
            index: 3,
            note: "names your own misjudgement",
            error: PatternError::BadGap {
                element: "~x".into(),
                pattern: "i ~x failed".into(),
            },
        };
        let text = error.to_string();
        assert!(
            text.contains("rule 3 of the rules") && text.contains("~x"),
            "{text}"
        );
    }

    fn cause_weight(text: &str) -> Option<f32> {
        let analysed = analyse(text);
        find(&analysed, false)
            .unwrap()
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
        let analysed = analyse("With everything going on at home, I failed Step 1.");
        assert!(
            find(&analysed, false)
                .unwrap()
                .iter()
                .any(|h| h.kind == VagueContext && h.external)
        );
        let analysed = analyse("I failed. It wasn't because of everything going on at home.");
        assert!(!find(&analysed, false).unwrap().iter().any(|h| h.external));
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
        let analysed = analyse(text);
        let hits = find(&analysed, false).unwrap();
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
