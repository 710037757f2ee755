//! The story bank: list, rank for a question, add, edit, delete.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use round2_core::{Id, Story};
use serde::Deserialize;

use crate::forms::*;
use crate::pages::*;
use crate::reply::{key, page, refused, see, PageResult};
use crate::security::CheckedForm;
use crate::{AppState, WebError};

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
