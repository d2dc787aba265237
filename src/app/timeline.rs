//! The review screen's charts: the timeline of one attempt (pace, pauses, fillers, comments) and
//! its comparison with the previous attempt at the same question.

use egui::{Color32, RichText};

use crate::analysis::MetricSettings;
use crate::analysis::metrics::FillerSource;
use crate::compare::progress::Progress;
use crate::format::day_month_year;
use crate::sessions::{Attempt, Comment};

/// The pace line's colour.
fn ui_pace_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 170, 255)
    } else {
        Color32::from_rgb(30, 90, 200)
    }
}

/// The timeline of an attempt: pace per window against the comfortable band, pauses, fillers
/// and comments; returns the moment clicked (to pin a comment to).
pub(super) fn timeline_ui(
    ui: &mut egui::Ui,
    attempt: &Attempt,
    comments: &[Comment],
    t: &MetricSettings,
    dark: bool,
) -> Option<f64> {
    let m = &attempt.report.metrics;
    if m.wpm_over_time.is_empty() {
        return None;
    }
    ui.label(
        RichText::new("Timeline: pace, pauses, fillers and comments (click to pin a comment)")
            .strong(),
    );
    let comment_color = if dark {
        Color32::from_rgb(255, 170, 60)
    } else {
        Color32::from_rgb(200, 90, 0)
    };
    // One point per window, at its middle. (Step shapes with repeated x values are drawn by
    // egui_plot as a filled band, which reads as a range rather than a pace.)
    let pace: Vec<[f64; 2]> = m
        .wpm_over_time
        .iter()
        .map(|w| [(w.start + w.end) / 2.0, w.wpm])
        .collect();
    let filler_y = t.pace_hard_low_wpm * 0.5;
    // Fillers the transcript has and those only heard in the audio are told apart, so a
    // speaker can see which ones Whisper left out of the text.
    let filler_points = |source: FillerSource| -> Vec<[f64; 2]> {
        m.fillers
            .iter()
            .filter(|f| f.source == source)
            .map(|f| [f.start, filler_y])
            .collect()
    };
    let fillers = filler_points(FillerSource::Transcript);
    let heard = filler_points(FillerSource::Acoustic);
    let band_color = if dark {
        Color32::from_rgb(90, 200, 120)
    } else {
        Color32::from_rgb(30, 130, 60)
    };
    let response = time_plot("timeline", 200.0, m.duration_s)
        .include_y(t.pace_hard_high_wpm + 20.0)
        .y_axis_label("words/min")
        .show(ui, |p| {
            for c in comments {
                p.vline(egui_plot::VLine::new("comments", c.at_s).color(comment_color));
            }
            // The comfortable band's edges.
            for (name, y) in [
                ("target pace", t.pace_low_wpm),
                ("target pace", t.pace_high_wpm),
            ] {
                p.hline(
                    egui_plot::HLine::new(name, y)
                        .color(band_color)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            joined_points(p, "pace", pace, 3.5, ui_pace_color(dark));
            for pause in &m.pauses {
                p.add(egui_plot::Span::new("pauses", pause.start..=pause.end));
            }
            if !fillers.is_empty() {
                p.points(
                    egui_plot::Points::new("fillers", fillers)
                        .radius(4.0)
                        .shape(egui_plot::MarkerShape::Diamond),
                );
            }
            if !heard.is_empty() {
                p.points(
                    egui_plot::Points::new("fillers heard, not in the transcript", heard)
                        .radius(5.0)
                        .shape(egui_plot::MarkerShape::Up)
                        .color(acoustic_filler_color(dark)),
                );
            }
            p.pointer_coordinate()
        });
    pitch_ui(ui, attempt, t, dark);
    let point = response.inner.filter(|_| response.response.clicked())?;
    Some(point.x.clamp(0.0, m.duration_s.max(0.0)))
}

/// A fixed (not draggable or zoomable) plot over the recording's seconds from y = 0, with a
/// legend: the review's charts share one time axis so they line up.
fn time_plot(id: &str, height: f32, duration_s: f64) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id)
        .height(height)
        .include_y(0.0)
        .include_x(0.0)
        .include_x(duration_s)
        .x_axis_label("seconds")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .legend(egui_plot::Legend::default())
}

/// One value per window at its middle: the points joined by a line, both under `name`.
fn joined_points(
    p: &mut egui_plot::PlotUi<'_>,
    name: &str,
    points: Vec<[f64; 2]>,
    radius: f32,
    color: Color32,
) {
    p.line(
        egui_plot::Line::new(name, points.clone())
            .width(2.0)
            .color(color),
    );
    p.points(
        egui_plot::Points::new(name, points)
            .radius(radius)
            .color(color),
    );
}

/// The colour of fillers heard in the audio but missing from the transcript.
fn acoustic_filler_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(80, 210, 200)
    } else {
        Color32::from_rgb(15, 118, 110)
    }
}

/// Height of the pitch chart, points: room for the axis label and a readable spread of points.
const PITCH_PLOT_HEIGHT: f32 = 170.0;

/// The pitch over the answer with the monotone stretches shaded: the contour (semitones from
/// the speaker's median, so a voice that moves shows as a spread of points) when the metrics
/// carry one, otherwise the variation per window against the monotone threshold. Nothing is
/// drawn for an attempt without pitch measures (a typed answer, or one analysed before they
/// existed).
fn pitch_ui(ui: &mut egui::Ui, attempt: &Attempt, t: &MetricSettings, dark: bool) {
    let m = &attempt.report.metrics;
    let Some(pitch) = &m.pitch else {
        return;
    };
    let contour: Vec<[f64; 2]> = if pitch.median_hz > 0.0 {
        pitch
            .contour
            .iter()
            .filter(|[_, hz]| *hz > 0.0)
            .map(|[at, hz]| {
                [
                    f64::from(*at),
                    // An octave error of the tracker is held at the edge rather than
                    // stretching the axis for every other frame.
                    (12.0 * (f64::from(*hz) / pitch.median_hz).log2()).clamp(-12.0, 12.0),
                ]
            })
            .collect()
    } else {
        Vec::new()
    };
    if contour.is_empty() && pitch.windows.is_empty() {
        ui.label(RichText::new(pitch_label(pitch.sd_semitones, pitch.median_hz, false)).strong());
        return;
    }
    let heading = pitch_label(pitch.sd_semitones, pitch.median_hz, !contour.is_empty());
    ui.label(RichText::new(heading).strong());
    let sd: Vec<[f64; 2]> = pitch
        .windows
        .iter()
        .map(|w| [(w.start + w.end) / 2.0, w.sd_semitones])
        .collect();
    let top = pitch
        .windows
        .iter()
        .map(|w| w.sd_semitones)
        .fold(t.monotone_sd_semitones * 2.0, f64::max);
    let color = ui_pace_color(dark);
    let warn = ui.visuals().warn_fg_color;
    // Axis labels are short: a long one runs past the plot's height into the heading above.
    let plot = time_plot("pitch", PITCH_PLOT_HEIGHT, m.duration_s);
    let plot = if contour.is_empty() {
        plot.include_y(top).y_axis_label("SD, semitones")
    } else {
        // Eight semitones either side hold nearly all of a speaking voice's frames.
        plot.include_y(-8.0)
            .include_y(8.0)
            .y_axis_label("semitones")
    };
    plot.show(ui, |p| {
        for s in &pitch.monotone {
            p.add(
                egui_plot::Span::new("monotone", s.start..=s.end).fill(warn.gamma_multiply(0.25)),
            );
        }
        if contour.is_empty() {
            p.hline(
                egui_plot::HLine::new("monotone threshold", t.monotone_sd_semitones)
                    .color(warn)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            joined_points(p, "pitch variation", sd, 3.0, color);
        } else {
            // Points, not a line: unvoiced stretches are gaps the line would bridge.
            p.points(
                egui_plot::Points::new("pitch", contour)
                    .radius(1.2)
                    .color(color),
            );
        }
    });
}

/// The heading of the pitch chart: the whole answer's variation and median pitch, and what the
/// points are when the chart shows the contour.
fn pitch_label(sd_semitones: f64, median_hz: f64, contour: bool) -> String {
    let points = if contour {
        "; each point is a moment's pitch in semitones above or below it"
    } else {
        ""
    };
    format!("Pitch variation: {sd_semitones:.1} semitones (median {median_hz:.0} Hz){points}")
}

/// What changed since the previous attempt: the one-line summary, then every measure before and
/// now, marked better or worse where a direction is better.
pub(super) fn compare_ui(ui: &mut egui::Ui, progress: &Progress) {
    ui.label(RichText::new("Compared with your previous attempt").strong());
    ui.label(format!(
        "Since your {} attempt: {}",
        day_month_year(progress.previous_created_unix),
        progress.summary
    ));
    egui::Grid::new("compare")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for h in ["", "Before", "Now", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for c in &progress.changes {
                let fmt = |v: f64| match c.key.as_str() {
                    "repeated_share" => format!("{:.0}%", v * 100.0),
                    "fillers_per_min" | "pitch_sd_semitones" => format!("{v:.1}"),
                    _ => format!("{v:.0}"),
                };
                ui.label(&c.label);
                ui.label(fmt(c.before));
                ui.label(fmt(c.now));
                ui.label(match c.improved() {
                    Some(true) => "better",
                    Some(false) => "worse",
                    None if (c.now - c.before).abs() < 1e-9 => "same",
                    None => "",
                });
                ui.end_row();
            }
        });
}
