"""Bounded reading of outside bytes, neutralised writing, pointers and input errors."""
