//! Round one from a transcript: the three formats meeting apps export, read
//! from fixtures the project owns, matched to the round's interviewers, and
//! the notes proposed from them.

use std::path::Path;

use round2_core::NoteKind;
use round2_method::transcript::{
    match_speakers, parse, propose, speakers, turns, Proposal, Speaker, TranscriptError,
};

const INTERVIEWERS: [&str; 2] = ["Priya Natarajan", "Marcus Bell"];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn proposals(
    name: &str,
    me: Option<&str>,
    overrides: &[&str],
) -> Result<Vec<Proposal>, TranscriptError> {
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    let cues = parse(&fixture(name), ext)?;
    let turns = turns(&cues);
    let interviewers: Vec<String> = INTERVIEWERS.iter().map(|s| s.to_string()).collect();
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let who = match_speakers(&speakers(&turns), &interviewers, me, &overrides)?;
    Ok(propose(&turns, &who))
}

#[test]
fn a_teams_vtt_gives_questions_answers_and_the_candidates_own_question() {
    let p = proposals("round1-teams.vtt", Some("Sam Rivera"), &[]).unwrap();
    let kinds: Vec<(NoteKind, Option<&str>)> = p
        .iter()
        .map(|p| (p.kind, p.interviewer.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (NoteKind::Topic, Some("Priya Natarajan")),
            (NoteKind::Question, Some("Priya Natarajan")),
            (NoteKind::Question, Some("Marcus Bell")),
            (NoteKind::Asked, Some("Priya Natarajan")),
        ],
        "{p:#?}"
    );
    // The overlapping "Mm-hm" does not split Sam's answer; fillers are gone.
    let churn = &p[1].text;
    assert!(churn.starts_with("Priya asked: \"Can you walk me through how you decided which churn number was right at Parcelly?\" I answered: Sure."), "{churn}");
    assert!(churn.contains("paused accounts"), "{churn}");
    assert!(!churn.contains("Um") && !churn.contains("Mm-hm"), "{churn}");
    assert_eq!(p[1].at.as_deref(), Some("0:08"), "the time her turn began");
    // Entities undone, whole sentences quoted.
    assert!(
        p[2].text.contains("dbt models & the warehouse?"),
        "{}",
        p[2].text
    );
    assert!(p[2].text.ends_with("one a quarter."), "{}", p[2].text);
    // Priya's reply without the question she ended on.
    assert!(
        p[3].text
            .starts_with("I asked: \"Can I ask how the analytics team works"),
        "{}",
        p[3].text
    );
    assert!(
        p[3].text.ends_with("what the numbers said."),
        "{}",
        p[3].text
    );
    assert!(
        p[0].text
            .starts_with("Priya said: So a bit of context first."),
        "{}",
        p[0].text
    );
}

#[test]
fn srt_and_labelled_text_give_the_same_questions() {
    for (file, overrides) in [("round1-zoom.srt", vec![]), ("round1-otter.txt", vec![])] {
        let p = proposals(file, Some("Sam Rivera"), &overrides).unwrap();
        let questions: Vec<&Proposal> = p.iter().filter(|p| p.kind == NoteKind::Question).collect();
        assert_eq!(questions.len(), 2, "{file}: {p:#?}");
        assert_eq!(questions[0].interviewer.as_deref(), Some("Priya Natarajan"));
        assert!(
            questions[0]
                .text
                .contains("which churn number was right at Parcelly?\" I answered: Sure."),
            "{file}: {}",
            questions[0].text
        );
        assert_eq!(
            questions[1].interviewer.as_deref(),
            Some("Marcus Bell"),
            "{file}"
        );
        assert!(
            questions[1].text.contains("forty scheduled queries"),
            "{file}"
        );
    }
}

#[test]
fn the_one_speaker_left_over_is_the_candidate() {
    // "Speaker 2" is not a name round2 knows; it is the only one left.
    let p = proposals("round1-otter.txt", None, &[]).unwrap();
    assert!(p.iter().any(|p| p.text.contains("I answered: Sure.")));
    // "Marcus" alone names Marcus Bell.
    assert!(p
        .iter()
        .any(|p| p.interviewer.as_deref() == Some("Marcus Bell")));
}

#[test]
fn speakers_can_be_mapped_by_hand() {
    let p = proposals("round1-otter.txt", None, &["Speaker 2=me", "Marcus=ignore"]).unwrap();
    assert!(
        p.iter()
            .all(|p| p.interviewer.as_deref() != Some("Marcus Bell")),
        "{p:#?}"
    );
    let e = proposals("round1-otter.txt", None, &["Speaker 2=Someone Else"]).unwrap_err();
    assert!(
        e.to_string().contains("not an interviewer of this round"),
        "{e}"
    );
    let e = proposals("round1-otter.txt", None, &["Nobody=me"]).unwrap_err();
    assert!(e.to_string().contains("no speaker `Nobody`"), "{e}");
    let e = proposals("round1-otter.txt", None, &["Speaker 2"]).unwrap_err();
    assert!(e.to_string().contains("LABEL=INTERVIEWER"), "{e}");
}

#[test]
fn a_transcript_without_known_speakers_is_refused_with_what_to_do() {
    let e = proposals("no-speakers.txt", Some("Sam Rivera"), &[]).unwrap_err();
    assert_eq!(e, TranscriptError::NoSpeakers);
    let cues = parse(
        "Alex Stone: Hello and welcome.\nJo Park: Thanks, glad to be here today.\n",
        Some("txt"),
    )
    .unwrap();
    let t = turns(&cues);
    let interviewers: Vec<String> = INTERVIEWERS.iter().map(|s| s.to_string()).collect();
    let e = match_speakers(&speakers(&t), &interviewers, Some("Jo Park"), &[]).unwrap_err();
    assert!(matches!(e, TranscriptError::NoInterviewer { .. }), "{e}");
    assert!(e.to_string().contains("--speaker"), "{e}");
    let e = match_speakers(&speakers(&t), &interviewers, None, &[]).unwrap_err();
    assert!(matches!(e, TranscriptError::NoCandidate(_)), "{e}");
    // An interviewer, the candidate, and a stranger: the stranger is named.
    let cues = parse(
        "Priya: Hi.\nJo Park: Hello there.\nAlex Stone: I'm just listening in.\n",
        None,
    )
    .unwrap();
    let t = turns(&cues);
    let e = match_speakers(&speakers(&t), &interviewers, Some("Jo Park"), &[]).unwrap_err();
    assert!(e.to_string().contains("`Alex Stone`"), "{e}");
    assert!(matches!(
        match_speakers(
            &speakers(&t),
            &interviewers,
            Some("Jo Park"),
            &["Alex Stone=ignore".into()]
        )
        .unwrap()[2]
            .1,
        Speaker::Ignored
    ));
}

#[test]
fn broken_files_name_the_line() {
    let e = parse(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A B>Hi\n\nno time here\njust text\n",
        Some("vtt"),
    )
    .unwrap_err();
    assert!(matches!(e, TranscriptError::Format { line: 6, .. }), "{e}");
    let e = parse("WEBVTT\n\nxx:01.000 --> 00:00:02.000\nHi\n", None).unwrap_err();
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = parse(
        "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\nno timing\n",
        Some("srt"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("line 5"), "{e}");
    assert_eq!(
        parse("WEBVTT\n\n", None).unwrap_err(),
        TranscriptError::Empty
    );
    assert_eq!(parse("", Some("txt")).unwrap_err(), TranscriptError::Empty);
}
