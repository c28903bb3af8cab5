"""One module per feature, each with ``setup(bot)``. Modules starting with ``_`` are helpers."""
