"""Workflow steps: each takes data, returns a result object, never prints."""
