"""Tests of the institutions package: mechanisms, status over time, crisis cases."""
