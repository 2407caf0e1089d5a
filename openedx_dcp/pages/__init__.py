"""
Pages for the program's people (nominators, nominees, endorsers, panelists, steward representatives), served
under ``/dcp/`` in the LMS: server-rendered Django templates over the domain ``api.py`` functions.
"""
