"""The realistic trust-document corpus: its generator, questions and scoring."""
