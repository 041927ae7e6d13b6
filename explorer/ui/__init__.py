"""The window (Qt). Only this package imports PySide6.

    from explorer.ui.app import main; main([])      # what `python -m explorer` opens

Putting it together: ``app`` (start-up, error hook) calls ``compose.build_window``,
the one place the model, the views and the controllers are made and wired;
``action_table`` declares every command once (menus, toolbar, panel buttons,
shortcuts) and ``actions`` turns it into QActions and menus.

The window: ``main_window`` (session events -> widgets), ``panel_layout`` (where
the docks go), ``window_parts`` (banner, leaf popup), ``status_line``, ``editor``,
``problems``, ``inspector``, ``controls``, ``stepthrough``, ``history_chart``,
``undo`` (the QUndoStack over the model's commands). Graph: ``graph_view`` and its
``graph_*`` helpers. Plot: ``plot_loader`` (built after the first paint),
``plot_view``, ``plot_canvas``. Controllers: ``documents`` (New/Open/Save, autosave,
recovery), ``export`` and ``export_dialogs``. Training lab: ``training_dock`` and
its ``training_*`` parts. Help and looks: ``guide``, ``help_dialogs``,
``presentation``, ``theme``, ``accents``, ``gradcheck_dialog``.
"""
