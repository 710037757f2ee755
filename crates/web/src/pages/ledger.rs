//! The coverage ledger on its own page: the table and chart of the
//! opportunity page, filterable by status (`?status=gap`).

use maud::{html, Markup};
use round2_core::LedgerStatus;

use crate::coverage_view;
use crate::layout::Page;

pub struct LedgerPage {
    pub slug: String,
    pub label: String,
    pub derived: std::sync::Arc<crate::cache::Derived>,
    pub filter: Option<LedgerStatus>,
}

impl Page for LedgerPage {
    fn title(&self) -> String {
        format!("Coverage ledger — {}", self.label)
    }

    fn content(&self) -> Markup {
        let base = format!("/o/{}", self.slug);
        html! {
            p.back { a href=(base) { "← " (self.label) } }
            h1 { "Coverage ledger for round " (self.derived.ledger.round) }
            p.readiness { "Readiness: " strong { (coverage_view::percent(&self.derived.ledger)) "%" }
                " of must-have requirements are addressed or backed by a story." }
            (coverage_view::readiness_chart(&self.derived.ledger))
            (coverage_view::model_notice(self.derived.by_meaning))
            (coverage_view::ledger_table(&self.derived.ledger, self.filter, &|f| match f {
                Some(s) => format!("{base}/ledger?status={}", s.as_str()),
                None => format!("{base}/ledger"),
            }))
        }
    }
}
