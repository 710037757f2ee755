//! Questions to ask: the curated list, audiences from titles, and each rule
//! of `suggest_questions`.

use std::collections::BTreeSet;

use round2_practice::{
    audience_for_title, curated_questions, suggest_questions, Audience, Priority, Theme,
};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn curated_list_is_large_and_covers_every_theme_priority_and_audience() {
    let all = curated_questions();
    assert!(all.len() >= 80, "{}", all.len());
    for t in Theme::ALL {
        let n = all.iter().filter(|q| q.theme == t).count();
        println!("{t}: {n}");
        assert!(n >= 8, "{t}: {n}");
    }
    for p in Priority::ALL {
        assert!(
            all.iter().filter(|q| q.priorities.contains(&p)).count() >= 5,
            "{p}"
        );
    }
    for a in [
        Audience::Manager,
        Audience::Peer,
        Audience::Hr,
        Audience::Executive,
        Audience::Any,
    ] {
        assert!(all.iter().any(|q| q.audiences.contains(&a)), "{a:?}");
    }
    let ids: BTreeSet<&str> = all.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), all.len());
    assert!(all
        .iter()
        .all(|q| q.text.ends_with('?') && !q.audiences.is_empty()));
}

#[test]
fn audience_is_inferred_from_title() {
    let cases = [
        ("Engineering Manager", Audience::Manager),
        ("Senior Engineering Manager", Audience::Manager),
        ("Team Lead, Payments", Audience::Manager),
        ("VP of Engineering", Audience::Executive),
        ("Director of Product", Audience::Executive),
        ("Chief Technology Officer", Audience::Executive),
        ("Head of Data", Audience::Executive),
        ("CTO", Audience::Executive),
        ("Technical Recruiter", Audience::Hr),
        ("People Partner", Audience::Hr),
        ("HR Business Partner", Audience::Hr),
        ("Talent Acquisition Specialist", Audience::Hr),
        ("Senior Software Engineer", Audience::Peer),
        ("Data Analyst", Audience::Peer),
        ("Product Designer", Audience::Peer),
        ("Product Manager", Audience::Peer),
        ("", Audience::Any),
        ("Friend of the family", Audience::Any),
    ];
    for (title, want) in cases {
        assert_eq!(audience_for_title(title), want, "{title}");
    }
}

#[test]
fn returns_n_grouped_by_theme_with_next_steps() {
    let out = suggest_questions(&[], &[], &[], 8);
    assert_eq!(out.len(), 8);
    let order: Vec<usize> = out
        .iter()
        .map(|q| Theme::ALL.iter().position(|t| *t == q.theme).unwrap_or(99))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "not grouped: {order:?}"
    );
    assert!(out.iter().any(|q| q.theme == Theme::NextSteps));
    let themes: BTreeSet<Theme> = out.iter().map(|q| q.theme).collect();
    assert!(
        themes.len() >= 5,
        "picks should spread over themes: {themes:?}"
    );
    assert!(suggest_questions(&[], &[], &[], 0).is_empty());
    assert_eq!(suggest_questions(&[], &[], &[], 2).len(), 2);
}

#[test]
fn priorities_drive_the_picks_and_the_why() {
    let out = suggest_questions(&s(&["mentorship", "work-life balance"]), &[], &[], 8);
    let all = curated_questions();
    let fitted = out
        .iter()
        .filter(|sq| {
            all.iter().any(|q| {
                q.id == sq.id
                    && (q.priorities.contains(&Priority::Mentorship)
                        || q.priorities.contains(&Priority::WorkLifeBalance))
            })
        })
        .count();
    assert!(
        fitted >= 6,
        "only {fitted} of 8 fit the priorities: {out:#?}"
    );
    assert!(out.iter().any(|q| q.why.contains("mentorship")));
    assert!(out.iter().any(|q| q.why.contains("work-life balance")));
    // unknown priorities are ignored, not an error
    assert_eq!(
        suggest_questions(&s(&["free snacks"]), &[], &[], 5).len(),
        5
    );
}

#[test]
fn audiences_from_titles_filter_and_explain() {
    let all = curated_questions();
    let out = suggest_questions(&s(&["growth"]), &s(&["Technical Recruiter"]), &[], 8);
    assert!(!out.is_empty());
    for sq in &out {
        let q = all
            .iter()
            .find(|q| q.id == sq.id)
            .unwrap_or_else(|| panic!("{}", sq.id));
        assert!(
            q.audiences.contains(&Audience::Hr) || q.audiences.contains(&Audience::Any),
            "{} does not suit HR",
            q.id
        );
    }
    assert!(
        out.iter().any(|q| q
            .why
            .contains("recruiter or HR partner (Technical Recruiter)")),
        "{out:#?}"
    );

    let exec = suggest_questions(&[], &s(&["VP of Engineering"]), &[], 8);
    for sq in &exec {
        let q = all
            .iter()
            .find(|q| q.id == sq.id)
            .unwrap_or_else(|| panic!("{}", sq.id));
        assert!(
            q.audiences.contains(&Audience::Executive) || q.audiences.contains(&Audience::Any),
            "{}",
            q.id
        );
    }
    assert!(
        exec.iter()
            .filter(|q| q.why.contains("an executive"))
            .count()
            >= 4
    );
}

#[test]
fn never_suggests_a_topic_round_one_covered() {
    let base = suggest_questions(&s(&["remote_work"]), &s(&["Engineering Manager"]), &[], 8);
    let all = curated_questions();
    let remote_ids: Vec<&str> = all
        .iter()
        .filter(|q| q.topic.iter().any(|t| t == "remote"))
        .map(|q| q.id.as_str())
        .collect();
    assert!(
        base.iter().any(|q| remote_ids.contains(&q.id.as_str())),
        "expected a remote question first: {base:#?}"
    );

    let notes = s(&[
        "They explained the team is fully remote, with a meetup once a quarter.",
        "Asked me about my experience with on-call rotations",
        "Talked about next steps: a panel and then a decision within a week",
    ]);
    let out = suggest_questions(
        &s(&["remote_work"]),
        &s(&["Engineering Manager"]),
        &notes,
        8,
    );
    assert!(!out.is_empty());
    for q in &out {
        assert!(
            !remote_ids.contains(&q.id.as_str()),
            "{} repeats a covered topic",
            q.id
        );
        assert_ne!(q.id, "team-on-call");
        assert_ne!(q.id, "next-process");
        assert!(q.why.contains("round-one notes do not cover it"));
    }
}

#[test]
fn covered_topic_detection_uses_stems() {
    // "mentored" in a note covers the mentoring questions ("mentor", "mentorship")
    let out = suggest_questions(
        &s(&["mentorship"]),
        &[],
        &s(&["I answered that I mentored two graduates"]),
        20,
    );
    assert!(
        out.iter()
            .all(|q| q.id != "growth-mentor" && q.id != "growth-mentoring-others"),
        "{out:#?}"
    );
    // a generic word alone ("team") does not exclude anything
    let out2 = suggest_questions(&[], &[], &s(&["the team"]), 200);
    assert_eq!(out2.len(), curated_questions().len());
}

proptest::proptest! {
    #[test]
    fn suggest_never_panics(
        prios in proptest::collection::vec("\\PC{0,20}", 0..4),
        titles in proptest::collection::vec("\\PC{0,30}", 0..4),
        notes in proptest::collection::vec("\\PC{0,80}", 0..4),
        n in 0usize..30,
    ) {
        let out = suggest_questions(&prios, &titles, &notes, n);
        proptest::prop_assert!(out.len() <= n);
        for t in &titles {
            let _ = audience_for_title(t);
        }
    }
}
