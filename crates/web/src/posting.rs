//! The posting's requirement lines, found by layout alone: bullet items under
//! a heading that says they are required ("must-haves", "requirements", "what
//! you'll bring") or nice to have ("nice to have", "bonus", "preferred").
//!
//! PLACE FOR round2-extract: this is a stop-gap so the practice page can offer
//! role questions today. When `round2-extract` is committed, replace
//! [`requirements`] with its `analyze(..).requirements` (text, importance) and
//! pass its skill and knowledge mentions as the posting terms of
//! `round2_practice::feedback` (the practice page passes none for now).

/// `(requirement text, "must" | "nice")`, in posting order.
pub fn requirements(posting: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut importance: Option<&'static str> = None;
    for line in posting.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(item) = bullet(t) {
            if let Some(imp) = importance {
                if !item.is_empty() {
                    out.push((item.to_string(), imp));
                }
            }
        } else if is_heading(t) {
            importance = heading_importance(t);
        }
    }
    out
}

fn bullet(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• ", "· ", "– "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim());
        }
    }
    None
}

fn is_heading(line: &str) -> bool {
    let t = line.trim_start_matches('#').trim();
    t.chars().count() <= 80 && !t.ends_with('.')
}

fn heading_importance(line: &str) -> Option<&'static str> {
    let h = line.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["nice", "bonus", "prefer", "plus", "optional"]) {
        Some("nice")
    } else if has(&[
        "must",
        "require",
        "qualification",
        "bring",
        "you have",
        "looking for",
        "skills",
        "experience",
        "about you",
    ]) {
        Some("must")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_under_requirement_headings_only() {
        let p = "About us\nWe build things.\n\nWhat you'll do\n- Build services\n\n\
                 What you'll bring (must-haves)\n- Solid PostgreSQL\n* Go\n\nNice to have\n\
                 1. Kafka\n\nBenefits\n- Salary";
        assert_eq!(
            requirements(p),
            vec![
                ("Solid PostgreSQL".to_string(), "must"),
                ("Go".to_string(), "must"),
                ("Kafka".to_string(), "nice"),
            ]
        );
    }

    #[test]
    fn a_posting_without_headings_has_no_requirements() {
        assert!(requirements("- one\n- two").is_empty());
    }
}
