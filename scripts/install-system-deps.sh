#!/usr/bin/env bash
# Installs the Debian packages the tests and tools need: Chromium for end-to-end tests, GDAL and
# osmium to read exports back, tilemaker to build the basemap, PostgreSQL 15 with PostGIS and Redis
# for the server's shared stores (the tests start their own instances). Skips what is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v ogrinfo >/dev/null || need+=(gdal-bin)
command -v osmium >/dev/null || need+=(osmium-tool)
command -v tilemaker >/dev/null || need+=(tilemaker)
command -v unzip >/dev/null || need+=(unzip)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
command -v redis-server >/dev/null || need+=(redis-server)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
