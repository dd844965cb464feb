"""Step 4: machine-translation drafts (masking, batching, retries, provenance)."""
