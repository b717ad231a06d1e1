"""Parsers below the model: the markdown block parse and JSON with source lines."""
