"""
Package metadata for openedx-dcp.
"""

import os
import re

from setuptools import find_packages, setup


def get_version(*file_paths):
    """Read the version from the package's __init__.py."""
    filename = os.path.join(os.path.dirname(__file__), *file_paths)
    with open(filename, encoding="utf8") as version_file:
        match = re.search(r"^__version__ = ['\"]([^'\"]*)['\"]", version_file.read(), re.M)
    if not match:
        raise RuntimeError("Unable to find version string.")
    return match.group(1)


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


README = open(os.path.join(os.path.dirname(__file__), "README.md"), encoding="utf8").read()

setup(
    name="openedx-dcp",
    version=get_version("openedx_dcp", "__init__.py"),
    description="A Distinguished Contributor Program for Open edX: nominations, review, memberships, badges.",
    long_description=README,
    long_description_content_type="text/markdown",
    author="openedx-dcp contributors",
    license="AGPL 3.0",
    packages=find_packages(include=["openedx_dcp", "openedx_dcp.*"]),
    include_package_data=True,
    python_requires=">=3.11",
    install_requires=load_requirements("requirements/base.in"),
    zip_safe=False,
    entry_points={
        "lms.djangoapp": [
            "openedx_dcp = openedx_dcp.apps:OpenedxDcpConfig",
            # The people's pages under /dcp/ (LMS only): their own plugin app, hence their own URL config.
            "openedx_dcp_pages = openedx_dcp.pages.apps:DcpPagesConfig",
        ],
        "cms.djangoapp": ["openedx_dcp = openedx_dcp.apps:OpenedxDcpConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
