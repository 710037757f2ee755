//! Changing and removing records on the opportunity page: rounds,
//! interviewers, research, notes, questions to ask, checklist items and the
//! opportunity itself.

use axum::http::StatusCode;
use round2_store::Store as _;

use crate::common::*;

const SLUG: &str = "larkspur-ledger-backend-software-engineer";

fn base() -> String {
    format!("/o/{SLUG}")
}

/// The stored pack, read through a second connection (what the CLI sees).
fn stored(app: &App) -> round2_core::PrepPack {
    let mut s = round2_store::SqliteStore::open(&app.db_path()).unwrap();
    let o = s.opportunity(SLUG).unwrap();
    s.pack(o.id).unwrap()
}

async fn add_research(app: &App) {
    app.post_ok(
        &format!("{}/research", base()),
        &[("section", "mission"), ("text", "Ledgers for small farms")],
    )
    .await;
}

#[tokio::test]
async fn a_round_is_edited_in_the_browsers_time_zone() {
    let app = App::seeded();
    let before = stored(&app);
    let r2 = before.round(2).unwrap().clone();
    // The page's script sends the browser's offset: here UTC+1, while the
    // test clock's zone is UTC-5.
    let to = app
        .post_ok(
            &format!("{}/rounds/2", base()),
            &[
                ("number", "2"),
                ("kind", "onsite panel"),
                ("date", "2026-11-12T14:30"),
                ("tz", "60"),
                ("duration_minutes", "90"),
                ("place", "Room 4"),
            ],
        )
        .await;
    assert_eq!(to, format!("{}#round-2", base()));
    let after = stored(&app);
    let r = after.round(2).unwrap();
    assert_eq!(r.kind, "onsite panel");
    assert_eq!(
        r.date.unwrap().to_rfc3339(),
        "2026-11-12T14:30:00+01:00",
        "the date is read in the browser's zone"
    );
    assert_eq!(r.duration_minutes, Some(90));
    assert_eq!(r.place.as_deref(), Some("Room 4"));
    assert_eq!(r.id, r2.id);
    assert_eq!(r.interviewers, r2.interviewers, "interviewers are kept");
    assert_eq!(after.notes.len(), before.notes.len(), "notes are kept");

    let doc = app.page(&base()).await;
    assert_eq!(text(&doc, "#round-2 h3"), "Round 2: onsite panel");
    assert_eq!(
        attr(&doc, "#round-2-edit-date", "value").as_deref(),
        Some("2026-11-12T14:30")
    );

    // Renumbering onto an existing round is refused.
    let (s, _, body) = app
        .post(&format!("{}/rounds/2", base()), &[("number", "1")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("already a round 1"), "{body}");
}

#[tokio::test]
async fn interviewers_are_edited_and_taken_off_a_round() {
    let app = App::seeded();
    let pack = stored(&app);
    let imani = pack
        .interviewers
        .iter()
        .find(|i| i.name == "Imani Okafor")
        .unwrap()
        .clone();
    app.post_ok(
        &format!("{}/interviewers/{}", base(), imani.id),
        &[
            ("name", "Imani Okafor-Reyes"),
            ("title", "Director of Engineering"),
            ("email", "imani@larkspur.example"),
        ],
    )
    .await;
    let doc = app.page(&base()).await;
    assert!(texts(&doc, "#round-1 ul.interviewers li strong")
        .contains(&"Imani Okafor-Reyes".to_string()));

    // A name another interviewer has is refused.
    let (s, _, _) = app
        .post(
            &format!("{}/interviewers/{}", base(), imani.id),
            &[("name", "tomasz weller")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // Off round 2 only.
    let on_two = |p: &round2_core::PrepPack| {
        p.round(2)
            .unwrap()
            .interviewers
            .iter()
            .any(|i| i.id == imani.id)
    };
    assert!(on_two(&stored(&app)));
    app.post_ok(
        &format!("{}/rounds/2/interviewers/{}/remove", base(), imani.id),
        &[],
    )
    .await;
    let after = stored(&app);
    assert!(!on_two(&after));
    assert!(after
        .round(1)
        .unwrap()
        .interviewers
        .iter()
        .any(|i| i.id == imani.id));
    // Deleted outright: off every round, their notes kept without a name.
    let tomasz = after
        .interviewers
        .iter()
        .find(|i| i.name == "Tomasz Weller")
        .unwrap()
        .clone();
    let named = after
        .notes
        .iter()
        .filter(|n| n.interviewer.as_deref() == Some("Tomasz Weller"))
        .count();
    assert!(named > 0, "dev01 has notes naming Tomasz");
    app.post_ok(&format!("{}/remove/interviewer/{}", base(), tomasz.id), &[])
        .await;
    let gone = stored(&app);
    assert!(gone.interviewers.iter().all(|i| i.id != tomasz.id));
    assert!(gone
        .rounds
        .iter()
        .all(|r| r.interviewers.iter().all(|i| i.id != tomasz.id)));
    assert_eq!(gone.notes.len(), after.notes.len(), "their notes stay");
    assert!(gone
        .thank_you
        .iter()
        .all(|t| t.interviewer != "Tomasz Weller"));
    // Twice: nothing left to remove.
    let (s, _, _) = app
        .post(
            &format!("{}/rounds/2/interviewers/{}/remove", base(), imani.id),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn research_is_edited_and_records_are_removed() {
    let app = App::seeded();
    add_research(&app).await;
    let pack = stored(&app);
    let research = pack.research[0].clone();
    app.post_ok(
        &format!("{}/research/{}", base(), research.id),
        &[
            ("section", "news"),
            ("text", "Raised a Series C in October"),
        ],
    )
    .await;
    let after = stored(&app);
    let r = after.research.iter().find(|r| r.id == research.id).unwrap();
    assert_eq!(r.text, "Raised a Series C in October");
    assert_eq!(r.section.as_str(), "news");

    let note = pack.notes[0].id;
    let round2 = pack.round(2).unwrap().clone();
    let round2_notes = pack.notes.iter().filter(|n| n.round == 2).count();
    for (what, id) in [
        ("research", research.id),
        ("note", note),
        ("round", round2.id),
    ] {
        app.post_ok(&format!("{}/remove/{what}/{id}", base()), &[])
            .await;
    }
    let after = stored(&app);
    assert!(after.research.iter().all(|r| r.id != research.id));
    assert!(after.notes.iter().all(|n| n.id != note));
    assert!(after.round(2).is_none());
    assert_eq!(
        after.notes.len(),
        pack.notes.len() - 1 - round2_notes,
        "the round's notes go with it"
    );
    let doc = app.page(&base()).await;
    assert_eq!(count(&doc, "section.round"), 1);
}

#[tokio::test]
async fn questions_and_checklist_items_are_removed() {
    let app = App::seeded();
    app.post_ok(
        &format!("{}/questions", base()),
        &[("theme", "team"), ("text", "Who would I pair with?")],
    )
    .await;
    app.post_ok(
        &format!("{}/checklist", base()),
        &[("text", "Print the resume")],
    )
    .await;
    let pack = stored(&app);
    let q = pack
        .questions_to_ask
        .iter()
        .find(|q| q.text == "Who would I pair with?")
        .unwrap()
        .id;
    let c = pack
        .checklist
        .iter()
        .find(|c| c.text == "Print the resume")
        .unwrap()
        .id;
    app.post_ok(&format!("{}/remove/question/{q}", base()), &[])
        .await;
    app.post_ok(&format!("{}/remove/checklist/{c}", base()), &[])
        .await;
    let doc = app.page(&base()).await;
    assert!(!text(&doc, "body").contains("Who would I pair with?"));
    assert!(!text(&doc, "body").contains("Print the resume"));
}

#[tokio::test]
async fn records_of_another_opportunity_cannot_be_touched_from_this_one() {
    let app = App::seeded();
    add_research(&app).await;
    let other = app
        .post_ok(
            "/opportunities",
            &[("company", "Other Co"), ("role", "Engineer")],
        )
        .await;
    let pack = stored(&app);
    let before = app.get(&base()).await.1;
    let note = pack.notes[0].id;
    let research = pack.research[0].id;
    let round = pack.rounds[0].id;
    for path in [
        format!("{other}/remove/note/{note}"),
        format!("{other}/remove/research/{research}"),
        format!("{other}/remove/round/{round}"),
        format!("{other}/research/{research}"),
        format!("{other}/interviewers/{}", pack.interviewers[0].id),
        format!("{other}/remove/stories/1"),
        format!("{other}/remove/note/not-a-number"),
    ] {
        let (s, _, body) = app
            .post(&path, &[("section", "news"), ("text", "x"), ("name", "x")])
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "POST {path}: {body}");
    }
    assert_eq!(app.get(&base()).await.1, before);
}

#[tokio::test]
async fn an_opportunity_is_deleted_with_its_records_but_not_the_stories() {
    let app = App::seeded();
    let stories = app.get("/stories").await.1;
    let doc = app.page(&base()).await;
    assert_eq!(
        count(&doc, "details.danger form[action$='/delete'] button"),
        1
    );
    let to = app.post_ok(&format!("{}/delete", base()), &[]).await;
    assert_eq!(to, "/");
    assert_eq!(app.get(&base()).await.0, StatusCode::NOT_FOUND);
    let home = app.page("/").await;
    assert_eq!(count(&home, "table.opportunities tbody tr"), 0);
    assert_eq!(app.get("/stories").await.1, stories);
}
