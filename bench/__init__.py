"""Benchmarks of runlog against the tools a team would use instead (issue 8); see bench/run.py."""
