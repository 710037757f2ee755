//! Request handlers, kept thin: extract, call core/store/practice (the store
//! on a blocking thread via [`AppState::run`]), return one page or a
//! redirect (POST/redirect/GET, so a reload never posts twice).

use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse as _, Redirect, Response};
use chrono::Offset as _;
use round2_core::prep::{Format, PrepFile};
use round2_core::{
    ChecklistItem, Id, Interviewer, NewOpportunity, Note, NoteKind, Profile, QuestionToAsk,
    Research, ResearchSection, Round, Stage, Story,
};
use round2_practice::{suggest_questions, Category, QuestionBank, Rating};
use serde::Deserialize;

use crate::forms::{self, *};
use crate::layout::{self, Page};
use crate::pages::*;
use crate::security::{check_csrf, CheckedForm};
use crate::{AppState, WebError, BODY_LIMIT};

type PageResult = Result<Html<String>, WebError>;

fn page(p: &dyn Page) -> PageResult {
    Ok(Html(layout::render(p)))
}

/// A 303 to the page that shows what was just changed.
pub(crate) fn see(url: String) -> Result<Redirect, WebError> {
    Ok(Redirect::to(&url))
}

pub(crate) fn opp_url(slug: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        format!("/o/{slug}")
    } else {
        format!("/o/{slug}#{anchor}")
    }
}

/// A number in the path; anything else names no record (404).
pub(crate) fn key<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound(format!("no {what} `{text}`")))
}

/// Checks that a record id belongs to the opportunity before changing it.
pub(crate) fn owned(found: bool, what: &str, id: Id, slug: &str) -> Result<(), WebError> {
    if found {
        Ok(())
    } else {
        Err(WebError::NotFound(format!("no {what} {id} in `{slug}`")))
    }
}

#[derive(serde::Deserialize)]
pub struct HomeQuery {
    page: Option<usize>,
}

pub async fn home(State(st): State<AppState>, Query(q): Query<HomeQuery>) -> PageResult {
    let now = st.now();
    let rows = match st.cache().home_rows() {
        Some(rows) => rows,
        None => {
            let rows = st
                .run(move |s| {
                    let mut rows = Vec::new();
                    for o in s.list_opportunities()? {
                        let pack = std::sync::Arc::new(s.pack(o.id)?);
                        rows.push(HomeRow::from_pack(pack, now));
                    }
                    Ok(std::sync::Arc::new(rows))
                })
                .await?;
            st.cache().set_home_rows(rows.clone());
            rows
        }
    };
    let page_number = q.page.unwrap_or(1);
    // A ledger per row shown (cached by content), off the async threads.
    let (st2, rows2) = (st.clone(), rows.clone());
    let readiness = tokio::task::spawn_blocking(move || {
        HomePage::shown(&rows2, page_number)
            .iter()
            .map(|r| st2.cache().readiness(&r.pack, &|t| st2.vectors(t)))
            .collect()
    })
    .await
    .map_err(|e| WebError::internal(format!("computing readiness: {e}")))?;
    page(&HomePage {
        rows,
        page: page_number,
        readiness,
    })
}

pub async fn not_found() -> WebError {
    WebError::NotFound("there is no page at this address".into())
}

pub async fn new_opportunity(State(st): State<AppState>) -> PageResult {
    page(&NewOpportunityPage::blank(st.csrf_token().to_string()))
}

/// A refused submission (400 or 409) answered with its form again, holding
/// what was typed, and the message above it; anything else (403, 404, 500)
/// as the error page.
fn refused(err: WebError, form: impl FnOnce(String) -> Box<dyn Page>) -> Response {
    match err {
        WebError::BadInput(_) | WebError::Conflict(_) => {
            let status = err.status();
            (status, Html(layout::render(form(err.to_string()).as_ref()))).into_response()
        }
        other => other.into_response(),
    }
}

pub async fn create_opportunity(
    State(st): State<AppState>,
    CheckedForm(f): CheckedForm<NewOpportunityForm>,
) -> Response {
    let draft = PostingDraft {
        company: f.company.clone(),
        role: f.role.clone(),
        url: f.url.clone(),
        read_url: !f.read_url.is_empty(),
        stage: f.stage.clone(),
        job_description: f.job_description.clone(),
    };
    match create(&st, f).await {
        Ok(to) => to.into_response(),
        Err(e) => refused(e, |message| {
            Box::new(NewOpportunityPage {
                draft,
                error: Some((message, false)),
                ..NewOpportunityPage::blank(st.csrf_token().to_string())
            })
        }),
    }
}

async fn create(st: &AppState, f: NewOpportunityForm) -> Result<Redirect, WebError> {
    let mut job_description = f.job_description.trim().to_string();
    let url = optional(&f.url);
    if job_description.is_empty() && !f.read_url.is_empty() {
        let Some(link) = url.clone() else {
            return Err(WebError::bad(
                "give the posting's URL to read it from the link",
            ));
        };
        // The network only because the user ticked the box; off the async threads.
        let page = tokio::task::spawn_blocking(move || {
            round2_fetch::fetch_text(&link, round2_fetch::Limits::configured())
        })
        .await
        .map_err(|e| WebError::internal(format!("reading the posting's page: {e}")))?
        .map_err(|e| WebError::bad(e.to_string()))?;
        job_description = round2_core::prep::clip_posting(page.text);
    }
    let new = NewOpportunity {
        company: required("Company", &f.company)?,
        role: required("Role", &f.role)?,
        url,
        job_description,
        stage: if f.stage.trim().is_empty() {
            Stage::Round2
        } else {
            choice("Stage", &f.stage)?
        },
    };
    if new.job_description.len() > round2_core::prep::MAX_POSTING_BYTES {
        return Err(WebError::bad(format!(
            "the posting is over {} KB; paste only the job description",
            round2_core::prep::MAX_POSTING_BYTES / 1024
        )));
    }
    let opp = st.run(move |s| Ok(s.add_opportunity(&new)?)).await?;
    see(opp_url(&opp.slug, ""))
}

/// `POST /opportunities/page`: an opportunity from a page saved from the
/// browser; company and role default to what the page names.
pub async fn create_from_page(
    State(st): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let (mut csrf, mut page, mut company, mut role) =
        (String::new(), Vec::new(), String::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "page" => page = bytes.to_vec(),
            "company" => company = text(),
            "role" => role = text(),
            _ => {}
        }
    }
    check_csrf(&st, &csrf)?;
    let made = async {
        if page.is_empty() {
            return Err(WebError::bad(
                "choose the saved page (an .html file) to read",
            ));
        }
        let html = String::from_utf8_lossy(&page).into_owned();
        let read = round2_extract::page::page_text(&html, None)
            .map_err(|e| WebError::bad(format!("the saved page: {e}")))?;
        let name = |given: String, found: Option<String>, what: &str| {
            Some(given)
                .filter(|g| !g.is_empty())
                .or(found)
                .ok_or_else(|| {
                    WebError::bad(format!("the page does not name the {what}: fill it in"))
                })
        };
        let new = NewOpportunity {
            company: name(company.clone(), read.company, "company")?,
            role: name(role.clone(), read.title, "role")?,
            url: None,
            job_description: round2_core::prep::clip_posting(read.text),
            stage: Stage::Round2,
        };
        let opp = st.run(move |s| Ok(s.add_opportunity(&new)?)).await?;
        see(opp_url(&opp.slug, ""))
    };
    match made.await {
        Ok(to) => Ok(to.into_response()),
        Err(e) => Ok(refused(e, |message| {
            Box::new(NewOpportunityPage {
                error: Some((message, false)),
                ..NewOpportunityPage::blank(st.csrf_token().to_string())
            })
        })),
    }
}

pub async fn import_prep_file(
    State(st): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let mut csrf = None;
    let mut file: Option<(Option<String>, Result<String, WebError>)> = None;
    let mut pasted = String::new();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let text = || {
            String::from_utf8(bytes.to_vec()).map_err(|_| {
                WebError::bad("the prep file is not UTF-8 text (expected YAML or JSON)")
            })
        };
        match name.as_str() {
            "csrf" => csrf = text().ok(),
            "prep_file" if !bytes.is_empty() => file = Some((file_name, text())),
            "prep_text" => pasted = text()?,
            _ => {}
        }
    }
    check_csrf(&st, csrf.as_deref().unwrap_or_default())?;
    match import(&st, file, pasted.clone()).await {
        Ok(to) => Ok(to.into_response()),
        Err(e) => Ok(refused(e, |message| {
            Box::new(NewOpportunityPage {
                prep_text: pasted,
                error: Some((message, true)),
                ..NewOpportunityPage::blank(st.csrf_token().to_string())
            })
        })),
    }
}

/// Parses and imports an uploaded file, else the pasted text.
async fn import(
    st: &AppState,
    file: Option<(Option<String>, Result<String, WebError>)>,
    pasted: String,
) -> Result<Redirect, WebError> {
    let (name, source) = match file {
        Some((name, text)) => (name, text?),
        None if !pasted.trim().is_empty() => (None, pasted),
        None => {
            return Err(WebError::bad(
                "choose a prep file or paste its text, then import again",
            ))
        }
    };
    let ext = name
        .as_deref()
        .and_then(|n| std::path::Path::new(n).extension())
        .and_then(|e| e.to_str());
    let label = name
        .clone()
        .unwrap_or_else(|| "the pasted prep file".into());
    let prep = PrepFile::parse(&source, Format::detect(ext, &source))
        .map_err(|e| WebError::bad(format!("{label}: {e}")))?;
    let now = st.now();
    let report = st.run(move |s| Ok(s.import(&prep, now)?)).await?;
    see(opp_url(&report.opportunity.slug, ""))
}

pub(crate) fn multipart_error(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge { limit: BODY_LIMIT }
    } else {
        WebError::bad(format!("the upload could not be read: {}", e.body_text()))
    }
}

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

pub async fn questions_to_ask(State(st): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let (pack, profile) = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok((s.pack(o.id)?, s.profile()?))
        })
        .await?;
    let round = pack.next_round_number();
    let interviewers = pack
        .round(round)
        .map(|r| r.interviewers.clone())
        .unwrap_or_default();
    let titles: Vec<String> = interviewers
        .iter()
        .filter_map(|i| i.title.clone())
        .collect();
    let covered: Vec<String> = pack
        .notes
        .iter()
        .filter(|n| n.round < round)
        .filter(|n| matches!(n.kind, NoteKind::Asked | NoteKind::Answer | NoteKind::Topic))
        .map(|n| n.text.clone())
        .collect();
    let priorities = profile.map(|p| p.priorities);
    let saved: Vec<String> = pack
        .questions_to_ask
        .iter()
        .map(|q| q.text.to_lowercase())
        .collect();
    let suggestions = suggest_questions(
        priorities.as_deref().unwrap_or_default(),
        &titles,
        &covered,
        12,
    )
    .into_iter()
    .filter(|s| !saved.contains(&s.text.to_lowercase()))
    .collect();
    let o = &pack.opportunity;
    page(&AskPage {
        slug: o.slug.clone(),
        label: format!("{} — {}", o.company, o.role),
        priorities,
        round,
        interviewers,
        notes_considered: covered.len(),
        suggestions,
        csrf: st.csrf_token().to_string(),
    })
}

#[derive(Debug, Deserialize)]
pub struct StoriesQuery {
    #[serde(default)]
    q: String,
}

/// The bank; with `?q=`, the stories ranked for that question.
pub async fn stories(State(st): State<AppState>, Query(q): Query<StoriesQuery>) -> PageResult {
    let stories = st.run(|s| Ok(s.stories()?)).await?;
    let ranked = if q.q.trim().is_empty() {
        vec![]
    } else {
        // Off the async threads: the question may go through the model.
        let (st, bank, question) = (st.clone(), stories.clone(), q.q.trim().to_string());
        tokio::task::spawn_blocking(move || {
            let texts = round2_coverage::texts_to_embed(&[], &[], &bank, &[&question]);
            let rank = st.rank_vectors(&texts);
            round2_method::with_rank_scorer(rank.as_ref(), |scorer| {
                round2_coverage::rank_stories(&question, &bank, scorer, 5)
            })
        })
        .await
        .map_err(|e| WebError::internal(format!("ranking stories: {e}")))?
        .into_iter()
        .filter(|r| r.score > 0.0)
        .collect()
    };
    page(&StoriesPage {
        stories,
        question: q.q,
        ranked,
    })
}

pub async fn new_story(State(st): State<AppState>) -> PageResult {
    page(&StoryFormPage {
        story: None,
        new: true,
        error: None,
        csrf: st.csrf_token().to_string(),
    })
}

pub async fn edit_story_form(State(st): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = key::<Id>("story", &id)?;
    let story = st.run(move |s| Ok(s.story(&id.to_string())?)).await?;
    page(&StoryFormPage {
        story: Some(story),
        new: false,
        error: None,
        csrf: st.csrf_token().to_string(),
    })
}

/// The story as typed (nothing checked), for showing a refused form again.
fn story_draft(f: &StoryForm, id: Id) -> Story {
    Story {
        id,
        title: f.title.trim().to_string(),
        situation: f.situation.trim().to_string(),
        task: f.task.trim().to_string(),
        action: f.action.trim().to_string(),
        result: f.result.trim().to_string(),
        tags: tags(&f.tags),
    }
}

/// The story form again with what was typed and why it was refused.
fn story_refused(st: &AppState, draft: Story, new: bool, e: WebError) -> Response {
    refused(e, |message| {
        Box::new(StoryFormPage {
            story: Some(draft),
            new,
            error: Some(message),
            csrf: st.csrf_token().to_string(),
        })
    })
}

pub async fn add_story(
    State(st): State<AppState>,
    CheckedForm(f): CheckedForm<StoryForm>,
) -> Response {
    let story = story_draft(&f, 0);
    let saved = async {
        required("Title", &story.title)?;
        let s2 = story.clone();
        let id = st.run(move |s| Ok(s.add_story(&s2)?)).await?;
        see(format!("/stories#story-{id}"))
    };
    match saved.await {
        Ok(to) => to.into_response(),
        Err(e) => story_refused(&st, story, true, e),
    }
}

pub async fn edit_story(
    State(st): State<AppState>,
    Path(id): Path<String>,
    CheckedForm(f): CheckedForm<StoryForm>,
) -> Response {
    let id = match key::<Id>("story", &id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let story = story_draft(&f, id);
    let saved = async {
        required("Title", &story.title)?;
        let s2 = story.clone();
        st.run(move |s| {
            // A 404 for an unknown id rather than a silent no-op.
            s.story(&id.to_string())?;
            Ok(s.update_story(&s2)?)
        })
        .await?;
        see(format!("/stories#story-{id}"))
    };
    match saved.await {
        Ok(to) => to.into_response(),
        Err(e) => story_refused(&st, story, false, e),
    }
}

/// Deletes a story from the bank, unless a note says it was told (the note
/// would lose its story): then 409 naming where.
pub async fn delete_story(
    State(st): State<AppState>,
    Path(id): Path<String>,
    CheckedForm(_): CheckedForm<RemoveForm>,
) -> Result<Redirect, WebError> {
    let id = key::<Id>("story", &id)?;
    st.run(move |s| {
        let story = s.story(&id.to_string())?;
        let mut told = Vec::new();
        for o in s.list_opportunities()? {
            let pack = s.pack(o.id)?;
            for n in pack
                .notes
                .iter()
                .filter(|n| n.story.as_deref() == Some(&story.title))
            {
                told.push(format!("{} — {}, round {}", o.company, o.role, n.round));
            }
        }
        if !told.is_empty() {
            return Err(WebError::Conflict(format!(
                "notes say you told “{}” ({}); change or remove those notes first",
                story.title,
                told.join("; ")
            )));
        }
        Ok(s.remove(round2_store::Record::Story, id)?)
    })
    .await?;
    see("/stories".to_string())
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: String,
}

pub async fn profile(State(st): State<AppState>, Query(q): Query<SavedQuery>) -> PageResult {
    let profile = st.run(|s| Ok(s.profile()?)).await?.unwrap_or_default();
    page(&ProfilePage {
        profile,
        saved: q.saved == "1",
        error: None,
        csrf: st.csrf_token().to_string(),
    })
}

pub async fn save_profile(
    State(st): State<AppState>,
    CheckedForm(f): CheckedForm<ProfileForm>,
) -> Response {
    let typed = Profile {
        name: f.name.trim().to_string(),
        email: optional(&f.email),
        phone: optional(&f.phone),
        headline: optional(&f.headline),
        priorities: tags(&f.priorities),
    };
    let saved = async {
        required("Name", &typed.name)?;
        if let Some(e) = &typed.email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                return Err(WebError::bad(format!(
                    "Email: `{e}` is not an email address"
                )));
            }
        }
        let p = typed.clone();
        st.run(move |s| Ok(s.set_profile(&p)?)).await?;
        see("/profile?saved=1".to_string())
    };
    match saved.await {
        Ok(to) => to.into_response(),
        Err(e) => refused(e, |message| {
            Box::new(ProfilePage {
                profile: typed,
                saved: false,
                error: Some(message),
                csrf: st.csrf_token().to_string(),
            })
        }),
    }
}

#[derive(Debug, Deserialize)]
pub struct PracticeQuery {
    #[serde(default)]
    opp: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    q: String,
}

/// What a practice page needs from the store: the opportunity (label and
/// pack), its stored review cards, and the saved attempts.
struct PracticeCtx {
    opp: Option<(String, String)>,
    pack: Option<round2_core::PrepPack>,
    cards: Vec<round2_core::ReviewCard>,
    attempts: Vec<round2_core::Attempt>,
    bank: QuestionBank,
}

/// The question bank for a practice page: the curated bank, plus the role
/// questions of the opportunity's posting (from the posting analysis).
async fn practice_ctx(st: &AppState, opp: &str) -> Result<PracticeCtx, WebError> {
    let mut bank = QuestionBank::builtin();
    let key = optional(opp);
    let (pack, cards, attempts) = st
        .run(move |s| {
            let Some(key) = key else {
                return Ok((None, vec![], s.attempts(None)?));
            };
            let o = s.opportunity(&key)?;
            Ok((Some(s.pack(o.id)?), s.cards(o.id)?, s.attempts(Some(o.id))?))
        })
        .await?;
    if let Some(p) = &pack {
        for q in round2_method::role_questions_for(p) {
            // Ids are unique within role questions and prefixed `role-`, so
            // they cannot clash with the curated bank; skip rather than fail.
            let _ = bank.add(q);
        }
    }
    let opp = pack.as_ref().map(|p| {
        let o = &p.opportunity;
        (o.slug.clone(), format!("{} — {}", o.company, o.role))
    });
    Ok(PracticeCtx {
        opp,
        pack,
        cards,
        attempts,
        bank,
    })
}

struct Practice {
    answer: String,
    seconds: Option<u32>,
    /// For an answer given aloud: how it was transcribed and said.
    spoken: Option<String>,
    feedback: bool,
    rated: Option<Rating>,
    next_due: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The sentence vectors of the answer, when the model is installed.
    vectors: Option<round2_coverage::Vectors>,
}

/// The sentence vectors of an answer's sentences, off the async threads
/// (the model may run); `None` without the model.
async fn answer_vectors(st: &AppState, answer: &str) -> Option<round2_coverage::Vectors> {
    if !st.has_model() || answer.trim().is_empty() {
        return None;
    }
    let st = st.clone();
    let texts = round2_practice::feedback::texts_to_embed(answer);
    tokio::task::spawn_blocking(move || st.vectors(&texts))
        .await
        .ok()
        .flatten()
}

fn practice_page(
    st: &AppState,
    ctx: PracticeCtx,
    category: &str,
    q: &str,
    p: Practice,
) -> PageResult {
    let bank = &ctx.bank;
    let opp = ctx.opp.clone();
    let now = st.now();
    // Review cards of this opportunity due by now, longest overdue first.
    let mut due: Vec<(chrono::DateTime<chrono::Utc>, String)> = round2_method::cards_of(&ctx.cards)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.due <= now.to_utc() && bank.get(&c.question_id).is_some())
        .map(|c| (c.due, c.question_id))
        .collect();
    due.sort();
    let question = match optional(q) {
        Some(id) => Some(
            bank.get(&id)
                .cloned()
                .ok_or_else(|| WebError::NotFound(format!("no practice question `{id}`")))?,
        ),
        // Nothing chosen: the most overdue review first.
        None if optional(category).is_none() => {
            due.first().and_then(|(_, id)| bank.get(id)).cloned()
        }
        None => None,
    };
    let role_count = bank.by_category(Category::RoleSpecific).len();
    let category = match (optional(category), &question) {
        (Some(c), _) => choice::<Category>("Category", &c)?,
        (None, Some(q)) => q.category,
        (None, None) if role_count > 0 => Category::RoleSpecific,
        (None, None) => Category::SecondRound,
    };
    let in_category = bank.by_category(category);
    let question = question.or_else(|| in_category.first().map(|q| (*q).clone()));
    let next = question.as_ref().and_then(|q| {
        let pos = in_category.iter().position(|c| c.id == q.id)?;
        in_category
            .get(pos + 1)
            .or_else(|| in_category.first())
            .filter(|n| n.id != q.id)
            .map(|n| n.id.clone())
    });
    let mut categories: Vec<(Category, usize)> = Vec::new();
    if opp.is_some() {
        categories.push((Category::RoleSpecific, role_count));
    }
    categories.extend(
        Category::BUILTIN
            .iter()
            .map(|c| (*c, bank.by_category(*c).len())),
    );
    let terms = ctx
        .pack
        .as_ref()
        .map(round2_method::posting_terms)
        .unwrap_or_default();
    let fb = match (&question, p.feedback) {
        (Some(q), true) => Some(round2_practice::feedback_judged(
            q,
            &p.answer,
            &terms,
            round2_practice::Judge::shipped(p.vectors.as_ref()),
        )),
        _ => None,
    };
    let plan = ctx.pack.as_ref().map(|pack| {
        let interview = round2_method::interview_date(pack, now);
        let cards = round2_method::cards_of(&ctx.cards).unwrap_or_default();
        let days = interview
            .map(|i| round2_practice::plan_in(&cards, now.to_utc(), i.to_utc(), *now.offset()))
            .unwrap_or_default();
        let text = |id: &str| {
            ctx.cards
                .iter()
                .find(|c| c.question_id == id)
                .map_or(id.to_string(), |c| c.question.clone())
        };
        let days = days
            .into_iter()
            .map(|d| (d.date, d.question_ids.iter().map(|q| text(q)).collect()))
            .collect();
        (interview, days)
    });
    let mut history: std::collections::BTreeMap<chrono::NaiveDate, usize> = Default::default();
    for a in &ctx.attempts {
        *history.entry(a.at.date_naive()).or_default() += 1;
    }
    page(&PracticePage {
        opp,
        categories,
        category,
        questions: in_category
            .iter()
            .map(|q| (q.id.clone(), q.text.clone()))
            .collect(),
        question,
        next,
        answer: p.answer,
        seconds: p.seconds,
        feedback: fb,
        rated: p.rated,
        next_due: p.next_due,
        plan,
        history: history.into_iter().collect(),
        due: due
            .iter()
            .filter_map(|(_, id)| bank.get(id))
            .map(|q| (q.id.clone(), q.text.clone()))
            .collect(),
        spoken: p.spoken,
        csrf: st.csrf_token().to_string(),
    })
}

pub async fn practice(State(st): State<AppState>, Query(q): Query<PracticeQuery>) -> PageResult {
    let ctx = practice_ctx(&st, &q.opp).await?;
    let p = Practice {
        answer: String::new(),
        seconds: None,
        spoken: None,
        feedback: false,
        rated: None,
        next_due: None,
        vectors: None,
    };
    practice_page(&st, ctx, &q.category, &q.q, p)
}

pub async fn practice_answer(
    State(st): State<AppState>,
    CheckedForm(f): CheckedForm<PracticeAnswerForm>,
) -> PageResult {
    let ctx = practice_ctx(&st, &f.opp).await?;
    required("Question", &f.q)?;
    let vectors = answer_vectors(&st, &f.answer).await;
    let p = Practice {
        answer: f.answer,
        seconds: forms::timed_seconds(&f.seconds)?,
        spoken: None,
        feedback: true,
        rated: None,
        next_due: None,
        vectors,
    };
    practice_page(&st, ctx, "", &f.q, p)
}

/// An answer given aloud: the recording (WAV) is transcribed on this
/// machine with the installed speech model, and the transcript gets the
/// same feedback as a typed answer, with its pace and pauses.
pub async fn practice_audio(State(st): State<AppState>, mut multipart: Multipart) -> PageResult {
    let mut csrf = String::new();
    let mut opp = String::new();
    let mut q = String::new();
    let mut audio: Option<axum::body::Bytes> = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "opp" => opp = text(),
            "q" => q = text(),
            "audio" if !bytes.is_empty() => audio = Some(bytes),
            _ => {}
        }
    }
    check_csrf(&st, &csrf)?;
    required("Question", &q)?;
    let bytes = audio.ok_or_else(|| WebError::bad("choose a recording (.wav) of your answer"))?;
    let ctx = practice_ctx(&st, &opp).await?;
    let spoken = tokio::task::spawn_blocking(move || crate::speech::transcribe(&bytes))
        .await
        .map_err(|e| WebError::internal(format!("transcribing: {e}")))??;
    let vectors = answer_vectors(&st, &spoken.text).await;
    let p = Practice {
        answer: spoken.text,
        seconds: Some(spoken.seconds),
        spoken: Some(spoken.summary),
        feedback: true,
        rated: None,
        next_due: None,
        vectors,
    };
    practice_page(&st, ctx, "", &q, p)
}

/// Saves the rated answer as an attempt and, for an opportunity, schedules
/// its review card toward the interview (or two weeks from now), as the
/// CLI's drill does.
pub async fn practice_rate(
    State(st): State<AppState>,
    CheckedForm(f): CheckedForm<RateForm>,
) -> PageResult {
    let ctx = practice_ctx(&st, &f.opp).await?;
    let qid = required("Question", &f.q)?;
    let rating: Rating = choice("Rating", &f.rating)?;
    let timed = forms::timed_seconds(&f.seconds)?;
    let question = ctx
        .bank
        .get(&qid)
        .cloned()
        .ok_or_else(|| WebError::NotFound(format!("no practice question `{qid}`")))?;
    if f.answer.trim().is_empty() {
        return Err(WebError::bad(
            "Your answer is empty: answer the question, then rate it",
        ));
    }
    let now = st.now();
    let terms = ctx
        .pack
        .as_ref()
        .map(round2_method::posting_terms)
        .unwrap_or_default();
    let vectors = answer_vectors(&st, &f.answer).await;
    let fb = round2_practice::feedback_judged(
        &question,
        &f.answer,
        &terms,
        round2_practice::Judge::shipped(vectors.as_ref()),
    );
    let target = ctx.pack.as_ref().map(|p| {
        let aim = round2_method::interview_date(p, now).unwrap_or(now + chrono::Duration::days(14));
        let card = ctx
            .cards
            .iter()
            .find(|c| c.question_id == question.id)
            .and_then(|c| serde_json::from_value::<round2_practice::Card>(c.state.clone()).ok())
            .unwrap_or_else(|| round2_practice::Card::new(&question.id, now.to_utc()));
        let card = round2_practice::schedule(&card, rating, now.to_utc(), aim.to_utc());
        (p.opportunity.id, card)
    });
    let next_due = target
        .as_ref()
        .map(|(_, c)| c.due.with_timezone(now.offset()));
    let attempt = round2_core::Attempt {
        id: 0,
        opportunity: ctx.pack.as_ref().map(|p| p.opportunity.id),
        question_id: question.id.clone(),
        question: question.text.clone(),
        answer: f.answer.clone(),
        // The timer's reading when it ran, else the estimate from the words.
        seconds: timed.unwrap_or(fb.seconds_estimate),
        feedback: serde_json::to_value(&fb).map_err(|e| WebError::internal(e.to_string()))?,
        rating: Some(rating.as_str().to_string()),
        at: now,
    };
    let (qid2, qtext) = (question.id.clone(), question.text.clone());
    st.run(move |s| {
        if let Some((opp, card)) = target {
            s.save_card(&round2_core::ReviewCard {
                opportunity: opp,
                question_id: qid2,
                question: qtext,
                state: serde_json::to_value(&card)
                    .map_err(|e| WebError::internal(e.to_string()))?,
            })?;
        }
        s.add_attempt(&attempt)?;
        Ok(())
    })
    .await?;
    // Read back what was saved, so the plan and history include it.
    let ctx = practice_ctx(&st, &f.opp).await?;
    let p = Practice {
        answer: f.answer,
        seconds: timed,
        spoken: None,
        feedback: true,
        rated: Some(rating),
        next_due,
        vectors,
    };
    practice_page(&st, ctx, "", &f.q, p)
}
