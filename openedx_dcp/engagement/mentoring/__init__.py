"""
Mentoring and validation (R17, KR 5.1): members who opted in to mentoring are paired with candidates or new
contributors (requested, accepted or declined, ended), and members who opted in to validating are asked to
validate a nomination's evidence; the validation (a verdict and a note) is recorded on the nomination and shown
to the panel. Both are workflows of the one engine (``openedx_dcp.engine``).
"""
