"""
Calendar arithmetic every package shares (terms, waiting periods, contribution windows). Part of the shared base:
it imports nothing of the plugin.
"""

import datetime

__all__ = ["add_years"]


def add_years(day, years):
    """``day`` moved by a whole or fractional number of years (29 February becomes 28 February)."""
    whole = int(years)
    try:
        moved = day.replace(year=day.year + whole)
    except ValueError:
        moved = day.replace(year=day.year + whole, day=28)
    return moved + datetime.timedelta(days=round((years - whole) * 365))
