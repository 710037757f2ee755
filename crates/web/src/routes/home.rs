//! The home page: every opportunity with its next round, and the 404 page.

use axum::extract::{Query, State};

use crate::pages::*;
use crate::reply::{page, PageResult};
use crate::{AppState, WebError};

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
