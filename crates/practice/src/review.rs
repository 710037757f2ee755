//! Spaced repetition aimed at the interview date.
//!
//! Scheduling uses the [`fsrs`] crate (FSRS-6 with its default parameters and
//! a desired retention of 0.9) for stability, difficulty and the raw interval.
//! The due date is then fitted to the interview:
//!
//! - nothing is ever due after `interview_at`;
//! - a card whose FSRS due date would fall in or after the final window
//!   (`interview_at - 2 days` to `interview_at - 1 day`) is moved into that
//!   window, so every card still being learned gets a last review one to two
//!   days before the interview;
//! - a review made inside the last two days that FSRS would send past the
//!   interview marks the card done: its due becomes `interview_at` itself
//!   (see [`Card::is_done`]); an "again" still brings it back the same day;
//! - once the interview has passed, plain FSRS applies.
//!
//! Ratings of "again" come back after the short FSRS relearning interval
//! (at least ten minutes); others after whole days (at least one).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use fsrs::{MemoryState, FSRS};
use serde::{Deserialize, Serialize};

use crate::error::PracticeError;
use crate::text::normalise_tag;

/// Target probability of recall used for FSRS intervals.
pub const DESIRED_RETENTION: f32 = 0.9;

/// How the candidate rated an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Could not answer well: see it again soon.
    Again,
    /// Answered, with effort.
    Hard,
    /// Answered well.
    Good,
    /// Answered easily.
    Easy,
}

impl Rating {
    /// All ratings, worst first.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rating {
    type Err = PracticeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match normalise_tag(s).as_str() {
            "again" | "1" | "fail" => Ok(Rating::Again),
            "hard" | "2" => Ok(Rating::Hard),
            "good" | "3" => Ok(Rating::Good),
            "easy" | "4" => Ok(Rating::Easy),
            _ => Err(PracticeError::Unknown {
                what: "rating",
                value: s.to_string(),
                expected: "again, hard, good, easy".into(),
            }),
        }
    }
}

/// The review state of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// The question's id.
    pub question_id: String,
    /// FSRS stability in days (0 for a new card).
    pub stability: f32,
    /// FSRS difficulty, 1 to 10 (0 for a new card).
    pub difficulty: f32,
    /// When the card is next due.
    pub due: DateTime<Utc>,
    /// When it was last reviewed.
    pub last_review: Option<DateTime<Utc>>,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times rated "again" after the first review.
    pub lapses: u32,
}

impl Card {
    /// A new card, due now.
    pub fn new(question_id: impl Into<String>, now: DateTime<Utc>) -> Self {
        Card {
            question_id: question_id.into(),
            stability: 0.0,
            difficulty: 0.0,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
        }
    }

    /// Whether the card has never been reviewed.
    pub fn is_new(&self) -> bool {
        self.reps == 0
    }

    /// Whether the card is due at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.due <= now
    }

    /// Whether the card needs no more review before this interview (it was
    /// reviewed in the final window and scheduled at the interview itself).
    pub fn is_done(&self, interview_at: DateTime<Utc>) -> bool {
        self.due >= interview_at && self.last_review.is_some_and(|l| l < interview_at)
    }

    fn memory(&self) -> Option<MemoryState> {
        let valid = self.reps > 0
            && self.stability.is_finite()
            && self.stability > 0.0
            && self.difficulty.is_finite()
            && (1.0..=10.0).contains(&self.difficulty);
        valid.then_some(MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        })
    }
}

fn model() -> Option<&'static FSRS> {
    static MODEL: OnceLock<Option<FSRS>> = OnceLock::new();
    MODEL.get_or_init(|| FSRS::new(&[]).ok()).as_ref()
}

/// The FSRS memory state and interval (days) after a rating.
fn fsrs_step(card: &Card, rating: Rating, now: DateTime<Utc>) -> (f32, f32, f32) {
    let elapsed_days = card
        .last_review
        .map(|l| (now - l).num_days().max(0))
        .unwrap_or(0);
    let elapsed = u32::try_from(elapsed_days).unwrap_or(u32::MAX);
    let pick = |m: &FSRS, state: Option<MemoryState>| {
        m.next_states(state, DESIRED_RETENTION, elapsed)
            .ok()
            .map(|n| match rating {
                Rating::Again => n.again,
                Rating::Hard => n.hard,
                Rating::Good => n.good,
                Rating::Easy => n.easy,
            })
    };
    let next = model().and_then(|m| pick(m, card.memory()).or_else(|| pick(m, None)));
    match next {
        Some(s) if s.interval.is_finite() && s.memory.stability.is_finite() => {
            (s.memory.stability, s.memory.difficulty, s.interval)
        }
        // Fallback (never expected): a fixed ladder.
        _ => {
            let days: f32 = match rating {
                Rating::Again => 0.0,
                Rating::Hard => 1.0,
                Rating::Good => 3.0,
                Rating::Easy => 7.0,
            };
            (days.max(0.1), 5.0, days)
        }
    }
}

fn raw_interval(rating: Rating, interval_days: f32) -> Duration {
    const MINUTES_PER_DAY: f32 = 1440.0;
    let days = if interval_days.is_finite() {
        interval_days.clamp(0.0, 36_500.0)
    } else {
        1.0
    };
    if rating == Rating::Again {
        let minutes = (days * MINUTES_PER_DAY).round().max(10.0);
        // keep "again" within the day: a relearning step, not a long interval
        Duration::minutes((minutes as i64).min(24 * 60))
    } else {
        Duration::days((days.round() as i64).max(1))
    }
}

/// Schedule the next review of `card` after an attempt rated `rating` at
/// `now`, for an interview at `interview_at` (see the module docs for how the
/// FSRS interval is fitted to the interview).
pub fn schedule(
    card: &Card,
    rating: Rating,
    now: DateTime<Utc>,
    interview_at: DateTime<Utc>,
) -> Card {
    let (stability, difficulty, interval) = fsrs_step(card, rating, now);
    let raw_due = now
        .checked_add_signed(raw_interval(rating, interval))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let due = fit_to_interview(raw_due, now, interview_at);
    let lapses = if rating == Rating::Again && card.reps > 0 {
        card.lapses.saturating_add(1)
    } else {
        card.lapses
    };
    Card {
        question_id: card.question_id.clone(),
        stability,
        difficulty,
        due,
        last_review: Some(now),
        reps: card.reps.saturating_add(1),
        lapses,
    }
}

/// The final window before the interview: `[interview - 2 days, interview - 1 day]`.
pub fn final_window(interview_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = interview_at
        .checked_sub_signed(Duration::days(2))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let end = interview_at
        .checked_sub_signed(Duration::days(1))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    (start, end)
}

fn fit_to_interview(
    raw_due: DateTime<Utc>,
    now: DateTime<Utc>,
    interview_at: DateTime<Utc>,
) -> DateTime<Utc> {
    if now >= interview_at {
        return raw_due;
    }
    let (start, end) = final_window(interview_at);
    if raw_due < start {
        raw_due
    } else if now < start {
        raw_due.clamp(start, end)
    } else if raw_due < interview_at {
        // reviewed in the last two days and coming back before the interview
        raw_due
    } else {
        // reviewed in the last two days: done for this interview
        interview_at
    }
}

/// One day of the review plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    /// The calendar day (in the offset the plan was made for).
    pub date: NaiveDate,
    /// The questions to review that day, by id.
    pub question_ids: Vec<String>,
}

/// The review plan day by day (UTC days) from `now` up to the interview.
/// See [`plan_in`].
pub fn plan(cards: &[Card], now: DateTime<Utc>, interview_at: DateTime<Utc>) -> Vec<DayPlan> {
    plan_in(cards, now, interview_at, Utc.fix())
}

/// The review plan day by day in the candidate's UTC offset.
///
/// Each card appears on its due day (an overdue card today), then on the
/// days it would come back if every review went "good", until it is done for
/// the interview. Days without reviews are left out; nothing is planned on or
/// after the interview. Once the interview has passed the plan is empty.
pub fn plan_in(
    cards: &[Card],
    now: DateTime<Utc>,
    interview_at: DateTime<Utc>,
    offset: FixedOffset,
) -> Vec<DayPlan> {
    use std::collections::BTreeMap;
    let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    if now >= interview_at {
        return Vec::new();
    }
    for card in cards {
        let mut c = card.clone();
        let mut at = c.due.max(now);
        // A generous bound; FSRS intervals grow fast, so real chains are short.
        for _ in 0..64 {
            if at >= interview_at {
                break;
            }
            let day = offset.from_utc_datetime(&at.naive_utc()).date_naive();
            let entry = days.entry(day).or_default();
            if !entry.contains(&c.question_id) {
                entry.push(c.question_id.clone());
            }
            c = schedule(&c, Rating::Good, at, interview_at);
            if c.due <= at {
                break;
            }
            at = c.due;
        }
    }
    days.into_iter()
        .map(|(date, question_ids)| DayPlan { date, question_ids })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn again_sooner_than_easy_for_new_and_reviewed_cards() {
        let now = t(1, 9);
        let interview = t(28, 9);
        let new = Card::new("q", now);
        let again = schedule(&new, Rating::Again, now, interview);
        let hard = schedule(&new, Rating::Hard, now, interview);
        let good = schedule(&new, Rating::Good, now, interview);
        let easy = schedule(&new, Rating::Easy, now, interview);
        assert!(again.due < hard.due && hard.due <= good.due && good.due < easy.due);
        assert!(again.due - now < Duration::days(1));
        let later = good.due;
        let a2 = schedule(&good, Rating::Again, later, interview);
        let e2 = schedule(&good, Rating::Easy, later, interview);
        assert!(a2.due < e2.due);
        assert_eq!(a2.lapses, 1);
        assert_eq!(e2.reps, 2);
    }

    #[test]
    fn nothing_due_after_interview_and_last_review_in_window() {
        let interview = t(20, 14);
        let (start, end) = final_window(interview);
        for rating in Rating::ALL {
            let mut now = t(1, 8);
            let mut card = Card::new("q", now);
            let mut reviews = Vec::new();
            for _ in 0..200 {
                if now >= interview {
                    break;
                }
                card = schedule(&card, rating, now, interview);
                reviews.push(now);
                assert!(
                    card.due <= interview,
                    "{rating}: due {} after interview",
                    card.due
                );
                if card.is_done(interview) {
                    break;
                }
                now = card.due;
            }
            let last = reviews.last().copied().unwrap_or(now);
            if rating != Rating::Again {
                assert!(
                    last >= start && last <= end + Duration::hours(23),
                    "{rating}: last review {last}"
                );
            }
            assert!(last < interview);
        }
    }

    #[test]
    fn long_interval_is_pulled_into_final_window() {
        let now = t(1, 9);
        let interview = t(6, 9);
        let card = Card {
            question_id: "q".into(),
            stability: 40.0,
            difficulty: 3.0,
            due: now,
            last_review: Some(t(1, 8) - Duration::days(30)),
            reps: 4,
            lapses: 0,
        };
        let next = schedule(&card, Rating::Easy, now, interview);
        let (start, end) = final_window(interview);
        assert!(next.due >= start && next.due <= end, "due {}", next.due);
    }

    #[test]
    fn plan_lists_days_before_interview_only() {
        let now = t(1, 9);
        let interview = t(15, 9);
        let cards = vec![Card::new("a", now), Card::new("b", now + Duration::days(3))];
        let p = plan(&cards, now, interview);
        assert!(!p.is_empty());
        assert_eq!(p[0].date, now.date_naive());
        assert!(p.iter().all(|d| d.date < interview.date_naive()));
        let (start, _) = final_window(interview);
        for id in ["a", "b"] {
            let last = p
                .iter()
                .rev()
                .find(|d| d.question_ids.iter().any(|q| q == id));
            let last = last.map(|d| d.date);
            assert!(
                last.is_some_and(|d| d >= start.date_naive()),
                "{id} last {last:?}"
            );
        }
    }

    #[test]
    fn garbage_state_does_not_panic() {
        let now = t(1, 9);
        let card = Card {
            question_id: String::new(),
            stability: f32::NAN,
            difficulty: 99.0,
            due: DateTime::<Utc>::MAX_UTC,
            last_review: Some(DateTime::<Utc>::MIN_UTC),
            reps: u32::MAX,
            lapses: u32::MAX,
        };
        for r in Rating::ALL {
            let _ = schedule(&card, r, now, DateTime::<Utc>::MIN_UTC);
            let _ = schedule(&card, r, DateTime::<Utc>::MAX_UTC, now);
        }
        let _ = plan(&[card], now, t(20, 9));
    }
}
