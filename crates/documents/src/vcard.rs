//! The interviewers of an opportunity as vCard 4.0 (RFC 6350), for the
//! address book: name, title, company, email, and a note naming the rounds
//! each took part in. Built with the `vcard4` crate, which escapes values;
//! lines are folded here at 75 octets, as the RFC asks ([`fold`]).

use chrono::{DateTime, FixedOffset, Utc};
use round2_core::{PrepPack, Round};
use vcard4::{Uri, VcardBuilder};

use crate::ics::{fold, uid_part};

/// One card per interviewer of the opportunity, in the order they were added.
pub fn interviewers_vcf(pack: &PrepPack, now: DateTime<FixedOffset>) -> String {
    let opp = &pack.opportunity;
    let rev = now.with_timezone(&Utc);
    let mut out = String::new();
    for person in &pack.interviewers {
        let rounds: Vec<&Round> = pack
            .rounds
            .iter()
            .filter(|r| r.interviewers.iter().any(|i| i.id == person.id))
            .collect();
        let mut card = VcardBuilder::new(person.name.trim().to_owned())
            .name(structured_name(&person.name))
            .org(vec![opp.company.clone()])
            .categories(vec![opp.company.clone(), "round2".to_owned()])
            .note(rounds_note(&rounds, &opp.role, &opp.company))
            .prod_id("-//round2//documents//EN".to_owned());
        if let Some(title) = nonempty(&person.title) {
            card = card.title(title.to_owned());
        }
        if let Some(email) = nonempty(&person.email) {
            card = card.email(email.to_owned());
        }
        if let Ok(uid) = format!(
            "urn:round2:{}:interviewer:{}",
            uid_part(&opp.slug),
            person.id
        )
        .parse::<Uri>()
        {
            card = card.uid(uid);
        }
        if let Ok(rev) = vcard4::time::OffsetDateTime::from_unix_timestamp(rev.timestamp()) {
            card = card.rev(rev.into());
        }
        // vcard4 folds by characters and may break beside a space; the
        // lines are unfolded and folded again by octets, never there.
        let text = card.finish().to_string().replace("\r\n ", "");
        for line in text.split("\r\n") {
            if !line.is_empty() {
                out.push_str(&fold(line));
            }
        }
    }
    out
}

fn nonempty(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// `N`: family; given; additional; prefixes; suffixes. The last word is
/// taken as the family name, the rest as given names: right for most names,
/// and an address book lets the user fix the rest.
fn structured_name(full: &str) -> [String; 5] {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) if !given.is_empty() => [
            (*family).to_owned(),
            given.join(" "),
            String::new(),
            String::new(),
            String::new(),
        ],
        _ => [
            full.trim().to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

/// "Interviewed me for the Data Analyst role at Acme: round 1 (phone screen,
/// 5 Nov 2026) and round 2 (onsite)."
fn rounds_note(rounds: &[&Round], role: &str, company: &str) -> String {
    if rounds.is_empty() {
        return format!("Interviewer for the {role} role at {company}.");
    }
    let parts: Vec<String> = rounds
        .iter()
        .map(|r| {
            let kind = r.kind.trim();
            match (kind.is_empty(), r.date) {
                (false, Some(d)) => {
                    format!("round {} ({kind}, {})", r.number, d.format("%-d %b %Y"))
                }
                (false, None) => format!("round {} ({kind})", r.number),
                (true, Some(d)) => format!("round {} ({})", r.number, d.format("%-d %b %Y")),
                (true, None) => format!("round {}", r.number),
            }
        })
        .collect();
    let list = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.join(""),
    };
    format!("Interviewed me for the {role} role at {company}: {list}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_splits_into_family_and_given() {
        assert_eq!(structured_name("Ana María López")[0], "López");
        assert_eq!(structured_name("Ana María López")[1], "Ana María");
        assert_eq!(structured_name("Cher")[0], "Cher");
    }
}
