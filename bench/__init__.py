"""Benchmarks of the wizard, run by hand: `python bench/run.py [NAME ...]`.

Each module measures one promise of the project as a ratio against a baseline run in the same
process or the same minute, so a busy or slow machine shifts both sides alike. Figures and the
machine they came from are recorded in docs/BENCHMARKS.md.
"""
