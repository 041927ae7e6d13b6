"""The window (Qt). Only this package imports PySide6.

    from explorer.ui.app import main; main([])      # what `python -m explorer` opens

Modules: ``app`` (start-up, error hook), ``main_window`` (wiring), ``actions`` (every
command, declared once), ``editor``, ``problems``, ``inspector``, ``controls``,
``stepthrough``, ``history_chart``, ``gradcheck_dialog``; ``graph_view`` and
``plot_view`` draw the graph and the tangent plot.
"""
