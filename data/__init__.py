"""The shipped study dataset (TriG files)."""
