"""Tests of the engagement half (issue 14): stories, citations and the program report."""
