"""Answer-quality evaluation: question sets (dev for tuning, test for reporting), scoring, baseline."""
