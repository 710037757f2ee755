//! The authorization matrix: every kind of route (the team's own pages and
//! forms, and the local UI's pages a candidate reaches through the team
//! server) asked by everyone in every position toward Ana's shared
//! opportunity. Only the owner and the coach it is shared with may read
//! it; only the coach may comment, assign and mark it reviewed; only the
//! owner changes her records. Every other answer must refuse, must not
//! carry a word of Ana's, and must change nothing of hers.

use axum::http::StatusCode;
use round2_core::prep::PrepFile;

use crate::support::{World, ACTORS, SLUG};

/// Words only Ana's records hold.
const MARKERS: &[&str] = &["ANA-SECRET-NOTE", "ANA-STORY", "dock scheduling"];

struct Case {
    name: &'static str,
    post: bool,
    path: String,
    fields: Vec<(&'static str, String)>,
    /// Who succeeds.
    allowed: &'static [&'static str],
    /// Who may see Ana's words in the answer.
    may_read: &'static [&'static str],
    /// Actors not sent this request (it would change what the rest test).
    skip: &'static [&'static str],
}

fn cases(w: &World) -> Vec<Case> {
    let ana = w.ids["ana"];
    let pack = format!("/team/c/{ana}/o/{SLUG}");
    let get = |name, path: String, allowed, may_read| Case {
        name,
        post: false,
        path,
        fields: vec![],
        allowed,
        may_read,
        skip: &[],
    };
    let post = |name, path: String, fields: Vec<(&'static str, String)>, allowed, skip| Case {
        name,
        post: true,
        path,
        fields,
        allowed,
        may_read: &[],
        skip,
    };
    vec![
        get(
            "team pack",
            pack.clone(),
            &["ana", "cora"],
            &["ana", "cora"],
        ),
        // The local pages: each candidate reaches their own records only
        // (Ben has an opportunity of the same slug: he gets his).
        get("local home", "/".into(), &["ana", "ben"], &["ana"]),
        get(
            "local opportunity",
            format!("/o/{SLUG}"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local ledger",
            format!("/o/{SLUG}/ledger"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local prep file",
            format!("/o/{SLUG}/prep.yaml"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local sheet",
            format!("/o/{SLUG}/sheet"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local follow-up",
            format!("/o/{SLUG}/follow-up"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local stories",
            "/stories".into(),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local practice",
            "/practice".into(),
            &["ana", "ben"],
            &["ana"],
        ),
        // Every kind of file and page an opportunity has. Ben's answers
        // come from his own records (his opportunity has no interviewers):
        // whatever he gets, none of it may be Ana's.
        get(
            "local calendar",
            format!("/o/{SLUG}/calendar.ics"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local cheat sheet PDF",
            format!("/o/{SLUG}/sheet.pdf"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local questions to ask",
            format!("/o/{SLUG}/ask"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local prepare",
            format!("/o/{SLUG}/prepare"),
            &["ana", "ben"],
            &["ana"],
        ),
        get(
            "local thank-you .eml",
            format!("/o/{SLUG}/thanks/1/rosa-imani.eml"),
            &["ana"],
            &["ana"],
        ),
        get(
            "local interviewers .vcf",
            format!("/o/{SLUG}/interviewers.vcf"),
            &["ana"],
            &["ana"],
        ),
        get("audit log", "/team/audit".into(), &["ana", "ben"], &[]),
        get(
            "the pack of a candidate with no such share",
            format!("/team/c/{}/o/{SLUG}", w.ids["ben"]),
            &["ben"],
            &[],
        ),
        post(
            "comment",
            format!("{pack}/comments"),
            vec![("target", "pack".into()), ("body", "A comment".into())],
            &["cora"],
            &[],
        ),
        post(
            "comment on a note",
            format!("{pack}/comments"),
            vec![("target", "note:1".into()), ("body", "On a note".into())],
            &["cora"],
            &[],
        ),
        post(
            "assign practice",
            format!("{pack}/assignments"),
            vec![
                ("question", "Tell me about a late shipment".into()),
                ("due", "2026-12-05".into()),
            ],
            &["cora"],
            &[],
        ),
        post(
            "comment on a story",
            format!("{pack}/comments"),
            vec![("target", "story:1".into()), ("body", "On a story".into())],
            &["cora"],
            &[],
        ),
        post(
            "comment on a requirement",
            format!("{pack}/comments"),
            vec![
                (
                    "target",
                    "requirement:Strong SQL and spreadsheet modelling".into(),
                ),
                ("body", "On a requirement".into()),
            ],
            &["cora"],
            &[],
        ),
        post(
            "comment on a draft",
            format!("{pack}/comments"),
            vec![
                ("target", "draft:1/Rosa Imani".into()),
                ("body", "On a draft".into()),
            ],
            &["cora"],
            &[],
        ),
        post(
            "mark reviewed",
            format!("{pack}/reviewed"),
            vec![],
            &["cora"],
            &[],
        ),
        post(
            "local set the stage",
            format!("/o/{SLUG}/stage"),
            vec![("stage", "offer".into())],
            &["ben"],
            &["ana"],
        ),
        post(
            "local add note",
            format!("/o/{SLUG}/notes"),
            vec![
                ("round", "1".into()),
                ("kind", "topic".into()),
                ("text", "Written by someone".into()),
            ],
            &["ben"],
            &["ana"],
        ),
        post(
            "local add research",
            format!("/o/{SLUG}/research"),
            vec![
                ("section", "culture".into()),
                ("text", "Research by someone".into()),
            ],
            &["ben"],
            &["ana"],
        ),
        post(
            "local add story",
            "/stories".into(),
            vec![
                ("title", "A story by someone".into()),
                ("situation", "s".into()),
                ("task", "t".into()),
                ("action", "a".into()),
                ("result", "r".into()),
            ],
            &["ben"],
            &["ana"],
        ),
        post(
            "share with another coach",
            "/team/share".into(),
            vec![("slug", SLUG.into()), ("coach", "dan@team.example".into())],
            // Ben shares his own opportunity of that slug.
            &["ben"],
            &["ana"],
        ),
        post(
            "unshare the coach",
            "/team/unshare".into(),
            vec![("slug", SLUG.into()), ("coach", w.ids["cora"].to_string())],
            &[],
            &["ana"],
        ),
        post(
            "disable an account",
            format!("/team/users/{}/disable", w.ids["spare"]),
            vec![],
            &["adm"],
            &[],
        ),
        post(
            "local delete the opportunity",
            format!("/o/{SLUG}/delete"),
            vec![],
            &["ben"],
            &["ana"],
        ),
    ]
}

/// What of Ana's others could change: her records, and what the team
/// keeps about them.
#[derive(Debug, PartialEq)]
struct Snapshot {
    prep: String,
    stories: usize,
    user_questions: Vec<String>,
    comments_by: Vec<String>,
    assignments_by: Vec<String>,
    shared_with: Vec<i64>,
}

fn snapshot(w: &World) -> Snapshot {
    crate::support::blocking(|| snapshot_now(w))
}

fn snapshot_now(w: &World) -> Snapshot {
    let mut s = w.ana_store();
    let o = s.opportunity(SLUG).unwrap();
    let pack = s.pack(o.id).unwrap();
    let mut t = w.location.open_team().unwrap();
    let ana = w.ids["ana"];
    Snapshot {
        prep: serde_json::to_string(&PrepFile::from_pack(&pack)).unwrap(),
        stories: s.stories().unwrap().len(),
        user_questions: s
            .user_questions()
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect(),
        comments_by: t
            .comments(ana, SLUG)
            .unwrap()
            .into_iter()
            .map(|c| c.author_name)
            .collect(),
        assignments_by: t
            .assignments(ana, None)
            .unwrap()
            .into_iter()
            .map(|a| a.coach_name)
            .collect(),
        shared_with: t
            .shares_of(ana)
            .unwrap()
            .into_iter()
            .map(|s| s.coach)
            .collect(),
    }
}

#[derive(Default)]
struct Tally {
    sent: usize,
    refused: usize,
    leaks: Vec<String>,
}

/// Sends every case as each of `actors`, checking who succeeds and who
/// reads Ana's words.
async fn ask_all(w: &World, actors: &[&str], tally: &mut Tally) {
    for case in cases(w) {
        for who in actors.iter().copied() {
            if case.skip.contains(&who) {
                continue;
            }
            let fields: Vec<(&str, &str)> =
                case.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let a = if case.post {
                w.post(who, &case.path, &fields).await
            } else {
                w.get(who, &case.path).await
            };
            tally.sent += 1;
            // Sent to the login page, or (a coach asking for a
            // candidate's home) to their own team page: not served.
            let to_login = a.location.as_deref() == Some("/login")
                || (!case.post && a.location.as_deref() == Some("/team"));
            let ok = (a.status == StatusCode::OK || a.status == StatusCode::SEE_OTHER) && !to_login;
            if case.allowed.contains(&who) {
                assert!(
                    ok,
                    "{}: {who} should succeed, got {} {}",
                    case.name, a.status, a.body
                );
            } else {
                tally.refused += 1;
                assert!(
                    !ok && (a.status.is_client_error() || to_login),
                    "{}: {who} must be refused, got {} {:?}",
                    case.name,
                    a.status,
                    a.location
                );
            }
            if !case.may_read.contains(&who) {
                for m in MARKERS {
                    if a.body.contains(m) {
                        tally.leaks.push(format!("{}: {who} read `{m}`", case.name));
                    }
                }
            }
        }
    }
}

pub async fn run(mut w: World) {
    w.log_in_everyone().await;
    // Eve's share ends and Dis is disabled after they logged in: their
    // sessions must be worth nothing now.
    crate::support::blocking(|| {
        let mut t = w.location.open_team().unwrap();
        assert!(t.unshare(w.ids["ana"], SLUG, w.ids["eve"]).unwrap());
        t.set_disabled(w.ids["dis"], true).unwrap();
    });
    let before = snapshot(&w);
    let mut tally = Tally::default();
    // Everyone but the owner first: what they did must leave her records
    // as they were. Then the owner (her own reads may write, e.g. the
    // follow-up page saves her thank-you drafts).
    let others: Vec<&str> = ACTORS.iter().copied().filter(|a| *a != "ana").collect();
    ask_all(&w, &others, &mut tally).await;
    let after = snapshot(&w);
    // Only Cora's allowed actions show: her comments, her assignment and
    // the question it put in Ana's practice queue.
    assert_eq!(after.prep, before.prep, "Ana's records changed");
    assert_eq!(after.stories, before.stories, "Ana's story bank changed");
    assert_eq!(
        after.shared_with, before.shared_with,
        "Ana's shares changed"
    );
    assert!(
        after.comments_by.iter().all(|a| a == "Cora"),
        "{:?}",
        after.comments_by
    );
    assert_eq!(after.comments_by.len(), 5);
    assert_eq!(after.assignments_by, ["Cora"]);
    assert_eq!(after.user_questions.len(), 1);
    assert!(after.user_questions[0].starts_with("coach-"));
    ask_all(&w, &["ana"], &mut tally).await;
    let (sent, refused) = (tally.sent, tally.refused);
    assert!(
        tally.leaks.is_empty(),
        "cross-account reads: {:#?}",
        tally.leaks
    );
    println!(
        "authorization matrix: {sent} requests by {} actors, {refused} refused, 0 cross-account reads or writes",
        ACTORS.len()
    );
}
