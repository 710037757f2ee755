//! The method's commands end to end: analysis, practice and documents.

use crate::support::Env;

const SLUG: &str = "larkspur-ledger-backend-software-engineer";

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&env.ok(args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn analyze_prints_the_documented_json_shape_with_offsets_into_the_input() {
    let env = Env::new();
    let posting = "Requirements\n- 3+ years with PostgreSQL and Kubernetes\n- Clear written communication\n\nNice to have\n- Kafka\n";
    let p = env.write("posting.txt", posting);
    let a = json(&env, &["analyze", p.to_str().unwrap(), "--json"]);
    let reqs = a["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 3, "{a}");
    assert_eq!(reqs[0]["importance"], "must");
    assert_eq!(reqs[2]["importance"], "nice");
    for r in reqs {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&posting[s..e], r["text"].as_str().unwrap());
    }
    let mentions = a["mentions"].as_array().unwrap();
    assert!(
        mentions
            .iter()
            .any(|m| m["text"] == "PostgreSQL" && m["kind"] == "knowledge"),
        "{a}"
    );
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&posting[s..e], m["text"].as_str().unwrap());
    }
    let text = env.ok(&["analyze", p.to_str().unwrap()]);
    assert!(text.contains("[knowledge: PostgreSQL]"), "{text}");
}

#[test]
fn gaps_explain_each_verdict_and_story_match_ranks_with_reasons() {
    let env = Env::new();
    env.seed();
    let l = json(&env, &["gaps", SLUG, "--json"]);
    assert_eq!(l["round"], 2);
    let reqs = l["requirements"].as_array().unwrap();
    assert!(reqs.len() >= 10);
    let testing = reqs
        .iter()
        .find(|r| r["text"].as_str().unwrap().contains("automated testing"))
        .unwrap();
    assert_eq!(testing["status"], "gap", "{testing}");
    let go = reqs
        .iter()
        .find(|r| r["text"].as_str().unwrap().contains("ideally in Go"))
        .unwrap();
    assert_eq!(go["status"], "addressed");
    assert!(
        go["evidence"][0]["excerpt"]
            .as_str()
            .unwrap()
            .contains("rate limiter"),
        "{go}"
    );
    for r in reqs.iter().filter(|r| r["status"] != "gap") {
        assert!(
            !r["evidence"].as_array().unwrap().is_empty(),
            "a verdict without evidence: {r}"
        );
    }
    let only_gaps = json(&env, &["gaps", SLUG, "--status", "gap", "--json"]);
    assert!(only_gaps["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "gap"));

    let ranked = json(
        &env,
        &[
            "story",
            "match",
            "Tell me about a mistake you made and what you changed afterwards.",
            "--json",
        ],
    );
    assert_eq!(ranked[0]["title"], "The migration that locked a table");
    assert!(!ranked[0]["why"].as_str().unwrap().is_empty());
    let gaps = json(&env, &["story", "gaps", SLUG, "--json"]);
    assert!(gaps["competencies_without_story"].is_array());
}

#[test]
fn the_drill_reads_piped_answers_gives_feedback_and_schedules_reviews() {
    let env = Env::new();
    env.seed();
    let interview = (chrono::Local::now().fixed_offset() + chrono::Duration::days(5)).to_rfc3339();
    env.ok(&["round", "edit", SLUG, "2", "--date", &interview]);
    let mut child = env
        .command(&["practice", SLUG, "--count", "2", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().unwrap();
        write!(stdin, "At Crateline, um, I was on call when checkout slowed down.\nI traced it and fixed the pool, and recovery time fell 70%.\n.\ngood\nUm, like, we kind of just did it.\n.\nagain\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["rating"], "good");
    assert!(results[0]["feedback"]["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"] == "70%"));
    assert!(results[1]["feedback"]["fillers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["text"] == "um"));
    assert!(results[0]["next_due"].is_string());
    let plan = json(&env, &["review", "plan", SLUG, "--json"]);
    let days = plan["days"].as_array().unwrap();
    assert!(!days.is_empty(), "{plan}");
    let last = days.last().unwrap()["date"].as_str().unwrap().to_string();
    assert!(
        last.as_str() < &interview[..10] || last.as_str() == &interview[..10],
        "a review after the interview: {plan}"
    );
}

#[test]
fn feedback_reads_an_answer_from_stdin() {
    let env = Env::new();
    let out = env.ok_with_stdin(
        &[
            "feedback",
            "--question",
            "Tell me about a time you failed.",
            "--json",
        ],
        b"Um, we, like, kind of shipped it late, you know.",
    );
    let fb: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "words",
        "seconds_estimate",
        "fillers",
        "star",
        "numbers",
        "posting_terms",
        "suggestions",
    ] {
        assert!(fb.get(key).is_some(), "missing {key}: {fb}");
    }
    assert_eq!(fb["star"]["result"]["present"], false);
    let empty = env.run(&["feedback", "--question", "Why us?"]);
    assert!(
        empty.code != 0 && empty.stderr.contains("no answer"),
        "{}",
        empty.stderr
    );
}

#[test]
fn feedback_names_an_answer_that_tells_no_time_and_the_sentence_behind_each_part() {
    let env = Env::new();
    let feedback = |answer: &str, json: bool| {
        let mut args = vec![
            "feedback",
            "--question",
            "Tell me about a time you led a project.",
        ];
        if json {
            args.push("--json");
        }
        let mut child = env
            .command(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(answer.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let hopes = "Leadership's something I really want to grow into. I've been a planner for \
                 three years, and I'd love to move into a team-lead role. I think I'd be good at it.";
    let text = feedback(hopes, false);
    assert!(
        text.contains("Question   answers a different question"),
        "{text}"
    );
    let fb: serde_json::Value = serde_json::from_str(&feedback(hopes, true)).unwrap();
    assert_eq!(fb["relevance"]["addresses"], false, "{fb}");
    assert_eq!(fb["suggestions"][0]["code"], "relevance", "{fb}");

    let story = "Last spring our warehouse move was two weeks behind. I was the project lead, so \
                 the plan was mine. I split the move into three weekends and booked the extra \
                 vans myself. We were out of the old site four days early.";
    let fb: serde_json::Value = serde_json::from_str(&feedback(story, true)).unwrap();
    assert_eq!(fb["relevance"]["addresses"], true, "{fb}");
    for part in ["situation", "task", "action", "result"] {
        assert_eq!(fb["star"][part]["present"], true, "{part}: {fb}");
    }
    assert!(fb["star"]["task"]["phrase"]
        .as_str()
        .unwrap()
        .contains("project lead"));
    assert_eq!(fb["sentences"].as_array().map(Vec::len), Some(4), "{fb}");
}

#[test]
fn ask_never_suggests_what_round_one_covered() {
    let env = Env::new();
    env.seed();
    let picks = json(&env, &["ask", SLUG, "--json"]);
    let picks = picks.as_array().unwrap();
    assert!((6..=10).contains(&picks.len()), "{picks:?}");
    for p in picks {
        let t = p["text"].as_str().unwrap().to_lowercase();
        assert!(
            !t.contains("on-call") && !t.contains("on call"),
            "round one already asked about on-call: {t}"
        );
    }
}

#[test]
fn thank_you_notes_become_eml_files_and_sending_clears_the_overdue_flag() {
    let env = Env::new();
    env.seed();
    env.ok(&[
        "profile",
        "set",
        "--name",
        "Sam Rivière",
        "--email",
        "sam@example.com",
    ]);
    let out = env.ok(&["thanks", SLUG, "--round", "1", "--out", "notes"]);
    assert!(out.contains("tomasz-weller.eml"), "{out}");
    let eml = std::fs::read_to_string(env.path("notes/tomasz-weller.eml")).unwrap();
    assert!(
        eml.contains("To: ")
            && eml.contains("tomasz.weller@larkspurledger.example")
            && eml.contains("\r\n")
    );
    let drafts = json(&env, &["thanks", SLUG, "--round", "1", "--json"]);
    let bodies: Vec<&str> = drafts
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_ne!(bodies[0], bodies[1]);
    for b in &bodies {
        let words = b.split_whitespace().count();
        assert!((60..=180).contains(&words), "{words} words: {b}");
        assert!(b.contains("Larkspur Ledger"));
    }
    // An edited note is kept, not redrafted.
    env.write(
        "edited.txt",
        "Dear Tomasz, thanks again for the rate limiter chat. Sam",
    );
    env.ok(&[
        "thank-you",
        "edit",
        SLUG,
        "--round",
        "1",
        "--interviewer",
        "Tomasz Weller",
        "--body",
        "edited.txt",
    ]);
    let again = json(&env, &["thanks", SLUG, "--round", "1", "--json"]);
    assert!(again[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("Dear Tomasz, thanks again"));

    assert!(env.ok(&["status"]).contains("Tomasz Weller (round 1)"));
    env.ok(&["thanks", SLUG, "--round", "1", "--sent", "Tomasz Weller"]);
    env.ok(&["thanks", SLUG, "--round", "1", "--sent", "imani okafor"]);
    let status = env.ok(&["status"]);
    assert!(!status.contains("(round 1)"), "{status}");
}

#[test]
fn sheet_pitch_checklist_and_calendar_are_written() {
    let env = Env::new();
    env.seed();
    env.ok(&[
        "profile",
        "set",
        "--name",
        "Sam Rivière",
        "--email",
        "sam@example.com",
    ]);
    let md = env.ok(&["sheet", SLUG]);
    assert!(
        md.contains("Imani Okafor") && md.contains("Arrive 10-15 minutes early"),
        "{md}"
    );
    env.ok(&["sheet", SLUG, "--format", "pdf", "-o", "sheet.pdf"]);
    let pdf = std::fs::read(env.path("sheet.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let no_file = env.run(&["sheet", SLUG, "--format", "pdf"]);
    assert!(no_file.code != 0 && no_file.stderr.contains("-o"));
    let html = env.ok(&["sheet", SLUG, "--format", "html"]);
    assert!(html.contains("name=\"viewport\""));
    let pitch = env.ok(&["pitch", SLUG, "--interviewer", "Rafael Quintero"]);
    assert!(
        pitch.contains("Rafael") && pitch.contains("Larkspur Ledger"),
        "{pitch}"
    );
    let list = json(&env, &["checklist", SLUG, "--json"]);
    let first_default = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["origin"] == "method")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["checklist", SLUG, "--tick", &first_default]);
    let list = json(&env, &["checklist", SLUG, "--json"]);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["origin"] == "yours" && r["done"] == true));
    env.ok(&["calendar", SLUG, "-o", "prep.ics"]);
    let ics = std::fs::read_to_string(env.path("prep.ics")).unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR")
            && ics.contains("BEGIN:VEVENT")
            && ics.contains("BEGIN:VALARM"),
        "{ics}"
    );
}

#[test]
fn a_topic_set_on_a_note_is_the_one_the_thank_you_names() {
    let env = Env::new();
    env.seed();
    env.ok(&[
        "note",
        "add",
        SLUG,
        "--round",
        "1",
        "--kind",
        "topic",
        "--interviewer",
        "Tomasz Weller",
        "--topic",
        "idempotent webhooks",
        "We compared how our teams dedupe provider events.",
    ]);
    let drafts = json(&env, &["thanks", SLUG, "--round", "1", "--json"]);
    let tomasz = drafts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["interviewer"] == "Tomasz Weller")
        .expect("a note to Tomasz");
    let body = tomasz["body"].as_str().unwrap();
    assert!(
        body.contains("our conversation about idempotent webhooks"),
        "{body}"
    );
    assert!(
        !body.contains("I also appreciated"),
        "only the user's topic: {body}"
    );
    // An empty topic removes it: the note is read from its text again.
    let notes = json(&env, &["note", "list", SLUG, "--round", "1", "--json"]);
    let id = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["topic"] == "idempotent webhooks")
        .and_then(|n| n["id"].as_i64())
        .expect("the note keeps its topic");
    env.ok(&["note", "edit", SLUG, &id.to_string(), "--topic", ""]);
    let drafts = json(
        &env,
        &["thanks", SLUG, "--round", "1", "--json", "--regenerate"],
    );
    let body =
        drafts[0]["body"].as_str().unwrap().to_string() + drafts[1]["body"].as_str().unwrap();
    assert!(!body.contains("idempotent webhooks"), "{body}");
}
