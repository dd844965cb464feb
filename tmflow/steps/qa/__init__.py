"""Step 6, for CI: the quality and completeness gate (``check``), its checks and report formats."""
