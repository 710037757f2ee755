#!/usr/bin/env python3
"""Import a deck round2 wrote into a new, empty Anki collection with Anki's
own library (PyPI `anki`, the backend the Anki app runs) and print, as JSON,
what Anki then holds: each note's fields, tags, deck and card count.

    anki-read.py DECK.apkg|DECK.txt [DECK ...]

Files are imported in order into the same collection, so a second export of
the same records shows whether Anki updates notes or adds copies. Used by
round2's tests (crates/cli/tests/it/exports.rs); scripts/test installs
`anki` into a virtualenv of its own."""

import json
import os
import sys
import tempfile

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportCsvRequest


def import_file(col, path):
    if path.endswith(".apkg"):
        request = ImportAnkiPackageRequest(
            package_path=path,
            options=ImportAnkiPackageOptions(with_scheduling=False),
        )
        log = col.import_anki_package(request).log
    else:
        metadata = col.get_csv_metadata(path, None)
        log = col.import_csv(ImportCsvRequest(path=path, metadata=metadata)).log
    return {
        "new": len(log.new),
        "updated": len(log.updated),
        "duplicate": len(log.duplicate),
        "conflicting": len(log.conflicting),
        "missing_notetype": len(log.missing_notetype),
        "empty_first_field": len(log.empty_first_field),
    }


def main(paths):
    with tempfile.TemporaryDirectory() as folder:
        col = Collection(os.path.join(folder, "collection.anki2"))
        logs = [import_file(col, p) for p in paths]
        notes = []
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            cards = note.cards()
            notes.append(
                {
                    "guid": note.guid,
                    "notetype": note.note_type()["name"],
                    "fields": list(note.fields),
                    "tags": list(note.tags),
                    "decks": sorted({col.decks.name(c.did) for c in cards}),
                    "cards": len(cards),
                    "question": cards[0].question() if cards else "",
                }
            )
        col.close()
    print(json.dumps({"imports": logs, "notes": notes}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
