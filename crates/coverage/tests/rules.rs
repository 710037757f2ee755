//! The ledger's rules on small hand-made cases: paraphrase, forgot notes,
//! asked notes, distractors, story status, and the JSON shape.

use round2_core::model::{Note, NoteKind, Story};
use round2_core::Importance;
use round2_core::LedgerStatus;
use round2_coverage::{ledger, rank_stories, EvidenceKind, LexicalScorer, Scorer};
use round2_extract::Requirement;

fn req(text: &str, importance: Importance) -> Requirement {
    Requirement {
        text: text.to_string(),
        start: 0,
        end: text.len(),
        section: "requirements".to_string(),
        importance,
    }
}

fn note(id: i64, round: u32, kind: NoteKind, text: &str) -> Note {
    Note {
        id,
        round,
        kind,
        interviewer: Some("Dana Whitfield".to_string()),
        story: None,
        topic: None,
        text: text.to_string(),
    }
}

fn story(id: i64, title: &str, action: &str, tags: &[&str]) -> Story {
    Story {
        id,
        title: title.to_string(),
        situation: String::new(),
        task: String::new(),
        action: action.to_string(),
        result: String::new(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

fn filler_notes() -> Vec<Note> {
    vec![
        note(
            90,
            1,
            NoteKind::Rapport,
            "We both grew up near the coast and like sailing.",
        ),
        note(
            91,
            1,
            NoteKind::Topic,
            "Talked about the office move planned for spring.",
        ),
    ]
}

#[test]
fn paraphrase_addresses_stakeholder_management() {
    let s = LexicalScorer::new();
    let m = s.score(
        "Stakeholder management",
        "Walked her through how I kept the VP and finance aligned",
    );
    assert!(m.score > 0.3, "{m:?}");
    let mut notes = filler_notes();
    notes.push(note(
        1,
        1,
        NoteKind::Answer,
        "Walked her through how I kept the VP and finance aligned during the pricing change.",
    ));
    let reqs = [
        req("Stakeholder management", Importance::Must),
        req("Experience with Salesforce", Importance::Must),
    ];
    let l = ledger(&reqs, &notes, &[], 2, &s);
    let v = &l.requirements[0];
    assert_eq!(v.status, LedgerStatus::Addressed, "{v:#?}");
    assert_eq!(v.evidence[0].id, "1");
    assert!(
        v.evidence[0].why.contains("stakeholders"),
        "{}",
        v.evidence[0].why
    );
    assert_eq!(l.requirements[1].status, LedgerStatus::Gap);
    assert!((l.readiness() - 0.5).abs() < 1e-6);
}

#[test]
fn forgot_note_means_not_addressed() {
    let s = LexicalScorer::new();
    let notes = vec![
        note(
            1,
            1,
            NoteKind::Topic,
            "We talked about their release process and weekly deploys.",
        ),
        note(
            2,
            1,
            NoteKind::Forgot,
            "Forgot to mention the unit test suites I write for every feature.",
        ),
    ];
    let reqs = [req(
        "A habit of automated testing: unit and integration tests",
        Importance::Must,
    )];
    let l = ledger(&reqs, &notes, &[], 2, &s);
    let v = &l.requirements[0];
    assert_eq!(v.status, LedgerStatus::Gap, "{v:#?}");
    let e = v
        .evidence
        .iter()
        .find(|e| e.id == "2")
        .expect("forgot note in evidence");
    assert!(!e.counted);
    assert!(e.why.contains("forgot"), "{}", e.why);
    assert!(v.why.contains("forgot"), "{}", v.why);
}

#[test]
fn asked_note_does_not_address() {
    let s = LexicalScorer::new();
    let notes = vec![note(
        1,
        1,
        NoteKind::Asked,
        "Asked whether product engineers write their own Terraform. Yes, with shared modules.",
    )];
    let reqs = [req("Kubernetes and Terraform", Importance::Nice)];
    let l = ledger(&reqs, &notes, &[], 2, &s);
    let v = &l.requirements[0];
    assert_eq!(v.status, LedgerStatus::Gap, "{v:#?}");
    let e = &v.evidence[0];
    assert!(!e.counted && e.why.contains("question you asked"), "{e:?}");
}

#[test]
fn distractors_do_not_address() {
    let s = LexicalScorer::new();
    let notes = vec![
        note(
            1,
            1,
            NoteKind::Topic,
            "Dana mentioned their invoice events all go through Kafka. I didn't have much to add there.",
        ),
        note(2, 1, NoteKind::Topic, "Dana said they're moving to Snowflake next year."),
        note(3, 1, NoteKind::Question, "She asked about Airflow and I didn't know it."),
    ];
    let reqs = [
        req("Exposure to Kafka", Importance::Nice),
        req("Snowflake experience", Importance::Nice),
        req("Airflow", Importance::Nice),
    ];
    let l = ledger(&reqs, &notes, &[], 2, &s);
    for v in &l.requirements {
        assert_eq!(v.status, LedgerStatus::Gap, "{v:#?}");
        assert!(v.evidence.iter().all(|e| !e.counted), "{v:#?}");
        assert!(
            v.evidence.iter().any(|e| e.why.starts_with("not counted")),
            "{v:#?}"
        );
    }
    // A positive sentence after the interviewer's remark does count.
    let notes = vec![note(
        1,
        1,
        NoteKind::Topic,
        "Dana mentioned their events go through Kafka. I told her I ran our Kafka consumers for two years.",
    )];
    let l = ledger(&reqs[..1], &notes, &[], 2, &s);
    assert_eq!(l.requirements[0].status, LedgerStatus::Addressed);
}

#[test]
fn story_status_when_only_a_story_shows_it() {
    let s = LexicalScorer::new();
    let stories = vec![
        story(
            0,
            "Double-charged customers",
            "I added a table keyed by the provider's event id with a unique constraint, so a repeated event became a no-op.",
            &["ownership", "problem solving"],
        ),
        story(1, "The bake sale", "I organised a bake sale for the school.", &["initiative"]),
    ];
    let reqs = [req(
        "Asynchronous processing: queues, retries and idempotency",
        Importance::Must,
    )];
    let l = ledger(&reqs, &filler_notes(), &stories, 2, &s);
    let v = &l.requirements[0];
    assert_eq!(v.status, LedgerStatus::Story, "{v:#?}");
    assert_eq!(v.evidence[0].kind, EvidenceKind::Story);
    assert_eq!(v.evidence[0].id, "0");
    assert!(v.why.contains("Double-charged customers"));
}

#[test]
fn later_round_notes_do_not_count() {
    let s = LexicalScorer::new();
    let notes = vec![note(
        1,
        2,
        NoteKind::Answer,
        "Told them about my SQL query tuning work.",
    )];
    let reqs = [req("SQL query tuning", Importance::Must)];
    assert_eq!(
        ledger(&reqs, &notes, &[], 2, &s).requirements[0].status,
        LedgerStatus::Gap
    );
    assert_eq!(
        ledger(&reqs, &notes, &[], 3, &s).requirements[0].status,
        LedgerStatus::Addressed
    );
}

#[test]
fn json_shape() {
    let s = LexicalScorer::new();
    let notes = vec![note(
        7,
        1,
        NoteKind::Answer,
        "Explained how I tuned PostgreSQL indexes.",
    )];
    let reqs = [req("Solid PostgreSQL", Importance::Must)];
    let l = ledger(&reqs, &notes, &[], 2, &s);
    let v: serde_json::Value = serde_json::from_str(&l.to_json()).expect("json");
    assert_eq!(v["round"], 2);
    let r = &v["requirements"][0];
    assert_eq!(r["text"], "Solid PostgreSQL");
    assert_eq!(r["importance"], "must");
    assert_eq!(r["status"], "addressed");
    let e = &r["evidence"][0];
    assert_eq!(e["kind"], "note");
    assert_eq!(e["id"], "7");
    assert!(e["excerpt"]
        .as_str()
        .is_some_and(|x| x.contains("PostgreSQL")));
    assert!(e["score"].as_f64().is_some_and(|x| x > 0.0 && x <= 1.0));
    assert!(e["why"].is_string());
}

#[test]
fn ranking_maps_question_cues_to_tags() {
    let s = LexicalScorer::new();
    let stories = vec![
        story(
            0,
            "Caching experiment",
            "I proposed measuring a cache on catalog reads first.",
            &["conflict", "data-driven"],
        ),
        story(
            1,
            "Two bootcamp grads",
            "I paired with each of them every Wednesday.",
            &["mentoring"],
        ),
        story(
            2,
            "The locked table",
            "A migration I wrote locked a table; I wrote the postmortem.",
            &["failure", "learning"],
        ),
    ];
    let top = rank_stories(
        "Tell me about a time you disagreed with your tech lead.",
        &stories,
        &s,
        3,
    );
    assert_eq!(top[0].id, "0", "{top:#?}");
    assert!(top[0].why.contains("conflict"), "{}", top[0].why);
    let top = rank_stories(
        "How have you helped a junior colleague grow?",
        &stories,
        &s,
        1,
    );
    assert_eq!(top[0].title, "Two bootcamp grads");
    let top = rank_stories("Tell me about a mistake you made.", &stories, &s, 1);
    assert_eq!(top[0].title, "The locked table");
    assert!(rank_stories("", &stories, &s, 3).is_empty());
    assert!(rank_stories("anything", &[], &s, 3).is_empty());
}

/// A blend that scores by meaning alone, so hand-made vectors decide.
fn meaning_only(note_shadow: f32, story_shadow: f32) -> round2_coverage::Blend {
    round2_coverage::Blend {
        floor: 0.0,
        ceil: 1.0,
        lexical_share: 0.0,
        note_threshold: 0.3,
        story_threshold: 0.5,
        rank_lexical_weight: 0.0,
        hub: 0.0,
        rank_hub: 0.0,
        note_shadow,
        story_shadow,
    }
}

/// A unit vector at cosine `c` with `[1, 0]`.
fn at(c: f32) -> Vec<f32> {
    vec![c, (1.0 - c * c).sqrt()]
}

#[test]
fn a_closer_note_that_does_not_count_outweighs_a_weak_match() {
    let requirement = "Negotiate supplier contracts";
    let answer = "Told her about the quarterly planning cycle at my last job";
    let asked = "Asked who negotiates the supplier contracts here";
    let s = story(1, "The renewal", "Renegotiated the renewal terms", &[]);
    let vectors: round2_coverage::Vectors = [
        (requirement, vec![1.0, 0.0]),
        (answer, at(0.4)),
        (asked, at(0.9)),
        (s.full_text().as_str(), at(0.6)),
    ]
    .into_iter()
    .map(|(t, v)| (t.to_string(), v))
    .collect();
    let reqs = [req(requirement, Importance::Must)];
    let notes = vec![
        note(1, 1, NoteKind::Answer, answer),
        note(2, 1, NoteKind::Asked, asked),
    ];
    let lexical = LexicalScorer::new();
    let judge = |blend, notes: &[Note], stories: &[Story]| {
        let scorer = round2_coverage::SemanticScorer::new(&lexical, &vectors, blend);
        ledger(&reqs, notes, stories, 2, &scorer).requirements[0].clone()
    };

    // Without the shadow the weak match (0.4 over a 0.3 threshold) counts.
    let plain = judge(meaning_only(0.0, 0.0), &notes, &[]);
    assert_eq!(plain.status, LedgerStatus::Addressed, "{plain:?}");

    // With it, the candidate's own question about the requirement (0.9)
    // raises the bar to 0.3 + 1.0 * (0.9 - 0.4) = 0.8: not addressed, and
    // the evidence says why.
    let shadowed = judge(meaning_only(1.0, 0.0), &notes, &[]);
    assert_eq!(shadowed.status, LedgerStatus::Gap, "{shadowed:?}");
    let weak = shadowed
        .evidence
        .iter()
        .find(|e| e.id == "1")
        .expect("the weak note is still shown");
    assert!(!weak.counted);
    assert!(weak.why.contains("matches it more closely"), "{}", weak.why);

    // Without the asked note nothing outweighs the weak match.
    let alone = judge(meaning_only(1.0, 0.0), &notes[..1], &[]);
    assert_eq!(alone.status, LedgerStatus::Addressed, "{alone:?}");

    // A story at 0.6 over a 0.5 threshold backs it, unless the story
    // shadow raises the bar to 0.5 + 0.5 * (0.9 - 0.6) = 0.65.
    let stories = [s.clone()];
    let backed = judge(meaning_only(1.0, 0.0), &notes, &stories);
    assert_eq!(backed.status, LedgerStatus::Story, "{backed:?}");
    let outweighed = judge(meaning_only(1.0, 0.5), &notes, &stories);
    assert_eq!(outweighed.status, LedgerStatus::Gap, "{outweighed:?}");
    let shown = outweighed
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::Story)
        .expect("the story is still shown");
    assert!(!shown.counted && shown.why.starts_with("not counted"));
}

#[test]
fn a_walk_through_the_career_shows_experience_not_the_duties_it_names() {
    let s = LexicalScorer::new();
    let mut notes = filler_notes();
    notes.push(note(
        1,
        1,
        NoteKind::Topic,
        "Walked Dana through my path: two years at an agency doing email for retail clients, \
         then four running CRM at Parcel & Pine, the last two managing a team of two.",
    ));
    let reqs = [
        req(
            "5+ years in lifecycle, CRM or retention marketing",
            Importance::Must,
        ),
        req(
            "Manage and grow a team of two: a CRM specialist and an email designer",
            Importance::Must,
        ),
    ];
    let stories = [story(
        7,
        "Coaching a coordinator into a CRM specialist",
        "I coached our coordinator every week until she ran the CRM on her own.",
        &["mentoring"],
    )];
    let l = ledger(&reqs, &notes, &stories, 2, &s);
    // The years and the field: the summary shows them.
    let years = &l.requirements[0];
    assert_eq!(years.status, LedgerStatus::Addressed, "{years:#?}");
    // Managing a team: named in passing, not shown; the story backs it.
    let team = &l.requirements[1];
    assert_eq!(team.status, LedgerStatus::Story, "{team:#?}");
    let passing = team
        .evidence
        .iter()
        .find(|e| e.id == "1")
        .expect("the summary is listed as evidence that did not count");
    assert!(!passing.counted);
    assert!(passing.why.contains("in passing"), "{}", passing.why);
}
