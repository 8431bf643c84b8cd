"""PDF output with reportlab and pikepdf.

Streams are written as binary (Flate-compressed, no ASCII85 armour): reportlab's pure-Python
ASCII85 encoder is a quarter of a poster's build time and makes files larger, and every PDF
reader handles binary streams.
"""

from reportlab import rl_config

rl_config.useA85 = 0
