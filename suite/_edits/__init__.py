"""Structure edits: lint of one structure and the compatibility diff of two."""
