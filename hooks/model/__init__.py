"""The models rules read: the document, the error registry, token usage, prices, value grammars."""
