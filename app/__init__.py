"""Backprop Lab: a NumPy network served over HTTP so every gradient can be seen and checked."""
