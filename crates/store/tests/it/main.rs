//! The store conformance suite: every test runs on SQLite (a temp file) and on
//! PostgreSQL (a schema of its own in the server `ROUND2_TEST_PG` names, which
//! `scripts/test` starts). A missing server fails the run; it never skips.

mod conformance;
mod faults;
mod round_trip;
mod support;
mod team;

/// Declares each conformance test once per backend.
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { let (mut s, _dir) = crate::support::sqlite(); crate::conformance::$name(&mut s); })+
        }
        mod postgres {
            $(#[test] fn $name() { let mut s = crate::support::postgres(stringify!($name)); crate::conformance::$name(&mut s); })+
        }
    };
}

on_both_backends!(
    opportunities_are_found_by_slug_or_id,
    slugs_stay_unique,
    unknown_opportunity_is_not_found,
    records_of_an_opportunity_round_trip,
    a_note_naming_a_stranger_changes_nothing,
    notes_added_together_are_stored_whole_or_not_at_all,
    stories_are_shared_and_titles_unique,
    thank_you_notes_are_one_per_interviewer_and_round,
    thank_you_notes_follow_their_round,
    renumbering_or_renaming_onto_another_record_is_a_conflict,
    removing_an_opportunity_removes_its_records,
    profile_is_kept,
    dev_cases_import_export_and_reimport_losslessly,
    importing_again_updates_instead_of_duplicating,
    a_failing_import_leaves_everything_as_it_was,
    practice_attempts_cards_and_user_questions_are_kept,
    recordings_are_kept_on_request_and_go_with_their_attempt,
    embeddings_are_cached_by_model_and_hash,
);

/// A reader's change marker moves when another connection commits, and (on
/// SQLite) stays put while nothing is written.
mod change_marker {
    use round2_core::{NewOpportunity, Stage};
    use round2_store::Store;

    /// `quiet`: nothing else writes, so a read must leave the marker as it
    /// was. PostgreSQL's marker is the cluster's WAL position, which the
    /// other tests running at the same time move whenever they write (the
    /// trait allows it to move for changes outside round2's records).
    fn check(reader: &mut dyn Store, writer: &mut dyn Store, quiet: bool) {
        let before = reader.change_marker().unwrap();
        reader.list_opportunities().unwrap();
        if quiet {
            assert_eq!(
                reader.change_marker().unwrap(),
                before,
                "a read must not move the marker"
            );
        }
        writer
            .add_opportunity(&NewOpportunity {
                company: "Marker Co".into(),
                role: "Engineer".into(),
                url: None,
                job_description: String::new(),
                stage: Stage::Round2,
            })
            .unwrap();
        assert_ne!(
            reader.change_marker().unwrap(),
            before,
            "another connection's commit must move the marker"
        );
        assert_eq!(reader.list_opportunities().unwrap().len(), 1);
    }

    #[test]
    fn sqlite() {
        let (mut reader, dir) = crate::support::sqlite();
        let mut writer = round2_store::SqliteStore::open(&dir.path().join("round2.db")).unwrap();
        check(&mut reader, &mut writer, true);
    }

    #[test]
    fn postgres() {
        let (mut reader, url, schema) = crate::support::postgres_with_schema("change_marker");
        let mut writer = round2_store::PgStore::open_in_schema(&url, Some(&schema)).unwrap();
        check(&mut reader, &mut writer, false);
    }
}
