//! The curated bank's size and coverage, the bank API, role-specific
//! questions and story coverage.

use std::collections::BTreeSet;

use round2_core::Importance;
use round2_practice::{
    competencies_without_story, role_questions, Category, Kind, PracticeError, Question,
    QuestionBank, BEHAVIOURAL_COMPETENCIES, COMPETENCIES,
};

#[test]
fn bank_counts_by_category() {
    let bank = QuestionBank::builtin();
    let counts = bank.counts();
    for c in Category::BUILTIN {
        let n = counts.get(&c).copied().unwrap_or(0);
        println!("{c}: {n}");
        assert!(n >= 20, "category {c} has only {n}");
    }
    assert!(bank.len() >= 200, "bank has {}", bank.len());
    assert_eq!(counts.get(&Category::RoleSpecific), None);
    let behavioural: Vec<&Question> = bank.by_category(Category::Behavioural);
    for comp in BEHAVIOURAL_COMPETENCIES {
        let n = behavioural
            .iter()
            .filter(|q| q.competencies.iter().any(|c| c == comp))
            .count();
        assert!(n >= 3, "behavioural covers {comp} only {n} times");
    }
}

#[test]
fn every_question_is_well_formed() {
    let bank = QuestionBank::builtin();
    let known: BTreeSet<&str> = COMPETENCIES.iter().copied().collect();
    let mut texts = BTreeSet::new();
    for q in bank.questions() {
        assert!(
            !q.id.is_empty()
                && q.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            q.id
        );
        assert!(q.text.len() > 15 && q.really_asking.len() > 15, "{}", q.id);
        assert!(!q.competencies.is_empty(), "{} has no competency", q.id);
        for c in &q.competencies {
            assert!(
                known.contains(c.as_str()),
                "{}: unknown competency {c}",
                q.id
            );
        }
        assert!(
            texts.insert(q.text.to_lowercase()),
            "duplicate text {}",
            q.text
        );
        if q.category == Category::Behavioural {
            assert_eq!(q.kind, Kind::Behavioural, "{}", q.id);
        }
    }
    assert!(!bank.by_kind(Kind::Curveball).is_empty());
    assert!(!bank.by_competency("Customer Focus").is_empty());
}

#[test]
fn get_add_and_errors() {
    let mut bank = QuestionBank::builtin();
    let before = bank.len();
    assert!(bank
        .get("r2-first-90-days")
        .is_some_and(|q| q.category == Category::SecondRound));
    assert!(bank.get("nope").is_none());
    let mine = Question {
        id: "my-own".into(),
        category: Category::Curveball,
        competencies: vec!["Customer Focus".into(), "customer-focus".into()],
        kind: Kind::Curveball,
        text: "What would you do with a free afternoon at work?".into(),
        really_asking: "How you choose what matters.".into(),
        requirement: None,
    };
    assert_eq!(bank.add(mine.clone()), Ok(()));
    assert_eq!(bank.len(), before + 1);
    assert_eq!(
        bank.get("my-own").map(|q| q.competencies.clone()),
        Some(vec!["customer_focus".to_string()])
    );
    assert_eq!(
        bank.add(mine.clone()),
        Err(PracticeError::DuplicateId("my-own".into()))
    );
    let mut empty = mine.clone();
    empty.id = " ".into();
    assert_eq!(bank.add(empty), Err(PracticeError::MissingField("id")));
    let mut notext = mine;
    notext.id = "x".into();
    notext.text = String::new();
    assert_eq!(bank.add(notext), Err(PracticeError::MissingField("text")));
    assert!("behavioral".parse::<Category>().is_ok());
    assert!("nonsense".parse::<Category>().is_err());
}

#[test]
fn from_yaml_reports_bad_data() {
    assert!(matches!(
        QuestionBank::from_yaml("- category: nope\n  questions: []"),
        Err(PracticeError::Data { .. })
    ));
    assert!(matches!(
        QuestionBank::from_yaml(": : :"),
        Err(PracticeError::Data { .. })
    ));
}

#[test]
fn role_questions_use_the_requirement_words() {
    let reqs = vec![
        (
            "5+ years of experience with Rust and distributed systems".to_string(),
            Importance::Must,
        ),
        (
            "Familiarity with Kubernetes is a plus".to_string(),
            Importance::Nice,
        ),
        (
            "Ability to explain technical trade-offs to non-engineers".to_string(),
            Importance::Must,
        ),
        (
            "Experience mentoring junior engineers".to_string(),
            Importance::Unspecified,
        ),
        ("   ".to_string(), Importance::Must),
        (
            "You will design and build internal APIs".to_string(),
            Importance::Unspecified,
        ),
    ];
    let qs = role_questions(&reqs);
    let texts: Vec<&str> = qs.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(qs.len(), 2 + 1 + 2 + 1 + 1, "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t
                .starts_with("Tell me about a time you had to design and build internal APIs.")),
        "{texts:#?}"
    );
    assert!(texts.contains(&"Walk me through a time you used Rust and distributed systems to solve a real problem. What was at stake, what did you do, and what changed because of it?"));
    assert!(texts.contains(
        &"How would you approach Rust and distributed systems in your first months here?"
    ));
    assert!(texts.iter().any(|t| t.contains("close to Kubernetes")));
    assert!(texts.iter().any(|t| t.starts_with(
        "Tell me about a time you had to explain technical trade-offs to non-engineers."
    )));
    assert!(texts.contains(&"Walk me through a time your work involved mentoring junior engineers. What was at stake, what did you do, and what changed because of it?"), "{texts:#?}");
    for q in &qs {
        assert_eq!(q.category, Category::RoleSpecific);
        assert!(q.requirement.is_some());
        assert!(q.id.starts_with("role-"));
        assert!(!q.really_asking.is_empty());
    }
    let ids: BTreeSet<&str> = qs.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), qs.len());
    // stable ids
    assert_eq!(role_questions(&reqs), qs);
    let mentoring = qs
        .iter()
        .find(|q| q.text.contains("mentoring"))
        .map(|q| q.competencies.clone());
    assert_eq!(mentoring, Some(vec!["leadership".to_string()]));
    // they can be added to a bank
    let mut bank = QuestionBank::builtin();
    for q in qs {
        assert!(bank.add(q).is_ok());
    }
}

#[test]
fn role_questions_never_panic_on_odd_input() {
    let odd = [
        "",
        "-",
        "years",
        "3+ years",
        "é",
        "a plus",
        "with with with",
        "ability to",
        "🚀 Rust",
        "x".repeat(5000).as_str(),
    ]
    .iter()
    .map(|s| (s.to_string(), Importance::Must))
    .collect::<Vec<_>>();
    let qs = role_questions(&odd);
    assert!(qs.iter().all(|q| !q.id.is_empty() && q.id.len() < 80));
}

#[test]
fn competencies_without_story_normalises_tags() {
    let all = competencies_without_story(&[]);
    assert_eq!(all.len(), COMPETENCIES.len());
    let tags = vec![
        vec!["Customer Focus".to_string(), "Leadership".to_string()],
        vec![
            "conflict-resolution".to_string(),
            "FAILURE".to_string(),
            " team work ".to_string(),
        ],
        vec![],
    ];
    let missing = competencies_without_story(&tags);
    for covered in [
        "customer_focus",
        "leadership",
        "conflict",
        "failure",
        "teamwork",
    ] {
        assert!(
            !missing.iter().any(|m| m == covered),
            "{covered} should be covered"
        );
    }
    assert!(missing.iter().any(|m| m == "ambiguity"));
    assert_eq!(missing.len(), COMPETENCIES.len() - 5);
    // every competency the bank uses is in the list the helper reports on
    let bank = QuestionBank::builtin();
    for c in bank.competencies() {
        assert!(COMPETENCIES.contains(&c.as_str()));
    }
}
