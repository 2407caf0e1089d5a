"""
Contributors who cite the program as what motivated them (KR 5.2): said on the program's pages, in a feedback
round, recorded by staff, or imported as a contribution signal of the kind ``program_citation``.
"""
