//! Ledger with 30 requirements, 40 notes and 50 stories (target < 10 ms),
//! and story ranking for one question over 50 stories; each by words alone
//! and by meaning with every sentence vector already at hand (as when the
//! store's cache has them; target < 20 ms). The vectors here are stand-ins
//! (unit vectors drawn from a hash of each text): the time is the same as
//! with the model's, and the model's own time is not part of these.
//!
//! `cargo bench -p round2-coverage --bench ledger`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use round2_core::model::{Note, NoteKind, Story};
use round2_core::Importance;
use round2_coverage::{
    ledger, rank_stories, texts_to_embed, Blend, LexicalScorer, SemanticScorer, Vectors,
};
use round2_extract::Requirement;

const SUBJECTS: &[&str] = &[
    "PostgreSQL schema design and query tuning",
    "stakeholder management with finance and sales",
    "mentoring junior engineers and code review",
    "observability: metrics, tracing and alerting",
    "paid social campaigns on Meta and TikTok",
    "inventory control and loss prevention",
    "weekly schedules that match staffing to traffic",
    "patient care plans and medication charting",
    "A/B tests on landing pages and subject lines",
    "written communication: design docs and proposals",
    "Kubernetes and Terraform for deployment",
    "hiring, training and developing associates",
    "customer experience and Net Promoter Score",
    "asynchronous processing with queues and retries",
    "budget ownership, forecasts and variances",
];

const VERBS: &[&str] = &["Own", "Drive", "Improve", "Lead", "Build", "Run"];
const TAGS: &[&str] = &[
    "conflict",
    "failure",
    "learning",
    "mentoring",
    "ownership",
    "pressure",
    "communication",
    "customer focus",
    "data analysis",
    "leadership",
    "prioritization",
    "influence",
];

fn fixture() -> (Vec<Requirement>, Vec<Note>, Vec<Story>) {
    let reqs = (0..30)
        .map(|i| {
            let text = format!(
                "{} {} across {} teams, at least {} years",
                VERBS[i % VERBS.len()],
                SUBJECTS[i % SUBJECTS.len()],
                ["two", "several", "remote"][i % 3],
                2 + i % 4
            );
            Requirement {
                start: 0,
                end: text.len(),
                text,
                section: "requirements".into(),
                importance: if i % 4 == 3 {
                    Importance::Nice
                } else {
                    Importance::Must
                },
            }
        })
        .collect();
    let kinds = [
        NoteKind::Topic,
        NoteKind::Answer,
        NoteKind::Question,
        NoteKind::Asked,
        NoteKind::Forgot,
        NoteKind::Rapport,
        NoteKind::FollowUp,
        NoteKind::Story,
    ];
    let notes = (0..40)
        .map(|i| Note {
            id: i as i64,
            round: 1 + (i % 5 == 4) as u32,
            kind: kinds[i % kinds.len()],
            interviewer: Some(["Dana Whitfield", "Sam Ortiz"][i % 2].into()),
            story: None,
            topic: None,
            text: format!(
                "She asked about {}. Told her how I handled it at my last job; we went from {} to {} in a quarter. {}",
                SUBJECTS[(i * 7) % SUBJECTS.len()],
                10 + i,
                40 + i,
                if i % 6 == 0 { "I didn't have much to add about the rest." } else { "She seemed to like it." }
            ),
        })
        .collect();
    let stories = (0..50)
        .map(|i| Story {
            id: i as i64,
            title: format!("Story {i}: {}", SUBJECTS[(i * 3) % SUBJECTS.len()]),
            situation: format!("Our team had trouble with {} during peak season.", SUBJECTS[i % SUBJECTS.len()]),
            task: "I was asked to fix it without adding headcount.".into(),
            action: format!(
                "I talked to each person, wrote a one-page plan on {}, and reviewed progress every week with my manager.",
                SUBJECTS[(i * 5 + 1) % SUBJECTS.len()]
            ),
            result: format!("Errors fell {}% and the approach became our template.", 10 + i),
            tags: vec![TAGS[i % TAGS.len()].into(), TAGS[(i * 5 + 2) % TAGS.len()].into()],
        })
        .collect();
    (reqs, notes, stories)
}

fn bench(c: &mut Criterion) {
    let scorer = LexicalScorer::new();
    let (reqs, notes, stories) = fixture();
    c.bench_function("ledger 30 req x 40 notes x 50 stories", |b| {
        b.iter(|| {
            ledger(
                black_box(&reqs),
                black_box(&notes),
                black_box(&stories),
                2,
                &scorer,
            )
        })
    });
    c.bench_function("rank_stories 1 question x 50 stories", |b| {
        b.iter(|| {
            rank_stories(
                black_box("Tell me about a time you disagreed with your manager about a budget."),
                black_box(&stories),
                &scorer,
                5,
            )
        })
    });
}

/// A unit vector of 384 numbers drawn from a hash of `text`.
fn stand_in(text: &str) -> Vec<f32> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    let v: Vec<f32> = (0..384)
        .map(|_| {
            h ^= h << 13;
            h ^= h >> 7;
            h ^= h << 17;
            (h % 2000) as f32 / 1000.0 - 1.0
        })
        .collect();
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.into_iter().map(|x| x / n).collect()
}

fn bench_semantic(c: &mut Criterion) {
    let lexical = LexicalScorer::new();
    let (reqs, notes, stories) = fixture();
    let question = "Tell me about a time you disagreed with your manager about a budget.";
    let vectors: Vectors = texts_to_embed(&reqs, &notes, &stories, &[question])
        .into_iter()
        .map(|t| {
            let v = stand_in(&t);
            (t, v)
        })
        .collect();
    let scorer = SemanticScorer::new(&lexical, &vectors, Blend::FITTED);
    c.bench_function("ledger by meaning, vectors cached, 30 x 40 x 50", |b| {
        b.iter(|| ledger(&reqs, &notes, black_box(&stories), 2, &scorer))
    });
    c.bench_function("rank_stories by meaning, vectors cached, 50 stories", |b| {
        b.iter(|| rank_stories(black_box(question), black_box(&stories), &scorer, 5))
    });
}

criterion_group!(benches, bench, bench_semantic);
criterion_main!(benches);
