"""Team configuration: ``[tool.runlog]`` or ``.runlog.yaml``, validated on load."""
