#!/usr/bin/env bash
# The system tools the full test suite uses beyond Node.js, from Debian's (or Ubuntu's) own packages, as
# root. Without them `npm test` still passes, skipping the tests that need them and printing why.
#   chromium, fonts-dejavu-core        the browser tests (report, charts in HTML, the explorer)
#   slurmd slurmctld slurm-client munge a sweep on a real single-node SLURM (the test starts the daemons)
#   jupyter-* python3-nbclient …       the notebooks (npm run notebooks:setup && npm run notebooks:test)
#   python3-networkx python3-igraph    exported networks read by networkx and igraph
#   python3-pandas, r-base-core r-cran-readr  exported tables read by pandas and R's readr
#   poppler-utils                      the report printed to PDF is read back with pdftotext
# Usage: sudo bash scripts/install-test-tools.sh   (CI runs it; takes 1–3 minutes)
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then echo "install-test-tools: run as root (sudo bash $0)" >&2; exit 1; fi
if ! command -v apt-get >/dev/null; then echo "install-test-tools: needs apt-get (Debian or Ubuntu); install the packages listed in $0 with your system's package manager" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  chromium fonts-dejavu-core \
  slurmd slurmctld slurm-client munge \
  jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel \
  python3-networkx python3-igraph python3-pandas \
  r-base-core r-cran-readr \
  poppler-utils
