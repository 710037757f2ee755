//! Home: every opportunity with its stage and next round, and the thank-you
//! notes that are overdue (a round more than 24 hours past whose interviewer
//! has no sent note).

use chrono::{DateTime, FixedOffset};
use maud::{html, Markup};
pub use round2_core::Overdue;
use round2_core::{PrepPack, Stage};

use crate::layout::{self, Page, Section};

/// Interviewers whose thank-you note is overdue (the rule lives in core, so
/// the CLI's `status` and this page agree).
pub fn overdue_thank_you(p: &PrepPack, now: DateTime<FixedOffset>) -> Vec<Overdue> {
    p.overdue_thank_you(now)
}

/// One opportunity on the home page.
#[derive(Debug, Clone)]
pub struct HomeRow {
    pub slug: String,
    pub company: String,
    pub role: String,
    pub stage: Stage,
    /// The round the candidate is preparing for.
    pub preparing_for: u32,
    /// The next scheduled round: number and date.
    pub next_round: Option<(u32, DateTime<FixedOffset>)>,
    pub overdue: Vec<Overdue>,
    /// The records, for computing readiness when the row is shown.
    pub pack: std::sync::Arc<PrepPack>,
}

impl HomeRow {
    pub fn from_pack(p: std::sync::Arc<PrepPack>, now: DateTime<FixedOffset>) -> Self {
        let next_round = p
            .next_scheduled_round(now)
            .and_then(|r| Some((r.number, r.date?)));
        HomeRow {
            slug: p.opportunity.slug.clone(),
            company: p.opportunity.company.clone(),
            role: p.opportunity.role.clone(),
            stage: p.opportunity.stage,
            preparing_for: p.next_round_number(),
            next_round,
            overdue: overdue_thank_you(&p, now),
            pack: p,
        }
    }
}

/// The home page.
pub struct HomePage {
    pub rows: std::sync::Arc<Vec<HomeRow>>,
    /// 1-based page of the table; the overdue box always covers every row.
    pub page: usize,
    /// Readiness (share of must-have requirements not in gap, 0..=1) of the
    /// rows on this page, in order: a ledger each, so only the rows shown
    /// are computed.
    pub readiness: Vec<f32>,
}

impl HomePage {
    /// The rows of `page` (1-based, clamped to the pages there are).
    pub fn shown(rows: &[HomeRow], page: usize) -> &[HomeRow] {
        let pages = rows.len().div_ceil(PER_PAGE).max(1);
        let start = (page.clamp(1, pages) - 1) * PER_PAGE;
        &rows[start.min(rows.len())..(start + PER_PAGE).min(rows.len())]
    }
}

/// Rows per page: a coach with a thousand opportunities gets pages of
/// this size instead of one 1.5 MB table.
pub const PER_PAGE: usize = 50;

/// The most overdue notes listed by name; the rest are counted.
const OVERDUE_SHOWN: usize = 20;

impl Page for HomePage {
    fn title(&self) -> String {
        "Opportunities".into()
    }

    fn section(&self) -> Section {
        Section::Home
    }

    fn content(&self) -> Markup {
        let overdue: Vec<(&HomeRow, &Overdue)> = self
            .rows
            .as_ref()
            .iter()
            .flat_map(|r| r.overdue.iter().map(move |o| (r, o)))
            .collect();
        html! {
            h1 { "Opportunities" }
            @if !overdue.is_empty() {
                section.alert aria-labelledby="overdue-h" {
                    h2 #overdue-h { "Overdue thank-you notes" }
                    p { "Send these today: a thank-you note is best within 24 hours of the round." }
                    ul.overdue {
                        @for (row, o) in overdue.iter().take(OVERDUE_SHOWN) {
                            li {
                                strong { (o.interviewer) } " — round " (o.round) " at "
                                a href=(format!("/o/{}", row.slug)) { (row.company) }
                                " (due " (layout::time(&o.deadline)) ")"
                            }
                        }
                    }
                    @if overdue.len() > OVERDUE_SHOWN {
                        p { "And " (overdue.len() - OVERDUE_SHOWN) " more: see the table below." }
                    }
                }
            }
            @if self.rows.is_empty() {
                section.empty {
                    p { "No opportunities yet." }
                    p { a.button href="/opportunities/new" { "Add your first opportunity" }
                        " by pasting a job posting or uploading a prep file." }
                }
            } @else {
                table.opportunities {
                    caption.visually-hidden { "Your opportunities" }
                    thead { tr {
                        th scope="col" { "Company and role" }
                        th scope="col" { "Stage" }
                        th scope="col" { "Next round" }
                        th scope="col" { abbr title="Share of must-have requirements covered by a round-one note or a story" { "Readiness" } }
                        th scope="col" { "Thank-you notes" }
                    } }
                    tbody {
                        @for (r, readiness) in HomePage::shown(&self.rows, self.page).iter().zip(&self.readiness) {
                            tr {
                                th scope="row" {
                                    a href=(format!("/o/{}", r.slug)) { (r.company) " — " (r.role) }
                                }
                                td { span.stage { (r.stage) } }
                                td {
                                    @match &r.next_round {
                                        Some((n, d)) => { "Round " (n) ", " (layout::time(d)) }
                                        None => { "Preparing for round " (r.preparing_for) "; no date set" }
                                    }
                                }
                                td.readiness {
                                    @let pct = (readiness * 100.0).round() as u32;
                                    meter min="0" max="100" value=(pct) aria-hidden="true" {}
                                    " " (pct) "%"
                                }
                                td {
                                    @if r.overdue.is_empty() { "Nothing overdue" }
                                    @else { strong.overdue-count { (r.overdue.len()) " overdue" } }
                                }
                            }
                        }
                    }
                }
                @let pages = self.rows.len().div_ceil(PER_PAGE);
                @if pages > 1 {
                    nav aria-label="Pages of opportunities" {
                        p {
                            "Page " (self.page.clamp(1, pages)) " of " (pages) ": "
                            @for n in 1..=pages {
                                @if n == self.page.clamp(1, pages) { strong aria-current="page" { (n) } " " }
                                @else { a href=(format!("/?page={n}")) { (n) } " " }
                            }
                        }
                    }
                }
                p { a.button href="/opportunities/new" { "New opportunity" } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use round2_core::{Interviewer, Opportunity, Round, ThankYouNote};

    fn pack(date: &str, sent: bool) -> PrepPack {
        let d = DateTime::parse_from_rfc3339(date).unwrap();
        PrepPack {
            opportunity: Opportunity {
                id: 1,
                slug: "a-b".into(),
                company: "A".into(),
                role: "B".into(),
                url: None,
                job_description: String::new(),
                stage: Stage::Round1,
            },
            research: vec![],
            interviewers: vec![],
            rounds: vec![Round {
                id: 1,
                number: 1,
                kind: "technical".into(),
                date: Some(d),
                duration_minutes: None,
                place: None,
                interviewers: vec![Interviewer {
                    id: 1,
                    name: "Ann".into(),
                    title: None,
                    email: None,
                }],
            }],
            notes: vec![],
            stories: vec![],
            questions_to_ask: vec![],
            checklist: vec![],
            thank_you: vec![ThankYouNote {
                id: 1,
                round: 1,
                interviewer: "Ann".into(),
                body: String::new(),
                deadline: None,
                sent_at: sent.then_some(d),
            }],
        }
    }

    #[test]
    fn overdue_after_24_hours_unless_sent() {
        let now = DateTime::parse_from_rfc3339("2026-11-06T10:00:00-05:00").unwrap();
        assert_eq!(
            overdue_thank_you(&pack("2026-11-04T15:00:00-05:00", false), now).len(),
            1
        );
        assert!(overdue_thank_you(&pack("2026-11-04T15:00:00-05:00", true), now).is_empty());
        assert!(overdue_thank_you(&pack("2026-11-05T15:00:00-05:00", false), now).is_empty());
    }
}
