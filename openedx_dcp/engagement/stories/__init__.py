"""
Stories and spotlights (R19, KR 2.1): staff write a story about a member or a member organization, the member
consents to its publication, staff publish it; published stories are listed on the program's public pages, on
the member's page and in an Atom feed.
"""
