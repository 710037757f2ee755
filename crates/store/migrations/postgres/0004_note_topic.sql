-- round2 schema 4: a note may carry the topic as the user names it in a
-- thank-you note ("our conversation about ___"); empty means none.
ALTER TABLE notes ADD COLUMN topic TEXT;
