"""The embedded demo project: a fictional Hongqi Subdistrict (红旗街道) at its real place in Harbin."""
from .build import SEED, build_demo, write_demo

__all__ = ["SEED", "build_demo", "write_demo"]
