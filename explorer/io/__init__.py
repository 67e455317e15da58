"""Files in and out: scenario files, presets, exports. No Qt."""
