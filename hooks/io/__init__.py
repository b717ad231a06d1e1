"""Plumbing: reading log text, atomic writes, YAML loading, shipped data, git."""
