"""Text formats: OpenFst AT&T, GTN's text format, Graphviz DOT."""

from .att import read_att, write_att
from .gtn_text import read_gtn_text, write_gtn_text
from .dot import write_dot

__all__ = ["read_att", "write_att", "read_gtn_text", "write_gtn_text", "write_dot"]
