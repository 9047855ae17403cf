"""gaozi (稿子): drafts and typesets the speeches and reports written after an inspection, audit or supervision visit."""

__version__ = "0.1.0"
