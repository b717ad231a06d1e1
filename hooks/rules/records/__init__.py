"""Rules on JSON and JSON-lines step records (RL420-RL425, episode-log-steps.md)."""
