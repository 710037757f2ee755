use proptest::prelude::*;

use super::*;

const EXAMPLE: &str = r#"version: 1
company: Northwind Analytics
role: Senior Data Engineer
url: https://example.com/job
job_description: |
  We need PostgreSQL.
research:
  - {section: culture, text: Remote first, source: https://example.com/about}
rounds:
  - number: 1
    kind: phone screen
    date: 2026-11-20T15:00:00-05:00
    interviewers:
      - {name: Dana Reyes, title: Engineering Manager, email: dana@northwind.example}
    notes:
      - {kind: topic, interviewer: Dana Reyes, text: Pipelines}
      - {kind: story, interviewer: Dana Reyes, story: Pipeline rescue, text: Told it}
stories:
  - {title: Pipeline rescue, situation: s, task: t, action: a, result: r, tags: [leadership]}
"#;

fn err(source: &str) -> String {
    PrepFile::parse(source, Format::Yaml)
        .unwrap_err()
        .to_string()
}

#[test]
fn parses_the_documented_shape() {
    let file = PrepFile::parse(EXAMPLE, Format::Yaml).unwrap();
    assert_eq!(file.company, "Northwind Analytics");
    assert_eq!(file.rounds[0].notes[1].kind, NoteKind::Story);
    assert_eq!(
        file.rounds[0].date.unwrap().offset().local_minus_utc(),
        -5 * 3600
    );
    assert_eq!(file.stories[0].tags, ["leadership"]);
}

#[test]
fn unknown_key_names_key_and_line() {
    let e = err(&EXAMPLE.replace("url:", "ulr:"));
    assert!(e.contains("ulr") && e.contains("line 4"), "{e}");
}

#[test]
fn missing_required_field_is_named() {
    let e = err("role: x\n");
    assert!(e.contains("company"), "{e}");
}

#[test]
fn date_without_offset_says_what_is_expected() {
    let e = err(&EXAMPLE.replace("2026-11-20T15:00:00-05:00", "2026-11-20T15:00:00"));
    assert!(e.contains("offset") && e.contains("line 12"), "{e}");
}

#[test]
fn duplicate_round_numbers_are_refused() {
    let source = format!(
        "{EXAMPLE}  - number: 1\n    kind: again\n"
    )
    .replace("stories:\n  - {title: Pipeline rescue, situation: s, task: t, action: a, result: r, tags: [leadership]}\n", "")
        + "stories:\n  - {title: Pipeline rescue}\n";
    let e = err(&source);
    assert!(e.contains("round 1 appears twice"), "{e}");
}

#[test]
fn note_naming_a_stranger_is_refused_with_its_line() {
    let e = err(&EXAMPLE.replace(
        "{kind: topic, interviewer: Dana Reyes",
        "{kind: topic, interviewer: Dan Reyes",
    ));
    assert!(
        e.contains("Dan Reyes") && e.contains("line 16") && e.contains("rounds[0].notes[0]"),
        "{e}"
    );
}

#[test]
fn json_with_wrong_type_names_the_place() {
    let e = PrepFile::parse(
        r#"{"company": "A", "role": "B", "rounds": [{"number": "one"}]}"#,
        Format::Json,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("line 1") && e.contains("u32"), "{e}");
}

#[test]
fn empty_file_is_refused() {
    assert!(err("  \n").contains("empty"));
}

#[test]
fn huge_posting_is_refused() {
    let source = format!(
        "company: A\nrole: B\njob_description: \"{}\"\n",
        "x".repeat(MAX_POSTING_BYTES + 1)
    );
    assert!(err(&source).contains("accepts postings up to"));
}

#[test]
fn format_detection() {
    assert_eq!(Format::detect(Some("JSON"), ""), Format::Json);
    assert_eq!(Format::detect(None, "  {\"a\":1}"), Format::Json);
    assert_eq!(Format::detect(Some("txt"), "a: 1"), Format::Yaml);
}

fn text() -> impl Strategy<Value = String> {
    // Printable text including characters YAML likes to misread.
    "[a-zA-Z0-9 :#'\"\\-{}\\[\\],.é✓]{0,24}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn time() -> impl Strategy<Value = Option<DateTime<FixedOffset>>> {
    proptest::option::of((0i64..4_000_000_000, -12i32..14).prop_map(|(secs, h)| {
        DateTime::from_timestamp(secs, 0)
            .unwrap()
            .with_timezone(&FixedOffset::east_opt(h * 3600).unwrap())
    }))
}

fn kind() -> impl Strategy<Value = NoteKind> {
    proptest::sample::select(NoteKind::ALL.to_vec())
}

prop_compose! {
    fn round(number: u32)(kind in text(), date in time(), duration_minutes in proptest::option::of(0u32..600),
        place in opt_text(), names in proptest::collection::btree_set("[A-Z][a-z]{1,8}", 0..3),
        raw_notes in proptest::collection::vec((kind(), any::<prop::sample::Index>(), text()), 0..4))
        -> PrepRound {
        let interviewers: Vec<PrepInterviewer> = names.into_iter()
            .map(|name| PrepInterviewer { name, title: None, email: Some("x@example.com".into()) })
            .collect();
        let notes = raw_notes.into_iter().map(|(kind, who, text)| PrepNote {
            kind,
            interviewer: (!interviewers.is_empty()).then(|| interviewers[who.index(interviewers.len())].name.clone()),
            story: (kind == NoteKind::Story).then(|| "S".to_string()),
            topic: None,
            text,
        }).collect();
        PrepRound { number, kind, date, duration_minutes, place, interviewers, notes }
    }
}

prop_compose! {
    fn prep_file()(company in "[A-Za-z][a-z ]{0,10}[a-z]", role in "[A-Za-z][a-z ]{0,10}[a-z]", url in opt_text(),
        job_description in text(), r1 in round(1), r2 in round(2), two in any::<bool>(),
        research in proptest::collection::vec((proptest::sample::select(ResearchSection::ALL.to_vec()), text(), opt_text()), 0..3),
        tags in proptest::collection::vec(text(), 0..3))
        -> PrepFile {
        PrepFile {
            version: 1, company, role, url, stage: Some(Stage::Round1), job_description,
            research: research.into_iter().map(|(section, text, source)| PrepResearch { section, text, source }).collect(),
            rounds: if two { vec![r1, r2] } else { vec![r1] },
            stories: vec![PrepStory { title: "S".into(), situation: "s".into(), task: String::new(), action: "a".into(), result: "r".into(), tags }],
            questions_to_ask: vec![], checklist: vec![], thank_you: vec![],
        }
    }
}

proptest! {
    #[test]
    fn yaml_and_json_round_trip(file in prep_file()) {
        let yaml = file.to_yaml().unwrap();
        prop_assert_eq!(&PrepFile::parse(&yaml, Format::Yaml).map_err(|e| format!("{e}\n{yaml}")).unwrap(), &file);
        let json = file.to_json().unwrap();
        prop_assert_eq!(&PrepFile::parse(&json, Format::Json).unwrap(), &file);
    }

    #[test]
    fn parse_never_panics(source in "\\PC{0,200}") {
        let _ = PrepFile::parse(&source, Format::Yaml);
        let _ = PrepFile::parse(&source, Format::Json);
    }
}

/// The documented JSON Schema names every key the types read, and no other.
#[test]
fn the_json_schema_matches_the_types() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../../docs/prep-file.schema.json")).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    let sample = PrepFile {
        version: 1,
        company: "A".into(),
        role: "B".into(),
        url: Some("u".into()),
        stage: Some(Stage::Round1),
        job_description: "j".into(),
        research: vec![PrepResearch {
            section: ResearchSection::News,
            text: "t".into(),
            source: Some("s".into()),
        }],
        rounds: vec![PrepRound {
            number: 1,
            kind: "k".into(),
            date: Some(parse_time("2026-11-20T15:00:00-05:00").unwrap()),
            duration_minutes: Some(30),
            place: Some("p".into()),
            interviewers: vec![PrepInterviewer {
                name: "N".into(),
                title: Some("t".into()),
                email: Some("e".into()),
            }],
            notes: vec![PrepNote {
                kind: NoteKind::Story,
                interviewer: Some("N".into()),
                story: Some("S".into()),
                topic: Some("the S story".into()),
                text: "t".into(),
            }],
        }],
        stories: vec![PrepStory {
            title: "S".into(),
            situation: "s".into(),
            task: "t".into(),
            action: "a".into(),
            result: "r".into(),
            tags: vec!["x".into()],
        }],
        questions_to_ask: vec![PrepQuestionToAsk {
            theme: "t".into(),
            text: "q".into(),
            asked: true,
        }],
        checklist: vec![PrepChecklistItem {
            text: "c".into(),
            done: true,
        }],
        thank_you: vec![PrepThankYou {
            round: 1,
            interviewer: "N".into(),
            body: "b".into(),
            deadline: Some(parse_time("2026-11-21T15:00:00-05:00").unwrap()),
            sent_at: Some(parse_time("2026-11-21T10:00:00-05:00").unwrap()),
        }],
    };
    let value = serde_json::to_value(&sample).unwrap();
    let obj_keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let defs = &schema["$defs"];
    assert_eq!(obj_keys(&value), keys(&schema));
    for (field, def) in [
        ("research", "research"),
        ("rounds", "round"),
        ("stories", "story"),
        ("questions_to_ask", "question_to_ask"),
        ("checklist", "checklist_item"),
        ("thank_you", "thank_you"),
    ] {
        assert_eq!(obj_keys(&value[field][0]), keys(&defs[def]), "{field}");
    }
    assert_eq!(
        obj_keys(&value["rounds"][0]["interviewers"][0]),
        keys(&defs["interviewer"])
    );
    assert_eq!(
        obj_keys(&value["rounds"][0]["notes"][0]),
        keys(&defs["note"])
    );
}
