"""GridMap (网格地图): a desktop GIS for grid-based community governance."""

__version__ = "0.1.0"
