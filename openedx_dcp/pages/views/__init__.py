"""
The page views, one module per area (program, nominations, endorsements, cohort approval, ...).
"""
