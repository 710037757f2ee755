-- round2 schema 2: practice attempts, review schedules, user questions.
CREATE TABLE practice_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER REFERENCES opportunities(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    seconds INTEGER NOT NULL,
    feedback TEXT NOT NULL,
    rating TEXT,
    at TEXT NOT NULL
);
CREATE INDEX practice_attempts_opportunity ON practice_attempts(opportunity_id);
CREATE TABLE review_cards (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    question TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, question_id)
);
CREATE TABLE user_questions (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    kind TEXT NOT NULL,
    competencies TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    really_asking TEXT NOT NULL DEFAULT ''
);
