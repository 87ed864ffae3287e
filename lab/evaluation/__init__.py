"""The intent evaluation: score a parser or the intent agent on an eval file (eval README)."""
