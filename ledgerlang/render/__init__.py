"""Rendering: evaluated books and diagnostics to text, Markdown, CSV and JSON.

Rendering never computes a figure; it formats what `evaluate` and `check` gave.
"""
