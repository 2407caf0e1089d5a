"""
The computed part of openedx-dcp's package metadata: its dependencies (the rest is in pyproject.toml).
"""

import re

from setuptools import setup


def load_requirements(*requirements_paths):
    """
    Load the install requirements from ``.in`` files: the names without pins, with the constraints' ranges.
    """
    constraints = {}
    with open("requirements/constraints.txt", encoding="utf8") as constraints_file:
        for line in constraints_file:
            line = line.split("#", 1)[0].strip()
            if line:
                name = re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]
                constraints[name.lower()] = line
    requirements = []
    for path in requirements_paths:
        with open(path, encoding="utf8") as reqs:
            for line in reqs:
                line = line.split("#", 1)[0].strip()
                if not line or line.startswith("-"):
                    continue
                name = re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]
                requirements.append(constraints.get(name.lower(), line))
    return requirements


# Everything else is in pyproject.toml ([project]); only the dependencies are computed here, so that they stay the
# names of requirements/base.in with the ranges of requirements/constraints.txt (one list to maintain).
setup(install_requires=load_requirements("requirements/base.in"))
