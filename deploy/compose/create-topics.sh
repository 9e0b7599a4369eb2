#!/usr/bin/env bash
# GENERATED from the contracts module (dev.compass.contracts.deploy.DeployArtifacts): do not edit.
# Regenerate: mvn -B -f contracts/pom.xml test -Dtest=GeneratedArtifactsTest -Dcompass.regenerate=true
# Usage: create-topics.sh BOOTSTRAP   Environment: KAFKA_TOPICS (the kafka-topics.sh to run, default
# /opt/kafka/bin/kafka-topics.sh), REPLICATION_FACTOR (default 1; with 3 or more, min.insync.replicas is
# set to 2), KAFKA_CLIENT_CONFIG (a client properties file for a secured cluster: --command-config).
# Create the topics before the services first start: a broker that creates topics on first use would
# give them its default partitions and retention, and --if-not-exists would then keep those.
set -euo pipefail
BOOTSTRAP=$1
KAFKA_TOPICS=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}
REPLICATION_FACTOR=${REPLICATION_FACTOR:-1}
EXTRA=()
[ -n "${KAFKA_CLIENT_CONFIG:-}" ] && EXTRA+=(--command-config "$KAFKA_CLIENT_CONFIG")
[ "$REPLICATION_FACTOR" -ge 3 ] && EXTRA+=(--config min.insync.replicas=2)
create() { "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor "$REPLICATION_FACTOR" --config cleanup.policy="$3" --config retention.ms="$4" --config max.message.bytes="$5" "${EXTRA[@]}"; }
create ingestion.documents.v1 12 delete -1 1048588
create ingestion.chunks.v1 24 delete 2592000000 1048588
create ingestion.datasets.v1 3 delete -1 1048588
create ingestion.crawl-work.v1 48 delete 604800000 1048588
create insight.insights.v1 6 delete -1 1048588
create insight.mix-models.v1 3 delete -1 1048588
create insight.questions.v1 6 delete -1 1048588
create insight.answers.v1 6 delete -1 1048588
create agent.dialogue.v1 12 delete -1 1048588
create budget.proposals.v1 6 delete -1 1048588
create governance.decisions.v1 6 delete -1 1048588
create budget.ledger.v1 6 delete -1 1048588
create governance.agents.v1 3 compact -1 1048588
create governance.use-cases.v1 3 delete -1 1048588
create governance.violations.v1 3 delete -1 1048588
create governance.usage.v1 6 delete 34560000000 1048588
create ingestion.documents.v1.dlq.insight-service 1 delete 2592000000 2097152
create ingestion.chunks.v1.dlq.insight-service 1 delete 2592000000 2097152
create ingestion.datasets.v1.dlq.insight-service 1 delete 2592000000 2097152
create ingestion.crawl-work.v1.dlq.ingestion-service 1 delete 2592000000 2097152
create insight.mix-models.v1.dlq.agent-service 1 delete 2592000000 2097152
create insight.questions.v1.dlq.insight-service 1 delete 2592000000 2097152
create insight.answers.v1.dlq.agent-service 1 delete 2592000000 2097152
create agent.dialogue.v1.dlq.agent-service 1 delete 2592000000 2097152
create agent.dialogue.v1.dlq.governance-service 1 delete 2592000000 2097152
create budget.proposals.v1.dlq.governance-service 1 delete 2592000000 2097152
create governance.decisions.v1.dlq.agent-service 1 delete 2592000000 2097152
create budget.ledger.v1.dlq.governance-service 1 delete 2592000000 2097152
create governance.agents.v1.dlq.agent-service 1 delete 2592000000 2097152
create governance.usage.v1.dlq.governance-service 1 delete 2592000000 2097152
create governance.audit-trail.dlq.governance-service 1 delete 2592000000 2097152
