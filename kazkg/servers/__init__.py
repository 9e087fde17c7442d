"""SPARQL servers outside this process: start a local one on loopback (:mod:`oxigraph`) and
upload the graph to any server's Graph Store (:mod:`push`)."""
