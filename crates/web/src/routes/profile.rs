//! The profile page and its form.

use axum::extract::{Query, State};
use axum::response::{IntoResponse as _, Response};
use round2_core::Profile;
use serde::Deserialize;

use crate::forms::*;
use crate::pages::*;
use crate::reply::{page, refused, see, PageResult};
use crate::security::CheckedForm;
use crate::{AppState, WebError};

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
