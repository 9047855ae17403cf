"""What gaozi knows about: outlines, kinds and their field types, fragments, the ledger, style profiles, the document tree."""
