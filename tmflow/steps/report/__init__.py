"""Step 6, for coordinators: progress per article and language (``status``) and its formats."""
