"""Rules on design-experiment logs (RL401-RL405, design-experiment-logging.md)."""
