"""
Receivers of the plugin's own Django signals for this package, connected at app ready.
"""
