//! The opportunity page and its forms (stage, rounds, interviewers, notes,
//! research, questions to ask, checklist), and the ledger page.

use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use chrono::Offset as _;
use round2_core::{
    ChecklistItem, Id, Interviewer, Note, NoteKind, QuestionToAsk, Research, ResearchSection,
    Round, Stage,
};
use serde::Deserialize;

use crate::forms::{self, *};
use crate::pages::*;
use crate::reply::{key, opp_url, owned, page, see, PageResult};
use crate::security::CheckedForm;
use crate::{AppState, WebError};

#[derive(Debug, Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    status: String,
}

/// `?status=`: empty for all, else one of the statuses (400 otherwise).
fn status_filter(q: &StatusQuery) -> Result<Option<round2_core::LedgerStatus>, WebError> {
    match optional(&q.status) {
        None => Ok(None),
        Some(t) => crate::coverage_view::parse_status(&t)
            .map(Some)
            .ok_or_else(|| {
                WebError::bad(format!(
                    "`{t}` is not a status: use addressed, story or gap"
                ))
            }),
    }
}

pub async fn opportunity(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<StatusQuery>,
) -> PageResult {
    let filter = status_filter(&q)?;
    let (pack, stories) = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok((s.pack(o.id)?, s.stories()?))
        })
        .await?;
    let derived = derived(&st, &pack).await?;
    page(&OpportunityPage {
        pack,
        story_titles: stories.into_iter().map(|s| s.title).collect(),
        derived,
        filter,
        csrf: st.csrf_token().to_string(),
    })
}

pub async fn ledger(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<StatusQuery>,
) -> PageResult {
    let filter = status_filter(&q)?;
    let pack = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok(s.pack(o.id)?)
        })
        .await?;
    let o = &pack.opportunity;
    page(&LedgerPage {
        slug: o.slug.clone(),
        label: format!("{} — {}", o.company, o.role),
        derived: derived(&st, &pack).await?,
        filter,
    })
}

/// The ledger and mentions of `pack`, off the async threads: the first
/// time a pack is seen its texts may go through the sentence model.
async fn derived(
    st: &AppState,
    pack: &round2_core::PrepPack,
) -> Result<std::sync::Arc<crate::cache::Derived>, WebError> {
    let (st, pack) = (st.clone(), pack.clone());
    tokio::task::spawn_blocking(move || st.cache().derived(&pack, &|t| st.vectors(t)))
        .await
        .map_err(|e| WebError::internal(format!("judging the ledger: {e}")))
}

pub async fn set_stage(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<StageForm>,
) -> Result<Redirect, WebError> {
    let stage: Stage = choice("Stage", &f.stage)?;
    let slug = st
        .run(move |s| {
            let mut o = s.opportunity(&slug)?;
            o.stage = stage;
            s.update_opportunity(&o)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, ""))
}

pub async fn add_round(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<RoundForm>,
) -> Result<Redirect, WebError> {
    let round = round_from(&st, &f, 0, Vec::new())?;
    let n = round.number;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            s.add_round(o.id, &round)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, &format!("round-{n}")))
}

/// A round from its form; `id` and `interviewers` are kept from the stored
/// round when editing.
pub(crate) fn round_from(
    st: &AppState,
    f: &RoundForm,
    id: Id,
    interviewers: Vec<Interviewer>,
) -> Result<Round, WebError> {
    let zone = forms::zone(&f.tz, st.now().offset().fix())?;
    Ok(Round {
        id,
        number: forms::number("Round number", &f.number)?,
        kind: optional(&f.kind).unwrap_or_else(|| "interview".into()),
        date: forms::date("Date", &f.date, zone)?,
        duration_minutes: match optional(&f.duration_minutes) {
            Some(m) => Some(forms::number("Minutes", &m)?),
            None => None,
        },
        place: optional(&f.place),
        interviewers,
    })
}

pub async fn add_interviewer(
    State(st): State<AppState>,
    Path((slug, number)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<InterviewerForm>,
) -> Result<Redirect, WebError> {
    let number = key::<u32>("round", &number)?;
    let name = required("Name", &f.name)?;
    let (title, email) = (optional(&f.title), optional(&f.email));
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            let mut round = pack
                .round(number)
                .cloned()
                .ok_or_else(|| WebError::NotFound(format!("no round {number} in `{}`", o.slug)))?;
            // Someone met in an earlier round is the same interviewer.
            let person = match pack
                .interviewers
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(&name))
            {
                Some(i) => i.clone(),
                None => {
                    let mut i = Interviewer {
                        id: 0,
                        name,
                        title,
                        email,
                    };
                    i.id = s.add_interviewer(o.id, &i)?;
                    i
                }
            };
            if !round.interviewers.iter().any(|i| i.id == person.id) {
                round.interviewers.push(person);
                s.update_round(&round)?;
            }
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, &format!("round-{number}")))
}

fn note_from(f: &NoteForm, id: Id) -> Result<Note, WebError> {
    let kind: NoteKind = choice("Kind", &f.kind)?;
    let story = optional(&f.story);
    if kind == NoteKind::Story && story.is_none() {
        return Err(WebError::bad(
            "a “story told” note needs the story: pick one from the list",
        ));
    }
    Ok(Note {
        id,
        round: forms::number("Round", &f.round)?,
        kind,
        interviewer: optional(&f.interviewer),
        story: if kind == NoteKind::Story { story } else { None },
        topic: optional(&f.topic),
        text: required("Note", &f.text)?,
    })
}

pub async fn add_note(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<NoteForm>,
) -> Result<Redirect, WebError> {
    let note = note_from(&f, 0)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let id = s.add_note(o.id, &note)?;
            Ok(format!("{}#note-{id}", o.slug))
        })
        .await?;
    see(format!("/o/{slug}"))
}

pub async fn edit_note(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<NoteForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("note", &id)?;
    let note = note_from(&f, id)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            owned(pack.notes.iter().any(|n| n.id == id), "note", id, &o.slug)?;
            s.update_note(o.id, &note)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, &format!("note-{id}")))
}

/// Research from its form (a blank section is `other`).
pub(crate) fn research_from(f: &ResearchForm, id: Id) -> Result<Research, WebError> {
    Ok(Research {
        id,
        section: if f.section.trim().is_empty() {
            ResearchSection::Other
        } else {
            choice("Section", &f.section)?
        },
        text: required("What you found", &f.text)?,
        source: optional(&f.source),
    })
}

pub async fn add_research(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(mut f): CheckedForm<ResearchForm>,
) -> Result<Redirect, WebError> {
    if f.text.trim().is_empty() && !f.read_source.is_empty() {
        let Some(link) = optional(&f.source) else {
            return Err(WebError::bad("give the page's address to quote it"));
        };
        // The network only because the user ticked the box; off the async threads.
        let page = tokio::task::spawn_blocking(move || {
            round2_fetch::fetch_text(&link, round2_fetch::Limits::configured())
        })
        .await
        .map_err(|e| WebError::internal(format!("reading the page: {e}")))?
        .map_err(|e| WebError::bad(e.to_string()))?;
        f.text = round2_extract::page::quote(&page, round2_extract::page::QUOTE_WORDS);
    }
    let research = research_from(&f, 0)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            s.add_research(o.id, &research)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, "research-h"))
}

pub async fn add_question(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<QuestionForm>,
) -> Result<Redirect, WebError> {
    let q = QuestionToAsk {
        id: 0,
        theme: optional(&f.theme).unwrap_or_else(|| "other".into()),
        text: required("Question", &f.text)?,
        asked: false,
    };
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            s.add_question_to_ask(o.id, &q)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, "ask-h"))
}

fn flag(value: &str) -> Result<bool, WebError> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(WebError::bad(format!("`{other}` is not true or false"))),
    }
}

pub async fn toggle_question(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<ToggleForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("question to ask", &id)?;
    let asked = flag(&f.value)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            let mut q = pack
                .questions_to_ask
                .into_iter()
                .find(|q| q.id == id)
                .ok_or_else(|| {
                    WebError::NotFound(format!("no question to ask {id} in `{}`", o.slug))
                })?;
            q.asked = asked;
            s.update_question_to_ask(&q)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, "ask-h"))
}

pub async fn add_checklist_item(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<ChecklistForm>,
) -> Result<Redirect, WebError> {
    let item = ChecklistItem {
        id: 0,
        text: required("New item", &f.text)?,
        done: false,
    };
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            s.add_checklist_item(o.id, &item)?;
            Ok(o.slug)
        })
        .await?;
    see(opp_url(&slug, "checklist-h"))
}

pub async fn toggle_checklist_item(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    CheckedForm(f): CheckedForm<ToggleForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("checklist item", &id)?;
    let done = flag(&f.value)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            let mut item = pack
                .checklist
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    WebError::NotFound(format!("no checklist item {id} in `{}`", o.slug))
                })?;
            item.done = done;
            s.update_checklist_item(&item)?;
            Ok(o.slug)
        })
        .await?;
    if f.back == "prepare" {
        return see(format!("/o/{slug}/prepare#checklist-h"));
    }
    see(opp_url(&slug, "checklist-h"))
}
