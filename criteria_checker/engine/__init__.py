"""The rule engine: rule loading, the check registry, the coverage graph and the
rules-of-combination analysis."""
