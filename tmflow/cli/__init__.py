"""Command-line interface: one Click group with thin commands."""
