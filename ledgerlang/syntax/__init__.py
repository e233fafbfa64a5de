"""Text to syntax tree (parse) and syntax tree to model (build)."""
