//! ARCHITECTURE.md's invariants that can be checked mechanically, checked on the source text (as
//! rust-analyzer's tidy tests do): the pure core imports no GUI, device, model or file code; the
//! top-level modules form no cycle; no source file grows past the size a reader can hold; comments
//! cite sources that are in the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules that must stay pure: plain data in, plain data out.
const PURE: &[&str] = &[
    "analysis",
    "coaching",
    "compare",
    "highlight",
    "format",
    "report",
];

/// What the pure core must never name. `std::fs` covers `use std::fs` and `std::fs::read`;
/// `File::` and `OpenOptions` catch file I/O imported some other way.
const FORBIDDEN_IN_PURE: &[&str] = &[
    "egui",
    "eframe",
    "cpal",
    "whisper_rs",
    "hound",
    "std::fs",
    "File::",
    "OpenOptions",
    "std::process",
    "std::net",
    "rusqlite",
];

/// Source files allowed past the size limit: data tables, not logic.
const LONG_DATA_FILES: &[&str] = &["coaching/lexicon.rs"];

/// Lines of code (before the file's test module) above which a file is split.
const MAX_LINES: usize = 900;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with its path relative to `src/` using `/`.
fn sources() -> Vec<(String, String)> {
    let out = rust_files(&src_dir());
    assert!(out.len() > 20, "found only {} source files", out.len());
    out
}

/// Every `.rs` file under `root`, with its path relative to `root` using `/`.
fn rust_files(root: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

/// The top-level module a file belongs to (`coaching/cues.rs` -> `coaching`, `bank.rs` ->
/// `bank`); `lib.rs` and `main.rs` belong to none.
fn top_module(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The code of a file without its comments and string contents, so that a doc comment that
/// mentions egui does not count as an import.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                ""
            } else {
                line.split("//").next().unwrap_or("")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code before the file's `#[cfg(test)]` module: the part a maintainer must read.
fn non_test_part(text: &str) -> &str {
    match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    }
}

#[test]
fn the_pure_core_imports_no_gui_device_model_or_file_code() {
    let mut offences = Vec::new();
    for (rel, text) in sources() {
        let Some(module) = top_module(&rel) else {
            continue;
        };
        if !PURE.contains(&module.as_str()) {
            continue;
        }
        let code = code_only(non_test_part(&text));
        for (n, line) in code.lines().enumerate() {
            for word in FORBIDDEN_IN_PURE {
                if line.contains(word) {
                    offences.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the pure core (analysis, coaching, ...) must not touch GUI, devices, models or files:\n{}",
        offences.join("\n")
    );
}

/// The top-level modules each file's code names through `crate::X` (and `super::X` from a
/// top-level file, which is the same thing).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().filter_map(|(r, _)| top_module(r)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &files {
        let Some(from) = top_module(rel) else {
            continue;
        };
        let deps = graph.entry(from.clone()).or_default();
        let code = code_only(text);
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name != from && modules.contains(&name) {
                deps.insert(name);
            }
        }
        // `use crate::{a, b::c}` names several modules at once.
        for (at, _) in code.match_indices("crate::{") {
            let rest = &code[at + "crate::{".len()..];
            let group = rest.split('}').next().unwrap_or("");
            for item in group.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != from && modules.contains(&name) {
                    deps.insert(name);
                }
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one, as a path of module names.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn dfs(
        graph: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(node).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if dfs(graph, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    dfs(graph, start, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = module_graph();
    assert!(
        graph.contains_key("coaching"),
        "the module graph lost the scorer"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| find_cycle(&graph, m))
        .map(|path| path.join(" -> "))
        .collect();
    assert!(
        cycles.is_empty(),
        "modules that depend on each other (a change to one can break the other):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_pure_core_depends_only_on_the_pure_core() {
    let graph = module_graph();
    let mut offences = Vec::new();
    for module in PURE {
        for dep in graph.get(*module).into_iter().flatten() {
            if !PURE.contains(&dep.as_str()) {
                offences.push(format!("{module} -> {dep}"));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the pure core reaches outside itself: {offences:?}"
    );
}

#[test]
fn no_source_file_is_longer_than_a_reader_can_hold() {
    let mut long = Vec::new();
    for (rel, text) in sources() {
        if LONG_DATA_FILES.contains(&rel.as_str()) {
            continue;
        }
        let lines = non_test_part(&text).lines().count();
        if lines > MAX_LINES {
            long.push(format!("src/{rel}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "split these files by concern (limit {MAX_LINES} lines before the test module):\n{}",
        long.join("\n")
    );
}

#[test]
fn comments_cite_sources_that_are_in_the_repository() {
    // Development notes, the seed documents and issue texts are not shipped with the code, so a
    // comment pointing at them points nowhere for a reader of this repository.
    const NOT_HERE: &[&str] = &[
        "shared notes",
        "notes/",
        "coaching.md",
        "whisper-models.md",
        "test-harness.md",
        "voice-and-meaning.md",
        "the seeds",
        "seed 0",
        "the issue",
    ];
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "examples"] {
        for (rel, text) in rust_files(&manifest.join(dir)) {
            files.push((format!("{dir}/{rel}"), text));
        }
    }
    let mut offences = Vec::new();
    for (rel, text) in files {
        if rel.ends_with("architecture.rs") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let Some(at) = line.find("//") else {
                continue;
            };
            let comment = line[at..].to_lowercase();
            if NOT_HERE.iter().any(|phrase| comment.contains(phrase)) {
                offences.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "comments that point at documents outside the repository:\n{}",
        offences.join("\n")
    );
}
