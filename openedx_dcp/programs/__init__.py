"""Programs, tracks, organizations, community roles, cycles and the program's versioned rules."""
