"""Rules on run directories (RL410-RL413, run-directory-layout.md)."""
