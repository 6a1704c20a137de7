"""Decisions over scored sets: criterion weights from judgements (AHP) and from outcomes.

May import scoring, batch, model, io and errors; never cli, render, typer or rich.
"""
