"""The Textual app: screens and widgets. Only this package knows about the terminal."""
