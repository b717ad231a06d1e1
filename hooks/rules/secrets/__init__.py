"""Rules on secrets written into logs (RL501)."""
