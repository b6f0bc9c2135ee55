#!/usr/bin/env bash
# deploy/screenshots.sh - refresh the back office's screenshots in docs/screenshots/ (PNG).
#
# Runs the test that renders the main pages with some data in Debian's Chromium
# (tests/Lottopar.Silo.Tests/BackOffice/OfficeScreenshotTests.cs) against a throwaway PostgreSQL,
# through deploy/test.sh, with LOTTOPAR_SCREENSHOTS_DIR pointing at docs/screenshots.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export LOTTOPAR_SCREENSHOTS_DIR="${ROOT}/docs/screenshots"
export LOTTOPAR_TEST_FILTER="FullyQualifiedName~OfficeScreenshotTests"
"${ROOT}/deploy/test.sh"
ls -l "${LOTTOPAR_SCREENSHOTS_DIR}"
