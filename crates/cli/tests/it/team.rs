//! `round2 team ...`: the self-hoster's scripts against a team database.

use crate::support::Env;

fn team(env: &Env, args: &[&str]) -> Vec<String> {
    let db = env.path("team.db");
    let mut all = vec![
        "--db".to_string(),
        db.display().to_string(),
        "team".to_string(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    all
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_self_hoster_adds_people_imports_a_prep_file_and_shares_it() {
    let env = Env::new();
    let add = team(
        &env,
        &[
            "user",
            "add",
            "Cora@Team.example",
            "--name",
            "Cora Coach",
            "--role",
            "recruiter",
            "--password-stdin",
            "--json",
        ],
    );
    let out = env.ok_with_stdin(&refs(&add), b"a long coach password\n");
    let cora: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            cora["user"]["email"].as_str(),
            cora["user"]["role"].as_str()
        ),
        (Some("cora@team.example"), Some("coach"))
    );
    assert!(cora["invitation"].is_null());
    let add = team(
        &env,
        &[
            "user",
            "add",
            "ana@team.example",
            "--name",
            "Ana",
            "--role",
            "candidate",
            "--password-stdin",
        ],
    );
    assert!(env
        .ok_with_stdin(&refs(&add), b"a long candidate password\n")
        .contains("as a candidate"));

    let prep = env.write(
        "prep.yaml",
        "version: 1\ncompany: Harbor Freight Lines\nrole: Operations Analyst\njob_description: |\n  Requirements\n  - Strong SQL.\n",
    );
    let import = team(
        &env,
        &[
            "import",
            prep.to_str().unwrap(),
            "--owner",
            "ana@team.example",
        ],
    );
    assert!(env
        .ok(&refs(&import))
        .contains("harbor-freight-lines-operations-analyst"));
    // The candidate's records are a store of their own, beside the team's.
    assert!(env.path("team-candidates/2.db").is_file());
    assert!(!env.db().exists(), "the personal database is untouched");

    let share = team(
        &env,
        &[
            "share",
            "harbor-freight-lines-operations-analyst",
            "--owner",
            "ana@team.example",
            "--with",
            "cora@team.example",
            "--json",
        ],
    );
    let shared: serde_json::Value = serde_json::from_str(&env.ok(&refs(&share))).unwrap();
    assert_eq!(shared["shared"], true);
    let unshare = team(
        &env,
        &[
            "unshare",
            "harbor-freight-lines-operations-analyst",
            "--owner",
            "ana@team.example",
            "--with",
            "cora@team.example",
        ],
    );
    assert!(env.ok(&refs(&unshare)).contains("no longer shared"));
    let again = env.run(&refs(&unshare));
    assert_ne!(again.code, 0);
    assert!(
        again.stderr.contains("is not shared with"),
        "{}",
        again.stderr
    );

    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&refs(&team(&env, &["user", "list", "--json"])))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !list.to_string().contains("argon2"),
        "no password hash is printed"
    );
    assert!(env
        .ok(&refs(&team(
            &env,
            &["user", "disable", "cora@team.example"]
        )))
        .contains("Disabled"));
    // Someone who chooses their own password gets an invitation link.
    let invite = team(
        &env,
        &[
            "user",
            "add",
            "nia@team.example",
            "--name",
            "Nia",
            "--role",
            "coach",
            "--invite",
            "--url",
            "https://team.example/",
        ],
    );
    let out = env.ok(&refs(&invite));
    assert!(out.contains("https://team.example/invite/"), "{out}");
    let again = team(&env, &["user", "invite", "nia@team.example", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&env.ok(&refs(&again))).unwrap();
    assert!(v["invitation"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:8420/invite/"));
}

#[test]
fn bad_team_commands_say_what_is_wrong_and_change_nothing() {
    let env = Env::new();
    let cases: &[(&[&str], &[u8], &str)] = &[
        (
            &[
                "user",
                "add",
                "x@team.example",
                "--name",
                "X",
                "--role",
                "boss",
                "--password-stdin",
            ],
            b"a long password\n",
            "--role `boss`",
        ),
        (
            &[
                "user",
                "add",
                "x@team.example",
                "--name",
                "X",
                "--role",
                "coach",
            ],
            b"",
            "--password-stdin",
        ),
        (
            &[
                "user",
                "add",
                "x@team.example",
                "--name",
                "X",
                "--role",
                "coach",
                "--password-stdin",
            ],
            b"short\n",
            "shorter than 10",
        ),
        (
            &[
                "user",
                "add",
                "not an email",
                "--name",
                "X",
                "--role",
                "coach",
                "--password-stdin",
            ],
            b"a long password\n",
            "email",
        ),
        (
            &[
                "share",
                "x",
                "--owner",
                "nobody@team.example",
                "--with",
                "y@team.example",
            ],
            b"",
            "no user has the email `nobody@team.example`",
        ),
    ];
    for (args, stdin, says) in cases {
        let mut c = env.command(&refs(&team(&env, args)));
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    let list = env.ok(&refs(&team(&env, &["user", "list", "--json"])));
    assert_eq!(list.trim(), "[]", "nothing was added");
}

#[test]
fn the_servers_configuration_is_defaults_then_file_then_environment_then_flags() {
    let env = Env::new();
    let file = env.write(
        "team.toml",
        "db = \"postgres://round2:hunter2@db.internal/team\"\nbind = \"0.0.0.0:9000\"\nsecure_cookies = true\n",
    );
    let mut c = env.command(&[
        "team",
        "serve",
        "--config",
        file.to_str().unwrap(),
        "--print-config",
        "--json",
    ]);
    c.env_remove("ROUND2_DB")
        .env("ROUND2_TEAM_BIND", "127.0.0.1:9100");
    let r = env.run_with(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains("hunter2"),
        "the password is hidden: {}",
        r.stdout
    );
    let shown: Vec<(String, String, String)> = serde_json::from_str(&r.stdout).unwrap();
    let get = |k: &str| shown.iter().find(|s| s.0 == k).cloned().unwrap();
    assert_eq!(get("db").2, "configuration file");
    assert_eq!(
        (get("bind").1.as_str(), get("bind").2.as_str()),
        ("127.0.0.1:9100", "environment or flag")
    );
    assert_eq!(get("secure_cookies").1, "true");

    // A flag wins over the environment.
    let mut c = env.command(&[
        "team",
        "serve",
        "--config",
        file.to_str().unwrap(),
        "--print-config",
        "--bind",
        "127.0.0.1:9200",
        "--secure-cookies",
        "false",
    ]);
    c.env_remove("ROUND2_DB")
        .env("ROUND2_TEAM_BIND", "127.0.0.1:9100");
    let r = env.run_with(c);
    assert!(
        r.stdout.contains("127.0.0.1:9200") && r.stdout.contains("false"),
        "{}",
        r.stdout
    );

    // A wrong key is named with its line.
    let bad = env.write("bad.toml", "bind = \"127.0.0.1:1\"\nprot = 9\n");
    let r = env.run(&[
        "team",
        "serve",
        "--config",
        bad.to_str().unwrap(),
        "--print-config",
    ]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("prot") && r.stderr.contains("line 2"),
        "{}",
        r.stderr
    );
}
