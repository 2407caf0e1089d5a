"""Panel review and selection: panels, conflicts of interest, reviews, decisions, approval (R9–R13)."""
