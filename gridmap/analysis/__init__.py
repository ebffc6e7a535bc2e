"""Analysis of GridMap projects: plain functions over data, no Qt."""
