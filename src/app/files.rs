//! Choosing files to share: the system's file chooser (through `rfd`: the desktop portal or
//! zenity on Linux, the native dialogs elsewhere) and files dropped onto the window.
//!
//! The chooser runs on its own thread, because a native dialog blocks until the user answers and
//! the window must keep drawing meanwhile. Every path field also stays editable by hand, so a
//! desktop without any file chooser loses nothing but convenience.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// What a file is being chosen for; decides the dialog's kind, title and filter, and what
/// happens with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Where to write a bundle of the student's attempts.
    ExportBundle,
    /// A bundle or feedback file to import.
    Import,
    /// Where to write the coach's feedback file.
    ExportFeedback,
}

impl Purpose {
    /// Whether the dialog asks for a new file's name (save) rather than an existing file (open).
    pub fn saves(self) -> bool {
        matches!(self, Purpose::ExportBundle | Purpose::ExportFeedback)
    }

    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::ExportBundle => "Export attempts for your coach",
            Purpose::Import => "Import a bundle or feedback file",
            Purpose::ExportFeedback => "Export feedback for your student",
        }
    }

    /// The filter shown in the dialog: a name and file extensions (without dots).
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Purpose::ExportBundle => ("Attempt bundle", &["icbundle"]),
            Purpose::Import => ("Bundle or feedback", &["icbundle", "icfeedback"]),
            Purpose::ExportFeedback => ("Coach feedback", &["icfeedback"]),
        }
    }
}

/// A request for a file: its purpose and the path suggested (the dialog opens in its folder and,
/// when saving, proposes its name).
#[derive(Debug, Clone)]
pub struct PickRequest {
    /// What the file is for.
    pub purpose: Purpose,
    /// The path currently in the field, if any.
    pub suggested: Option<PathBuf>,
}

/// Something that asks the user for a file. Blocking: it is called on a background thread.
/// The app uses [`SystemChooser`]; tests of the window put a scripted chooser in its place (the
/// operating system's dialog is the one part a window test cannot click through).
pub trait ChooseFile: Send + Sync {
    /// The chosen path, or `None` when the user cancelled or no chooser could be shown.
    fn choose(&self, request: &PickRequest) -> Option<PathBuf>;
}

/// The system's file chooser.
#[derive(Debug, Default)]
pub struct SystemChooser;

impl ChooseFile for SystemChooser {
    fn choose(&self, request: &PickRequest) -> Option<PathBuf> {
        let (name, extensions) = request.purpose.filter();
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title(request.purpose.title())
            .add_filter(name, extensions);
        if let Some(path) = &request.suggested {
            let folder = if path.is_dir() {
                Some(path.as_path())
            } else {
                path.parent().filter(|p| p.is_dir())
            };
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            if request.purpose.saves()
                && let Some(file) = path.file_name()
            {
                dialog = dialog.set_file_name(file.to_string_lossy());
            }
        }
        // rfd documents dialogs from any thread of a windowed app (on macOS through the main
        // thread, with a little overhead); only Linux has been tried here.
        let chosen = if request.purpose.saves() {
            pollster::block_on(dialog.save_file())
        } else {
            pollster::block_on(dialog.pick_file())
        };
        chosen.map(|handle| handle.path().to_path_buf())
    }
}

/// The answer of a finished chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// The user chose this path for that purpose.
    Path(Purpose, PathBuf),
    /// No path came back: cancelled, or no chooser could be shown. `at_once` is true when the
    /// answer came back within a second: no person cancels a dialog that fast, so no dialog was
    /// shown, and the window says how to go on without one.
    Nothing {
        /// What the file was for.
        purpose: Purpose,
        /// Answered within a second.
        at_once: bool,
    },
}

/// At most one chooser at a time, polled by the window each frame.
pub struct FileChooser {
    chooser: Arc<dyn ChooseFile>,
    pending: Option<Pending>,
}

/// An open dialog: what for, since when, and where its answer arrives.
struct Pending {
    purpose: Purpose,
    opened: Instant,
    answer: Receiver<Option<PathBuf>>,
}

impl Default for FileChooser {
    fn default() -> Self {
        Self::new(Arc::new(SystemChooser))
    }
}

impl std::fmt::Debug for FileChooser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileChooser")
            .field("pending", &self.pending.as_ref().map(|p| p.purpose))
            .finish()
    }
}

impl FileChooser {
    /// A chooser that asks `chooser`.
    pub fn new(chooser: Arc<dyn ChooseFile>) -> Self {
        Self {
            chooser,
            pending: None,
        }
    }

    /// Whether a dialog is open (its button is disabled meanwhile).
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens a dialog for `purpose`, starting from the path in the field. `repaint` is asked for
    /// a frame when the dialog closes, so the answer is picked up without waiting for input.
    pub fn open(&mut self, purpose: Purpose, field: &str, repaint: egui::Context) {
        if self.pending.is_some() {
            return;
        }
        let field = field.trim();
        let request = PickRequest {
            purpose,
            suggested: (!field.is_empty()).then(|| PathBuf::from(field)),
        };
        let chooser = Arc::clone(&self.chooser);
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("file-chooser".into())
            .spawn(move || {
                let _ = tx.send(chooser.choose(&request));
                repaint.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some(Pending {
                purpose,
                opened: Instant::now(),
                answer: rx,
            });
        }
    }

    /// The answer, once the dialog has closed.
    pub fn poll(&mut self) -> Option<Chosen> {
        let pending = self.pending.as_ref()?;
        let purpose = pending.purpose;
        let answer = match pending.answer.try_recv() {
            Ok(Some(path)) => Chosen::Path(purpose, path),
            Ok(None) | Err(TryRecvError::Disconnected) => Chosen::Nothing {
                purpose,
                at_once: pending.opened.elapsed() < Duration::from_secs(1),
            },
            Err(TryRecvError::Empty) => return None,
        };
        self.pending = None;
        Some(answer)
    }
}

/// What kind of file a dropped or chosen path is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareKind {
    /// A student's attempts (`.icbundle`).
    Bundle,
    /// A coach's feedback (`.icfeedback`).
    Feedback,
}

/// The kind of a shared file, or `None` for anything else.
pub fn share_kind(path: &Path) -> Option<ShareKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "icbundle" => Some(ShareKind::Bundle),
        "icfeedback" => Some(ShareKind::Feedback),
        _ => None,
    }
}

/// Adds `ext` to a path chosen for saving when the user typed a name without it, so the file is
/// recognised when it is imported or dropped later.
pub fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}

/// Files dropped onto the window this frame; while files are dragged over it, says what dropping
/// them does.
pub fn dropped_files(ctx: &egui::Context) -> Vec<PathBuf> {
    let (hovered, dropped) = ctx.input(|i| {
        (
            i.raw.hovered_files.len(),
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect::<Vec<_>>(),
        )
    });
    if hovered > 0 {
        drop_hint(ctx);
    }
    dropped
}

/// While files are dragged over the window: what dropping them does.
fn drop_hint(ctx: &egui::Context) {
    let rect = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("file-drop"),
    ));
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(180));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop a student's bundle (.icbundle) or a coach's feedback (.icfeedback) to import it",
        egui::FontId::proportional(20.0),
        egui::Color32::WHITE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Answers with a fixed path and remembers what it was asked.
    struct Scripted {
        answer: Option<PathBuf>,
        asked: Mutex<Vec<PickRequest>>,
    }

    impl ChooseFile for Scripted {
        fn choose(&self, request: &PickRequest) -> Option<PathBuf> {
            if let Ok(mut asked) = self.asked.lock() {
                asked.push(request.clone());
            }
            self.answer.clone()
        }
    }

    fn wait(chooser: &mut FileChooser) -> Chosen {
        for _ in 0..500 {
            if let Some(c) = chooser.poll() {
                return c;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the chooser thread never answered");
    }

    #[test]
    fn the_answer_arrives_once_and_the_field_is_the_suggestion() {
        let scripted = Arc::new(Scripted {
            answer: Some(PathBuf::from("/tmp/x.icbundle")),
            asked: Mutex::new(Vec::new()),
        });
        let mut chooser = FileChooser::new(scripted.clone());
        chooser.open(
            Purpose::ExportBundle,
            " /home/a/b.icbundle ",
            egui::Context::default(),
        );
        assert!(chooser.is_open());
        // A second click while the dialog is open does not open another.
        chooser.open(Purpose::Import, "", egui::Context::default());
        assert_eq!(
            wait(&mut chooser),
            Chosen::Path(Purpose::ExportBundle, PathBuf::from("/tmp/x.icbundle"))
        );
        assert!(!chooser.is_open());
        assert_eq!(chooser.poll(), None);
        let asked = scripted.asked.lock().unwrap();
        assert_eq!(asked.len(), 1);
        assert_eq!(
            asked[0].suggested.as_deref(),
            Some(Path::new("/home/a/b.icbundle"))
        );
    }

    #[test]
    fn a_cancelled_dialog_says_nothing_was_chosen() {
        let mut chooser = FileChooser::new(Arc::new(Scripted {
            answer: None,
            asked: Mutex::new(Vec::new()),
        }));
        chooser.open(Purpose::Import, "", egui::Context::default());
        assert_eq!(
            wait(&mut chooser),
            Chosen::Nothing {
                purpose: Purpose::Import,
                at_once: true
            }
        );
    }

    #[test]
    fn kinds_and_extensions() {
        assert_eq!(
            share_kind(Path::new("a/B.ICBUNDLE")),
            Some(ShareKind::Bundle)
        );
        assert_eq!(
            share_kind(Path::new("f.icfeedback")),
            Some(ShareKind::Feedback)
        );
        assert_eq!(share_kind(Path::new("answer.wav")), None);
        assert_eq!(share_kind(Path::new("icbundle")), None);
        assert_eq!(
            with_extension(PathBuf::from("/t/lin"), "icbundle"),
            PathBuf::from("/t/lin.icbundle")
        );
        assert_eq!(
            with_extension(PathBuf::from("/t/lin.ICBUNDLE"), "icbundle"),
            PathBuf::from("/t/lin.ICBUNDLE")
        );
        assert_eq!(
            with_extension(PathBuf::from("/t/v1.2"), "icfeedback"),
            PathBuf::from("/t/v1.2.icfeedback")
        );
    }
}
