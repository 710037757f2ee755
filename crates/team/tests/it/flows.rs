//! The journeys of the team server, and its refusals.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use round2_store::TeamLocation;

use crate::support::{self, World, PASSWORD, SLUG};

pub async fn coach_and_candidate(mut w: World) {
    w.log_in_everyone().await;
    let ana = w.ids["ana"];
    let pack = format!("/team/c/{ana}/o/{SLUG}");

    // The coach's home lists the shared opportunity with where it stands.
    let home = w.get("cora", "/team").await;
    assert!(
        home.body
            .contains("Harbor Freight Lines — Operations Analyst"),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("round 2 (panel)"),
        "the next round is shown"
    );

    // A practice attempt of hers, with round2's feedback.
    support::blocking(|| {
        let mut s = w.ana_store();
        let o = s.opportunity(SLUG).unwrap();
        s.add_attempt(&round2_core::Attempt {
            id: 0,
            opportunity: Some(o.id),
            question_id: "q1".into(),
            question: "Tell me about a process you fixed.".into(),
            answer: "We rebuilt the bay schedule.".into(),
            seconds: 40,
            feedback: serde_json::json!({"suggestions": [{"code": "result", "text": "End with the result, in numbers.", "why": "no outcome found"}]}),
            rating: Some("good".into()),
            at: support::now(),
        })
        .unwrap();
    });

    // The coach reads the pack: ledger with evidence, notes, stories,
    // practice with its feedback.
    let page = w.get("cora", &pack).await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "Coverage ledger",
        "Strong SQL and spreadsheet modelling",
        "ANA-SECRET-NOTE",
        "ANA-STORY depot turnaround",
        "you cannot change their records",
        "Tell me about a process you fixed.",
        "End with the result, in numbers.",
    ] {
        assert!(page.body.contains(words), "the pack shows {words}");
    }

    // Comments on a requirement, assigns a question.
    let a = w
        .post(
            "cora",
            &format!("{pack}/comments"),
            &[
                ("target", "requirement:Strong SQL and spreadsheet modelling"),
                ("body", "Bring the dock scheduling query itself."),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let a = w
        .post(
            "cora",
            &format!("{pack}/assignments"),
            &[
                ("question", "Walk me through a schedule you rebuilt."),
                ("due", "2026-12-07"),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);

    // The candidate sees both: the assignment on her team page and in her
    // practice queue, the comment on the pack page, and replies.
    let team = w.get("ana", "/team").await;
    assert!(team
        .body
        .contains("Walk me through a schedule you rebuilt."));
    let queue = support::blocking(|| w.ana_store().user_questions().unwrap());
    assert!(queue
        .iter()
        .any(|q| q.text == "Walk me through a schedule you rebuilt."));
    let mine = w.get("ana", &pack).await;
    assert!(mine
        .body
        .contains("Bring the dock scheduling query itself."));
    assert!(
        !mine.body.contains("Post comment"),
        "the candidate replies, she does not comment"
    );
    let comment =
        support::blocking(|| w.location.open_team().unwrap().comments(ana, SLUG).unwrap()[0].id);
    let reply = w
        .post(
            "ana",
            &format!("{pack}/comments"),
            &[
                ("target", "requirement:Strong SQL and spreadsheet modelling"),
                ("body", "I will bring it printed."),
                ("reply_to", &comment.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(w
        .get("cora", &pack)
        .await
        .body
        .contains("I will bring it printed."));

    // The local pages carry the team's links and words.
    let local = w.get("ana", &format!("/o/{SLUG}")).await;
    assert!(local.body.contains("Who read my prep") && local.body.contains("Log out Ana"));
    assert!(!local.body.contains("runs on this computer only"));
    assert!(
        local
            .body
            .contains("Your coaches left 1 comment and assigned 1 practice question"),
        "the opportunity page says what the coach left"
    );

    // Every coach read and action is in her audit log.
    let log = w.get("ana", "/team/audit").await.body;
    assert!(
        log.contains("readiness and next round, on the coach's home"),
        "the coach's home read is logged: {log}"
    );
    for action in ["read", "comment", "assign"] {
        assert!(
            log.contains(&format!("<td>{action}</td>")),
            "audit shows {action}"
        );
    }

    // The coach marks it reviewed; the candidate sees when.
    w.post("cora", &format!("{pack}/reviewed"), &[]).await;
    assert!(w.get("ana", "/team").await.body.contains(" · reviewed "));

    // Sharing with Dan opens it to him; unsharing closes it at once.
    assert_eq!(w.get("dan", &pack).await.status, StatusCode::NOT_FOUND);
    let s = w
        .post(
            "ana",
            "/team/share",
            &[("slug", SLUG), ("coach", "dan@team.example")],
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    assert_eq!(w.get("dan", &pack).await.status, StatusCode::OK);
    let dan = w.ids["dan"].to_string();
    let u = w
        .post("ana", "/team/unshare", &[("slug", SLUG), ("coach", &dan)])
        .await;
    assert_eq!(u.status, StatusCode::SEE_OTHER, "{}", u.body);
    assert_eq!(w.get("dan", &pack).await.status, StatusCode::NOT_FOUND);
    let refused = w
        .post(
            "ana",
            "/team/share",
            &[("slug", SLUG), ("coach", "ben@team.example")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "a candidate is not a coach"
    );

    // A new login is a new session; logging out ends only that one.
    let again = w.login("cora@team.example", PASSWORD).await;
    let new_cookie = again.set_cookie.unwrap();
    assert!(new_cookie.contains("HttpOnly") && new_cookie.contains("SameSite=Lax"));
    assert!(
        !new_cookie.contains(&w.sessions["cora"].0),
        "a login never reuses a session"
    );
    let out = w.post("cora", "/logout", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/login"));
    assert_eq!(
        w.get("cora", "/team").await.location.as_deref(),
        Some("/login")
    );
}

pub async fn login_limits(w: World) {
    // An unknown email is answered exactly as a wrong password.
    let wrong = w.login("ben@team.example", "not the password").await;
    let unknown = w.login("nobody@team.example", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(wrong.set_cookie.is_none());

    // Twenty wrong passwords in a row for one account.
    let started = std::time::Instant::now();
    let mut checked = 0;
    let mut locked = 0;
    for _ in 0..20 {
        let a = w.login("ana@team.example", "guess guess guess").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        if a.body.contains("Too many failed logins") {
            locked += 1;
        } else {
            checked += 1;
        }
    }
    assert_eq!(
        checked, 5,
        "five attempts are checked, then the account is locked"
    );
    // Locked means locked: the right password is refused too.
    let right = w.login("ana@team.example", PASSWORD).await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert!(right.body.contains("Too many failed logins"));
    // And twenty failures from one address lock it for every account.
    let other = w.login("cora@team.example", PASSWORD).await;
    assert!(other.body.contains("Too many failed logins"), "per address");
    println!(
        "login brute force: 20 wrong passwords in a row: {checked} checked, {locked} refused as locked \
         ({:.0} ms in all); the right password then refused; the address locked for other accounts",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

pub async fn csrf_origin_and_escaping(mut w: World) {
    w.log_in_everyone().await;
    let pack = format!("/team/c/{}/o/{SLUG}", w.ids["ana"]);
    let a = w
        .post(
            "cora",
            &format!("{pack}/comments"),
            &[("target", "pack"), ("body", "<script>alert(1)</script>")],
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let page = w.get("cora", &pack).await.body;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert")
    );

    // Another session's token is refused.
    let (cookie, _) = w.sessions["cora"].clone();
    let anas_token = w.sessions["ana"].1.clone();
    let with = |extra: Option<(&str, &str)>, token: &str| {
        let mut r = Request::post(format!("{pack}/comments"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(header::HOST, "team.example");
        if let Some((k, v)) = extra {
            r = r.header(k, v);
        }
        r.body(Body::from(format!("target=pack&body=x&csrf={token}")))
            .unwrap()
    };
    assert_eq!(
        w.send(with(None, &anas_token)).await.status,
        StatusCode::FORBIDDEN
    );
    let own = w.sessions["cora"].1.clone();
    assert_eq!(
        w.send(with(None, &own)).await.status,
        StatusCode::SEE_OTHER,
        "same form, own token"
    );
    for (k, v) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        assert_eq!(
            w.send(with(Some((k, v)), &own)).await.status,
            StatusCode::FORBIDDEN,
            "{k}: {v}"
        );
    }
    assert_eq!(
        w.send(with(Some(("origin", "https://team.example")), &own))
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the server's own origin behind TLS"
    );
    // A login posted from another site is refused (login CSRF).
    let login = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "team.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("email=ana%40team.example&password=x"))
        .unwrap();
    assert_eq!(w.send(login).await.status, StatusCode::FORBIDDEN);

    // The team's pages carry the local UI's security headers.
    let res = tower::ServiceExt::oneshot(
        w.app.clone(),
        Request::get("/login").body(Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    let h = res.headers();
    assert!(h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
}

pub async fn two_instances(location: TeamLocation) {
    let mut one = World::build(location.clone(), None, round2_team::LoginLimits::DEFAULT);
    one.log_in_everyone().await;
    let two = support::router_over(
        &location,
        support::blocking(|| location.open_team().unwrap()),
        round2_team::LoginLimits::DEFAULT,
    );
    let get_two = |who: &str, path: &str| {
        let (cookie, _) = one.sessions[who].clone();
        let req = Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        let app = two.clone();
        async move {
            let res = tower::ServiceExt::oneshot(app, req).await.unwrap();
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let pack = format!("/team/c/{}/o/{SLUG}", one.ids["ana"]);
    // A session made on one instance is good on the other.
    assert_eq!(get_two("cora", &pack).await.0, StatusCode::OK);
    // A comment posted through one is on the next read through the other.
    one.post(
        "cora",
        &format!("{pack}/comments"),
        &[("target", "pack"), ("body", "Posted on instance one")],
    )
    .await;
    assert!(get_two("ana", &pack)
        .await
        .1
        .contains("Posted on instance one"));
    // A note the candidate adds through one is on her page through the other.
    let a = one
        .post(
            "ana",
            &format!("/o/{SLUG}/notes"),
            &[
                ("round", "1"),
                ("kind", "topic"),
                ("text", "Added on instance one"),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert!(get_two("ana", &format!("/o/{SLUG}"))
        .await
        .1
        .contains("Added on instance one"));
    // Logging out through one ends the session on both.
    one.post("cora", "/logout", &[]).await;
    assert_eq!(get_two("cora", &pack).await.0, StatusCode::SEE_OTHER);
}

pub async fn invitations(mut w: World) {
    w.log_in_everyone().await;
    // An admin invites a coach in the browser and gets the link to send.
    let page = w
        .post(
            "adm",
            "/team/users",
            &[
                ("email", "Nia@Team.example"),
                ("name", "Nia Coach"),
                ("role", "coach"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let at = page.body.find("/invite/").expect("the link");
    let link = page.body[at..at + "/invite/".len() + 64].to_string();
    // Only an admin invites.
    let refused = w
        .post(
            "cora",
            "/team/users",
            &[
                ("email", "x@team.example"),
                ("name", "X"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let form = w.get("anonymous", &link).await;
    assert!(form.body.contains("Welcome, Nia Coach"), "{}", form.body);
    let differ = w
        .post(
            "anonymous",
            &link,
            &[("password", "a fine password"), ("again", "another one!")],
        )
        .await;
    assert_eq!(differ.status, StatusCode::BAD_REQUEST);
    assert!(differ.body.contains("The two passwords differ."));
    let short = w
        .post(
            "anonymous",
            &link,
            &[("password", "short"), ("again", "short")],
        )
        .await;
    assert!(short.body.contains("shorter than 10"), "{}", short.body);
    let ok = w
        .post(
            "anonymous",
            &link,
            &[
                ("password", "a fine password"),
                ("again", "a fine password"),
            ],
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/team"))
    );
    assert!(ok.set_cookie.is_some(), "accepting logs in");
    // The link works once; the password works from now on.
    assert_eq!(
        w.get("anonymous", &link).await.status,
        StatusCode::NOT_FOUND
    );
    let again = w
        .post(
            "anonymous",
            &link,
            &[
                ("password", "b fine password"),
                ("again", "b fine password"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.login("nia@team.example", "a fine password").await.status,
        StatusCode::SEE_OTHER
    );
    // A made-up or malformed link says the same.
    assert_eq!(
        w.get("anonymous", &format!("/invite/{}", "0".repeat(64)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.get("anonymous", "/invite/not-a-token").await.status,
        StatusCode::NOT_FOUND
    );
    let dotted = w.get("anonymous", "/invite/../../etc").await;
    assert_eq!(
        dotted.location.as_deref(),
        Some("/login"),
        "no such page: log in first"
    );
}
