//! How the meaning model reads each clause of an answer: the closest role, its similarity and
//! its lead over the next role. A tool for writing role examples (run it on the tuning set,
//! never on held-out answers).
//!
//! Usage: `cargo run --example meaning_clauses -- "ANSWER TEXT"`

use anyhow::Context;
use interview_coach::meaning::load_installed;

fn main() -> anyhow::Result<()> {
    let text = std::env::args()
        .nth(1)
        .context("usage: meaning_clauses \"ANSWER TEXT\"")?;
    let meaning = load_installed()?;
    // Commas, sentence ends and "and" are close enough to the scorer's clause units here.
    let clauses: Vec<&str> = text
        .split([',', '.', ';', '?', '!'])
        .flat_map(|s| s.split(" and "))
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 3)
        .collect();
    for (clause, m) in clauses.iter().zip(meaning.roles(&clauses)?) {
        println!(
            "{:<17} p {:.2} margin {:.2} sim {:.2}  {clause}\n{:>40} {}",
            format!("{:?}", m.role),
            m.confidence,
            m.margin,
            m.similarity,
            "closest:",
            m.example
        );
    }
    Ok(())
}
