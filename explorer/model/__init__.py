"""The application model: everything a user can see or save, with no Qt in it.

The window renders this package's state and changes it only through its methods
and commands; tests drive it without a window. Imports flow one way:
engine <- lang <- viz <- model <- ui.
"""
