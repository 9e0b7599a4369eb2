#!/usr/bin/env bash
# The demo story, through the public APIs of the running services (./run calls it; run it again any time).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR=${COMPASS_RUN_DIR:-$(pwd)/.run}
if [ ! -f "$RUN_DIR/demo.classpath" ] || [ demo/pom.xml -nt "$RUN_DIR/demo.classpath" ]; then
  mvn -B -q -f demo/pom.xml dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$RUN_DIR/demo.classpath" >/dev/null
fi
exec java -Dlog4j2.configurationFile=log4j2-demo.properties -cp "demo/target/classes:$(cat "$RUN_DIR/demo.classpath")" dev.compass.demo.DemoStory "$RUN_DIR/keys" "${COMPASS_HOST:-127.0.0.1}"
