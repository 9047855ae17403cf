"""Outline → Document: the sandboxed Jinja environment, the template contract (views), compose, block syntax."""
