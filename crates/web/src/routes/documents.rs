//! Handlers for what the candidate brings and sends: the prepare page, the
//! cheat sheet (HTML and PDF), thank-you notes (edit, .eml, sent) and the
//! calendar. They mirror the CLI's `pitch`, `sheet`, `thank-you`, `checklist`
//! and `calendar` commands over `round2_method::Prepared`.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use round2_core::{ChecklistItem, PrepPack, ThankYouNote};
use round2_documents::{
    build_cheat_sheet, day_of_checklist, draft_to_eml, pitch, talking_points, ChecklistOrigin,
};
use round2_method::Prepared;
use round2_store::Store;
use serde::Deserialize;

use crate::forms::{optional, required, ChecklistForm, FieldsForm, ThankYouForm};
use crate::layout;
use crate::pages::{CheckRow, FollowUpPage, NoteRow, PreparePage, TopicChoice};
use crate::security::CheckedForm;
use crate::{AppState, WebError};

type PageResult = Result<Html<String>, WebError>;

fn prepared(
    s: &mut dyn Store,
    slug: &str,
) -> Result<(round2_core::PrepPack, round2_core::Profile), WebError> {
    let o = s.opportunity(slug)?;
    let pack = s.pack(o.id)?;
    let profile = s.profile()?.unwrap_or_default();
    Ok((pack, profile))
}

async fn load(st: &AppState, slug: String) -> Result<Prepared, WebError> {
    let now = st.now();
    let (pack, profile) = st.run(move |s| prepared(s, &slug)).await?;
    // Off the async threads: the ledger, and the sentence model the first
    // time a pack's texts are seen.
    let st = st.clone();
    tokio::task::spawn_blocking(move || {
        let vectors = st.vectors(&round2_method::texts_to_judge(&pack, &[]));
        let rank = st.rank_vectors(&round2_method::texts_to_rank(&pack, &[]));
        Prepared::with_vectors(pack, profile, now, vectors).ranked_with(rank)
    })
    .await
    .map_err(|e| WebError::internal(format!("preparing the documents: {e}")))
}

pub use round2_method::person_key;

fn label(p: &PrepPack) -> String {
    format!("{} — {}", p.opportunity.company, p.opportunity.role)
}

/// The method's defaults not yet among the user's items, and the user's
/// items: what the checklist shows.
fn checklist_rows(pack: &PrepPack) -> Vec<CheckRow> {
    day_of_checklist(pack)
        .into_iter()
        .map(|entry| {
            let id = match entry.origin {
                ChecklistOrigin::User => pack
                    .checklist
                    .iter()
                    .find(|i| i.text == entry.text)
                    .map(|i| i.id),
                ChecklistOrigin::Method => None,
            };
            CheckRow { entry, id }
        })
        .collect()
}

pub async fn prepare(State(st): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let p = load(&st, slug).await?;
    let input = p.input();
    let round = p.pack.next_round_number();
    let pitches = p
        .pack
        .round(round)
        .map(|r| {
            r.interviewers
                .iter()
                .map(|i| pitch(&input, &i.name))
                .collect()
        })
        .unwrap_or_default();
    let page = PreparePage {
        slug: p.pack.opportunity.slug.clone(),
        label: label(&p.pack),
        round,
        talking_points: talking_points(&input),
        pitches,
        questions: input.questions_to_ask.clone(),
        checklist: checklist_rows(&p.pack),
        csrf: st.csrf_token().to_string(),
    };
    Ok(Html(layout::render(&page)))
}

/// Ticking one of the method's defaults stores it as the user's own item,
/// done (as `round2 checklist --tick mN` does).
pub async fn tick_default(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    CheckedForm(f): CheckedForm<ChecklistForm>,
) -> Result<Redirect, WebError> {
    let text = required("Item", &f.text)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            let pack = s.pack(o.id)?;
            let is_default = day_of_checklist(&pack)
                .iter()
                .any(|e| e.origin == ChecklistOrigin::Method && e.text == text);
            if !is_default {
                return Err(WebError::NotFound(format!(
                    "`{text}` is not one of the checklist's defaults"
                )));
            }
            s.add_checklist_item(
                o.id,
                &ChecklistItem {
                    id: 0,
                    text,
                    done: true,
                },
            )?;
            Ok(o.slug)
        })
        .await?;
    Ok(Redirect::to(&format!("/o/{slug}/prepare#checklist-h")))
}

/// The cheat sheet as its own self-contained page (inline styles only, so it
/// gets a policy that allows them and nothing else).
pub async fn sheet(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let p = load(&st, slug).await?;
    let html = build_cheat_sheet(&p.input()).to_html();
    let mut resp = Html(html).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    Ok(resp)
}

/// Printable ASCII for a header value: anything else percent-encoded.
fn header_text(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if (0x20..0x7f).contains(&b) && b != b'%' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The one-page PDF. What was trimmed to fit is listed in
/// `X-Round2-Left-Out` (items joined by `; `, non-ASCII percent-encoded).
pub async fn sheet_pdf(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let p = load(&st, slug).await?;
    let slug = p.pack.opportunity.slug.clone();
    let pdf = tokio::task::spawn_blocking(move || build_cheat_sheet(&p.input()).to_pdf())
        .await
        .map_err(|e| WebError::internal(format!("the PDF task failed: {e}")))?
        .map_err(|e| WebError::internal(format!("making the PDF: {e}")))?;
    let mut headers = attachment(
        "application/pdf",
        &format!("{}-cheat-sheet.pdf", person_key(&slug)),
    );
    if !pdf.left_out.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&header_text(&pdf.left_out.join("; "))) {
            headers.insert("x-round2-left-out", v);
        }
    }
    Ok((headers, pdf.bytes).into_response())
}

/// Headers for a download: its type and a file name (slugs and person keys
/// only, so always a valid header value).
fn attachment(content_type: &'static str, file_name: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers
}

#[derive(Debug, Deserialize)]
pub struct RoundQuery {
    #[serde(default)]
    round: String,
}

/// Drafts for `round`; the ones not stored yet are saved, so later edits
/// and "sent" marks have a record to change (as the CLI does). True when
/// something was saved.
fn drafts(s: &mut dyn Store, p: &Prepared, round: u32) -> Result<(Vec<NoteRow>, bool), WebError> {
    let (drafts, to_save) = p.thank_you_drafts(round, None, false);
    for note in &to_save {
        s.save_thank_you(p.pack.opportunity.id, note)?;
    }
    let rows = drafts
        .into_iter()
        .map(|d| {
            let sent_at = p
                .pack
                .thank_you
                .iter()
                .find(|t| t.round == round && t.interviewer == d.interviewer)
                .and_then(|t| t.sent_at);
            NoteRow {
                key: person_key(&d.interviewer),
                topics: topic_choices(&p.pack, round, &d.interviewer, &d.body),
                draft: d,
                sent_at,
            }
        })
        .collect();
    Ok((rows, !to_save.is_empty()))
}

/// The topics round2 found for a note's interviewer, one per note, and
/// whether the draft names each.
/// `body` is the note's text, to mark the topics it names.
fn topic_choices(pack: &PrepPack, round: u32, interviewer: &str, body: &str) -> Vec<TopicChoice> {
    let Some(person) = pack
        .round(round)
        .and_then(|r| r.interviewers.iter().find(|i| i.name == interviewer))
    else {
        return Vec::new();
    };
    let mut out: Vec<TopicChoice> = Vec::new();
    for (t, source) in round2_documents::thank_you::candidate_topics(pack, round, person) {
        let round2_documents::Source::Note { id, .. } = source else {
            continue;
        };
        if out.iter().any(|c| c.note == id) {
            continue;
        }
        let framed = t.framed();
        out.push(TopicChoice {
            note: id,
            chosen: body.contains(&framed),
            phrase: t.plain(),
            framed,
        });
    }
    out
}

/// Stores a thank-you note's text, keeping the stored deadline and sent time.
fn save_body(
    s: &mut dyn Store,
    p: &Prepared,
    round: u32,
    interviewer: String,
    stored: Option<ThankYouNote>,
    body: String,
) -> Result<(), WebError> {
    let deadline = stored
        .as_ref()
        .and_then(|t| t.deadline)
        .or_else(|| p.pack.round(round).and_then(|r| r.thank_you_deadline()));
    s.save_thank_you(
        p.pack.opportunity.id,
        &ThankYouNote {
            id: 0,
            round,
            interviewer,
            body,
            deadline,
            sent_at: stored.and_then(|t| t.sent_at),
        },
    )?;
    Ok(())
}

/// Saves the topics the user picked (and their wording) on the notes they
/// come from, then rebuilds that interviewer's thank-you note from them.
/// Validation comes first, so a refused form changes nothing.
pub async fn pick_topics(
    State(st): State<AppState>,
    Path((slug, round, key)): Path<(String, String, String)>,
    CheckedForm(f): CheckedForm<FieldsForm>,
) -> Result<Redirect, WebError> {
    let round = round_key(&round)?;
    let now = st.now();
    let (slug, key) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            let (name, stored) = note_of(&p, round, &key)?;
            let mut changes = Vec::new();
            for c in topic_choices(&p.pack, round, &name, "") {
                let topic = if f.picked(c.note) {
                    let t = f.wording(c.note).ok_or_else(|| {
                        WebError::bad(format!(
                            "the topic from note #{} is ticked but empty: write it, or untick it",
                            c.note
                        ))
                    })?;
                    round2_core::limits::check_name(
                        "a topic",
                        &t,
                        round2_core::limits::MAX_NAME_CHARS,
                    )
                    .map_err(WebError::bad)?;
                    Some(t)
                } else {
                    None
                };
                if let Some(n) = p.pack.notes.iter().find(|n| n.id == c.note) {
                    if n.topic != topic {
                        let mut n = n.clone();
                        n.topic = topic;
                        changes.push(n);
                    }
                }
            }
            let opp = p.pack.opportunity.id;
            for n in &changes {
                s.update_note(opp, n)?;
            }
            let (pack, profile) = prepared(s, &p.pack.opportunity.slug)?;
            let p = Prepared::new(pack, profile, now);
            let (drafts, _) = p.thank_you_drafts(round, None, true);
            let d = drafts
                .into_iter()
                .find(|d| d.interviewer == name)
                .ok_or_else(|| WebError::NotFound(format!("no thank-you note for {name}")))?;
            save_body(s, &p, round, name, stored, d.body)?;
            Ok((p.pack.opportunity.slug, key))
        })
        .await?;
    st.invalidate();
    Ok(Redirect::to(&format!(
        "/o/{slug}/follow-up?round={round}#thanks-{key}"
    )))
}

fn round_of(p: &Prepared, q: &str) -> Result<Option<u32>, WebError> {
    match optional(q) {
        None => Ok(round2_method::past_round(&p.pack, p.now)),
        Some(t) => {
            let n: u32 = t
                .parse()
                .map_err(|_| WebError::bad(format!("`{t}` is not a round number")))?;
            p.pack
                .round(n)
                .ok_or_else(|| WebError::NotFound(format!("no round {n}")))?;
            Ok(Some(n))
        }
    }
}

pub async fn follow_up(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<RoundQuery>,
) -> PageResult {
    let now = st.now();
    let (p, round, notes, saved) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            let round = round_of(&p, &q.round)?;
            let (notes, saved) = match round {
                Some(r) => drafts(s, &p, r)?,
                None => (vec![], false),
            };
            Ok((p, round, notes, saved))
        })
        .await?;
    if saved {
        // Drafts were stored: pages showing thank-you notes must see them.
        st.invalidate();
    }
    let page = FollowUpPage {
        slug: p.pack.opportunity.slug.clone(),
        label: label(&p.pack),
        round,
        notes,
        has_email: p.profile.email.is_some(),
        now,
        csrf: st.csrf_token().to_string(),
    };
    Ok(Html(layout::render(&page)))
}

/// The interviewer of `round` whose key is `key`, and the stored note.
fn note_of(
    p: &Prepared,
    round: u32,
    key: &str,
) -> Result<(String, Option<ThankYouNote>), WebError> {
    let r = p
        .pack
        .round(round)
        .ok_or_else(|| WebError::NotFound(format!("no round {round}")))?;
    let person = r
        .interviewers
        .iter()
        .find(|i| person_key(&i.name) == key)
        .ok_or_else(|| WebError::NotFound(format!("no interviewer `{key}` in round {round}")))?;
    let stored = p
        .pack
        .thank_you
        .iter()
        .find(|t| t.round == round && t.interviewer == person.name)
        .cloned();
    Ok((person.name.clone(), stored))
}

fn round_key(text: &str) -> Result<u32, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound(format!("no round `{text}`")))
}

/// Saves an edited note (the body as typed; sent time and deadline kept).
pub async fn save_thanks(
    State(st): State<AppState>,
    Path((slug, round, key)): Path<(String, String, String)>,
    CheckedForm(f): CheckedForm<ThankYouForm>,
) -> Result<Redirect, WebError> {
    let round = round_key(&round)?;
    let body = required("Note", &f.body)?;
    let now = st.now();
    let (slug, key) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            let (name, stored) = note_of(&p, round, &key)?;
            save_body(s, &p, round, name, stored, body)?;
            Ok((p.pack.opportunity.slug, key))
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/o/{slug}/follow-up?round={round}#thanks-{key}"
    )))
}

/// Records that the note was sent, now.
pub async fn mark_sent(
    State(st): State<AppState>,
    Path((slug, round, key)): Path<(String, String, String)>,
    CheckedForm(_f): CheckedForm<ThankYouForm>,
) -> Result<Redirect, WebError> {
    let round = round_key(&round)?;
    let now = st.now();
    let (slug, key) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            let (name, stored) = note_of(&p, round, &key)?;
            let body = match &stored {
                Some(t) => t.body.clone(),
                None => drafts(s, &p, round)?
                    .0
                    .into_iter()
                    .find(|n| n.draft.interviewer == name)
                    .map(|n| n.draft.body)
                    .unwrap_or_default(),
            };
            let deadline = stored
                .as_ref()
                .and_then(|t| t.deadline)
                .or_else(|| p.pack.round(round).and_then(|r| r.thank_you_deadline()));
            s.save_thank_you(
                p.pack.opportunity.id,
                &ThankYouNote {
                    id: 0,
                    round,
                    interviewer: name,
                    body,
                    deadline,
                    sent_at: Some(now),
                },
            )?;
            Ok((p.pack.opportunity.slug, key))
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/o/{slug}/follow-up?round={round}#thanks-{key}"
    )))
}

/// `GET /o/{slug}/thanks/{round}/{key}.eml`: the note as an email draft.
pub async fn thanks_eml(
    State(st): State<AppState>,
    Path((slug, round, file)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let round = round_key(&round)?;
    let key = file
        .strip_suffix(".eml")
        .ok_or_else(|| WebError::NotFound(format!("no file `{file}` (expected NAME.eml)")))?
        .to_string();
    let now = st.now();
    let (p, notes, saved) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            note_of(&p, round, &key)?;
            let (notes, saved) = drafts(s, &p, round)?;
            Ok((p, notes.into_iter().find(|n| n.key == key), saved))
        })
        .await?;
    if saved {
        st.invalidate();
    }
    let note = notes.ok_or_else(|| WebError::NotFound("no such thank-you note".into()))?;
    if p.profile.email.is_none() {
        return Err(WebError::bad(
            "your profile has no email address, so there is no sender for an .eml draft: add one \
             on the Profile page (/profile), or copy the note's text instead",
        ));
    }
    let eml =
        draft_to_eml(&note.draft, &p.profile, now).map_err(|e| WebError::bad(e.to_string()))?;
    let headers = attachment("message/rfc822", &format!("thank-you-{}.eml", note.key));
    Ok((headers, eml).into_response())
}

/// `GET /o/{slug}/calendar.ics`: rounds, thank-you deadlines and practice.
pub async fn calendar(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let now = st.now();
    let (p, cards) = st
        .run(move |s| {
            let (pack, profile) = prepared(s, &slug)?;
            let p = Prepared::new(pack, profile, now);
            let cards = s.cards(p.pack.opportunity.id)?;
            Ok((p, cards))
        })
        .await?;
    let cards = round2_method::practice::cards_of(&cards)
        .map_err(|e| WebError::internal(format!("a stored review card: {e}")))?;
    let ics = p.calendar(&cards);
    let headers = attachment(
        "text/calendar; charset=utf-8",
        &format!("{}.ics", person_key(&p.pack.opportunity.slug)),
    );
    Ok((headers, ics).into_response())
}

/// `GET /o/{slug}/interviewers.vcf`: the interviewers as vCard 4.0 contacts.
pub async fn interviewers_vcf(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let now = st.now();
    let pack = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok(s.pack(o.id)?)
        })
        .await?;
    if pack.interviewers.is_empty() {
        return Err(WebError::bad(
            "this opportunity has no interviewers yet: add them on its page first",
        ));
    }
    let vcf = round2_documents::interviewers_vcf(&pack, now);
    let headers = attachment(
        "text/vcard; charset=utf-8",
        &format!("{}-interviewers.vcf", pack.opportunity.slug),
    );
    Ok((headers, vcf).into_response())
}

/// `GET /o/{slug}/review.apkg`: the practice questions (with the best
/// answers) and the linked stories as an Anki package.
pub async fn review_deck(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let now = st.now();
    let (pack, cards, attempts) = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok((s.pack(o.id)?, s.cards(o.id)?, s.attempts(Some(o.id))?))
        })
        .await?;
    let practised = [round2_documents::Practised {
        pack: &pack,
        cards: &cards,
        attempts: &attempts,
    }];
    let decks = round2_documents::review_decks(&practised, &pack.stories);
    let bytes = round2_documents::apkg(&decks, now).map_err(|e| match e {
        round2_documents::AnkiError::Empty => WebError::bad(e.to_string()),
        other => WebError::internal(other.to_string()),
    })?;
    let headers = attachment(
        "application/octet-stream",
        &format!("{}-review.apkg", pack.opportunity.slug),
    );
    Ok((headers, bytes).into_response())
}

/// The opportunity as a prep file (YAML), as `round2 export` writes it: a
/// copy to keep, to import on another machine, or to share with a coach.
pub async fn prep_file(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let pack = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok(s.pack(o.id)?)
        })
        .await?;
    let yaml = round2_core::prep::PrepFile::from_pack(&pack)
        .to_yaml()
        .map_err(|e| WebError::internal(e.to_string()))?;
    let headers = attachment(
        "application/yaml; charset=utf-8",
        &format!("{}.yaml", pack.opportunity.slug),
    );
    Ok((headers, yaml).into_response())
}
