"""Memberships of Distinguished Contributors (R14–R17)."""
