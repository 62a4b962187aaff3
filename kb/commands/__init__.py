"""The `kb` command line and the contributor commands it runs."""
