//! The practice page: a question, an answer typed or spoken, its feedback,
//! the rating that schedules its review; the plan and history beside it.

use axum::extract::{Multipart, Query, State};
use round2_method::practice::{
    attempt, cards_of, due_cards, practice_bank, review, Answered, PracticeRecordError,
};
use round2_practice::{Category, Question, QuestionBank, Rating};
use serde::Deserialize;

use crate::forms::{self, *};
use crate::pages::*;
use crate::reply::{multipart_error, page, see, PageResult};
use crate::security::{check_csrf, CheckedForm};
use crate::{AppState, WebError};

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
    /// The attempts (of all, not only those above) with a recording kept.
    recorded: std::collections::HashSet<i64>,
    bank: QuestionBank,
}

/// The question bank for a practice page: the curated bank, the user's own
/// questions and the role questions of the opportunity's posting.
async fn practice_ctx(st: &AppState, opp: &str) -> Result<PracticeCtx, WebError> {
    let key = optional(opp);
    let (pack, cards, attempts, user, recorded) = st
        .run(move |s| {
            let user = s.user_questions()?;
            let recorded: std::collections::HashSet<i64> =
                s.recordings()?.into_iter().map(|(a, _)| a).collect();
            let Some(key) = key else {
                return Ok((None, vec![], s.attempts(None)?, user, recorded));
            };
            let o = s.opportunity(&key)?;
            Ok((
                Some(s.pack(o.id)?),
                s.cards(o.id)?,
                s.attempts(Some(o.id))?,
                user,
                recorded,
            ))
        })
        .await?;
    let bank = practice_bank(&user, pack.as_ref()).map_err(record_error)?;
    let opp = pack.as_ref().map(|p| {
        let o = &p.opportunity;
        (o.slug.clone(), format!("{} — {}", o.company, o.role))
    });
    Ok(PracticeCtx {
        opp,
        pack,
        cards,
        attempts,
        recorded,
        bank,
    })
}

/// Stored practice records practice cannot use: the store holds them, so
/// it is not the request's fault.
fn record_error(e: PracticeRecordError) -> WebError {
    WebError::internal(e.to_string())
}

struct Practice {
    answer: String,
    seconds: Option<u32>,
    /// For an answer given aloud: how it was said.
    spoken: Option<round2_practice::spoken::Spoken>,
    feedback: bool,
    rated: Option<Rating>,
    next_due: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The sentence vectors of the answer, when the model is installed.
    vectors: Option<round2_coverage::Vectors>,
    /// The transcription whose recording is to be kept when the answer is
    /// saved.
    recording: Option<String>,
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

/// The feedback on the page's answer: spoken when it was said aloud.
fn judged(q: &Question, answer: &str, terms: &[String], p: &Practice) -> round2_practice::Feedback {
    let judge = round2_practice::Judge::shipped(p.vectors.as_ref());
    match &p.spoken {
        Some(heard) => round2_practice::feedback_spoken(q, answer, terms, judge, heard.clone()),
        None => round2_practice::feedback_judged(q, answer, terms, judge),
    }
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
    let cards = cards_of(&ctx.cards).map_err(record_error)?;
    // Review cards of this opportunity due by now, longest overdue first.
    let due: Vec<&Question> = due_cards(&cards, now.to_utc())
        .into_iter()
        .filter_map(|c| bank.get(&c.question_id))
        .collect();
    let question = match optional(q) {
        Some(id) => Some(
            bank.get(&id)
                .cloned()
                .ok_or_else(|| WebError::NotFound(format!("no practice question `{id}`")))?,
        ),
        // Nothing chosen: the most overdue review first.
        None if optional(category).is_none() => due.first().map(|q| (*q).clone()),
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
        (Some(q), true) => Some(judged(q, &p.answer, &terms, &p)),
        _ => None,
    };
    let plan = ctx.pack.as_ref().map(|pack| {
        let interview = round2_method::interview_date(pack, now);
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
    let spoken_history = round2_method::practice::history(&ctx.attempts)
        .map_err(record_error)?
        .into_iter()
        .filter(|h| h.spoken.is_some())
        .collect();
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
        due: due.iter().map(|q| (q.id.clone(), q.text.clone())).collect(),
        spoken: p.spoken,
        recording: p.recording,
        recordings: ctx
            .attempts
            .iter()
            .filter(|a| ctx.recorded.contains(&a.id))
            .map(|a| (a.id, a.question.clone(), a.at))
            .collect(),
        spoken_history,
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
        recording: None,
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
        spoken: forms::spoken(&f.spoken, &f.answer)?,
        answer: f.answer,
        seconds: forms::timed_seconds(&f.seconds)?,
        feedback: true,
        rated: None,
        next_due: None,
        vectors,
        recording: optional(&f.recording),
    };
    practice_page(&st, ctx, "", &f.q, p)
}

/// An answer given aloud: the recording (WAV, FLAC, MP3, Ogg or M4A) is
/// read at once (a file round2 cannot read is refused here) and then
/// transcribed on this machine while [`practice_heard`] shows how far it
/// got; the transcript gets the same feedback as a typed answer, with its
/// pace and pauses.
pub async fn practice_audio(
    State(st): State<AppState>,
    mut multipart: Multipart,
) -> Result<axum::response::Redirect, WebError> {
    let mut csrf = String::new();
    let mut opp = String::new();
    let mut q = String::new();
    let mut keep = false;
    let mut audio: Option<axum::body::Bytes> = None;
    let mut ext: Option<String> = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "audio" {
            ext = field
                .file_name()
                .and_then(|f| std::path::Path::new(f).extension())
                .and_then(|e| e.to_str())
                .map(str::to_owned);
        }
        let bytes = field.bytes().await.map_err(multipart_error)?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "opp" => opp = text(),
            "q" => q = text(),
            "keep" => keep = !bytes.is_empty(),
            "audio" if !bytes.is_empty() => audio = Some(bytes),
            _ => {}
        }
    }
    check_csrf(&st, &csrf)?;
    let qid = required("Question", &q)?;
    let bytes = audio.ok_or_else(|| {
        WebError::bad("choose a recording of your answer (WAV, FLAC, MP3, Ogg or M4A)")
    })?;
    // The opportunity and question must exist before minutes are spent.
    let ctx = practice_ctx(&st, &opp).await?;
    if ctx.bank.get(&qid).is_none() {
        return Err(WebError::NotFound(format!("no practice question `{qid}`")));
    }
    let audio = tokio::task::spawn_blocking(move || crate::speech::decode(bytes, ext.as_deref()))
        .await
        .map_err(|e| WebError::internal(format!("reading the recording: {e}")))??;
    let job = crate::hearing::Job { opp, q: qid, keep };
    let id = st
        .hearings()
        .start(audio, job, |a, progress| crate::speech::hear(a, progress))?;
    see(format!("/practice/heard/{id}"))
}

/// A spoken answer being transcribed: how far it got, the page reloading
/// itself each second; then the practice page with the transcript in the
/// answer box for correcting, and its feedback.
pub async fn practice_heard(
    State(st): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> PageResult {
    use crate::hearing::Hearing;
    let (job, hearing) = st.hearings().get(&id)?.ok_or_else(|| {
        WebError::NotFound(
            "this transcription is not here any more (it finished over an hour ago, or the \
             server restarted since): send the recording again"
                .into(),
        )
    })?;
    let heard = match hearing {
        Hearing::Running { done, total } => {
            return page(&HearingPage {
                done,
                total,
                back: format!("/practice?opp={}&q={}", job.opp, job.q),
            })
        }
        Hearing::Failed { message, bad: true } => return Err(WebError::bad(message)),
        Hearing::Failed {
            message,
            bad: false,
        } => return Err(WebError::internal(message)),
        Hearing::Heard(heard) => heard,
    };
    let ctx = practice_ctx(&st, &job.opp).await?;
    let vectors = answer_vectors(&st, &heard.text).await;
    let p = Practice {
        answer: heard.text,
        seconds: Some(heard.spoken.delivery.speaking_seconds.round() as u32),
        spoken: Some(heard.spoken),
        feedback: true,
        rated: None,
        next_due: None,
        vectors,
        recording: job.keep.then_some(id),
    };
    practice_page(&st, ctx, "", &job.q, p)
}

/// A kept recording, to listen to.
pub async fn recording(
    State(st): State<AppState>,
    axum::extract::Path(attempt): axum::extract::Path<i64>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse as _;
    let wav = st
        .run(move |s| Ok(s.recording(attempt)?))
        .await?
        .ok_or_else(|| WebError::NotFound(format!("no recording kept for attempt {attempt}")))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "audio/wav"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        wav,
    )
        .into_response())
}

/// Deletes a kept recording; the attempt's transcript and feedback stay.
pub async fn delete_recording(
    State(st): State<AppState>,
    axum::extract::Path(attempt): axum::extract::Path<i64>,
    CheckedForm(f): CheckedForm<DeleteRecordingForm>,
) -> Result<axum::response::Redirect, WebError> {
    let deleted = st.run(move |s| Ok(s.delete_recording(attempt)?)).await?;
    if !deleted {
        return Err(WebError::NotFound(format!(
            "no recording kept for attempt {attempt}"
        )));
    }
    see(match optional(&f.opp) {
        Some(o) => format!("/practice?opp={o}#history"),
        None => "/practice#history".into(),
    })
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
    let spoken = forms::spoken(&f.spoken, &f.answer)?;
    let fb = match spoken.clone() {
        Some(heard) => round2_practice::feedback_spoken(
            &question,
            &f.answer,
            &terms,
            round2_practice::Judge::shipped(vectors.as_ref()),
            heard,
        ),
        None => round2_practice::feedback_judged(
            &question,
            &f.answer,
            &terms,
            round2_practice::Judge::shipped(vectors.as_ref()),
        ),
    };
    let reviewed = ctx
        .pack
        .as_ref()
        .map(|p| review(&ctx.cards, p, &question, rating, now))
        .transpose()
        .map_err(record_error)?;
    let next_due = reviewed
        .as_ref()
        .map(|(_, c)| c.due.with_timezone(now.offset()));
    let answered = Answered {
        question: &question,
        answer: &f.answer,
        // The timer's reading when it ran, else the time spoken, else the
        // estimate from the words.
        seconds: timed
            .or(spoken
                .as_ref()
                .map(|s| s.delivery.speaking_seconds.round() as u32))
            .unwrap_or(fb.seconds_estimate),
        feedback: &fb,
        rating: Some(rating),
    };
    let attempt = attempt(ctx.pack.as_ref(), answered, now).map_err(record_error)?;
    // The recording, when the user asked to keep it, goes with the attempt;
    // it is let go only once stored, so a failed save loses nothing.
    let heard_as = optional(&f.recording);
    let wav = match &heard_as {
        Some(id) => st.hearings().recording(id)?,
        None => None,
    };
    st.run(move |s| {
        if let Some((card, _)) = reviewed {
            s.save_card(&card)?;
        }
        match wav {
            Some(wav) => s.add_attempt_with_recording(&attempt, &wav)?,
            None => s.add_attempt(&attempt)?,
        };
        Ok(())
    })
    .await?;
    if let Some(id) = &heard_as {
        st.hearings().forget_recording(id)?;
    }
    // Read back what was saved, so the plan and history include it.
    let ctx = practice_ctx(&st, &f.opp).await?;
    let p = Practice {
        answer: f.answer,
        seconds: timed,
        spoken,
        feedback: true,
        rated: Some(rating),
        next_due,
        vectors,
        recording: None,
    };
    practice_page(&st, ctx, "", &f.q, p)
}
