"""
Accomplishment-first intake (R25): a survey window per cycle collects the community's most important
accomplishments per track; staff or the panel merge duplicates, link each accomplishment to the people or
organizations behind it, and turn a link into a peer nomination draft (with the accomplishment as evidence)
through the nominations domain, which then follows the usual rules from consent onwards.
"""
