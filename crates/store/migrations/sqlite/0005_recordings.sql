-- round2 schema 5: the recording of a spoken answer, kept only when the
-- user asks (a 16 kHz mono WAV, as it was heard), gone with its attempt.
CREATE TABLE recordings (
    attempt_id INTEGER PRIMARY KEY REFERENCES practice_attempts(id) ON DELETE CASCADE,
    audio BLOB NOT NULL
);
