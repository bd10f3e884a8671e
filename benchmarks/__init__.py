"""Benchmarks run by ``make bench``; each prints the SDK figure, the baseline and their ratio."""
