//! `analyze` never panics, and every span is in bounds, on char boundaries
//! and equal to its text.

use proptest::prelude::*;
use round2_extract::{analyze, tokenize};

fn check(text: &str) {
    let a = analyze(text);
    for m in &a.mentions {
        assert!(m.start < m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(&text[m.start..m.end], m.text);
    }
    for r in &a.requirements {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert_eq!(&text[r.start..r.end], r.text);
    }
    for s in &a.sections {
        assert!(s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    for t in tokenize(text) {
        assert_eq!(&text[t.start..t.end], t.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn posting_like(s in "((About us|Requirements:?|Nice to have|What you'll do|Benefits|[A-Za-z ,.;:()/+#-]{0,40}|- [A-Za-zé ,.()+#/-]{0,60}|• Python, k8s|\\* [a-z ]{0,20}|1\\. [A-Z][a-z ]{0,30})(\r?\n){1,2}){0,15}") {
        check(&s);
    }
}

#[test]
fn edge_cases() {
    for s in [
        "",
        " ",
        "\n\n",
        "-",
        "- ",
        "•",
        ":",
        "Requirements:",
        "a)",
        "(a)",
        "1.",
        "\u{FEFF}x",
        "é\n- é",
        "\r\n- x\r\n",
    ] {
        check(s);
    }
}
