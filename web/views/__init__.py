"""One blueprint per page family of the explorer."""
