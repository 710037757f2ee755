-- round2 schema 1: the records of the foundation. Never edit once landed;
-- add a new numbered file instead. Times are RFC 3339 text with the
-- offset the user gave; lists are JSON arrays.
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    headline TEXT,
    priorities TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    url TEXT,
    job_description TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL
);
CREATE TABLE research (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT
);
CREATE INDEX research_opportunity ON research(opportunity_id);
CREATE TABLE interviewers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT,
    email TEXT
);
CREATE UNIQUE INDEX interviewers_name ON interviewers(opportunity_id, lower(name));
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    duration_minutes INTEGER,
    place TEXT,
    UNIQUE (opportunity_id, number)
);
CREATE TABLE round_interviewers (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    interviewer_id INTEGER NOT NULL REFERENCES interviewers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, interviewer_id)
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    situation TEXT NOT NULL DEFAULT '',
    task TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX stories_title ON stories(lower(title));
CREATE TABLE opportunity_stories (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (opportunity_id, story_id)
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    interviewer_id INTEGER REFERENCES interviewers(id) ON DELETE SET NULL,
    story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
    text TEXT NOT NULL
);
CREATE INDEX notes_round ON notes(round_id);
CREATE TABLE questions_to_ask (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    text TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE thank_you_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    round_number INTEGER NOT NULL,
    interviewer_id INTEGER NOT NULL REFERENCES interviewers(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    deadline TEXT,
    sent_at TEXT,
    UNIQUE (opportunity_id, round_number, interviewer_id)
);
