"""A small Django project that hosts the plugin locally, loading it through the Open edX plugin framework."""
