//! The method over one small pack the tests own (`fixtures/pack.yaml`): the
//! rounds it aims at, the questions to ask, the ledger by words, and
//! practice's bank, due cards, reviews and attempts.

use chrono::{DateTime, Duration, FixedOffset};
use round2_core::prep::{Format, PrepFile};
use round2_core::{LedgerStatus, PrepPack, Profile, QuestionToAsk, ReviewCard, UserQuestion};
use round2_documents::pack_from_prep;
use round2_method::practice::{
    attempt, card_of, cards_of, due_cards, history, practice_bank, review, review_aim, Answered,
    PracticeRecordError, REVIEW_HORIZON_DAYS,
};
use round2_method::{ask_plan, interview_date, ledger_for, past_round, person_key};
use round2_practice::{feedback, Card, Category, Rating};

fn pack() -> PrepPack {
    let text = include_str!("fixtures/pack.yaml");
    let file = PrepFile::parse(text, Format::Yaml).expect("the fixture is a valid prep file");
    pack_from_prep(&file)
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a fixed time")
}

/// Between the two rounds.
fn now() -> DateTime<FixedOffset> {
    at("2026-11-20T18:00:00-05:00")
}

fn profile() -> Profile {
    Profile {
        name: "Ada Brennan".into(),
        priorities: vec!["growth".into(), "team".into()],
        ..Profile::default()
    }
}

#[test]
fn rounds_the_method_aims_at() {
    let pack = pack();
    assert_eq!(
        interview_date(&pack, now()),
        Some(at("2026-12-08T14:00:00-05:00"))
    );
    assert_eq!(past_round(&pack, now()), Some(1));
    // After round two, nothing is ahead and round two is the one to thank for.
    let later = at("2026-12-09T09:00:00-05:00");
    assert_eq!(interview_date(&pack, later), None);
    assert_eq!(past_round(&pack, later), Some(2));
    assert_eq!(
        person_key("Luis Ferreira (Site Director)"),
        "luis-ferreira--site-director"
    );
}

#[test]
fn questions_to_ask_are_for_the_next_round_and_skip_what_is_covered_or_saved() {
    let mut pack = pack();
    let plan = ask_plan(&pack, &profile(), 6);
    assert_eq!(plan.round, 2);
    let names: Vec<&str> = plan.interviewers.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Dana Okafor", "Luis Ferreira"]);
    // The question asked, the answer and the topic of round one; not the
    // forgotten point or the rapport.
    assert_eq!(plan.notes_considered, 3);
    assert_eq!(plan.suggestions.len(), 6);

    // A suggestion the candidate saves is not suggested again, and another
    // takes its place.
    let first = plan.suggestions[0].text.clone();
    pack.questions_to_ask.push(QuestionToAsk {
        id: 99,
        theme: "saved".into(),
        text: first.to_uppercase(),
        asked: false,
    });
    let again = ask_plan(&pack, &profile(), 6);
    assert_eq!(again.suggestions.len(), 6);
    assert!(again.suggestions.iter().all(|s| s.text != first));
}

#[test]
fn the_ledger_by_words_flags_what_round_one_left_out() {
    let pack = pack();
    let ledger = ledger_for(&pack, None, None);
    assert!(ledger.requirements.len() >= 4, "{:?}", ledger.requirements);
    let forklift = ledger
        .requirements
        .iter()
        .find(|v| v.text.contains("Forklift"))
        .expect("the forklift requirement is in the ledger");
    // A forgotten note does not count as showing the requirement.
    assert_eq!(forklift.status, LedgerStatus::Gap);
}

fn user_question(category: &str) -> UserQuestion {
    UserQuestion {
        id: "user-cold-chain".into(),
        category: category.into(),
        kind: "behavioural".into(),
        competencies: vec!["food safety".into()],
        text: "Tell me about a time the cold chain broke on your shift.".into(),
        really_asking: "Do you act fast and by the rules when product is at risk?".into(),
    }
}

#[test]
fn the_bank_holds_the_builtin_the_users_own_and_the_role_questions() {
    let pack = pack();
    let bank = practice_bank(&[user_question("behavioural")], Some(&pack)).expect("a valid bank");
    let own = bank
        .get("user-cold-chain")
        .expect("the user's question is in the bank");
    assert_eq!(own.category, Category::Behavioural);
    let roles = bank.by_category(Category::RoleSpecific);
    assert!(!roles.is_empty(), "the posting gives role questions");
    assert!(roles.iter().all(|q| q.id.starts_with("role-")));
    // Without an opportunity there are no role questions.
    let plain = practice_bank(&[], None).expect("the built-in bank");
    assert!(plain.by_category(Category::RoleSpecific).is_empty());
    assert!(plain.get("user-cold-chain").is_none());
}

#[test]
fn a_user_question_with_an_unknown_category_is_refused_by_name() {
    let err = practice_bank(&[user_question("astrology")], None).expect_err("unknown category");
    assert!(matches!(err, PracticeRecordError::UserQuestion { .. }));
    let message = err.to_string();
    assert!(message.contains("user-cold-chain"), "{message}");
    assert!(message.contains("astrology"), "{message}");
}

fn stored(pack: &PrepPack, id: &str, due: DateTime<FixedOffset>) -> ReviewCard {
    let mut card = Card::new(id, due.to_utc());
    card.due = due.to_utc();
    ReviewCard {
        opportunity: pack.opportunity.id,
        question_id: id.into(),
        question: format!("question {id}"),
        state: serde_json::to_value(&card).expect("a card serialises"),
    }
}

#[test]
fn due_cards_are_those_due_by_now_longest_overdue_first() {
    let pack = pack();
    let cards = vec![
        stored(&pack, "b", now() - Duration::hours(1)),
        stored(&pack, "future", now() + Duration::hours(1)),
        stored(&pack, "a", now() - Duration::days(2)),
    ];
    let read = cards_of(&cards).expect("readable cards");
    let due = due_cards(&read, now().to_utc());
    let ids: Vec<&str> = due.iter().map(|c| c.question_id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);

    let mut broken = cards.clone();
    broken[1].state = serde_json::json!({"not": "a card"});
    let err = cards_of(&broken).expect_err("an unreadable card");
    assert!(err.to_string().contains("`future`"), "{err}");
}

#[test]
fn a_review_is_scheduled_before_the_interview_or_within_the_horizon() {
    let mut pack = pack();
    let bank = practice_bank(&[], Some(&pack)).expect("bank");
    let question = bank.by_category(Category::RoleSpecific)[0].clone();
    let (record, card) = review(&[], &pack, &question, Rating::Good, now()).expect("review");
    assert_eq!(record.question_id, question.id);
    assert_eq!(record.question, question.text);
    assert_eq!(record.opportunity, pack.opportunity.id);
    assert_eq!(card_of(&record).expect("stored state reads back"), card);
    let interview = interview_date(&pack, now()).expect("round two is dated");
    assert!(card.due > now().to_utc() && card.due < interview.to_utc());
    assert_eq!(card.reps, 1);

    // Reviewed again, the stored card moves on rather than starting over.
    let (_, second) = review(
        &[record],
        &pack,
        &question,
        Rating::Again,
        now() + Duration::hours(2),
    )
    .expect("second review");
    assert_eq!(second.reps, 2);
    assert_eq!(second.lapses, 1);

    // With no dated round ahead, reviews aim at the horizon.
    for r in &mut pack.rounds {
        r.date = None;
    }
    assert_eq!(
        review_aim(&pack, now()),
        now() + Duration::days(REVIEW_HORIZON_DAYS)
    );
    let (_, card) = review(&[], &pack, &question, Rating::Easy, now()).expect("review");
    assert!(card.due <= (now() + Duration::days(REVIEW_HORIZON_DAYS)).to_utc());
}

#[test]
fn an_attempt_records_the_answer_its_feedback_and_rating() {
    let pack = pack();
    let bank = practice_bank(&[], Some(&pack)).expect("bank");
    let question = bank.by_category(Category::Behavioural)[0].clone();
    let answer = "At my last site I led the night shift. I re-planned the dock when two doors froze, and every trailer left on time.";
    let fb = feedback(&question, answer, &[]);
    let a = attempt(
        Some(&pack),
        Answered {
            question: &question,
            answer,
            seconds: 95,
            feedback: &fb,
            rating: Some(Rating::Hard),
        },
        now(),
    )
    .expect("an attempt");
    assert_eq!(a.opportunity, Some(pack.opportunity.id));
    assert_eq!(
        (a.question_id.as_str(), a.seconds),
        (question.id.as_str(), 95)
    );
    assert_eq!(a.rating.as_deref(), Some("hard"));
    assert_eq!(a.at, now());
    assert_eq!(a.feedback["words"], serde_json::json!(fb.words));
    let loose = attempt(
        None,
        Answered {
            question: &question,
            answer,
            seconds: 10,
            feedback: &fb,
            rating: None,
        },
        now(),
    )
    .expect("an attempt");
    assert_eq!((loose.opportunity, loose.rating), (None, None));
}

#[test]
fn the_history_shows_fillers_and_how_spoken_answers_were_said() {
    use round2_practice::spoken::{Delivery, Pause, Spoken};
    let pack = pack();
    let bank = practice_bank(&[], Some(&pack)).expect("bank");
    let question = bank.by_category(Category::Behavioural)[0].clone();
    let typed = "Um, at my last site I, um, led the night shift, and every trailer left on time.";
    let said = "I re-planned the dock when two doors froze, and every trailer left on time.";
    let spoken = Spoken {
        model: "whisper-tiny.en".into(),
        delivery: Delivery {
            speaking_seconds: 6.0,
            words: 14,
            words_per_minute: 140.0,
            pauses: 1,
            longest_pause_seconds: 2.2,
            pause_list: vec![Pause {
                at_seconds: 2.0,
                seconds: 2.2,
            }],
        },
    };
    let fb_typed = feedback(&question, typed, &[]);
    let fb_said = round2_practice::feedback_spoken(
        &question,
        said,
        &[],
        round2_practice::Judge::words(),
        spoken.clone(),
    );
    assert!(
        fb_said
            .suggestions
            .iter()
            .any(|s| s.code == "pauses" && s.why.contains("2.2 s at 0:02")),
        "{:?}",
        fb_said.suggestions
    );
    let mut saved = Vec::new();
    for (i, (answer, fb)) in [(typed, &fb_typed), (said, &fb_said)]
        .into_iter()
        .enumerate()
    {
        let mut a = attempt(
            Some(&pack),
            Answered {
                question: &question,
                answer,
                seconds: 6,
                feedback: fb,
                rating: Some(Rating::Good),
            },
            now() + Duration::minutes(i as i64),
        )
        .expect("an attempt");
        a.id = i as i64 + 1;
        saved.push(a);
    }
    saved.reverse();
    let h = history(&saved).expect("readable");
    assert_eq!(h.len(), 2);
    assert!(h[0].at < h[1].at, "oldest first");
    assert!(h[0].spoken.is_none());
    assert!(h[0].fillers_per_100 > 10.0, "{:?}", h[0]);
    assert_eq!(h[1].spoken.as_ref(), Some(&spoken));
    // Feedback that is not practice's is an error naming the answer.
    saved[0].feedback = serde_json::json!({"words": "many"});
    let e = history(&saved).unwrap_err().to_string();
    assert!(e.contains("saved answer 2"), "{e}");
}
