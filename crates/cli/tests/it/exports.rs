//! Files for other apps, from the command line: interviewers as `.vcf`.
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
