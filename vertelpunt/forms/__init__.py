"""Story forms as files: parse, validate, import as immutable versions, export."""
