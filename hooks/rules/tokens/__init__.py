"""Rules on the Token Usage table and its cost arithmetic (RL301-RL308)."""
