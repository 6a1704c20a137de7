"""Pydantic models of the input files.

May import io and errors only; never scoring, decide, render or cli.
"""
