//! The bad-input table: each input gets a message that names what and where,
//! a non-zero exit, no panic, and the database unchanged.

use crate::support::Env;

const GOOD: &str = "company: Acme\nrole: Engineer\nrounds:\n  - number: 1\n    date: 2026-11-20T15:00:00-05:00\n    interviewers:\n      - {name: Dana Reyes}\n    notes:\n      - {kind: topic, interviewer: Dana Reyes, text: Pipelines}\n";

enum Input {
    /// A file written with these bytes, passed to `import`.
    Prep(&'static str, Vec<u8>),
    /// Arguments as given ({dir} is the temp dir).
    Args(Vec<&'static str>),
    /// A file written with these bytes, passed as `opp add --posting`.
    Posting(Vec<u8>),
}

struct Case {
    name: &'static str,
    input: Input,
    /// Every fragment must appear in the error message.
    expect: &'static [&'static str],
}

/// A company name of 100,000 characters (one word, so the slug cannot
/// simply stop at a word boundary). Leaked: the table holds `&'static str`.
fn long_company() -> &'static str {
    Box::leak("a".repeat(100_000).into_boxed_str())
}

/// One 1 MB string under an anchor and 20,000 aliases to it.
fn alias_bomb() -> Vec<u8> {
    let mut s = String::from(GOOD);
    s.push_str("stories:\n  - title: Bomb\n    tags: [&s \"");
    s.push_str(&"x".repeat(1_000_000));
    s.push('"');
    for _ in 0..20_000 {
        s.push_str(", *s");
    }
    s.push_str("]\n");
    s.into_bytes()
}

fn cases() -> Vec<Case> {
    use Input::*;
    vec![
        Case {
            name: "missing file",
            input: Args(vec!["import", "{dir}/nope.yaml"]),
            expect: &["nope.yaml", "no such file"],
        },
        Case {
            name: "directory instead of file",
            input: Args(vec!["import", "{dir}"]),
            expect: &["is a directory"],
        },
        Case {
            name: "binary file",
            input: Prep("b.yaml", vec![0x89, b'P', b'N', b'G', 0, 0, 1, 2]),
            expect: &["b.yaml", "binary"],
        },
        Case {
            name: "invalid UTF-8",
            input: Prep("u.yaml", b"company: Acme\nrole: \xff\xfe\n".to_vec()),
            expect: &["u.yaml", "line 2", "not valid UTF-8"],
        },
        Case {
            name: "empty file",
            input: Prep("e.yaml", b"  \n\n".to_vec()),
            expect: &["e.yaml", "empty"],
        },
        Case {
            name: "malformed YAML",
            input: Prep("m.yaml", b"company: Acme\nrole: [Engineer\n".to_vec()),
            expect: &["m.yaml", "line"],
        },
        Case {
            name: "JSON with a wrong type",
            input: Prep(
                "w.json",
                br#"{"company": "Acme", "role": "Eng", "rounds": [{"number": "one"}]}"#.to_vec(),
            ),
            expect: &["w.json", "line 1", "invalid type"],
        },
        Case {
            name: "unknown key",
            input: Prep(
                "k.yaml",
                GOOD.replace("role:", "colour: red\nrole:").into_bytes(),
            ),
            expect: &["k.yaml", "colour", "line 2"],
        },
        Case {
            name: "missing required field",
            input: Prep("r.yaml", b"company: Acme\n".to_vec()),
            expect: &["r.yaml", "missing field `role`"],
        },
        Case {
            name: "duplicate round numbers",
            input: Prep("d.yaml", format!("{GOOD}  - number: 1\n").into_bytes()),
            expect: &["d.yaml", "round 1 appears twice"],
        },
        Case {
            name: "note naming a stranger",
            input: Prep(
                "s.yaml",
                GOOD.replace("interviewer: Dana Reyes", "interviewer: Dan Reyes")
                    .into_bytes(),
            ),
            expect: &[
                "s.yaml",
                "line 9",
                "`Dan Reyes` is not an interviewer of round 1",
            ],
        },
        Case {
            name: "date without offset",
            input: Prep("t.yaml", GOOD.replace("-05:00", "").into_bytes()),
            expect: &["t.yaml", "line 5", "offset"],
        },
        Case {
            name: "unknown slug",
            input: Args(vec!["opp", "show", "no-such-opportunity"]),
            expect: &["no opportunity `no-such-opportunity`"],
        },
        Case {
            name: "unknown slug for export",
            input: Args(vec!["export", "nope"]),
            expect: &["no opportunity `nope`"],
        },
        Case {
            name: "50 MB posting",
            input: Posting(vec![b'a'; 50 * 1024 * 1024]),
            expect: &["posting", "50.0 MB", "larger than"],
        },
        Case {
            name: "50 MB prep file",
            input: Prep(
                "big.yaml",
                format!(
                    "company: A\nrole: B\njob_description: \"{}\"\n",
                    "a".repeat(50 * 1024 * 1024)
                )
                .into_bytes(),
            ),
            expect: &["big.yaml", "larger than"],
        },
        Case {
            name: "unwritable database path",
            input: Args(vec!["--db", "{dir}/seed.yaml/round2.db", "opp", "list"]),
            expect: &["cannot open the database", "seed.yaml/round2.db"],
        },
        Case {
            name: "story note naming an unknown story",
            input: Prep(
                "n.yaml",
                GOOD.replace(
                    "{kind: topic, interviewer: Dana Reyes, text: Pipelines}",
                    "{kind: story, story: Ghost story, text: told it}",
                )
                .into_bytes(),
            ),
            expect: &["n.yaml", "no story `Ghost story`"],
        },
        Case {
            name: "bad date on the command line",
            input: Args(vec![
                "round",
                "add",
                "larkspur-ledger-backend-software-engineer",
                "--number",
                "3",
                "--date",
                "next tuesday",
            ]),
            expect: &["--date", "next tuesday", "offset"],
        },
        Case {
            name: "unknown note kind",
            input: Args(vec![
                "note",
                "add",
                "larkspur-ledger-backend-software-engineer",
                "--round",
                "1",
                "--kind",
                "gossip",
                "x",
            ]),
            expect: &["--kind", "gossip", "note kind"],
        },
        Case {
            name: "YAML alias bomb (a 1 MB string aliased 20,000 times, about 20 GB expanded)",
            input: Prep("bomb.yaml", alias_bomb()),
            expect: &["bomb.yaml", "aliases", "expand"],
        },
        Case {
            name: "nesting 100,000 deep",
            input: Prep(
                "deep.yaml",
                format!(
                    "{GOOD}research: {}{}\n",
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                )
                .into_bytes(),
            ),
            expect: &["deep.yaml", "more than 64 levels deep"],
        },
        Case {
            name: "CR/LF in an interviewer's name (mail header injection)",
            input: Prep(
                "crlf.yaml",
                GOOD.replace(
                    "- {name: Dana Reyes}",
                    "- {name: \"Dana\\r\\nBcc: everyone@example.com\"}",
                )
                .into_bytes(),
            ),
            expect: &["crlf.yaml", "interviewers[0].name", "control character"],
        },
        Case {
            name: "an interviewer's email that is not one",
            input: Prep(
                "email.yaml",
                GOOD.replace(
                    "- {name: Dana Reyes}",
                    "- {name: Dana Reyes, email: \"dana@x.example, all@y.example\"}",
                )
                .into_bytes(),
            ),
            expect: &["email.yaml", "email", "not an email address"],
        },
        Case {
            name: "a 100,000-character company name",
            input: Args(vec![
                "opp",
                "add",
                "--company",
                long_company(),
                "--role",
                "Engineer",
            ]),
            expect: &["company", "at most 300"],
        },
        Case {
            name: "a line break in the profile's name",
            input: Args(vec!["profile", "set", "--name", "Sam\r\nBcc: x@y.example"]),
            expect: &["your name", "control character"],
        },
        Case {
            name: "the profile's email is not an address",
            input: Args(vec![
                "profile",
                "set",
                "--name",
                "Sam",
                "--email",
                "sam@x.example\r\nBcc: y@z",
            ]),
            expect: &["not an email address"],
        },
        Case {
            name: "an empty note",
            input: Args(vec![
                "note",
                "add",
                "larkspur-ledger-backend-software-engineer",
                "--round",
                "1",
                "--kind",
                "topic",
                "   ",
            ]),
            expect: &["note is empty"],
        },
        Case {
            name: "export into a directory",
            input: Args(vec![
                "export",
                "larkspur-ledger-backend-software-engineer",
                "-o",
                "{dir}",
            ]),
            expect: &["is a directory", "give a file name"],
        },
        Case {
            name: "an empty --db",
            input: Args(vec!["--db", "", "opp", "list"]),
            expect: &["--db", "is empty"],
        },
        Case {
            name: "unsupported version",
            input: Prep("v.yaml", format!("version: 2\n{GOOD}").into_bytes()),
            expect: &["v.yaml", "line 1", "version 2 is not supported"],
        },
    ]
}

#[test]
fn every_bad_input_gets_a_clear_error_and_changes_nothing() {
    let env = Env::new();
    let slug = env.seed();
    let before = env.snapshot();
    let dir = env.dir.path().to_str().unwrap().to_string();
    let table = cases();
    assert!(table.len() >= 15);
    for case in table {
        let args: Vec<String> = match &case.input {
            Input::Prep(name, bytes) => vec![
                "import".into(),
                env.write(name, bytes).display().to_string(),
            ],
            Input::Args(a) => a.iter().map(|s| s.replace("{dir}", &dir)).collect(),
            Input::Posting(bytes) => {
                let p = env.write("posting.txt", bytes);
                vec![
                    "opp".into(),
                    "add".into(),
                    "--company".into(),
                    "X".into(),
                    "--role".into(),
                    "Y".into(),
                    "--posting".into(),
                    p.display().to_string(),
                ]
            }
        };
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        // Under a 2 GiB address space and a time bound: input that blows up
        // memory or time fails here, not the machine.
        let started = std::time::Instant::now();
        let run = env.run_limited(&argv, 2 * 1024 * 1024);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}: took {:?}",
            case.name,
            started.elapsed()
        );
        assert_ne!(run.code, 0, "{}: expected a failure", case.name);
        assert!(
            run.stderr.starts_with("error: "),
            "{}: {}",
            case.name,
            run.stderr
        );
        for fragment in case.expect {
            assert!(
                run.stderr.contains(fragment),
                "{}: `{fragment}` not in: {}",
                case.name,
                run.stderr
            );
        }
        assert_eq!(
            env.snapshot(),
            before,
            "{}: the database changed",
            case.name
        );
    }
    assert!(env.ok(&["opp", "show", &slug]).contains("Larkspur Ledger"));
    // No half-written files were left behind.
    let leftovers: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
