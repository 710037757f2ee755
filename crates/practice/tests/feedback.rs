//! Table tests of answer feedback over written answers, plus a snapshot of the
//! full feedback on a good answer and a property test that it never panics.

use proptest::prelude::*;
use round2_practice::{feedback, feedback_for_kind, Feedback, Kind, NumberKind, QuestionBank};

const GOOD: &str = "At my last job we had a checkout service that failed about twice a week, \
and our biggest customer was threatening to leave over it. My goal was to get the failures down \
before their contract renewal, which was three months away. I started by reading six months of \
incident reports and interviewing the two engineers who had been on call most often. I found that \
most failures came from one payment provider timing out under load, and that our retries made it \
worse by piling on. I proposed a queue with backoff, wrote a two-page design, and walked the payments \
team through it until they agreed to share the work. I paired with two of their engineers to build it \
in four weeks, and I set up a dashboard so the customer's account manager could see the failure rate \
every morning. I also ran a short review with support so they knew what had changed. As a result, \
checkout failures dropped by 80% over the next quarter, support tickets about payments fell from \
about forty a week to six, and the customer renewed their $400k contract. What I took from it is to \
measure before arguing: the incident data is what convinced the other team.";

const RAMBLING_PARAGRAPH: &str = "So this goes back a while, to when I was working at a logistics \
company, and there were a lot of moving parts at the time, because the company was growing and \
the warehouse team had their own systems, and the finance team had another set of spreadsheets, \
and nobody had really decided who owned the reporting, which meant that every month there was a \
long discussion about whose numbers were right, and I remember one meeting in particular where \
the head of finance and the warehouse manager spent the whole hour on a single column. ";

const RAMBLING_END: &str = "Anyway, I eventually built a shared report that both teams used, \
and as a result the monthly close went from five days to two days.";

const FILLERS: &str = "Um, so basically, like, I was kind of in charge of, you know, the \
onboarding flow, and, um, it was like, really slow. I think we maybe just, uh, sort of looked at \
it and, um, I guess I just rewrote some of it, basically. I mean, it was probably fine in the end, \
like, people were happier, you know.";

const NO_RESULT: &str = "Last year our support team was overwhelmed with password reset tickets, \
around a third of everything they handled. My task was to find out why and reduce the load. I \
interviewed four support agents, read through a sample of two hundred tickets, and mapped where \
users got stuck in the reset flow. I then designed a simpler flow with a clearer email and a \
self-service page, and I presented it to the product manager. \
Then I wrote the help article for it, and yeah, that's basically what I did.";

const ALL_WE: &str = "At the agency we had a client whose campaign launch was slipping. We needed \
to get it out before a trade show. We sat down together and we split the work across the team. We \
rebuilt the landing pages, we rewrote the emails and we moved the launch checklist into one shared \
board. Our designers and our developers worked in pairs. We launched two days before the show and \
the client signed a second project with us.";

fn question(bank: &QuestionBank, id: &str) -> round2_practice::Question {
    bank.get(id)
        .cloned()
        .unwrap_or_else(|| panic!("missing question {id}"))
}

fn codes(fb: &Feedback) -> Vec<&str> {
    fb.suggestions.iter().map(|s| s.code.as_str()).collect()
}

fn filler_count(fb: &Feedback, text: &str) -> usize {
    fb.fillers
        .iter()
        .find(|f| f.text == text)
        .map_or(0, |f| f.count)
}

#[test]
fn good_answer_has_full_star_numbers_and_no_major_suggestion() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-influence-data");
    let terms = vec![
        "incident data".to_string(),
        "stakeholder management".to_string(),
    ];
    let fb = feedback(&q, GOOD, &terms);
    assert_eq!(fb.kind, Kind::Behavioural);
    assert_eq!(fb.target_seconds, 120);
    assert!((180..=260).contains(&fb.words), "words {}", fb.words);
    assert_eq!(fb.seconds_estimate as usize, (fb.words * 60).div_ceil(150));
    assert!(fb.star.situation.present && fb.star.task.present);
    assert!(fb.star.action.present && fb.star.result.present);
    assert!(fb
        .star
        .result
        .phrase
        .as_deref()
        .is_some_and(|p| p.contains("As a result")));
    assert!(fb.ownership.i > fb.ownership.we);
    let kinds: Vec<NumberKind> = fb.numbers.iter().map(|n| n.kind).collect();
    assert!(kinds.contains(&NumberKind::Percent) && kinds.contains(&NumberKind::Money));
    assert!(fb.numbers.iter().any(|n| n.text == "80%"));
    assert!(fb.numbers.iter().any(|n| n.text == "$400k"));
    assert_eq!(fb.posting_terms, vec!["incident data".to_string()]);
    assert!(fb.missing_terms.is_empty(), "{:?}", fb.missing_terms);
    assert!(fb.filler_total <= 2, "{:?}", fb.fillers);
    for bad in [
        "fillers",
        "result",
        "ownership",
        "too_long",
        "too_short",
        "action",
        "situation",
    ] {
        assert!(
            !codes(&fb).contains(&bad),
            "unexpected {bad}: {:?}",
            fb.suggestions
        );
    }
}

#[test]
fn good_answer_snapshot() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-influence-data");
    let fb = feedback(&q, GOOD, &["incident data".to_string()]);
    insta::assert_yaml_snapshot!("good_answer", fb);
}

#[test]
fn rambling_answer_is_too_long_first() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-initiative-process");
    let answer = format!(
        "{}{}{}{}",
        RAMBLING_PARAGRAPH, RAMBLING_PARAGRAPH, RAMBLING_PARAGRAPH, RAMBLING_PARAGRAPH
    ) + &RAMBLING_PARAGRAPH.replace("logistics", "shipping")
        + RAMBLING_END;
    let fb = feedback(&q, &answer, &[]);
    assert!(fb.seconds_estimate > 180, "{} s", fb.seconds_estimate);
    assert!(fb.star.result.present);
    assert_eq!(
        codes(&fb).first(),
        Some(&"too_long"),
        "{:?}",
        fb.suggestions
    );
    let why = &fb.suggestions[0].why;
    assert!(
        why.contains(&fb.words.to_string()) && why.contains("120"),
        "{why}"
    );
}

#[test]
fn filler_heavy_answer_counts_fillers_and_says_so_first() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-initiative-unasked");
    let fb = feedback(&q, FILLERS, &[]);
    assert_eq!(filler_count(&fb, "um"), 3);
    assert_eq!(filler_count(&fb, "uh"), 1);
    assert_eq!(filler_count(&fb, "like"), 3);
    assert_eq!(filler_count(&fb, "you know"), 2);
    assert_eq!(filler_count(&fb, "basically"), 2);
    assert_eq!(filler_count(&fb, "kind of"), 1);
    assert_eq!(filler_count(&fb, "sort of"), 1);
    assert_eq!(filler_count(&fb, "I think"), 1);
    assert_eq!(filler_count(&fb, "I guess"), 1);
    assert_eq!(filler_count(&fb, "maybe"), 1);
    assert_eq!(filler_count(&fb, "probably"), 1);
    assert_eq!(filler_count(&fb, "just"), 2);
    assert_eq!(filler_count(&fb, "I mean"), 1);
    assert_eq!(
        fb.filler_total,
        fb.fillers.iter().map(|f| f.count).sum::<usize>()
    );
    assert_eq!(codes(&fb).first(), Some(&"fillers"), "{:?}", fb.suggestions);
    assert!(fb.suggestions[0].why.contains("per 100 words"));
    assert!(fb.suggestions.len() <= 3);
}

#[test]
fn answer_without_result_is_told_to_end_with_one() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-customer-insight");
    let fb = feedback(&q, NO_RESULT, &[]);
    assert!(fb.star.situation.present, "{:?}", fb.star);
    assert!(fb.star.task.present);
    assert!(fb.star.action.present);
    assert!(!fb.star.result.present, "{:?}", fb.star.result);
    assert!(fb.star.result.phrase.is_none());
    assert_eq!(codes(&fb).first(), Some(&"result"), "{:?}", fb.suggestions);
}

#[test]
fn all_we_answer_gets_ownership_suggestion() {
    let bank = QuestionBank::builtin();
    let q = question(&bank, "beh-pressure-last-minute");
    let fb = feedback(&q, ALL_WE, &[]);
    assert_eq!(fb.ownership.i, 0);
    assert!(fb.ownership.we >= 8, "{:?}", fb.ownership);
    // A step only "we" took is not the candidate's action.
    assert!(!fb.star.action.present, "{:?}", fb.star.action);
    let own = fb.suggestions.iter().find(|s| s.code == "ownership");
    assert!(
        own.is_some_and(|s| s.why.contains("\"we\"") && s.why.contains("\"I\" 0 times")),
        "{:?}",
        fb.suggestions
    );
}

#[test]
fn empty_answer_gets_one_suggestion() {
    let fb = feedback_for_kind(Kind::Behavioural, "  \n ", &["SQL".to_string()]);
    assert_eq!(fb.words, 0);
    assert_eq!(fb.seconds_estimate, 0);
    assert_eq!(codes(&fb), vec!["empty"]);
}

#[test]
fn situational_answer_accepts_a_plan_as_action() {
    let fb = feedback_for_kind(
        Kind::Situational,
        "First I would ask the client which part matters most for the deadline, then I'd propose \
         shipping that part on time and the rest a week later, in writing, so nobody is surprised.",
        &[],
    );
    assert_eq!(fb.target_seconds, 90);
    assert!(fb.star.plan.present, "{:?}", fb.star);
    assert!(!codes(&fb).contains(&"action"), "{:?}", fb.suggestions);
    assert!(!codes(&fb).contains(&"result"));
}

#[test]
fn question_named_term_missing_is_flagged() {
    let mut bank = QuestionBank::new();
    let qs = round2_practice::role_questions(&[(
        "Experience with PostgreSQL performance tuning".to_string(),
        round2_core::Importance::Must,
    )]);
    for q in qs {
        bank.add(q).unwrap_or_else(|e| panic!("{e}"));
    }
    let q = bank.questions()[0].clone();
    let terms = vec![
        "PostgreSQL performance tuning".to_string(),
        "Python".to_string(),
    ];
    let fb = feedback(
        &q,
        "At my last job I tuned our Python services and cut latency by 30%.",
        &terms,
    );
    assert_eq!(fb.posting_terms, vec!["Python".to_string()]);
    assert_eq!(
        fb.missing_terms,
        vec!["PostgreSQL performance tuning".to_string()]
    );
    let s = fb.suggestions.iter().find(|s| s.code == "terms");
    assert!(
        s.is_some_and(|s| s.why.contains("question asks about")),
        "{:?}",
        fb.suggestions
    );
}

#[test]
fn likes_that_are_verbs_are_not_counted() {
    let fb = feedback_for_kind(
        Kind::Opinion,
        "I'd like to work somewhere that looks like this team. I would like more ownership, and I like clear goals.",
        &[],
    );
    assert_eq!(filler_count(&fb, "like"), 0, "{:?}", fb.fillers);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]
    #[test]
    fn feedback_never_panics(answer in "\\PC*", other in ".*", terms in proptest::collection::vec("\\PC{0,12}", 0..4)) {
        for kind in [Kind::Behavioural, Kind::Situational, Kind::Opinion, Kind::Curveball] {
            let fb = feedback_for_kind(kind, &answer, &terms);
            prop_assert!(fb.suggestions.len() <= 3);
            let fb = feedback_for_kind(kind, &other, &terms);
            prop_assert!(fb.suggestions.len() <= 3);
        }
        let q = round2_practice::role_questions(&[(answer.clone(), round2_core::Importance::Must)]);
        for q in &q {
            let _ = feedback(q, &other, &terms);
        }
    }

    #[test]
    fn feedback_never_panics_on_wordy_input(words in proptest::collection::vec(
        prop_oneof![Just("um"), Just("like"), Just(","), Just("I"), Just("we"), Just("35%"), Just("$4k"),
                    Just("as a result"), Just("kind of"), Just("."), Just("\n"), Just("’"), Just("ünïcode"), Just("3 weeks")],
        0..200)) {
        let answer = words.join(" ");
        let fb = feedback_for_kind(Kind::Behavioural, &answer, &["kind of".to_string(), "I".to_string()]);
        prop_assert!(fb.suggestions.len() <= 3);
    }
}

#[test]
fn a_question_about_the_company_needs_an_answer_about_it_even_without_the_model() {
    use round2_practice::star::StarModel;
    use round2_practice::{feedback_with, Judge, StarBasis};
    let empty = StarModel::empty();
    let judge = Judge {
        model: &empty,
        vectors: None,
    };
    let q = Some("What do you know about our company?");
    let about = feedback_with(
        Kind::Opinion,
        q,
        "You publish your on-time numbers, and you promote planners from the depots.",
        &[],
        judge,
    );
    assert_eq!(about.star_basis, StarBasis::Rules);
    assert!(about.relevance.as_ref().unwrap().addresses, "{about:?}");
    let me = feedback_with(
        Kind::Opinion,
        q,
        "I have been a bookkeeper for six years, mostly with small businesses, and I am strong on Xero.",
        &[],
        judge,
    );
    let r = me.relevance.unwrap();
    assert!(
        !r.addresses && r.reason.contains("about the company"),
        "{r:?}"
    );
    assert_eq!(me.suggestions[0].code, "relevance");
}
