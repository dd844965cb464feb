"""Step 1 of the workflow: sentence segmentation of source articles (plain text, Markdown)."""
