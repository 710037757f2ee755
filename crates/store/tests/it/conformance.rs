//! What every backend must do. Each function takes a fresh, empty store.

use chrono::{DateTime, FixedOffset};
use round2_core::prep::PrepFile;
use round2_core::*;
use round2_store::{Record, Store, StoreError};

use crate::support::dev_cases;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-26T09:00:00-05:00").unwrap()
}

fn new_opp(company: &str, role: &str) -> NewOpportunity {
    NewOpportunity {
        company: company.into(),
        role: role.into(),
        url: None,
        job_description: "We need PostgreSQL.".into(),
        stage: Stage::Round1,
    }
}

fn story(title: &str) -> Story {
    Story {
        id: 0,
        title: title.into(),
        situation: "s".into(),
        task: "t".into(),
        action: "a".into(),
        result: "r".into(),
        tags: vec!["leadership".into()],
    }
}

pub fn opportunities_are_found_by_slug_or_id(s: &mut impl Store) {
    let o = s
        .add_opportunity(&new_opp("Northwind Analytics", "Data Engineer"))
        .unwrap();
    assert_eq!(o.slug, "northwind-analytics-data-engineer");
    assert_eq!(s.opportunity(&o.slug).unwrap(), o);
    assert_eq!(s.opportunity(&o.id.to_string()).unwrap(), o);
    let mut changed = o.clone();
    changed.stage = Stage::Round2;
    changed.url = Some("https://example.com".into());
    s.update_opportunity(&changed).unwrap();
    assert_eq!(s.list_opportunities().unwrap(), vec![changed]);
}

pub fn slugs_stay_unique(s: &mut impl Store) {
    let a = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let b = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    assert_eq!(
        (a.slug.as_str(), b.slug.as_str()),
        ("acme-engineer", "acme-engineer-2")
    );
    let mut clash = b.clone();
    clash.slug = a.slug.clone();
    assert!(matches!(
        s.update_opportunity(&clash),
        Err(StoreError::Conflict(_))
    ));
}

pub fn unknown_opportunity_is_not_found(s: &mut impl Store) {
    let e = s.opportunity("nope").unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::NotFound {
                what: "opportunity",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "no opportunity `nope`");
    assert!(matches!(s.pack(42), Err(StoreError::NotFound { .. })));
}

pub fn records_of_an_opportunity_round_trip(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let r_id = s
        .add_research(
            o.id,
            &Research {
                id: 0,
                section: ResearchSection::Culture,
                text: "Remote".into(),
                source: Some("https://acme.example".into()),
            },
        )
        .unwrap();
    let dana = Interviewer {
        id: 0,
        name: "Dana Reyes".into(),
        title: Some("Manager".into()),
        email: Some("dana@acme.example".into()),
    };
    let dana = Interviewer {
        id: s.add_interviewer(o.id, &dana).unwrap(),
        ..dana
    };
    let date = Some(DateTime::parse_from_rfc3339("2026-11-20T15:00:00-05:00").unwrap());
    let round = Round {
        id: 0,
        number: 1,
        kind: "phone".into(),
        date,
        duration_minutes: Some(45),
        place: Some("https://meet.example/x".into()),
        interviewers: vec![dana.clone()],
    };
    let round_id = s.add_round(o.id, &round).unwrap();
    s.add_story(&story("Pipeline rescue")).unwrap();
    let note = Note {
        id: 0,
        round: 1,
        kind: NoteKind::Story,
        interviewer: Some("dana reyes".into()),
        story: Some("Pipeline rescue".into()),
        topic: Some("the pipeline rescue".into()),
        text: "Told it".into(),
    };
    let note_id = s.add_note(o.id, &note).unwrap();
    s.add_question_to_ask(
        o.id,
        &QuestionToAsk {
            id: 0,
            theme: "team".into(),
            text: "How big is the team?".into(),
            asked: false,
        },
    )
    .unwrap();
    s.add_checklist_item(
        o.id,
        &ChecklistItem {
            id: 0,
            text: "Print resume".into(),
            done: false,
        },
    )
    .unwrap();

    let pack = s.pack(o.id).unwrap();
    assert_eq!(pack.research[0].id, r_id);
    assert_eq!(
        pack.rounds,
        vec![Round {
            id: round_id,
            ..round.clone()
        }]
    );
    assert_eq!(
        pack.rounds[0].date.unwrap().offset().local_minus_utc(),
        -5 * 3600
    );
    assert_eq!(pack.notes[0].id, note_id);
    assert_eq!(pack.notes[0].interviewer.as_deref(), Some("Dana Reyes"));
    assert_eq!(pack.notes[0].story.as_deref(), Some("Pipeline rescue"));
    assert_eq!(pack.notes[0].topic.as_deref(), Some("the pipeline rescue"));
    assert_eq!(
        pack.stories.len(),
        1,
        "a story told in a round belongs to the pack"
    );
    assert_eq!(pack.questions_to_ask[0].text, "How big is the team?");

    let mut edited = pack.notes[0].clone();
    edited.kind = NoteKind::Topic;
    edited.story = None;
    edited.text = "Pipelines".into();
    edited.topic = Some("  ".into());
    s.update_note(o.id, &edited).unwrap();
    let mut item = pack.checklist[0].clone();
    item.done = true;
    s.update_checklist_item(&item).unwrap();
    let mut r2 = pack.rounds[0].clone();
    r2.kind = "technical".into();
    r2.interviewers.clear();
    s.update_round(&r2).unwrap();
    let pack = s.pack(o.id).unwrap();
    assert_eq!(pack.notes[0].text, "Pipelines");
    assert_eq!(pack.notes[0].topic, None, "a blank topic is stored as none");
    assert!(pack.checklist[0].done);
    assert!(pack.rounds[0].interviewers.is_empty());
    s.remove(Record::Research, r_id).unwrap();
    assert!(s.pack(o.id).unwrap().research.is_empty());
    assert!(matches!(
        s.remove(Record::Research, r_id),
        Err(StoreError::NotFound { .. })
    ));
}

pub fn a_note_naming_a_stranger_changes_nothing(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    s.add_round(
        o.id,
        &Round {
            id: 0,
            number: 1,
            kind: "phone".into(),
            date: None,
            duration_minutes: None,
            place: None,
            interviewers: vec![],
        },
    )
    .unwrap();
    let before = s.pack(o.id).unwrap();
    let note = Note {
        id: 0,
        round: 1,
        kind: NoteKind::Topic,
        interviewer: Some("Nobody".into()),
        story: None,
        topic: None,
        text: "x".into(),
    };
    let e = s.add_note(o.id, &note).unwrap_err();
    assert!(
        e.to_string()
            .contains("`Nobody` is not an interviewer of round 1"),
        "{e}"
    );
    let note = Note {
        round: 7,
        interviewer: None,
        ..note
    };
    assert!(matches!(
        s.add_note(o.id, &note),
        Err(StoreError::NotFound { what: "round", .. })
    ));
    assert_eq!(s.pack(o.id).unwrap(), before);
}

pub fn stories_are_shared_and_titles_unique(s: &mut impl Store) {
    let id = s.add_story(&story("Pipeline rescue")).unwrap();
    assert!(matches!(
        s.add_story(&story("pipeline RESCUE")),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(s.story("Pipeline rescue").unwrap().id, id);
    assert_eq!(s.story(&id.to_string()).unwrap().tags, ["leadership"]);
    let mut edited = s.story("pipeline rescue").unwrap();
    edited.tags = vec!["ownership".into(), "pressure".into()];
    s.update_story(&edited).unwrap();
    assert_eq!(s.stories().unwrap(), vec![edited]);
    let a = s.add_opportunity(&new_opp("A", "B")).unwrap();
    let b = s.add_opportunity(&new_opp("C", "D")).unwrap();
    s.link_story(a.id, id).unwrap();
    s.link_story(a.id, id).unwrap();
    s.link_story(b.id, id).unwrap();
    assert_eq!(s.pack(a.id).unwrap().stories.len(), 1);
    assert_eq!(s.pack(b.id).unwrap().stories.len(), 1);
}

pub fn notes_added_together_are_stored_whole_or_not_at_all(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Analyst")).unwrap();
    s.add_round(
        o.id,
        &Round {
            id: 0,
            number: 1,
            kind: "video".into(),
            date: None,
            duration_minutes: None,
            place: None,
            interviewers: vec![],
        },
    )
    .unwrap();
    let note = |text: &str, interviewer: Option<&str>| Note {
        id: 0,
        round: 1,
        kind: NoteKind::Question,
        interviewer: interviewer.map(str::to_owned),
        story: None,
        topic: None,
        text: text.into(),
    };
    let ids = s
        .add_notes(o.id, &[note("first", None), note("second", None)])
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    let before = s.pack(o.id).unwrap();
    assert_eq!(before.notes.len(), 2);
    // The third names a stranger: neither of the two before it is kept.
    let e = s
        .add_notes(
            o.id,
            &[
                note("third", None),
                note("fourth", None),
                note("fifth", Some("Nobody")),
            ],
        )
        .unwrap_err();
    assert!(e.to_string().contains("Nobody"), "{e}");
    assert_eq!(s.pack(o.id).unwrap(), before);
}

pub fn thank_you_notes_are_one_per_interviewer_and_round(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let p = Interviewer {
        id: 0,
        name: "Dana".into(),
        title: None,
        email: None,
    };
    let p = Interviewer {
        id: s.add_interviewer(o.id, &p).unwrap(),
        ..p
    };
    s.add_round(
        o.id,
        &Round {
            id: 0,
            number: 1,
            kind: "phone".into(),
            date: None,
            duration_minutes: None,
            place: None,
            interviewers: vec![p],
        },
    )
    .unwrap();
    let mut note = ThankYouNote {
        id: 0,
        round: 1,
        interviewer: "Dana".into(),
        body: "Thanks".into(),
        deadline: Some(now()),
        sent_at: None,
    };
    s.save_thank_you(o.id, &note).unwrap();
    note.body = "Thank you again".into();
    note.sent_at = Some(now());
    s.save_thank_you(o.id, &note).unwrap();
    let pack = s.pack(o.id).unwrap();
    assert_eq!(pack.thank_you.len(), 1);
    assert_eq!(pack.thank_you[0].body, "Thank you again");
    assert_eq!(pack.thank_you[0].sent_at, Some(now()));
}

/// Thank-you notes name their round by number: renumbering a round takes
/// them along, removing it removes them.
pub fn thank_you_notes_follow_their_round(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let dana = Interviewer {
        id: 0,
        name: "Dana".into(),
        title: None,
        email: None,
    };
    let dana = Interviewer {
        id: s.add_interviewer(o.id, &dana).unwrap(),
        ..dana
    };
    for number in [1, 2] {
        s.add_round(
            o.id,
            &Round {
                id: 0,
                number,
                kind: "interview".into(),
                date: None,
                duration_minutes: None,
                place: None,
                interviewers: vec![dana.clone()],
            },
        )
        .unwrap();
        s.save_thank_you(
            o.id,
            &ThankYouNote {
                id: 0,
                round: number,
                interviewer: "Dana".into(),
                body: format!("Thanks for round {number}"),
                deadline: None,
                sent_at: None,
            },
        )
        .unwrap();
    }
    let mut second = s.pack(o.id).unwrap().round(2).unwrap().clone();
    second.number = 3;
    s.update_round(&second).unwrap();
    let pack = s.pack(o.id).unwrap();
    let body_of = |round: u32| {
        pack.thank_you
            .iter()
            .find(|t| t.round == round)
            .map(|t| t.body.clone())
    };
    assert_eq!(body_of(3).as_deref(), Some("Thanks for round 2"));
    assert_eq!(body_of(2), None);

    let first = pack.round(1).unwrap().id;
    s.remove(Record::Round, first).unwrap();
    let pack = s.pack(o.id).unwrap();
    assert_eq!(pack.thank_you.len(), 1);
    assert_eq!(pack.thank_you[0].round, 3);
}

pub fn renumbering_or_renaming_onto_another_record_is_a_conflict(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    for name in ["Dana", "Lee"] {
        let person = Interviewer {
            id: 0,
            name: name.into(),
            title: None,
            email: None,
        };
        s.add_interviewer(o.id, &person).unwrap();
    }
    for number in [1, 2] {
        let round = Round {
            id: 0,
            number,
            kind: "interview".into(),
            date: None,
            duration_minutes: None,
            place: None,
            interviewers: vec![],
        };
        s.add_round(o.id, &round).unwrap();
    }
    let before = s.pack(o.id).unwrap();

    let mut second = before.round(2).unwrap().clone();
    second.number = 1;
    let e = s.update_round(&second).unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "there is already a round 1; pick another number"
    );

    let mut lee = before
        .interviewers
        .iter()
        .find(|i| i.name == "Lee")
        .unwrap()
        .clone();
    lee.name = " dana ".into();
    let e = s.update_interviewer(&lee).unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert!(
        e.to_string().contains("`dana` is already an interviewer"),
        "{e}"
    );
    assert_eq!(s.pack(o.id).unwrap(), before);

    // Keeping one's own number or name (in another case) is no conflict.
    lee.name = "LEE".into();
    s.update_interviewer(&lee).unwrap();
    let mut first = before.round(1).unwrap().clone();
    first.kind = "panel".into();
    s.update_round(&first).unwrap();
    let after = s.pack(o.id).unwrap();
    assert!(after.interviewers.iter().any(|i| i.name == "LEE"));
    assert_eq!(after.round(1).unwrap().kind, "panel");
}

pub fn removing_an_opportunity_removes_its_records(s: &mut impl Store) {
    let (_, file) = dev_cases().remove(0);
    let report = s.import(&file, now()).unwrap();
    let stories = s.stories().unwrap().len();
    s.remove(Record::Opportunity, report.opportunity.id)
        .unwrap();
    assert!(s.list_opportunities().unwrap().is_empty());
    assert_eq!(
        s.stories().unwrap().len(),
        stories,
        "stories outlive an opportunity"
    );
    // Nothing dangling: the same file imports again as new.
    assert!(s.import(&file, now()).unwrap().created);
}

pub fn profile_is_kept(s: &mut impl Store) {
    assert_eq!(s.profile().unwrap(), None);
    let p = Profile {
        name: "Alex Kim".into(),
        email: Some("alex@example.com".into()),
        phone: None,
        headline: Some("Backend engineer".into()),
        priorities: vec!["growth".into(), "remote work".into()],
    };
    s.set_profile(&p).unwrap();
    s.set_profile(&p).unwrap();
    assert_eq!(s.profile().unwrap(), Some(p));
}

/// A file as export writes it: the stage made explicit.
fn normalised(mut f: PrepFile, stage: Stage) -> PrepFile {
    f.stage = Some(f.stage.unwrap_or(stage));
    f
}

pub fn dev_cases_import_export_and_reimport_losslessly(s: &mut impl Store) {
    let cases = dev_cases();
    assert!(cases.len() >= 15, "the fifteen dev cases are there");
    let count = cases.len();
    for (path, file) in cases {
        let report = s
            .import(&file, now())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(report.created);
        let exported = PrepFile::from_pack(&s.pack(report.opportunity.id).unwrap());
        assert_eq!(
            exported,
            normalised(file.clone(), report.opportunity.stage),
            "{path}"
        );
        let again = s.import(&exported, now()).unwrap();
        assert!(!again.created);
        assert_eq!(again.opportunity.id, report.opportunity.id);
        let reexported = PrepFile::from_pack(&s.pack(report.opportunity.id).unwrap());
        assert_eq!(reexported, exported, "{path}");
    }
    assert_eq!(s.list_opportunities().unwrap().len(), count);
}

pub fn importing_again_updates_instead_of_duplicating(s: &mut impl Store) {
    let (_, mut file) = dev_cases().remove(0);
    let first = s.import(&file, now()).unwrap();
    let stories = s.stories().unwrap().len();
    file.rounds[0].notes.pop();
    file.stories[0].result = "Changed result".into();
    let second = s.import(&file, now()).unwrap();
    assert_eq!(
        (second.opportunity.id, second.created, second.stories_added),
        (first.opportunity.id, false, 0)
    );
    assert_eq!(s.stories().unwrap().len(), stories);
    let pack = s.pack(first.opportunity.id).unwrap();
    assert_eq!(pack.notes.len(), first.notes - 1);
    assert_eq!(pack.stories[0].result, "Changed result");
    assert_eq!(s.list_opportunities().unwrap().len(), 1);
}

pub fn a_failing_import_leaves_everything_as_it_was(s: &mut impl Store) {
    let (_, file) = dev_cases().remove(0);
    let report = s.import(&file, now()).unwrap();
    let before = (s.pack(report.opportunity.id).unwrap(), s.stories().unwrap());
    let mut broken = file.clone();
    broken.stories[0].result = "Should not land".into();
    // The last note names a story that is in neither the file nor the bank.
    let last = broken
        .rounds
        .iter_mut()
        .rev()
        .find(|r| !r.interviewers.is_empty())
        .unwrap();
    last.notes.push(round2_core::prep::PrepNote {
        kind: NoteKind::Story,
        interviewer: None,
        story: Some("No such story".into()),
        topic: None,
        text: "x".into(),
    });
    let e = s.import(&broken, now()).unwrap_err();
    assert!(e.to_string().contains("No such story"), "{e}");
    assert_eq!(
        (s.pack(report.opportunity.id).unwrap(), s.stories().unwrap()),
        before
    );
    let mut new_one = broken.clone();
    new_one.company = "Someone Else".into();
    assert!(s.import(&new_one, now()).is_err());
    assert_eq!(s.list_opportunities().unwrap().len(), 1);
}

/// A rated answer to a conflict question, for opportunity `opp`.
fn conflict_attempt(opp: i64) -> Attempt {
    Attempt {
        id: 0,
        opportunity: Some(opp),
        question_id: "beh-conflict-1".into(),
        question: "Tell me about a conflict.".into(),
        answer: "I disagreed with my lead and proposed an experiment.".into(),
        seconds: 95,
        feedback: serde_json::json!({"words": 9, "suggestions": [{"text": "Add a result"}]}),
        rating: Some("good".into()),
        at: now(),
    }
}

pub fn practice_attempts_cards_and_user_questions_are_kept(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let attempt = conflict_attempt(o.id);
    let id = s.add_attempt(&attempt).unwrap();
    s.add_attempt(&Attempt {
        opportunity: None,
        ..attempt.clone()
    })
    .unwrap();
    assert_eq!(
        s.attempts(Some(o.id)).unwrap(),
        vec![Attempt {
            id,
            ..attempt.clone()
        }]
    );
    assert_eq!(s.attempts(None).unwrap().len(), 2);

    let card = ReviewCard {
        opportunity: o.id,
        question_id: "beh-conflict-1".into(),
        question: "Tell me about a conflict.".into(),
        state: serde_json::json!({"stability": 2.5, "reps": 1}),
    };
    s.save_card(&card).unwrap();
    let later = ReviewCard {
        state: serde_json::json!({"stability": 6.0, "reps": 2}),
        ..card.clone()
    };
    s.save_card(&later).unwrap();
    assert_eq!(s.cards(o.id).unwrap(), vec![later]);

    let q = UserQuestion {
        id: "my-1".into(),
        category: "curveball".into(),
        kind: "curveball".into(),
        competencies: vec!["creativity".into()],
        text: "Sell me this pen.".into(),
        really_asking: "Can you think on your feet?".into(),
    };
    s.add_user_question(&q).unwrap();
    assert!(matches!(
        s.add_user_question(&q),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(s.user_questions().unwrap(), vec![q]);

    s.remove(Record::Opportunity, o.id).unwrap();
    assert!(s.cards(o.id).unwrap().is_empty());
    assert_eq!(
        s.attempts(None).unwrap().len(),
        1,
        "attempts without an opportunity stay"
    );
}

pub fn recordings_are_kept_on_request_and_go_with_their_attempt(s: &mut impl Store) {
    let o = s.add_opportunity(&new_opp("Acme", "Engineer")).unwrap();
    let attempt = conflict_attempt(o.id);
    let a = s.add_attempt(&attempt).unwrap();
    assert_eq!(s.recording(a).unwrap(), None, "nothing kept unless asked");
    // Every byte value, NULs and non-UTF-8 included, comes back as it went in.
    let wav: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let loose = Attempt {
        opportunity: None,
        ..attempt.clone()
    };
    let b = s.add_attempt_with_recording(&loose, &wav).unwrap();
    let c = s
        .add_attempt_with_recording(&attempt, &wav[..1000])
        .unwrap();
    assert_eq!(s.recording(b).unwrap().as_deref(), Some(&wav[..]));
    assert_eq!(s.recording(c).unwrap().as_deref(), Some(&wav[..1000]));
    assert_eq!(s.recordings().unwrap(), vec![(b, 70_000), (c, 1000)]);
    // Refused (an empty recording), neither the attempt nor anything else is
    // stored: one transaction.
    let before = s.attempts(None).unwrap();
    assert!(matches!(
        s.add_attempt_with_recording(&attempt, &[]),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        s.attempts(None).unwrap(),
        before,
        "no attempt without its recording"
    );
    assert_eq!(s.recordings().unwrap(), vec![(b, 70_000), (c, 1000)]);

    assert!(s.delete_recording(b).unwrap());
    assert!(!s.delete_recording(b).unwrap(), "deleting twice finds none");
    assert_eq!(s.recording(b).unwrap(), None);
    assert_eq!(
        s.attempts(None).unwrap().len(),
        3,
        "the attempts and their transcripts stay"
    );
    // Removing the opportunity removes its attempts and their recordings.
    s.remove(Record::Opportunity, o.id).unwrap();
    assert_eq!(s.recordings().unwrap(), vec![]);
}

pub fn embeddings_are_cached_by_model_and_hash(s: &mut impl Store) {
    let a: Vec<f32> = (0..384).map(|i| (i as f32 - 192.0) / 97.0).collect();
    let b: Vec<f32> = vec![f32::MIN_POSITIVE, -0.0, 1.0, f32::MAX];
    s.put_embeddings(
        "m1",
        &[("h-a".into(), a.clone()), ("h-b".into(), b.clone())],
    )
    .unwrap();
    // Another model's vector under the same hash is its own entry.
    s.put_embeddings("m2", &[("h-a".into(), vec![0.5; 3])])
        .unwrap();
    // A hash already cached keeps its vector.
    s.put_embeddings("m1", &[("h-a".into(), vec![9.0; 384])])
        .unwrap();
    let hashes: Vec<String> = ["h-a", "h-b", "h-missing"].map(String::from).to_vec();
    let got = s.embeddings("m1", &hashes).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got["h-a"], a, "vectors come back bit for bit");
    assert_eq!(got["h-b"].len(), 4);
    assert!(got["h-b"]
        .iter()
        .zip(&b)
        .all(|(x, y)| x.to_bits() == y.to_bits()));
    assert_eq!(s.embeddings("m2", &hashes).unwrap()["h-a"], vec![0.5; 3]);
    assert!(s.embeddings("m3", &hashes).unwrap().is_empty());
    // More hashes than one statement takes.
    let many: Vec<(String, Vec<f32>)> = (0..450)
        .map(|i| (format!("k{i}"), vec![i as f32]))
        .collect();
    s.put_embeddings("m1", &many).unwrap();
    let keys: Vec<String> = many.iter().map(|(k, _)| k.clone()).collect();
    let got = s.embeddings("m1", &keys).unwrap();
    assert_eq!(got.len(), 450);
    assert_eq!(got["k449"], vec![449.0]);
}
