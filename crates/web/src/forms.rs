//! The forms the pages post, and the checks that turn their text into core
//! values with a message naming the field when something is wrong. Every
//! field but `csrf` defaults to empty, so a form without its token is the one
//! way to miss a field (and is refused as a CSRF failure).

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use serde::Deserialize;

use crate::security::HasCsrf;
use crate::WebError;

macro_rules! form {
    ($(#[$m:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Deserialize)]
        pub struct $name {
            pub csrf: String,
            $(#[serde(default)] pub $field: String,)*
        }
        impl HasCsrf for $name {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        }
    };
}

form!(
    /// Paste a posting.
    NewOpportunityForm { company, role, url, read_url, stage, job_description }
);
form!(StageForm { stage });
form!(
    /// A round. `tz` is the browser's UTC offset in minutes for the picked
    /// date, filled in by the page's script; without it the date is read in
    /// the server's zone.
    RoundForm {
        number,
        kind,
        date,
        tz,
        duration_minutes,
        place
    }
);
form!(ProfileForm {
    name,
    email,
    phone,
    headline,
    priorities
});
form!(
    /// A removal: nothing but the token.
    RemoveForm {}
);
form!(InterviewerForm { name, title, email });
form!(NoteForm {
    round,
    kind,
    interviewer,
    story,
    topic,
    text
});
form!(ResearchForm {
    section,
    text,
    source,
    read_source
});
form!(QuestionForm { theme, text });
form!(ChecklistForm { text });
form!(
    /// Sets a flag (`done`/`asked`) to the posted value: repeating the
    /// request does not flip it back.
    ToggleForm { value, back }
);
form!(
    /// A thank-you note's text (and, for "mark sent", nothing but the token).
    ThankYouForm { body }
);
/// A form with a group of fields per record, named `<field>-<n>`: the
/// topics a thank-you note names (`pick-<note id>` ticked, `topic-<note id>`
/// the wording kept or edited), the notes proposed from a transcript
/// (`keep-<i>`, `text-<i>`, ...).
#[derive(Debug, Deserialize)]
pub struct FieldsForm {
    pub csrf: String,
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, String>,
}

impl HasCsrf for FieldsForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl FieldsForm {
    /// Whether the topic of note `id` is ticked.
    pub fn picked(&self, id: round2_core::Id) -> bool {
        self.fields
            .get(&format!("pick-{id}"))
            .is_some_and(|v| !v.is_empty())
    }

    /// The topic's wording for note `id`, trimmed; `None` when blank.
    pub fn wording(&self, id: round2_core::Id) -> Option<String> {
        optional(
            self.fields
                .get(&format!("topic-{id}"))
                .map_or("", String::as_str),
        )
    }
}

form!(StoryForm {
    title,
    situation,
    task,
    action,
    result,
    tags
});
form!(
    /// An answer; `seconds` is the time the page's timer ran, when it did;
    /// `spoken`, for an answer given aloud, how it was said (JSON the page
    /// was given with the transcript).
    PracticeAnswerForm {
        opp,
        q,
        answer,
        seconds,
        spoken,
        recording
    }
);
form!(DeleteRecordingForm { opp });
form!(RateForm {
    opp,
    q,
    rating,
    answer,
    seconds,
    spoken,
    recording
});

/// The trimmed value, or a 400 naming the field.
pub fn required(label: &str, value: &str) -> Result<String, WebError> {
    let v = value.trim();
    if v.is_empty() {
        Err(WebError::bad(format!(
            "{label} is required: fill it in and submit again"
        )))
    } else {
        Ok(v.to_string())
    }
}

/// `None` for blank.
pub fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// A closed choice (stage, note kind, section…), with the parser's message.
pub fn choice<T: FromStr>(label: &str, value: &str) -> Result<T, WebError>
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e: T::Err| WebError::bad(format!("{label}: {e}")))
}

/// A whole number.
pub fn number(label: &str, value: &str) -> Result<u32, WebError> {
    value
        .trim()
        .parse()
        .map_err(|_| WebError::bad(format!("{label}: `{}` is not a whole number", value.trim())))
}

/// A date from a `datetime-local` field (read in `local`, the server's time
/// zone: the server runs on the candidate's machine) or RFC 3339 text.
pub fn date(
    label: &str,
    value: &str,
    local: FixedOffset,
) -> Result<Option<DateTime<FixedOffset>>, WebError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Ok(Some(d));
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(v, fmt) {
            if let Some(d) = local.from_local_datetime(&n).single() {
                return Ok(Some(d));
            }
        }
    }
    Err(WebError::bad(format!(
        "{label}: `{v}` is not a date and time (expected e.g. 2026-11-20T15:00)"
    )))
}

/// The zone to read a `datetime-local` value in: the browser's offset for
/// that date (`tz`, minutes east of UTC) when the page's script sent it,
/// else `fallback` (the server's).
pub fn zone(tz: &str, fallback: FixedOffset) -> Result<FixedOffset, WebError> {
    let Some(t) = optional(tz) else {
        return Ok(fallback);
    };
    t.parse::<i32>()
        .ok()
        .filter(|m| m.abs() <= 18 * 60)
        .and_then(|m| FixedOffset::east_opt(m * 60))
        .ok_or_else(|| WebError::bad(format!("time zone offset `{t}` is not minutes from UTC")))
}

/// Seconds timed by the page's script: `None` when blank (no timer ran).
pub fn timed_seconds(value: &str) -> Result<Option<u32>, WebError> {
    match optional(value) {
        None => Ok(None),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|s| *s <= 4 * 3600)
            .map(Some)
            .ok_or_else(|| WebError::bad(format!("seconds: `{v}` is not a time in seconds"))),
    }
}

/// How a spoken answer was said, as the page carried it between posts,
/// with its pace worked out again for `answer` (the transcript as the user
/// may have corrected it).
pub fn spoken(
    value: &str,
    answer: &str,
) -> Result<Option<round2_practice::spoken::Spoken>, WebError> {
    let Some(v) = optional(value) else {
        return Ok(None);
    };
    let s: round2_practice::spoken::Spoken = serde_json::from_str(&v)
        .map_err(|e| WebError::bad(format!("spoken: not how an answer was said ({e})")))?;
    Ok(Some(round2_practice::spoken::Spoken {
        delivery: s.delivery.with_words(answer.split_whitespace().count()),
        ..s
    }))
}

/// Comma-separated tags, trimmed, blanks dropped.
pub fn tags(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_the_browser_and_rfc3339() {
        let est = FixedOffset::west_opt(5 * 3600).unwrap();
        let d = date("date", "2026-11-10T13:00", est).unwrap().unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-10T13:00:00-05:00");
        let d = date("date", "2026-11-10T13:00:00+01:00", est)
            .unwrap()
            .unwrap();
        assert_eq!(d.to_rfc3339(), "2026-11-10T13:00:00+01:00");
        assert!(date("date", "", est).unwrap().is_none());
        assert!(matches!(
            date("date", "tomorrow", est),
            Err(WebError::BadInput(_))
        ));
    }

    #[test]
    fn the_browser_zone_wins_over_the_server_zone() {
        let server = FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(zone("", server).unwrap(), server);
        assert_eq!(zone("60", server).unwrap().local_minus_utc(), 3600);
        assert_eq!(zone("-330", server).unwrap().local_minus_utc(), -330 * 60);
        assert!(zone("9999", server).is_err());
        assert!(zone("east", server).is_err());
    }

    #[test]
    fn required_names_the_field() {
        let e = required("Company", "  ").unwrap_err().to_string();
        assert!(e.contains("Company is required"), "{e}");
    }

    #[test]
    fn tags_split_on_commas() {
        assert_eq!(tags(" a, ,b c,"), vec!["a", "b c"]);
    }
}
