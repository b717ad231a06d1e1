"""The ``junit`` format: JUnit XML, for CI systems that show test reports.

One ``<testsuite name="runlog">`` with one ``<testcase>`` per checked file (``classname``
is the file's folder, ``name`` its path, ``file`` its path) and one ``<failure>`` per
finding on it (``type`` the rule code, ``message`` the finding's one line). A file without
findings is a passing test. Built with :mod:`xml.etree.ElementTree`, so text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePosixPath

from hooks.engine.runner import Report
from hooks.finding import Finding


def render(report: Report) -> str:
    """The JUnit XML document (UTF-8, with declaration)."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_path[finding.path].append(finding)
    paths = sorted(set(report.files) | set(by_path))
    failed = sum(1 for p in paths if by_path.get(p))
    suites = ET.Element("testsuites", name="runlog", tests=str(len(paths)), failures=str(failed), errors="0")
    suite = ET.SubElement(suites, "testsuite", name="runlog", tests=str(len(paths)), failures=str(failed), errors="0", skipped="0")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname=str(PurePosixPath(path).parent).replace("/", "."), name=path, file=path)
        for f in by_path.get(path, []):
            failure = ET.SubElement(case, "failure", type=f.code, message=f"{f.code} {f.message} ({f.name})")
            failure.text = f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {f.message} ({f.name})"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
