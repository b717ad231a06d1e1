"""Rules on a markdown log's structure against its kind (RL101-RL107)."""
