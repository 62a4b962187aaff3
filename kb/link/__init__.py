"""Link: the graph of entries and works, and what it says about each debate."""
