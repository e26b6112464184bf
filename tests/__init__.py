"""
The test suite: specifications of what readers, reporters and editors notice, with small factories
(factories.py). May import anything.
"""
