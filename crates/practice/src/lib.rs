//! round2-practice: practice 2 of the method, "be ready for deeper questions".
//!
//! A pure library (no I/O; the clock is always passed in):
//!
//! - [`bank`]: the curated question bank by category, user questions,
//!   role-specific questions from a posting's requirements, and which
//!   competencies have no story yet;
//! - [`feedback`]: explained, offline feedback on a typed answer (length,
//!   fillers and hedges, STAR, ownership, numbers, posting terms);
//! - [`review`]: FSRS spaced repetition aimed at the interview date;
//! - [`ask`]: questions to ask, fitted to the candidate's priorities and the
//!   interviewers, never one round one already covered.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use round2_practice::{feedback, plan, schedule, suggest_questions, Card, QuestionBank, Rating};
//!
//! let bank = QuestionBank::builtin();
//! let q = bank.get("r2-first-90-days").expect("in the bank");
//! let fb = feedback(q, "First I would meet each person on the team.", &[]);
//! assert!(fb.suggestions.len() <= 3);
//!
//! let now = Utc.with_ymd_and_hms(2026, 5, 1, 18, 0, 0).unwrap();
//! let interview = now + Duration::days(10);
//! let card = schedule(&Card::new(&q.id, now), Rating::Good, now, interview);
//! assert!(card.due <= interview);
//! assert!(!plan(&[card], now, interview).is_empty());
//!
//! let ask = suggest_questions(&["growth".into()], &["Engineering Manager".into()], &[], 8);
//! assert_eq!(ask.len(), 8);
//! ```

pub mod ask;
pub mod bank;
pub mod error;
pub mod feedback;
pub mod relevance;
pub mod review;
pub mod spoken;
pub mod star;
mod text;

pub use ask::{
    audience_for_title, curated_questions, parse_curated_questions, suggest_from,
    suggest_questions, Audience, CuratedQuestion, Priority, SuggestedQuestion, Theme,
};
pub use bank::{
    competencies_without_story, normalise_competency, role_questions, Category, Kind, Question,
    QuestionBank, BEHAVIOURAL_COMPETENCIES, COMPETENCIES,
};
pub use error::PracticeError;
pub use feedback::{
    feedback, feedback_for_kind, feedback_judged, feedback_spoken, feedback_with, Feedback,
    FillerCount, FillerKind, Judge, NumberFound, NumberKind, Ownership, Star, StarBasis, StarPart,
    Suggestion,
};
pub use review::{final_window, plan, plan_in, schedule, Card, DayPlan, Rating};
