//! Files for other apps, from the command line: interviewers as `.vcf`,
//! review decks as `.apkg` and text, imported with Anki's own library.
//! Seeded with the demo prep file the project owns (no shared data needed).

use std::path::Path;

use crate::support::Env;

pub const DEMO: &str = "brightwater-transit-senior-product-analyst";

pub fn seed_demo(env: &Env) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo.yaml");
    env.ok(&["import", demo.to_str().unwrap()]);
}

#[test]
fn interviewers_export_as_vcards_once_each() {
    let env = Env::new();
    seed_demo(&env);
    let said = env.ok(&["interviewer", "export", DEMO, "-o", "people.vcf"]);
    assert!(said.contains("3 contacts"), "{said}");
    let vcf = std::fs::read_to_string(env.path("people.vcf")).unwrap();
    assert_eq!(vcf.matches("BEGIN:VCARD\r\n").count(), 3, "{vcf}");
    assert_eq!(vcf.matches("VERSION:4.0\r\n").count(), 3);
    assert!(vcf.contains("FN:Priya Natarajan\r\n"), "{vcf}");
    assert!(vcf.contains("EMAIL:priya.natarajan@brightwater-transit.example\r\n"));
    assert!(vcf.contains("ORG:Brightwater Transit\r\n"));
    // Priya was in both rounds; the note names them.
    let unfolded = vcf.replace("\r\n ", "");
    let priya = unfolded
        .split("BEGIN:VCARD")
        .find(|c| c.contains("FN:Priya"))
        .unwrap();
    assert!(
        priya.contains("round 1") && priya.contains("round 2"),
        "{priya}"
    );
}

#[test]
fn exporting_interviewers_of_an_unknown_or_empty_opportunity_fails_clearly() {
    let env = Env::new();
    let run = env.run(&["interviewer", "export", "no-such-opp", "-o", "x.vcf"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("no-such-opp"), "{}", run.stderr);
    env.ok(&["opp", "add", "--company", "Acme", "--role", "Clerk"]);
    let run = env.run(&["interviewer", "export", "acme-clerk", "-o", "x.vcf"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("no interviewers"), "{}", run.stderr);
    assert!(!env.path("x.vcf").exists());
}

/// Anki's own library (PyPI `anki`) in the Python that scripts/test sets up.
fn anki_python() -> String {
    std::env::var("ROUND2_ANKI_PYTHON").unwrap_or_else(|_| {
        panic!("ROUND2_ANKI_PYTHON is not set: the Anki tests import decks with Anki's own library. Run scripts/test, which installs it.")
    })
}

/// What Anki holds after importing these files, in order, into a new collection.
fn anki_reads(env: &Env, files: &[&str]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/anki-read.py");
    let out = std::process::Command::new(anki_python())
        .arg(script)
        .args(files.iter().map(|f| env.path(f)))
        .output()
        .expect("running Anki's importer");
    assert!(
        out.status.success(),
        "Anki refused the deck:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn practise(env: &Env, answers: &str) {
    env.ok_with_stdin(&["practice", DEMO, "--count", "2"], answers.as_bytes());
}

#[test]
fn a_review_deck_imports_into_anki_and_updates_on_a_second_export() {
    let env = Env::new();
    seed_demo(&env);
    practise(
        &env,
        "At Parcelly I owned the rider metrics & cut churn 12%.\n.\ngood\nI would, um, start <small>.\n.\nhard\n",
    );
    let said = env.ok(&["review", "export", DEMO, "-o", "deck.apkg"]);
    assert!(said.contains("deck.apkg"), "{said}");
    env.ok(&["review", "export", "-o", "deck.txt"]);
    let first = anki_reads(&env, &["deck.apkg"]);
    let notes = first["notes"].as_array().unwrap();
    let stories = notes
        .iter()
        .filter(|n| n["decks"][0] == "round2::Stories")
        .count();
    let questions: Vec<&serde_json::Value> = notes
        .iter()
        .filter(|n| n["decks"][0] == "round2::Brightwater Transit - Senior Product Analyst")
        .collect();
    assert_eq!(questions.len(), 2, "{first}");
    assert!(stories >= 3, "{first}");
    assert_eq!(notes.len(), questions.len() + stories);
    assert!(notes.iter().all(|n| n["cards"] == 1));
    assert!(questions
        .iter()
        .any(|n| n["fields"][1].as_str().unwrap().contains("cut churn 12%")));
    // Markup the user typed is text, not HTML, in Anki.
    assert!(questions
        .iter()
        .any(|n| n["fields"][1].as_str().unwrap().contains("&lt;small&gt;")));
    assert!(notes
        .iter()
        .all(|n| n["tags"].as_array().unwrap().iter().any(|t| t == "round2")));

    // The text format imports the same notes (into Anki's Basic note type).
    let text = anki_reads(&env, &["deck.txt"]);
    assert_eq!(text["imports"][0]["new"], notes.len(), "{text}");

    // Practised again and exported again: Anki updates the notes it has
    // (the same GUIDs) and adds only questions it has not seen.
    practise(
        &env,
        "A much better answer about the rider app metrics.\n.\neasy\nAnd another.\n.\ngood\n",
    );
    env.ok(&["review", "export", DEMO, "-o", "deck2.apkg"]);
    // (The drill may have served new questions too: those are new notes.)
    let alone = anki_reads(&env, &["deck2.apkg"])["notes"]
        .as_array()
        .unwrap()
        .len();
    let both = anki_reads(&env, &["deck.apkg", "deck2.apkg"]);
    assert_eq!(both["notes"].as_array().unwrap().len(), alone, "{both}");
    assert_eq!(both["imports"][1]["new"], alone - notes.len(), "{both}");
    assert!(
        both["imports"][1]["updated"].as_u64().unwrap() >= 1,
        "{both}"
    );
}

#[test]
fn a_review_export_with_nothing_to_review_or_no_format_fails_clearly() {
    let env = Env::new();
    env.ok(&["opp", "add", "--company", "Acme", "--role", "Clerk"]);
    let run = env.run(&["review", "export", "acme-clerk", "-o", "deck.apkg"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("nothing to review"), "{}", run.stderr);
    assert!(!env.path("deck.apkg").exists());
    let run = env.run(&["review", "export", "acme-clerk", "-o", "deck.zip"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--format"), "{}", run.stderr);
}
