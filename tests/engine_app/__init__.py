"""
A throwaway app for the engine's tests: a model of its own, installed only in the test settings (its table is
created by the test run, no migration), to show a new workflow needs nothing from the engine but a table.
"""
