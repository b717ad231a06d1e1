"""The rules, grouped by code range; the rule set is :mod:`hooks.rules.ruleset`."""
