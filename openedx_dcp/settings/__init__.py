"""Plugin settings modules, applied by the Open edX plugin framework."""
