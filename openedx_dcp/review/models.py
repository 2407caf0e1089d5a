"""
Models of this package (filled in by its issue).
"""

__all__ = []
