"""Rules on a log's consistency with itself (RL110-RL115)."""
