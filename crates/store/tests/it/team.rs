//! What the team's storage must do, on both backends: accounts, sessions,
//! login failures, shares, comments, assignments, the audit log, and the
//! candidates' records kept apart.

use round2_core::team::{NewAssignment, NewComment, NewUser, Role, Session, Target};
use round2_core::{NewOpportunity, Stage};
use round2_store::{StoreError, TeamLocation, TeamStore};

fn person(email: &str, role: Role) -> NewUser {
    NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        role,
    }
}

pub fn users_are_unique_by_email_and_validated(t: &mut dyn TeamStore) {
    let ana = t
        .add_user(&person("Ana@Team.example", Role::Candidate), 10)
        .unwrap();
    assert_eq!(ana.email, "ana@team.example");
    assert_eq!(
        t.user_by_email(" ANA@team.example ").unwrap(),
        Some(ana.clone())
    );
    assert!(matches!(
        t.add_user(&person("ana@team.example", Role::Coach), 11),
        Err(StoreError::Conflict(_))
    ));
    for bad in ["not-an-email", "a@b\r\nBcc: x@y.example"] {
        assert!(matches!(
            t.add_user(&person(bad, Role::Coach), 12),
            Err(StoreError::Invalid(_))
        ));
    }
    assert_eq!(t.users().unwrap(), vec![ana.clone()]);
    assert_eq!(t.password_hash(ana.id).unwrap(), None);
    t.set_password_hash(ana.id, "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA")
        .unwrap();
    assert!(t
        .password_hash(ana.id)
        .unwrap()
        .unwrap()
        .starts_with("$argon2id$"));
    assert!(matches!(t.user(999), Err(StoreError::NotFound { .. })));
}

pub fn sessions_expire_and_end_with_a_disabled_user(t: &mut dyn TeamStore) {
    let u = t
        .add_user(&person("c@team.example", Role::Coach), 0)
        .unwrap();
    let s = Session {
        token_hash: "h1".into(),
        user: u.id,
        csrf: "tok".into(),
        created_at: 100,
        expires_at: 200,
    };
    t.create_session(&s).unwrap();
    let (found, who) = t.session("h1", 150).unwrap().unwrap();
    assert_eq!((found, who.id), (s.clone(), u.id));
    assert!(t.session("h1", 200).unwrap().is_none(), "expired");
    assert!(t.session("nope", 150).unwrap().is_none());
    t.set_disabled(u.id, true).unwrap();
    assert!(
        t.session("h1", 150).unwrap().is_none(),
        "disabling ends sessions"
    );
    t.set_disabled(u.id, false).unwrap();
    t.create_session(&Session {
        token_hash: "h2".into(),
        ..s.clone()
    })
    .unwrap();
    t.end_session("h2").unwrap();
    assert!(t.session("h2", 150).unwrap().is_none(), "logged out");
    t.create_session(&Session {
        token_hash: "h3".into(),
        ..s
    })
    .unwrap();
    t.set_password_hash(u.id, "x").unwrap();
    assert!(
        t.session("h3", 150).unwrap().is_none(),
        "a new password ends sessions"
    );
}

pub fn login_failures_count_by_email_and_address_in_a_window(t: &mut dyn TeamStore) {
    for at in [100, 200, 300] {
        t.record_login_failure("A@x.example", "10.0.0.1", at)
            .unwrap();
    }
    t.record_login_failure("b@x.example", "10.0.0.1", 300)
        .unwrap();
    assert_eq!(
        t.login_failures("a@x.example", "10.0.0.1", 150).unwrap(),
        (2, 3)
    );
    assert_eq!(
        t.login_failures("b@x.example", "10.0.0.2", 0).unwrap(),
        (1, 0)
    );
    t.clear_login_failures("a@x.example").unwrap();
    assert_eq!(
        t.login_failures("a@x.example", "10.0.0.1", 0).unwrap(),
        (0, 1)
    );
}

pub fn shares_comments_assignments_and_audit(t: &mut dyn TeamStore) {
    let cand = t
        .add_user(&person("cand@x.example", Role::Candidate), 0)
        .unwrap();
    let other = t
        .add_user(&person("other@x.example", Role::Candidate), 0)
        .unwrap();
    let coach = t
        .add_user(&person("coach@x.example", Role::Coach), 0)
        .unwrap();
    // Only a candidate's opportunity, only with a reviewer.
    assert!(matches!(
        t.share(coach.id, "x", cand.id, 1),
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        t.share(cand.id, "x", other.id, 1),
        Err(StoreError::Conflict(_))
    ));
    t.share(cand.id, "acme-engineer", coach.id, 5).unwrap();
    t.share(cand.id, "acme-engineer", coach.id, 6).unwrap();
    let shares = t.shares_with(coach.id).unwrap();
    assert_eq!(shares.len(), 1, "sharing twice is one share");
    assert_eq!((shares[0].shared_at, shares[0].reviewed_at), (5, None));
    assert_eq!(t.shares_of(cand.id).unwrap(), shares);
    assert!(t
        .share_of(other.id, "acme-engineer", coach.id)
        .unwrap()
        .is_none());
    t.mark_reviewed(cand.id, "acme-engineer", coach.id, 9)
        .unwrap();
    assert_eq!(
        t.share_of(cand.id, "acme-engineer", coach.id)
            .unwrap()
            .unwrap()
            .reviewed_at,
        Some(9)
    );
    assert!(t.mark_reviewed(cand.id, "nope", coach.id, 9).is_err());

    let first = t
        .add_comment(
            &NewComment {
                candidate: cand.id,
                slug: "acme-engineer".into(),
                target: Target::Requirement("SQL".into()),
                author: coach.id,
                body: " Show a query you tuned. ".into(),
                reply_to: None,
            },
            20,
        )
        .unwrap();
    let reply = NewComment {
        candidate: cand.id,
        slug: "acme-engineer".into(),
        target: Target::Requirement("SQL".into()),
        author: cand.id,
        body: "Will do".into(),
        reply_to: Some(first),
    };
    t.add_comment(&reply, 21).unwrap();
    assert!(matches!(
        t.add_comment(
            &NewComment {
                body: "  ".into(),
                ..reply.clone()
            },
            22
        ),
        Err(StoreError::Invalid(_))
    ));
    assert!(
        t.add_comment(
            &NewComment {
                slug: "other".into(),
                ..reply.clone()
            },
            22
        )
        .is_err(),
        "a reply stays on its opportunity"
    );
    let comments = t.comments(cand.id, "acme-engineer").unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0].body, "Show a query you tuned.");
    assert_eq!(comments[0].author_name, "coach");
    assert_eq!(comments[1].reply_to, Some(first));
    assert!(t.comments(other.id, "acme-engineer").unwrap().is_empty());

    let a = NewAssignment {
        candidate: cand.id,
        slug: "acme-engineer".into(),
        coach: coach.id,
        question: "Tell me about a failure".into(),
        due: "2026-12-05".into(),
    };
    t.add_assignment(
        &NewAssignment {
            due: "2026-12-03".into(),
            question: "Why us?".into(),
            ..a.clone()
        },
        30,
    )
    .unwrap();
    t.add_assignment(&a, 31).unwrap();
    assert!(matches!(
        t.add_assignment(
            &NewAssignment {
                due: "Friday".into(),
                ..a.clone()
            },
            32
        ),
        Err(StoreError::Invalid(_))
    ));
    let got = t.assignments(cand.id, None).unwrap();
    assert_eq!(
        got.iter().map(|a| a.question.as_str()).collect::<Vec<_>>(),
        ["Why us?", "Tell me about a failure"]
    );
    assert_eq!(t.assignments(cand.id, Some("acme-engineer")).unwrap(), got);
    assert!(t.assignments(cand.id, Some("other")).unwrap().is_empty());

    t.audit(cand.id, coach.id, "read", "acme-engineer: pack", 40)
        .unwrap();
    t.audit(
        cand.id,
        coach.id,
        "comment",
        "acme-engineer: requirement",
        41,
    )
    .unwrap();
    let log = t.audit_log(cand.id).unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["comment", "read"]
    );
    assert!(t.audit_log(other.id).unwrap().is_empty());

    assert!(t.unshare(cand.id, "acme-engineer", coach.id).unwrap());
    assert!(!t.unshare(cand.id, "acme-engineer", coach.id).unwrap());
    assert!(t.shares_with(coach.id).unwrap().is_empty());
}

/// Each candidate's records are a store of their own.
pub fn candidates_have_stores_of_their_own(loc: &TeamLocation) {
    let mut a = loc.open_candidate(1).unwrap();
    let mut b = loc.open_candidate(2).unwrap();
    a.add_opportunity(&NewOpportunity {
        company: "Acme".into(),
        role: "Engineer".into(),
        url: None,
        job_description: String::new(),
        stage: Stage::Round2,
    })
    .unwrap();
    assert_eq!(a.list_opportunities().unwrap().len(), 1);
    assert!(b.list_opportunities().unwrap().is_empty());
    assert!(b.opportunity("acme-engineer").is_err());
    drop(a);
    let mut again = loc.open_candidate(1).unwrap();
    assert_eq!(again.list_opportunities().unwrap().len(), 1, "kept");
}

macro_rules! team_on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[test] fn $name() {
                let dir = tempfile::tempdir().unwrap();
                let loc = TeamLocation::Sqlite(dir.path().join("team.db"));
                super::$name(loc.open_team().unwrap().as_mut());
            })+
            #[test] fn candidates_have_stores_of_their_own() {
                let dir = tempfile::tempdir().unwrap();
                let loc = TeamLocation::Sqlite(dir.path().join("team.db"));
                super::candidates_have_stores_of_their_own(&loc);
                assert!(dir.path().join("team-candidates/1.db").is_file());
            }
            #[test] fn a_records_database_is_not_a_team_database() {
                // The team's migrations keep their own table: a records
                // database given by mistake gets team tables beside its own
                // and loses nothing.
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("round2.db");
                let mut records = round2_store::SqliteStore::open(&path).unwrap();
                round2_store::Store::set_profile(&mut records, &round2_core::Profile { name: "Ana".into(), ..Default::default() }).unwrap();
                let mut team = TeamLocation::Sqlite(path.clone()).open_team().unwrap();
                assert!(team.users().unwrap().is_empty());
                let mut again = round2_store::SqliteStore::open(&path).unwrap();
                assert_eq!(round2_store::Store::profile(&mut again).unwrap().unwrap().name, "Ana");
            }
        }
        mod postgres {
            use super::*;
            fn url() -> String {
                std::env::var("ROUND2_TEST_PG").unwrap_or_else(|_| {
                    panic!("ROUND2_TEST_PG is not set: the PostgreSQL team tests need a server. Run scripts/test, which starts one.")
                })
            }
            fn location(test: &str) -> TeamLocation {
                TeamLocation::Postgres {
                    url: url(),
                    namespace: format!("t{}_{}", std::process::id(), test.chars().take(30).collect::<String>()),
                }
            }
            $(#[test] fn $name() {
                super::$name(location(stringify!($name)).open_team().unwrap().as_mut());
            })+
            #[test] fn candidates_have_stores_of_their_own() {
                super::candidates_have_stores_of_their_own(&location("candidates"));
            }
        }
    };
}

team_on_both_backends!(
    users_are_unique_by_email_and_validated,
    sessions_expire_and_end_with_a_disabled_user,
    login_failures_count_by_email_and_address_in_a_window,
    shares_comments_assignments_and_audit,
    invitations_expire_work_once_and_replace_each_other,
);

/// One pooled connection serves many candidates, each in their own schema.
#[test]
fn a_connection_moves_between_candidates_schemas() {
    use round2_store::{PgStore, Store};
    let url = std::env::var("ROUND2_TEST_PG").unwrap_or_else(|_| {
        panic!("ROUND2_TEST_PG is not set: the PostgreSQL team tests need a server. Run scripts/test, which starts one.")
    });
    let ns = format!("mv{}", std::process::id());
    let mut conn = PgStore::open_bare(&url).unwrap();
    let known = round2_store::MigratedSchemas::default();
    conn.use_schema(&format!("{ns}_candidate_1"), &known)
        .unwrap();
    conn.add_opportunity(&NewOpportunity {
        company: "Acme".into(),
        role: "Engineer".into(),
        url: None,
        job_description: String::new(),
        stage: Stage::Round2,
    })
    .unwrap();
    conn.use_schema(&format!("{ns}_candidate_2"), &known)
        .unwrap();
    assert!(conn.list_opportunities().unwrap().is_empty());
    conn.use_schema(&format!("{ns}_candidate_1"), &known)
        .unwrap();
    assert_eq!(conn.list_opportunities().unwrap().len(), 1);
    assert!(conn.use_schema("x; DROP TABLE notes", &known).is_err());
}

pub fn invitations_expire_work_once_and_replace_each_other(t: &mut dyn TeamStore) {
    let u = t
        .add_user(&person("new@x.example", Role::Coach), 0)
        .unwrap();
    t.create_invitation(u.id, "old", 10, 1000).unwrap();
    t.create_invitation(u.id, "inv", 20, 1000).unwrap();
    assert!(
        t.invitation("old", 30).unwrap().is_none(),
        "a new invitation replaces the old"
    );
    assert_eq!(t.invitation("inv", 30).unwrap().map(|u| u.id), Some(u.id));
    assert!(t.invitation("inv", 1000).unwrap().is_none(), "expired");
    assert!(t.accept_invitation("inv", "hash", 1000).unwrap().is_none());
    assert_eq!(
        t.accept_invitation("inv", "hash", 40)
            .unwrap()
            .map(|u| u.id),
        Some(u.id)
    );
    assert_eq!(t.password_hash(u.id).unwrap().as_deref(), Some("hash"));
    assert!(
        t.accept_invitation("inv", "other", 41).unwrap().is_none(),
        "used once"
    );
    t.create_invitation(u.id, "again", 50, 1000).unwrap();
    t.set_disabled(u.id, true).unwrap();
    assert!(
        t.invitation("again", 60).unwrap().is_none(),
        "not for a disabled user"
    );
    assert!(
        t.create_invitation(999, "x", 0, 10).is_err(),
        "only for a user"
    );
}
