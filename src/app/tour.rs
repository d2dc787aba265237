//! The screenshot tour: the app drives itself through practice, review and history in a real
//! window and saves a screenshot of each screen, so a person (or CI, under a virtual display) can
//! look at what users see. Started with the hidden `interview-coach tour` command.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{CoachApp, Screen};

/// What the tour does.
#[derive(Debug, Clone)]
pub struct TourPlan {
    /// Where the PNG files go.
    pub out_dir: PathBuf,
    /// The recording to analyse.
    pub recording: PathBuf,
    /// The question it answers.
    pub question_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Select,
    ShotPractice,
    Analyze,
    WaitReview,
    ShotReview,
    ShotHistory,
    ShotReviewLight,
    ShotReviewTall,
    Close,
}

/// The tour's progress.
pub struct Tour {
    plan: TourPlan,
    step: Step,
    /// Frames drawn since the step began: layout and fonts settle over a few frames.
    frames: u32,
    /// Set by the screenshot callback: `Some(Ok(()))` when the file is written.
    shot: Arc<Mutex<Option<Result<(), ShotError>>>>,
    shot_requested: bool,
    started: Instant,
}

/// Frames to wait on each screen before the screenshot.
const SETTLE_FRAMES: u32 = 5;
/// Size of the window for the last shot, points: tall enough for the whole review of a short
/// answer, charts included.
const TALL_WINDOW: [f32; 2] = [1200.0, 1400.0];
/// The whole tour gives up after this long (a stuck analysis must not hang CI).
const TOUR_LIMIT: Duration = Duration::from_secs(300);

impl Tour {
    /// A tour that has not started.
    pub fn new(plan: TourPlan) -> Self {
        Self {
            plan,
            step: Step::Select,
            frames: 0,
            shot: Arc::new(Mutex::new(None)),
            shot_requested: false,
            started: Instant::now(),
        }
    }

    fn next(&mut self, step: Step) {
        self.step = step;
        self.frames = 0;
        self.shot_requested = false;
    }

    /// Takes a screenshot into `name` once the screen has settled; true when it is written.
    fn shoot(&mut self, ctx: &egui::Context, name: &str) -> bool {
        if self.frames < SETTLE_FRAMES {
            return false;
        }
        if !self.shot_requested {
            self.shot_requested = true;
            let path = self.plan.out_dir.join(name);
            let slot = self.shot.clone();
            let wake = ctx.clone();
            ctx.request_screenshot(move |image| {
                let result = save_png(&path, &image);
                if let Ok(mut s) = slot.lock() {
                    *s = Some(result);
                }
                wake.request_repaint();
            });
            return false;
        }
        let done = self.shot.lock().ok().and_then(|mut s| s.take());
        match done {
            Some(Ok(())) => true,
            Some(Err(e)) => {
                eprintln!("tour: {e}");
                true
            }
            None => false,
        }
    }

    /// Advances the tour by one frame. Returns false when it is over.
    pub fn step(&mut self, app: &mut CoachApp, ctx: &egui::Context) -> bool {
        self.frames += 1;
        // While the analysis runs the window is left to repaint as it would for a user (on
        // worker messages and the busy line's once-a-second clock), so the tour measures the
        // product's own cost; elsewhere frames are driven to settle layouts and screenshots.
        if self.step != Step::WaitReview {
            ctx.request_repaint_after(Duration::from_millis(30));
        }
        if self.started.elapsed() > TOUR_LIMIT {
            eprintln!("tour: gave up after {TOUR_LIMIT:?} at step {:?}", self.step);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return false;
        }
        match self.step {
            Step::Select => {
                if !app.select_question(&self.plan.question_id) {
                    eprintln!("tour: no question {}", self.plan.question_id);
                    self.next(Step::Close);
                } else {
                    self.next(Step::ShotPractice);
                }
            }
            Step::ShotPractice => {
                if self.shoot(ctx, "practice.png") {
                    self.next(Step::Analyze);
                }
            }
            Step::Analyze => {
                app.analyze_file(self.plan.recording.clone());
                self.next(Step::WaitReview);
            }
            Step::WaitReview => {
                if app.screen() == Screen::Review {
                    self.next(Step::ShotReview);
                } else if !app.is_busy() && self.frames > 20 {
                    eprintln!("tour: the analysis did not produce a review");
                    self.next(Step::Close);
                }
            }
            Step::ShotReview => {
                if self.shoot(ctx, "review.png") {
                    app.show_screen(Screen::History);
                    self.next(Step::ShotHistory);
                }
            }
            Step::ShotHistory => {
                if self.shoot(ctx, "history.png") {
                    // The same review in the light theme, to check the palette there too.
                    ctx.set_theme(egui::ThemePreference::Light);
                    app.show_screen(Screen::Review);
                    self.next(Step::ShotReviewLight);
                }
            }
            Step::ShotReviewLight => {
                if self.shoot(ctx, "review-light.png") {
                    // The charts sit below the fold of the normal window: a tall window shows
                    // the timeline and the pitch chart whole.
                    ctx.set_theme(egui::ThemePreference::Dark);
                    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                        TALL_WINDOW[0],
                        TALL_WINDOW[1],
                    )));
                    self.next(Step::ShotReviewTall);
                }
            }
            Step::ShotReviewTall => {
                if self.shoot(ctx, "review-tall.png") {
                    self.next(Step::Close);
                }
            }
            Step::Close => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                return false;
            }
        }
        true
    }
}

/// Why a screenshot could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum ShotError {
    /// The folder or file could not be created.
    #[error("{path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The image could not be encoded.
    #[error("{path}: {source}")]
    Png {
        /// The file.
        path: PathBuf,
        /// The encoder's reason.
        source: png::EncodingError,
    },
}

/// Writes an RGBA screenshot as PNG.
fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), ShotError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ShotError::Io { path, source }
    };
    let png = |source| ShotError::Png {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let file = std::fs::File::create(path).map_err(io(path))?;
    let [w, h] = image.size;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(png)?;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    writer.write_image_data(&bytes).map_err(png)
}
