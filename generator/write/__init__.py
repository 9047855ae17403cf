"""Document → bytes: plain text, Markdown and .docx (the only module that knows OOXML)."""
