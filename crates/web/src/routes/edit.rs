//! Changing and removing what was added on the opportunity page: rounds,
//! interviewers, research, and removing notes, questions to ask, checklist
//! items and the opportunity itself. Each checks that the record belongs to
//! the opportunity in the address before touching it.

use axum::extract::{Path, State};
use axum::response::Redirect;
use round2_core::{Id, Interviewer, PrepPack};
use round2_store::Record;

use super::opportunity::{research_from, round_from};
use crate::forms::{optional, required, InterviewerForm, RemoveForm, ResearchForm, RoundForm};
use crate::reply::{key, opp_url, owned, see};
use crate::security::CheckedForm;
use crate::{AppState, WebError};

/// Loads the opportunity's pack, runs `f` on the store with it, and answers
/// with a redirect to the opportunity page at `anchor`.
async fn change(
    st: &AppState,
    slug: String,
    f: impl FnOnce(&mut dyn round2_store::Store, &PrepPack) -> Result<String, WebError> + Send + 'static,
) -> Result<Redirect, WebError> {
    let (slug, anchor) = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            let anchor = f(s, &pack)?;
            Ok((o.slug, anchor))
        })
        .await?;
    see(opp_url(&slug, &anchor))
}

pub async fn edit_round(
    State(st): State<AppState>,
    Path((slug, number)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<RoundForm>,
) -> Result<Redirect, WebError> {
    let number = key::<u32>("round", &number)?;
    let edited = round_from(&st, &f, 0, Vec::new())?;
    change(&st, slug, move |s, pack| {
        let stored = pack.round(number).ok_or_else(|| {
            WebError::NotFound(format!("no round {number} in `{}`", pack.opportunity.slug))
        })?;
        let round = round2_core::Round {
            id: stored.id,
            interviewers: stored.interviewers.clone(),
            ..edited
        };
        // The store refuses a number another round has.
        s.update_round(&round)?;
        Ok(format!("round-{}", round.number))
    })
    .await
}

pub async fn edit_interviewer(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<InterviewerForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("interviewer", &id)?;
    let person = Interviewer {
        id,
        name: required("Name", &f.name)?,
        title: optional(&f.title),
        email: optional(&f.email),
    };
    change(&st, slug, move |s, pack| {
        let slug = &pack.opportunity.slug;
        owned(
            pack.interviewers.iter().any(|i| i.id == id),
            "interviewer",
            id,
            slug,
        )?;
        // The store refuses a name another interviewer has.
        s.update_interviewer(&person)?;
        let round = pack
            .rounds
            .iter()
            .find(|r| r.interviewers.iter().any(|i| i.id == id))
            .map_or_else(|| "rounds-h".to_string(), |r| format!("round-{}", r.number));
        Ok(round)
    })
    .await
}

/// Takes an interviewer off one round (they stay on the others, and their
/// notes stay, no longer naming them for this round).
pub async fn unlink_interviewer(
    State(st): State<AppState>,
    Path((slug, number, id)): Path<(String, String, String)>,
    CheckedForm(_): CheckedForm<RemoveForm>,
) -> Result<Redirect, WebError> {
    let number = key::<u32>("round", &number)?;
    let id = key::<Id>("interviewer", &id)?;
    change(&st, slug, move |s, pack| {
        let mut round = pack.round(number).cloned().ok_or_else(|| {
            WebError::NotFound(format!("no round {number} in `{}`", pack.opportunity.slug))
        })?;
        let before = round.interviewers.len();
        round.interviewers.retain(|i| i.id != id);
        owned(
            round.interviewers.len() < before,
            "interviewer",
            id,
            &format!("round {number}"),
        )?;
        s.update_round(&round)?;
        Ok(format!("round-{number}"))
    })
    .await
}

pub async fn edit_research(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<ResearchForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("research", &id)?;
    let research = research_from(&f, id)?;
    change(&st, slug, move |s, pack| {
        owned(
            pack.research.iter().any(|r| r.id == id),
            "research",
            id,
            &pack.opportunity.slug,
        )?;
        s.update_research(&research)?;
        Ok(format!("research-{id}"))
    })
    .await
}

/// `/o/{slug}/remove/{what}/{id}`: removes one record of the opportunity.
pub async fn remove(
    State(st): State<AppState>,
    Path((slug, what, id)): Path<(String, String, String)>,
    CheckedForm(_): CheckedForm<RemoveForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>(&what, &id)?;
    let (record, label, anchor) = match what.as_str() {
        "round" => (Record::Round, "round", "rounds-h"),
        "note" => (Record::Note, "note", "rounds-h"),
        "interviewer" => (Record::Interviewer, "interviewer", "rounds-h"),
        "research" => (Record::Research, "research", "research-h"),
        "question" => (Record::QuestionToAsk, "question to ask", "ask-h"),
        "checklist" => (Record::ChecklistItem, "checklist item", "checklist-h"),
        _ => {
            return Err(WebError::NotFound(format!(
                "nothing called `{what}` can be removed"
            )))
        }
    };
    change(&st, slug, move |s, pack| {
        let found = match record {
            Record::Round => pack.rounds.iter().any(|r| r.id == id),
            Record::Note => pack.notes.iter().any(|n| n.id == id),
            Record::Interviewer => pack.interviewers.iter().any(|i| i.id == id),
            Record::Research => pack.research.iter().any(|r| r.id == id),
            Record::QuestionToAsk => pack.questions_to_ask.iter().any(|q| q.id == id),
            _ => pack.checklist.iter().any(|c| c.id == id),
        };
        owned(found, label, id, &pack.opportunity.slug)?;
        s.remove(record, id)?;
        Ok(anchor.to_string())
    })
    .await
}

/// Deletes the opportunity and everything recorded for it (stories stay:
/// they belong to the bank).
pub async fn delete_opportunity(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(_): CheckedForm<RemoveForm>,
) -> Result<Redirect, WebError> {
    st.run(move |s| {
        let o = s.opportunity(&slug)?;
        Ok(s.remove(Record::Opportunity, o.id)?)
    })
    .await?;
    see("/".to_string())
}
