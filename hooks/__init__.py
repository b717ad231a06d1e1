"""runlog's checking package: parse agent run logs once, check them against their kind.

The package is layered; a layer imports only the layers below it (import-linter contract in
``pyproject.toml``, checked by ``tests/test_layers.py``), lowest first:

==================  =====================================================================
``errors``          exceptions that carry exit codes; ``finding``: the finding record
``io``              reading log text, atomic writes, YAML loading, shipped data, git
``parse``           the markdown block parse; JSON with source lines
``model``           document, error registry, token usage, prices, value grammars, secrets
``kinds``           kinds as data: loading, overrides, templates, registry shapes
``config``          team configuration, validated against the rule table and the kinds
``structured``      models of the structured kinds (text logs, JSON records, run directories)
``rules``           the rules, grouped by code range, and the rule set
``engine``          discovery, running the rules, cache, suppressions, baseline, closure
``output``          output formats of a report
``commands``        one module per command; only ``cli`` imports them, by name
``cli``             the ``runlog`` command table and its error boundary
==================  =====================================================================

``site_builder`` sits above all of them and never imports a rule or a command.
"""

__version__ = "0.1.0"
