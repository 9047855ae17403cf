"""gaozi serve: the local web page and its HTTP API (calls generator.api only)."""
