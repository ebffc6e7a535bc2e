"""Exports that use the renderer: the facility briefing PDF, patrol atlases, images."""
