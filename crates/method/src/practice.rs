//! Practice over one opportunity, as both shells run it: the bank a
//! candidate practises from (the built-in questions, their own, the
//! posting's role questions), the review cards that are due, and what a
//! rated answer records (the attempt and the card's next review). The
//! store stays with the caller: these take what it read and return what it
//! should write.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use round2_core::{Attempt, PrepPack, ReviewCard, UserQuestion};
use round2_practice::{schedule, Card, Feedback, PracticeError, Question, QuestionBank, Rating};
use thiserror::Error;

use crate::{interview_date, role_questions_for};

/// Without a dated next round, reviews are spread over this many days.
pub const REVIEW_HORIZON_DAYS: i64 = 14;

/// What the stored practice records can hold that practice cannot use.
#[derive(Debug, Error)]
pub enum PracticeRecordError {
    /// A question the user wrote names a category or kind that does not exist
    /// (or clashes with a question already in the bank).
    #[error("your question `{id}`: {reason}")]
    UserQuestion { id: String, reason: PracticeError },
    /// A stored review card's state is not a card.
    #[error("the review card of `{id}` is unreadable: {reason}")]
    Card {
        id: String,
        reason: serde_json::Error,
    },
    /// An answer's feedback could not be written as JSON.
    #[error("the feedback on `{id}` could not be saved: {reason}")]
    Feedback {
        id: String,
        reason: serde_json::Error,
    },
    /// A saved attempt's feedback is not one practice wrote.
    #[error("the saved answer {attempt} (to `{id}`) has unreadable feedback: {reason}")]
    Attempt {
        attempt: round2_core::Id,
        id: String,
        reason: serde_json::Error,
    },
}

/// A question the user wrote, as a bank question.
pub fn user_question(q: &UserQuestion) -> Result<Question, PracticeRecordError> {
    let bad = |reason| PracticeRecordError::UserQuestion {
        id: q.id.clone(),
        reason,
    };
    Ok(Question {
        id: q.id.clone(),
        category: q.category.parse().map_err(bad)?,
        competencies: q.competencies.clone(),
        kind: q.kind.parse().map_err(bad)?,
        text: q.text.clone(),
        really_asking: q.really_asking.clone(),
        requirement: None,
    })
}

/// The bank a candidate practises from: the built-in questions, then their
/// own, then (for an opportunity) the role questions of its posting.
pub fn practice_bank(
    user: &[UserQuestion],
    pack: Option<&PrepPack>,
) -> Result<QuestionBank, PracticeRecordError> {
    let mut bank = QuestionBank::builtin();
    for q in user {
        bank.add(user_question(q)?)
            .map_err(|reason| PracticeRecordError::UserQuestion {
                id: q.id.clone(),
                reason,
            })?;
    }
    for q in pack.map(role_questions_for).unwrap_or_default() {
        // Role question ids are unique among themselves and start with
        // `role-`, which neither the built-in nor the user's ids do.
        let _ = bank.add(q);
    }
    Ok(bank)
}

/// A stored review card's schedule.
pub fn card_of(stored: &ReviewCard) -> Result<Card, PracticeRecordError> {
    serde_json::from_value(stored.state.clone()).map_err(|reason| PracticeRecordError::Card {
        id: stored.question_id.clone(),
        reason,
    })
}

/// Every stored card's schedule, in the order given.
pub fn cards_of(stored: &[ReviewCard]) -> Result<Vec<Card>, PracticeRecordError> {
    stored.iter().map(card_of).collect()
}

/// The cards due by `now`, longest overdue first (read them from the store
/// with [`cards_of`]).
pub fn due_cards(cards: &[Card], now: DateTime<Utc>) -> Vec<&Card> {
    let mut due: Vec<&Card> = cards.iter().filter(|c| c.due <= now).collect();
    due.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| a.question_id.cmp(&b.question_id))
    });
    due
}

/// When reviews aim to be done: the next dated round, else
/// [`REVIEW_HORIZON_DAYS`] from now.
pub fn review_aim(pack: &PrepPack, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    interview_date(pack, now).unwrap_or(now + Duration::days(REVIEW_HORIZON_DAYS))
}

/// The review card of `question` for `pack`'s opportunity after an answer
/// rated `rating`: its stored card (among `stored`) moved on, or a new one.
pub fn review(
    stored: &[ReviewCard],
    pack: &PrepPack,
    question: &Question,
    rating: Rating,
    now: DateTime<FixedOffset>,
) -> Result<(ReviewCard, Card), PracticeRecordError> {
    let card = match stored.iter().find(|c| c.question_id == question.id) {
        Some(c) => card_of(c)?,
        None => Card::new(&question.id, now.to_utc()),
    };
    let card = schedule(&card, rating, now.to_utc(), review_aim(pack, now).to_utc());
    let state = serde_json::to_value(&card).map_err(|reason| PracticeRecordError::Card {
        id: question.id.clone(),
        reason,
    })?;
    let record = ReviewCard {
        opportunity: pack.opportunity.id,
        question_id: question.id.clone(),
        question: question.text.clone(),
        state,
    };
    Ok((record, card))
}

/// One answer as the attempt to store.
pub struct Answered<'a> {
    pub question: &'a Question,
    pub answer: &'a str,
    /// How long it took; the estimate from its words when not timed.
    pub seconds: u32,
    pub feedback: &'a Feedback,
    pub rating: Option<Rating>,
}

/// The attempt to store for an answer, for `pack`'s opportunity if any.
pub fn attempt(
    pack: Option<&PrepPack>,
    a: Answered<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Attempt, PracticeRecordError> {
    let feedback =
        serde_json::to_value(a.feedback).map_err(|reason| PracticeRecordError::Feedback {
            id: a.question.id.clone(),
            reason,
        })?;
    Ok(Attempt {
        id: 0,
        opportunity: pack.map(|p| p.opportunity.id),
        question_id: a.question.id.clone(),
        question: a.question.text.clone(),
        answer: a.answer.to_string(),
        seconds: a.seconds,
        feedback,
        rating: a.rating.map(|r| r.as_str().to_string()),
        at: now,
    })
}

/// One saved answer as the practice history shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Practised {
    /// The attempt's id in the store.
    pub attempt: i64,
    pub at: DateTime<FixedOffset>,
    pub question: String,
    pub rating: Option<String>,
    pub seconds: u32,
    pub words: usize,
    /// Fillers and hedges per 100 words.
    pub fillers_per_100: f32,
    /// For an answer given aloud: how it was said.
    pub spoken: Option<round2_practice::spoken::Spoken>,
}

/// The saved attempts as history, oldest first, with the figures that
/// show progress: length, fillers and, for spoken answers, pace and pauses.
pub fn history(attempts: &[Attempt]) -> Result<Vec<Practised>, PracticeRecordError> {
    #[derive(Default, serde::Deserialize)]
    struct Figures {
        #[serde(default)]
        words: usize,
        #[serde(default)]
        filler_total: usize,
        #[serde(default)]
        spoken: Option<round2_practice::spoken::Spoken>,
    }
    let mut out = attempts
        .iter()
        .map(|a| {
            // An attempt saved without feedback has no figures to show.
            let f: Figures = if a.feedback.is_null() {
                Figures::default()
            } else {
                serde_json::from_value(a.feedback.clone()).map_err(|reason| {
                    PracticeRecordError::Attempt {
                        attempt: a.id,
                        id: a.question_id.clone(),
                        reason,
                    }
                })?
            };
            Ok(Practised {
                attempt: a.id,
                at: a.at,
                question: a.question.clone(),
                rating: a.rating.clone(),
                seconds: a.seconds,
                words: f.words,
                fillers_per_100: if f.words == 0 {
                    0.0
                } else {
                    f.filler_total as f32 * 100.0 / f.words as f32
                },
                spoken: f.spoken,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by_key(|p| p.at);
    Ok(out)
}
