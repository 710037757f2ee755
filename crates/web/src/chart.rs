//! Charts drawn as server-side SVG (no script, no library): horizontal bars
//! and stacked bars, each with a title and description for screen readers
//! and the same figures as a table underneath.

use maud::{html, Markup};

/// Colours with at least 3:1 contrast on white (WCAG non-text contrast).
pub const PALETTE: [&str; 8] = [
    "#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#4b5563",
];

/// Addressed, story, gap: green, amber, red, each at least 4.5:1 on white.
pub const STATUS_COLOURS: [&str; 3] = ["#047857", "#b45309", "#be123c"];

const WIDTH: u32 = 640;
const LABEL: u32 = 190;
const ROW: u32 = 26;
const BAR: u32 = 18;

fn truncate(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// One bar per `(label, value)`, longest scale at the largest value.
pub fn bars(id: &str, title: &str, desc: &str, data: &[(String, usize)]) -> Markup {
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let plot = WIDTH - LABEL - 40;
    let height = (data.len() as u32).max(1) * ROW + 8;
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}"))
                role="img" aria-labelledby=(format!("{id}-t {id}-d")) {
                title id=(format!("{id}-t")) { (title) }
                desc id=(format!("{id}-d")) { (desc) }
                @for (i, (label, value)) in data.iter().enumerate() {
                    @let y = i as u32 * ROW + 4;
                    @let w = (*value as u32 * plot) / max as u32;
                    text x=(LABEL - 8) y=(y + BAR - 4) text-anchor="end" class="chart-label" { (truncate(label, 26)) }
                    rect x=(LABEL) y=(y) width=(w.max(1)) height=(BAR) fill=(PALETTE[0]) rx="2" {}
                    text x=(LABEL + w + 6) y=(y + BAR - 4) class="chart-value" { (value) }
                }
            }
            figcaption { (title) }
            details {
                summary { "Show as a table" }
                table {
                    thead { tr { th scope="col" { "Label" } th scope="col" { "Count" } } }
                    tbody {
                        @for (label, value) in data {
                            tr { th scope="row" { (label) } td { (value) } }
                        }
                    }
                }
            }
        }
    }
}

/// One stacked bar per row; `series` names the segments (same order as each
/// row's values), shown in a legend.
pub fn stacked(
    id: &str,
    title: &str,
    desc: &str,
    series: &[&str],
    rows: &[(String, Vec<usize>)],
) -> Markup {
    stacked_with(id, title, desc, series, &PALETTE, rows)
}

/// [`stacked`] with the segment colours given (one per series, cycled).
pub fn stacked_with(
    id: &str,
    title: &str,
    desc: &str,
    series: &[&str],
    colours: &[&str],
    rows: &[(String, Vec<usize>)],
) -> Markup {
    let colour = |k: usize| colours[k % colours.len().max(1)];
    let max = rows
        .iter()
        .map(|r| r.1.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = WIDTH - LABEL - 40;
    let legend_rows = (series.len() as u32).div_ceil(3);
    let top = legend_rows * 20 + 8;
    let height = top + (rows.len() as u32).max(1) * ROW + 8;
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}"))
                role="img" aria-labelledby=(format!("{id}-t {id}-d")) {
                title id=(format!("{id}-t")) { (title) }
                desc id=(format!("{id}-d")) { (desc) }
                @for (k, name) in series.iter().enumerate() {
                    @let x = 10 + (k as u32 % 3) * 205;
                    @let y = 4 + (k as u32 / 3) * 20;
                    rect x=(x) y=(y) width="12" height="12" fill=(colour(k)) {}
                    text x=(x + 18) y=(y + 11) class="chart-label" { (name) }
                }
                @for (i, (label, values)) in rows.iter().enumerate() {
                    @let y = top + i as u32 * ROW;
                    text x=(LABEL - 8) y=(y + BAR - 4) text-anchor="end" class="chart-label" { (truncate(label, 26)) }
                    @let (segments, end) = segments(values, plot, max);
                    @for (k, x, w, v) in segments {
                        rect x=(x) y=(y) width=(w) height=(BAR) fill=(colour(k)) {
                            title { (series.get(k).copied().unwrap_or("")) ": " (v) }
                        }
                    }
                    text x=(end + 6) y=(y + BAR - 4) class="chart-value" { (values.iter().sum::<usize>()) }
                }
            }
            figcaption { (title) }
            details {
                summary { "Show as a table" }
                table {
                    thead { tr {
                        th scope="col" { "" }
                        @for s in series { th scope="col" { (s) } }
                    } }
                    tbody {
                        @for (label, values) in rows {
                            tr { th scope="row" { (label) } @for v in values { td { (v) } } }
                        }
                    }
                }
            }
        }
    }
}

/// `(series index, x, width, value)` of each non-empty segment, and where
/// the bar ends.
fn segments(values: &[usize], plot: u32, max: usize) -> (Vec<(usize, u32, u32, usize)>, u32) {
    let mut x = LABEL;
    let mut out = Vec::new();
    for (k, v) in values.iter().enumerate() {
        let w = (*v as u32 * plot) / max as u32;
        if w > 0 {
            out.push((k, x, w, *v));
            x += w;
        }
    }
    (out, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = bars("c", "T", "D", &[("a".into(), 2), ("<b>".into(), 4)]).into_string();
        assert!(svg.contains(r#"width="205""#), "{svg}");
        assert!(svg.contains("&lt;b&gt;"));
    }

    #[test]
    fn empty_charts_do_not_divide_by_zero() {
        assert!(bars("c", "T", "D", &[]).into_string().contains("<svg"));
        assert!(stacked("c", "T", "D", &["x"], &[])
            .into_string()
            .contains("<svg"));
    }
}
