"""
Feedback rounds (R20, KR 3.2, KR 1.3) and the program changes they motivate (KR 3.3, R24).
"""
