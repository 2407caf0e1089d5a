"""
The program's engagement half (seed 001): stories and spotlights (R19), feedback rounds (R20) and the program
changes they motivate, accomplishment-first intake (R25), mentoring and validation (R17), and contributors who
cite the program (KR 5.2). It sits above review and below the dashboard: the dashboard counts what it records.
Each part is its own package (``stories``, ``feedback``, ``intake``, ``mentoring``, ``citations``).
"""
