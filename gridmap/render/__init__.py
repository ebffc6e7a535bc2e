"""One painter per layer kind, drawing on any QPainter: screen, PNG and PDF alike.

``palette`` is Qt-free and may be imported without Qt; everything else here uses Qt.
"""
