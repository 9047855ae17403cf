"""gaozi import: an old speech (pasted web text, .docx, PDF copy) → an outline that renders back to it."""
