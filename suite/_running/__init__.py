"""Planning a certification, running validators, judging their answers, fault analysis,
and validating documents."""
