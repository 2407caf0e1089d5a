"""Contribution and engagement signals: the program's evidence (R21)."""
