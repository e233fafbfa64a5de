"""Values with intervals: a dependency graph over (item, period), computed once."""
