//! Questions to ask in the next round: the method's suggestions, shown.

use axum::extract::{Path, State};

use crate::pages::*;
use crate::reply::{page, PageResult};
use crate::AppState;

pub async fn questions_to_ask(State(st): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let (pack, profile) = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok((s.pack(o.id)?, s.profile()?))
        })
        .await?;
    let priorities = profile.as_ref().map(|p| p.priorities.clone());
    let plan = round2_method::ask_plan(&pack, &profile.unwrap_or_default(), 12);
    let o = &pack.opportunity;
    page(&AskPage {
        slug: o.slug.clone(),
        label: format!("{} — {}", o.company, o.role),
        priorities,
        round: plan.round,
        interviewers: plan.interviewers,
        notes_considered: plan.notes_considered,
        suggestions: plan.suggestions,
        csrf: st.csrf_token().to_string(),
    })
}
