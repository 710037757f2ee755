//! Review decks for Anki: practice questions with the candidate's best
//! answer, and stories in STAR form, as an `.apkg` package (a zip holding a
//! legacy `collection.anki2` SQLite file, schema 11, which every Anki since
//! 2.1 imports) and as Anki's plain-text import format (tab-separated with
//! file headers).
//!
//! Notes carry stable GUIDs made from round2's own keys, so importing a
//! newer export updates the notes already in Anki instead of adding copies.
//! The SQLite file is built in memory and serialised: no file is touched.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, MAIN_DB};
use serde_json::json;
use sha1::{Digest, Sha1};
use std::io::Write;

use round2_core::{Attempt, PrepPack, ReviewCard, Story};

/// The note type's id: fixed, so a later export maps onto the same note type.
const MODEL_ID: i64 = 1_764_547_200_000;
/// Anki's own default deck and options group, which every collection has.
const DEFAULT_DECK: i64 = 1;
/// Anki's field separator inside `notes.flds`.
const FIELD_SEPARATOR: char = '\u{1f}';

/// One flashcard's note: front, back (both plain text), tags, and the key
/// its GUID is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNote {
    pub key: String,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
}

/// A named deck of notes; `::` in the name makes a subdeck, as in Anki.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiDeck {
    pub name: String,
    pub notes: Vec<AnkiNote>,
}

/// Why a deck could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AnkiError {
    #[error("there is nothing to review yet: practise a question or link a story first")]
    Empty,
    #[error("building the Anki collection: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("packing the Anki file: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("packing the Anki file: {0}")]
    Io(#[from] std::io::Error),
}

/// The deck an opportunity's questions go in.
pub fn deck_name(pack: &PrepPack) -> String {
    let o = &pack.opportunity;
    format!("round2::{} - {}", deck_part(&o.company), deck_part(&o.role))
}

/// A part of a deck name: one line, no `::` of its own (Anki would read a
/// subdeck into it).
fn deck_part(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("::", ":")
}

/// The deck stories go in: one for all, since the story bank is shared.
pub const STORY_DECK: &str = "round2::Stories";

/// The practice questions of an opportunity (those with a review card or an
/// attempt), each with the best answer given: the highest self-rating, the
/// latest among equals.
pub fn question_notes(
    pack: &PrepPack,
    cards: &[ReviewCard],
    attempts: &[Attempt],
) -> Vec<AnkiNote> {
    let opp = &pack.opportunity;
    let mut order: Vec<(&str, &str)> = Vec::new();
    for c in cards.iter().filter(|c| c.opportunity == opp.id) {
        if !order.iter().any(|(id, _)| *id == c.question_id) {
            order.push((&c.question_id, &c.question));
        }
    }
    let ours: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| a.opportunity == Some(opp.id))
        .collect();
    for a in &ours {
        if !order.iter().any(|(id, _)| *id == a.question_id) {
            order.push((&a.question_id, &a.question));
        }
    }
    order
        .into_iter()
        .map(|(id, question)| {
            let best = ours
                .iter()
                .filter(|a| a.question_id == id && !a.answer.trim().is_empty())
                .max_by_key(|a| (rating_rank(a.rating.as_deref()), a.at));
            let back = match best {
                Some(a) => {
                    let when = a.at.format("%-d %b %Y");
                    match a.rating.as_deref() {
                        Some(r) => {
                            format!("{}\n\n(Your answer of {when}, rated {r}.)", a.answer.trim())
                        }
                        None => format!("{}\n\n(Your answer of {when}.)", a.answer.trim()),
                    }
                }
                None => {
                    "No answer written yet: answer it aloud, then practise it in round2.".into()
                }
            };
            AnkiNote {
                key: format!("{}/question/{id}", opp.slug),
                front: question.trim().to_owned(),
                back,
                tags: vec![
                    "round2".into(),
                    "round2::question".into(),
                    tag_free(&opp.slug),
                ],
            }
        })
        .collect()
}

/// A story as a note: its title as the prompt, the four STAR parts behind.
pub fn story_note(story: &Story) -> AnkiNote {
    let mut back = Vec::new();
    for (label, text) in [
        ("Situation", &story.situation),
        ("Task", &story.task),
        ("Action", &story.action),
        ("Result", &story.result),
    ] {
        if !text.trim().is_empty() {
            back.push(format!("{label}: {}", text.trim()));
        }
    }
    let mut tags = vec!["round2".to_owned(), "round2::story".to_owned()];
    tags.extend(
        story
            .tags
            .iter()
            .map(|t| tag_free(t))
            .filter(|t| !t.is_empty()),
    );
    AnkiNote {
        key: format!("story/{}", story.id),
        front: format!("Tell the story: {}", story.title.trim()),
        back: back.join("\n"),
        tags,
    }
}

/// One opportunity's practice, as the review deck reads it.
pub struct Practised<'a> {
    pub pack: &'a PrepPack,
    pub cards: &'a [ReviewCard],
    pub attempts: &'a [Attempt],
}

/// The decks to export: one per opportunity with its questions (left out
/// when it has none), and the stories in one deck of their own.
pub fn review_decks(practised: &[Practised<'_>], stories: &[Story]) -> Vec<AnkiDeck> {
    let mut decks: Vec<AnkiDeck> = practised
        .iter()
        .map(|p| AnkiDeck {
            name: deck_name(p.pack),
            notes: question_notes(p.pack, p.cards, p.attempts),
        })
        .filter(|d| !d.notes.is_empty())
        .collect();
    if !stories.is_empty() {
        decks.push(AnkiDeck {
            name: STORY_DECK.to_owned(),
            notes: stories.iter().map(story_note).collect(),
        });
    }
    decks
}

fn rating_rank(rating: Option<&str>) -> u8 {
    match rating {
        Some("easy") => 4,
        Some("good") => 3,
        Some("hard") => 2,
        Some("again") => 1,
        _ => 0,
    }
}

/// A name or tag as Anki takes it: no spaces (a tag ends at one), no
/// control characters, no `::` of the user's own (Anki's hierarchy mark).
fn tag_free(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .replace("::", ":")
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect()
}

/// Plain text as an Anki field: HTML-escaped, line breaks as `<br>`.
fn field_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' | FIELD_SEPARATOR => {}
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A GUID from round2's key: the same key, the same note in Anki.
fn guid(key: &str) -> String {
    let digest = Sha1::digest(format!("round2:{key}").as_bytes());
    digest[..10].iter().map(|b| format!("{b:02x}")).collect()
}

/// Anki's duplicate check: the first 8 hex digits of the SHA-1 of the sort
/// field's text, as a number.
fn checksum(sort_field: &str) -> i64 {
    let digest = Sha1::digest(sort_field.as_bytes());
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

/// The `.apkg` package: `collection.anki2` and an empty `media` map.
pub fn apkg(decks: &[AnkiDeck], now: DateTime<FixedOffset>) -> Result<Vec<u8>, AnkiError> {
    if decks.iter().all(|d| d.notes.is_empty()) {
        return Err(AnkiError::Empty);
    }
    let collection = collection(decks, now)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki2", options)?;
    zip.write_all(&collection)?;
    zip.start_file("media", options)?;
    zip.write_all(b"{}")?;
    Ok(zip.finish()?.into_inner())
}

fn collection(decks: &[AnkiDeck], now: DateTime<FixedOffset>) -> Result<Vec<u8>, AnkiError> {
    let ms = now.timestamp_millis();
    let secs = now.timestamp();
    let db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;

    let mut deck_json = serde_json::Map::new();
    deck_json.insert(
        DEFAULT_DECK.to_string(),
        deck_entry(DEFAULT_DECK, "Default", secs),
    );
    let mut deck_ids = Vec::new();
    for (i, d) in decks.iter().enumerate() {
        let id = ms + 1 + i as i64;
        deck_json.insert(id.to_string(), deck_entry(id, &d.name, secs));
        deck_ids.push(id);
    }
    let model = json!({
        MODEL_ID.to_string(): {
            "id": MODEL_ID, "name": "round2 (question and answer)", "type": 0,
            "mod": secs, "usn": -1, "sortf": 0, "did": deck_ids.first().copied().unwrap_or(DEFAULT_DECK),
            "tmpls": [{
                "name": "Card 1", "ord": 0,
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
                "bqfmt": "", "bafmt": "", "did": null
            }],
            "flds": [
                {"name": "Front", "ord": 0, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []},
                {"name": "Back", "ord": 1, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []}
            ],
            "css": ".card { font-family: arial; font-size: 20px; text-align: left; color: black; background-color: white; }",
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}",
            "tags": [], "vers": [],
            "req": [[0, "any", [0]]]
        }
    });
    let conf = json!({
        "activeDecks": [DEFAULT_DECK], "curDeck": DEFAULT_DECK, "newSpread": 0,
        "collapseTime": 1200, "timeLim": 0, "estTimes": true, "dueCounts": true,
        "curModel": MODEL_ID.to_string(), "nextPos": 1, "sortType": "noteFld",
        "sortBackwards": false, "addToCur": true
    });
    let dconf = json!({
        DEFAULT_DECK.to_string(): {
            "id": DEFAULT_DECK, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60,
            "autoplay": true, "timer": 0, "replayq": true, "dyn": false,
            "new": {"delays": [1, 10], "ints": [1, 4, 7], "initialFactor": 2500,
                    "separate": true, "order": 1, "perDay": 20, "bury": false},
            "lapse": {"delays": [10], "mult": 0, "minInt": 1, "leechFails": 8, "leechAction": 0},
            "rev": {"perDay": 200, "ease4": 1.3, "fuzz": 0.05, "minSpace": 1,
                    "ivlFct": 1, "maxIvl": 36500, "bury": false}
        }
    });
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            secs - secs.rem_euclid(86_400),
            ms,
            conf.to_string(),
            model.to_string(),
            serde_json::Value::Object(deck_json).to_string(),
            dconf.to_string()
        ],
    )?;

    let mut next_id = ms;
    let mut due = 0;
    for (deck, did) in decks.iter().zip(&deck_ids) {
        for note in &deck.notes {
            next_id += 1;
            due += 1;
            let front = field_html(&note.front);
            let flds = format!("{front}{FIELD_SEPARATOR}{}", field_html(&note.back));
            let tags = if note.tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", note.tags.join(" "))
            };
            db.execute(
                "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
                params![
                    next_id,
                    guid(&note.key),
                    MODEL_ID,
                    secs,
                    tags,
                    flds,
                    note.front.trim(),
                    checksum(note.front.trim())
                ],
            )?;
            db.execute(
                "INSERT INTO cards VALUES (?1, ?1, ?2, 0, ?3, -1, 0, 0, ?4, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                params![next_id, did, secs, due],
            )?;
        }
    }
    Ok(db.serialize(MAIN_DB)?.to_vec())
}

fn deck_entry(id: i64, name: &str, secs: i64) -> serde_json::Value {
    json!({
        "id": id, "name": name, "mod": secs, "usn": -1, "desc": "",
        "dyn": 0, "conf": DEFAULT_DECK, "collapsed": false, "browserCollapsed": false,
        "extendNew": 10, "extendRev": 50,
        "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0]
    })
}

/// Anki's text import: a tab-separated file whose header lines tell Anki
/// the separator, that fields hold HTML, and which columns are the tags,
/// the deck and the GUID (Anki 2.1.55 and later read these headers).
pub fn anki_text(decks: &[AnkiDeck]) -> Result<String, AnkiError> {
    if decks.iter().all(|d| d.notes.is_empty()) {
        return Err(AnkiError::Empty);
    }
    let mut out = String::from(
        "#separator:tab\n#html:true\n#columns:Front\tBack\tTags\tDeck\tGUID\n#tags column:3\n#deck column:4\n#guid column:5\n",
    );
    for d in decks {
        for n in &d.notes {
            let row = [
                field_html(&n.front),
                field_html(&n.back),
                n.tags.join(" "),
                d.name.clone(),
                guid(&n.key),
            ];
            let row: Vec<String> = row.iter().map(|f| text_field(f)).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// A field of the text file, quoted when a quote would otherwise confuse
/// the reader (quotes doubled inside).
fn text_field(field: &str) -> String {
    if field.contains('"') || field.starts_with('#') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Anki's schema 11, as legacy `.apkg` files hold it.
const SCHEMA: &str = "
CREATE TABLE col (
    id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
    scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
    usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
    models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
    tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
    flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
    flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
    ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
    type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
    ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
    lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
    odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
    ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
    factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_tags_have_no_spaces() {
        assert_eq!(field_html("a <b> & c\nd\u{1f}"), "a &lt;b&gt; &amp; c<br>d");
        assert_eq!(tag_free("incident response::x"), "incident_response:x");
        assert_eq!(text_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn the_same_key_gives_the_same_guid() {
        assert_eq!(guid("a/question/1"), guid("a/question/1"));
        assert_ne!(guid("a/question/1"), guid("a/question/2"));
        assert_eq!(guid("x").len(), 20);
    }
}
