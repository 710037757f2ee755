//! Round notes from a transcript: `POST /o/{slug}/rounds/{n}/transcript`
//! reads an uploaded or pasted transcript and shows the proposed notes;
//! `POST …/transcript/save` stores the ones the user kept, in one
//! transaction. The reading and proposing is `round2_method::transcript`,
//! as the CLI's `round import-transcript` uses it.

use axum::extract::{Multipart, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use round2_core::{Note, NoteKind};
use round2_method::transcript::{match_speakers, parse, propose, speakers, turns, Speaker};

use crate::forms::FieldsForm;
use crate::layout;
use crate::pages::TranscriptPage;
use crate::reply::{multipart_error, see};
use crate::security::{check_csrf, CheckedForm};
use crate::{AppState, WebError};

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    csrf: String,
    file: Option<(Option<String>, Vec<u8>)>,
    pasted: String,
    me: String,
    speakers: String,
}

pub async fn propose_notes(
    State(st): State<AppState>,
    Path((slug, round)): Path<(String, u32)>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let mut up = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => up.csrf = text(),
            "transcript" if !bytes.is_empty() => up.file = Some((file_name, bytes.to_vec())),
            "transcript_text" => up.pasted = text(),
            "me" => up.me = text(),
            "speakers" => up.speakers = text(),
            _ => {}
        }
    }
    check_csrf(&st, &up.csrf)?;
    let (pack, profile) = {
        let slug = slug.clone();
        st.run(move |s| {
            let o = s.opportunity(&slug)?;
            Ok((s.pack(o.id)?, s.profile()?))
        })
        .await?
    };
    let Some(r) = pack.round(round) else {
        return Err(WebError::NotFound(format!("`{slug}` has no round {round}")));
    };
    let mut page = TranscriptPage {
        slug: pack.opportunity.slug.clone(),
        company: pack.opportunity.company.clone(),
        round,
        speakers: Vec::new(),
        proposals: Vec::new(),
        error: None,
        csrf: st.csrf_token().to_string(),
    };
    let interviewers: Vec<String> = r.interviewers.iter().map(|i| i.name.clone()).collect();
    let me = Some(up.me.trim().to_owned())
        .filter(|m| !m.is_empty())
        .or(profile.map(|p| p.name).filter(|n| !n.trim().is_empty()));
    let overrides: Vec<String> = up
        .speakers
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let read = || -> Result<_, String> {
        let (ext, text) = match &up.file {
            Some((name, bytes)) => {
                let ext = name
                    .as_deref()
                    .and_then(|n| std::path::Path::new(n).extension())
                    .and_then(|e| e.to_str())
                    .map(str::to_owned);
                let text = String::from_utf8(bytes.clone())
                    .map_err(|_| "the transcript is not UTF-8 text".to_string())?;
                (ext, text)
            }
            None if !up.pasted.trim().is_empty() => (None, up.pasted.clone()),
            None => return Err("choose a transcript file or paste its text".into()),
        };
        let cues = parse(&text, ext.as_deref()).map_err(|e| e.to_string())?;
        let turns = turns(&cues);
        let who = match_speakers(&speakers(&turns), &interviewers, me.as_deref(), &overrides)
            .map_err(|e| e.to_string())?;
        Ok((propose(&turns, &who), who))
    };
    match read() {
        Ok((proposals, who)) => {
            page.proposals = proposals;
            page.speakers = who
                .into_iter()
                .map(|(label, s)| {
                    let is = match s {
                        Speaker::Me => "you".to_owned(),
                        Speaker::Interviewer(n) => n,
                        Speaker::Ignored => "ignored".to_owned(),
                    };
                    (label, is)
                })
                .collect();
            Ok(Html(layout::render(&page)).into_response())
        }
        Err(message) => {
            page.error = Some(message);
            Ok((
                axum::http::StatusCode::BAD_REQUEST,
                Html(layout::render(&page)),
            )
                .into_response())
        }
    }
}

/// The ticked proposals as notes; a ticked one left empty is refused.
fn kept_notes(f: &FieldsForm, round: u32) -> Result<Vec<Note>, WebError> {
    let get = |key: String| {
        f.fields
            .get(&key)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let count: usize = get("count".into())
        .parse()
        .map_err(|_| WebError::bad("the form lost its proposals: propose the notes again"))?;
    let mut notes = Vec::new();
    for i in 0..count.min(1000) {
        if get(format!("keep-{i}")).is_empty() {
            continue;
        }
        let text = get(format!("text-{i}"));
        if text.is_empty() {
            return Err(WebError::bad(format!(
                "note {} is ticked but empty: write its text or untick it",
                i + 1
            )));
        }
        let kind: NoteKind = get(format!("kind-{i}"))
            .parse()
            .map_err(|e| WebError::bad(format!("note {}: {e}", i + 1)))?;
        let interviewer = Some(get(format!("interviewer-{i}"))).filter(|n| !n.is_empty());
        notes.push(Note {
            id: 0,
            round,
            kind,
            interviewer,
            story: None,
            topic: None,
            text,
        });
    }
    Ok(notes)
}

pub async fn save_notes(
    State(st): State<AppState>,
    Path((slug, round)): Path<(String, u32)>,
    CheckedForm(f): CheckedForm<FieldsForm>,
) -> Result<Redirect, WebError> {
    let notes = kept_notes(&f, round)?;
    let slug = st
        .run(move |s| {
            let o = s.opportunity(&slug)?;
            s.add_notes(o.id, &notes)?;
            Ok(o.slug)
        })
        .await?;
    see(format!("/o/{slug}#round-{round}"))
}
