//! The web UI's routes: which handler answers which path, and the helpers
//! the handlers share. One module per page (mirroring [`crate::pages`]),
//! each kept thin: extract, call the method or the store (the store on a
//! blocking thread via [`AppState::run`]), return one page or a redirect
//! (POST/redirect/GET, so a reload never posts twice).

mod ask;
mod documents;
mod edit;
mod home;
mod new_opportunity;
mod opportunity;
mod practice;
mod profile;
mod stories;
mod transcript;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::{AppState, AUDIO_LIMIT, BODY_LIMIT};

/// The whole web UI: every page, form handler and asset, behind the `Host`
/// check, the security headers and the body limit.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::home))
        .route("/opportunities/new", get(new_opportunity::new_opportunity))
        .route("/opportunities", post(new_opportunity::create_opportunity))
        .route("/import", post(new_opportunity::import_prep_file))
        .route(
            "/opportunities/page",
            post(new_opportunity::create_from_page),
        )
        .route("/o/{slug}", get(opportunity::opportunity))
        .route("/o/{slug}/stage", post(opportunity::set_stage))
        .route("/o/{slug}/rounds", post(opportunity::add_round))
        .route("/o/{slug}/rounds/{number}", post(edit::edit_round))
        .route(
            "/o/{slug}/rounds/{number}/interviewers/{id}/remove",
            post(edit::unlink_interviewer),
        )
        .route("/o/{slug}/interviewers/{id}", post(edit::edit_interviewer))
        .route("/o/{slug}/research/{id}", post(edit::edit_research))
        .route("/o/{slug}/remove/{what}/{id}", post(edit::remove))
        .route("/o/{slug}/delete", post(edit::delete_opportunity))
        .route(
            "/o/{slug}/rounds/{number}/interviewers",
            post(opportunity::add_interviewer),
        )
        .route("/o/{slug}/notes", post(opportunity::add_note))
        .route("/o/{slug}/notes/{id}", post(opportunity::edit_note))
        .route("/o/{slug}/research", post(opportunity::add_research))
        .route("/o/{slug}/questions", post(opportunity::add_question))
        .route(
            "/o/{slug}/questions/{id}",
            post(opportunity::toggle_question),
        )
        .route("/o/{slug}/checklist", post(opportunity::add_checklist_item))
        .route(
            "/o/{slug}/checklist/{id}",
            post(opportunity::toggle_checklist_item),
        )
        .route("/o/{slug}/ask", get(ask::questions_to_ask))
        .route("/o/{slug}/ledger", get(opportunity::ledger))
        .route("/o/{slug}/prepare", get(documents::prepare))
        .route(
            "/o/{slug}/checklist/defaults",
            post(documents::tick_default),
        )
        .route("/o/{slug}/sheet", get(documents::sheet))
        .route("/o/{slug}/sheet.pdf", get(documents::sheet_pdf))
        .route("/o/{slug}/follow-up", get(documents::follow_up))
        .route(
            "/o/{slug}/thanks/{round}/{who}",
            get(documents::thanks_eml).post(documents::save_thanks),
        )
        .route(
            "/o/{slug}/thanks/{round}/{who}/sent",
            post(documents::mark_sent),
        )
        .route(
            "/o/{slug}/thanks/{round}/{who}/topics",
            post(documents::pick_topics),
        )
        .route("/o/{slug}/calendar.ics", get(documents::calendar))
        .route("/o/{slug}/prep.yaml", get(documents::prep_file))
        .route(
            "/o/{slug}/interviewers.vcf",
            get(documents::interviewers_vcf),
        )
        .route("/o/{slug}/review.apkg", get(documents::review_deck))
        .route(
            "/o/{slug}/rounds/{number}/transcript",
            post(transcript::propose_notes),
        )
        .route(
            "/o/{slug}/rounds/{number}/transcript/save",
            post(transcript::save_notes),
        )
        .route("/stories", get(stories::stories).post(stories::add_story))
        .route("/stories/new", get(stories::new_story))
        .route("/stories/{id}", post(stories::edit_story))
        .route("/stories/{id}/edit", get(stories::edit_story_form))
        .route("/stories/{id}/delete", post(stories::delete_story))
        .route(
            "/practice",
            get(practice::practice).post(practice::practice_answer),
        )
        .route("/practice/rate", post(practice::practice_rate))
        .route(
            "/practice/audio",
            post(practice::practice_audio).layer(DefaultBodyLimit::max(AUDIO_LIMIT)),
        )
        .route("/practice/heard/{id}", get(practice::practice_heard))
        .route("/recordings/{attempt}", get(practice::recording))
        .route(
            "/recordings/{attempt}/delete",
            post(practice::delete_recording),
        )
        .route(
            "/profile",
            get(profile::profile).post(profile::save_profile),
        )
        .route("/assets/{name}", get(crate::assets::asset))
        .fallback(home::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::page_cache::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::guard,
        ))
        .with_state(state)
}
