"""Nominations, endorsements, eligibility and the nomination workflow."""
