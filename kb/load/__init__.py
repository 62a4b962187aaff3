"""Load: read entry files and the bibliography into plain values, with the position of each."""
