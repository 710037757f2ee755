//! A new opportunity: from the form, from a posting's web page, or from a prep file.

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use round2_core::prep::{Format, PrepFile};
use round2_core::{NewOpportunity, Stage};

use crate::forms::*;
use crate::pages::*;
use crate::reply::{multipart_error, opp_url, page, refused, see, PageResult};
use crate::security::{check_csrf, CheckedForm};
use crate::{AppState, WebError};

pub async fn new_opportunity(State(st): State<AppState>) -> PageResult {
    page(&NewOpportunityPage::blank(st.csrf_token().to_string()))
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
