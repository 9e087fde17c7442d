"""Views of the graph: the interactive network page (:mod:`kazkg.render.network`, vis-network
through pyvis, fully offline) and the succession timeline (:mod:`kazkg.render.timeline`,
matplotlib)."""
