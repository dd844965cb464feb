"""tmflow: a translation-management workflow for articles kept in a git repository."""

# The one source of the version: pyproject.toml reads it from here ([tool.setuptools.dynamic]),
# so the package metadata agrees. (Asking importlib.metadata at run time would cost ~30 ms on
# every start of the command.)
__version__ = "0.1.0"
