"""Rules on the file as bytes (RL001-RL004): encoding, binary content, emptiness, size."""
