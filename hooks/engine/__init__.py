"""The check engine: discovery, running the rules, cache, suppressions, baseline, closure."""
