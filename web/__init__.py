"""koopgraph web explorer (Flask)."""
