-- round2 schema 3: sentence vectors, cached by model and text hash, so a
-- ledger over texts already seen runs no model. A vector is the hex of its
-- little-endian f32s (one text column on both backends).
CREATE TABLE embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector TEXT NOT NULL,
    PRIMARY KEY (model, text_hash)
);
