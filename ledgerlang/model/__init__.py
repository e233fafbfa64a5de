"""The immutable model of a book: frozen records (model/record.py) that keep their spans.

The model imports nothing from the pipeline's stages; every stage imports it.
"""
