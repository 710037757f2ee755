//! The coverage ledger and the analysed posting as HTML: the posting with its
//! skill and knowledge mentions marked, the ledger as a table (requirement ×
//! importance × status × evidence) filterable by status with plain links,
//! and a chart of the ledger by requirement group.

use maud::{html, Markup};
use round2_core::Importance;
use round2_core::LedgerStatus;
use round2_coverage::{EvidenceKind, Ledger};
use round2_extract::Mention;

use crate::chart;

/// Every status, in the ledger's reading order (most urgent first).
pub const STATUSES: [LedgerStatus; 3] = [
    LedgerStatus::Gap,
    LedgerStatus::Story,
    LedgerStatus::Addressed,
];

/// The status in words (colour is never the only signal).
pub fn status_text(s: LedgerStatus) -> &'static str {
    match s {
        LedgerStatus::Addressed => "Addressed in an earlier round",
        LedgerStatus::Story => "Not discussed yet; a story backs it",
        LedgerStatus::Gap => "Gap: nothing covers it yet",
    }
}

/// `?status=` value to a status; anything else (or nothing) means all.
pub fn parse_status(text: &str) -> Option<LedgerStatus> {
    STATUSES.into_iter().find(|s| s.as_str() == text.trim())
}

/// The posting text with each mention in `<mark class="skill|knowledge">`;
/// the text between marks is escaped by maud like any other string.
/// Overlapping mentions, or offsets off a character boundary, are skipped.
pub fn highlighted_posting(text: &str, mentions: &[Mention]) -> Markup {
    let mut pieces: Vec<(Option<&'static str>, &str)> = Vec::new();
    let mut at = 0;
    let mut sorted: Vec<&Mention> = mentions.iter().collect();
    sorted.sort_by_key(|m| (m.start, m.end));
    for m in sorted {
        if m.start < at
            || m.end <= m.start
            || m.end > text.len()
            || !text.is_char_boundary(m.start)
            || !text.is_char_boundary(m.end)
        {
            continue;
        }
        pieces.push((None, &text[at..m.start]));
        pieces.push((Some(m.kind.as_str()), &text[m.start..m.end]));
        at = m.end;
    }
    pieces.push((None, &text[at..]));
    html! {
        div.posting {
            @for (kind, piece) in pieces {
                @match kind {
                    Some(k) => { mark class=(k) title=(k) { (piece) } }
                    None => { (piece) }
                }
            }
        }
    }
}

/// Counts `(addressed, story, gap)` of the verdicts of importance `imp`.
fn counts(ledger: &Ledger, imp: Importance) -> Vec<usize> {
    [
        LedgerStatus::Addressed,
        LedgerStatus::Story,
        LedgerStatus::Gap,
    ]
    .iter()
    .map(|s| {
        ledger
            .requirements
            .iter()
            .filter(|v| v.importance == imp && v.status == *s)
            .count()
    })
    .collect()
}

/// Readiness as a whole percentage.
pub fn percent(ledger: &Ledger) -> u32 {
    (ledger.readiness() * 100.0).round() as u32
}

/// A stacked bar per requirement group (must / nice / other): how many are
/// addressed, backed by a story, or a gap.
pub fn readiness_chart(ledger: &Ledger) -> Markup {
    let rows: Vec<(String, Vec<usize>)> = [
        ("Must-have", Importance::Must),
        ("Nice to have", Importance::Nice),
        ("Other requirements", Importance::Unspecified),
    ]
    .into_iter()
    .map(|(label, imp)| (label.to_string(), counts(ledger, imp)))
    .filter(|(_, c)| c.iter().sum::<usize>() > 0)
    .collect();
    let must = counts(ledger, Importance::Must);
    chart::stacked_with(
        "ledger-chart",
        "Readiness by requirement group",
        &format!(
            "Readiness {}%. Must-have requirements: {} addressed, {} backed by a story, {} gaps.",
            percent(ledger),
            must[0],
            must[1],
            must[2]
        ),
        &["addressed", "story", "gap"],
        &[
            chart::STATUS_COLOURS[0],
            chart::STATUS_COLOURS[1],
            chart::STATUS_COLOURS[2],
        ],
        &rows,
    )
}

/// A plain line when the ledger was judged by words alone.
pub fn model_notice(by_meaning: bool) -> Markup {
    html! {
        @if !by_meaning {
            p.notice role="note" { (round2_embed::WITHOUT_MODEL) "." }
        }
    }
}

/// The ledger table, with filter links built from `link(status)`.
pub fn ledger_table(
    ledger: &Ledger,
    filter: Option<LedgerStatus>,
    link: &dyn Fn(Option<LedgerStatus>) -> String,
) -> Markup {
    let shown: Vec<_> = ledger
        .requirements
        .iter()
        .filter(|v| filter.is_none_or(|f| v.status == f))
        .collect();
    html! {
        nav.filters aria-label="Filter the ledger by status" {
            ul {
                li { a href=(link(None)) aria-current=[filter.is_none().then_some("true")] {
                    "All (" (ledger.requirements.len()) ")" } }
                @for s in STATUSES {
                    li { a class=(format!("status-{}", s.as_str())) href=(link(Some(s)))
                        aria-current=[(filter == Some(s)).then_some("true")] {
                        (s.as_str()) " (" (ledger.count(s)) ")" } }
                }
            }
        }
        @if ledger.requirements.is_empty() {
            p.hint { "No requirements found in the posting: paste the job description with its requirements list." }
        } @else if shown.is_empty() {
            p.hint { "No requirement has this status." }
        } @else {
            table.ledger {
                caption { "Coverage ledger for round " (ledger.round)
                    @if let Some(f) = filter { " — " (f.as_str()) " only" } }
                thead { tr {
                    th scope="col" { "Requirement" }
                    th scope="col" { "Importance" }
                    th scope="col" { "LedgerStatus" }
                    th scope="col" { "Evidence" }
                } }
                tbody {
                    @for v in shown {
                        tr class=(format!("status-{}", v.status.as_str())) {
                            th scope="row" { (v.text) }
                            td { (v.importance.as_str()) }
                            td { span class=(format!("status status-{}", v.status.as_str())) { (v.status.as_str()) }
                                span.visually-hidden { ": " (status_text(v.status)) } }
                            td {
                                p.why { (v.why) }
                                @if !v.evidence.is_empty() {
                                    ul.evidence {
                                        @for e in &v.evidence {
                                            li class=(if e.counted { "counted" } else { "not-counted" }) {
                                                span.kind { (match e.kind { EvidenceKind::Note => "note", EvidenceKind::Story => "story" }) }
                                                " " q { (e.excerpt) }
                                                " " span.score { "score " (format!("{:.2}", e.score)) }
                                                @if !e.counted { " " span.hint { "(not counted)" } }
                                                br;
                                                span.hint { (e.why) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
