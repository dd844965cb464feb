"""I/O layer: the only modules that touch files, polib, YAML and translation services."""
