//! Short, stable names for opportunities, made from company and role.

use crate::limits::MAX_SLUG_BYTES;

/// `Northwind Analytics` + `Senior Data Engineer` → `northwind-analytics-senior-data-engineer`,
/// cut at a word boundary to at most [`MAX_SLUG_BYTES`] bytes (a first word
/// longer than that is cut).
pub fn slugify(company: &str, role: &str) -> String {
    let mut out = String::new();
    for word in format!("{company} {role}")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .flat_map(char::to_lowercase)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() {
            continue;
        }
        if out.is_empty() && word.len() > MAX_SLUG_BYTES {
            // ASCII only, so any byte is a char boundary.
            out.push_str(&word[..MAX_SLUG_BYTES]);
            break;
        }
        if !out.is_empty() && out.len() + 1 + word.len() > MAX_SLUG_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        out.push_str("opportunity");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn a_huge_single_word_is_cut() {
        let s = slugify(&"A".repeat(100_000), "Engineer");
        assert_eq!(s.len(), 48);
    }

    #[test]
    fn joins_company_and_role() {
        assert_eq!(
            slugify("Northwind Analytics", "Senior Data Engineer"),
            "northwind-analytics-senior-data-engineer"
        );
    }

    #[test]
    fn drops_punctuation_and_accents_and_stays_short() {
        assert_eq!(slugify("Café  Ünïon!", "R&D, Lead"), "caf-non-r-d-lead");
        let long = slugify(&"word ".repeat(40), "role");
        assert!(long.len() <= 48);
    }

    #[test]
    fn never_empty() {
        assert_eq!(slugify("", "—"), "opportunity");
    }
}
