//! The lexicon: the rules in the pattern language of [`super::pattern`], the named word sets
//! they use and the time phrases that open the since-period. Pure data; every rule compiles
//! (a unit test in `super` compiles them all, so a typo fails the tests).

use super::Kind;
use super::Kind::*;

/// Rule flags: the care a coach takes with language, applied after a pattern matches.
pub(super) type Flags = u16;

/// Drop when negated before or inside the match.
pub(super) const NEG_DROP: Flags = 1;
/// Negated blame becomes ownership ("it wasn't the exam's fault").
pub(super) const NEG_FLIP: Flags = 1 << 1;
/// Ignored inside quotes / reported speech.
pub(super) const QUOTABLE: Flags = 1 << 2;
/// Weakened by a nearby hedge.
pub(super) const HEDGEABLE: Flags = 1 << 3;
/// The match also gives the cause (context).
pub(super) const ALSO_CAUSE: Flags = 1 << 4;
/// Drop after should/could/would have, wish, instead of.
pub(super) const MODAL_DROP: Flags = 1 << 5;
/// Only counts when the unit names a method or helper.
pub(super) const NEEDS_METHOD: Flags = 1 << 6;
/// Weight rises to 1.0 when the unit names a method.
pub(super) const METHOD_BONUS: Flags = 1 << 7;
/// "kind of"/"sort of" must be a hedge, not a noun phrase.
pub(super) const KIND_OF: Flags = 1 << 8;
/// The token after the match must not be a negation.
pub(super) const NEXT_NOT_NEG: Flags = 1 << 9;
/// A supporting signal: never marks the pivot, counts only after it.
pub(super) const WEAK: Flags = 1 << 10;
/// An earlier "I" in the sentence is the subject.
pub(super) const FIRST_PERSON: Flags = 1 << 11;
/// A catch-all cause that hands the problem to circumstances.
pub(super) const EXTERNAL: Flags = 1 << 12;
/// Only states what happened; takes no responsibility for it.
pub(super) const ADMISSION: Flags = 1 << 13;
/// Only counts after a time pivot ("since then", "this year").
pub(super) const SINCE: Flags = 1 << 14;

/// Hedgeable first-person ownership, ignored in quotes.
const OWN: Flags = HEDGEABLE | QUOTABLE;
/// [`OWN`] that also names the cause.
const OWN_CAUSE: Flags = HEDGEABLE | QUOTABLE | ALSO_CAUSE;

/// One rule as written: what a match means, its weight and flags, and the pattern's source.
pub(super) struct RuleSpec {
    /// What a match means.
    pub kind: Kind,
    /// Strength in 0..=1 before hedging.
    pub weight: f32,
    /// Flags, see the constants above.
    pub flags: Flags,
    /// The pattern's source text.
    pub pattern: &'static str,
    /// Why a match matters, in a few plain words.
    pub note: &'static str,
}

const fn rule(
    kind: Kind,
    weight: f32,
    flags: Flags,
    pattern: &'static str,
    note: &'static str,
) -> RuleSpec {
    RuleSpec {
        kind,
        weight,
        flags,
        pattern,
        note,
    }
}

/// Named word sets used by `@name` in patterns; `None` for a name that is not a set (a
/// pattern naming it fails to compile).
#[rustfmt::skip]
pub(super) fn word_set(name: &str) -> Option<&'static [&'static str]> {
    let words: &'static [&'static str] = match name {
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
        _ => return None,
    };
    Some(words)
}

/// The lexicon, in priority order.
// One rule per line reads like a word list; rustfmt would spread each over seven lines.
#[rustfmt::skip]
pub(super) const RULES: &[RuleSpec] = &[
    // --- Statements that must win over generic readings -----------------------------
    rule(Blame, 1.0, QUOTABLE, "@neg ~2 my ~1 fault", "says it wasn't your fault"),
    rule(Ownership, 1.0, OWN, "miscommunication|misunderstanding ~2 on|for ~1 my ~1 part|end", "owns your part"),
    rule(Evidence, 1.0, QUOTABLE, "no|not|never|zero ~3 issues|problems|concerns|complaints|incidents|comments|lapses|absences ~3 since", "a clean record since"),
    rule(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 been ~2 late|absent|tardy ~3 since|again", "a clean record since"),
    rule(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 missed ~4 since", "a clean record since"),
    rule(ProblemStatement, 1.0, 0, "passed|pass ~5 second|2|3|third|attempt|retake|try", "states the attempt plainly"),
    rule(ProblemStatement, 1.0, 0, "second|2|third|3 ~1 attempt|try|time|sitting", "states the attempt plainly"),
    // A result, not a missed step: "I didn't do as well as I hoped" names no cause.
    // "do enough" stays with the preparation reading ("I didn't do enough questions").
    rule(Ownership, 1.0, OWN | ADMISSION, "i ~2 did ~1 not ~2 perform|do ~2 as|well|great|good", "states the result plainly"),
    rule(Ownership, 1.0, OWN | ADMISSION, "i ~2 did ~1 not ~2 perform|score|test ~2 as|well|great|good|enough|high", "states the result plainly"),
    // Humble-brags read first, or "I care too much" would pass for a misjudgement.
    rule(Minimising, 1.0, QUOTABLE, "work|worked|working ~1 too ~1 hard|much", "a strength dressed up as a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "care|cared|caring ~1 too ~1 much", "a strength dressed up as a weakness"),
    // --- Hedges that look like ownership ----------------------------------------------
    rule(VagueGrowth, 1.0, 0, "i ~1 am ~1 working ~1 on ~1 it|that|this", "promises work without saying what"),
    rule(VagueGrowth, 1.0, 0, "i ~2 learned ~1 a ~1 lot|much", "says you learned without saying what"),
    rule(VagueGrowth, 1.0, 0, "grew|grown|matured ~2 a ~1 lot", "says you grew without showing how"),
    rule(VagueGrowth, 1.0, 0, "grew|grown|matured ~1 so ~1 much", "says you grew without showing how"),
    rule(VagueGrowth, 1.0, 0, "i ~1 will ~2 do|be ~1 better", "promises without specifics"),
    rule(VagueGrowth, 1.0, 0, "work|study ~1 harder", "promises effort without a method"),
    rule(VagueGrowth, 1.0, 0, "i ~1 am ~1 trying ~3 improve|better|fix|change", "promises without specifics"),
    rule(VagueGrowth, 1.0, 0, "i ~1 am ~1 hoping|hope ~4 better|well|differently", "hopes instead of showing a change"),
    rule(VagueGrowth, 1.0, 0, "learned ~1 my ~1 lesson", "says you learned without saying what"),
    // --- Ownership -----------------------------------------------------------------------
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 underestimat*|overestimat*|misjudg*|miscalculat*|crammed|cram|rushed|procrastinat*|neglect*|overcommit*|overextend*|mismanag*|underprepar*|overlook*|ignor*|overprepar*", "names your own misjudgement"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 relied|leaned|depended|counted ~1 on|too|heavily", "names what you relied on"),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "underestimat*|overestimat*|misjudg*|miscalculat*|crammed|procrastinat*|neglected|overlooked|ignored|skipped|forgot|misread|rushed|assumed",
        "names your own misjudgement",
    ),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "last ~1 minute",
        "names your own misjudgement",
    ),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "gave|wrote|made|submitted ~3 long|unfocused|vague|rambling|poor|sloppy|incomplete|rushed|generic",
        "names your own misjudgement",
    ),
    rule(Ownership, 1.0, OWN_CAUSE, "my ~3 was|were|is|are ~1 ?the ~1 weak|weakest|problem|issue ~1 point|spot|link|area|part", "names your own gap"),
    rule(Ownership, 0.8, OWN, "on ~1 my ~1 part|end", "owns your part"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~2 was ~1 not ~2 selected|accepted|chosen|invited|funded|admitted|promoted|ranked", "states what happened in the first person"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 skipped|skip|forgot|forget|misread|missed|dismissed|brushed", "names your own misjudgement"),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "went|go|walked|came ~2 in|into|to ~3 blind|unprepared|cold",
        "names your own misjudgement",
    ),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "without ~1 @prepverb",
        "names what you skipped",
    ),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "never|barely|hardly|rarely|seldom ~1 @prepverb",
        "says plainly what you didn't do",
    ),
    rule(
        Ownership,
        1.0,
        OWN_CAUSE | FIRST_PERSON,
        "did|had|do|could|would not ~2 @prepverb",
        "says plainly what you didn't do",
    ),
    rule(Ownership, 0.8, OWN, "i ~2 should ~1 have", "says what you should have done"),
    rule(Ownership, 0.8, OWN, "i ~2 could ~1 have ~2 asked|prepared|postponed|done|studied|planned|spoken|told|called|reached", "says what you could have done"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~4 too ~1 late|early|little|much|narrowly|few|long|quickly|fast|soon|casually|lightly|high", "names your own misjudgement"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~3 not ~2 @prepverb", "says plainly what you didn't do"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 never|barely|hardly|rarely|seldom ~1 @prepverb", "says plainly what you didn't do"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~3 not ~2 have ~3 plan|system|schedule|strategy|structure|approach|routine|idea", "says plainly what you lacked"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 did|took|completed|used|spent|had|got|made ~2 few|little|no|minimal|barely", "says plainly what you didn't do"),
    rule(Ownership, 1.0, OWN | ADMISSION, "i ~2 failed|underperformed", "states the failure in the first person"),
    rule(Ownership, 1.0, OWN | ADMISSION, "i ~2 fell ~1 short|behind", "states the shortfall in the first person"),
    rule(Ownership, 1.0, OWN | ADMISSION, "i ~3 scored|performed|did|tested ~3 below|lower|worse|poorly|less|under", "states the result plainly"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~1 was|am|would ~2 late|unprepared|underprepared|overconfident|disorganized|disorganised|careless|complacent|distracted|unfocused|inefficient|slow|defensive|arrogant|impatient|rude|short|dismissive|absent|unprofessional|overwhelmed|burned|burnt|avoidant|passive", "names your own behaviour"),
    rule(Ownership, 1.0, OWN, "i ~2 made ~2 mistake|mistakes|error|errors|wrong|poor|bad", "owns the mistake"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 took|taken|take ~1 on", "names what you took on"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 tend|tended ~1 to", "names the pattern in yourself"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 struggle|struggled|struggling ~1 with|to", "names the pattern in yourself"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 have|had ~1 a ~1 tendency|habit", "names the pattern in yourself"),
    rule(Ownership, 1.0, OWN_CAUSE, "my ~2 weakness|weaknesses ~1 is|was|are|has", "names the weakness"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 applied|interviewed|ranked ~3 too|narrowly|few|late|poorly|only", "names your own misjudgement"),
    rule(Ownership, 1.0, OWN_CAUSE, "my ~4 was|were|are|is ~1 not ~2 where|good|strong|ready|enough|polished", "names your own gap"),
    rule(Ownership, 1.0, OWN_CAUSE, "my ~3 was|were ~2 late|incomplete|sloppy|disorganized|disorganised|rushed|careless|wrong|missing|inaccurate|behind|overdue|unfocused|passive|vague|weak|thin|generic|unclear|poor|long", "names your own gap"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 was|were ~1 not ~2 sure|certain|clear", "names your own uncertainty"),
    rule(Ownership, 1.0, OWN_CAUSE, "i ~2 was|am ~1 not ~2 ready|prepared|honest|realistic|careful|organized|organised|disciplined|consistent|strategic|efficient", "names your own gap"),
    rule(Ownership, 0.8, OWN_CAUSE, "i ~2 chose|opted|insisted ~1 to|not", "owns the decision"),
    rule(Ownership, 0.8, OWN_CAUSE, "i ~2 waited|delayed|postponed|avoided ~3 too|until|asking|getting", "owns the delay"),
    rule(Ownership, 1.0, OWN, "my ~1 responsibility", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "i ~3 take|took|accept|accepted|taking ~3 responsibility|ownership|accountability", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "i ~1 own|owned ~1 that|it|this|the|my", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "i ~1 am|was|hold ~1 ?myself ~1 accountable", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "that|this|it|which|those|these|both|all|everything ~3 is|was|were|are ~1 on ~1 me", "takes responsibility"),
    rule(Ownership, 0.8, OWN, "i ~2 told|informed|disclosed|reported|notified ~4 resident|attending|patient|team|supervisor|director|pharmacist|family|preceptor", "discloses it"),
    rule(Ownership, 1.0, OWN, "my ~1 fault|doing", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "my ~1 mistake|error", "owns the mistake"),
    rule(Ownership, 1.0, OWN, "was|is ~1 my ~1 ?own ~1 decision|choice|call|doing", "owns the decision"),
    rule(Ownership, 1.0, OWN, "was|is|were ~1 mine", "owns the decision"),
    rule(Ownership, 1.0, OWN, "@neg ~3 excuse|excuses", "refuses to make excuses"),
    rule(Ownership, 1.0, OWN, "nobody|no ~3 blame|fault ~2 but ~1 me|myself|mine", "takes responsibility"),
    rule(Ownership, 1.0, OWN, "i ~2 not ~2 blame|blaming", "declines to blame others"),
    rule(Ownership, 0.8, OWN, "i ~2 blame ~1 myself|me", "takes responsibility"),
    rule(Ownership, 0.8, OWN | ADMISSION, "below|short|less|lower|worse ~4 expected|expectations|goal|goals|standard|standards|potential|capable|capability|target|wanted|hoped|planned|aimed|needed", "names the gap honestly"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~1 was|am ~2 disappointed ~2 in|with|by ~1 my|myself", "owns the disappointment"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~2 had|got|received ~1 a ~3 comment|concern|lapse|report|warning|failure|fail|citation|remediation", "states what happened in the first person"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~2 did ~1 not ~1 match", "states what happened in the first person"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~2 repeated|remediated|retook|retake", "states what happened in the first person"),
    rule(Ownership, 0.6, OWN | ADMISSION, "i ~2 took ~1 a ~2 leave|year|break|gap|time", "states what happened in the first person"),
    // --- Blame -----------------------------------------------------------------------------
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~1 fault", "puts the fault on someone else"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "fault ~1 of ~2 @agent", "puts the fault on someone else"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "unfair|unfairly|rigged|biased|arbitrary|ridiculous|absurd|unreasonable", "calls it unfair"),
    rule(Blame, 1.0, QUOTABLE, "@neg ~3 fair", "calls it unfair"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "bad|poor|terrible|rotten|dumb ~1 luck", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "unlucky|unluckily|unfortunately", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "luck ~2 draw", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "the system|establishment", "blames the system"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "out|beyond|outside ~2 my ~1 control|hands", "puts it outside your control"),
    rule(Blame, 1.0, QUOTABLE, "@neg ~5 in ~1 my ~1 control", "puts it outside your control"),
    rule(Blame, 1.0, QUOTABLE, "nobody|never|no ~2 told|tell|warned|informed|explained|taught|teach|mentioned", "says nobody told you"),
    rule(Blame, 1.0, QUOTABLE, "@agent|programs ~4 not|never ~2 see|saw|notice|noticed|recogni*|appreciat*|told|tell|informed|warned|taught|teach|explain*|cover*|prepare*|support*|help*|give|gave|let|understand|understood|care*|respond*|like|liked|want|wanted|update*|notify|notified|clarif*|allow*|provide*|offer*|ask|asked|listen*|believe*|consider*|get|got|knew|know|gave|read", "puts the cause on someone else"),
    rule(Blame, 1.0, QUOTABLE, "@neg ~2 covered|tested|taught", "blames what was taught"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "outdated|disorganized|disorganised|chaotic|toxic|malignant|overworked|understaffed|scut|incompetent|lazy|hostile|disrespectful", "describes others' failings"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~3 moved|cancelled|canceled|rescheduled|lost|failed|docked|singled|targeted ~2 my|me|us|our|out", "puts the cause on someone else"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~3 had ~1 it ~1 out", "puts the cause on someone else"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "people|students|classmates|everyone|everybody|others|anyone|anybody|lot ~6 same ~1 problem|issue|thing|boat|way|struggle|complaint", "spreads the problem to others"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "anyone|everyone|anybody|everybody ~3 would ~1 have", "spreads the problem to others"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "everyone|everybody|anyone|others|classmates ~2 struggled|failed|complained|fails", "spreads the problem to others"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "everyone|everybody|others|classmates ~8 scored|did|performed|tested ~3 lower|worse|poorly|badly|below", "spreads the problem to others"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "nothing ~1 like ~3 qbank|bank|question|questions|practice|material|lectures|what", "blames the exam"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "misunderstanding|miscommunication|misunderstood", "calls it a misunderstanding"),
    rule(Blame, 0.6, QUOTABLE | NEG_FLIP, "i ~1 did ~1 the ~1 best ~2 i ~1 could", "defends instead of owning"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent ~2 was|were|is|are ~2 hard|harder|difficult|tough|tougher|brutal|impossible|tricky|trickier|weird|strange|harsh|random|bad|confusing|vague|picky|strict|biased", "blames the exam or the people"),
    rule(Blame, 0.8, QUOTABLE | NEG_FLIP, "random|curveball|curveballs", "blames chance"),
    // Luck and fate, in the formulaic ways applicants say it.
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "lottery|crapshoot|gamble", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "numbers ~1 game", "blames luck"),
    rule(Blame, 1.0, QUOTABLE, "was|is ~1 not ~1 my ~1 year|day|time|cycle", "blames luck"),
    rule(Blame, 1.0, QUOTABLE, "not ~1 meant ~1 to ~1 be", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "pure|sheer|dumb|blind ~1 luck|chance", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "down ~1 to ~1 luck|chance|timing", "blames luck"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "matter ~1 of ~1 luck|chance", "blames luck"),
    // Other people's choices offered as the cause ("they went with their own students").
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent|programs|everyone|others ~3 chose|picked|preferred|favored|favoured|filled|wanted|selected|prioritized|prioritised|ranked ~3 their|own|home|internal|other|others|someone|people|candidates|applicants|students", "puts it down to other people's choices"),
    rule(Blame, 1.0, QUOTABLE | NEG_FLIP, "@agent|programs|everyone|others ~3 went ~1 with ~2 their|own|home|internal|other|someone|people|candidates|applicants|students", "puts it down to other people's choices"),
    // --- Minimising -------------------------------------------------------------------
    rule(Minimising, 1.0, QUOTABLE, "just|only ~1 a|1 ~1 number|test|exam|score|day", "'just a number' sounds dismissive"),
    rule(Minimising, 0.6, QUOTABLE, "@neg ~2 reflect|reflects|define|defines|represent|represents|measure|measures ~1 me|who|my|what|how", "'doesn't reflect me' reads as brushing it off"),
    rule(Minimising, 1.0, QUOTABLE, "@neg ~2 big|huge|major|real ~1 deal", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "do|does|did ~1 not ~2 matter", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "not ~1 that|very|really|all ~1 important|relevant|serious|significant", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "judge|judged|judging ~4 on ~2 1|single ~1 day|test|exam|number", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "just|only ~1 1 ~1 bad ~1 day", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "happens ~1 to ~1 everyone|everybody|anyone|the", "plays it down"),
    rule(Minimising, 1.0, QUOTABLE, "only|just ~1 a ~1 few|couple ~2 points", "plays it down"),
    rule(Minimising, 0.6, QUOTABLE, "perfectionist|perfectionism|workaholic", "a strength dressed up as a weakness"),
    rule(Minimising, 0.6, QUOTABLE, "too ~1 hard ~1 on ~1 myself", "a strength dressed up as a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "everything ~2 is|was|be ~1 perfect", "a strength dressed up as a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "@neg ~3 have ~3 weakness|weaknesses", "denies having a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "no ~2 weakness|weaknesses", "denies having a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "i ~1 am ~2 too ~1 dedicated|hardworking|nice|driven|committed|passionate|detail|caring|generous|thorough|meticulous|conscientious|organized|organised|diligent|invested|empathetic|loyal|careful", "a strength dressed up as a weakness"),
    rule(Minimising, 0.6, QUOTABLE, "myself ~2 to ~2 high|higher|impossible|impossibly|unrealistic|unrealistically|very ~1 ?high ~1 standard|standards|expectations|bar", "a strength dressed up as a weakness"),
    rule(Minimising, 0.6, QUOTABLE, "make|making ~1 sure ~5 perfect|perfectly|flawless", "a strength dressed up as a weakness"),
    rule(Minimising, 1.0, QUOTABLE, "not ~1 think ~1 of ~3 weakness|weaknesses|any|anything", "denies having a weakness"),
    // --- Self-punishment ----------------------------------------------------------------
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~2 sorry", "apologises instead of answering"),
    rule(SelfPunishment, 1.0, QUOTABLE, "^ sorry", "apologises instead of answering"),
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 apologize|apologise", "apologises instead of answering"),
    rule(SelfPunishment, 1.0, QUOTABLE, "@neg ~1 a ~2 good|great|strong|natural ~1 test ~1 taker", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "terrible|bad|horrible|awful|poor|lousy|weak|worst ~1 test ~1 taker", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~2 stupid|dumb|idiot|failure|fraud|disappointment|mess|disaster|hopeless|useless", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 am ~1 not ~2 smart|bright|intelligent", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "@neg ~1 good ~1 enough", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "not ~1 cut ~1 out", "labels yourself instead of the cause"),
    rule(SelfPunishment, 1.0, QUOTABLE, "never ~1 will ~1 be", "sounds fatalistic"),
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 will ~1 never ~3 be|get|pass", "sounds fatalistic"),
    rule(SelfPunishment, 1.0, QUOTABLE | NEG_DROP, "embarrass*|ashamed|humiliat*|mortified|shameful", "dwells on shame"),
    rule(SelfPunishment, 1.0, QUOTABLE, "i ~1 know ~1 i ~1 know", "repeats the admission defensively"),
    rule(SelfPunishment, 1.0, QUOTABLE, "hate ~1 myself", "punishes yourself"),
    rule(SelfPunishment, 1.0, QUOTABLE, "can|could ~1 not ~1 forgive ~1 myself", "punishes yourself"),
    rule(SelfPunishment, 1.0, QUOTABLE, "beat|beating|kick|kicking ~1 myself", "punishes yourself"),
    rule(SelfPunishment, 1.0, QUOTABLE, "haunts|haunted|haunting", "dwells on it"),
    // --- Dwelling (self-punishment before the pivot, circling back after it) --------------
    rule(Dwelling, 1.0, QUOTABLE, "score|number|step|it|that|result ~2 is|was ~2 bad|terrible|awful|horrible|embarrassing|pathetic|low|ugly|horrendous|abysmal", "dwells on how bad it is"),
    rule(Dwelling, 1.0, QUOTABLE, "keep|kept|keeps ~2 coming|going|thinking ~2 back|about", "keeps returning to the problem"),
    rule(Dwelling, 1.0, QUOTABLE, "still ~3 frustrated|upset|bothered|angry|annoyed|embarrassed|disappointed|bitter|mad|hurt|anxious", "still stuck on the problem"),
    rule(Dwelling, 1.0, QUOTABLE, "wish ~3 could|had ~4 take|retake|redo|do|go|change|undo|erase", "wishes it away instead of moving on"),
    rule(Dwelling, 1.0, QUOTABLE, "regret|regrets|regretted", "dwells on regret"),
    rule(Dwelling, 1.0, QUOTABLE, "feel|felt|feeling ~2 terrible|awful|horrible|guilty|sick", "dwells on how bad it feels"),
    rule(Dwelling, 1.0, QUOTABLE, "looks|look|looked ~1 bad|terrible|awful|horrible", "dwells on how bad it is"),
    rule(Dwelling, 1.0, QUOTABLE, "still ~3 think|thinking|worry|worrying|dwell|obsess ~2 about|over", "still stuck on the problem"),
    rule(Dwelling, 1.0, QUOTABLE, "if ~1 only ~1 i", "dwells on regret"),
    rule(Dwelling, 1.0, QUOTABLE, "i ~1 know ~1 it|that ~1 is ~1 low|bad", "dwells on how bad it is"),
    // --- Dismissive ---------------------------------------------------------------------
    rule(Dismissive, 1.0, NEG_DROP, "moved ~1 on", "brushes it off instead of showing growth"),
    rule(Dismissive, 1.0, NEG_DROP, "put ~1 it ~1 behind ~1 me", "brushes it off instead of showing growth"),
    rule(Dismissive, 1.0, 0, "whatever", "brushes it off"),
    rule(Dismissive, 1.0, 0, "it ~1 is ~1 what ~1 it ~1 is", "brushes it off"),
    rule(Dismissive, 0.6, 0, "anyway|anyways", "brushes it off"),
    // --- Score mentions ----------------------------------------------------------------
    rule(ScoreMention, 1.0, 0, "#score", "names the number"),
    // --- Evidence ----------------------------------------------------------------------
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "#small ~1 th|st|nd|rd ~1 percentile|percent", "names a percentile"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "top ~1 #small ~1 percent|percentile", "names a percentile"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "percentile|percentiles", "names a percentile"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "honors|honours|honored|honoured|aoa|award|awarded|awards|commendation|commended|distinction|nominated|promoted", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "recognized|recognised|selected|chosen ~1 for|as|by|with", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "1 ~1 of ~1 the ~1 best|strongest|top|most", "cites how others rank you"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "top ~1 quarter|third|half|tenth|fifth|quartile", "names a result"),
    rule(Evidence, 1.0, QUOTABLE, "have|has ~1 not|never ~1 had|made|missed|received|gotten ~4 since", "a clean record since"),
    rule(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "taught|shown|showed|teach|teaching|trained|coached ~3 students|interns|team|others|classmates|juniors|residents", "passes the lesson on"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "high ~1 pass|passes", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "accepted|published|presented|coauthored|authored|funded|publication|publications", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "co ~1 authored", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "@evalword ~5 @praise", "cites what evaluators say"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "@metric ~4 rose|improved|increased|climbed|jumped|higher|better|stronger|doubled|up", "shows measurable improvement"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "much|significantly|far|consistently|markedly|substantially|dramatically|steadily ~1 better|higher|stronger|improved|more", "shows measurable improvement"),
    rule(ProblemStatement, 1.0, 0, "barely|narrowly|just ~1 passed|pass", "states the result plainly"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "i ~2 passed|cleared", "names a result"),
    rule(Evidence, 0.8, NEG_DROP | MODAL_DROP | FIRST_PERSON, "passed", "names a result"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP, "passed ~1 comfortably|easily|well|everything", "names a result"),
    rule(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "#num ~1 minutes|points|percent|shelves|papers|abstracts|posters", "puts a number on the result"),
    rule(Evidence, 0.6, NEG_DROP | MODAL_DROP | WEAK, "on ~1 time ~2 every|since|consistently", "shows the change held"),
    // --- Growth told as what you did since the turn ---------------------------------------
    // After a time pivot ("this year", "since then", "over the past year") what a
    // reapplicant did is the growth even without "I changed": a role, a letter, a broader
    // application. Before a pivot the same verbs are background ("I worked as a scribe
    // before medical school"), so these rules only count inside the since-period.
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "got|earned|received|secured|obtained|have ~3 letter|letters|recommendation|recommendations", "a letter from someone who saw your work"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE, "wrote|written|writing ~1 me|one ~3 letter|letters|recommendation|recommendations", "a letter from someone who saw your work"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON | NEXT_NOT_NEG, "worked|served|spent|volunteered|trained|interned ~3 as|at|in|with|for|on", "names what you did since"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "took|accepted|started|began|landed|got|found|joined ~3 job|role|position|fellowship|course|class|post|program|prelim|preliminary|research|internship|lab|team|group|study", "names what you did since"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "volunteered|completed|finished|taught|mentored|tutored|led|organized|organised|founded|shadowed|enrolled|coordinated|submitted|joined|scribed|rotated", "names what you did since"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~3 more|broadly|widely|earlier|early|strategically|selectively|across", "names what you did since"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~1 to ~2 over|every|programs", "names what you did since"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "applied|reapplied ~1 to ~1 #num", "names what you did since"),
    rule(Evidence, 1.0, NEG_DROP | MODAL_DROP | SINCE, "interview ~1 offers|invitations|invites", "a result others gave you"),
    rule(Change, 0.8, NEG_DROP | MODAL_DROP | SINCE | FIRST_PERSON, "sought|asked|got|received|requested|found|had|with ~3 guidance|advice|feedback|mentorship|mentoring|coaching", "names what you did since"),
    // --- Change -------------------------------------------------------------------------
    rule(Change, 0.6, NEG_DROP | MODAL_DROP | METHOD_BONUS | NEXT_NOT_NEG, "i ~3 @changeverb", "names a change you made"),
    rule(Change, 0.6, NEG_DROP | MODAL_DROP | NEEDS_METHOD | METHOD_BONUS | NEXT_NOT_NEG, "i ~1 @changeverb_needs_object", "names a change you made"),
    rule(Change, 0.6, NEG_DROP | MODAL_DROP | WEAK | FIRST_PERSON | METHOD_BONUS, "@changeverb|recorded|filmed", "names a change you made"),
    rule(Change, 0.3, 0, "since ~1 then|that", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "afterwards|afterward|subsequently", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "after ~1 that|this", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "from ~1 then|that ~1 point|on", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "for ~1 the|my ~1 retake|next|second", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "for|on ~1 step|level ~1 2|3", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "the ~1 next ~1 time", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "over|throughout ~1 the ~1 past|last ~1 year|months|few", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "over|throughout|in|during ~1 the ~1 past|last ~1 #num ~1 months|years", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "in|during ~1 the ~1 past ~1 year|months|few", "marks the turn to what changed"),
    rule(Change, 0.3, 0, "in ~1 the ~1 year|years|months ~1 since", "marks the turn to what changed"),
    rule(Change, 0.6, 0, "now ~1 i ~2 always|check|confirm|verify|ask|make|use|start|review|write|plan|prepare|build|keep|set|double|flag|book|schedule|block|track|run|present|read|practise|practice|take|do", "names how you work now"),
    rule(Change, 0.3, 0, "now i", "marks the turn to what changed"),
    rule(Change, 0.6, 0, "taught|teaches ~1 me ~1 to|how", "names the lesson you took"),
    rule(Change, 0.6, 0, "made|makes|has ~1 ?made ~1 me ~1 a ~1 better|more|stronger|calmer|clearer", "names what it changed in you"),
    rule(Change, 0.5, WEAK, "spaced ~1 repetition", "names a specific method"),
    rule(Change, 0.5, WEAK, "error ~1 log", "names a specific method"),
    rule(Change, 0.5, WEAK, "timed ~2 blocks|questions|block", "names a specific method"),
    rule(Change, 0.5, WEAK | NEG_DROP, "every|each ~1 day|week|morning|night|evening|block|rotation|month|case|shift", "a routine, not a one-off"),
    rule(Change, 0.5, WEAK | NEG_DROP, "daily|weekly|nightly|biweekly", "a routine, not a one-off"),
    rule(Change, 0.5, WEAK, "#small ~1 times|evenings|mornings|days|nights|hours ~1 a|per|each ~1 week|day|month", "a routine, not a one-off"),
    // --- Cause ---------------------------------------------------------------------------
    rule(Cause, 1.0, QUOTABLE, "@kin ~5 @hardship", "a factual outside cause"),
    rule(Cause, 1.0, QUOTABLE, "@hardship ~3 of ~2 @kin", "a factual outside cause"),
    rule(Cause, 1.0, QUOTABLE, "i ~1 was|got|had|became|fell ?a|an|really|very|so|seriously|quite|severely @hardship", "a factual health cause"),
    rule(Cause, 1.0, QUOTABLE, "i ~1 was|were|ended ~1 ?up ~1 in ~1 the ~1 hospital|icu|er", "a factual health cause"),
    rule(Cause, 0.8, QUOTABLE, "family ~1 emergency|crisis|illness|loss", "a factual outside cause"),
    rule(Cause, 1.0, QUOTABLE, "i ~2 ran ~1 out ~1 of ~1 time", "names what went wrong"),
    rule(Cause, 0.8, QUOTABLE, "time ~1 pressure|management", "names what went wrong"),
    rule(Cause, 0.8, QUOTABLE, "test ~1 anxiety", "names what went wrong"),
    rule(Cause, 0.8, QUOTABLE, "integrat*|timing|stamina|format", "names what went wrong"),
    rule(Cause, 1.0, QUOTABLE, "made|makes|making ~1 me ~2 slow|late|behind|miss|anxious|rushed|less|look|seem|lose|slower", "names the impact"),
    // --- Vague context -----------------------------------------------------------------
    rule(VagueContext, 1.0, QUOTABLE, "lot|much|many ~2 going ~1 on", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "not ~2 know|sure ~1 what ~1 happened|went", "can't say what went wrong"),
    rule(VagueContext, 1.0, QUOTABLE, "did ~1 not ~1 go ~1 well|right|great", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "lot ~2 on ~1 my ~1 plate", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "a ~1 hard|rough|difficult|tough|bad|crazy|weird|stressful|challenging|complicated ~1 time|year|period|semester|stretch|spring|summer|few", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "personal ~1 reasons|issues|stuff|things|matters|circumstances|problems|life", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "stuff|things ~2 happened|going", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "life ~1 happened|got", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "was ~1 a ~1 lot", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "1 ~1 thing ~1 after ~1 another", "piles up hardships"),
    rule(VagueContext, 1.0, QUOTABLE, "various|some|certain|several ~1 reasons|issues|factors|circumstances|things", "vague about the cause"),
    rule(VagueContext, 0.6, QUOTABLE, "circumstances", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "going ~1 through ~2 a ~1 lot", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "going ~1 through ~1 so ~1 much|many", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "going ~1 through ~1 stuff|things|some|everything|it|that|this", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "not ~2 in ~1 a|the ~1 good|great|right|healthy|best ~1 place|headspace|space|frame|state", "vague about the cause"),
    rule(VagueContext, 1.0, QUOTABLE, "in ~1 a ~1 bad|dark|tough|rough|difficult|hard ~1 place|headspace|space", "vague about the cause"),
    // Catch-alls that hand the cause to circumstances ("because of everything that was
    // happening to me"): they close a list of hardships without owning any part of it.
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 everything", "hands the cause to circumstances"),
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 all ~2 that|this|those|these|it|stress|chaos|pressure|circumstances|things|stuff|going|happening|everything", "hands the cause to circumstances"),
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "because|due ~2 the ~1 situation|circumstances|environment", "hands the cause to circumstances"),
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "with ~1 everything|all ~3 going|happening", "hands the cause to circumstances"),
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "given ~1 everything|all ~2 that|this|going|happening|on", "hands the cause to circumstances"),
    rule(VagueContext, 1.0, QUOTABLE | EXTERNAL | NEG_DROP, "everything|all ~2 that ~1 was|were ~1 happening|going", "hands the cause to circumstances"),
    // --- Hedges (secondary) ---------------------------------------------------------------
    rule(Hedge, 1.0, 0, "i ~1 guess", "hedges"),
    rule(Hedge, 1.0, 0, "maybe|perhaps|possibly|somewhat|probably|somehow", "hedges"),
    rule(Hedge, 1.0, 0, "i ~1 suppose", "hedges"),
    rule(Hedge, 1.0, KIND_OF, "kind|sort ~1 of", "hedges"),
    rule(Hedge, 1.0, 0, "i ~1 am ~1 not ~1 sure", "hedges"),
    rule(Hedge, 0.5, 0, "hopefully", "hedges"),
    rule(Hedge, 0.35, 0, "i ~1 think", "softens"),
    rule(Hedge, 0.35, 0, "i ~1 feel ~1 like", "softens"),
    rule(Hedge, 0.35, 0, "not ~1 really", "softens"),
    rule(Hedge, 0.35, 0, "a ~1 little ~1 bit", "softens"),
    // --- Residency tie (secondary) --------------------------------------------------------
    rule(ResidencyTie, 1.0, 0, "@tie", "ties it to residency"),
    rule(ResidencyTie, 1.0, 0, "high ~1 stakes", "ties it to residency"),
    rule(ResidencyTie, 1.0, 0, "board ~1 exams|exam|certification", "ties it to residency"),
    rule(ResidencyTie, 1.0, 0, "your|this ~1 program", "ties it to the program"),
    // --- Forward-looking (secondary) -----------------------------------------------------
    rule(Forward, 1.0, NEXT_NOT_NEG, "i ~1 will|shall", "looks ahead"),
    rule(Forward, 1.0, 0, "going|moving ~1 forward", "looks ahead"),
    rule(Forward, 1.0, 0, "from ~1 now ~1 on", "looks ahead"),
    rule(Forward, 1.0, 0, "in ~1 the ~1 future", "looks ahead"),
    rule(Forward, 1.0, 0, "this|next|coming ~1 year|cycle|round|season", "looks ahead"),
    rule(Forward, 1.0, 0, "look|looking ~1 forward", "looks ahead"),
    rule(Forward, 1.0, NEG_DROP, "excited|eager|ready|confident|glad|grateful|proud|thrilled|committed", "ends on a positive note"),
    rule(Forward, 1.0, 0, "now i|always", "shows how you work now"),
    rule(Forward, 1.0, 0, "i ~1 now", "shows how you work now"),
    rule(Forward, 0.8, 0, "i ~2 always|still", "shows how you work now"),
    rule(Forward, 1.0, 0, "i ~1 plan|intend|aim|hope|want|expect ~1 to", "looks ahead"),
    rule(Forward, 0.6, 0, "i ~1 am ~1 hoping", "looks ahead"),
    rule(Forward, 1.0, 0, "that|this ~1 is ~1 how ~1 i", "shows how you work now"),
    rule(Forward, 1.0, 0, "i ~1 know ~1 how ~1 to", "shows how you work now"),
    rule(Forward, 1.0, 0, "seriously ~1 now", "shows how you work now"),
    rule(Forward, 0.5, WEAK, "now|today|since", "shows how you work now"),
];

/// Rules used only by the non-own-it rubrics.
#[rustfmt::skip]
pub(super) const EXTRA_RULES: &[RuleSpec] = &[
    // Behavioural (STAR).
    rule(Situation, 1.0, 0, "when ~1 i ~1 was", "sets the scene"),
    rule(Situation, 1.0, 0, "during ~3 my|a|the|our", "sets the scene"),
    rule(Situation, 1.0, 0, "on ~1 my|a|the ~3 rotation|clerkship|service|shift|call|team|floor|unit", "sets the scene"),
    rule(Situation, 1.0, 0, "there ~1 was ~1 a|an|1", "sets the scene"),
    rule(Situation, 1.0, 0, "1 ~1 time|night|day|morning|evening|afternoon", "sets the scene"),
    rule(Situation, 1.0, 0, "last ~1 year|month|week|spring|summer|fall|winter", "sets the scene"),
    rule(Action, 1.0, 0, "i ~2 @actionverb", "says what you did"),
    rule(Action, 1.0, 0, "i ~1 decided ~1 to", "says what you did"),
    rule(Result, 1.0, 0, "as ~1 a ~1 result", "states the result"),
    rule(Result, 1.0, 0, "in ~1 the ~1 end", "states the result"),
    rule(Result, 1.0, 0, "ended ~1 up", "states the result"),
    rule(Result, 1.0, 0, "resolved|agreed|thanked|improved|reduced|decreased|increased|successfully|outcome|discharged|recovered|smoothly|worked|stabilized|stabilised", "states the result"),
    rule(Result, 1.0, 0, "#num ~1 percent|minutes|hours|days", "puts a number on the result"),
    rule(Reflection, 1.0, 0, "i ~2 learned|learnt|realized|realised|understood", "reflects on what you learned"),
    rule(Reflection, 1.0, 0, "next ~1 time", "says what you'd do next time"),
    rule(Reflection, 1.0, 0, "taught ~1 me", "reflects on what you learned"),
    rule(Reflection, 1.0, 0, "since ~1 then", "shows it stuck"),
    rule(Reflection, 1.0, 0, "now ~1 i", "shows it stuck"),
    rule(Reflection, 1.0, 0, "going ~1 forward", "looks ahead"),
    rule(Reflection, 1.0, 0, "that ~1 experience", "reflects on what you learned"),
    // Narrative.
    rule(Past, 1.0, 0, "grew ~1 up", "your background"),
    rule(Past, 1.0, 0, "born|childhood|immigrated|immigrants|immigrant|hometown", "your background"),
    rule(Past, 1.0, 0, "as ~1 a ~1 kid|child|teenager", "your background"),
    rule(Past, 1.0, 0, "high ~1 school", "your background"),
    rule(Past, 1.0, 0, "college|undergrad|undergraduate|majored|university|bachelor", "your background"),
    rule(Past, 1.0, 0, "before ~2 medical|med ~1 school", "your background"),
    rule(Past, 1.0, 0, "i ~1 worked ~1 as", "your background"),
    rule(Past, 1.0, 0, "years ~1 ago", "your background"),
    rule(Past, 1.0, 0, "first ~1 generation", "your background"),
    rule(Present, 1.0, 0, "currently|recently", "where you are now"),
    rule(Present, 1.0, 0, "now ~1 i", "where you are now"),
    rule(Present, 1.0, 0, "i ~1 am ~1 a|an ~2 fourth|4|final|third|student|graduate", "where you are now"),
    rule(Present, 1.0, 0, "in ~1 medical|med ~1 school", "where you are now"),
    rule(Present, 1.0, 0, "this ~1 year", "where you are now"),
    rule(Present, 1.0, 0, "sub ~1 i|internship", "where you are now"),
    rule(Present, 1.0, 0, "on ~1 my ~2 rotation|rotations|clerkship|clerkships", "where you are now"),
    rule(Future, 1.0, 0, "i ~2 hope|want|plan|aim|looking|intend ~1 to|forward", "where you're heading"),
    rule(Future, 1.0, 0, "residency|fellowship", "where you're heading"),
    rule(Future, 1.0, 0, "your|this ~1 program", "where you're heading"),
    rule(Future, 1.0, 0, "long ~1 term", "where you're heading"),
    rule(Future, 1.0, 0, "career ~1 goal|goals", "where you're heading"),
    rule(Future, 1.0, 0, "in ~1 the ~1 future", "where you're heading"),
    rule(Future, 1.0, 0, "why ~1 i ~1 am ~1 applying", "where you're heading"),
    rule(Future, 1.0, 0, "i ~1 see ~1 myself", "where you're heading"),
    rule(Future, 1.0, NEXT_NOT_NEG, "i ~1 will", "where you're heading"),
    rule(Cliche, 1.0, 0, "ever ~1 since ~1 i ~1 was ~2 child|kid|little|young", "a cliché opener"),
    rule(Cliche, 1.0, 0, "always ~1 wanted ~2 to ~1 be ~1 a ~1 doctor", "a cliché"),
    rule(Cliche, 1.0, 0, "help|helping ~1 people|others", "a cliché reason"),
    rule(Cliche, 1.0, 0, "passion|passionate", "a cliché"),
    rule(Cliche, 1.0, 0, "hard ~1 worker", "a cliché"),
    rule(Cliche, 1.0, 0, "team ~1 player", "a cliché"),
    rule(Cliche, 1.0, 0, "people ~1 person", "a cliché"),
    rule(Cliche, 1.0, 0, "make ~1 a ~1 difference", "a cliché"),
    rule(Cliche, 1.0, 0, "love|loved ~1 science", "a cliché"),
    // Motivation.
    rule(Personal, 1.0, 0, "when ~1 i", "a personal moment"),
    rule(Personal, 1.0, 0, "i ~2 @story", "a personal moment"),
    rule(Personal, 1.0, 0, "my|a|1|this ~1 patient|patients", "a personal moment"),
    rule(Commitment, 1.0, 0, "sub ~1 i|internship|internships", "shows commitment"),
    rule(Commitment, 1.0, 0, "away ~1 rotation|rotations", "shows commitment"),
    rule(Commitment, 1.0, 0, "research|project|poster|posters|published|volunteer|volunteered|volunteering|elective|electives|shadowed|shadowing|abstract|case|qi|quality", "shows commitment"),
    rule(Commitment, 1.0, 0, "interest ~1 group", "shows commitment"),
    rule(Commitment, 1.0, 0, "i ~2 led|founded|organized|organised|started|chose|spent", "shows commitment"),
    rule(ProgramFit, 1.0, 0, "your ~3 program|curriculum|clinic|clinics|track|residents|faculty|mentorship|population|community|fellowship|research|didactics|training|hospital|focus|emphasis|model|service|system|county", "specific to this program"),
    rule(ProgramFit, 1.0, 0, "i ~2 spoke|talked|met ~2 with|to ~2 your|residents|faculty", "specific to this program"),
    rule(ProgramFit, 1.0, 0, "when ~1 i ~1 rotated|visited|interviewed", "specific to this program"),
    rule(ProgramFit, 1.0, 0, "patient ~1 population", "specific to this program"),
    rule(ProgramFit, 1.0, 0, "safety ~1 net", "specific to this program"),
    rule(Generic, 1.0, 0, "great|good|strong|excellent ~1 reputation|program|location|programs", "generic praise any program could get"),
    rule(Generic, 1.0, 0, "prestigious|prestige|ranked|ranking", "generic praise any program could get"),
    rule(Generic, 0.6, 0, "close ~1 to ~1 family|home", "a reason about you, not the program"),
    rule(Generic, 1.0, 0, "help|helping ~1 people|others", "a cliché reason"),
    rule(Generic, 0.6, 0, "fast ~1 paced", "a cliché reason"),
    rule(Generic, 0.6, 0, "i ~1 like ~1 variety", "a cliché reason"),
    rule(Generic, 0.6, 0, "well ~1 rounded", "a cliché reason"),
    // Role-play asks.
    rule(Gratitude, 1.0, 0, "thank|thanks|grateful|appreciate|appreciated|appreciative", "thanks them"),
    rule(Gratitude, 1.0, 0, "working ~1 with ~1 you", "reminds them of your work together"),
    rule(Gratitude, 1.0, 0, "on ~1 your ~1 service|team|service", "reminds them of your work together"),
    rule(Gratitude, 1.0, 0, "learned|learnt ~3 from ~1 you", "reminds them of your work together"),
    rule(Ask, 1.0, 0, "would|could ~1 you ~1 be ~2 willing|comfortable|able|open", "makes a clear ask"),
    rule(Ask, 1.0, 0, "would|could ~1 you ~1 consider", "makes a clear ask"),
    rule(Ask, 1.0, 0, "strong ~1 letter", "asks for a strong letter"),
    rule(Ask, 1.0, 0, "letter ~2 recommendation|support", "asks for a letter"),
    rule(Ask, 1.0, 0, "reach|reaching ~1 out", "asks for advocacy"),
    rule(Ask, 1.0, 0, "put ~1 in ~1 a ~1 word", "asks for advocacy"),
    rule(Ask, 1.0, 0, "flag|mention|call|email|advocate|vouch ~3 my|me|application|for", "asks for advocacy"),
    rule(Ask, 1.0, 0, "if ~1 you ~1 know ~1 anyone", "asks for advocacy"),
    rule(Target, 1.0, 0, "colleagues|programs|program|places|people ~3 at|like|where", "names where help would count"),
    rule(Target, 1.0, 0, "#small ~1 programs|places", "names where help would count"),
    rule(Target, 1.0, 0, "program ~1 director|directors", "names where help would count"),
    rule(Softener, 1.0, 0, "if ~1 you ~2 feel ~1 comfortable", "gives them an easy out"),
    rule(Softener, 1.0, 0, "i ~2 completely|totally|fully ~1 understand", "gives them an easy out"),
    rule(Softener, 1.0, 0, "no ~1 pressure", "gives them an easy out"),
    rule(Softener, 1.0, 0, "if ~1 not", "gives them an easy out"),
    rule(Softener, 1.0, 0, "either ~1 way", "gives them an easy out"),
    rule(Softener, 1.0, 0, "if ~1 you ~1 have ~1 time", "gives them an easy out"),
    rule(Softener, 1.0, 0, "if ~1 you ~1 are ~1 able", "gives them an easy out"),
    rule(Softener, 1.0, 0, "any ~1 advice|guidance", "asks for advice too"),
    rule(Demand, 1.0, 0, "you ~1 have|need ~1 to", "sounds like a demand"),
    rule(Demand, 1.0, 0, "i ~1 need ~1 you ~1 to", "sounds like a demand"),
    rule(Demand, 1.0, 0, "you ~1 must", "sounds like a demand"),
    rule(Demand, 1.0, 0, "please ~1 please", "sounds desperate"),
    rule(Demand, 1.0, 0, "begging|beg|desperate", "sounds desperate"),
    rule(Demand, 1.0, 0, "my ~1 only ~1 chance|hope", "sounds desperate"),
];

/// Time pivots that open the since-period: what the speaker did after them is growth.
pub(super) const TIME_PIVOTS: &[&str] = &[
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
];
