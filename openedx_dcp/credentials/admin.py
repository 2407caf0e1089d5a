"""
Admin of this package.
"""
