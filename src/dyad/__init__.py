"""dyad: sourced event data from news and analysis articles.

Articles in, a sourced model of international relations out: actors with their roles over
time, CAMEO-coded events with the sentence that reports them, fused across articles, with the
places where sources disagree.
"""
__version__ = "0.1.0"
