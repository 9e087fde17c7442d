"""Views of the graph: the interactive network page (:mod:`kazkg.views.network_page`, vis-network
through pyvis, fully offline) and the succession timeline (:mod:`kazkg.views.timeline`,
matplotlib)."""
