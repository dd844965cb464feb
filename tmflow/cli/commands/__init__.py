"""One module per command; loaded lazily by tmflow.cli.main."""
