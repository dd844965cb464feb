"""tmflow: a translation-management workflow for articles kept in a git repository."""

__version__ = "0.1.0"
