//! Files for other apps, from the command line: interviewers as `.vcf`,
//! review decks as `.apkg` and text, imported with Anki's own library.
//! Seeded with the demo prep file the project owns (no shared data needed).

use std::path::Path;

use crate::support::Env;

pub const DEMO: &str = "brightwater-transit-senior-product-analyst";

pub fn seed_demo(env: &Env) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd/demo.yaml");
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

fn transcript(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../method/tests/fixtures")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

/// `round2 round import-transcript` of the demo's round 1, as Sam Rivera.
fn import_args<'a>(file: &'a str, last: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        "round",
        "import-transcript",
        DEMO,
        "--round",
        "1",
        file,
        "--me",
        "Sam Rivera",
    ];
    args.extend([last].into_iter().filter(|a| !a.is_empty()));
    args
}

fn round_one_notes(env: &Env) -> Vec<serde_json::Value> {
    let pack: serde_json::Value =
        serde_json::from_str(&env.ok(&["opp", "show", DEMO, "--json"])).unwrap();
    pack["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["round"] == 1)
        .cloned()
        .collect()
}

#[test]
fn a_transcript_proposes_notes_and_json_saves_nothing() {
    let env = Env::new();
    seed_demo(&env);
    let before = env.snapshot();
    let file = transcript("round1-teams.vtt");
    let args = import_args(&file, "--json");
    let shown: serde_json::Value = serde_json::from_str(&env.ok(&args)).unwrap();
    let proposals = shown["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 4, "{shown}");
    assert_eq!(proposals[1]["kind"], "question");
    assert_eq!(proposals[1]["interviewer"], "Priya Natarajan");
    assert_eq!(shown["speakers"][1]["is"], "me");
    assert_eq!(env.snapshot(), before, "--json saved something");
}

#[test]
fn each_proposal_is_kept_edited_or_dropped_before_anything_is_saved() {
    let env = Env::new();
    seed_demo(&env);
    let notes_before = round_one_notes(&env).len();
    let file = transcript("round1-teams.vtt");
    let args = import_args(&file, "");
    // Keep, edit, drop, then keep the rest.
    let said = env.ok_with_stdin(
        &args,
        b"y\ne\nPriya asked how I settled the churn number; I traced both to the SQL.\nn\na\n",
    );
    assert!(
        said.contains("Saved 3 notes to round 1 (1 dropped)."),
        "{said}"
    );
    let notes = round_one_notes(&env);
    assert_eq!(notes.len(), notes_before + 3);
    assert!(notes.iter().any(|n| n["text"]
        == "Priya asked how I settled the churn number; I traced both to the SQL."
        && n["kind"] == "question"));
    assert!(notes
        .iter()
        .any(|n| n["kind"] == "asked" && n["interviewer"] == "Priya Natarajan"));
    assert!(!notes
        .iter()
        .any(|n| n["text"].as_str().unwrap().starts_with("Marcus asked")));
    // Quitting saves nothing and says so.
    let before = env.snapshot();
    let mut c = env.command(&args);
    c.stdin(std::process::Stdio::piped());
    let mut child = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"y\nq\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was saved"));
    assert_eq!(env.snapshot(), before);
    // For scripts: every proposal saved.
    let zoom = transcript("round1-zoom.srt");
    let said = env.ok(&import_args(&zoom, "--accept-all"));
    assert!(said.contains("Saved 2 notes"), "{said}");
}

#[test]
fn a_transcript_round2_cannot_place_fails_clearly_and_saves_nothing() {
    let env = Env::new();
    seed_demo(&env);
    let before = env.snapshot();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--round", "1", &transcript("no-speakers.txt")],
            "no speaker labels",
        ),
        (
            &["--round", "9", &transcript("round1-teams.vtt")],
            "has no round 9",
        ),
        // Round 2's interviewers are Priya and Elena: Marcus is a stranger there.
        (
            &[
                "--round",
                "2",
                &transcript("round1-teams.vtt"),
                "--me",
                "Sam Rivera",
            ],
            "`Marcus Bell`",
        ),
        (&["--round", "1", "missing.vtt"], "missing.vtt"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["round", "import-transcript", DEMO];
        args.extend_from_slice(extra);
        args.push("--accept-all");
        let run = env.run(&args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    env.write("big.txt", "Priya Natarajan: hello there. ".repeat(200_000));
    let run = env.run(&[
        "round",
        "import-transcript",
        DEMO,
        "--round",
        "1",
        "big.txt",
        "--accept-all",
    ]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("big.txt"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
}

fn saved_page(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../extract/tests/fixtures")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn a_posting_comes_from_a_saved_page_or_a_link() {
    let env = Env::new();
    env.write("job.html", saved_page("posting-saved.html"));
    let said = env.ok(&["opp", "add", "--posting", "job.html"]);
    assert!(
        said.contains("harbourline-freight-operations-coordinator"),
        "{said}"
    );
    let shown: serde_json::Value = serde_json::from_str(&env.ok(&[
        "opp",
        "show",
        "harbourline-freight-operations-coordinator",
        "--json",
    ]))
    .unwrap();
    let jd = shown["opportunity"]["job_description"].as_str().unwrap();
    assert!(jd.contains("- Strong Excel skills"), "{jd}");
    assert!(!jd.contains("Similar jobs"), "{jd}");
    // The requirement reader sees the sections.
    let gaps = env.ok(&[
        "gaps",
        "harbourline-freight-operations-coordinator",
        "--json",
    ]);
    assert!(gaps.contains("Excel"), "{gaps}");

    // The same page from a link; the address is kept.
    let url = round2_fetch::serve(
        "200 OK",
        "text/html; charset=utf-8",
        saved_page("posting-saved.html"),
        1,
    );
    env.ok(&[
        "opp",
        "add",
        "--posting-url",
        &url,
        "--company",
        "Harbourline",
        "--role",
        "Coordinator",
    ]);
    let shown: serde_json::Value =
        serde_json::from_str(&env.ok(&["opp", "show", "harbourline-coordinator", "--json"]))
            .unwrap();
    assert_eq!(shown["opportunity"]["url"], url.as_str());
    assert!(shown["opportunity"]["job_description"]
        .as_str()
        .unwrap()
        .contains("transport management system"));
}

#[test]
fn a_link_or_page_without_a_posting_fails_clearly_and_adds_nothing() {
    let env = Env::new();
    let before = env.snapshot();
    env.write("shell.html", saved_page("app-shell.html"));
    let run = env.run(&[
        "opp",
        "add",
        "--posting",
        "shell.html",
        "--company",
        "A",
        "--role",
        "B",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("shell.html") && run.stderr.contains("no main text"),
        "{}",
        run.stderr
    );

    let missing = round2_fetch::serve("404 Not Found", "text/html", "<p>gone</p>".into(), 1);
    let pdf = round2_fetch::serve("200 OK", "application/pdf", "%PDF-1.7".into(), 1);
    for (url, expected) in [
        ("file:///etc/passwd", "http:// or https://"),
        (missing.as_str(), "404"),
        (pdf.as_str(), "application/pdf"),
    ] {
        let run = env.run(&[
            "opp",
            "add",
            "--posting-url",
            url,
            "--company",
            "A",
            "--role",
            "B",
        ]);
        assert_ne!(run.code, 0, "{url}");
        assert!(run.stderr.contains(expected), "{url}: {}", run.stderr);
    }

    // A listener that accepts and never answers: the timeout ends it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/job", silent.local_addr().unwrap());
    let mut c = env.command(&[
        "opp",
        "add",
        "--posting-url",
        &url,
        "--company",
        "A",
        "--role",
        "B",
    ]);
    c.env("ROUND2_FETCH_TIMEOUT", "2");
    let started = std::time::Instant::now();
    let run = env.run_with(c);
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("no answer within 2 seconds"),
        "{}",
        run.stderr
    );
    drop(silent);

    // Nothing to go on for the company.
    let run = env.run(&["opp", "add", "--role", "B"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--company is needed"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn research_quotes_a_page_from_its_link() {
    let env = Env::new();
    seed_demo(&env);
    let url = round2_fetch::serve("200 OK", "text/html", saved_page("posting-saved.html"), 1);
    env.ok(&[
        "research",
        "add",
        DEMO,
        "--section",
        "news",
        "--from-url",
        &url,
    ]);
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["research", "list", DEMO, "--json"])).unwrap();
    let added = list.as_array().unwrap().last().unwrap().clone();
    assert_eq!(added["source"], url.as_str());
    let text = added["text"].as_str().unwrap();
    assert!(
        text.starts_with("Operations Coordinator: Harbourline Freight moves container"),
        "{text}"
    );
    assert!(
        !text.contains("Strong Excel"),
        "bullets are not quoted: {text}"
    );
    // Neither a text nor a page: told what to give.
    let run = env.run(&["research", "add", DEMO, "--section", "news"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--from-url"), "{}", run.stderr);
}
