"""Rules on the error registry and the logs it links (RL201-RL212)."""
