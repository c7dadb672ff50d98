"""Offline collection: XLSForm export of a version and reading of KoboToolbox/ODK exports.

``naming`` — the deterministic XLSForm names of a version (export and import share them);
``export`` — the workbook, validated with pyxform; ``reading`` — CSV/XLSX export files;
``mapping`` — columns to questions and rows to answers; ``storage`` — the upload kept between
preview and import; ``selectors`` — the pages' reads. Writes are in ``services/imports.py``.
"""
