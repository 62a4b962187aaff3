"""Check: turn every problem in what was loaded into a located `Diagnostic`, never an exception."""
