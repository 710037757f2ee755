//! The commands a user runs, end to end on SQLite.

use crate::support::{Env, DEMO_PREP};

#[test]
fn demo_writes_a_fresh_example_and_shows_it() {
    let env = Env::new();
    let out = env.ok(&["demo", "--dir", "demo"]);
    for expected in [
        "Brightwater Transit",
        "Coverage ledger before round 2",
        "Thank-you note drafts",
        "Feedback",
    ] {
        assert!(
            out.contains(expected),
            "`{expected}` missing from the demo:\n{out}"
        );
    }
    for file in [
        "cheat-sheet.pdf",
        "cheat-sheet.html",
        "cheat-sheet.md",
        "pitch.md",
        "ledger.txt",
        "checklist.txt",
        "calendar.ics",
        "practice.txt",
        "thank-you/priya-natarajan.eml",
        "thank-you/marcus-bell.eml",
    ] {
        let meta = std::fs::metadata(env.path("demo").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(meta.len() > 100, "{file} is nearly empty");
    }
    let pdf = std::fs::read(env.path("demo/cheat-sheet.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Exactly one page object: the demo's sheet fits one page.
    let pages = pdf.windows(11).filter(|w| *w == b"/Type /Page").count();
    let trees = pdf.windows(12).filter(|w| *w == b"/Type /Pages").count();
    assert_eq!(pages - trees, 1, "the demo's cheat sheet is not one page");
    // Running it twice starts fresh rather than duplicating.
    env.ok(&["demo", "--dir", "demo"]);
    let db = env.path("demo/round2.db");
    let list = env.ok(&["--db", db.to_str().unwrap(), "opp", "list", "--json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(list.len(), 1);
}

#[test]
fn opp_list_json_has_slug_company_and_role_and_db_goes_anywhere() {
    let env = Env::new();
    env.ok(&[
        "opp",
        "add",
        "--company",
        "Northwind Analytics",
        "--role",
        "Senior Data Engineer",
    ]);
    let db = env.db();
    let db = db.to_str().unwrap();
    for args in [
        vec!["--db", db, "opp", "list", "--json"],
        vec!["opp", "list", "--json", "--db", db],
        vec!["opp", "--db", db, "list", "--json"],
    ] {
        let list: Vec<serde_json::Value> = serde_json::from_str(&env.ok(&args)).unwrap();
        assert_eq!(list[0]["slug"], "northwind-analytics-senior-data-engineer");
        assert_eq!(list[0]["company"], "Northwind Analytics");
        assert_eq!(list[0]["role"], "Senior Data Engineer");
    }
}

#[test]
fn every_record_can_be_added_listed_edited_and_removed() {
    let env = Env::new();
    env.write("posting.txt", "Requirements\n- PostgreSQL\n");
    env.ok(&[
        "opp",
        "add",
        "--company",
        "Acme",
        "--role",
        "Engineer",
        "--posting",
        "posting.txt",
        "--stage",
        "round 1",
    ]);
    let s = "acme-engineer";
    env.ok(&[
        "research",
        "add",
        s,
        "--section",
        "culture",
        "--source",
        "https://acme.example",
        "Remote first",
    ]);
    env.ok(&[
        "round",
        "add",
        s,
        "--number",
        "1",
        "--kind",
        "phone",
        "--date",
        "2026-11-20T15:00:00-05:00",
    ]);
    env.ok(&[
        "interviewer",
        "add",
        s,
        "--name",
        "Dana Reyes",
        "--title",
        "Manager",
        "--email",
        "dana@acme.example",
        "--round",
        "1",
    ]);
    env.ok(&[
        "story",
        "add",
        "--title",
        "Pipeline rescue",
        "--situation",
        "s",
        "--result",
        "r",
        "--tag",
        "leadership,ownership",
        "--opp",
        s,
    ]);
    env.ok(&[
        "note",
        "add",
        s,
        "--round",
        "1",
        "--kind",
        "story",
        "--interviewer",
        "Dana Reyes",
        "--story",
        "Pipeline rescue",
        "Told it",
    ]);
    env.ok(&[
        "to-ask",
        "add",
        s,
        "--theme",
        "team",
        "How big is the team?",
    ]);
    env.ok(&["checklist", s, "--add", "Print resume"]);
    env.ok(&[
        "profile",
        "set",
        "--name",
        "Alex Kim",
        "--email",
        "alex@example.com",
        "--priority",
        "growth,remote work",
    ]);

    let pack: serde_json::Value =
        serde_json::from_str(&env.ok(&["opp", "show", s, "--json"])).unwrap();
    assert_eq!(pack["opportunity"]["stage"], "round-1");
    assert_eq!(pack["rounds"][0]["interviewers"][0]["name"], "Dana Reyes");
    assert_eq!(pack["notes"][0]["story"], "Pipeline rescue");
    assert_eq!(
        pack["stories"][0]["tags"],
        serde_json::json!(["leadership", "ownership"])
    );
    assert!(env.ok(&["opp", "show", s]).contains("Told it"));

    let note = pack["notes"][0]["id"].to_string();
    env.ok(&[
        "note",
        "edit",
        s,
        &note,
        "--kind",
        "topic",
        "--text",
        "Pipelines",
    ]);
    env.ok(&[
        "research",
        "edit",
        s,
        &pack["research"][0]["id"].to_string(),
        "--text",
        "Hybrid",
    ]);
    env.ok(&[
        "interviewer",
        "edit",
        s,
        &pack["interviewers"][0]["id"].to_string(),
        "--title",
        "Director",
    ]);
    env.ok(&["round", "edit", s, "1", "--place", "https://meet.example/x"]);
    env.ok(&[
        "story",
        "edit",
        "Pipeline rescue",
        "--result",
        "Saved the quarter",
    ]);
    env.ok(&[
        "to-ask",
        "edit",
        s,
        &pack["questions_to_ask"][0]["id"].to_string(),
        "--asked",
        "true",
    ]);
    let checked = env.ok(&[
        "checklist",
        s,
        "--tick",
        &pack["checklist"][0]["id"].to_string(),
    ]);
    assert!(checked.contains("[x]"), "{checked}");
    env.ok(&[
        "opp",
        "edit",
        s,
        "--stage",
        "round-2",
        "--url",
        "https://acme.example/job",
    ]);

    let pack: serde_json::Value =
        serde_json::from_str(&env.ok(&["opp", "show", s, "--json"])).unwrap();
    assert_eq!(pack["notes"][0]["text"], "Pipelines");
    assert_eq!(pack["research"][0]["text"], "Hybrid");
    assert_eq!(pack["interviewers"][0]["title"], "Director");
    assert_eq!(pack["rounds"][0]["place"], "https://meet.example/x");
    assert_eq!(pack["stories"][0]["result"], "Saved the quarter");
    assert_eq!(pack["questions_to_ask"][0]["asked"], true);
    assert_eq!(pack["opportunity"]["stage"], "round-2");
    let profile: serde_json::Value =
        serde_json::from_str(&env.ok(&["profile", "show", "--json"])).unwrap();
    assert_eq!(
        profile["priorities"],
        serde_json::json!(["growth", "remote work"])
    );

    env.ok(&["note", "rm", s, &note]);
    env.ok(&["story", "rm", "Pipeline rescue"]);
    env.ok(&["round", "rm", s, "1"]);
    env.ok(&["opp", "rm", s]);
    assert_eq!(env.ok(&["opp", "list", "--json"]).trim(), "[]");
    let missing = env.run(&["note", "rm", "nope", "1"]);
    assert_ne!(missing.code, 0);
}

#[test]
fn export_then_import_round_trips_a_whole_prep_file() {
    let env = Env::new();
    // The store's conformance suite round-trips every example case on both
    // backends; this is the same path through the commands.
    let name = "demo.yaml";
    let p = env.write(name, DEMO_PREP);
    let report: serde_json::Value =
        serde_json::from_str(&env.ok(&["import", p.to_str().unwrap(), "--json"])).unwrap();
    let slug = report["opportunity"]["slug"].as_str().unwrap().to_string();
    let yaml = env.ok(&["export", &slug]);
    env.ok(&["export", &slug, "--format", "json", "-o", "out.json"]);
    let stories = env.ok(&["story", "list", "--json"]);
    let again = env.ok(&["import", "out.json"]);
    assert!(again.starts_with("Updated"), "{again}");
    assert!(
        env.ok(&["export", &slug]) == yaml,
        "{name}: re-import changed the export"
    );
    assert!(
        env.ok(&["story", "list", "--json"]) == stories,
        "{name}: re-import changed the story bank"
    );
}

#[test]
fn status_shows_overdue_thank_you_notes() {
    let env = Env::new();
    env.seed();
    let out = env.ok(&["status"]);
    assert!(
        out.contains("overdue thank-you notes") && out.contains("Tomasz Weller (round 1)"),
        "{out}"
    );
}

#[test]
fn backup_copies_a_database_in_use() {
    let env = Env::new();
    let slug = env.seed();
    env.ok(&["backup", "copy.db"]);
    let copy = env.path("copy.db");
    assert!(env
        .ok(&["--db", copy.to_str().unwrap(), "opp", "show", &slug])
        .contains("Larkspur"));
    let again = env.run(&["backup", "copy.db"]);
    assert!(
        again.code != 0 && again.stderr.contains("already exists"),
        "{}",
        again.stderr
    );
}

#[test]
fn completions_are_generated() {
    let env = Env::new();
    assert!(env.ok(&["completions", "bash"]).contains("round2"));
}

#[test]
fn stored_terminal_escapes_are_shown_not_obeyed() {
    let env = Env::new();
    let slug = env.seed();
    env.ok(&[
        "note",
        "add",
        &slug,
        "--round",
        "1",
        "--kind",
        "topic",
        "Pipelines\u{1b}[2J\u{1b}]0;owned\u{7}",
    ]);
    let shown = env.ok(&["opp", "show", &slug]);
    assert!(shown.contains("Pipelines\\u{1b}[2J"), "{shown}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    // JSON keeps the text exactly (escaped by JSON itself).
    let json = env.ok(&["opp", "show", &slug, "--json"]);
    assert!(json.contains("\\u001b[2J"), "{json}");
}
