"""Core layer: errors, the data model and language facts. Standard library only."""
