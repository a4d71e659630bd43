"""The test tree stays collectable: pytest (rootdir imports) needs unique test file names."""

import collections
import os

ROOT = os.path.dirname(os.path.abspath(__file__))


def test_test_file_names_are_unique():
    names = collections.Counter(
        name for _, _, files in os.walk(ROOT) for name in files
        if name.startswith("test_") and name.endswith(".py"))
    assert [name for name, count in names.items() if count > 1] == []
