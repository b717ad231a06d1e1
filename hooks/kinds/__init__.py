"""Kinds: what a log of each kind must look like, as data; loading, overrides, templates."""
