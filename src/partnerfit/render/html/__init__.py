"""Shared pieces of the HTML reports: the page template, the charts and the error when the
``html`` extra is missing.

Each command's ``render/<command>/html.py`` turns its result into the same plain data as its
JSON format, builds Vega-Lite charts from those numbers (``charts.py``) and fills a jinja2
template (``page.py``, autoescaped). jinja2 and vl-convert are imported only when a report is
drawn, so that no other command pays for them.
"""
