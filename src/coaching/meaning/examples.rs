//! The labelled examples meaning is measured against: data, not logic.
//!
//! Each role has many short clauses in many phrasings and from several fields (medicine,
//! nursing, pharmacy, physiotherapy, engineering, retail, teaching, hospitality, office work),
//! plain and formal, native and non-native, so that similarity to the *role* wins over
//! similarity to a topic. They are clause-length because the scorer asks about one clause at a
//! time. `Neutral` holds narration that is none of the roles, so story-telling is not pulled
//! towards the nearest role.
//!
//! The question examples route a free-text question to a rubric when no bank question is
//! close; the own-it ones cover every way of asking someone to account for a problem.

use super::super::question::Rubric;
use super::Role::{self, *};

/// Clauses labelled with the role they play in an own-it answer.
pub const ROLE_EXAMPLES: &[(Role, &str)] = &[
    // Owning: first-person responsibility for what went wrong.
    (Owning, "I tried to cram everything in the last two days"),
    (Owning, "I left my revision far too late"),
    (Owning, "I underestimated how much material there was"),
    (Owning, "I didn't ask for help when I was struggling"),
    (Owning, "that was my decision and it was the wrong one"),
    (Owning, "I took on more shifts than I could handle"),
    (
        Owning,
        "I relied on reading notes instead of practising questions",
    ),
    (Owning, "I misjudged how long the project would take"),
    (Owning, "I skipped the double check on the medication order"),
    (Owning, "I did not prepare the way the course needed"),
    (Owning, "I was the one who missed the deadline"),
    (
        Owning,
        "I signed off the drawing without reviewing the load figures",
    ),
    (
        Owning,
        "I chose to keep working full time during the programme",
    ),
    (
        Owning,
        "I studied passively and fooled myself that I knew it",
    ),
    (Owning, "I did not manage my time well that semester"),
    (
        Owning,
        "I kept quiet about falling behind instead of telling my supervisor",
    ),
    (
        Owning,
        "I was overconfident and went into the exam unprepared",
    ),
    (Owning, "I made a dispensing error on a busy afternoon"),
    (
        Owning,
        "I handed over the patient without mentioning the pending lab",
    ),
    (Owning, "the mistake was mine, I rushed the stock count"),
    (Owning, "I put off the hard topics until the end"),
    (Owning, "my study method was wrong for that kind of test"),
    (Owning, "I didn't plan my lessons far enough ahead"),
    (
        Owning,
        "honestly I did not take it seriously enough at first",
    ),
    (
        Owning,
        "I learned the whole syllabus by heart in one weekend",
    ),
    (
        Owning,
        "I was not organised and I lost track of my assignments",
    ),
    (Owning, "I accepted the role before I was ready for it"),
    (Owning, "I should have spoken up much earlier"),
    (Owning, "I wrote the code without any tests"),
    (
        Owning,
        "I decided to leave the programme without talking to anyone first",
    ),
    (
        Owning,
        "I never checked my own understanding before the test",
    ),
    (Owning, "I let the paperwork pile up until it was overdue"),
    (
        Owning,
        "I assumed I knew the procedure and did not look it up",
    ),
    (Owning, "I was careless with the calculation"),
    (Owning, "I gave my studies whatever time was left over"),
    (Owning, "I avoided the subject because I found it hard"),
    (Owning, "I didn't follow up on the result I had ordered"),
    (Owning, "I promised the client a date I could not meet"),
    (Owning, "I didn't speak to my tutor when I started to slip"),
    (Owning, "my preparation was not good enough"),
    // Context: a brief factual cause, not blame.
    (Context, "my father was in hospital that month"),
    (Context, "I was working nights to pay my rent that term"),
    (Context, "it was my first year in a new country"),
    (Context, "I had two clinical placements running at once"),
    (Context, "my daughter was born three weeks before the exam"),
    (Context, "I was commuting three hours a day"),
    (Context, "I was the only nurse on the ward that night"),
    (Context, "the course was taught in my second language"),
    (
        Context,
        "I was recovering from surgery during that rotation",
    ),
    (Context, "we were short staffed all through the winter"),
    (Context, "I was caring for my grandmother after her stroke"),
    (Context, "it was the first time I had lived away from home"),
    (
        Context,
        "I was also studying for my licensing exam that month",
    ),
    (
        Context,
        "the store had just switched to a new inventory system",
    ),
    (Context, "I had moved schools in the middle of the year"),
    (Context, "my visa situation meant I had to work extra hours"),
    (
        Context,
        "I had a health problem that year which is now treated",
    ),
    (Context, "I was new to the team and the product"),
    (Context, "I had a part time job in the evenings that year"),
    (Context, "my grandfather died during exam week"),
    (Context, "I was the main carer for my younger brothers"),
    (
        Context,
        "I was living with a long illness that was not yet diagnosed",
    ),
    (Context, "it was my first placement on an acute ward"),
    (
        Context,
        "we had just moved house and I was sharing a room with three siblings",
    ),
    (
        Context,
        "the module came in the same term as my dissertation",
    ),
    (Context, "I was adjusting to a new hospital and a new city"),
    // Blame: the cause handed to someone or something else.
    (
        Blame,
        "the exam was unfair and tested things we never covered",
    ),
    (Blame, "my supervisor never explained what she wanted"),
    (Blame, "the lectures were badly taught"),
    (Blame, "the school did not prepare us properly"),
    (Blame, "my team let me down at the last minute"),
    (Blame, "the grading was completely subjective"),
    (Blame, "the other nurse should have told me"),
    (Blame, "the pharmacist before me left the shelves in a mess"),
    (Blame, "my manager set impossible targets"),
    (Blame, "the programme director had favourites"),
    (Blame, "nobody gave me proper feedback"),
    (
        Blame,
        "the attending was hard on everyone and just didn't like me",
    ),
    (
        Blame,
        "the system was broken so there was nothing I could do",
    ),
    (Blame, "it was bad luck with the questions that came up"),
    (Blame, "the client kept changing the requirements"),
    (Blame, "the senior engineer gave me the wrong numbers"),
    (Blame, "my preceptor was never around to help"),
    (
        Blame,
        "the students in that class were impossible to control",
    ),
    (
        Blame,
        "the question bank we were told to use was out of date",
    ),
    (Blame, "everyone in my year had the same problem"),
    // Minimising: the problem played down.
    (
        Minimising,
        "it was only one exam, it does not really matter",
    ),
    (Minimising, "it's just a number on a page"),
    (Minimising, "it wasn't a big deal"),
    (Minimising, "everyone fails something at some point"),
    (Minimising, "no harm was done so it was fine"),
    (
        Minimising,
        "it was a small thing that got blown out of proportion",
    ),
    (
        Minimising,
        "grades don't say anything about how good a doctor you are",
    ),
    (
        Minimising,
        "honestly my only weakness is that I work too hard",
    ),
    (Minimising, "I care too much about my patients"),
    (
        Minimising,
        "I'm a perfectionist, I just want everything to be right",
    ),
    (Minimising, "I passed in the end so it doesn't matter"),
    (Minimising, "it's not really a weakness, more of a strength"),
    (Minimising, "that score doesn't reflect who I am"),
    (Minimising, "it happens to everybody in their first year"),
    (Minimising, "it was a minor slip that nobody noticed"),
    (
        Minimising,
        "I don't think it's fair to judge anyone on one bad day",
    ),
    // Change: a specific change the speaker made.
    (
        Change,
        "I started visiting my lecturer's drop-in hours each Thursday",
    ),
    (Change, "I started doing timed practice questions every day"),
    (
        Change,
        "I met two classmates on Saturdays to go through past papers",
    ),
    (Change, "I built a revision timetable and stuck to it"),
    (
        Change,
        "I asked my supervisor for feedback after every shift",
    ),
    (
        Change,
        "now I read back every order before I give the medication",
    ),
    (Change, "I set up a checklist that I use at every handover"),
    (
        Change,
        "I met with a learning specialist and changed how I study",
    ),
    (Change, "I cut my work hours so I could protect study time"),
    (
        Change,
        "I switched from rereading to testing myself with flashcards",
    ),
    (Change, "I started writing tests before I write the code"),
    (
        Change,
        "I plan my lessons a week ahead and share them with my mentor",
    ),
    (Change, "I joined a peer tutoring group"),
    (
        Change,
        "I keep a log of every question I get wrong and review it on Sundays",
    ),
    (
        Change,
        "I blocked out two hours each morning for the hard topics",
    ),
    (Change, "I began asking for help as soon as I felt stuck"),
    (
        Change,
        "I took a time management course and use a weekly planner",
    ),
    (
        Change,
        "I now double check the dose with a colleague for high risk drugs",
    ),
    (Change, "I found a mentor and we meet every month"),
    (Change, "I went back and retook the module in the summer"),
    (
        Change,
        "I started seeing a counsellor and sorted out my sleep",
    ),
    (
        Change,
        "I learned to break big tasks into small daily goals",
    ),
    (
        Change,
        "I volunteered for extra shifts in the area I was weakest",
    ),
    (
        Change,
        "I practised case presentations with a friend every evening",
    ),
    (
        Change,
        "after that I prepared my stock counts the day before",
    ),
    (
        Change,
        "I completed the remediation plan and met with the dean weekly",
    ),
    (
        Change,
        "I attended the tutorial sessions every week after that",
    ),
    (Change, "I went to the academic support centre twice a week"),
    (
        Change,
        "I made a point of seeing my professor during her drop-in hours",
    ),
    (
        Change,
        "I started practising past exam papers under timed conditions",
    ),
    (Change, "I rebuilt my schedule so study came first"),
    (
        Change,
        "I practised the calculations by hand until they were automatic",
    ),
    (Change, "I reorganised my week around fixed study blocks"),
    (
        Change,
        "I asked a senior colleague to review my work before it went out",
    ),
    (Change, "I shadowed an experienced nurse for a month"),
    (Change, "I started preparing the night before every shift"),
    (
        Change,
        "I took a refresher course in the area I was weak in",
    ),
    (Change, "I began writing a short plan before each lesson"),
    (
        Change,
        "I got into the habit of summarising each lecture the same day",
    ),
    (
        Change,
        "I changed how I revise, from reading to answering questions",
    ),
    (Change, "I set reminders and used a task list every day"),
    (
        Change,
        "I started asking my manager for a check-in every Friday",
    ),
    (
        Change,
        "I taught the material to classmates to test my understanding",
    ),
    (Change, "I got help from a tutor and followed her plan"),
    (
        Change,
        "I practised with simulated patients until I felt confident",
    ),
    (Change, "I told my supervisor early whenever I was behind"),
    // Evidence of change: proof the change worked.
    (EvidenceOfChange, "I ended the module with a mark of 74"),
    (EvidenceOfChange, "I passed the retake comfortably"),
    (
        EvidenceOfChange,
        "my next evaluation said I was one of the most reliable on the team",
    ),
    (
        EvidenceOfChange,
        "I scored in the top ten percent on the next exam",
    ),
    (
        EvidenceOfChange,
        "I haven't had a single medication error since",
    ),
    (EvidenceOfChange, "my grades went up every term after that"),
    (
        EvidenceOfChange,
        "my manager promoted me to shift lead the following year",
    ),
    (
        EvidenceOfChange,
        "the next release shipped on time with no defects",
    ),
    (EvidenceOfChange, "I got honours in my surgery rotation"),
    (
        EvidenceOfChange,
        "my students' test results improved by fifteen percent",
    ),
    (
        EvidenceOfChange,
        "I was asked to teach the checklist to new staff",
    ),
    (EvidenceOfChange, "I earned distinction in the final year"),
    (EvidenceOfChange, "my preceptor signed me off early"),
    (
        EvidenceOfChange,
        "the store had its best audit in three years",
    ),
    (
        EvidenceOfChange,
        "I passed every block after that on the first attempt",
    ),
    (
        EvidenceOfChange,
        "my attending wrote that my presentations were the clearest",
    ),
    (
        EvidenceOfChange,
        "I went from failing to the top of the class",
    ),
    (
        EvidenceOfChange,
        "our unit had no missed handover items for six months",
    ),
    (
        EvidenceOfChange,
        "I got a strong letter from that same supervisor",
    ),
    (
        EvidenceOfChange,
        "I completed the programme a year later with good reviews",
    ),
    (EvidenceOfChange, "we have had no complaints about it since"),
    (
        EvidenceOfChange,
        "I have never been late for a shift since then",
    ),
    (
        EvidenceOfChange,
        "there hasn't been a single incident on my watch since",
    ),
    (EvidenceOfChange, "I haven't failed an assessment since"),
    (EvidenceOfChange, "I got an A in the follow-on course"),
    (
        EvidenceOfChange,
        "I came top of my group in the next assessment",
    ),
    (
        EvidenceOfChange,
        "I scored well above the pass mark the second time",
    ),
    (
        EvidenceOfChange,
        "I passed with a distinction on the retake",
    ),
    (
        EvidenceOfChange,
        "my marks have been above average ever since",
    ),
    (
        EvidenceOfChange,
        "my supervisor rated me excellent at the end of the year",
    ),
    (
        EvidenceOfChange,
        "I was given more responsibility on the ward",
    ),
    (
        EvidenceOfChange,
        "the feedback from my last placement was very positive",
    ),
    (EvidenceOfChange, "I have not missed a deadline since"),
    (
        EvidenceOfChange,
        "the customer complaints dropped to almost none",
    ),
    (
        EvidenceOfChange,
        "I won the award for most improved student",
    ),
    (EvidenceOfChange, "I ended the year with a first class mark"),
    (EvidenceOfChange, "I was chosen to mentor new starters"),
    (
        EvidenceOfChange,
        "my error rate went down to zero over the next audit",
    ),
    (
        EvidenceOfChange,
        "I completed the next course with high marks",
    ),
    // Forward: looking ahead to the role applied for.
    (Forward, "that habit is what I will bring to your programme"),
    (
        Forward,
        "I'll use the same system when I study for my boards",
    ),
    (Forward, "I am ready for the workload of residency"),
    (
        Forward,
        "going forward I will keep asking for feedback early",
    ),
    (
        Forward,
        "I'm confident I can handle the demands of this job",
    ),
    (Forward, "as an intern I will use the same checklist"),
    (
        Forward,
        "I know how to manage a heavy schedule now and I'm ready for it",
    ),
    (Forward, "that is why I'm excited to start on your team"),
    (Forward, "I want to keep building on that in your hospital"),
    (Forward, "it prepared me for the pace of this role"),
    (
        Forward,
        "I will bring that discipline to the night shifts here",
    ),
    (
        Forward,
        "I look forward to using these skills with your patients",
    ),
    (Forward, "I'm bringing that same approach to residency"),
    (Forward, "those are habits I will keep as a resident"),
    (Forward, "I feel prepared for the next step"),
    (
        Forward,
        "that's the kind of colleague I want to be in your team",
    ),
    (Forward, "I'm ready to take on this position"),
    // Neutral: narration and setting that is none of the roles.
    (Neutral, "this was during my second year of medical school"),
    (Neutral, "I grew up in a small town in Ohio"),
    (Neutral, "the rotation was at a county hospital"),
    (Neutral, "we had about forty beds on the unit"),
    (Neutral, "the store is open from seven until ten"),
    (
        Neutral,
        "my school uses a pass fail system for the first two years",
    ),
    (Neutral, "so that is the background"),
    (Neutral, "thank you for asking about that"),
    (Neutral, "the exam is eight hours long"),
    (Neutral, "I was in a class of about one hundred students"),
    (Neutral, "it was a Tuesday afternoon in the pharmacy"),
    (Neutral, "the project was a new bridge for the city"),
    (Neutral, "I teach year nine science"),
    (Neutral, "that's a good question"),
    (Neutral, "let me explain what happened"),
    (Neutral, "the class met three times a week"),
    (Neutral, "at the time I was in my final year"),
    (
        Neutral,
        "the hospital is a teaching hospital in the city centre",
    ),
    (Neutral, "the course covers the kidneys and the heart"),
    (
        Neutral,
        "it was a morning clinic with about twenty patients",
    ),
    (Neutral, "I work in the paediatric unit"),
    (Neutral, "we use an electronic records system"),
    (Neutral, "that was about three years ago"),
    (Neutral, "there were two exams in that module"),
];

/// Free-text questions labelled with the rubric that should score the answer.
pub const ROUTE_EXAMPLES: &[(Rubric, &str)] = &[
    (Rubric::OwnIt, "Why did you leave your previous programme?"),
    (Rubric::OwnIt, "Why did you quit your last job?"),
    (Rubric::OwnIt, "Tell me about a time you failed."),
    (
        Rubric::OwnIt,
        "Can you explain this low grade on your transcript?",
    ),
    (Rubric::OwnIt, "Why did you have to repeat a year?"),
    (Rubric::OwnIt, "Tell me about your remediation."),
    (
        Rubric::OwnIt,
        "I see a gap in your employment history, what happened?",
    ),
    (Rubric::OwnIt, "Why did you take time off during school?"),
    (Rubric::OwnIt, "What is your greatest weakness?"),
    (Rubric::OwnIt, "Describe a mistake you made at work."),
    (Rubric::OwnIt, "Walk me through your exam score."),
    (Rubric::OwnIt, "Why didn't you match last year?"),
    (
        Rubric::OwnIt,
        "Tell me about a professionalism concern in your file.",
    ),
    (Rubric::OwnIt, "Why were you dismissed from your position?"),
    (
        Rubric::OwnIt,
        "What happened with the course you withdrew from?",
    ),
    (
        Rubric::OwnIt,
        "Tell me about a setback and how you dealt with it.",
    ),
    (
        Rubric::OwnIt,
        "Why did you switch out of your first residency?",
    ),
    (Rubric::OwnIt, "Why did it take you longer to graduate?"),
    (
        Rubric::OwnIt,
        "Tell me about a time you received negative feedback.",
    ),
    (
        Rubric::OwnIt,
        "Explain why you were put on academic probation.",
    ),
    (Rubric::Narrative, "Tell me about yourself."),
    (Rubric::Narrative, "Walk me through your background."),
    (Rubric::Narrative, "How did you get to where you are today?"),
    (
        Rubric::Narrative,
        "Give me a quick summary of your journey so far.",
    ),
    (Rubric::Narrative, "Introduce yourself."),
    (
        Rubric::Narrative,
        "What should we know about you beyond your CV?",
    ),
    (Rubric::Star, "Tell me about a time you worked in a team."),
    (
        Rubric::Star,
        "Describe a conflict with a colleague and how you handled it.",
    ),
    (
        Rubric::Star,
        "Give an example of when you showed leadership.",
    ),
    (
        Rubric::Star,
        "Tell me about a difficult patient you cared for.",
    ),
    (
        Rubric::Star,
        "Describe a time you had to make a quick decision under pressure.",
    ),
    (
        Rubric::Star,
        "Tell me about a time you went above and beyond.",
    ),
    (
        Rubric::Star,
        "How do you handle stress? Give me an example.",
    ),
    (Rubric::Star, "Describe a project you are proud of."),
    (Rubric::Motivation, "Why do you want to join our programme?"),
    (Rubric::Motivation, "Why did you choose this specialty?"),
    (Rubric::Motivation, "What attracts you to this hospital?"),
    (Rubric::Motivation, "Why do you want to work here?"),
    (
        Rubric::Motivation,
        "Where do you see yourself in ten years?",
    ),
    (Rubric::Motivation, "Why nursing?"),
    (
        Rubric::Motivation,
        "What makes you a good fit for this role?",
    ),
    (
        Rubric::Ask,
        "Ask your attending for a letter of recommendation.",
    ),
    (
        Rubric::Ask,
        "How would you ask a supervisor to advocate for you?",
    ),
    (Rubric::Ask, "Role-play asking a mentor to vouch for you."),
    (Rubric::Ask, "Request a reference from your former manager."),
];
