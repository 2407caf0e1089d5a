"""The program dashboard: each key result with its target, current value and status (R18)."""
