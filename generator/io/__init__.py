"""Bytes in and out: decoding, YAML with line numbers, data files (CSV, xlsx, YAML rows), .docx reading, atomic writes."""
