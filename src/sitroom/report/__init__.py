"""Situation reports (Markdown, HTML) and exports (JSONL, CSV)."""
