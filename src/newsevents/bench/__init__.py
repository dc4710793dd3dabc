"""Benchmarks behind `newsevents bench`: data-set readers, scorers and timings."""
